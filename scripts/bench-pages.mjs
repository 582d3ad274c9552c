#!/usr/bin/env node
// Side-by-side benchmark of the same 5-question quiz (tests/bench/quiz.mjs) rendered by
// shop-assistant, SurveyJS and plain JavaScript, in headless Chromium; and of exit intent to
// message on screen, shop-assistant against plain JavaScript. Run by `npm run bench`
// (`--quick`: fewer runs). Prints tables and writes bench-results/pages.json.
//
// Each run is a fresh browser context (empty cache and storage), the variants alternating.
// Measured in the page, from navigation start (performance.now()):
//   first question: in the DOM (a MutationObserver, shadow roots included) and on screen (the
//     end of the first frame after it: style, layout and paint done);
//   long tasks before it (PerformanceObserver 'longtask'); script time (CDP ScriptDuration);
//   JS heap after a forced GC (CDP JSHeapUsedSize) and, for shop-assistant, its wasm memory;
//   per answer step: from the click to the next question in the DOM (4 steps);
//   exit intent: from the pointer leaving through the top (after 2.1 s on the page) to the
//     message in the DOM and on screen.
// Bytes: what a script-tag user downloads for each, raw, gzip -9 and brotli -q 11. Files are
// served brotli-compressed, as a production server would.
// Also the first question on screen on a repeat view (library files from the HTTP cache), and
// over an emulated slow 4G network (CDP), where bytes and round trips count.

import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, executablePath } from './chromium.mjs';
import { assistantPage, noFlowPage, surveyJsPage, plainPage, QUESTIONS, EXIT_TEXT, LAUNCHER_TEXT } from '../tests/bench/quiz.mjs';

const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 3 : 11;
const ROOT = new URL('../', import.meta.url);
const FILES = {
  '/shop-assistant/shop-assistant.js': 'dist/shop-assistant/shop-assistant.js',
  '/shop-assistant/assistant_bg.wasm': 'dist/shop-assistant/assistant_bg.wasm',
  '/lib/survey.core.min.js': 'node_modules/survey-core/survey.core.min.js',
  '/lib/survey-js-ui.min.js': 'node_modules/survey-js-ui/survey-js-ui.min.js',
  '/lib/survey-core.min.css': 'node_modules/survey-core/survey-core.min.css',
};
const PAGES = { '/assistant.html': assistantPage(), '/assistant-hints.html': assistantPage({ hints: true }), '/no-flow.html': noFlowPage(), '/surveyjs.html': surveyJsPage(), '/plain.html': plainPage() };
const TYPES = { js: 'text/javascript', wasm: 'application/wasm', css: 'text/css', html: 'text/html; charset=utf-8' };

const VARIANTS = [
  { name: 'shop-assistant', path: '/assistant.html', files: Object.keys(FILES).filter((f) => f.startsWith('/shop-assistant/')) },
  { name: '+ preload hints', path: '/assistant-hints.html', files: Object.keys(FILES).filter((f) => f.startsWith('/shop-assistant/')) },
  { name: 'SurveyJS', path: '/surveyjs.html', files: Object.keys(FILES).filter((f) => f.startsWith('/lib/')) },
  { name: 'plain JS', path: '/plain.html', files: [] },
];

