// The TypeScript declarations (www/shop-assistant.d.ts), checked by tsc --strict: a merchant's
// correct code compiles, and typical mistakes are caught on the lines that make them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const file = (name) => fileURLToPath(new URL('types/' + name, import.meta.url));
const OPTIONS = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [] };

function diagnostics(name) {
  const program = ts.createProgram([file(name)], OPTIONS);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return { file: d.file?.fileName ?? '', line, text: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
  });
}

test('correct use of the declarations compiles under --strict', () => {
  assert.deepEqual(diagnostics('good.ts').map((d) => `${d.file}:${d.line}: ${d.text}`), []);
});

test('each typical mistake is an error on its own line', () => {
  const found = diagnostics('bad.ts');
  assert.ok(found.every((d) => d.file.endsWith('bad.ts')), JSON.stringify(found, null, 1));
  const lines = readFileSync(file('bad.ts'), 'utf8').split('\n');
  const expected = lines.flatMap((l, i) => (/\/\/ expect: /.test(l) ? [i + 1] : []));
  assert.equal(expected.length, 8);
  for (const line of expected) {
    assert.ok(found.some((d) => d.line === line), `no error on line ${line}: ${lines[line - 1].trim()}\n${JSON.stringify(found, null, 1)}`);
  }
  const unexpected = found.filter((d) => !expected.includes(d.line));
  assert.deepEqual(unexpected, []);
});
