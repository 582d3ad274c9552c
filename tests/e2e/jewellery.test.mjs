// A second storefront, nothing like the demo: "Hoshi Jewellery" / 星ジュエリー
// (tests/fixtures/jewellery/), bilingual (English pages under /jewellery/en/, Japanese under
// /jewellery/ja/), static pages with their own markup (schema.org microdata, their own
// classes, no data-* attributes made for the assistant), their own basket script and
// localStorage key ("hoshi-cart"), GA4 ecommerce events in window.dataLayer, prices in JPY.
// One assistant config (tests/fixtures/jewellery/assistant.json) serves both languages.
//
// Screenshots (desktop 1280x800 and phone 390x800, both languages) go to
// bench-results/screenshots/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { setup, openPage, networkViolations, consoleErrors, readyState, assistant, visit as load, closeChecked } from './harness.mjs';
import { PRODUCTS } from '../fixtures/jewellery/generate.mjs';

const FIXTURE = new URL('../fixtures/jewellery/', import.meta.url);
const CONFIG = JSON.parse(readFileSync(new URL('assistant.json', FIXTURE), 'utf8'));
const SHOTS = new URL('../../bench-results/screenshots/', import.meta.url);
const CART_KEY = 'hoshi-cart';
/** Hiragana, katakana, CJK ideographs, full-width forms. */
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/;

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const visit = (page, path) => load(env, page, path);
const at = (lang, page) => `/jewellery/${lang}/${page}`;
const product = (sku) => PRODUCTS.find((p) => p.sku === sku);
const productPath = (lang, sku) => at(lang, `products/${product(sku).slug}.html`);
// Every root of the assistant's: a top bar has its own, at the top of the page.
const widget = (page) => page.locator('[data-shop-assistant]');
const profile = (page) => page.evaluate(() => window.ShopAssistant.profile());

/** A fresh page whose Playwright waits give up after 5 s: a failing test fails fast, never hangs. */
async function open(options) {
  const s = await openPage(env, options);
  s.page.setDefaultTimeout(5000);
  return s;
}

/** Polls `read` until `done(value)` holds or `ms` pass; returns the last value read. */
async function poll(read, done, ms = 1200) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Puts lines in the shop's own bag (its localStorage key, its line format), as its cart.js
 *  would after "Add to bag": `[[sku, qty, metal?], ...]`. Leaves the page on the home page. */
async function fillBag(page, lang, lines) {
  await page.goto(env.url + at(lang, 'index.html'));
  const bag = lines.map(([sku, qty, metal]) => {
    const p = product(sku);
    return { metal: metal || p.metals[0], qty, sku, name: p[lang].name, price: p.price, image: `/jewellery/img/${p.kind}.svg`, url: productPath(lang, sku) };
  });
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [CART_KEY, JSON.stringify(bag)]);
}

/** The assistant's message on screen, if any: its id and text. */
function message(page) {
  return page.evaluate(() => {
    const m = [...document.querySelectorAll('[data-shop-assistant]')].map((h) => h.shadowRoot.querySelector('[data-message]')).find(Boolean);
    return m ? { id: m.getAttribute('data-message'), text: m.querySelector('.message-text').textContent } : null;
  });
}

/** The shop's own GA4 events so far (the assistant's own pushes left out). */
function shopEvents(page) {
  return page.evaluate(() => (window.dataLayer || []).filter((e) => e.event && !String(e.event).startsWith('shop-assistant.')));
}

/** The gift finder by clicks: launcher, then one answer per question. Returns the dialog. */
async function giftFinder(page, launcher, answers) {
  const w = widget(page);
  await w.getByRole('button', { name: launcher, exact: true }).click();
  const dialog = w.getByRole('dialog');
  for (const a of answers) await dialog.getByRole('button', { name: a, exact: true }).click();
  return dialog;
}