// Served brotli-compressed when the browser asks for it, as a production server or CDN would.
const compressed = new Map();
function serve() {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const body = PAGES[path] ?? (FILES[path] ? readFileSync(new URL(FILES[path], ROOT)) : null);
    if (body === null) {
      res.writeHead(404);
      return res.end();
    }
    // Library files cacheable for a year, as the cookbook tells merchants to serve them under a
    // versioned path; pages never cached. (Each run's fresh context starts with an empty cache.)
    const cache = FILES[path] ? 'public, max-age=31536000, immutable' : 'no-store';
    const headers = { 'content-type': TYPES[path.split('.').pop()], 'cache-control': cache };
    if (/\bbr\b/.test(req.headers['accept-encoding'] ?? '')) {
      if (!compressed.has(path)) compressed.set(path, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      headers['content-encoding'] = 'br';
      res.writeHead(200, headers);
      return res.end(compressed.get(path));
    }
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

// In every page before its own scripts: watch the DOM (and every shadow root) for the quiz's
// question texts and the exit message, and record long tasks and the wasm memory.
function instrument({ questions, exitText }) {
  const b = (window.__bench = { seen: {}, painted: {}, longtasks: [], memory: null, lastClick: null });
  const targets = [...questions, exitText];
  // Only what is added (text in <script> and <style> is not on screen).
  const hidden = (n) => n && (n.nodeName === 'SCRIPT' || n.nodeName === 'STYLE' || n.nodeName === 'TEMPLATE');
  // The text a node shows: its text nodes, leaving out scripts and styles inside it.
  const shown = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return hidden(node.parentNode) ? '' : node.data;
    let text = '';
    const walk = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walk.nextNode(); t; t = walk.nextNode()) if (!hidden(t.parentNode)) text += t.data;
    return text;
  };
  const check = (node) => {
    if (hidden(node)) return;
    const text = shown(node);
    for (const t of targets) {
      if (!(t in b.seen) && text.includes(t)) {
        b.seen[t] = performance.now();
        // On screen: the frame after the change has run its style, layout and paint (a
        // message posted from the frame's animation callback arrives after them).
        requestAnimationFrame(() => {
          const c = new MessageChannel();
          c.port1.onmessage = () => { b.painted[t] = performance.now(); };
          c.port2.postMessage(0);
        });
      }
    }
  };
  const observe = (root) => {
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'characterData') check(r.target);
        else r.addedNodes.forEach(check);
      }
    }).observe(root, { childList: true, subtree: true, characterData: true });
  };
  observe(document);
  document.addEventListener('click', () => { b.lastClick = performance.now(); }, true);
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    observe(root);
    return root;
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const keep = (r) => {
    const i = r.instance || r;
    if (i.exports && i.exports.memory) b.memory = i.exports.memory;
    return r;
  };
  const streaming = WebAssembly.instantiateStreaming;
  const plain = WebAssembly.instantiate;
  WebAssembly.instantiateStreaming = function (...a) { return streaming.apply(this, a).then(keep); };
  WebAssembly.instantiate = function (...a) { return plain.apply(this, a).then(keep); };
}

async function waitFor(page, text) {
  await page.waitForFunction((t) => window.__bench.painted[t] !== undefined, text, { timeout: 20000 });
}

/** Clicks the answer labelled `label` as a visitor would (Playwright's pointer), and returns
 * when the page saw the click (a capture listener on document, before any of the page's). */
async function clickAnswer(page, label) {
  await page.getByText(label, { exact: true }).first().click();
  return page.evaluate(() => window.__bench.lastClick);
}

// SurveyJS's stylesheet loads Open Sans from Google Fonts; every other host fails to resolve
// at once (the machine has no route out), the same for every variant and run. Done by the
// browser's resolver, not by request interception, which would turn the HTTP cache off.
const BROWSER_ARGS = [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

async function newContext(browser) {
  return browser.newContext();
}

async function quizRun(browser, url, variant) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.addInitScript(instrument, { questions: QUESTIONS.map((q) => q.text), exitText: EXIT_TEXT });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url + variant.path);
  const first = QUESTIONS[0].text;
  await waitFor(page, first);
  const b = await page.evaluate(() => window.__bench);
  const inDom = b.seen[first];
  const onScreen = b.painted[first];
  const longBefore = b.longtasks.filter((t) => t.start < onScreen);
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value])).JSHeapUsedSize;
  const wasm = await page.evaluate(() => (window.__bench.memory ? window.__bench.memory.buffer.byteLength : 0));
  const steps = [];
  for (let i = 0; i < QUESTIONS.length - 1; i++) {
    const clicked = await clickAnswer(page, QUESTIONS[i].answers[0]);
    const next = QUESTIONS[i + 1].text;
    await page.waitForFunction((t) => window.__bench.seen[t] !== undefined, next, { timeout: 20000 });
    steps.push((await page.evaluate((t) => window.__bench.seen[t], next)) - clicked);
  }
  await context.close();
  return {
    inDom,
    onScreen,
    longTasks: longBefore.length,
    longTaskMs: longBefore.reduce((s, t) => s + t.duration, 0),
    scriptMs: metrics.ScriptDuration * 1000,
    heapMiB: heap / 1048576,
    wasmMiB: wasm / 1048576,
    stepMs: median(steps),
  };
}

// A slow mobile network, emulated by Chromium for every request of the page.
const SLOW = { name: 'slow 4G', latency: 150, downloadKbps: 1600, uploadKbps: 750 };
const SLOW_RUNS = QUICK ? 2 : 5;

