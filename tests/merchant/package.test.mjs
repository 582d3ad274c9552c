// What `npm pack` gives a merchant who self-hosts: the loader, glue, wasm, schema, types and a
// manifest whose version and Subresource Integrity hashes match the files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';

const ROOT = new URL('../../', import.meta.url);
const read = (p) => readFileSync(new URL(p, ROOT));

// One file of the widget's own texts per language other than English.
const LABELS = readdirSync(new URL('www/labels/', ROOT)).sort();

test('npm pack holds exactly what self-hosting needs', () => {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  assert.deepEqual(pack.files.map((f) => f.path).sort(), [
    'README.md',
    'dist/shop-assistant/assistant.js',
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
  assert.match(String(read('Cargo.toml')), new RegExp(`^version = "${version.replace(/\./g, '\\.')}"$`, 'm'));
  assert.match(String(read('www/shop-assistant.js')), new RegExp(`var VERSION = '${version.replace(/\./g, '\\.')}';`));
  assert.deepEqual(Object.keys(manifest.files).sort(), ['assistant.js', 'assistant.schema.json', 'assistant_bg.wasm', ...LABELS.map((f) => 'labels/' + f), 'shop-assistant.d.ts', 'shop-assistant.js'].sort());
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
