// Recommendation blocks on the demo shop and on the second storefront (from its config
// alone): the order and the reasons for a scripted browsing history, nothing out of stock,
// on the page or in the basket, the events and counts, keyboard use and axe.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, visit, addToBasket, axeViolations, closeChecked, consoleErrors } from './harness.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** The cards of block `id` as the visitor sees them: product, name, reason, link. */
function cards(page, id) {
  return page.evaluate((id) => {
    const host = document.querySelector(`[data-shop-assistant-recommend="${id}"] [data-shop-assistant], [data-shop-assistant-recommend="${id}"] + [data-shop-assistant]`)
      || [...document.querySelectorAll('[data-shop-assistant]')].find((h) => h.shadowRoot?.querySelector(`[data-block="${id}"]`));
    const root = host?.shadowRoot;
    const section = root?.querySelector('.shelf');
    if (!section || section.hidden) return [];
    return [...root.querySelectorAll('.card-link')].map((a) => ({
      id: a.dataset.product,
      name: a.querySelector('.card-name').textContent,
      reason: a.querySelector('.card-reason')?.textContent ?? null,
      href: a.getAttribute('href'),
      strategy: a.dataset.strategy,
    }));
  }, id);
}

const ids = (list) => list.map((c) => c.id);

test('product pages: similar to this product and recently viewed, newest first, with their reasons', async () => {
  const s = await openPage(env, { viewport: { width: 1280, height: 900 } });
  const { page } = s;
  await page.addInitScript(() => {
    window.__shown = [];
    document.addEventListener('shop-assistant:recommendation-shown', (e) => window.__shown.push(e.detail));
  });
  for (const p of ['kenya-nyeri-aa', 'hand-grinder', 'panama-geisha']) await visit(env, page, '/products/' + p);
  await visit(env, page, '/products/ethiopia-yirgacheffe');
  await page.waitForFunction(() => window.__shown.length >= 2);
  const similar = await cards(page, 'similar');
  // Light, fruity filter coffees share the most with Ethiopia Yirgacheffe; the sold-out
  // Panama Geisha and the product on the page are never offered.
  // (Kenya shares category, roast, taste, filter and weight; Guatemala all its brews; Rwanda
  // the taste; Mexico two of its brews at a close price: tests/recommend.rs has the rule.)
  assert.deepEqual(ids(similar), ['kenya-nyeri-aa', 'guatemala-antigua', 'rwanda-espresso', 'mexico-decaf']);
  assert.ok(!ids(similar).includes('panama-geisha') && !ids(similar).includes('ethiopia-yirgacheffe'), JSON.stringify(similar));
  for (const c of similar) assert.equal(c.reason, 'Because you looked at Ethiopia Yirgacheffe');
  const recent = await cards(page, 'recently-viewed');
  assert.deepEqual(ids(recent), ['hand-grinder', 'kenya-nyeri-aa'], 'newest first, without the sold-out one and this page');
  assert.deepEqual(recent.map((c) => c.reason), ['You looked at this', 'You looked at this']);
  assert.equal(recent[0].href, '/products/hand-grinder');
  const shown = await page.evaluate(() => window.__shown);
  const similarShown = shown.find((d) => d.block === 'similar');
  assert.deepEqual(similarShown.products.map((p) => p.product), ids(similar));
  assert.deepEqual(similarShown.products.map((p) => p.position), similar.map((_, i) => i + 1));
  assert.ok(similarShown.products.every((p) => p.strategy === 'similar'));
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('the keyboard reaches every card; following one is counted and announced', async () => {
  const s = await openPage(env);
  const { page } = s;
  await visit(env, page, '/products/kenya-nyeri-aa');
  await visit(env, page, '/products/ethiopia-yirgacheffe');
  const first = (await cards(page, 'similar'))[0];
  await page.evaluate(() => {
    document.addEventListener('shop-assistant:recommendation-clicked', (e) => {
      sessionStorage.setItem('clicked', JSON.stringify(e.detail));
    });
  });
  // Tab from the add-to-basket button into the block: its first card's link has focus.
  await page.getByRole('button', { name: 'Add to basket' }).focus();
  let focused = null;
  for (let i = 0; i < 4 && focused !== first.id; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => {
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.dataset?.product ?? null;
    });
  }
  assert.equal(focused, first.id, 'the first card is reached by Tab');
  await Promise.all([page.waitForURL('**' + first.href), page.keyboard.press('Enter')]);
  const clicked = await page.evaluate(() => JSON.parse(sessionStorage.getItem('clicked')));
  assert.deepEqual(clicked, { block: 'similar', product: first.id, strategy: 'similar', position: 1 });
  const stats = await page.evaluate(() => ShopAssistant.stats());
  assert.equal(stats.recommendations.similar.clicked, 1);
  assert.ok(stats.recommendations.similar.shown >= 1);
  await closeChecked(s);
});

test('the home page: featured for a first visit, then picked from the visitor\'s interests', async () => {
  const s = await openPage(env);
  const { page } = s;
  await visit(env, page, '/');
  const first = await cards(page, 'for-you');
  assert.deepEqual(ids(first), ['ethiopia-yirgacheffe', 'kenya-nyeri-aa', 'rwanda-espresso', 'colombia-huila'], 'the catalogue\'s order, sold out left out');
  assert.ok(first.every((c) => c.reason === null && c.strategy === 'featured'));
  for (const p of ['sumatra-mandheling', 'house-espresso', 'guatemala-antigua']) await visit(env, page, '/products/' + p);
  await visit(env, page, '/');
  const picked = await cards(page, 'for-you');
  assert.ok(picked.every((c) => c.strategy === 'forYou' && /^You like /.test(c.reason)), JSON.stringify(picked));
  // Dark, chocolatey coffees for French press and espresso looked at: what shares most of
  // that and was not looked at yet, Colombia before Mexico (equal, the catalogue's order).
  assert.deepEqual(ids(picked).slice(0, 2), ['colombia-huila', 'mexico-decaf'], JSON.stringify(picked));
  assert.ok(!ids(picked).some((id) => ['sumatra-mandheling', 'house-espresso', 'guatemala-antigua'].includes(id)));
  await closeChecked(s);
});

test('the basket page: what goes with the basket, never what is in it', async () => {
  const s = await openPage(env);
  const { page } = s;
  await addToBasket(env, page, 'house-espresso');
  await visit(env, page, '/basket');
  await page.waitForFunction(() => document.querySelector('[data-shop-assistant-recommend="goes-with"] [data-shop-assistant]')?.shadowRoot?.querySelector('.card-link'));
  const list = await cards(page, 'goes-with');
  assert.deepEqual(ids(list), ['hand-grinder', 'electric-grinder']);
  assert.ok(list.every((c) => c.reason === 'Goes with House Espresso Blend'));
  // A grinder added: it leaves the block, and the scale that goes with it comes in.
  await addToBasket(env, page, 'hand-grinder');
  await visit(env, page, '/basket');
  await page.waitForFunction(() => document.querySelector('[data-shop-assistant-recommend="goes-with"] [data-shop-assistant]')?.shadowRoot?.querySelector('[data-product="coffee-scale"]'));
  const after = await cards(page, 'goes-with');
  assert.ok(!ids(after).includes('hand-grinder') && !ids(after).includes('house-espresso'), JSON.stringify(after));
  assert.deepEqual(after.find((c) => c.id === 'coffee-scale').reason, 'Goes with Burr Hand Grinder');
  assert.deepEqual(await axeViolations(page), []);
  await closeChecked(s);
});

test('the second storefront: a block placed by its config alone, in Japanese', async () => {
  const s = await openPage(env, { config: '/jewellery/assistant.json' });
  const { page } = s;
  await visit(env, page, '/jewellery/ja/products/moonstone-necklace.html');
  await visit(env, page, '/jewellery/ja/products/crescent-ring.html');
  await page.waitForFunction(() => document.querySelector('article.pdp + [data-shop-assistant]')?.shadowRoot?.querySelector('.card-link'));
  const block = await page.evaluate(() => {
    const root = document.querySelector('article.pdp + [data-shop-assistant]').shadowRoot;
    return {
      title: root.querySelector('.shelf-title').textContent,
      cards: [...root.querySelectorAll('.card-link')].map((a) => ({ id: a.dataset.product, name: a.querySelector('.card-name').textContent, price: a.querySelector('.card-price').textContent, reason: a.querySelector('.card-reason')?.textContent })),
    };
  });
  assert.equal(block.title, 'こちらもおすすめ');
  assert.ok(block.cards.length >= 2, JSON.stringify(block));
  assert.ok(!block.cards.some((c) => c.id === 'HJ-R02' || c.id === 'HJ-E03'), 'not this ring, not the sold-out earrings');
  for (const c of block.cards) {
    assert.match(c.reason, /を見た方へ$|^最近見た商品$/, JSON.stringify(c));
    assert.doesNotMatch(c.name + c.reason, /[A-Za-z]{3}/, `no English on the Japanese page: ${JSON.stringify(c)}`);
    assert.match(c.price, /[¥￥円]/);
  }
  assert.deepEqual(await axeViolations(page), []);
  // The config asks for GA4's list events: view_item_list for the block, in the shop's
  // dataLayer (the shop's own tag reads them; the assistant's reading leaves them alone).
  const lists = await page.evaluate(() => window.dataLayer.filter((e) => e.event === 'view_item_list').map((e) => e.ecommerce));
  assert.equal(lists.length, 1, JSON.stringify(lists));
  assert.equal(lists[0].item_list_id, 'also-like');
  assert.equal(lists[0].item_list_name, 'こちらもおすすめ');
  assert.deepEqual(lists[0].items.map((i) => [i.item_id, i.index, i.currency]), block.cards.map((c, i) => [c.id, i, 'JPY']));
  const second = block.cards[1];
  await page.evaluate(() => {
    const root = document.querySelector('article.pdp + [data-shop-assistant]').shadowRoot;
    root.querySelectorAll('.card-link')[1].addEventListener('click', (e) => e.preventDefault());
  });
  await page.locator('article.pdp + [data-shop-assistant]').locator('.card-link').nth(1).click();
  const selected = await page.evaluate(() => window.dataLayer.filter((e) => e.event === 'select_item').map((e) => e.ecommerce));
  assert.deepEqual(selected.map((e) => e.items.map((i) => [i.item_id, i.index])), [[[second.id, 1]]]);
  const p = await page.evaluate(() => ShopAssistant.profile());
  assert.deepEqual(p.recommendations, [{ block: 'also-like', shown: 2, clicked: 1 }], 'shown on both product pages, followed once');
  await closeChecked(s);
});

test('the basket left behind comes back through the shop\'s link, without what sold out, and the message says so', async () => {
  const s = await openPage(env, { config: '/jewellery/assistant.json' });
  const { page } = s;
  await visit(env, page, '/jewellery/ja/index.html');
  await page.waitForFunction(() => localStorage.getItem('shop-assistant:profile'));
  // A visit an hour ago left the Crescent ring and two of the sapphire hoops (sold out since)
  // in the bag.
  await page.evaluate(() => {
    const p = JSON.parse(localStorage.getItem('shop-assistant:profile'));
    p.lastSeen -= 3600 * 1000;
    p.basket = [{ id: 'HJ-R02', quantity: 1, price: 12800 }, { id: 'HJ-E03', quantity: 2, price: 15800 }];
    p.basketValue = 44400;
    localStorage.setItem('shop-assistant:profile', JSON.stringify(p));
  });
  await visit(env, page, '/jewellery/ja/collection.html');
  const m = page.locator('[data-shop-assistant]').locator('[data-message="bag-waiting"]');
  await m.waitFor();
  assert.equal(await m.locator('.message-body').textContent(), '3点の商品がカートに残っています。');
  assert.equal(await m.locator('.message-note').textContent(), '在庫切れになった商品：サファイアフープピアス');
  assert.deepEqual(await axeViolations(page), []);
  await page.route('**/jewellery/ja/basket.html?**', (route) => route.continue());
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/jewellery/ja/basket.html'),
    m.getByRole('button', { name: 'カートを復元' }).click(),
  ]);
  assert.equal(new URL(page.url()).search, '?restore=HJ-R02:1', 'the ring only: the hoops are sold out');
  await closeChecked(s);
});

