// DocumentLines says which lines an edit left alone; whatever the edit, what it
// says must hold: the lines are the text's, and the lines it calls unchanged
// read as they did, at the index (and shift) it gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DocumentLines } from '../../server/src/dialects/memo';

const line = fc.constantFrom('', 'a', 'b', 'ab', '-A INPUT -j ACCEPT', ' ', 'a b');
const lines = fc.array(line, { maxLength: 12 });
type Edit = { at: number; remove: number; insert: string[] };
const edit: fc.Arbitrary<Edit> = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.array(line, { maxLength: 3 }) });

test('document lines: after any line edits, unchanged lines are the same text at the index given', () => {
  fc.assert(
    fc.property(lines, fc.array(edit, { minLength: 1, maxLength: 6 }), fc.array(fc.constantFrom('', 'x', '\n'), { maxLength: 2 }), (first, edits, tails) => {
      const document = new DocumentLines();
      let previous = first.join('\n');
      document.update(previous);
      edits.forEach((e, k) => {
        const current = previous.split('\n');
        const next: string[] = [...current];
        next.splice(e.at % (current.length + 1), e.remove, ...e.insert);
        // Character-level changes at the end too (a line break typed or removed).
        const text = next.join('\n') + (tails[k] ?? '');
        const change = document.update(text);
        assert.deepEqual(change.lines, text.split('\n'));
        assert.deepEqual(change.previousLines, current);
        for (let i = 0; i < change.firstChanged; i++) assert.equal(change.lines[i], change.previousLines[i]);
        for (let i = change.firstUnchangedAfter; i < change.lines.length; i++) assert.equal(change.lines[i], change.previousLines[i - change.shift]);
        assert.ok(change.firstChanged <= change.firstUnchangedAfter);
        assert.equal(change.lines.length - change.shift, change.previousLines.length);
        previous = text;
      });
    }),
    { numRuns: 500 },
  );
});

test('document lines: an edit inside one line leaves every other line unchanged, an inserted line shifts those after it', () => {
  const document = new DocumentLines();
  const base = ['*filter', '-A INPUT -p tcp --dport 21 -j ACCEPT', '-A INPUT -p tcp --dport 22 -j ACCEPT', 'COMMIT'];
  document.update(base.join('\n'));
  const edited = [...base];
  edited[1] = '-A INPUT -p tcp --dport 2121 -j ACCEPT';
  const change = document.update(edited.join('\n'));
  assert.deepEqual([change.firstChanged, change.firstUnchangedAfter, change.shift], [1, 2, 0]);
  const inserted = [edited[0], '# new', ...edited.slice(1)];
  const insert = document.update(inserted.join('\n'));
  assert.deepEqual([insert.firstChanged, insert.firstUnchangedAfter, insert.shift], [1, 2, 1]);
  const same = document.update(inserted.join('\n'));
  assert.equal(same.firstUnchangedAfter - same.firstChanged, 0);
});
