#!/usr/bin/env node
// Checks a storefront page with shop-assistant on it, in headless Chromium:
//   npm run check-page -- <url> [--before URL [--click SELECTOR]]... [--phone] [--json] [--wait SECONDS]
//   (with --json, `npm run --silent check-page -- ...`: npm's header line is not JSON)
// --before visits a page first (in the same fresh browser profile) and --click clicks an
// element there, e.g. an add-to-basket button, so a basket page can be checked with a basket.
// Reports whether the assistant started, which config it loaded, what page type, product and
// basket the config's tracking rules read (as a first-time visitor, in a fresh browser
// profile), whether the profile was stored, the launcher and inline flows, which message
// shows on arrival and which on exit intent, and every console error. Uses only what any
// page can see (ShopAssistant, its DOM events, the widget's open shadow root): nothing extra
// ships to visitors for it. Exits 1 on a problem: no assistant on the page, an assistant that
// did not start, an error line of the assistant's, a product page whose product the rules
// cannot read, or an error thrown by the page.

import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, executablePath } from './chromium.mjs';

function usage(message) {
  if (message) console.error(`check-page: ${message}`);
  console.error('usage: npm run check-page -- <url> [--before URL [--click SELECTOR]]... [--phone] [--json] [--wait SECONDS]');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { url: null, phone: false, json: false, wait: 10, before: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--phone') args.phone = true;
    else if (a === '--json') args.json = true;
    else if (a === '--wait') args.wait = Number(argv[++i]);
    else if (a === '--before') args.before.push({ url: argv[++i], click: [] });
    else if (a === '--click') {
      if (!args.before.length) usage('--click follows a --before page');
      args.before[args.before.length - 1].click.push(argv[++i]);
    }
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (!args.url) args.url = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!args.url) usage('name the page to check');
  if (!/^https?:\/\//.test(args.url)) usage('the page must be an http(s) URL');
  if (!(args.wait > 0)) usage('--wait needs a number of seconds');
  for (const b of args.before) if (!/^https?:\/\//.test(b.url || '')) usage('--before needs an http(s) URL');
  return args;
}

/** Loads the page and collects what the assistant reports; never throws for page problems. */
export async function checkPage(url, { phone = false, wait = 10, before = [] } = {}) {
  const browser = await chromium.launch({ executablePath: executablePath(), args: CHROMIUM_ARGS });
  try {
    const device = phone ? { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true } : {};
    const context = await browser.newContext(device);
    const page = await context.newPage();
    const consoleLines = [];
    const pageErrors = [];
    page.on('console', (m) => {
      if (m.type() !== 'error' && m.type() !== 'warning') return;
      // "Failed to load resource" names no URL; the location does.
      const where = /^Failed to load resource/.test(m.text()) && m.location().url ? ` (${m.location().url})` : '';
      consoleLines.push({ type: m.type(), text: m.text() + where });
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const EVENTS = ['message-shown', 'flow-started'];
    await page.addInitScript((names) => {
      const seen = [];
      Object.defineProperty(window, '__checkPageEvents', { value: seen });
      for (const n of names) document.addEventListener('shop-assistant:' + n, (e) => seen.push({ event: n, ...e.detail }));
    }, EVENTS);
    const result = { url, status: null, present: false, started: false, failure: null, version: null, config: null, seen: null, assistantLines: [], otherErrors: [], problems: [] };
    let response;
    try {
      for (const step of before) {
        await page.goto(step.url, { waitUntil: 'load', timeout: wait * 1000 });
        for (const selector of step.click) await page.locator(selector).first().click({ timeout: wait * 1000 });
        await page.waitForTimeout(300);
      }
      await page.evaluate(() => { window.__checkPageEvents.length = 0; }).catch(() => {});
      consoleLines.length = 0;
      pageErrors.length = 0;
      response = await page.goto(url, { waitUntil: 'load', timeout: wait * 1000 });
    } catch (e) {
      result.problems.push(`could not load the page: ${e.message.split('\n')[0]}`);
      return result;
    }
    result.status = response ? response.status() : null;
    result.present = await page
      .waitForFunction(() => typeof window.ShopAssistant === 'object', null, { timeout: wait * 1000 })
      .then(() => true, () => false);
    if (result.present) {
      const state = await page.evaluate((ms) => Promise.race([
        window.ShopAssistant.ready.then(() => ({ ok: true }), (e) => ({ ok: false, error: String(e && e.message) })),
        new Promise((r) => setTimeout(() => r({ ok: false, error: 'did not start within the wait' }), ms)),
      ]), wait * 1000);
      result.started = state.ok;
      result.failure = state.ok ? null : state.error;
      result.version = await page.evaluate(() => window.ShopAssistant.version);
      result.config = await page.evaluate(() => {
        const tag = [...document.querySelectorAll('script[src]')].find((s) => /shop-assistant(\.[\w-]+)?\.js(\?|#|$)/.test(s.getAttribute('src')));
        if (tag && tag.dataset.config) return { source: 'data-config', url: new URL(tag.dataset.config, document.baseURI).href };
        if (document.getElementById('shop-assistant-config')) return { source: 'inline', url: null };
        return { source: 'none', url: null };
      });
      if (result.started) {
        // A visitor's first seconds: arrival, then (after two seconds) the pointer leaving
        // through the top of the window. Writes are batched within a second.
        await page.waitForTimeout(1200);
        const arrival = await page.evaluate(() => window.__checkPageEvents.filter((e) => e.event === 'message-shown').map((e) => e.message));
        await page.waitForTimeout(1000);
        await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseout', { clientY: -1, bubbles: true })));
        await page.waitForTimeout(200);
        result.seen = await page.evaluate(async (arrival) => {
          const profile = await window.ShopAssistant.profile();
          const shown = window.__checkPageEvents.filter((e) => e.event === 'message-shown').map((e) => e.message);
          const roots = [...document.querySelectorAll('[data-shop-assistant]')].map((h) => h.shadowRoot).filter(Boolean);
          const launcher = roots.map((r) => r.querySelector('.launcher')).find(Boolean);
          return {
            page: profile.page,
            product: profile.page === 'product' ? profile.recent[0] ?? null : null,
            basket: { items: profile.basketItems, value: profile.basketValue },
            stored: localStorage.getItem('shop-assistant:profile') !== null,
            launcher: launcher ? launcher.textContent.trim() : null,
            inline: [...document.querySelectorAll('[data-shop-assistant-flow]')].map((e) => e.getAttribute('data-shop-assistant-flow')),
            shelves: [...document.querySelectorAll('[data-shop-assistant-shelf]')].map((h) => ({
              block: h.getAttribute('data-shop-assistant-shelf'),
              products: [...(h.shadowRoot?.querySelectorAll('.card-link') ?? [])].map((a) => a.dataset.product),
            })),
            blocks: await (async () => {
              // The config's blocks, to say which are not on this page and why.
              const tag = [...document.querySelectorAll('script[src]')].find((s) => /shop-assistant(\.[\w-]+)?\.js(\?|#|$)/.test(s.getAttribute('src')));
              const own = document.getElementById('shop-assistant-config');
              let config = null;
              try {
                config = tag?.dataset.config ? await (await fetch(new URL(tag.dataset.config, document.baseURI))).json() : JSON.parse(own?.textContent ?? 'null');
              } catch { config = null; }
              const blocks = config?.recommendations?.blocks ?? {};
              return Object.entries(blocks).map(([id, b]) => ({
                id,
                pages: Array.isArray(b.pages) ? b.pages : [],
                after: typeof b.after === 'string' ? b.after : null,
                element: document.querySelector(`[data-shop-assistant-recommend="${CSS.escape(id)}"]`) !== null,
                afterFound: typeof b.after === 'string' && (() => { try { return document.querySelector(b.after) !== null; } catch { return false; } })(),
              }));
            })(),
            onArrival: arrival,
            onExitIntent: shown.slice(arrival.length),
          };
        }, arrival);
      }
    }
    result.assistantLines = consoleLines.filter((l) => l.text.startsWith('shop-assistant:'));
    result.otherErrors = consoleLines.filter((l) => l.type === 'error' && !l.text.startsWith('shop-assistant:')).map((l) => l.text)
      .concat(pageErrors.map((e) => `uncaught: ${e}`));
    if (result.status && result.status >= 400) result.problems.push(`the page answered HTTP ${result.status}`);
    if (!result.present) result.problems.push('no shop-assistant on this page (no ShopAssistant global): is the script tag in the page?');
    else if (!result.started) result.problems.push(`the assistant did not start: ${result.failure}`);
    for (const l of result.assistantLines.filter((x) => x.type === 'error')) result.problems.push(`assistant error: ${l.text}`);
    if (result.seen && result.seen.page === 'product' && !result.seen.product) {
      result.problems.push('this is a product page by the tracking rules, but the product rule (tracking.product) found no product id');
    }
    for (const b of result.seen?.blocks ?? []) {
      // A block meant for this kind of page that found no place on it.
      if (b.pages.includes(result.seen.page) && !b.element && !b.afterFound) {
        result.problems.push(`recommendation block "${b.id}" is for ${result.seen.page} pages, but this page has no data-shop-assistant-recommend="${b.id}" element${b.after ? ` and its after selector ${JSON.stringify(b.after)} finds nothing` : ''}`);
      }
    }
    for (const e of pageErrors) result.problems.push(`the page threw: ${e}`);
    return result;
  } finally {
    await browser.close();
  }
}

function print(r) {
  const out = [];
  // Multi-line messages (a config's list of errors) stay readable under their heading.
  const indent = (text) => String(text).replace(/\n/g, '\n      ');
  out.push(`shop-assistant check of ${r.url}`);
  if (r.status !== null) out.push(`  page: HTTP ${r.status}`);
  out.push(`  assistant: ${!r.present ? 'not on the page' : r.started ? `started (version ${r.version})` : `did not start: ${indent(r.failure)}`}`);
  if (r.config) out.push(`  config: ${r.config.source === 'data-config' ? r.config.url : r.config.source}`);
  const i = r.seen;
  if (i) {
    out.push(`  page type: ${i.page}`);
    if (i.page === 'product') out.push(`  product: ${i.product ?? 'none found'}`);
    out.push(`  basket: ${i.basket.items} item(s), value ${i.basket.value}`);
    out.push(`  profile stored: ${i.stored ? 'yes (localStorage)' : 'no (consent required, Global Privacy Control, or storage blocked)'}`);
    out.push(`  launcher: ${i.launcher ?? 'none'}`);
    out.push(`  inline flows: ${i.inline.join(', ') || 'none'}`);
    const shown = i.shelves.map((s) => `${s.block} (${s.products.length ? s.products.join(', ') : 'nothing to show yet'})`);
    out.push(`  recommendation blocks: ${shown.join('; ') || 'none'}`);
    const placed = new Set(i.shelves.map((s) => s.block));
    const elsewhere = i.blocks.filter((b) => !placed.has(b.id)).map((b) => `${b.id} (${b.pages.length && !b.pages.includes(i.page) ? `for ${b.pages.join(', ')} pages` : b.after ? `after ${b.after}: not found` : 'no element names it'})`);
    if (elsewhere.length) out.push(`  blocks not on this page: ${elsewhere.join('; ')}`);
    out.push(`  message on arrival: ${i.onArrival.join(', ') || 'none'}`);
    out.push(`  message on exit intent: ${i.onExitIntent.join(', ') || 'none'}`);
  }
  for (const l of r.assistantLines) out.push(`  console ${l.type}: ${indent(l.text)}`);
  for (const e of r.otherErrors) out.push(`  other console error: ${indent(e)}`);
  out.push(r.problems.length ? `${r.problems.length} problem(s):\n${r.problems.map((p) => `  - ${indent(p)}`).join('\n')}` : 'OK');
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  const result = await checkPage(args.url, args);
  console.log(args.json ? JSON.stringify(result, null, 2) : print(result));
  process.exit(result.problems.length ? 1 : 0);
}
