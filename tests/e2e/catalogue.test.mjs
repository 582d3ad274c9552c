// A catalogue file (`"catalogue": "/shop/catalogue.json"`) is fetched but its body not waited
// for: the launcher and inline flows are on the page once the server answers (or after a
// second without an answer) while the products are still on their way, and what needs the
// products (which answers fit, results, messages) catches up when it arrives. The tests hold
// the catalogue's response back until they release it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, consoleErrors, readyState, assistant, closeChecked, serveHtml, pageWithConfig } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const CATALOGUE = {
  currency: 'EUR',
  products: [
    { id: 'red-small', name: 'Small red mug', url: '/products/red-small', price: 9, attributes: { colour: 'red', size: 'small' } },
    { id: 'blue-large', name: 'Large blue mug', url: '/products/blue-large', price: 12, inStock: false, attributes: { colour: 'blue', size: 'large' } },
  ],
};

const CONFIG = {
  catalogue: '/shop/catalogue.json',
  launcher: { flow: 'mugs', label: 'Find a mug' },
  flows: {
    mugs: {
      title: 'Find a mug',
      questions: [
        { id: 'colour', text: 'Which colour?', answers: [
          { id: 'red', label: 'Red', filters: [{ attribute: 'colour', equals: 'red' }] },
          { id: 'blue', label: 'Blue', filters: [{ attribute: 'colour', equals: 'blue' }] },
        ] },
      ],
    },
  },
  messages: [{ id: 'hello', body: 'Hello from the mug shop', when: { not: { page: 'checkout' } } }],
};

/** Serves the catalogue only when `release()` is called; `status` other than 200 fails it. */
async function holdCatalogue(page, { status = 200 } = {}) {
  let release;
  const released = new Promise((r) => { release = r; });
  let requested = false;
  await page.route(/\/shop\/catalogue\.json$/, async (route) => {
    requested = true;
    await released;
    await route.fulfill({ status, contentType: 'application/json', body: status === 200 ? JSON.stringify(CATALOGUE) : 'gone' });
  });
  return { release, requested: () => requested };
}

const settledSoon = (page) =>
  page.evaluate(() => Promise.race([window.ShopAssistant.ready.then(() => 'ready', () => 'failed'), new Promise((r) => setTimeout(() => r('pending'), 200))]));

test('the launcher and an inline flow are on the page before the catalogue file; answers, results and messages follow it', async () => {
  const s = await openPage(env);
  const held = await holdCatalogue(s.page);
  const body = '<div data-shop-assistant-flow="mugs"></div>';
  await serveHtml(env, s.page, '/lazy', pageWithConfig(CONFIG).replace('<h1>Host</h1>', `<h1>Host</h1>${body}`));
  const ui = assistant(s.page);
  await ui.getByRole('button', { name: 'Find a mug' }).waitFor();
  await ui.getByText('Which colour?').waitFor();
  assert.ok(held.requested(), 'the catalogue was requested');
  assert.equal(await settledSoon(s.page), 'pending', '`ready` waits for the catalogue');
  // No products known yet: no answer is marked unavailable, no message is shown.
  assert.equal(await ui.getByRole('button', { name: 'Blue' }).getAttribute('aria-disabled'), null);
  assert.equal(await ui.getByText('Hello from the mug shop').count(), 0);

  // Answering the last question before the products are in: the results wait, busy.
  await ui.getByRole('button', { name: 'Red' }).click();
  const results = ui.locator('[aria-busy="true"]');
  await results.waitFor();
  assert.equal(await ui.getByText('nothing that fits', { exact: false }).count(), 0, 'no "nothing fits" while the products are on their way');

  held.release();
  assert.equal(await readyState(s.page), 'ready');
  await ui.getByRole('link', { name: /Small red mug/ }).first().waitFor();
  assert.equal(await results.count(), 0, 'no longer busy');
  await ui.getByText('Hello from the mug shop').waitFor();
  // The launcher's flow now knows what is in stock: Blue cannot be chosen.
  await ui.getByRole('button', { name: 'Find a mug' }).click();
  const dialog = ui.getByRole('dialog');
  assert.equal(await dialog.getByRole('button', { name: 'Blue' }).getAttribute('aria-disabled'), 'true');
  assert.deepEqual(consoleErrors(s), []);
  assert.deepEqual(s.log.errors, []);
  await closeChecked(s);
});

test('an inline flow still on its first question is drawn again when the catalogue arrives, without taking focus', async () => {
  const s = await openPage(env);
  const held = await holdCatalogue(s.page);
  const config = { ...CONFIG, launcher: undefined, messages: undefined };
  const body = '<input id="search" aria-label="Search"><div data-shop-assistant-flow="mugs"></div>';
  await serveHtml(env, s.page, '/lazy-inline', pageWithConfig(config).replace('<h1>Host</h1>', `<h1>Host</h1>${body}`));
  const ui = assistant(s.page);
  await ui.getByText('Which colour?').waitFor();
  await s.page.focus('#search');
  held.release();
  assert.equal(await readyState(s.page), 'ready');
  await s.page.waitForFunction(() => [...document.querySelectorAll('[data-shop-assistant]')]
    .some((h) => h.shadowRoot.querySelector('[aria-disabled="true"]')));
  assert.equal(await ui.getByRole('button', { name: 'Blue' }).getAttribute('aria-disabled'), 'true');
  assert.equal(await s.page.evaluate(() => document.activeElement.id), 'search', 'focus stayed in the host page');
  await closeChecked(s);
});

