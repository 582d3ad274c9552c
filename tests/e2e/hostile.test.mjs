// Hostile input: merchant texts full of markup and script, hostile URLs, and a hostile host
// stylesheet. No script runs, no markup is created from text, no javascript: link reaches
// the page, and the widget still looks right.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setup, openPage, consoleErrors, readyState, assistant, closeChecked, serveHtml, pageWithConfig } from './harness.mjs';

const CONFIG = JSON.parse(readFileSync(new URL('../../www/assistant.json', import.meta.url), 'utf8'));
const PAYLOADS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 2">',
  '"><svg onload="window.__xss = 3">',
  "javascript:window.__xss = 4",
  '<a href="javascript:window.__xss=5">x</a>',
  '{{constructor.constructor("window.__xss = 6")()}}',
];

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const pageWith = (s, path, config, head) => serveHtml(env, s.page, path, pageWithConfig(config, head));

test('markup and script in every merchant text stay text', async () => {
  const config = structuredClone(CONFIG);
  const flow = config.flows['coffee-finder'];
  flow.title = PAYLOADS.join(' ');
  flow.questions[0].text = PAYLOADS[1];
  flow.questions[0].help = PAYLOADS[2];
  flow.questions[0].answers[0].label = PAYLOADS[0];
  flow.questions[1].answers[2].label = PAYLOADS[4];
  config.launcher.label = PAYLOADS[5];
  for (const m of config.messages) m.body = PAYLOADS[3] + ' {remaining}';
  const s = await openPage(env);
  const dialogs = [];
  s.page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await pageWith(s, '/xss', config);
  assert.equal(await readyState(s.page), 'ready');
  const w = assistant(s.page).first();
  await w.getByRole('button', { name: PAYLOADS[5] }).click();
  await w.getByRole('button', { name: PAYLOADS[0] }).click();
  await w.getByRole('button', { name: PAYLOADS[4] }).click();
  const found = await s.page.evaluate(() => {
    const root = document.querySelector('[data-shop-assistant]:not([data-shop-assistant-top])').shadowRoot;
    return {
      xss: window.__xss ?? null,
      scripts: root.querySelectorAll('script, svg, iframe, object, embed').length,
      onAttributes: [...root.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
      jsLinks: [...root.querySelectorAll('[href], [src]')].filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src'))).length,
      title: root.querySelector('#sa-title').textContent,
    };
  });
  assert.deepEqual(found, { xss: null, scripts: 0, onAttributes: 0, jsLinks: 0, title: PAYLOADS.join(' ') });
  assert.deepEqual(dialogs, []);
  await closeChecked(s);
});

test('hostile URLs are refused by the config check, each one named', async () => {
  const urls = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', '\u0001javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)'];
  const config = structuredClone(CONFIG);
  config.catalogue = { currency: 'EUR', products: urls.map((u, i) => ({ id: 'p' + i, name: 'P' + i, url: u, price: 1, image: u })) };
  const s = await openPage(env);
  await pageWith(s, '/urls', config);
  assert.match(await readyState(s.page), /^failed: /);
  const [line] = consoleErrors(s).filter((e) => e.startsWith('shop-assistant:'));
  for (let i = 0; i < urls.length; i++) {
    assert.match(line, new RegExp(`catalogue\\.products\\[${i}\\]\\.url: only http, https or relative URLs are allowed`));
    assert.match(line, new RegExp(`catalogue\\.products\\[${i}\\]\\.image: only http, https or relative URLs are allowed`));
  }
  await closeChecked(s);
});

test('a hostile host stylesheet does not break the widget', async () => {
  const hostile = `<style>
    * { all: unset !important; }
    body { font-size: 60px !important; }
    div { z-index: 2147483647 !important; position: relative !important; }
    button { display: none !important; }
  </style><div style="position:fixed;inset:0;z-index:2147483647;pointer-events:none"></div>`;
  const s = await openPage(env);
  await pageWith(s, '/hostile-css', CONFIG, hostile);
  assert.equal(await readyState(s.page), 'ready');
  const launcher = assistant(s.page).first().getByRole('button', { name: 'Find your coffee' });
  const style = await launcher.evaluate((e) => {
    const c = getComputedStyle(e);
    return { display: c.display, position: c.position, fontSize: c.fontSize };
  });
  assert.deepEqual(style, { display: 'block', position: 'fixed', fontSize: '16px' });
  await launcher.click();
  const dialog = assistant(s.page).first().getByRole('dialog');
  await dialog.waitFor();
  const box = await dialog.boundingBox();
  assert.ok(box.width > 300 && box.width <= 480, `dialog width ${box.width}`);
  await dialog.getByRole('button', { name: 'Espresso machine' }).click();
  assert.equal(await dialog.locator('.question').textContent(), 'Which flavours do you enjoy?');
  await closeChecked(s);
});

