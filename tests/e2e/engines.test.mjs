// The smoke path in every engine a shopper's browser runs on: Chromium, Firefox ESR (Gecko)
// and WebKitGTK (WebKit, Safari's engine), each driven over WebDriver (webdriver.mjs) against
// the demo storefront and the Japanese pages of the second storefront. In each engine:
//   - the launcher opens the dialog by a real click, focus is on the first answer, Tab moves
//     it, Escape closes the dialog and gives focus back to the launcher;
//   - the flow reaches the product page in two clicks;
//   - the shop's own "Add to basket", then the basket page's free-delivery bar, which follows
//     the shop's own "+" live;
//   - the inline flow answers and moves on;
//   - on the Japanese storefront the widget's own labels are Japanese;
//   - every request is the page's own or the assistant's (the browser's resource timing).
// Then the widget's computed font, size, line-height and colour and its dialog's box are
// compared between the engines: they must agree (the widget's font stack, not the engine's
// default serif). Screenshots: bench-results/screenshots/engines-<engine>-*.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { startServer } from '../../scripts/serve.mjs';
import { networkViolations } from './harness.mjs';
import { launch, KEY } from './webdriver.mjs';

const SHOTS = new URL('../../bench-results/screenshots/', import.meta.url);
const JA = JSON.parse(readFileSync(new URL('../../www/labels/ja.json', import.meta.url), 'utf8'));

let server;
let origin;
const seen = {};
before(async () => {
  const started = await startServer({ port: 0 });
  server = started.server;
  origin = started.url;
  mkdirSync(SHOTS, { recursive: true });
});
after(() => new Promise((r) => server?.close(r)));

// In-page helpers: the assistant's main root, a button in it by its text, the message text.
const ROOT = `const root = () => document.querySelector('[data-shop-assistant]:not([data-shop-assistant-top]):not([data-shop-assistant-shelf])')?.shadowRoot;`;
const inPage = (body) => `${ROOT}\n${body}`;
const buttonIn = inPage(`const [scope, text] = arguments;
  const r = root(); const s = r && (scope ? r.querySelector(scope) : r);
  return s ? [...s.querySelectorAll('button, a')].find((b) => b.textContent.trim() === text || b.getAttribute('aria-label') === text) || null : null;`);
const focused = inPage(`return root()?.activeElement?.textContent.trim() ?? null;`);
const messageText = `const m = [...document.querySelectorAll('[data-shop-assistant]')].map((h) => h.shadowRoot.querySelector('[data-message]')).find(Boolean);
  return m ? m.textContent : null;`;

async function ready(b, path) {
  await b.goto(origin + path);
  const state = await b.runAsync(() => (window.ShopAssistant ? window.ShopAssistant.ready.then(() => 'ready') : 'no ShopAssistant'));
  assert.equal(state, 'ready', `${b.engine} ${path}`);
}

/** Requests of the page so far (resource timing) that break the suite's network rule. */
async function violations(b) {
  const entries = await b.run(() => performance.getEntriesByType('resource').map((e) => ({ url: e.name, type: e.initiatorType })));
  const o = new URL(origin).origin;
  const blocked = entries.filter((e) => new URL(e.url).origin !== o).map((e) => e.url);
  return networkViolations({ log: { requests: entries, blocked }, origin: o });
}

