// The visitor profile, built by browsing the demo storefront with no code added to its
// pages: the config's page rules alone. Two tabs, forget(), Global Privacy Control, and a
// single-page navigation.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, networkViolations, consoleErrors, readyState, visit as load, ageProfile, PROFILE_KEY as KEY, closeChecked } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const visit = (page, path) => load(env, page, path);

const profile = (page) => page.evaluate(() => window.ShopAssistant.profile());
const stored = (page) => page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);

test('browsing, a basket, checkout, a purchase and a second visit give the profile a person would expect', async () => {
  const s = await openPage(env);
  const { page } = s;
  await visit(page, '/');
  await visit(page, '/coffee');
  await visit(page, '/products/ethiopia-yirgacheffe');
  await visit(page, '/products/house-espresso');
  await page.getByRole('button', { name: 'Add to basket' }).click();
  await page.getByRole('button', { name: 'Add to basket' }).click();
  await visit(page, '/products/hand-grinder');
  await page.getByRole('button', { name: 'Add to basket' }).click();
  await visit(page, '/basket');
  await page.getByRole('button', { name: 'One fewer House Espresso Blend' }).click();
  await page.waitForTimeout(1300); // the batched write
  let p = await profile(page);
  assert.deepEqual(p.recent, ['hand-grinder', 'house-espresso', 'ethiopia-yirgacheffe']);
  assert.deepEqual(p.basket, [['house-espresso', 1, 12.5], ['hand-grinder', 1, 59]], 'as the basket page shows it');
  assert.equal(p.basketValue, 71.5, 'the subtotal the page shows');
  assert.equal(p.basketItems, 2);
  assert.equal(p.page, 'basket');
  assert.equal(p.pagesThisSession, 6);
  assert.ok(p.affinities['category=coffee'] >= 5, JSON.stringify(p.affinities));
  assert.ok(p.affinities['category=coffee'] > p.affinities['category=equipment']);
  assert.equal(p.visits, 1);
  assert.deepEqual((await stored(page)).basket, p.basket, 'the same profile is in localStorage');

  await visit(page, '/checkout');
  assert.equal((await profile(page)).checkoutStarted, true);
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Address').fill('1 Analytical Row');
  await page.getByLabel('Postcode').fill('H91');
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL('**/checkout/thanks**');
  assert.equal(await readyState(page), 'ready');
  p = await profile(page);
  assert.equal(p.purchases, 1);
  assert.equal(p.revenue, 71.5);
  assert.equal(p.averageOrderValue, 71.5);
  assert.deepEqual(p.basket, [], 'a purchase empties the basket');

  // A second visit, an hour later, with something left in the basket the time before.
  await visit(page, '/products/kenya-nyeri-aa');
  await page.getByRole('button', { name: 'Add to basket' }).click();
  await page.waitForTimeout(1300);
  await ageProfile(page, 3600 * 1000);
  await visit(page, '/');
  p = await profile(page);
  assert.equal(p.visits, 2);
  assert.equal(p.pagesThisSession, 1);
  assert.deepEqual(p.abandoned.lines, [['kenya-nyeri-aa', 1, 16]], 'the basket left behind');
  assert.deepEqual(networkViolations(s), []);
  assert.deepEqual(consoleErrors(s), []);
  await closeChecked(s);
});

test('two tabs of the shop: neither loses the other\'s events', async () => {
  const s = await openPage(env);
  const a = s.page;
  const b = await s.context.newPage();
  await visit(a, '/products/french-press');
  await b.goto(env.url + '/products/coffee-scale');
  assert.equal(await readyState(b), 'ready');
  // Both tabs add before either has written.
  await a.getByRole('button', { name: 'Add to basket' }).click();
  await b.getByRole('button', { name: 'Add to basket' }).click();
  await a.waitForTimeout(1400);
  const ids = (await stored(a)).basket.map((l) => l[0]).sort();
  assert.deepEqual(ids, ['coffee-scale', 'french-press']);
  assert.deepEqual((await stored(a)).recent.sort(), ['coffee-scale', 'french-press']);
  // forget() in one tab erases it for both.
  await b.evaluate(() => window.ShopAssistant.forget());
  assert.equal(await a.evaluate((k) => localStorage.getItem(k), KEY), null);
  await a.waitForTimeout(100);
  assert.deepEqual((await profile(a)).basket, [], 'the other tab forgot too');
  await a.waitForTimeout(1300);
  assert.equal(await a.evaluate((k) => localStorage.getItem(k), KEY), null, 'and does not write it back');
  await closeChecked(s);
});

test('Global Privacy Control: nothing is stored, the assistant still works', async () => {
  const s = await openPage(env);
  await s.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const { page } = s;
  await visit(page, '/products/house-espresso');
  await page.getByRole('button', { name: 'Add to basket' }).click();
  await page.waitForTimeout(1300);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null);
  assert.deepEqual((await profile(page)).recent, ['house-espresso'], 'in memory for this page');
  await page.evaluate(() => window.ShopAssistant.open('coffee-finder'));
  await page.locator('[data-shop-assistant]').first().getByRole('dialog').waitFor();
  await closeChecked(s);
});

test('a single-page navigation counts as a page view', async () => {
  const s = await openPage(env);
  const { page } = s;
  await visit(page, '/coffee');
  await page.evaluate(() => history.pushState({}, '', '/products/sumatra-mandheling'));
  await page.waitForTimeout(50);
  const p = await profile(page);
  assert.equal(p.page, 'product');
  assert.equal(p.pagesThisSession, 2);
  await closeChecked(s);
});

test("the assistant's own events: flows started, completed, results chosen, last answers", async () => {
  const s = await openPage(env);
  const { page } = s;
  await visit(page, '/');
  const w = page.locator('[data-shop-assistant]').first();
  await w.getByRole('button', { name: 'Find your coffee' }).click();
  await w.getByRole('button', { name: 'Close' }).click();
  await w.getByRole('button', { name: 'Find your coffee' }).click();
  await w.getByRole('button', { name: 'Filter or pour-over' }).click();
  await w.getByRole('button', { name: 'Bright and fruity' }).click();
  await Promise.all([page.waitForURL('**/products/**'), w.locator('.product.best a').click()]);
  assert.equal(await readyState(page), 'ready');
  const p = await profile(page);
  assert.deepEqual(p.flows, [['coffee-finder', 2, 1, 1]]);
  assert.deepEqual(p.answers, [{ flow: 'coffee-finder', answers: [['brew', 'filter'], ['taste', 'fruity']] }]);
  assert.deepEqual(p.recent, ['ethiopia-yirgacheffe'], 'and the product page it led to');
  await closeChecked(s);
});