test('a missing catalogue file (404): the assistant never shows a launcher, one console line', async () => {
  const s = await openPage(env);
  await s.page.route(/\/shop\/catalogue\.json$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await s.page.addInitScript(() => {
    // Every moment a host of the assistant's is in the page, from the first.
    window.__seen = 0;
    new MutationObserver(() => { if (document.querySelector('[data-shop-assistant]')) window.__seen++; })
      .observe(document, { childList: true, subtree: true });
  });
  await serveHtml(env, s.page, '/missing', pageWithConfig(CONFIG));
  assert.match(await readyState(s.page), /^failed: .*catalogue .*\/shop\/catalogue\.json answered HTTP 404/);
  assert.equal(await s.page.evaluate(() => window.__seen), 0, 'no launcher, not even for a moment');
  const errors = consoleErrors(s).filter((l) => !l.startsWith('Failed to load resource'));
  assert.equal(errors.length, 1, errors.join('\n'));
  await closeChecked(s);
});

test('a catalogue file that fails after the assistant is on the page: one console line, the assistant leaves, the page works', async () => {
  const s = await openPage(env);
  const held = await holdCatalogue(s.page, { status: 404 });
  await serveHtml(env, s.page, '/lazy-404', pageWithConfig(CONFIG));
  const ui = assistant(s.page);
  await ui.getByRole('button', { name: 'Find a mug' }).waitFor();
  held.release();
  assert.match(await readyState(s.page), /^failed: .*catalogue .*\/shop\/catalogue\.json answered HTTP 404/);
  // (The browser adds its own "Failed to load resource" line for the 404.)
  const errors = consoleErrors(s).filter((l) => !l.startsWith('Failed to load resource'));
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /^shop-assistant: catalogue .* answered HTTP 404/);
  assert.equal(await s.page.locator('[data-shop-assistant]').count(), 0, 'the widget is gone');
  assert.equal(await s.page.evaluate(() => document.querySelector('h1').textContent), 'Host');
  assert.deepEqual(s.log.errors, []);
  await closeChecked(s);
});

test('a preload hint for the catalogue file (as the cookbook suggests) is used: one request, no unused-preload warning', async () => {
  const s = await openPage(env);
  let served = 0;
  await s.page.route(/\/shop\/catalogue\.json$/, (route) => {
    served++;
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(CATALOGUE) });
  });
  // `crossorigin` matters: without it the hint's request differs from the loader's, and the
  // file is fetched twice.
  const head = '<link rel="preload" href="/shop/catalogue.json" as="fetch" crossorigin>';
  await serveHtml(env, s.page, '/lazy-preload', pageWithConfig(CONFIG, head));
  assert.equal(await readyState(s.page), 'ready');
  await s.page.waitForTimeout(3500); // Chromium warns about an unused preload after 3 seconds
  assert.equal(served, 1, 'the loader used the preloaded response');
  assert.deepEqual(s.log.console.filter((m) => /preload/i.test(m.text)).map((m) => m.text), []);
  await closeChecked(s);
});

test('a product page viewed while the catalogue file is still on its way gets its interests once it arrives, though the write timer fired meanwhile', async () => {
  const s = await openPage(env);
  let release;
  const released = new Promise((r) => { release = r; });
  // The demo shop's own catalogue, held back past the profile's one-second write timer.
  await s.page.route(/\/shop\/catalogue\.json$/, async (route) => {
    await released;
    await route.continue();
  });
  await s.page.goto(env.url + '/products/house-espresso');
  await assistant(s.page).getByRole('button', { name: 'Find your coffee' }).waitFor();
  await s.page.waitForTimeout(1500);
  release();
  assert.equal(await readyState(s.page), 'ready');
  await s.page.waitForTimeout(1300); // the batched write that follows the catalogue
  const p = await s.page.evaluate(() => window.ShopAssistant.profile());
  assert.deepEqual(p.recent, ['house-espresso']);
  assert.ok(Object.keys(p.affinities).some((k) => k.startsWith('category=')), JSON.stringify(p.affinities));
  const stored = await s.page.evaluate(() => JSON.parse(localStorage.getItem('shop-assistant:profile')));
  assert.ok(stored && Object.keys(stored.affinities ?? {}).length > 0, 'and they are stored: ' + JSON.stringify(stored));
  await closeChecked(s);
});

test('track() works while the catalogue file is on its way; profile() waits for it', async () => {
  const s = await openPage(env);
  const held = await holdCatalogue(s.page);
  await serveHtml(env, s.page, '/lazy-track', pageWithConfig(CONFIG));
  await assistant(s.page).getByRole('button', { name: 'Find a mug' }).waitFor();
  const tracked = await s.page.evaluate(() => Promise.race([
    window.ShopAssistant.track({ type: 'add_to_basket', id: 'red-small', quantity: 1, price: 9 }).then(() => 'recorded'),
    new Promise((r) => setTimeout(() => r('still waiting'), 1000)),
  ]));
  assert.equal(tracked, 'recorded');
  const early = await s.page.evaluate(() => Promise.race([
    window.ShopAssistant.profile().then(() => 'answered'),
    new Promise((r) => setTimeout(() => r('waiting'), 300)),
  ]));
  assert.equal(early, 'waiting', 'profile() waits for the catalogue');
  held.release();
  assert.equal(await readyState(s.page), 'ready');
  const p = await s.page.evaluate(() => window.ShopAssistant.profile());
  assert.deepEqual(p.basket, [{ id: 'red-small', quantity: 1, price: 9 }]);
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});
