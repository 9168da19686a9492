// The word splitter also tells whether a line is written single-spaced, so a
// rule's text need not be scanned again: that must agree with singleSpaced,
// and the words must be what a character-by-character reading gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { singleSpaced } from '../../server/src/model/text';
import { splitWords } from '../../server/src/dialects/iptables/words';

/** Characters that change how a line splits or whether it is single-spaced. */
const CHARACTERS = ['a', '-', '1', ' ', ' ', '\t', '\v', '"', "'", '\\', '\u00a0', '\u00e9', '\u0001', ':', '='];
const lineArbitrary = fc.array(fc.constantFrom(...CHARACTERS), { maxLength: 24 }).map((cs) => cs.join(''));

test('a line the splitter calls single-spaced is its own single-spaced text', () => {
  fc.assert(
    fc.property(lineArbitrary, fc.nat(3), (line, offset) => {
      const from = Math.min(offset, line.length);
      const split = splitWords(line, 0, from);
      if (split.spaced) assert.equal(singleSpaced(line.slice(from)), line.slice(from), JSON.stringify(line));
    }),
    { numRuns: 5000 },
  );
});

test('plain lines are single-spaced; doubled, leading, tab and escaped spacing is not', () => {
  assert.equal(splitWords('-A INPUT -p tcp --dport 21 -j ACCEPT', 0).spaced, true);
  assert.equal(splitWords('-A X -m comment --comment "a b" -j ACCEPT', 0).spaced, true);
  assert.equal(splitWords('-A INPUT  -j ACCEPT', 0).spaced, false);
  assert.equal(splitWords(' -A INPUT', 0).spaced, false);
  assert.equal(splitWords('-A INPUT ', 0).spaced, false);
  assert.equal(splitWords('-A\tINPUT', 0).spaced, false);
  assert.equal(splitWords('-A X --comment "a  b"', 0).spaced, false);
  assert.equal(splitWords('-A X --comment "a\\"b"', 0).spaced, false);
});

test('words are split on whitespace with quotes grouping and escapes inside double quotes', () => {
  const texts = (line: string): string[] => splitWords(line, 0).words.map((w) => w.text);
  assert.deepEqual(texts('-A X --comment "a b" -j ACCEPT'), ['-A', 'X', '--comment', 'a b', '-j', 'ACCEPT']);
  assert.deepEqual(texts(`x"y z"'w v' q`), ['xy zw v', 'q']);
  assert.deepEqual(texts('"a\\"b" \'c\\d\''), ['a"b', 'c\\d']);
  assert.deepEqual(texts('\t-p\vtcp\f'), ['-p', 'tcp']);
  const unterminated = splitWords('-A X "open', 0);
  assert.equal(unterminated.error?.message, 'unterminated " quote');
  assert.deepEqual(unterminated.error?.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 10 } });
});
