// What `npm pack` gives a merchant who self-hosts or installs the package: the loader, glue,
// wasm, schema, types and a manifest whose version and Subresource Integrity hashes match the
// files; `exports` for each; the packed tarball installed into an empty folder, and the
// assistant loaded from that copy in Chromium.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setup, openPage, serveHtml, pageWithConfig, closeChecked, consoleErrors } from '../e2e/harness.mjs';

const ROOT = new URL('../../', import.meta.url);
const read = (p) => readFileSync(new URL(p, ROOT));

// One file of the widget's own texts per language other than English.
const LABELS = readdirSync(new URL('www/labels/', ROOT)).sort();

test('npm pack holds exactly what self-hosting needs', () => {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  assert.deepEqual(pack.files.map((f) => f.path).sort(), [
    'README.md',
    'dist/shop-assistant/assistant.schema.json',
    'dist/shop-assistant/assistant_bg.wasm',
    ...LABELS.map((f) => 'dist/shop-assistant/labels/' + f),
    'dist/shop-assistant/manifest.json',
    'dist/shop-assistant/shop-assistant.d.ts',
    'dist/shop-assistant/shop-assistant.js',
    'package.json',
  ]);
  assert.equal(JSON.parse(read('package.json')).types, 'dist/shop-assistant/shop-assistant.d.ts');
});

test('the manifest names one version everywhere and every file\'s integrity hash', () => {
  const manifest = JSON.parse(read('dist/shop-assistant/manifest.json'));
  const version = JSON.parse(read('package.json')).version;
  assert.equal(manifest.version, version);
  // package.json is the one place the version is written: the crate has none, the loader's
  // source a placeholder the build fills in.
  assert.doesNotMatch(String(read('Cargo.toml')).split('[lib]')[0], /^version\s*=/m);
  assert.match(String(read('www/shop-assistant.js')), /var VERSION = 'dev';/);
  assert.ok(String(read('dist/shop-assistant/shop-assistant.js')).includes(`version:"${version}"`), 'the built loader carries the version');
  assert.deepEqual(Object.keys(manifest.files).sort(), ['assistant.schema.json', 'assistant_bg.wasm', ...LABELS.map((f) => 'labels/' + f), 'shop-assistant.d.ts', 'shop-assistant.js'].sort());
  assert.ok(LABELS.length >= 17, LABELS.join(' '));
  for (const [name, { bytes, integrity }] of Object.entries(manifest.files)) {
    const data = read('dist/shop-assistant/' + name);
    assert.equal(bytes, data.length, name);
    assert.equal(integrity, 'sha384-' + createHash('sha384').update(data).digest('base64'), name);
  }
  // The published schema and types are the ones in www/.
  assert.deepEqual(read('dist/shop-assistant/assistant.schema.json'), read('www/assistant.schema.json'));
  assert.deepEqual(read('dist/shop-assistant/shop-assistant.d.ts'), read('www/shop-assistant.d.ts'));
});

test('the packed tarball installs into an empty folder, its exports resolve, and the assistant loads from it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-install-'));
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'a-shop', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--offline', './' + packed.filename], { cwd: dir, stdio: 'ignore' });
    // What a merchant's build imports: the loader's path, the types, the schema, the manifest.
    const resolved = JSON.parse(execFileSync('node', ['--input-type=module', '-e', `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const schema = require('shop-assistant/schema');
      const manifest = require('shop-assistant/manifest');
      console.log(JSON.stringify({
        loader: import.meta.resolve('shop-assistant/loader'),
        main: import.meta.resolve('shop-assistant'),
        types: import.meta.resolve('shop-assistant/types'),
        wasm: import.meta.resolve('shop-assistant/files/assistant_bg.wasm'),
        schemaTitle: schema.title ?? schema.$id ?? null,
        version: manifest.version,
      }));`], { cwd: dir, encoding: 'utf8' }));
    const pkg = join(dir, 'node_modules', 'shop-assistant', 'dist', 'shop-assistant');
    assert.equal(resolved.loader, 'file://' + join(pkg, 'shop-assistant.js'));
    assert.equal(resolved.main, resolved.loader);
    assert.equal(resolved.types, 'file://' + join(pkg, 'shop-assistant.d.ts'));
    assert.equal(resolved.wasm, 'file://' + join(pkg, 'assistant_bg.wasm'));
    assert.ok(resolved.schemaTitle, 'the schema is importable');
    assert.equal(resolved.version, JSON.parse(read('package.json')).version);
    // A shop serving the installed copy under /shop-assistant/: the assistant starts from it.
    const env = await setup();
    try {
      const s = await openPage(env);
      const served = [];
      const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
      await s.page.route(env.url + '/shop-assistant/**', (route) => {
        const name = new URL(route.request().url()).pathname.slice('/shop-assistant/'.length);
        served.push(name);
        route.fulfill({ status: 200, contentType: TYPES[name.slice(name.lastIndexOf('.'))], body: readFileSync(join(pkg, name)) });
      });
      const config = JSON.parse(read('tests/fixtures/minimal.json'));
      await serveHtml(env, s.page, '/installed', pageWithConfig(config));
      await s.page.evaluate(() => window.ShopAssistant.ready);
      assert.equal(await s.page.evaluate(() => window.ShopAssistant.version), resolved.version);
      assert.deepEqual(served.sort(), ['assistant_bg.wasm', 'shop-assistant.js']);
      assert.deepEqual(consoleErrors(s), []);
      await closeChecked(s);
    } finally {
      await env.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