const PAGES = (lang) => [
  [at(lang, 'index.html'), 'home'],
  [at(lang, 'collection.html'), 'category'],
  ...PRODUCTS.map((p) => [productPath(lang, p.sku), 'product']),
  [at(lang, 'basket.html'), 'basket'],
  [at(lang, 'checkout/details.html'), 'checkout'],
  [at(lang, 'checkout/payment.html'), 'checkout'],
];

// ---------------------------------------------------------------------------------------
// The storefront, its pages, flows, tracking from its markup, the bag message, screenshots.

test('the fixture: the config has the shop\'s products, and the pages carry nothing made for the assistant', () => {
  const catalogue = CONFIG.catalogue.products;
  assert.equal(CONFIG.catalogue.currency, 'JPY');
  assert.deepEqual(catalogue.map((p) => [p.id, p.price, p.inStock !== false]), PRODUCTS.map((p) => [p.sku, p.price, p.inStock]));
  assert.ok(PRODUCTS.length >= 6 && PRODUCTS.length <= 8 && PRODUCTS.some((p) => !p.inStock));
  const tag = '<script async src="/shop-assistant/shop-assistant.js" data-config="/jewellery/assistant.json"></script>';
  for (const lang of ['en', 'ja']) {
    for (const [path] of PAGES(lang)) {
      const html = readFileSync(new URL(path.slice('/jewellery/'.length), FIXTURE), 'utf8');
      assert.ok(html.includes(`<html lang="${lang}">`), path);
      assert.ok(html.includes(tag), `${path}: the one script tag`);
      assert.deepEqual(html.replace(tag, '').match(/\sdata-[a-z-]+=/g), null, `${path}: no data-* attributes`);
    }
  }
});

test('the assistant starts on every page of both languages, reads each page type, and logs no error', async () => {
  const s = await open();
  const { page } = s;
  for (const [lang, launcher] of [['en', 'Find a gift'], ['ja', 'ギフトを探す']]) {
    for (const [path, type] of PAGES(lang)) {
      await visit(page, path);
      assert.equal((await profile(page)).page, type, path);
      if (type === 'home') assert.equal(await widget(page).getByRole('button', { name: launcher, exact: true }).count(), 1, `${lang} launcher`);
    }
  }
  const p = await profile(page);
  assert.equal(p.pagesThisSession, 2 * PAGES('en').length);
  assert.equal(p.checkoutStarted, true);
  assert.deepEqual(consoleErrors(s), []);
  assert.deepEqual(s.log.console.filter((m) => m.text.startsWith('shop-assistant:')), [], 'no warnings either');
  assert.deepEqual(s.log.errors, []);
  assert.deepEqual(networkViolations(s), []);
  await closeChecked(s);
});

