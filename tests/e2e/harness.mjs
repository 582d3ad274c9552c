// End-to-end harness: the demo storefront on a free loopback port, Debian's Chromium driven
// by playwright-core, and a record of every request and console message of each page.
//
// Network rule: a page may request only
//   - same-origin documents (navigations) and the shop's own files under /shop/ (and those of
//     the second storefront fixture, Hoshi Jewellery, under /jewellery/: its stylesheet, script,
//     pictures and assistant config), and
//   - the assistant's own files (/shop-assistant/..., with labels/<language>.json on a page
//     that is not in English), its config (/assistant.json) and the catalogue the config names.
// Anything else, above all any other origin, is a violation; other origins are also blocked.

import { chromium } from 'playwright-core';
import { readFileSync, appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from '../../scripts/serve.mjs';

import { CHROMIUM_ARGS, executablePath } from '../../scripts/chromium.mjs';

export { CHROMIUM_ARGS, executablePath };

export const ASSISTANT_FILES = ['/shop-assistant/shop-assistant.js', '/shop-assistant/assistant_bg.wasm'];
const CONFIG_FILES = ['/assistant.json', '/shop/catalogue.json'];
const SHOP_FILE = /^\/shop\/(shop\.css|shop\.js|img\/[a-z0-9-]+\.svg)$/;
// The widget's own texts in the page's language, when it is not English.
const LABELS_FILE = /^\/shop-assistant\/labels\/[a-z]{2}(-Hant)?\.json$/;
const JEWELLERY_FILE = /^\/jewellery\/(hoshi\.css|cart\.js|assistant\.json|img\/[a-z0-9-]+\.svg)$/;

/**
 * Starts the storefront and the browser. Call `close()` when done: it checks the network rule
 * once more over every page opened (whether or not its test checked), adds the counts to the
 * file named by $SA_NETWORK_TALLY (scripts/test.sh prints the total) and fails on a violation.
 */
export async function setup({ headers } = {}) {
  const { server, url } = await startServer({ port: 0, headers });
  const browser = await chromium.launch({ executablePath: executablePath(), args: CHROMIUM_ARGS });
  const sessions = [];
  return {
    url,
    browser,
    sessions,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
      const bad = sessions.flatMap(networkViolations);
      const requests = sessions.reduce((n, s) => n + s.log.requests.length, 0);
      if (process.env.SA_NETWORK_TALLY) {
        appendFileSync(process.env.SA_NETWORK_TALLY, JSON.stringify({ pages: sessions.length, requests, violations: bad.length }) + '\n');
      }
      if (bad.length) throw new Error('network rule broken:\n' + bad.join('\n'));
    },
  };
}

/**
 * A fresh page (own context: empty storage) that records its requests, console messages
 * and uncaught errors.
 */