test('a flow that starts from the last answers: a returning visitor opens it at their results', async () => {
  const { readFileSync } = await import('node:fs');
  const { serveHtml, pageWithConfig, assistant } = await import('./harness.mjs');
  const config = JSON.parse(readFileSync(new URL('../../www/assistant.json', import.meta.url), 'utf8'));
  config.flows['coffee-finder'].startFromLastAnswers = true;
  const s = await openPage(env);
  const { page } = s;
  await serveHtml(env, page, '/products/house-espresso', pageWithConfig(config));
  await page.evaluate(() => window.ShopAssistant.ready);
  await page.evaluate(() => window.ShopAssistant.open('coffee-finder'));
  const dialog = assistant(page).getByRole('dialog');
  await dialog.getByRole('button', { name: 'Filter or pour-over' }).click();
  await dialog.getByRole('button', { name: 'Bright and fruity' }).click();
  const first = await dialog.locator('.product .name').allTextContents();
  assert.ok(first.length > 0);
  await page.evaluate(() => window.ShopAssistant.close());
  await page.waitForTimeout(1200);
  // The next visit: the flow opens at the same results; Back leads to the last question.
  await page.reload();
  await page.evaluate(() => window.ShopAssistant.ready);
  await page.evaluate(() => window.ShopAssistant.open('coffee-finder'));
  await dialog.locator('.product').first().waitFor();
  assert.deepEqual(await dialog.locator('.product .name').allTextContents(), first);
  await dialog.getByRole('button', { name: 'Back' }).click();
  assert.equal(await dialog.locator('.question').textContent(), 'Which flavours do you enjoy?');
  await closeChecked(s);
});

