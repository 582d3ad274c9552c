// Hostile content in the shop's own pages (what a review or a user name can hold after a
// sanitizer that keeps `id` and `name`), page code that calls back into the assistant while it
// works, and pages the loader must survive (an <iframe srcdoc>, <base href>, a malformed
// data-config, a deep page with a relative catalogue URL, a basket of 5,000 lines).
// Every test here failed on the build before these fixes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setup, openPage, consoleErrors, readyState, assistant, assistantRequestCounts, closeChecked, serveHtml, pageWithConfig, PROFILE_KEY } from './harness.mjs';

const CONFIG = JSON.parse(readFileSync(new URL('../../www/assistant.json', import.meta.url), 'utf8'));
const TAG = '<script async src="/shop-assistant/shop-assistant.js" data-config="/assistant.json"></script>';

// What an attacker would put in: a config whose message, shown at once, sends the visitor to
// a login page of theirs.
const EVIL = JSON.stringify({
  catalogue: [{ id: 'x', name: 'X', url: '/x', price: 1, currency: 'EUR' }],
  flows: { f: { title: 'F', questions: [{ id: 'q', text: 'Q', answers: [{ id: 'a', label: 'A' }] }] } },
  messages: [{ id: 'phish', placement: 'modal', title: 'Your session expired', body: 'Sign in again to keep your basket.', when: {}, buttons: [{ label: 'Sign in', url: 'https://attacker.example/login' }] }],
});

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

