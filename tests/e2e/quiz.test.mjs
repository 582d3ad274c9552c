// A new visitor on the demo storefront clicks the launcher, answers both questions and lands
// on the product page that fits, and the assistant makes no request but its own.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, networkViolations, assistantRequestCounts, consoleErrors, readyState, assistant } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

test('answering the coffee finder lands on the matching product page', async () => {
  const session = await openPage(env);
  const { page } = session;
  await page.goto(env.url + '/');
  assert.equal(await readyState(page), 'ready');

  const widget = assistant(page);
  await widget.getByRole('button', { name: 'Find your coffee' }).click();
  const dialog = widget.getByRole('dialog', { name: 'Find your coffee' });
  await dialog.waitFor();
  await dialog.getByRole('group', { name: 'How do you brew at home?' }).getByRole('button', { name: 'Espresso machine' }).click();
  await dialog.getByRole('group', { name: 'Which flavours do you enjoy?' }).getByRole('button', { name: 'Dark and chocolatey' }).click();

  const best = dialog.locator('.product.best');
  assert.equal(await best.locator('.name').textContent(), 'House Espresso Blend');
  assert.equal(await best.locator('.why').textContent(), 'Matches: Espresso machine, Dark and chocolatey');
  assert.equal(await best.locator('.price').textContent(), '€12.50');

  await Promise.all([
    page.waitForURL('**/products/house-espresso?sa_flow=coffee-finder'),
    dialog.getByRole('link', { name: 'View product: House Espresso Blend' }).click(),
  ]);
  assert.equal(await page.locator('h1').textContent(), 'House Espresso Blend');
  assert.equal(await readyState(page), 'ready', 'the assistant starts again on the product page');

  assert.deepEqual(networkViolations(session), []);
  assert.deepEqual(consoleErrors(session), []);
  assert.deepEqual(session.log.errors, []);
  // Two page loads: each of the assistant's files once per page, never more.
  const counts = assistantRequestCounts(session);
  for (const file of ['/shop-assistant/shop-assistant.js', '/shop-assistant/assistant_bg.wasm', '/assistant.json', '/shop/catalogue.json']) {
    assert.equal(counts[file], 2, `${file} requested ${counts[file]} times over two pages`);
  }
  await session.context.close();
});

test('every answer path of the demo flow ends on an in-stock product page', async () => {
  const session = await openPage(env);
  const { page } = session;
  await page.goto(env.url + '/coffee');
  assert.equal(await readyState(page), 'ready');
  const widget = assistant(page);
  const brews = ['Espresso machine', 'Filter or pour-over', 'French press'];
  const tastes = ['Bright and fruity', 'Balanced, caramel and nuts', 'Dark and chocolatey'];
  for (const brew of brews) {
    for (const taste of tastes) {
      await page.evaluate(() => window.ShopAssistant.open('coffee-finder'));
      const dialog = widget.getByRole('dialog');
      await dialog.getByRole('button', { name: brew }).click();
      await dialog.getByRole('button', { name: taste }).click();
      const link = dialog.locator('.product.best a');
      const href = await link.getAttribute('href');
      assert.match(href, /^\/products\/[a-z0-9-]+\?sa_flow=coffee-finder$/, `${brew} + ${taste}`);
      assert.equal(await dialog.locator('.question').textContent(), 'Our recommendation', `${brew} + ${taste}: an exact match`);
      const res = await page.request.get(env.url + href);
      assert.equal(res.status(), 200, `${href} exists`);
      assert.doesNotMatch(await res.text(), /Sold out/, `${href} is in stock`);
      await page.evaluate(() => window.ShopAssistant.close());
    }
  }
  assert.deepEqual(networkViolations(session), []);
  await session.context.close();
});

test('keyboard only: open, answer, go back, close with Escape, focus returns', async () => {
  const session = await openPage(env);
  const { page } = session;
  await page.goto(env.url + '/');
  assert.equal(await readyState(page), 'ready');
  const widget = assistant(page);
  const launcher = widget.getByRole('button', { name: 'Find your coffee' });
  await launcher.focus();
  await page.keyboard.press('Enter');
  const dialog = widget.getByRole('dialog');
  await dialog.waitFor();
  const focused = () => page.evaluate(() => document.querySelector('[data-shop-assistant]:not([data-shop-assistant-top]):not([data-shop-assistant-shelf])').shadowRoot.activeElement?.textContent);
  assert.equal(await focused(), 'Espresso machine', 'focus is on the first answer');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Filter or pour-over');
  await page.keyboard.press('Enter');
  assert.equal(await dialog.locator('.question').textContent(), 'Which flavours do you enjoy?');
  assert.equal(await focused(), 'Bright and fruity', 'focus moves to the new question');
  await dialog.getByRole('button', { name: 'Back' }).focus();
  await page.keyboard.press('Enter');
  assert.equal(await dialog.locator('.question').textContent(), 'How do you brew at home?');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await focused(), 'Find your coffee', 'focus returns to the launcher');
  await session.context.close();
});