for (const engine of ['chromium', 'firefox', 'webkit']) {
  test(`${engine}: the flow, keyboard and focus, the basket bar, the inline flow, Japanese labels`, async () => {
    const b = await launch(engine);
    const shot = (name) => b.screenshot(new URL(`engines-${engine}-${name}.png`, SHOTS));
    try {
      await b.setWindow(1280, 800).catch(() => {});
      // The dialog by a click; focus on the first answer; Tab; Escape gives focus back.
      await ready(b, '/');
      await b.click(buttonIn, 'the launcher', null, 'Find your coffee');
      await b.waitFor(inPage(`return !!root().querySelector('[role=dialog]');`), 'the dialog');
      await b.waitFor(inPage(`return root().activeElement?.textContent.trim() === 'Espresso machine';`), 'focus on the first answer');
      seen[engine] = await b.run(inPage(`
        const d = root().querySelector('[role=dialog]');
        const q = d.querySelector('.question');
        const px = (v) => Math.round(parseFloat(v) * 10) / 10;
        const style = (e) => { const c = getComputedStyle(e); return { fontFamily: c.fontFamily, fontSize: px(c.fontSize), lineHeight: px(c.lineHeight), color: c.color, fontWeight: c.fontWeight }; };
        const box = d.getBoundingClientRect();
        const answer = d.querySelector('.answers button').getBoundingClientRect();
        return { question: style(q), answer: style(d.querySelector('.answers button')), dialog: { width: Math.round(box.width), left: Math.round(box.left) }, answerHeight: Math.round(answer.height), viewport: innerWidth };`));
      await shot('dialog');
      await b.keys(KEY.Tab);
      assert.equal(await b.run(focused), 'Filter or pour-over', `${engine}: Tab moves to the next answer`);
      await b.keys(KEY.Escape);
      await b.waitFor(inPage(`return !root().querySelector('[role=dialog]');`), 'the dialog to close on Escape');
      assert.equal(await b.run(focused), 'Find your coffee', `${engine}: focus back on the launcher`);

      // Two answers, then the product page.
      await b.click(buttonIn, 'the launcher', null, 'Find your coffee');
      await b.click(buttonIn, 'an answer', '[role=dialog]', 'Espresso machine');
      await b.click(buttonIn, 'an answer', '[role=dialog]', 'Dark and chocolatey');
      const best = await b.waitFor(inPage(`return root().querySelector('.product.best .name')?.textContent;`), 'the results');
      assert.equal(best, 'House Espresso Blend');
      await b.click(buttonIn, 'the hand-off link', '.product.best', 'View product: House Espresso Blend');
      await b.waitFor(() => location.pathname === '/products/house-espresso' && document.readyState === 'complete', 'the product page');
      assert.equal(new URL(await b.url()).search, '?sa_flow=coffee-finder');
      assert.equal(await b.runAsync(() => window.ShopAssistant.ready.then(() => 'ready')), 'ready');

      // The shop's own button, then the basket page's bar, live with the shop's "+".
      await b.click(() => [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === 'Add to basket'), 'Add to basket');
      await ready(b, '/basket');
      assert.match(await b.waitFor(messageText, 'the free-delivery bar'), /€27\.50/);
      await shot('basket');
      await b.click(() => document.querySelector('button[aria-label="One more House Espresso Blend"]'), 'the shop\'s "+"');
      await b.waitFor(`${messageText.replace('return m ? m.textContent : null;', 'return m && /€15\\.00/.test(m.textContent);')}`, 'the bar to follow the basket');
      assert.deepEqual(await violations(b), []);

      // The inline flow on a category page.
      await ready(b, '/equipment');
      const inline = `const h = document.querySelector('.finder [data-shop-assistant]');`;
      await b.click(`${inline} return h && [...h.shadowRoot.querySelectorAll('button')].find((x) => /Espresso/.test(x.textContent)) || null;`, 'an inline answer');
      await b.waitFor(`${inline} return h.shadowRoot.textContent.includes('What would you like to add to your kit?');`, 'the next inline question');
      assert.equal(await b.run(`${inline} return h.shadowRoot.activeElement?.value ?? null;`), 'grinder', `${engine}: focus moves to the new question's first answer that can be chosen`);

      // The second storefront, in Japanese: the widget's own labels too.
      await ready(b, '/jewellery/ja/index.html');
      await b.click(buttonIn, 'the launcher', null, 'ギフトを探す');
      await b.click(buttonIn, 'an answer', '[role=dialog]', '母');
      await b.waitFor(inPage(`return root().querySelector('.question')?.textContent.includes('ゴールド');`), 'the second question');
      const labels = await b.run(inPage(`return [...root().querySelectorAll('[role=dialog] button')].map((x) => x.getAttribute('aria-label') || x.textContent.trim());`));
      assert.ok(labels.includes(JA[1]), `${engine}: close is "${JA[1]}": ${labels}`);
      assert.ok(labels.includes(JA[2]), `${engine}: back is "${JA[2]}": ${labels}`);
      assert.deepEqual(labels.filter((l) => /^[\x20-\x7e]+$/.test(l)), [], `${engine}: no English label`);
      await shot('ja');
      assert.deepEqual(await violations(b), []);
    } finally {
      await b.quit();
    }
  });
}

test('the engines draw the widget alike: its own font, size, line-height and colour, the same dialog box', () => {
  const engines = Object.keys(seen);
  assert.deepEqual(engines, ['chromium', 'firefox', 'webkit'], 'every engine reached the dialog');
  const [first, ...rest] = engines;
  for (const part of ['question', 'answer']) {
    assert.match(seen[first][part].fontFamily, /^system-ui/, `${part}: the widget's own font stack`);
    for (const e of rest) assert.deepEqual(seen[e][part], seen[first][part], `${part} in ${e} as in ${first}`);
  }
  for (const e of rest) {
    assert.ok(Math.abs(seen[e].dialog.width - seen[first].dialog.width) <= 1, `dialog width in ${e}: ${JSON.stringify(seen)}`);
    assert.ok(Math.abs(seen[e].answerHeight - seen[first].answerHeight) <= 2, `answer height in ${e}: ${JSON.stringify(seen)}`);
  }
  console.log(`# computed in each engine: ${JSON.stringify(seen)}`);
});