function page(head, body = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${head}</head>
<body><h1>Shop</h1><a href="/coffee">Coffee</a>${body}</body></html>`;
}

const mine = (s) => consoleErrors(s).filter((e) => e.startsWith('shop-assistant:'));
const launcher = (s) => assistant(s.page).first().getByRole('button', { name: 'Find your coffee' });

test('an <img name="currentScript"> in the head or the body cannot move where the assistant loads from', async () => {
  // The image's own URL is a harmless file of the shop's; the old loader took its folder as
  // its own and imported /shop/img/assistant.js from there.
  const image = '<img name="currentScript" src="/shop/img/review-photo.svg" alt="">';
  for (const [path, html] of [['/clobber-head', page(image + TAG)], ['/clobber-body', page(TAG, '<p>Great beans!</p>' + image)]]) {
    const s = await openPage(env);
    await serveHtml(env, s.page, path, html);
    assert.equal(await readyState(s.page), 'ready', path);
    const counts = assistantRequestCounts(s);
    assert.equal(counts['/shop-assistant/assistant_bg.wasm'], 1, path);
    assert.equal(counts['/shop-assistant/shop-assistant.js'], 1, path);
    const elsewhere = s.log.requests.map((r) => new URL(r.url).pathname).filter((p) => /assistant(\.js|_bg\.wasm|\.json)$/.test(p) && !p.startsWith('/shop-assistant/') && p !== '/assistant.json');
    assert.deepEqual(elsewhere, [], path);
    await launcher(s).waitFor();
    assert.deepEqual(mine(s), [], path);
    await closeChecked(s);
  }
});

test('a review <p id="shop-assistant-config"> cannot replace the merchant\'s config', async () => {
  const review = `<section class="reviews"><p id="shop-assistant-config">${EVIL.replace(/</g, '&lt;')}</p></section>`;
  // A page with data-config (the review comes first in the document).
  let s = await openPage(env);
  await serveHtml(env, s.page, '/review-data-config', page(TAG, review));
  assert.equal(await readyState(s.page), 'ready');
  await launcher(s).waitFor();
  assert.equal(await assistant(s.page).first().getByText('Your session expired').count(), 0);
  assert.deepEqual(mine(s), []);
  await closeChecked(s);
  // A page with an inline config, the review before it: the <script> is the config, the <p> is
  // ignored with one line.
  s = await openPage(env);
  await serveHtml(env, s.page, '/review-inline', page('<script async src="/shop-assistant/shop-assistant.js"></script>',
    review + `<script type="application/json" id="shop-assistant-config">${JSON.stringify(CONFIG).replace(/</g, '\\u003c')}</script>`));
  assert.equal(await readyState(s.page), 'ready');
  await launcher(s).waitFor();
  assert.equal(await assistant(s.page).first().getByText('Your session expired').count(), 0);
  const warnings = s.log.console.filter((m) => m.type === 'warning').map((m) => m.text);
  assert.deepEqual(warnings, ['shop-assistant: ignored 1 element(s) with id="shop-assistant-config" that are not <script type="application/json">']);
  await closeChecked(s);
  // Only the review holds the id: no config, one line, nothing shown.
  s = await openPage(env);
  await serveHtml(env, s.page, '/review-only', page('<script async src="/shop-assistant/shop-assistant.js"></script>', review));
  assert.match(await readyState(s.page), /^failed: could not read the configuration: no configuration/);
  assert.equal(await s.page.locator('[data-shop-assistant]').count(), 0);
  assert.equal(mine(s).length, 1);
  await closeChecked(s);
});

test('named elements that shadow globals and document properties do not turn the assistant off', async () => {
  const clobbers = ['<div id="ShopAssistant"></div>', '<img name="body" src="/shop/img/a.svg" alt="">',
    '<img name="createElement" alt="">', '<img name="addEventListener" alt="">', '<img name="activeElement" alt="">',
    '<form name="documentElement"></form>', '<img name="querySelectorAll" alt="">', '<img name="dataLayer" alt="">'];
  const s = await openPage(env);
  await serveHtml(env, s.page, '/clobbered', page(TAG, clobbers.join('')));
  assert.equal(await readyState(s.page), 'ready');
  const host = await s.page.evaluate(() => {
    const h = Document.prototype.querySelector.call(document, '[data-shop-assistant]');
    return h && h.parentElement.tagName;
  });
  assert.equal(host, 'BODY', 'mounted in the real <body>, not inside the image');
  await launcher(s).click();
  const dialog = assistant(s.page).first().getByRole('dialog');
  await dialog.getByRole('button', { name: 'Espresso machine' }).click();
  assert.equal(await dialog.locator('.question').textContent(), 'Which flavours do you enjoy?');
  assert.equal(await s.page.evaluate(() => typeof window.ShopAssistant.open), 'function');
  assert.deepEqual(mine(s), []);
  assert.deepEqual(s.log.errors, []);
  await closeChecked(s);
});

// A small config with an inline flow whose products are anchors on the same page.
function anchorConfig({ autoRedirect }) {
  return {
    catalogue: [
      { id: 'mug', name: 'Red mug', url: '#mug', price: 9, currency: 'EUR', attributes: { colour: 'red' } },
      { id: 'cup', name: 'Blue cup', url: '#cup', price: 5, currency: 'EUR', attributes: { colour: 'blue' } },
    ],
    flows: {
      mugs: {
        title: 'Mugs', autoRedirect, linkParams: {},
        questions: [{ id: 'colour', text: 'Which colour?', answers: [
          { id: 'red', label: 'Red', filters: [{ attribute: 'colour', equals: 'red' }] },
          { id: 'blue', label: 'Blue', filters: [{ attribute: 'colour', equals: 'blue' }] },
        ] }],
      },
    },
    launcher: { flow: 'mugs', label: 'Find a mug' },
  };
}

async function stillWorks(s) {
  assert.ok(!mine(s).some((e) => /internal error/.test(e)), JSON.stringify(mine(s)));
  assert.deepEqual(s.log.errors, []);
  assert.equal(await s.page.evaluate(() => window.ShopAssistant.consent(false).then(() => 'ok', (e) => e.message)), 'ok');
  assert.equal(await s.page.evaluate(() => window.ShopAssistant.forget().then(() => 'ok', (e) => e.message)), 'ok');
}

test('a page listener that changes location.hash on an assistant event (popstate fires at once) cannot trap it', async () => {
  const s = await openPage(env);
  const html = pageWithConfig(anchorConfig({ autoRedirect: false }),
    `<script>document.addEventListener('shop-assistant:flow-started', () => { location.hash = 'started'; });</script>`)
    .replace('<h1>Host</h1>', '<h1>Host</h1><div data-shop-assistant-flow="mugs"></div>');
  await serveHtml(env, s.page, '/hash-listener', html);
  assert.equal(await readyState(s.page), 'ready');
  const inline = s.page.locator('[data-shop-assistant-flow] [data-shop-assistant]');
  await inline.getByRole('button', { name: 'Red' }).click();
  await inline.locator('.product.best .name').waitFor();
  assert.equal(await inline.locator('.product.best .name').textContent(), 'Red mug');
  assert.equal(await s.page.evaluate(() => location.hash), '#started');
  await inline.getByRole('button', { name: /Start again/ }).click();
  await inline.getByRole('button', { name: 'Blue' }).click();
  assert.equal(await inline.locator('.product.best .name').textContent(), 'Blue cup');
  await stillWorks(s);
  await closeChecked(s);
});

test('autoRedirect to an anchor on the same page cannot trap the assistant', async () => {
  const s = await openPage(env);
  await serveHtml(env, s.page, '/anchor-redirect', pageWithConfig(anchorConfig({ autoRedirect: true })));
  assert.equal(await readyState(s.page), 'ready');
  const w = assistant(s.page).first();
  await w.getByRole('button', { name: 'Find a mug' }).click();
  await w.getByRole('dialog').getByRole('button', { name: 'Red' }).click();
  await s.page.waitForFunction(() => location.hash === '#mug');
  // The visitor went to the product; the dialog follows the history and closes.
  await w.getByRole('dialog').waitFor({ state: 'detached' });
  await w.getByRole('button', { name: 'Find a mug' }).click();
  await w.getByRole('dialog').waitFor();
  await s.page.keyboard.press('Escape');
  await w.getByRole('dialog').waitFor({ state: 'detached' });
  await stillWorks(s);
  await closeChecked(s);
});

test('a page listener that clicks inside the widget on an assistant event: the click is taken, nothing is thrown', async () => {
  const s = await openPage(env);
  await serveHtml(env, s.page, '/click-listener', page(TAG, `<script>
    document.addEventListener('shop-assistant:flow-started', () => {
      document.querySelector('[data-shop-assistant]').shadowRoot.querySelector('[data-action=answer]').click();
    });</script>`));
  assert.equal(await readyState(s.page), 'ready');
  await launcher(s).click();
  const dialog = assistant(s.page).first().getByRole('dialog');
  await dialog.locator('.question', { hasText: 'Which flavours do you enjoy?' }).waitFor();
  await stillWorks(s);
  await closeChecked(s);
});

test('a page listener on focus that clicks inside the widget while the assistant moves focus: the click runs right after', async () => {
  const s = await openPage(env);
  await serveHtml(env, s.page, '/focus-listener', page(TAG));
  assert.equal(await readyState(s.page), 'ready');
  // The dialog moves focus to its first answer while it is still being drawn; a page script
  // listening inside the widget's (open) shadow root clicks that answer at that moment.
  await s.page.evaluate(() => {
    const root = document.querySelector('[data-shop-assistant]').shadowRoot;
    let clicked = false;
    root.addEventListener('focusin', (e) => {
      if (!clicked && e.target.matches('[data-action=answer]')) { clicked = true; e.target.click(); }
    });
  });
  await launcher(s).click();
  const dialog = assistant(s.page).first().getByRole('dialog');
  await dialog.locator('.question', { hasText: 'Which flavours do you enjoy?' }).waitFor();
  await stillWorks(s);
  await closeChecked(s);
});

test('the loader in an <iframe srcdoc>, with <base href>, and with a malformed data-config', async () => {
  // srcdoc: the frame's URL is about:srcdoc; its base URL is the parent's.
  let s = await openPage(env);
  const frame = page(TAG).replace(/"/g, '&quot;');
  await serveHtml(env, s.page, '/framed', page('', `<iframe title="shop" srcdoc="${frame}" style="width:600px;height:500px"></iframe>`));
  const inner = s.page.frames()[1];
  await inner.waitForFunction(() => window.ShopAssistant);
  assert.equal(await readyState(inner), 'ready');
  assert.deepEqual(s.log.errors, []);
  await closeChecked(s);
  // <base href="/">: a relative data-config resolves against it, as the page's links do.
  s = await openPage(env);
  await serveHtml(env, s.page, '/deep/er/based', page('<base href="/">' + TAG.replace('data-config="/assistant.json"', 'data-config="assistant.json"')));
  assert.equal(await readyState(s.page), 'ready');
  assert.equal(assistantRequestCounts(s)['/assistant.json'], 1);
  await closeChecked(s);
  // A data-config that is not a URL: one line, nothing thrown into the page.
  s = await openPage(env);
  await serveHtml(env, s.page, '/malformed', page(TAG.replace('data-config="/assistant.json"', 'data-config="http://["')));
  assert.match(await readyState(s.page), /^failed: could not read the configuration: "http:\/\/\[" is not a URL/);
  assert.equal(mine(s).length, 1);
  assert.deepEqual(s.log.errors, []);
  await closeChecked(s);
});

test('a relative catalogue URL resolves against the config file, on a deep page too', async () => {
  const config = structuredClone(CONFIG);
  config.catalogue = 'catalogue.json';
  const s = await openPage(env, { config: '/shop/relative.json' });
  await s.page.route(env.url + '/shop/relative.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }));
  await serveHtml(env, s.page, '/a/deep/page', page(TAG.replace('/assistant.json', '/shop/relative.json')));
  assert.equal(await readyState(s.page), 'ready');
  const counts = assistantRequestCounts(s);
  assert.equal(counts['/shop/catalogue.json'], 1);
  assert.deepEqual(mine(s), []);
  await closeChecked(s);
});

test('a trap turns everything off: widget, listeners, timers and storage writes; the API says so', async () => {
  const s = await openPage(env);
  await s.page.addInitScript(() => {
    const keep = (r) => { const i = r.instance || r; if (i.exports?.memory) window.__memory = i.exports.memory; return r; };
    const streaming = WebAssembly.instantiateStreaming, plain = WebAssembly.instantiate;
    WebAssembly.instantiateStreaming = function (...a) { return streaming.apply(this, a).then(keep); };
    WebAssembly.instantiate = function (...a) { return plain.apply(this, a).then(keep); };
  });
  await s.page.goto(env.url + '/products/house-espresso');
  assert.equal(await readyState(s.page), 'ready');
  await launcher(s).click();
  await assistant(s.page).first().getByRole('dialog').waitFor();
  // The page takes every page of memory the instance may have, then a click on the shop's
  // add-to-basket button makes the assistant read a 4 MB product id: a real trap in its own
  // listener, with its state half-way through the click.
  await s.page.evaluate(() => {
    for (let step = 16384; step >= 1; step >>= 1) {
      try { for (;;) window.__memory.grow(step); } catch (e) { /* at the limit for this step */ }
    }
    window.__writes = 0;
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) { if (k === 'shop-assistant:profile') window.__writes++; return set.call(this, k, v); };
    const button = document.querySelector('[data-add-to-basket]');
    button.setAttribute('data-id', 'x'.repeat(1 << 22));
    button.click();
  });
  await s.page.waitForFunction(() => !document.querySelector('[data-shop-assistant]'));
  const lines = mine(s);
  assert.equal(lines.length, 1, JSON.stringify(lines));
  assert.match(lines[0], /^shop-assistant: internal error, turned off for this page/);
  // Nothing runs any more: page views, exit intent, storage events, the timers.
  await s.page.evaluate(() => {
    history.pushState({}, '', '/products/kenya-nyeri-aa');
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: -1, bubbles: true }));
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  });
  await s.page.waitForTimeout(1300);
  assert.equal(await s.page.evaluate(() => window.__writes), 0, 'no storage write after the trap');
  assert.equal(await s.page.locator('[data-shop-assistant]').count(), 0);
  for (const call of ['consent(false)', 'forget()', 'open("coffee-finder")', 'close()']) {
    const answer = await s.page.evaluate(`window.ShopAssistant.${call}.then(() => 'ok', (e) => e.message)`);
    assert.equal(answer, 'shop-assistant: not running', call);
  }
  await closeChecked(s);
});

/** A basket page of `lines` lines (the demo config's markup) and a clock the page updates
 *  every 4 ms outside the basket; resolves to the clock's ticks and the frames drawn in 2 s. */
async function timerRate(s, lines, withAssistant) {
  const rows = Array.from({ length: lines }, (_, i) =>
    `<tr data-line-id="p${i}"><td>P${i}</td><td data-quantity="1">1</td><td data-price="2.50">€2.50</td></tr>`).join('');
  const html = page(withAssistant ? TAG : '', `<p id="clock">0</p><table data-basket><tbody>${rows}</tbody></table>
    <p>Subtotal: <span data-basket-subtotal>€${(lines * 2.5).toFixed(2)}</span></p>`);
  await serveHtml(env, s.page, '/basket', html);
  if (withAssistant) assert.equal(await readyState(s.page), 'ready');
  return s.page.evaluate(() => new Promise((resolve) => {
    let ticks = 0, frames = 0;
    const clock = document.getElementById('clock');
    const timer = setInterval(() => { ticks++; clock.textContent = String(ticks); clock.setAttribute('data-t', ticks); }, 4);
    const frame = () => { frames++; if (frames < 1e9) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    setTimeout(() => { clearInterval(timer); resolve({ ticks, frames }); }, 2000);
  }));
}

test('an exception thrown inside the glue (it is in the loader\'s file) turns the assistant off as one of its own, with one line', async () => {
  const s = await openPage(env);
  await s.page.goto(env.url + '/products/house-espresso');
  assert.equal(await readyState(s.page), 'ready');
  // The page breaks the decoder the glue reads every string from the wasm with: the glue's
  // own call then throws (a TypeError whose top frame is the glue's line of the loader), in
  // the middle of a call into the assistant.
  const rejected = await s.page.evaluate(async () => {
    TextDecoder.prototype.decode = 5;
    try {
      await window.ShopAssistant.profile();
      return null;
    } catch (e) {
      return String(e.message);
    }
  });
  assert.match(String(rejected), /^shop-assistant: /, 'the API call rejects');
  const lines = mine(s);
  assert.equal(lines.length, 1, JSON.stringify(lines));
  assert.match(lines[0], /^shop-assistant: internal error, turned off for this page: .*decode/);
  await s.page.waitForFunction(() => !document.querySelector('[data-shop-assistant]'));
  assert.equal(await s.page.evaluate(() => document.querySelector('h1') !== null), true, 'the page is still there');
  assert.deepEqual(s.log.errors, [], 'nothing thrown into the page');
  await closeChecked(s);
});

test('a basket of 5,000 lines: the page\'s own timers and frames run as fast as without the assistant', async () => {
  const s = await openPage(env);
  const runs = { without: [], with: [] };
  for (let round = 0; round < 3; round++) {
    runs.without.push(await timerRate(s, 5000, false));
    runs.with.push(await timerRate(s, 5000, true));
  }
  const median = (xs) => xs.map((x) => x.ticks).sort((a, b) => a - b)[1];
  const frames = (xs) => xs.map((x) => x.frames).sort((a, b) => a - b)[1];
  console.log(`# 5,000-line basket, 2 s: page timer ticks ${median(runs.without)} without the assistant, ${median(runs.with)} with; frames ${frames(runs.without)} / ${frames(runs.with)}`);
  assert.ok(median(runs.with) >= 0.9 * median(runs.without), JSON.stringify(runs));
  assert.ok(frames(runs.with) >= 0.9 * frames(runs.without), JSON.stringify(runs));
  // And the basket was read: 5,000 lines.
  const p = await s.page.evaluate(() => window.ShopAssistant.profile());
  assert.equal(p.basket.length > 0, true);
  assert.equal(await s.page.evaluate((k) => localStorage.getItem(k) !== null, PROFILE_KEY), true);
  await closeChecked(s);
});

