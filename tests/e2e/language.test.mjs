// The widget in the visitor's language and in the shop's font: its own texts (Close, Back,
// Continue, the results) come from the built-in translations or the config's `labels`, and
// its font, colour and line height are its own unless the shop asks for its font.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setup, openPage, consoleErrors, readyState, assistant, closeChecked, serveHtml, pageWithConfig } from './harness.mjs';

const CONFIG = JSON.parse(readFileSync(new URL('../../www/assistant.json', import.meta.url), 'utf8'));

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

/** The demo config on a page in `lang`, with `head` added. */
function page(lang, config = CONFIG, head = '') {
  return pageWithConfig(config, head).replace('<html lang="en">', `<html lang="${lang}">`);
}

// Every text of the widget's own on screen: buttons, headings, notes, aria-labels.
function ownTexts(w) {
  return w.evaluate((host) => {
    const root = host.shadowRoot;
    const texts = [...root.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label'));
    for (const e of root.querySelectorAll('button.secondary, button.primary, .cta, p.question, p.help')) texts.push(e.textContent);
    return texts;
  });
}

test('on a Japanese page the widget\'s own texts are Japanese', async () => {
  const config = structuredClone(CONFIG);
  const flow = config.flows['coffee-finder'];
  // The merchant's own texts in Japanese too, so that anything English left is the widget's.
  config.launcher.label = { en: 'Find your coffee', ja: 'コーヒーを探す' };
  flow.title = { en: 'Find your coffee', ja: 'コーヒーを探す' };
  for (const q of flow.questions) {
    q.text = { en: q.text.en ?? q.text, ja: `質問 ${q.id}` };
    if (q.help) q.help = { ja: `ヒント ${q.id}` };
    for (const a of q.answers) a.label = { en: a.label.en ?? a.label, ja: `答え ${a.id}` };
  }
  const s = await openPage(env);
  await serveHtml(env, s.page, '/ja/coffee', page('ja', config));
  assert.equal(await readyState(s.page), 'ready');
  const w = assistant(s.page).first();
  await w.getByRole('button', { name: 'コーヒーを探す' }).click();
  const dialog = w.getByRole('dialog', { name: 'コーヒーを探す' });
  await dialog.getByRole('button', { name: '閉じる' }).waitFor();
  await dialog.getByRole('button', { name: '答え espresso' }).click();
  await dialog.getByRole('button', { name: '戻る' }).waitFor();
  await dialog.getByRole('button', { name: '答え chocolatey' }).click();
  await dialog.getByText('おすすめ', { exact: true }).waitFor();
  const texts = await ownTexts(w);
  assert.ok(texts.includes('閉じる') && texts.includes('最初から'), JSON.stringify(texts));
  assert.ok(texts.some((t) => t.startsWith('商品を見る')), JSON.stringify(texts));
  const english = texts.filter((t) => /\b(Close|Back|Start again|Our recommendation|View product|Matches|Continue)\b/.test(t));
  assert.deepEqual(english, [], 'no English label on a Japanese page');
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('a label the merchant rewords in the config wins for that language only', async () => {
  const config = structuredClone(CONFIG);
  config.labels = { close: { ru: 'Закрыть окно' }, restart: 'Ещё раз / Again' };
  const s = await openPage(env);
  for (const [lang, close, restart] of [['ru', 'Закрыть окно', 'Ещё раз / Again'], ['bg', 'Затвори', 'Ещё раз / Again'], ['en', 'Close', 'Ещё раз / Again']]) {
    await serveHtml(env, s.page, `/${lang}/labels`, page(lang, config));
    assert.equal(await readyState(s.page), 'ready');
    await s.page.evaluate(() => window.ShopAssistant.open());
    const dialog = assistant(s.page).first().getByRole('dialog');
    await dialog.getByRole('button', { name: close, exact: true }).waitFor();
    await dialog.locator('.answer').first().click();
    await dialog.locator('.answer').first().click();
    assert.equal(await dialog.locator('button[data-action=restart]').textContent(), restart, lang);
  }
  await closeChecked(s);
});

test('the widget draws in its own font, or in the shop\'s when asked', async () => {
  const serif = '<style>body { font-family: Georgia, serif; line-height: 3; color: rgb(200, 0, 0); }</style>';
  const s = await openPage(env);
  await serveHtml(env, s.page, '/font-own', page('en', CONFIG, serif));
  assert.equal(await readyState(s.page), 'ready');
  const style = (locator) => locator.evaluate((e) => {
    const c = getComputedStyle(e);
    return { font: c.fontFamily, lineHeight: c.lineHeight, color: c.color };
  });
  const launcher = assistant(s.page).first().getByRole('button', { name: 'Find your coffee' });
  const own = await style(launcher);
  assert.match(own.font, /^system-ui/, 'the widget\'s font list, not the browser default nor the shop\'s');
  assert.equal(own.color, 'rgb(255, 255, 255)');
  await launcher.click();
  const question = assistant(s.page).first().getByRole('dialog').locator('.question');
  const q = await style(question);
  assert.match(q.font, /^system-ui/);
  assert.equal(q.color, 'rgb(29, 29, 31)');
  assert.notEqual(q.lineHeight, '48px', 'not the page\'s line height');
  // `--sa-font: inherit`: the shop's font.
  await serveHtml(env, s.page, '/font-inherit', page('en', CONFIG, serif + '<style>[data-shop-assistant] { --sa-font: inherit; }</style>'));
  assert.equal(await readyState(s.page), 'ready');
  assert.match((await style(assistant(s.page).first().getByRole('button', { name: 'Find your coffee' }))).font, /^Georgia/);
  await closeChecked(s);
});

test('the launcher stays off the pages the config names, also after a single-page navigation', async () => {
  const config = structuredClone(CONFIG);
  config.launcher.hideOn = ['/checkout/payment*', 'confirmation'];
  const s = await openPage(env);
  const shown = () => assistant(s.page).first().getByRole('button', { name: 'Find your coffee' }).isVisible();
  await serveHtml(env, s.page, '/checkout/payment', page('en', config));
  assert.equal(await readyState(s.page), 'ready');
  assert.equal(await shown(), false, 'not on the payment page');
  await s.page.evaluate(() => history.pushState({}, '', '/coffee'));
  await s.page.waitForTimeout(50);
  assert.equal(await shown(), true, 'back on a category page');
  await s.page.evaluate(() => history.pushState({}, '', '/checkout/thanks'));
  await s.page.waitForTimeout(50);
  assert.equal(await shown(), false, 'nor on the confirmation page (by its page type)');
  // ShopAssistant.open() still works where the launcher is hidden.
  await s.page.evaluate(() => window.ShopAssistant.open());
  await assistant(s.page).first().getByRole('dialog').waitFor();
  await closeChecked(s);
});

test('showOn limits the launcher to the pages it names, hideOn still keeps it off one of them', async () => {
  const config = structuredClone(CONFIG);
  config.launcher.showOn = ['product', '/gifts*'];
  config.launcher.hideOn = ['/products/gift-card'];
  const s = await openPage(env);
  const shown = () => assistant(s.page).first().getByRole('button', { name: 'Find your coffee' }).isVisible();
  await serveHtml(env, s.page, '/coffee', page('en', config));
  assert.equal(await readyState(s.page), 'ready');
  assert.equal(await shown(), false, 'not on a category page');
  for (const [path, expected] of [['/products/house-espresso', true], ['/gifts/for-her', true], ['/products/gift-card', false], ['/', false]]) {
    await s.page.evaluate((p) => history.pushState({}, '', p), path);
    await s.page.waitForTimeout(50);
    assert.equal(await shown(), expected, path);
  }
  await closeChecked(s);
});

test('counts take the words of the visitor\'s language\'s plural rules, and follow the basket', async () => {
  const config = structuredClone(CONFIG);
  config.messages = [{
    id: 'count', placement: 'slide-in', when: { page: 'other' },
    body: { ru: 'В корзине {items, plural, one {# товар} few {# товара} many {# товаров} other {# товара}}', en: '{items, plural, =0 {Nothing} one {# item} other {# items}} in your basket' },
    buttons: [{ label: { ru: 'Закрыть', en: 'OK' }, dismiss: true }],
  }];
  // Numbers as the language writes them (Intl.NumberFormat): 1 250 in Russian, 1,250 in English.
  const ru1250 = new Intl.NumberFormat('ru').format(1250);
  assert.equal(ru1250.replace(/\s/, ' '), '1 250');
  for (const [lang, expected] of [['ru', ['В корзине 0 товаров', 'В корзине 1 товар', 'В корзине 3 товара', 'В корзине 5 товаров', 'В корзине 21 товар', `В корзине ${ru1250} товаров`]], ['en', ['Nothing in your basket', '1 item in your basket', '3 items in your basket', '5 items in your basket', '21 items in your basket', '1,250 items in your basket']]]) {
    const s = await openPage(env);
    await serveHtml(env, s.page, `/${lang}/count`, page(lang, config));
    assert.equal(await readyState(s.page), 'ready');
    const seen = [];
    const body = () => s.page.evaluate(() => document.querySelector('[data-shop-assistant]').shadowRoot.querySelector('.message-body')?.textContent ?? null);
    await s.page.waitForFunction(() => document.querySelector('[data-shop-assistant]').shadowRoot.querySelector('.message-body'));
    for (const n of [0, 1, 3, 5, 21, 1250]) {
      if (n) await s.page.evaluate((n) => window.ShopAssistant.track({ type: 'basket', items: [{ id: 'house-espresso', quantity: n, price: 1 }] }), n);
      seen.push(await body());
    }
    assert.deepEqual(seen, expected, lang);
    await closeChecked(s);
  }
});
