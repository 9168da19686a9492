// Definitions and references for the outline, go to definition and hovers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from './helpers';

test('symbols: tables, created tables and anchors are definitions', () => {
  const result = analyze([
    'table <bogons> persist file "/etc/bogons"',
    'table <lan> const { 10/8, 172.16/12 }',
    'pass in proto tcp to port 22 keep state (overload <bad> flush global)',
    'anchor "ftp-proxy/*"',
    'anchor "lan" {',
    '  pass',
    '}',
    'nat-anchor "ftp-proxy/*"',
  ].join('\n'));
  assert.deepEqual(result.definitions.map((d) => [d.kind, d.name, d.detail]), [
    ['set', 'bogons', 'persist file "/etc/bogons"'],
    ['set', 'lan', 'const { 10/8 172.16/12 }'],
    ['anchor', 'ftp-proxy/*', 'anchors filled at run time'],
    ['anchor', 'lan', 'inline anchor'],
    ['set', 'bad', 'created by this rule'],
  ]);
  assert.deepEqual(result.definitions[0].nameRange, { start: { line: 0, character: 7 }, end: { line: 0, character: 13 } });
  assert.deepEqual(result.references.filter((r) => r.kind === 'anchor').map((r) => [r.name, r.range.start.line]), [['ftp-proxy/*', 7]]);
});

test('symbols: a declared table that overload also fills is defined once', () => {
  const result = analyze('table <bad> persist\npass in proto tcp to port 22 keep state (overload <bad> flush)\npass in proto tcp to port 25 keep state (overload <bad> flush)');
  assert.deepEqual(result.definitions.map((d) => [d.name, d.range.start.line]), [['bad', 0]]);
  assert.deepEqual(result.references.filter((r) => r.kind === 'set').map((r) => r.range.start.line), [1, 2]);
});

test('symbols: table references in rules, lists and translations', () => {
  const result = analyze('table <a> persist\ntable <b> persist\ntable <c> persist\npass from { <a> !<b> } to any\npass in proto tcp to port 80 rdr-to <c>');
  assert.deepEqual(result.references.filter((r) => r.kind === 'set').map((r) => r.name), ['a', 'b', 'c']);
});