test('page listeners on every assistant event call open, close, track and forget at once: nothing traps, nothing is thrown', async () => {
  const config = structuredClone(CONFIG);
  config.messages = [{ id: 'hello', placement: 'slide-in', body: 'Hello', when: { page: 'other' }, buttons: [{ label: 'Find a coffee', flow: 'coffee-finder' }, { label: 'No thanks', dismiss: true }] }];
  const listeners = `<script>
    window.__events = {}; window.__rejected = [];
    for (const name of ['flow-started', 'flow-completed', 'result-chosen', 'message-shown', 'message-clicked', 'message-dismissed', 'survey-answered']) {
      document.addEventListener('shop-assistant:' + name, () => {
        window.__events[name] = (window.__events[name] || 0) + 1;
        const A = window.ShopAssistant;
        // Once per event: opening a flow from flow-started each time would be the page's own loop.
        if (window.__events[name] > 1) return;
        for (const p of [A.open('coffee-finder'), A.close(), A.track({ type: 'product_view', id: 'house-espresso' }), A.forget()]) {
          p.catch((e) => window.__rejected.push(name + ': ' + e.message));
        }
      });
    }</script>`;
  const s = await openPage(env);
  await serveHtml(env, s.page, '/re-entry', pageWithConfig(config, listeners).replace('<h1>Host</h1>', '<h1>Host</h1><div data-shop-assistant-flow="coffee-finder"></div>'));
  assert.equal(await readyState(s.page), 'ready');
  await s.page.waitForFunction(() => window.__events['message-shown'] >= 1);
  const inline = s.page.locator('[data-shop-assistant-flow] [data-shop-assistant]');
  await inline.getByRole('button', { name: 'Espresso machine' }).click();
  await inline.getByRole('button', { name: 'Dark and chocolatey' }).click();
  await inline.locator('.product.best .name').waitFor();
  await s.page.waitForFunction(() => window.__events['flow-completed'] >= 1);
  // The slide-in's buttons, if the listeners' calls left it on screen.
  const main = s.page.locator('body > [data-shop-assistant]:not([data-shop-assistant-top])');
  const message = main.getByRole('button', { name: 'No thanks' });
  if (await message.count()) await message.click();
  await s.page.waitForTimeout(100);
  const seen = await s.page.evaluate(() => window.__events);
  assert.ok(seen['flow-started'] >= 1 && seen['flow-completed'] >= 1 && seen['message-shown'] >= 1, JSON.stringify(seen));
  assert.deepEqual(await s.page.evaluate(() => window.__rejected), []);
  await stillWorks(s);
  // Still answers: the launcher's flow to its results.
  await s.page.evaluate(() => window.ShopAssistant.open('coffee-finder'));
  const dialog = main.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Filter or pour-over' }).click();
  await dialog.getByRole('button', { name: 'Bright and fruity' }).click();
  await dialog.locator('.product.best .name').waitFor();
  // And the hand-off: result-chosen's listener runs as the page leaves, and the next page works.
  await Promise.all([s.page.waitForURL('**/products/**'), dialog.locator('.product.best a').first().click()]);
  assert.deepEqual(s.log.errors, []);
  await closeChecked(s);
});

