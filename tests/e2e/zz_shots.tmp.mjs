import { setup, openPage, visit, assistant } from './harness.mjs';
const env = await setup();
for (const [name, opts] of [['desktop', { viewport: { width: 1280, height: 800 } }], ['phone', { phone: true }]]) {
  const s = await openPage(env, opts);
  const { page } = s;
  for (const p of ['sumatra-mandheling', 'house-espresso']) await visit(env, page, '/products/' + p);
  await visit(env, page, '/');
  await page.evaluate(() => window.ShopAssistant.ready);
  await page.evaluate(() => window.ShopAssistant.open('coffee-finder'));
  const dialog = assistant(page).getByRole('dialog');
  await dialog.getByRole('button', { name: 'Filter or pour-over' }).click();
  await dialog.getByRole('button', { name: 'Bright and fruity' }).click();
  await dialog.locator('.product').first().waitFor();
  await page.screenshot({ path: `/tmp/shot-results-${name}.png` });
  await dialog.locator('.shelf').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/tmp/shot-results-more-${name}.png` });
  await s.context.close().catch(() => {});
}
await env.close();
