// One rule for what a valid config is: the browser's decoder (the shipped wasm's
// `Assistant.create`), `npm run validate` (the native binary) and ajv with the published
// schema (what an editor checks while a merchant types) must accept and reject the same
// configs, and put the problem at the same JSON path.
//
// The configs are generated: each of the example configs is walked beside the schema, and at
// every value the walk makes the mutations the schema can judge: a wrong type, a number below
// its minimum or above its maximum, a fraction where a whole number is asked, a word not in
// an allowed list, a malformed id or URL, an unknown key, a missing required key; and the
// values at the edge that must still pass (the minimum, the maximum, every allowed word).
// Cross-references (a "next" naming a question, a launcher's flow) are beyond a schema and
// are checked by the decoders alone (tests/config.rs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { setup, openPage, closeChecked } from '../e2e/harness.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const read = (p) => JSON.parse(readFileSync(ROOT + p, 'utf8'));
const schema = read('www/assistant.schema.json');
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const ajvValidate = ajv.compile(schema);

// The examples the walk starts from, with the catalogue file a URL in them names.
const BASES = [
  { name: 'demo', file: 'www/assistant.json', catalogue: 'www/shop/catalogue.json' },
  { name: 'full', file: 'tests/fixtures/full.json' },
  { name: 'jewellery', file: 'tests/fixtures/jewellery/assistant.json' },
];

/** `a.b[2].c` from ajv's `/a/b/2/c`, as the Rust decoders write paths. */
function rustPath(pointer) {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((p, seg) => (/^\d+$/.test(seg) ? `${p}[${seg}]` : p ? `${p}.${seg}` : seg), '');
}