test('a flow\'s results end with its block: none of the results, linked with the flow\'s parameters, reached by Tab, followed and counted', async () => {
  const { assistant } = await import('./harness.mjs');
  const s = await openPage(env);
  const { page } = s;
  await page.addInitScript(() => {
    window.__events = [];
    for (const name of ['recommendation-shown', 'recommendation-clicked']) {
      document.addEventListener('shop-assistant:' + name, (e) => window.__events.push([name, e.detail]));
    }
  });
  // Dark, chocolatey coffees looked at before: the block under the results picks from that.
  for (const p of ['sumatra-mandheling', 'house-espresso']) await visit(env, page, '/products/' + p);
  await visit(env, page, '/');
  await page.evaluate(() => window.ShopAssistant.ready);
  // The home page's own block was shown; what follows is the flow's.
  await page.waitForFunction(() => window.__events.length > 0);
  await page.evaluate(() => { window.__events = []; });
  await page.evaluate(() => window.ShopAssistant.open('coffee-finder'));
  const dialog = assistant(page).getByRole('dialog');
  await dialog.getByRole('button', { name: 'Filter or pour-over' }).click();
  await dialog.getByRole('button', { name: 'Bright and fruity' }).click();
  await dialog.locator('.product').first().waitFor();
  const results = await dialog.locator('.product').evaluateAll((list) => list.map((li) => li.dataset.product));
  const more = await dialog.locator('.shelf .card-link').evaluateAll((list) => list.map((a) => ({
    id: a.dataset.product, href: a.getAttribute('href'), strategy: a.dataset.strategy, reason: a.querySelector('.card-reason')?.textContent ?? null,
  })));
  assert.equal(await dialog.locator('.shelf-title').textContent(), 'Picked for you');
  assert.ok(more.length >= 2, JSON.stringify(more));
  assert.ok(!more.some((c) => results.includes(c.id)), `none of the results: ${JSON.stringify({ results, more })}`);
  assert.ok(!more.some((c) => ['sumatra-mandheling', 'house-espresso', 'panama-geisha'].includes(c.id)), 'not what was looked at (forYou), never the sold-out one');
  for (const c of more) assert.match(c.href, /[?&]sa_flow=coffee-finder(&|$)/, `the flow's link parameters: ${c.href}`);
  assert.equal(more[0].strategy, 'forYou');
  assert.match(more[0].reason, /^You like /);
  assert.deepEqual(await axeViolations(page), [], 'axe on the results with the block');
  const shown = await page.evaluate(() => window.__events.filter(([n]) => n === 'recommendation-shown').map(([, d]) => d));
  assert.deepEqual(shown.map((d) => [d.block, d.products.map((p) => p.product)]), [['for-you', more.map((c) => c.id)]]);
  // Tab from the last result's link reaches the block's first card, inside the dialog.
  await dialog.locator('.product .cta').last().focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.dataset?.product ?? null;
  });
  assert.equal(focused, more[0].id);
  await Promise.all([page.waitForURL((u) => u.pathname + u.search === more[0].href), page.keyboard.press('Enter')]);
  const stats = await page.evaluate(() => ShopAssistant.stats());
  assert.deepEqual([stats.recommendations['for-you'].clicked, stats.recommendations['for-you'].shown >= 1], [1, true]);
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('the second storefront: leaving the bag page, a message holds product cards, in Japanese, never what is in the bag', async () => {
  const s = await openPage(env, { config: '/jewellery/assistant.json' });
  const { page } = s;
  await page.addInitScript(() => {
    window.__shown = [];
    document.addEventListener('shop-assistant:recommendation-shown', (e) => window.__shown.push(e.detail));
  });
  // Silver looked at, the solitaire ring in the bag (¥48,000: free delivery already, so no bar).
  await visit(env, page, '/jewellery/ja/products/crescent-ring.html');
  await page.evaluate(() => localStorage.setItem('hoshi-cart', JSON.stringify([{ sku: 'HJ-R01', qty: 1, metal: 'gold', name: 'x', price: 48000, image: '', url: '' }])));
  await visit(env, page, '/jewellery/ja/basket.html');
  await page.waitForTimeout(2100); // exit intent needs two seconds on the page
  await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseout', { clientY: -1, bubbles: true })));
  const m = page.locator('[data-shop-assistant]').locator('[data-message="bag-exit"]');
  await m.locator('.card-link').first().waitFor();
  assert.equal(await m.locator('.message-title').textContent(), 'お帰りの前に');
  const cards = await m.locator('.card-link').evaluateAll((list) => list.map((a) => ({
    id: a.dataset.product, name: a.querySelector('.card-name').textContent, price: a.querySelector('.card-price').textContent, reason: a.querySelector('.card-reason')?.textContent ?? '',
  })));
  assert.equal(await m.locator('.shelf-title').textContent(), '一緒にいかがですか');
  assert.equal(cards.length, 3, JSON.stringify(cards));
  assert.ok(!cards.some((c) => c.id === 'HJ-R01' || c.id === 'HJ-E03'), `not the ring in the bag, not the sold-out hoops: ${JSON.stringify(cards)}`);
  for (const c of cards) {
    assert.doesNotMatch(c.name + c.reason, /[A-Za-z]{3}/, `no English on the Japanese page: ${JSON.stringify(c)}`);
    assert.match(c.price, /[¥￥円]/);
  }
  const shown = await page.evaluate(() => window.__shown);
  assert.deepEqual(shown.map((d) => [d.block, d.products.map((p) => p.product)]), [['top-up', cards.map((c) => c.id)]]);
  // The shop's GA4 tag gets the list too (the config asks for dataLayer events).
  const lists = await page.evaluate(() => window.dataLayer.filter((e) => e.event === 'view_item_list').map((e) => e.ecommerce.item_list_id));
  assert.deepEqual(lists, ['top-up']);
  assert.deepEqual(await axeViolations(page), []);
  // A modal: focus is on its button; Shift+Tab reaches its last card; the button takes the
  // visitor back to the bag.
  const focused = () => page.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a ? (a.dataset.product ?? a.textContent) : null;
  });
  assert.equal(await focused(), 'カートに戻る');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(), cards[cards.length - 1].id);
  await m.getByRole('button', { name: 'カートに戻る' }).click();
  await m.waitFor({ state: 'detached' });
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});
