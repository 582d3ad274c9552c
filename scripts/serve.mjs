// Serves the demo storefront on 127.0.0.1: the shop's pages (rendered by www/shop/pages.mjs),
// its static files, the assistant's config, and the built assistant from dist/.
//
//   node scripts/serve.mjs [--port 8080]      (PORT works too; 0 picks a free port)
//
// Also imported by the end-to-end tests, which start it on a free port.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pages from '../www/shop/pages.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

// URL prefix -> folder. Nothing outside these folders is served.
const STATIC = [
  ['/shop-assistant/', join(ROOT, 'dist', 'shop-assistant')],
  ['/shop/', join(ROOT, 'www', 'shop')],
  ['/jewellery/', join(ROOT, 'tests', 'fixtures', 'jewellery')],
];

async function sendFile(res, folder, rest, headers) {
  const path = normalize(join(folder, rest));
  if (!path.startsWith(folder + sep) || rest.endsWith('.mjs')) return false;
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream', 'cache-control': 'no-cache', ...headers });
    res.end(body);
    return true;
  } catch {
    return false;
  }
}

function sendHtml(res, status, html, headers) {
  res.writeHead(status, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache', ...headers });
  res.end(html);
}

/**
 * Starts the storefront. `options.headers(pathname)` may add response headers (the tests use
 * it for Content Security Policies). Resolves to { server, url }.
 */
export function startServer({ port = 8080, host = '127.0.0.1', headers = () => ({}) } = {}) {
  const server = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url, 'http://localhost');
      const extra = headers(pathname) || {};
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' });
        return res.end();
      }
      for (const [prefix, folder] of STATIC) {
        if (pathname.startsWith(prefix) && (await sendFile(res, folder, pathname.slice(prefix.length), extra))) return;
      }
      if (pathname === '/assistant.json' && (await sendFile(res, join(ROOT, 'www'), 'assistant.json', extra))) return;

      const cat = pages.loadCatalogue();
      let html = null;
      if (pathname === '/') html = pages.home(cat);
      else if (pathname === '/basket') html = pages.basket();
      else if (pathname === '/checkout') html = pages.checkout();
      else if (pathname === '/checkout/thanks') html = pages.thanks();
      else if (pathname.startsWith('/products/')) html = pages.product(cat, decodeURIComponent(pathname.slice('/products/'.length)));
      else if (/^\/[a-z]+$/.test(pathname)) html = pages.category(cat, pathname.slice(1));
      if (html) return sendHtml(res, 200, html, extra);
      sendHtml(res, 404, pages.notFound(), extra);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('server error');
      console.error(e);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://${host}:${actual}` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 8080);
  const { url } = await startServer({ port });
  console.log(`Kettle & Bean demo storefront with shop-assistant: ${url}/`);
  console.log('Press Ctrl+C to stop.');
}