test('a page listener that calls destroy() on an assistant event: the assistant leaves cleanly', async () => {
  for (const name of ['flow-started', 'message-shown', 'flow-completed']) {
    const config = structuredClone(CONFIG);
    config.messages = [{ id: 'hello', placement: 'slide-in', body: 'Hello', when: { page: 'other' }, buttons: [{ label: 'No thanks', dismiss: true }] }];
    const s = await openPage(env);
    await serveHtml(env, s.page, '/destroy-' + name, pageWithConfig(config, `<script>
      document.addEventListener('shop-assistant:${name}', () => { window.ShopAssistant.destroy().then(() => { window.__destroyed = true; }); });</script>`)
      .replace('<h1>Host</h1>', '<h1>Host</h1><div data-shop-assistant-flow="coffee-finder"></div>'));
    assert.equal(await readyState(s.page), 'ready', name);
    if (name !== 'message-shown') {
      const inline = s.page.locator('[data-shop-assistant-flow] [data-shop-assistant]');
      await inline.getByRole('button', { name: 'Espresso machine' }).click();
      if (name === 'flow-completed') await inline.getByRole('button', { name: 'Dark and chocolatey' }).click();
    }
    await s.page.waitForFunction(() => window.__destroyed === true);
    assert.equal(await s.page.locator('[data-shop-assistant]').count(), 0, name);
    assert.deepEqual(s.log.errors, [], name);
    assert.deepEqual(mine(s), [], name);
    assert.equal(await s.page.evaluate(() => window.ShopAssistant.open('coffee-finder').then(() => 'ok', (e) => e.message)), 'shop-assistant: not running', name);
    await closeChecked(s);
  }
});