/** Emulates the SLOW network for the page `cdp` is attached to. */
async function slowNetwork(cdp) {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: SLOW.latency,
    downloadThroughput: (SLOW.downloadKbps * 1000) / 8,
    uploadThroughput: (SLOW.uploadKbps * 1000) / 8,
  });
}

/** First question on screen, ms from navigation, over the SLOW network (`slow`) or not: on
 * the first view of the page, and on a second view in the same context (the library files
 * come from the HTTP cache then, as on most page views of a visit). */
async function viewsRun(browser, url, variant, slow) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.addInitScript(instrument, { questions: QUESTIONS.map((q) => q.text), exitText: EXIT_TEXT });
  if (slow) await slowNetwork(await context.newCDPSession(page));
  const views = [];
  for (let i = 0; i < 2; i++) {
    await page.goto(url + variant.path);
    await waitFor(page, QUESTIONS[0].text);
    views.push(await page.evaluate((t) => window.__bench.painted[t], QUESTIONS[0].text));
  }
  await context.close();
  return { first: views[0], repeat: views[1] };
}

// Page kinds: what a page costs by what it shows. A page without a flow (the launcher only),
// a page with an inline flow, and the launcher clicked on the first kind: the assistant's bytes
// (brotli, as served) by the time the page's network is idle, the launcher or first question on
// screen, long tasks before it, and the click to the first question; locally, over slow 4G, and
// with the CPU slowed 4x (a mid-range phone), plain JS's quiz page alongside.
const KINDS = [
  { name: 'no flow (launcher)', path: '/no-flow.html', shows: LAUNCHER_TEXT, click: true },
  { name: 'inline flow', path: '/assistant.html', shows: QUESTIONS[0].text },
  { name: 'plain JS quiz', path: '/plain.html', shows: QUESTIONS[0].text },
];
const CONDITIONS = [{ name: 'local' }, { name: 'slow 4G', slow: true }, { name: '4x CPU', cpu: 4 }];
const KIND_RUNS = QUICK ? 2 : 5;

async function kindRun(browser, url, kind, condition) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.addInitScript(instrument, { questions: [...QUESTIONS.map((q) => q.text), LAUNCHER_TEXT], exitText: EXIT_TEXT });
  const cdp = await context.newCDPSession(page);
  if (condition.slow) await slowNetwork(cdp);
  if (condition.cpu) await cdp.send('Emulation.setCPUThrottlingRate', { rate: condition.cpu });
  await page.goto(url + kind.path);
  await waitFor(page, kind.shows);
  await page.waitForLoadState('networkidle');
  const b = await page.evaluate(() => window.__bench);
  const onScreen = b.painted[kind.shows];
  const long = b.longtasks.filter((t) => t.start < onScreen);
  const bytes = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => new URL(e.name).pathname.startsWith('/shop-assistant/'))
    .reduce((s, e) => s + e.encodedBodySize, 0));
  let click = null;
  if (kind.click) {
    const clicked = await clickAnswer(page, LAUNCHER_TEXT);
    await waitFor(page, QUESTIONS[0].text);
    click = (await page.evaluate((t) => window.__bench.painted[t], QUESTIONS[0].text)) - clicked;
  }
  await context.close();
  return { onScreen, longTasks: long.length, longTaskMs: long.reduce((s, t) => s + t.duration, 0), bytes, click };
}

async function exitRun(browser, url, variant) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.addInitScript(instrument, { questions: QUESTIONS.map((q) => q.text), exitText: EXIT_TEXT });
  await page.goto(url + variant.path);
  await waitFor(page, QUESTIONS[0].text);
  await page.waitForTimeout(2100);
  const t0 = await page.evaluate(() => {
    const t = performance.now();
    document.dispatchEvent(new MouseEvent('mouseout', { clientY: -1, bubbles: true }));
    return t;
  });
  await waitFor(page, EXIT_TEXT);
  const b = await page.evaluate(() => window.__bench);
  await context.close();
  return { inDom: b.seen[EXIT_TEXT] - t0, onScreen: b.painted[EXIT_TEXT] - t0 };
}

