// The front end never throws and always ends, whatever the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from './helpers';

const PIECES = [
  '{', '}', '(', ')', ';', '\n', '\r\n', ',', '.', ':', '-', '"', '\\\n', '#', '=', '*', '/', '$x', '@s', ' ',
  'table', 'chain', 'set', 'map', 'vmap', 'jump', 'goto', 'accept', 'drop', 'tcp', 'dport', 'ct', 'helper', 'state',
  'define', 'include', 'add', 'insert', 'rule', 'ip', 'inet', 'meter', 'flow', 'type', 'hook', 'priority', 'policy',
  '21', '50000-50999', '10.0.0.0/8', '::1', 'elements', 'limit', 'rate', 'log', 'prefix', 'dnat', 'to',
];

test('any sequence of nft words and punctuation is read without throwing', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }), (pieces) => {
      const result = analyze(pieces.join(' '));
      for (const d of result.diagnostics) {
        assert.ok(d.code === 'FW001' || d.code === 'FW002');
        assert.ok(d.range.start.line <= d.range.end.line);
      }
    }),
    { numRuns: 1500 },
  );
});

test('arbitrary unicode text is read without throwing', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      analyze(text);
    }),
    { numRuns: 500 },
  );
});
