// Macro definitions, expansion and symbols.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertNoErrors, chain } from './helpers';

test('macros: definitions carry the expanded value', () => {
  const result = analyze('wired = "re0"\nwireless = "iwx0"\nall_if = "{" $wired $wireless "}"\nlocal = $wired:network\nempty = ""');
  assertNoErrors(result);
  assert.deepEqual(result.definitions.map((d) => [d.kind, d.name, d.detail]), [
    ['macro', 'wired', 're0'],
    ['macro', 'wireless', 'iwx0'],
    ['macro', 'all_if', '{ re0 iwx0 }'],
    ['macro', 'local', 're0:network'],
    ['macro', 'empty', ''],
  ]);
  assert.deepEqual(result.definitions[2].nameRange, { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } });
});

test('macros: references on each $name as written', () => {
  const result = analyze('a = "em0"\npass on $a from ($a)');
  assert.deepEqual(result.references.filter((r) => r.kind === 'macro').map((r) => [r.name, r.range.start.character, r.range.end.character]), [
    ['a', 8, 10],
    ['a', 17, 19],
  ]);
});

test('macros: a value holding a macro reference expands recursively when used', () => {
  const result = analyze("inner = \"em1\"\nouter = '$inner'\npass in on $outer");
  assertNoErrors(result);
  assert.deepEqual(chain(result, 'filter').rules[0].match.inInterface?.names, ['em1']);
});

test('macros: redefinition takes effect for later lines only', () => {
  const result = analyze('p = "21"\npass in proto tcp to port $p\np = "22"\npass in proto tcp to port $p');
  assert.deepEqual(chain(result, 'filter').rules.map((r) => r.match.dport?.toString()), ['21', '22']);
});

test('macros: tokens from an expansion point at the $name', () => {
  const result = analyze('ports = "{ 21 50000: }"\npass in proto tcp to port $ports');
  const [d] = result.diagnostics;
  assert.equal(d.code, 'FW001');
  assert.deepEqual(d.range, { start: { line: 1, character: 26 }, end: { line: 1, character: 32 } });
});

test('macros: a table inside a macro is a table reference', () => {
  const result = analyze('table <ip_drop> persist\nIP_DROP = "<ip_drop>"\nblock in from $IP_DROP');
  assertNoErrors(result);
  assert.deepEqual(result.references.filter((r) => r.kind === 'set').map((r) => r.name), ['ip_drop']);
});

test('macros: undefined macro keeps the rule, with an uncertain match', () => {
  const result = analyze('pass in proto tcp to port $nope');
  assert.equal(chain(result, 'filter').rules.length, 1);
  assert.deepEqual(chain(result, 'filter').rules[0].match.opaque, ['to port $nope']);
});

test('a large file using a macro on every rule is expanded in full: the expansion budget grows with the file', () => {
  // 15,000 uses of a 17-character macro: 255,000 characters of expansion, past the fixed minimum budget.
  const rules = Array.from({ length: 15_000 }, (_, i) => `pass in proto tcp from 10.0.${i >> 8}.${i & 255} to port $web_ports`);
  const text = ['web_ports = "{ 80, 443, 8080 }"', ...rules, ''].join('\n');
  const result = analyze(text);
  assert.deepEqual(result.diagnostics.filter((d) => d.code === 'FW001'), []);
  const last = result.ruleset.chains.flatMap((c) => c.rules).at(-1);
  assert.deepEqual(last?.match.dport?.intervals, [{ lo: 80, hi: 80 }, { lo: 443, hi: 443 }, { lo: 8080, hi: 8080 }]);
});