// A run whose page did not show the question within the time limit is run once more, and
// said so in the output and the JSON (seen once when these runs were added; 90 repeat views
// in a loop afterwards showed none).
const retries = [];
async function retried(run, name) {
  try {
    return await run();
  } catch (e) {
    retries.push(`${name}: ${e.message.split('\n')[0]}`);
    console.log(`(${name}: a run failed, ran it again: ${e.message.split('\n')[0]})`);
    return run();
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const paired = (a, b, key) => a.map((x, i) => x[key] - b[i][key]);
const summary = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

/** Raw, gzip -9 and brotli -q 11 sizes of one or more buffers, added up. */
function sizes(buffers) {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const data of buffers) {
    total.raw += data.length;
    total.gzip += gzipSync(data, { level: 9 }).length;
    total.brotli += brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return total;
}

/** What a visitor downloads for a variant: its library files, or the plain page's own code. */
function download(v) {
  if (v.files.length) return sizes(v.files.map((f) => readFileSync(new URL(FILES[f], ROOT))));
  const html = PAGES[v.path];
  return sizes([Buffer.from(html.slice(html.indexOf('<style>'), html.lastIndexOf('</script>')))]);
}

const server = await serve();
const url = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: executablePath(), args: BROWSER_ARGS });
const runs = Object.fromEntries(VARIANTS.map((v) => [v.name, []]));
const exits = { 'shop-assistant': [], 'plain JS': [] };
const slow = Object.fromEntries(VARIANTS.map((v) => [v.name, []]));
const repeat = Object.fromEntries(VARIANTS.map((v) => [v.name, []]));
const kinds = Object.fromEntries(CONDITIONS.map((c) => [c.name, Object.fromEntries(KINDS.map((k) => [k.name, []]))]));
try {
  // One warm-up of each, not counted (the first browser start compiles and caches).
  for (const v of VARIANTS) await quizRun(browser, url, v);
  for (let i = 0; i < RUNS; i++) {
    for (const v of VARIANTS) runs[v.name].push(await quizRun(browser, url, v));
    for (const v of VARIANTS.filter((x) => x.name in exits)) exits[v.name].push(await exitRun(browser, url, v));
  }
  for (let i = 0; i < SLOW_RUNS; i++) {
    for (const v of VARIANTS) {
      slow[v.name].push(await retried(() => viewsRun(browser, url, v, true), v.name));
      repeat[v.name].push((await retried(() => viewsRun(browser, url, v, false), v.name)).repeat);
    }
  }
  for (let i = 0; i < KIND_RUNS; i++) {
    for (const c of CONDITIONS) {
      for (const k of KINDS) kinds[c.name][k.name].push(await retried(() => kindRun(browser, url, k, c), k.name));
    }
  }
} finally {
  await browser.close();
  server.close();
}