test('Trusted Types enforced: no violation, the assistant works', async () => {
  const s = await openPage(env);
  const violations = [];
  s.page.on('console', (m) => { if (/Trusted Type|TrustedScript|TrustedHTML/i.test(m.text())) violations.push(m.text()); });
  await serveHtml(env, s.page, '/tt',
    '<!doctype html><html lang="en"><head><title>TT</title><script async src="/shop-assistant/shop-assistant.js" data-config="/assistant.json"></script></head><body><h1>TT</h1></body></html>',
    { 'content-security-policy': "require-trusted-types-for 'script'; script-src 'self' 'wasm-unsafe-eval'" });
  assert.equal(await readyState(s.page), 'ready');
  await s.page.evaluate(() => window.ShopAssistant.open('coffee-finder'));
  await assistant(s.page).first().getByRole('dialog').waitFor();
  assert.deepEqual(violations, []);
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('no global besides ShopAssistant', async () => {
  const s = await openPage(env);
  await serveHtml(env, s.page, '/globals', `<!doctype html><html lang="en"><head><title>G</title><script>window.__before = Object.getOwnPropertyNames(window);</script>
<script async src="/shop-assistant/shop-assistant.js" data-config="/assistant.json"></script></head><body><h1>G</h1></body></html>`);
  assert.equal(await readyState(s.page), 'ready');
  await s.page.evaluate(() => window.ShopAssistant.open('coffee-finder'));
  const added = await s.page.evaluate(() => Object.getOwnPropertyNames(window).filter((k) => !window.__before.includes(k) && k !== '__before'));
  assert.deepEqual(added, ['ShopAssistant']);
  await closeChecked(s);
});

// The visitor's page takes all the memory a WebAssembly instance can have (4 GiB), so the
// assistant's next allocation fails and the instance traps: a real trap, in the assistant's
// own handler of a real click, or in a call through the API.
async function exhaustMemory(s) {
  await s.page.addInitScript(() => {
    const keep = (r) => { const i = r.instance || r; if (i.exports?.memory) window.__memory = i.exports.memory; return r; };
    const streaming = WebAssembly.instantiateStreaming, plain = WebAssembly.instantiate;
    WebAssembly.instantiateStreaming = function (...a) { return streaming.apply(this, a).then(keep); };
    WebAssembly.instantiate = function (...a) { return plain.apply(this, a).then(keep); };
    window.__exhaustMemory = () => {
      for (let step = 16384; step >= 1; step >>= 1) {
        try { for (;;) window.__memory.grow(step); } catch (e) { /* at the limit for this step */ }
      }
    };
  });
}

async function assertTurnedOff(s) {
  const lines = consoleErrors(s).filter((e) => e.startsWith('shop-assistant:'));
  assert.equal(lines.length, 1, JSON.stringify(consoleErrors(s)));
  assert.match(lines[0], /^shop-assistant: internal error, turned off for this page: unreachable/);
  assert.equal(await s.page.locator('[data-shop-assistant]').count(), 0, 'the widget is gone');
  const state = await s.page.evaluate(() => window.ShopAssistant.open('coffee-finder').then(() => 'opened', (e) => e.message));
  assert.equal(state, 'shop-assistant: not running');
  // The host page is fine: its own script still runs.
  await s.page.getByRole('link', { name: 'Coffee' }).first().click();
  await s.page.waitForURL('**/coffee');
}

test('a trap in one of the assistant\'s event handlers turns it off with one line; the page keeps working', async () => {
  const s = await openPage(env);
  await exhaustMemory(s);
  await s.page.goto(env.url + '/products/house-espresso');
  assert.equal(await readyState(s.page), 'ready');
  const stack = await s.page.evaluate(() => {
    let seen = '';
    addEventListener('error', (e) => { seen = String(e.error?.stack); });
    window.__exhaustMemory();
    // The assistant's click listener reads the product id of the add-to-basket button.
    const button = document.querySelector('[data-add-to-basket]');
    button.setAttribute('data-id', 'x'.repeat(1 << 22));
    button.click();
    return seen;
  });
  assert.match(stack, /^RuntimeError: unreachable[\s\S]*assistant_bg\.wasm/, 'the trap came from the wasm');
  await assertTurnedOff(s);
  await closeChecked(s);
});

test('a trap in a call through ShopAssistant turns it off with one line', async () => {
  const s = await openPage(env);
  await exhaustMemory(s);
  await s.page.goto(env.url + '/');
  assert.equal(await readyState(s.page), 'ready');
  const message = await s.page.evaluate(() => {
    window.__exhaustMemory();
    return window.ShopAssistant.track({ type: 'search', query: 'x'.repeat(1 << 22) }).then(() => 'tracked', (e) => e.message);
  });
  assert.match(message, /^shop-assistant: unreachable/);
  await assertTurnedOff(s);
  await closeChecked(s);
});

test('JSON nested as deep as the reader allows fits the shipped stack; deeper is an error, not a trap', async () => {
  const s = await openPage(env);
  for (const [depth, expected] of [[128, /extra: unknown field/], [400, /nested too deeply/]]) {
    const config = structuredClone(CONFIG);
    config.extra = JSON.parse('['.repeat(depth - 1) + ']'.repeat(depth - 1));
    await pageWith(s, `/deep-${depth}`, config);
    const state = await readyState(s.page);
    assert.match(state, /^failed: /, `depth ${depth}`);
    assert.match(state, expected);
    assert.ok(!consoleErrors(s).some((e) => /internal error/.test(e)), JSON.stringify(consoleErrors(s)));
  }
  await closeChecked(s);
});

test('destroy() removes the widget, its listeners and timers', async () => {
  const s = await openPage(env);
  await s.page.goto(env.url + '/products/house-espresso');
  assert.equal(await readyState(s.page), 'ready');
  await s.page.evaluate(() => window.ShopAssistant.destroy());
  const before = await s.page.evaluate(() => localStorage.getItem('shop-assistant:profile'));
  await s.page.getByRole('button', { name: 'Add to basket' }).click();
  await s.page.evaluate(() => history.pushState({}, '', '/products/kenya-nyeri-aa'));
  await s.page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseout', { clientY: -1, bubbles: true })));
  await s.page.waitForTimeout(1300);
  assert.equal(await s.page.evaluate(() => localStorage.getItem('shop-assistant:profile')), before, 'nothing recorded or written after destroy');
  assert.equal(await s.page.locator('[data-shop-assistant]').count(), 0);
  await closeChecked(s);
});

test('a host that patched built-ins: the assistant still works', async () => {
  const s = await openPage(env);
  await serveHtml(env, s.page, '/patched', `<!doctype html><html lang="en"><head><title>Patched</title><script>
      Array.prototype.toJSON = function () { return 'patched'; };
      Object.prototype.polluted = 'yes';
      const stringify = JSON.stringify; JSON.stringify = function (v) { return stringify(v); };
      const append = Element.prototype.appendChild; Element.prototype.appendChild = function (c) { return append.call(this, c); };
      window.fetch = ((f) => function (u, o) { return f(u, o); })(window.fetch);
    </script><script async src="/shop-assistant/shop-assistant.js" data-config="/assistant.json"></script></head>
    <body><h1>Patched</h1></body></html>`);
  assert.equal(await readyState(s.page), 'ready');
  const w = assistant(s.page).first();
  await w.getByRole('button', { name: 'Find your coffee' }).click();
  await w.getByRole('button', { name: 'Espresso machine' }).click();
  await w.getByRole('button', { name: 'Dark and chocolatey' }).click();
  assert.equal(await w.locator('.product.best .name').textContent(), 'House Espresso Blend');
  const profile = await s.page.evaluate(() => window.ShopAssistant.profile());
  assert.deepEqual(profile.flows, [{ flow: 'coffee-finder', started: 1, completed: 1, chosen: 0 }]);
  assert.deepEqual(s.log.errors, []);
  await closeChecked(s);
});
