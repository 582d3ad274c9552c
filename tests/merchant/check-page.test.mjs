// `npm run check-page`: on demo storefront pages, and on pages that are not the demo's (served
// here by a bare server: no assistant, a working inline config, a broken one, a product page
// whose product the rules cannot read). Runs the command as a merchant would, exit code
// included.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { startServer } from '../../scripts/serve.mjs';

const ROOT = new URL('../../', import.meta.url);
const DIST = new URL('dist/shop-assistant/', ROOT);
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm' };

function run(args) {
  return new Promise((resolve) => {
    execFile('node', ['scripts/check-page.mjs', ...args], { cwd: ROOT, timeout: 60000 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, out: stdout + stderr });
    });
  });
}

const page = (body, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Other shop</title>${head}</head><body>${body}</body></html>`;
const tag = '<script async src="/shop-assistant/shop-assistant.js"></script>';
const config = (extra) => JSON.stringify({
  catalogue: { currency: 'EUR', products: [{ id: 'tea', name: 'Green tea', url: '/p/tea', price: 5, attributes: { kind: 'green' } }] },
  launcher: { flow: 'tea', label: 'Find a tea' },
  flows: { tea: { title: 'Tea', questions: [{ id: 'kind', text: 'Which?', answers: [{ id: 'green', label: 'Green', filters: [{ attribute: 'kind', equals: 'green' }] }] }] } },
  tracking: { pages: [{ type: 'product', path: '/p/*' }], product: { selector: '[itemprop=sku]' } },
  ...extra,
});
const inline = (c) => `<script type="application/json" id="shop-assistant-config">${c}</script>`;
const OTHER = {
  '/plain': page('<h1>No assistant here</h1>'),
  '/custom': page('<h1>Teas</h1>' + inline(config({})), tag),
  '/broken': page('<h1>Teas</h1>' + inline(config({ launcher: { flow: 'coffee', label: 'x' } })), tag),
  '/p/tea': page('<h1>Green tea</h1><p>no product id in the markup</p>' + inline(config({})), tag),
  '/p/tea-blocks': page('<h1>Green tea</h1><span itemprop="sku">tea</span>' + inline(config({ recommendations: { blocks: { more: { strategies: ['featured'], pages: ['product'], after: '.pdp' } } } })), tag),
};

let demo;
let other;
let otherUrl;
before(async () => {
  demo = await startServer({ port: 0 });
  other = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path.startsWith('/shop-assistant/')) {
      const name = path.slice('/shop-assistant/'.length);
      try {
        const body = readFileSync(new URL(name, DIST));
        res.writeHead(200, { 'content-type': TYPES[name.slice(name.lastIndexOf('.'))] || 'application/octet-stream' });
        return res.end(body);
      } catch {
        res.writeHead(404);
        return res.end();
      }
    }
    if (OTHER[path]) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(OTHER[path]);
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page('<h1>Not found</h1>'));
  });
  await new Promise((r) => other.listen(0, '127.0.0.1', r));
  otherUrl = `http://127.0.0.1:${other.address().port}`;
});
after(async () => {
  await new Promise((r) => demo.server.close(r));
  await new Promise((r) => other.close(r));
});

test('a demo product page: started, its config, the product the rules read', async () => {
  const { code, out } = await run([demo.url + '/products/house-espresso']);
  assert.equal(code, 0, out);
  for (const line of ['  assistant: started (version 0.1.0)', `  config: ${demo.url}/assistant.json`, '  page type: product', '  product: house-espresso', '  launcher: Find your coffee', '  message on arrival: none', '  blocks not on this page: for-you (for home pages); goes-with (for basket pages)']) {
    assert.ok(out.split('\n').includes(line), `missing ${JSON.stringify(line)} in:\n${out}`);
  }
  assert.match(out, /\n {2}recommendation blocks: similar \([a-z-]+(, [a-z-]+){1,3}\); recently-viewed \(nothing to show yet\)\n/);
  assert.match(out, /\nOK\n?$/);
});

test('a recommendation block meant for this kind of page that finds no place on it is a problem', async () => {
  const { code, out } = await run([otherUrl + '/p/tea-blocks']);
  assert.equal(code, 1, out);
  assert.match(out, /recommendation block "more" is for product pages, but this page has no data-shop-assistant-recommend="more" element and its after selector "\.pdp" finds nothing/);
});

test('the demo checkout with a basket: the exit-intent message, in JSON', async () => {
  const { code, out } = await run([demo.url + '/checkout', '--before', demo.url + '/products/house-espresso', '--click', '[data-add-to-basket]', '--json']);
  assert.equal(code, 0, out);
  const r = JSON.parse(out);
  assert.deepEqual(r.seen.basket, { items: 1, value: 12.5 });
  assert.equal(r.seen.page, 'checkout');
  assert.deepEqual(r.seen.onArrival, []);
  assert.deepEqual(r.seen.onExitIntent, ['checkout-exit']);
  assert.deepEqual(r.problems, []);
});

test('as the README says to run it for a pipeline, standard output is the JSON alone', async () => {
  const stdout = await new Promise((resolve, reject) => {
    execFile('npm', ['run', '--silent', 'check-page', '--', demo.url + '/products/house-espresso', '--json'], { cwd: ROOT, timeout: 120000 }, (error, out) => (error ? reject(error) : resolve(out)));
  });
  assert.equal(JSON.parse(stdout).seen.product, 'house-espresso');
});

test('another shop\'s page with an inline config works', async () => {
  const { code, out } = await run([otherUrl + '/custom']);
  assert.equal(code, 0, out);
  assert.match(out, /\n {2}config: inline\n/);
  assert.match(out, /\n {2}launcher: Find a tea\n/);
  assert.match(out, /\n {2}page type: other\n/);
});

test('problems exit 1 and say what is wrong', async () => {
  const plain = await run([otherUrl + '/plain', '--wait', '2']);
  assert.equal(plain.code, 1, plain.out);
  assert.match(plain.out, /no shop-assistant on this page \(no ShopAssistant global\): is the script tag in the page\?/);

  const broken = await run([otherUrl + '/broken']);
  assert.equal(broken.code, 1, broken.out);
  assert.match(broken.out, /\n {2}assistant: did not start: the configuration has errors:\n {6}launcher\.flow: no flow "coffee"\n/);
  assert.match(broken.out, /\n {2}- assistant error: shop-assistant: the configuration has errors:\n {6}launcher\.flow: no flow "coffee"/);

  const product = await run([otherUrl + '/p/tea']);
  assert.equal(product.code, 1, product.out);
  assert.match(product.out, /this is a product page by the tracking rules, but the product rule \(tracking\.product\) found no product id/);

  const missing = await run([otherUrl + '/nothing-here', '--wait', '2']);
  assert.equal(missing.code, 1, missing.out);
  assert.match(missing.out, /the page answered HTTP 404/);
});
