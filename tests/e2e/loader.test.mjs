// The loader as merchants use it: data-config or inline JSON, included twice, a broken or
// missing config, WebAssembly blocked by a CSP. In every case the host page keeps working and
// a failure is one console line starting with "shop-assistant:".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { setup, openPage, networkViolations, assistantRequestCounts, consoleErrors, readyState, assistant, closeChecked, serveHtml, pageWithConfig } from './harness.mjs';

const CONFIG = readFileSync(new URL('../../www/assistant.json', import.meta.url), 'utf8');
const TAG = '<script async src="/shop-assistant/shop-assistant.js" data-config="/assistant.json"></script>';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const pageWith = (session, path, html, headers) => serveHtml(env, session.page, path, html, headers);

/** A host page whose own script proves it still runs: it sets data-host-ok on <body>. */
function hostPage(head, body = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>${head}</head>
<body><h1>Host page</h1><button id="host-button" type="button">Host button</button>${body}
<script src="/shop/shop.js"></script></body></html>`;
}

async function hostStillWorks(page) {
  // shop.js (the host's own script) renders the basket count; the page's own button works.
  await page.evaluate(() => document.getElementById('host-button').click());
  return page.evaluate(() => typeof window.ShopAssistant === 'object' && document.querySelector('h1').textContent === 'Host page');
}

test('pinned with Subresource Integrity from the manifest: starts; a wrong hash: the browser refuses it', async () => {
  const manifest = JSON.parse(readFileSync(new URL('../../dist/shop-assistant/manifest.json', import.meta.url), 'utf8'));
  const pinned = (integrity) => hostPage(`<script async src="/shop-assistant/shop-assistant.js" integrity="${integrity}" data-config="/assistant.json"></script>`);
  const s = await openPage(env);
  await pageWith(s, '/sri', pinned(manifest.files['shop-assistant.js'].integrity));
  assert.equal(await readyState(s.page), 'ready');
  await pageWith(s, '/sri-wrong', pinned('sha384-' + 'A'.repeat(64)));
  assert.equal(await s.page.evaluate(() => typeof window.ShopAssistant), 'undefined', 'the tampered file did not run');
  assert.equal(await s.page.evaluate(() => document.querySelector('h1').textContent), 'Host page');
  await closeChecked(s);
});

test('one integrity attribute pins the whole release: a changed loader (the glue is in it) or a changed wasm is refused with one console line', async () => {
  const DIST = new URL('../../dist/shop-assistant/', import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', DIST), 'utf8'));
  const pinned = hostPage(`<script async src="/shop-assistant/shop-assistant.js" integrity="${manifest.files['shop-assistant.js'].integrity}" data-config="/assistant.json"></script>`);
  // The glue, inside the loader: one byte of it changed.
  const loader = readFileSync(new URL('shop-assistant.js', DIST), 'utf8');
  assert.ok(!existsSync(new URL('assistant.js', DIST)), 'no separate glue file to swap');
  const glueAt = loader.indexOf('__wbg_ptr');
  assert.ok(glueAt > 0 && glueAt < loader.indexOf('ShopAssistant'), 'the glue comes before the loader in the file');
  const tamperedLoader = loader.slice(0, glueAt) + loader.slice(glueAt).replace('__wbg_ptr', '__wbg_pts');
  // The wasm: one byte of its code changed (it still compiles).
  const wasm = readFileSync(new URL('assistant_bg.wasm', DIST));
  const tamperedWasm = Buffer.from(wasm);
  tamperedWasm[tamperedWasm.length - 100] ^= 1;
  for (const [file, body, type] of [['shop-assistant.js', tamperedLoader, 'text/javascript'], ['assistant_bg.wasm', tamperedWasm, 'application/wasm']]) {
    const s = await openPage(env);
    await s.page.route(env.url + '/shop-assistant/' + file, (route) => route.fulfill({ status: 200, contentType: type, body }));
    await pageWith(s, '/tampered-' + file, pinned);
    if (file === 'shop-assistant.js') {
      await s.page.waitForTimeout(500);
      assert.equal(await s.page.evaluate(() => typeof window.ShopAssistant), 'undefined', 'the changed loader did not run');
      const lines = s.log.console.filter((m) => m.type === 'error').map((m) => m.text);
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.match(lines[0], /integrity/i);
    } else {
      assert.match(await readyState(s.page), /^failed: /);
      const lines = consoleErrors(s);
      const mine = lines.filter((e) => e.startsWith('shop-assistant:'));
      assert.equal(mine.length, 1, JSON.stringify(lines));
      assert.match(mine[0], /assistant_bg\.wasm was refused: it does not match this release/);
      assert.equal(assistantRequestCounts(s)['/shop-assistant/assistant_bg.wasm'], 1);
      assert.equal(await s.page.locator('[data-shop-assistant]').count(), 0, 'nothing of the assistant on the page');
    }
    assert.equal(await s.page.evaluate(() => document.querySelector('h1').textContent), 'Host page');
    assert.deepEqual(s.log.errors, [], 'nothing thrown into the page');
    await closeChecked(s);
  }
});

test('a server that does not send application/wasm: the wasm is fetched once and compiled from that response', async () => {
  const s = await openPage(env);
  const wasm = readFileSync(new URL('../../dist/shop-assistant/assistant_bg.wasm', import.meta.url));
  await s.page.route(env.url + '/shop-assistant/assistant_bg.wasm', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: wasm }));
  await pageWith(s, '/octet-stream', hostPage(TAG));
  assert.equal(await readyState(s.page), 'ready');
  assert.equal(assistantRequestCounts(s)['/shop-assistant/assistant_bg.wasm'], 1);
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('an inline JSON config works without data-config', async () => {
  const s = await openPage(env);
  await pageWith(s, '/inline', hostPage(
    '<script async src="/shop-assistant/shop-assistant.js"></script>',
    `<script type="application/json" id="shop-assistant-config">${CONFIG}</script>`,
  ));
  assert.equal(await readyState(s.page), 'ready');
  await s.page.evaluate(() => window.ShopAssistant.open('coffee-finder'));
  await assistant(s.page).getByRole('dialog', { name: 'Find your coffee' }).waitFor();
  assert.equal(assistantRequestCounts(s)['/assistant.json'], undefined, 'the inline config is not fetched');
  assert.deepEqual(networkViolations(s), []);
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('included twice, the assistant starts once', async () => {
  const s = await openPage(env);
  await pageWith(s, '/twice', hostPage(TAG + TAG, TAG));
  assert.equal(await readyState(s.page), 'ready');
  assert.equal(await s.page.locator('[data-shop-assistant]').count(), 1);
  assert.equal(await assistant(s.page).getByRole('button', { name: 'Find your coffee' }).count(), 1);
  const counts = assistantRequestCounts(s);
  assert.equal(counts['/shop-assistant/assistant_bg.wasm'], 1);
  assert.equal(counts['/assistant.json'], 1);
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('the API opens and closes flows and rejects unknown ones', async () => {
  const s = await openPage(env);
  await s.page.goto(env.url + '/basket');
  assert.equal(await readyState(s.page), 'ready');
  const api = await s.page.evaluate(() => ({
    keys: Object.keys(window.ShopAssistant).sort(),
    frozen: Object.isFrozen(window.ShopAssistant),
    version: window.ShopAssistant.version,
  }));
  assert.deepEqual(api.keys, ['close', 'consent', 'destroy', 'forget', 'open', 'profile', 'ready', 'stats', 'track', 'version']);
  assert.ok(api.frozen);
  assert.match(api.version, /^\d+\.\d+\.\d+$/);
  const dialog = assistant(s.page).getByRole('dialog');
  await s.page.evaluate(() => window.ShopAssistant.open('coffee-finder'));
  await dialog.waitFor();
  await s.page.evaluate(() => window.ShopAssistant.close());
  await dialog.waitFor({ state: 'detached' });
  // Without an id: the launcher's flow.
  await s.page.evaluate(() => window.ShopAssistant.open());
  await assistant(s.page).getByRole('dialog', { name: 'Find your coffee' }).waitFor();
  await s.page.evaluate(() => window.ShopAssistant.close());
  await dialog.waitFor({ state: 'detached' });
  const rejected = await s.page.evaluate(() => window.ShopAssistant.open('coffe-finder').then(() => 'opened', (e) => e.message));
  assert.equal(rejected, 'shop-assistant: no flow "coffe-finder" (did you mean "coffee-finder"?)');
  await s.page.evaluate(() => window.ShopAssistant.destroy());
  assert.equal(await s.page.locator('[data-shop-assistant]').count(), 0, 'destroy removes the widget');
  assert.deepEqual(s.log.errors, [], 'nothing was thrown into the page');
  await closeChecked(s);
});

test('a broken config: one console line listing every problem, the page keeps working', async () => {
  const s = await openPage(env);
  const broken = CONFIG.replace('"flow": "coffee-finder"', '"flow": "coffee-findr"').replace('"maxResults": 3', '"maxResults": 0');
  await pageWith(s, '/broken', hostPage(
    '<script async src="/shop-assistant/shop-assistant.js"></script>',
    `<script type="application/json" id="shop-assistant-config">${broken}</script>`,
  ));
  assert.match(await readyState(s.page), /^failed: /);
  assert.ok(await hostStillWorks(s.page));
  const errors = consoleErrors(s);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.match(errors[0], /^shop-assistant: the configuration has errors:\n/);
  assert.match(errors[0], /flows\.coffee-finder\.maxResults: must be a whole number from 1 to 20; found 0/);
  assert.match(errors[0], /launcher\.flow: no flow "coffee-findr" \(did you mean "coffee-finder"\?\)/);
  assert.deepEqual(s.log.errors, [], 'no uncaught exception reached the page');
  assert.equal(await s.page.locator('[data-shop-assistant]').count(), 0);
  await closeChecked(s);
});

test('no config at all, or a config URL that fails: one clear line', async () => {
  for (const [path, tag, expected, config] of [
    ['/no-config', '<script async src="/shop-assistant/shop-assistant.js"></script>', /^shop-assistant: could not read the configuration: no configuration: add data-config=/],
    ['/missing-config', '<script async src="/shop-assistant/shop-assistant.js" data-config="/nope.json"></script>', /^shop-assistant: could not read the configuration: config http:\/\/127\.0\.0\.1:\d+\/nope\.json answered HTTP 404$/, '/nope.json'],
  ]) {
    const s = await openPage(env, { config });
    await pageWith(s, path, hostPage(tag));
    assert.match(await readyState(s.page), /^failed: /);
    assert.ok(await hostStillWorks(s.page));
    const mine = consoleErrors(s).filter((e) => e.startsWith('shop-assistant:'));
    assert.equal(mine.length, 1, path);
    assert.match(mine[0], expected);
    assert.deepEqual(s.log.errors, []);
    await closeChecked(s);
  }
});

test('a CSP without wasm-unsafe-eval: the assistant says what to add, the page keeps working', async () => {
  const s = await openPage(env);
  await pageWith(s, '/csp-no-wasm', hostPage(TAG), {
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'",
  });
  assert.match(await readyState(s.page), /^failed: /);
  assert.ok(await hostStillWorks(s.page));
  const mine = consoleErrors(s).filter((e) => e.startsWith('shop-assistant:'));
  assert.equal(mine.length, 1, JSON.stringify(consoleErrors(s)));
  assert.match(mine[0], /add 'wasm-unsafe-eval' to script-src/);
  assert.deepEqual(s.log.errors, []);
  await closeChecked(s);
});

test("a strict CSP with 'wasm-unsafe-eval': the assistant works, styles included", async () => {
  const s = await openPage(env);
  await pageWith(s, '/csp-strict', hostPage(TAG), {
    'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'",
  });
  assert.equal(await readyState(s.page), 'ready');
  const launcher = assistant(s.page).getByRole('button', { name: 'Find your coffee' });
  const position = await launcher.evaluate((e) => getComputedStyle(e).position);
  assert.equal(position, 'fixed', 'the adopted stylesheet applies under style-src self');
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('config warnings go to the console as warnings; the assistant still starts', async () => {
  const s = await openPage(env);
  const typo = CONFIG.replace('"attribute": "taste"', '"attribute": "tast"');
  assert.notEqual(typo, CONFIG);
  await pageWith(s, '/warned', hostPage(
    '<script async src="/shop-assistant/shop-assistant.js"></script>',
    `<script type="application/json" id="shop-assistant-config">${typo}</script>`,
  ));
  assert.equal(await readyState(s.page), 'ready');
  const warnings = s.log.console.filter((m) => m.type === 'warning').map((m) => m.text);
  assert.deepEqual(warnings, [
    'shop-assistant: flows.coffee-finder.questions[1].answers[0].filters[0].attribute: no product has the attribute "tast" (did you mean "taste"?)',
    "shop-assistant: flows.coffee-finder.questions[1].answers[0]: no product fits this answer's filters",
  ]);
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('the first question is drawn before storage is read; the profile is read right after, and `ready` waits for it', async () => {
  const s = await openPage(env);
  await s.page.addInitScript(() => {
    window.__order = [];
    const get = Storage.prototype.getItem;
    Storage.prototype.getItem = function (key) {
      window.__order.push('read ' + key);
      return get.call(this, key);
    };
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      new MutationObserver(() => {
        if (root.textContent.includes('Which colour?') && !window.__order.includes('question')) window.__order.push('question');
      }).observe(root, { childList: true, subtree: true, characterData: true });
      return root;
    };
  });
  const config = {
    catalogue: [{ id: 'mug', name: 'Mug', url: '/products/mug', price: 9, currency: 'EUR', attributes: { colour: 'red' } }],
    flows: { mugs: { title: 'Mugs', questions: [{ id: 'colour', text: 'Which colour?', answers: [{ id: 'red', label: 'Red', prefer: [{ attribute: 'colour', equals: 'red' }] }] }] } },
  };
  const html = pageWithConfig(config).replace('<h1>Host</h1>', '<h1>Host</h1><div data-shop-assistant-flow="mugs"></div>');
  await pageWith(s, '/first-paint', html);
  assert.equal(await readyState(s.page), 'ready');
  const order = await s.page.evaluate(() => window.__order);
  const question = order.indexOf('question');
  const profile = order.indexOf('read shop-assistant:profile');
  assert.ok(question >= 0 && profile >= 0, JSON.stringify(order));
  assert.ok(question < profile, `question first, then storage: ${JSON.stringify(order)}`);
  assert.ok(!order.slice(0, question).some((e) => e.startsWith('read ')), `no storage read before the question: ${JSON.stringify(order)}`);
  // The page-level root and the inline flow's share one parsed stylesheet.
  const sheets = await s.page.evaluate(() => {
    const roots = [...document.querySelectorAll('[data-shop-assistant]')].map((h) => h.shadowRoot);
    return { roots: roots.length, shared: roots.every((r) => r.adoptedStyleSheets.length === 1 && r.adoptedStyleSheets[0] === roots[0].adoptedStyleSheets[0]) };
  });
  assert.deepEqual(sheets, { roots: 2, shared: true });
  await closeChecked(s);
});
