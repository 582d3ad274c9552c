// Storage writes per minute of browsing: a scripted visit to the demo shop (pages, basket
// changes, a question flow) with the assistant's localStorage writes counted. Run by
// scripts/bench.sh; prints one JSON line.
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';
import { CHROMIUM_ARGS, executablePath } from './chromium.mjs';

const { server, url } = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: executablePath(), args: CHROMIUM_ARGS });
const context = await browser.newContext();
let writes = 0;
await context.exposeFunction('__saWrite', () => { writes += 1; });
await context.addInitScript(() => {
  const set = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) {
    if (k === 'shop-assistant:profile') window.__saWrite();
    return set.call(this, k, v);
  };
});
const page = await context.newPage();
const ready = () => page.evaluate(() => window.ShopAssistant.ready);
const start = Date.now();
let events = 0;
const pages = ['/', '/coffee', '/products/house-espresso', '/products/kenya-nyeri-aa', '/equipment', '/products/hand-grinder', '/basket'];
for (let round = 0; round < 3; round++) {
  for (const p of pages) {
    await page.goto(url + p);
    await ready();
    events += 2;
    const add = page.locator('[data-add-to-basket]');
    if (await add.count()) {
      for (let i = 0; i < 3; i++) { await add.click(); events += 1; await page.waitForTimeout(150); }
    }
    await page.waitForTimeout(1500);
  }
}
await page.evaluate(() => window.ShopAssistant.open('coffee-finder'));
const w = page.locator('body > [data-shop-assistant]:not([data-shop-assistant-top])');
await w.getByRole('button', { name: 'Espresso machine' }).click();
await w.getByRole('button', { name: 'Dark and chocolatey' }).click();
events += 2;
await page.waitForTimeout(1500);
const minutes = (Date.now() - start) / 60000;
console.log(JSON.stringify({ where: 'chromium', browsing_s: Math.round(minutes * 60), events, writes, writes_per_minute: +(writes / minutes).toFixed(1) }));
await browser.close();
server.close();