const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}`,
  runs: RUNS,
  variants: VARIANTS.map((v) => {
    const r = runs[v.name];
    const pick = (k) => summary(r.map((x) => x[k]));
    return {
      name: v.name,
      bytes: download(v),
      firstQuestionInDom: pick('inDom'),
      firstQuestionOnScreen: pick('onScreen'),
      longTasksBefore: pick('longTasks'),
      longTaskMsBefore: pick('longTaskMs'),
      scriptMs: pick('scriptMs'),
      heapMiB: pick('heapMiB'),
      wasmMiB: pick('wasmMiB'),
      stepMs: pick('stepMs'),
    };
  }),
  exitIntent: Object.entries(exits).map(([name, r]) => ({ name, inDom: summary(r.map((x) => x.inDom)), onScreen: summary(r.map((x) => x.onScreen)) })),
  slowNetwork: {
    network: SLOW,
    runs: SLOW_RUNS,
    firstQuestionOnScreen: Object.fromEntries(VARIANTS.map((v) => [v.name, summary(slow[v.name].map((x) => x.first))])),
    repeatViewFirstQuestionOnScreen: Object.fromEntries(VARIANTS.map((v) => [v.name, summary(slow[v.name].map((x) => x.repeat))])),
  },
  retries,
  pageKinds: {
    runs: KIND_RUNS,
    conditions: CONDITIONS,
    kinds: Object.fromEntries(CONDITIONS.map((c) => [c.name, Object.fromEntries(KINDS.map((k) => {
      const r = kinds[c.name][k.name];
      const pick = (key) => summary(r.map((x) => x[key]));
      return [k.name, { bytes: pick('bytes'), onScreen: pick('onScreen'), longTasks: pick('longTasks'), longTaskMs: pick('longTaskMs'), click: k.click ? pick('click') : null }];
    }))])),
  },
  repeatView: {
    runs: SLOW_RUNS,
    firstQuestionOnScreen: Object.fromEntries(VARIANTS.map((v) => [v.name, summary(repeat[v.name])])),
  },
  // Paired: in each round the variants ran one after another, so the difference within a round
  // is steadier than the difference of medians on a machine whose speed drifts.
  vsPlain: {
    firstQuestionOnScreen: Object.fromEntries(['shop-assistant', '+ preload hints'].map((n) => [n, summary(paired(runs[n], runs['plain JS'], 'onScreen'))])),
    stepMs: summary(paired(runs['shop-assistant'], runs['plain JS'], 'stepMs')),
    exitOnScreen: summary(paired(exits['shop-assistant'], exits['plain JS'], 'onScreen')),
  },
};
mkdirSync(new URL('bench-results/', ROOT), { recursive: true });
writeFileSync(new URL('bench-results/pages.json', ROOT), JSON.stringify(result, null, 2) + '\n');

const f = (s, d = 1) => `${s.median.toFixed(d)} (${s.min.toFixed(d)}-${s.max.toFixed(d)})`;
const kb = (n) => (n / 1024).toFixed(1);
console.log(`\nthe same 5-question quiz, ${RUNS} fresh contexts each; medians (min-max); ${result.machine}`);
console.log('variant          download KB raw / gzip / brotli   first question in DOM / on screen (ms)   long tasks before (n, ms)   script ms   JS heap MiB   wasm MiB   per step ms');
for (const v of result.variants) {
  console.log(`${v.name.padEnd(16)} ${`${kb(v.bytes.raw)} / ${kb(v.bytes.gzip)} / ${kb(v.bytes.brotli)}`.padEnd(33)} ${`${f(v.firstQuestionInDom)} / ${f(v.firstQuestionOnScreen)}`.padEnd(40)} ${`${f(v.longTasksBefore, 0)}, ${f(v.longTaskMsBefore, 0)}`.padEnd(27)} ${f(v.scriptMs, 0).padEnd(11)} ${f(v.heapMiB, 2).padEnd(13)} ${f(v.wasmMiB, 2).padEnd(10)} ${f(v.stepMs)}`);
}
console.log('\nexit intent to message (ms): in DOM / on screen');
for (const e of result.exitIntent) console.log(`${e.name.padEnd(16)} ${f(e.inDom)} / ${f(e.onScreen)}`);
const d = (s) => `${s.median >= 0 ? '+' : ''}${s.median.toFixed(1)} (${s.min.toFixed(1)} to ${s.max.toFixed(1)})`;
console.log('\nshop-assistant minus plain JS, per round (ms): median (min to max)');
for (const [n, s] of Object.entries(result.vsPlain.firstQuestionOnScreen)) console.log(`first question on screen, ${n.padEnd(16)} ${d(s)}`);
console.log(`per answer step                              ${d(result.vsPlain.stepMs)}`);
console.log(`exit intent to message on screen             ${d(result.vsPlain.exitOnScreen)}`);
console.log(`\nfirst question on screen (ms), ${SLOW_RUNS} runs each: first and repeat view (library files from the HTTP cache),\nlocally and over an emulated ${SLOW.name} network (${SLOW.latency} ms round trip, ${SLOW.downloadKbps} kbit/s down)`);
console.log('variant          repeat, local      first, slow 4G      repeat, slow 4G');
for (const v of VARIANTS) {
  console.log(`${v.name.padEnd(16)} ${f(result.repeatView.firstQuestionOnScreen[v.name], 0).padEnd(18)} ${f(result.slowNetwork.firstQuestionOnScreen[v.name], 0).padEnd(19)} ${f(result.slowNetwork.repeatViewFirstQuestionOnScreen[v.name], 0)}`);
}
console.log(`\npage kinds, ${KIND_RUNS} runs each: the assistant's KB (brotli) by network idle; launcher or first question on screen (ms); long tasks before it (n, ms); launcher click to first question on screen (ms)`);
console.log('condition  page                 KB      on screen          long tasks       click to question');
for (const c of CONDITIONS) {
  for (const k of KINDS) {
    const r = result.pageKinds.kinds[c.name][k.name];
    console.log(`${c.name.padEnd(10)} ${k.name.padEnd(20)} ${kb(r.bytes.median).padEnd(7)} ${f(r.onScreen, 0).padEnd(18)} ${`${f(r.longTasks, 0)}, ${f(r.longTaskMs, 0)}`.padEnd(16)} ${r.click ? f(r.click, 0) : ''}`);
  }
}
console.log('\nwritten to bench-results/pages.json');