const join_ = (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

function resolve(s) {
  while (s && s.$ref) s = schema.$defs[s.$ref.split('/').pop()];
  return s;
}

function typeOf(v) {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function fits(v, s) {
  s = resolve(s);
  if (!s) return false;
  if (s.const !== undefined) return v === s.const;
  if (s.enum) return s.enum.includes(v);
  if (s.type) {
    const types = [].concat(s.type);
    const t = typeOf(v);
    return types.includes(t) || (t === 'integer' && types.includes('number'));
  }
  return true;
}

/** The branch of an anyOf/oneOf the value is written in. */
function branch(v, s) {
  const options = s.anyOf || s.oneOf;
  if (s.oneOf && typeOf(v) === 'object') {
    // Conditions: one branch per key.
    const keyed = options.find((o) => resolve(o).required?.some((k) => k in v));
    if (keyed) return resolve(keyed);
  }
  return resolve(options.find((o) => fits(v, o)) || options[0]);
}

/** The JSON types `s` accepts. */
function types(s) {
  s = resolve(s);
  if (s.const !== undefined) return [typeOf(s.const)];
  if (s.enum) return [...new Set(s.enum.map(typeOf))];
  if (s.anyOf || s.oneOf) return (s.anyOf || s.oneOf).flatMap(types);
  return [].concat(s.type || []);
}

/** A value of a JSON type `s` does not accept. */
function wrongType(s) {
  const ok = types(s).flatMap((t) => (t === 'number' ? ['number', 'integer'] : [t]));
  return [7, 'zz', true, { zz: 1 }, [1]].find((v) => !ok.includes(typeOf(v)));
}

/**
 * A small valid value for `s`, if it can be made without knowing the config (numbers, words
 * from a list, booleans, and objects and lists of those); `undefined` otherwise (ids and
 * names refer to other parts of the config).
 */
function sample(s) {
  s = resolve(s);
  if (!s) return undefined;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const t = [].concat(s.type || [])[0];
  if (t === 'integer' || t === 'number') return s.minimum !== undefined ? Math.max(s.minimum, 1) : 1;
  if (t === 'boolean') return true;
  if (t === 'array') {
    const item = sample(s.items);
    return item === undefined ? undefined : [item];
  }
  if (t === 'object' && s.properties) {
    const o = {};
    for (const key of s.required || []) {
      const v = sample(s.properties[key]);
      if (v === undefined) return undefined;
      o[key] = v;
    }
    return o;
  }
  if (s.anyOf) {
    for (const option of s.anyOf) {
      const v = sample(option);
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

const pathText = (segs) => segs.reduce(join_, '');

/** The config `c` with the value at `segs` replaced by `v` (or, with `edit`, changed in place). */
function at(segs, v, edit) {
  return (c) => {
    if (!segs.length) {
      if (!edit) return v;
      edit(c);
      return c;
    }
    let o = c;
    for (const seg of segs.slice(0, -1)) o = o[seg];
    const last = segs[segs.length - 1];
    if (edit) edit(o[last]);
    else o[last] = v;
    return c;
  };
}

/**
 * Every mutation of `value` (at `segs`, described by `s`) and of what it holds, into `out`:
 * `{ path, why, expect: 'reject' | 'accept', apply(config) }`.
 */
function mutations(value, s, segs, out, prep, parent) {
  s = resolve(s);
  if (!s) return;
  const path = pathText(segs);
  if (s.anyOf || s.oneOf) {
    out.push({ parent, path, why: 'wrong type', expect: 'reject', apply: then(prep, at(segs, wrongType(s))) });
    if (s.oneOf && typeOf(value) === 'object') {
      out.push({ parent, path: join_(path, 'zzUnknown'), why: 'unknown condition', expect: 'reject', apply: then(prep, at(segs, { zzUnknown: 1 })) });
      // Every other kind of condition, written with small values, then mutated in turn.
      if (!parent?.parent) {
        for (const option of s.oneOf) {
          const o = resolve(option);
          const key = o.required?.[0];
          if (!key || key in value) continue;
          const v = sample(o.properties[key]);
          if (v === undefined) continue;
          const written = then(prep, (c) => at(segs, { [key]: structuredClone(v) })(c));
          const base = { parent, path, why: `the condition ${JSON.stringify({ [key]: v })}`, expect: 'accept', apply: written };
          out.push(base);
          walk({ [key]: v }, o, segs, out, true, written, base);
        }
      }
    }
    const b = branch(value, s);
    if (b && !(b.anyOf || b.oneOf)) walk(value, b, segs, out, true, prep, parent);
    return;
  }
  walk(value, s, segs, out, false, prep, parent);
}

/** `second` after `first` (either may be missing). */
const then = (first, second) => (first ? (c) => second(first(c)) : second);

function walk(value, s, segs, out, typeDone, prep, parent) {
  const path = pathText(segs);
  const t = typeOf(value);
  const at_ = (...args) => then(prep, at(segs, ...args));
  if (!typeDone && (s.type || s.enum || s.const !== undefined)) {
    out.push({ parent, path, why: 'wrong type', expect: 'reject', apply: at_(wrongType(s)) });
  }
  if (s.const !== undefined) {
    out.push({ parent, path, why: 'not the constant', expect: 'reject', apply: at_(s.const + 1) });
  }
  if (s.enum) {
    out.push({ parent, path, why: 'not an allowed word', expect: 'reject', apply: at_('zz-not-allowed') });
    for (const word of s.enum) if (word !== value) out.push({ parent, path, why: `allowed word ${JSON.stringify(word)}`, expect: 'accept', apply: at_(word) });
  }
  if (t === 'integer' || t === 'number') {
    const integer = [].concat(s.type).includes('integer');
    if (integer) out.push({ parent, path, why: 'a fraction', expect: 'reject', apply: at_(value + 0.5) });
    if (s.minimum !== undefined) {
      out.push({ parent, path, why: `below the minimum ${s.minimum}`, expect: 'reject', apply: at_(s.minimum - (integer ? 1 : 0.5)) });
      out.push({ parent, path, why: `the minimum ${s.minimum}`, expect: 'accept', apply: at_(s.minimum) });
    }
    if (s.exclusiveMinimum !== undefined) {
      out.push({ parent, path, why: `not above ${s.exclusiveMinimum}`, expect: 'reject', apply: at_(s.exclusiveMinimum) });
    }
    if (s.maximum !== undefined) {
      out.push({ parent, path, why: `above the maximum ${s.maximum}`, expect: 'reject', apply: at_(s.maximum + (integer ? 1 : 0.5)) });
      out.push({ parent, path, why: `the maximum ${s.maximum}`, expect: 'accept', apply: at_(s.maximum) });
    }
  }
  if (t === 'string' && s.pattern) {
    const bad = s.pattern.includes('Hh') ? 'javascript:alert(1)' : s.pattern.includes('[0-9]{4}-') ? '2026-1x-ab' : 'not an id!';
    out.push({ parent, path, why: `does not match ${s.pattern}`, expect: 'reject', apply: at_(bad) });
  }
  if (t === 'string' && s.minLength) {
    out.push({ parent, path, why: 'empty', expect: 'reject', apply: at_('') });
  }
  if (t === 'array' && s.items) {
    value.slice(0, 2).forEach((item, i) => mutations(item, s.items, [...segs, i], out, prep, parent));
  }
  if (t === 'object' && s.properties) {
    if (s.additionalProperties === false) {
      out.push({ parent, path: join_(path, 'zzUnknown'), why: 'unknown key', expect: 'reject', apply: at_(undefined, (o) => { o.zzUnknown = 1; }) });
    }
    for (const key of s.required || []) {
      if (key in value && Object.keys(value).length > 1) {
        out.push({ parent, path, missing: key, why: `"${key}" missing`, expect: 'reject', apply: at_(undefined, (o) => { delete o[key]; }) });
      }
    }
    for (const [key, v] of Object.entries(value)) {
      if (key !== '$schema' && s.properties[key]) mutations(v, s.properties[key], [...segs, key], out, prep, parent);
    }
    // Keys the example leaves out, written with small values, then mutated in turn.
    if (!parent?.parent) {
      for (const [key, ps] of Object.entries(s.properties)) {
        if (key in value || key === '$schema') continue;
        const v = sample(ps);
        if (v === undefined) continue;
        const written = at_(undefined, (o) => { o[key] = structuredClone(v); });
        const base = { parent, path: join_(path, key), why: `written as ${JSON.stringify(v)}`, expect: 'accept', apply: written };
        out.push(base);
        mutations(v, ps, [...segs, key], out, written, base);
      }
    }
  } else if (t === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    for (const [key, v] of Object.entries(value).slice(0, 2)) mutations(v, s.additionalProperties, [...segs, key], out, prep, parent);
  }
}

/** All mutations of a config. */
function allMutations(config) {
  const out = [];
  mutations(config, schema, [], out);
  return out;
}

// A problem line of the browser's error, "path: message" or the message alone.
function lineProblem(line) {
  const m = /^([A-Za-z0-9_$.\[\]-]+): (.*)$/.exec(line);
  return m ? { path: m[1], message: m[2] } : { path: '', message: line };
}

function ajvProblems(config) {
  if (ajvValidate(config)) return [];
  return ajvValidate.errors.map((e) => {
    const base = rustPath(e.instancePath);
    if (e.keyword === 'additionalProperties') return { path: join_(base, e.params.additionalProperty), message: e.message };
    return { path: base, message: `${e.keyword}: ${e.message}` };
  });
}

const VALIDATE = join(ROOT, 'target/release/validate');
let env;
let session;
let dir;

before(async () => {
  execFileSync('cargo', ['build', '--quiet', '--release', '--bin', 'validate'], { cwd: ROOT, stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'sa-agreement-'));
  env = await setup();
  session = await openPage(env);
  const { page } = session;
  await page.route(env.url + '/agreement', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>agreement</title>' }));
  await page.goto(env.url + '/agreement');
  // The shipped glue, as the loader carries it (its own lines of dist's shop-assistant.js,
  // between the block's opening and `return wasm_bindgen`), run on this page by itself.
  const loader = readFileSync(join(ROOT, 'dist/shop-assistant/shop-assistant.js'), 'utf8').split('\n');
  const from = loader.findIndex((l) => l.startsWith('{let wasm_bindgen=null;'));
  const to = loader.findIndex((l) => l.startsWith('return wasm_bindgen}'));
  assert.ok(from > 0 && to > from, 'the glue is inside the loader');
  await page.addScriptTag({ content: loader.slice(from + 1, to).join('\n') + '\nwindow.__glue = wasm_bindgen;' });
  await page.evaluate(async () => {
    const glue = window.__glue;
    await glue({ module_or_path: '/shop-assistant/assistant_bg.wasm' });
    window.decode = (text, catalogue) => {
      try {
        const a = glue.Assistant.create(text, undefined);
        if (catalogue) a.setCatalogue(catalogue);
        a.free();
        return null;
      } catch (e) {
        return String(e);
      }
    };
  });
});

after(async () => {
  if (session) await closeChecked(session);
  if (env) await env.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What each of the three says of each config: `{ browser, validate, ajv }`, each a list of problems. */
async function judge(configs, catalogueFile) {
  const catalogue = catalogueFile ? readFileSync(ROOT + catalogueFile, 'utf8') : null;
  const texts = configs.map((c) => JSON.stringify(c));
  const browser = await session.page.evaluate(
    ({ texts, catalogue }) => texts.map((t) => window.decode(t, catalogue)),
    { texts, catalogue },
  );
  return configs.map((config, i) => {
    const file = join(dir, `c${i}.json`);
    writeFileSync(file, texts[i]);
    const args = [file, '--json', '--summary'];
    if (catalogueFile) args.push('--catalogue', ROOT + catalogueFile);
    const run = spawnSync(VALIDATE, args, { encoding: 'utf8' });
    const validate = JSON.parse(run.stdout).errors.map(({ path, message }) => ({ path, message }));
    return {
      browser: browser[i] === null ? [] : browser[i].split('\n').map(lineProblem),
      validate,
      ajv: ajvProblems(config),
    };
  });
}

const show = (ps) => (ps.length ? ps.map((p) => `${p.path || '(top)'}: ${p.message}`).join(' | ') : 'accepted');

for (const base of BASES) {
  test(`${base.name}: the browser, npm run validate and the schema agree on every mutation`, async (t) => {
    const original = read(base.file);
    const verdict = await judge([original], base.catalogue);
    assert.deepEqual(verdict[0], { browser: [], validate: [], ajv: [] }, `${base.file} itself must pass`);

    const list = allMutations(original);
    const configs = list.map((m) => m.apply(structuredClone(original)));
    const verdicts = await judge(configs, base.catalogue);
    const disagreements = [];
    let rejected = 0;
    // A mutation made on a key the example left out counts only where writing that key with
    // its small value was itself accepted by all three.
    const passed = new Set(list.filter((m, i) => Object.values(verdicts[i]).every((ps) => ps.length === 0)));
    let skipped = 0;
    list.forEach((m, i) => {
      const v = verdicts[i];
      if (m.parent && !passed.has(m.parent)) {
        skipped++;
        return;
      }
      const at = (ps) => ps.some((p) => p.path === m.path || (m.missing && p.path === m.path));
      const names = ['browser', 'validate', 'ajv'];
      if (m.expect === 'reject') {
        rejected++;
        const wrong = names.filter((n) => !at(v[n]));
        if (wrong.length) disagreements.push(`${m.path} (${m.why}): no problem at this path from ${wrong.join(', ')}; ${names.map((n) => `${n}: ${show(v[n])}`).join('; ')}`);
      } else {
        // A value the schema allows may still break a rule between fields (a range
        // question's "min" on a single-choice question): then all three must refuse it, at
        // the places the decoders name.
        const accepted = names.map((n) => v[n].length === 0);
        const ajvPaths = new Set(v.ajv.map((p) => p.path));
        const same = accepted.every((ok) => ok === accepted[0]) && v.browser.every((p) => ajvPaths.has(p.path));
        if (!same) disagreements.push(`${m.path} (${m.why}): ${names.map((n) => `${n}: ${show(v[n])}`).join('; ')}`);
      }
      // The browser and the validator run the same decoder: they must say the same, word for word.
      assert.deepEqual(v.browser, v.validate, `${m.path} (${m.why}): browser and validate differ`);
    });
    t.diagnostic(`${list.length} mutations: ${rejected} to refuse, ${list.length - rejected - skipped} to accept, ${skipped} skipped (made on a key whose small value was itself refused)`);
    assert.ok(rejected >= 100, `only ${rejected} rejecting mutations generated for ${base.file}`);
    assert.deepEqual(disagreements, [], `${disagreements.length} of ${list.length} mutations disagree`);
  });
}

test('the disagreements found before this test existed are refused by all three, at their paths', async () => {
  const base = read('www/assistant.json');
  const message = (extra) => ({ ...base.messages[0], ...extra });
  const cases = [
    ['messages[0].caps.perDay', (c) => { c.messages[0] = message({ caps: { perDay: 0 } }); }],
    ['messageSettings.instalments', (c) => { c.messageSettings = { ...c.messageSettings, instalments: 1 }; }],
    ['messageSettings.perVisit', (c) => { c.messageSettings = { ...c.messageSettings, perVisit: 1.5 }; }],
    ['messages[0].when.visits', (c) => { c.messages[0] = message({ when: { visits: 2.5 } }); }],
    ['messages[0].when.page[0]', (c) => { c.messages[0] = message({ when: { page: [1, 'basket'] } }); }],
    ['messages[0].when.schedule.from', (c) => { c.messages[0] = message({ when: { schedule: { from: '2026-1x-ab' } } }); }],
    ['messages[0].when.schedule.hours[1]', (c) => { c.messages[0] = message({ when: { schedule: { hours: [9, 25] } } }); }],
    ['messages[0].when.scrollDepth', (c) => { c.messages[0] = message({ when: { scrollDepth: 101 } }); }],
  ];
  const configs = cases.map(([, change]) => {
    const c = structuredClone(base);
    change(c);
    return c;
  });
  const verdicts = await judge(configs, 'www/shop/catalogue.json');
  cases.forEach(([path], i) => {
    for (const [who, problems] of Object.entries(verdicts[i])) {
      assert.ok(problems.some((p) => p.path === path), `${who} must refuse ${path}: ${show(problems)}`);
    }
  });
});