test('English: the gift finder reaches the right product page in three clicks', async () => {
  const s = await open();
  const { page } = s;
  await visit(page, at('en', 'index.html'));
  const w = widget(page);
  await w.getByRole('button', { name: 'Find a gift', exact: true }).click();
  const dialog = w.getByRole('dialog', { name: 'Gift finder' });
  assert.equal(await dialog.locator('.question').textContent(), 'Who is the gift for?');
  await dialog.getByRole('button', { name: 'My partner', exact: true }).click();
  assert.equal(await dialog.locator('.question').textContent(), 'Gold or silver?');
  await dialog.getByRole('button', { name: 'Gold', exact: true }).click();
  assert.equal(await dialog.locator('.question').textContent(), 'What would you like to spend?');
  // Nothing for a partner in gold under ¥10,000 is in stock: offered, but unavailable.
  assert.equal(await dialog.getByRole('button', { name: 'Under ¥10,000', exact: true }).isDisabled(), true);
  await dialog.getByRole('button', { name: '¥20,000 and up', exact: true }).click();
  // The sold-out sapphire hoops would fit every answer; they are left out.
  assert.deepEqual(await dialog.locator('.product .name').allTextContents(), ['Hoshi Solitaire Ring', 'Sakura Pearl Ring']);
  assert.deepEqual(await dialog.locator('.product .price').allTextContents(), ['¥48,000', '¥22,000']);
  assert.match(await dialog.locator('.product.best .why').textContent(), /My partner, Gold, ¥20,000 and up$/);
  await Promise.all([
    page.waitForURL('**/jewellery/en/products/solitaire-ring.html?sa_flow=gift-finder'),
    dialog.getByRole('link', { name: /Hoshi Solitaire Ring/ }).click(),
  ]);
  assert.equal(await readyState(page), 'ready');
  assert.equal(await page.locator('article.pdp h1').textContent(), 'Hoshi Solitaire Ring');
  assert.equal((await profile(page)).recent[0], 'HJ-R01', 'the product read from the page\'s own sku');
  // The shop's own GA4 event, and (recommendations.dataLayer) GA4's view_item_list for the
  // block of similar pieces the assistant put under the product.
  assert.deepEqual((await shopEvents(page)).map((e) => [e.event, e.ecommerce.items[0].item_id]), [['view_item', 'HJ-R01'], ['view_item_list', 'HJ-N01']]);
  assert.equal(await widget(page).getByRole('dialog').count(), 0, 'following a result closes the flow');
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('Japanese: the same flow shows the question and answer texts of the config in Japanese', async () => {
  const s = await open();
  const { page } = s;
  await visit(page, at('ja', 'index.html'));
  const w = widget(page);
  await w.getByRole('button', { name: 'ギフトを探す', exact: true }).click();
  const dialog = w.getByRole('dialog', { name: 'ギフト診断' });
  const answers = () => dialog.locator('.answers button').allTextContents();
  assert.equal(await dialog.locator('.question').textContent(), 'どなたへの贈り物ですか？');
  assert.equal(await dialog.locator('.help').textContent(), 'お相手に似合うジュエリーをご提案します。');
  assert.deepEqual(await answers(), ['パートナー', '母', '友人', '自分へのご褒美']);
  await dialog.getByRole('button', { name: '母', exact: true }).click();
  assert.equal(await dialog.locator('.question').textContent(), 'ゴールドとシルバー、どちらがお好みですか？');
  assert.deepEqual(await answers(), ['ゴールド', 'シルバー']);
  assert.equal(await dialog.getByRole('button', { name: 'どちらでも', exact: true }).count(), 1, 'the skip label');
  await dialog.getByRole('button', { name: 'シルバー', exact: true }).click();
  assert.equal(await dialog.locator('.question').textContent(), 'ご予算はどのくらいですか？');
  assert.deepEqual(await answers(), ['1万円未満', '1万〜2万円', '2万円以上']);
  await dialog.getByRole('button', { name: '1万円未満', exact: true }).click();
  assert.equal(await dialog.locator('.product').count(), 1);
  assert.match(await dialog.locator('.product .why').textContent(), /母、シルバー、1万円未満$/);
  assert.equal(await dialog.locator('.product .price').textContent(), '￥9,800', 'the price as Japanese Intl writes it');
  await Promise.all([page.waitForURL('**/products/pearl-drop-earrings.html?sa_flow=gift-finder'), dialog.getByRole('link').click()]);
  assert.equal(await page.locator('meta[itemprop="sku"]').getAttribute('content'), 'HJ-E01');
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('the profile from the shop\'s own markup: two product pages, its own "Add to bag", its bag page and +/−', async () => {
  const s = await open();
  const { page } = s;
  await visit(page, productPath('en', 'HJ-R02'));
  await page.getByRole('button', { name: 'Add to bag' }).click();
  await visit(page, productPath('en', 'HJ-E01'));
  await page.getByLabel('Quantity').selectOption('2');
  await page.getByRole('button', { name: 'Add to bag' }).click();
  await page.locator('.pdp__added').getByRole('link', { name: 'View bag' }).waitFor();
  assert.equal(await page.locator('.bag-count').textContent(), '3', 'the shop\'s own script added them');
  let p = await profile(page);
  assert.deepEqual(p.recent, ['HJ-E01', 'HJ-R02']);
  // The clicks on the shop's button (its class, the sku in its value; prices from the catalogue).
  assert.deepEqual(p.basket.map(({ id, price }) => [id, price]), [['HJ-R02', 12800], ['HJ-E01', 9800]]);
  // Interest: 1 per product viewed, 3 per product added (halving weekly, so a hair under).
  assert.ok(p.affinities['category=ring'] > 3.99 && p.affinities['metal=silver'] > 7.99, JSON.stringify(p.affinities));

  // The bag page, read from its own lines: sku, "¥9,800", the count between − and +, the subtotal.
  await visit(page, at('en', 'basket.html'));
  p = await profile(page);
  assert.equal(p.page, 'basket');
  assert.deepEqual(p.basket, [{ id: 'HJ-R02', quantity: 1, price: 12800 }, { id: 'HJ-E01', quantity: 2, price: 9800 }]);
  assert.equal(p.basketValue, 32400);
  assert.equal(p.basketItems, 3);
  assert.deepEqual((await shopEvents(page)).map((e) => e.event), ['view_cart']);

  // + and − re-draw the lines without a reload; the assistant reads them again.
  await page.evaluate(() => { window.stillHere = true; });
  await page.getByRole('button', { name: 'One more Crescent Silver Ring' }).click();
  p = await poll(() => profile(page), (x) => x.basketValue === 45200);
  assert.deepEqual(p.basket, [{ id: 'HJ-R02', quantity: 2, price: 12800 }, { id: 'HJ-E01', quantity: 2, price: 9800 }]);
  await page.getByRole('button', { name: 'One fewer Pearl Drop Earrings' }).click();
  await page.getByRole('button', { name: 'One fewer Pearl Drop Earrings' }).click();
  p = await poll(() => profile(page), (x) => x.basket.length === 1);
  assert.deepEqual(p.basket, [{ id: 'HJ-R02', quantity: 2, price: 12800 }]);
  assert.equal(p.basketValue, 25600);
  assert.equal(await page.locator('.cart-summary__subtotal').textContent(), '¥25,600');
  assert.equal(await page.evaluate(() => window.stillHere), true, 'no reload');
  assert.deepEqual((await shopEvents(page)).map((e) => e.event), ['view_cart', 'add_to_cart', 'remove_from_cart', 'remove_from_cart']);
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('the free-delivery message on the bag page, in English and in Japanese, only below ¥20,000', async () => {
  for (const [lang, text, find] of [
    ['en', 'Add ¥13,200 more for free delivery.', 'Find a gift'],
    ['ja', 'あと￥13,200で送料無料になります。', 'ギフトを探す'],
  ]) {
    const s = await open();
    const { page } = s;
    await fillBag(page, lang, [['HJ-E02', 1, 'gold']]);
    await visit(page, at(lang, 'basket.html'));
    assert.deepEqual(await poll(() => message(page), Boolean), { id: 'free-delivery', text }, lang);
    const p = await profile(page);
    assert.deepEqual(p.basket, [{ id: 'HJ-E02', quantity: 1, price: 6800 }], `${lang}: read from "${lang === 'ja' ? '6,800円' : '¥6,800'}"`);
    assert.equal(await widget(page).getByRole('status').count(), 1, 'announced politely');
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'focus left alone');
    // Its button opens the gift finder.
    await widget(page).locator('[data-message]').getByRole('button', { name: find, exact: true }).click();
    await widget(page).getByRole('dialog').waitFor();
    assert.equal(await message(page), null);
    assert.deepEqual(consoleErrors(s), []);
    await closeChecked(s);
  }
  // Over the threshold: nothing.
  const s = await open();
  await fillBag(s.page, 'en', [['HJ-R01', 1]]);
  await visit(s.page, at('en', 'basket.html'));
  await s.page.waitForTimeout(200);
  assert.equal(await message(s.page), null);
  await closeChecked(s);
});

test('screenshots: desktop and phone, English and Japanese, the dialog, the bag page with the message, and the exit message with its cards', async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const flows = { en: ['My mother', 'Silver', '¥10,000 to ¥20,000'], ja: ['母', 'シルバー', '1万〜2万円'] };
  for (const [device, options] of [['desktop', { viewport: { width: 1280, height: 800 } }], ['phone', { phone: true }]]) {
    for (const lang of ['en', 'ja']) {
      const s = await open({ ...options, reducedMotion: 'reduce' });
      const { page } = s;
      const shot = (what) => page.screenshot({ path: new URL(`jewellery-${device}-${lang}-${what}.png`, SHOTS).pathname });
      await visit(page, at(lang, 'index.html'));
      const launcher = lang === 'en' ? 'Find a gift' : 'ギフトを探す';
      const dialog = await giftFinder(page, launcher, []);
      await dialog.locator('.question').waitFor();
      await shot('dialog');
      for (const a of flows[lang]) await dialog.getByRole('button', { name: a, exact: true }).click();
      await dialog.locator('.product').first().waitFor();
      await shot('results');
      await page.keyboard.press('Escape');
      await fillBag(page, lang, [['HJ-E02', 1, 'gold']]);
      await visit(page, at(lang, 'basket.html'));
      await poll(() => message(page), Boolean);
      await shot('basket');
      // The top bar never covers the shop's announcement bar or sticky header: at the top of
      // the page, and scrolled (where the header sticks and the bar has scrolled away).
      for (const y of [0, 400]) {
        await page.evaluate((y) => window.scrollTo(0, y), y);
        await page.waitForTimeout(50);
        const overlap = await page.evaluate(() => {
          const bar = [...document.querySelectorAll('[data-shop-assistant]')].map((h) => h.shadowRoot.querySelector('[data-message]')).find(Boolean).getBoundingClientRect();
          const covered = (sel) => {
            const r = document.querySelector(sel).getBoundingClientRect();
            return Math.max(0, Math.min(bar.bottom, r.bottom) - Math.max(bar.top, r.top)) * (Math.min(bar.right, r.right) > Math.max(bar.left, r.left) ? 1 : 0);
          };
          return { bar: [Math.round(bar.top), Math.round(bar.bottom)], header: covered('.masthead'), announcement: covered('.announcement') };
        });
        t.diagnostic(`${device} ${lang} scrolled ${y}: top bar ${JSON.stringify(overlap)}`);
        assert.deepEqual([overlap.header, overlap.announcement], [0, 0], `${device} ${lang} scrolled ${y}: ${JSON.stringify(overlap)}`);
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      // Leaving the bag page: the exit message with the cards that would go with the bag.
      await fillBag(page, lang, [['HJ-R01', 1]]);
      await visit(page, at(lang, 'basket.html'));
      await page.waitForTimeout(2100);
      await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseout', { clientY: -1, bubbles: true })));
      await page.locator('[data-shop-assistant]').locator('[data-message="bag-exit"] .card-link').first().waitFor();
      await shot('exit');
      assert.deepEqual(consoleErrors(s), []);
      await closeChecked(s);
    }
  }
});

// ---------------------------------------------------------------------------------------
// The widget's own labels, the dataLayer, live messages, the payment page, per-language products.

test('Japanese pages: the widget\'s own labels (Close, Back, results, View product) are Japanese', async () => {
  const s = await open();
  try {
    const { page } = s;
    await visit(page, at('ja', 'index.html'));
    const dialog = await giftFinder(page, 'ギフトを探す', ['母']);
    const close = await dialog.locator('.header button').getAttribute('aria-label');
    assert.notEqual(close, 'Close');
    assert.match(close, JAPANESE, 'close');
    assert.match(await dialog.locator('.footer button').first().textContent(), JAPANESE, 'back');
    for (const a of ['シルバー', '1万円未満']) await dialog.getByRole('button', { name: a, exact: true }).click();
    assert.match(await dialog.locator('.question').textContent(), JAPANESE, 'the results heading');
    assert.match(await dialog.locator('.product .why').textContent(), /^[^A-Za-z]*$/, '"Matches:" in Japanese');
    assert.match(await dialog.locator('.product .why').textContent(), /^一致：[^:,]+、/, 'Japanese punctuation: 一致：a、b');
    assert.match(await dialog.getByRole('link').textContent(), JAPANESE, 'View product');
    // And the message's own close button on the bag page.
    await page.keyboard.press('Escape');
    await fillBag(page, 'ja', [['HJ-E02', 1]]);
    await visit(page, at('ja', 'basket.html'));
    await poll(() => message(page), Boolean);
    assert.match(await widget(page).locator('.message-close').getAttribute('aria-label'), JAPANESE, 'the message\'s close');
  } finally {
    await closeChecked(s);
  }
});

/** The same config reading the shop's GA4 dataLayer instead of its markup: page types only
 *  from the markup rules, products, the bag and orders from the dataLayer. */
function dataLayerConfig() {
  const c = structuredClone(CONFIG);
  c.tracking = { pages: c.tracking.pages, dataLayer: true };
  return c;
}

/** Serves `config` as /jewellery/assistant.json for this session's pages. */
async function useConfig(s, config) {
  await s.context.route(env.url + '/jewellery/assistant.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
}

test('the dataLayer: a purchase the shop reports only there (no confirmation page) counts', async () => {
  const s = await open();
  await useConfig(s, dataLayerConfig());
  try {
    const { page } = s;
    await fillBag(page, 'en', [['HJ-R02', 1]]);
    await visit(page, at('en', 'checkout/details.html'));
    await page.getByLabel('Full name').fill('Hoshino Aiko');
    await page.getByLabel('Email').fill('aiko@example.jp');
    await page.getByLabel('Postcode').fill('604-8005');
    await page.getByLabel('Address').fill('3-14 Sanjo-dori, Kyoto');
    await Promise.all([page.waitForURL('**/checkout/payment.html'), page.getByRole('button', { name: 'Continue to payment' }).click()]);
    assert.equal(await readyState(page), 'ready');
    await page.getByLabel('Card number').fill('4242424242424242');
    await page.getByLabel('Expiry (MM/YY)').fill('12/29');
    await page.getByLabel('Security code').fill('123');
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.locator('.order-done').waitFor();
    const purchase = (await shopEvents(page)).find((e) => e.event === 'purchase');
    assert.equal(purchase.ecommerce.value, 12800, 'the shop did report it');
    const p = await poll(() => profile(page), (x) => x.purchases === 1);
    assert.equal(p.purchases, 1);
    assert.equal(p.revenue, 12800);
    assert.deepEqual(p.basket, [], 'a purchase empties the basket');
  } finally {
    await closeChecked(s);
  }
});

test('"Add to bag" with a quantity of 3 puts 3 in the basket: by the click rule\'s quantity field, and by the dataLayer', async () => {
  for (const config of [null, dataLayerConfig()]) {
    const s = await open();
    if (config) await useConfig(s, config);
    try {
      const { page } = s;
      await visit(page, productPath('en', 'HJ-E02'));
      await page.getByLabel('Quantity').selectOption('3');
      await page.getByRole('button', { name: 'Add to bag' }).click();
      const added = (await shopEvents(page)).find((e) => e.event === 'add_to_cart');
      assert.equal(added.ecommerce.items[0].quantity, 3, 'the shop said 3');
      const p = await poll(() => profile(page), (x) => x.basketItems === 3);
      assert.deepEqual(p.basket, [{ id: 'HJ-E02', quantity: 3, price: 6800 }], config ? 'dataLayer' : 'markup');
    } finally {
      await closeChecked(s);
    }
  }
});

test('the dataLayer alone gives the profile the shop\'s markup gives', async () => {
  const profiles = [];
  for (const config of [null, dataLayerConfig()]) {
    const s = await open();
    if (config) await useConfig(s, config);
    try {
      const { page } = s;
      await visit(page, productPath('en', 'HJ-R02'));
      await visit(page, productPath('ja', 'HJ-E01'));
      await page.getByRole('button', { name: /カートに入れる|Add to bag/ }).click();
      await page.waitForTimeout(100);
      await visit(page, at('en', 'basket.html'));
      const p = await poll(() => profile(page), (x) => x.basketItems === 1);
      profiles.push({ recent: p.recent, basket: p.basket, basketItems: p.basketItems, basketValue: p.basketValue, affinities: p.affinities, purchases: p.purchases });
    } finally {
      await closeChecked(s);
    }
  }
  assert.deepEqual(profiles[1], profiles[0]);
  assert.deepEqual(profiles[0].recent, ['HJ-E01', 'HJ-R02']);
});

test('the message follows the bag: "+" on the bag page updates the amount still missing', async () => {
  const s = await open();
  try {
    const { page } = s;
    await fillBag(page, 'en', [['HJ-E02', 1, 'gold']]);
    await visit(page, at('en', 'basket.html'));
    assert.equal((await poll(() => message(page), Boolean))?.text, 'Add ¥13,200 more for free delivery.');
    await page.getByRole('button', { name: 'One more Star Stud Earrings' }).click();
    // The assistant has read the new bag (¥13,600)...
    assert.equal((await poll(() => profile(page), (x) => x.basketValue === 13600)).basketValue, 13600);
    // ...and the message on screen says what is missing now.
    assert.equal((await poll(() => message(page), (m) => m?.text !== 'Add ¥13,200 more for free delivery.'))?.text, 'Add ¥6,400 more for free delivery.');
    // Past the threshold, it goes.
    await page.getByRole('button', { name: 'One more Star Stud Earrings' }).click();
    await page.getByRole('button', { name: 'One more Star Stud Earrings' }).click();
    assert.equal(await poll(() => message(page), (m) => m === null), null, 'gone at ¥27,200');
  } finally {
    await closeChecked(s);
  }
});

test('the payment page: no launcher over the card form', async () => {
  const s = await open();
  try {
    const { page } = s;
    await fillBag(page, 'en', [['HJ-R02', 1]]);
    for (const lang of ['en', 'ja']) {
      await visit(page, at(lang, 'checkout/payment.html'));
      assert.equal(await widget(page).locator('.launcher').isVisible(), false, `${lang}: no launcher`);
    }
    // Elsewhere it stays.
    await visit(page, at('en', 'basket.html'));
    assert.equal(await widget(page).locator('.launcher').isVisible(), true);
  } finally {
    await closeChecked(s);
  }
});

test('Japanese pages: a result leads to the Japanese product page', async () => {
  const s = await open();
  try {
    const { page } = s;
    await visit(page, at('ja', 'index.html'));
    const dialog = await giftFinder(page, 'ギフトを探す', ['母', 'シルバー', '1万円未満']);
    const href = await dialog.getByRole('link').getAttribute('href');
    assert.equal(new URL(href, env.url).pathname, productPath('ja', 'HJ-E01'));
  } finally {
    await closeChecked(s);
  }
});

test('Japanese pages: results name the products in Japanese', async () => {
  const s = await open();
  try {
    const { page } = s;
    await visit(page, at('ja', 'index.html'));
    const dialog = await giftFinder(page, 'ギフトを探す', ['母', 'シルバー', '1万円未満']);
    assert.equal(await dialog.locator('.product .name').textContent(), '真珠のドロップピアス');
  } finally {
    await closeChecked(s);
  }
});
