// The published JSON Schema, used the way an editor uses it (ajv, JSON Schema 2020-12): the
// demo config and the test fixtures validate; broken configs fail at the right places.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const read = (p) => JSON.parse(readFileSync(new URL('../../' + p, import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(read('www/assistant.schema.json'));
const errors = (config) => (validate(config) ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`));

test('the demo config and the fixtures validate against the schema', () => {
  for (const file of ['www/assistant.json', 'tests/fixtures/minimal.json', 'tests/fixtures/full.json']) {
    assert.deepEqual(errors(read(file)), [], file);
  }
});

test('a catalogue file validates as the catalogue a config may hold inline', () => {
  const config = read('www/assistant.json');
  config.catalogue = read('www/shop/catalogue.json');
  assert.deepEqual(errors(config), []);
});

test('broken configs fail where they are broken', () => {
  const base = read('www/assistant.json');
  const cases = [
    [(c) => { c.flows['coffee-finder'].questions[0].tyep = 'single'; }, /questions\/0 must NOT have additional properties/],
    [(c) => { c.flows['coffee-finder'].questions[0].type = 'slider'; }, /questions\/0\/type must be equal to one of the allowed values/],
    [(c) => { c.flows['coffee-finder'].maxResults = 50; }, /maxResults must be <= 20/],
    [(c) => { c.launcher.position = 'top'; }, /launcher\/position must be equal to one of the allowed values/],
    [(c) => { c.messages[0].placement = 'popup'; }, /messages\/0\/placement must be equal to one of the allowed values/],
    [(c) => { c.messages[0].when = { basketValue: { min: 1 }, page: 'basket' }; }, /messages\/0\/when must match exactly one schema/],
    [(c) => { c.messages[0].buttons[0] = { label: 'x', url: 'javascript:alert(1)' }; }, /buttons\/0\/url must match pattern/],
    [(c) => { c.messages[0].buttons[0] = { label: 'x', url: 'JaVaScRiPt:alert(1)' }; }, /buttons\/0\/url must match pattern/],
    [(c) => { c.messages[0].buttons[0].url = '/basket'; }, /buttons\/0 must match exactly one schema in oneOf/],
    [(c) => { c.tracking.pages[0].type = 'produkt'; }, /tracking\/pages\/0\/type must be equal to one of the allowed values/],
    [(c) => { delete c.flows; }, /must have required property 'flows'/],
  ];
  for (const [breakIt, expected] of cases) {
    const config = structuredClone(base);
    breakIt(config);
    const found = errors(config);
    assert.ok(found.some((e) => expected.test(e)), `${expected}: ${JSON.stringify(found)}`);
  }
  // Relative and http(s) URLs pass.
  const ok = structuredClone(base);
  ok.messages[0].buttons[0] = { label: 'Basket', url: '/basket' };
  assert.deepEqual(errors(ok), []);
});

test('the config reference (www/docs/reference.md) is generated from the current schema', async () => {
  const { reference } = await import('../../scripts/docs.mjs');
  const committed = readFileSync(new URL('../../www/docs/reference.md', import.meta.url), 'utf8');
  assert.ok(reference() === committed, 'www/docs/reference.md is out of date: run `npm run schema`');
  // Every field the schema describes appears in it.
  const schema = read('www/assistant.schema.json');
  for (const def of Object.values(schema.$defs)) {
    for (const name of Object.keys(def.properties || {})) assert.ok(committed.includes(`| \`${name}\` |`), name);
  }
});

test('the cookbook\'s complete configs validate against the schema too', () => {
  const cookbook = readFileSync(new URL('../../www/docs/cookbook.md', import.meta.url), 'utf8');
  const blocks = [...cookbook.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
  const whole = blocks.filter((b) => 'flows' in b);
  assert.ok(whole.length >= 1);
  for (const config of whole) assert.deepEqual(errors(config), []);
});