export async function openPage(env, { reducedMotion = 'no-preference', viewport, phone = false, config } = {}) {
  const device = phone ? { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true } : { viewport };
  const context = await env.browser.newContext({ reducedMotion, ...device });
  const origin = new URL(env.url).origin;
  const log = { requests: [], console: [], errors: [], blocked: [] };
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.origin !== origin) {
      log.blocked.push(u.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  context.on('request', (r) => log.requests.push({ url: r.url(), type: r.resourceType() }));
  const page = await context.newPage();
  page.on('console', (m) => log.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => log.errors.push(e.message));
  // `config`: the page's script tag names a config of its own, which it may load.
  const session = { page, context, log, origin, config };
  env.sessions?.push(session);
  return session;
}

/** Requests that break the network rule, as readable strings. */
export function networkViolations({ log, origin, config }) {
  const bad = log.blocked.map((u) => `other origin: ${u}`);
  for (const { url, type } of log.requests) {
    const u = new URL(url);
    if (u.origin !== origin) continue; // already listed as blocked
    if (type === 'document') continue;
    if (ASSISTANT_FILES.includes(u.pathname) || LABELS_FILE.test(u.pathname) || CONFIG_FILES.includes(u.pathname) || SHOP_FILE.test(u.pathname) || JEWELLERY_FILE.test(u.pathname)) continue;
    if (u.pathname === config) continue;
    bad.push(`unexpected request: ${type} ${u.pathname}${u.search}`);
  }
  return bad;
}

/** How often each of the assistant's files and configs was requested. */
export function assistantRequestCounts({ log }) {
  const counts = {};
  for (const { url } of log.requests) {
    const p = new URL(url).pathname;
    if (ASSISTANT_FILES.includes(p) || CONFIG_FILES.includes(p)) counts[p] = (counts[p] || 0) + 1;
  }
  return counts;
}

/** Console lines of type error (the assistant's start with "shop-assistant:"). */
export function consoleErrors({ log }) {
  return log.console.filter((m) => m.type === 'error').map((m) => m.text);
}

/** Waits until ShopAssistant.ready settles; resolves to 'ready' or the error message. */
export function readyState(page) {
  return page.evaluate(() =>
    window.ShopAssistant
      ? window.ShopAssistant.ready.then(() => 'ready', (e) => 'failed: ' + (e && e.message))
      : 'no ShopAssistant global',
  );
}

/** The assistant's shadow root, for locators: `assistant(page).getByRole(...)`. */
export function assistant(page) {
  return page.locator('[data-shop-assistant]:not([data-shop-assistant-top]):not([data-shop-assistant-shelf])');
}

/** In-page: the message element on screen, in whichever of the assistant's roots (a top bar
 *  has its own, at the top of the page). */
export const FIND_MESSAGE = `[...document.querySelectorAll('[data-shop-assistant]')].map((h) => h.shadowRoot.querySelector('[data-message]')).find(Boolean)`;

/** The assistant's one localStorage key. */
export const PROFILE_KEY = 'shop-assistant:profile';

/** Loads `path` of the storefront and waits until the assistant is ready. */
export async function visit(env, page, path) {
  await page.goto(env.url + path);
  const state = await readyState(page);
  if (state !== 'ready') throw new Error(`${path}: the assistant is ${state}`);
}

/** Opens a product page and clicks its add-to-basket button. */
export async function addToBasket(env, page, product) {
  await visit(env, page, '/products/' + product);
  await page.getByRole('button', { name: 'Add to basket' }).click();
}

/** Moves the stored profile's last activity `ms` into the past (a later visit). */
export function ageProfile(page, ms) {
  return page.evaluate(([k, ms]) => {
    const p = JSON.parse(localStorage.getItem(k));
    p.lastSeen -= ms;
    localStorage.setItem(k, JSON.stringify(p));
  }, [PROFILE_KEY, ms]);
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core violations (WCAG 2.0-2.2 A and AA) inside the assistant's shadow roots. */
export async function axeViolations(page) {
  // Let entrance animations finish: axe measures colours as they are painted.
  await page.evaluate(() => Promise.all([...document.querySelectorAll('[data-shop-assistant]')]
    .flatMap((h) => h.shadowRoot.getAnimations()).map((a) => a.finished)));
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const results = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return r.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  return results
    .map((v) => ({ ...v, targets: v.targets.filter((t) => t.includes('data-shop-assistant')) }))
    .filter((v) => v.targets.length > 0);
}

/**
 * Closes a page's context after checking the network rule for everything it loaded, so every
 * test that uses it proves the assistant requested nothing but its own files and config.
 */
export async function closeChecked(session) {
  const bad = networkViolations(session);
  await session.context.close();
  if (bad.length) throw new Error('network rule broken:\n' + bad.join('\n'));
}

/** Serves `html` at `path` on the storefront's origin (for this page only) and loads it. */
export async function serveHtml(env, page, path, html, headers = {}) {
  await page.route(env.url + path, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers, body: html }),
  );
  await page.goto(env.url + path);
}

/** A host page with the assistant's script tag and `config` inline. */
export function pageWithConfig(config, head = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>${head}
<script async src="/shop-assistant/shop-assistant.js"></script></head><body><h1>Host</h1>
<script type="application/json" id="shop-assistant-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script></body></html>`;
}
