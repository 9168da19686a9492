// Property tests: whatever the text, extraction returns (never throws) and
// every range it reports lies inside the document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Range } from '../../server/src/model/source';
import { extract } from './helpers';

const FRAGMENTS = [
  'iptables', '$IPT', ' -A INPUT', ' -p tcp', ' --dport 21', ' -j ACCEPT', '\n', '\r\n', ' \\\n', ';', '&&', '||', '|', '&',
  '(', ')', '{', '}', '"', "'", '`', '$(', '${', '}', '$((', '))', '<<EOF', '<<-E', 'EOF', '\tE', '#', 'if ', ' then ',
  ' fi', 'for x in a b', ' do ', ' done', 'case $x in', ' a)', ';;', ' esac', 'f()', 'X=', '"$X"', '$1', '$@', 'IFS=,',
  'set ', '. ./f', 'source ', 'local ', 'export ', 'read ', ' 2>&1', '>', '<', '[[', ']]', '=(', 'é', '\u{1F525}', '\\',
];

function inside(range: Range, lineCount: number): boolean {
  const { start, end } = range;
  const ordered = start.line < end.line || (start.line === end.line && start.character <= end.character);
  return ordered && start.line >= 0 && end.line < lineCount && start.character >= 0;
}

test('random shell-like text never throws and ranges stay inside the document', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }), (pieces) => {
      const text = pieces.join('');
      const lineCount = text.split('\n').length;
      const result = extract(text);
      for (const d of result.diagnostics) assert.ok(inside(d.range, lineCount), JSON.stringify(d));
      for (const c of result.commands) {
        assert.ok(inside(c.range, lineCount));
        for (const w of c.words) assert.ok(inside(w.range, lineCount));
      }
      for (const r of result.references) assert.ok(inside(r.range, lineCount));
    }),
    { numRuns: 400, seed: 20261125 },
  );
});

test('arbitrary unicode text never throws', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
      const result = extract(text);
      assert.ok(Array.isArray(result.commands));
    }),
    { numRuns: 300, seed: 7 },
  );
});

test('a long run of parentheses is handled', () => {
  const result = extract('('.repeat(20000) + '\n' + 'iptables -F\n');
  assert.ok(result.diagnostics.some((d) => d.code === 'FW001'));
});

test('deep nesting is reported instead of overflowing the stack', () => {
  const deepSubstitution = '$('.repeat(5000) + '\n';
  const deepSubshell = '( '.repeat(5000) + 'iptables -F' + ' )'.repeat(5000) + '\n';
  const deepIf = 'if true; then '.repeat(3000) + 'iptables -F' + '; fi'.repeat(3000) + '\n';
  for (const text of [deepSubstitution, deepSubshell, deepIf]) {
    const result = extract(text);
    assert.ok(result.diagnostics.some((d) => d.code === 'FW001' && /too deeply|never closed|Unterminated/.test(d.message)));
  }
});
