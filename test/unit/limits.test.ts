// The line-length limit is found the same way whatever ends the lines: the
// `\n`-only texts take a faster path than texts with `\r`, and must agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { inputLimitViolation, MAX_LINE_LENGTH } from '../../server/src/limits';

test('limits: a text with \\n line ends and the same text with \\r\\n report the same long line', () => {
  const lengths = fc.array(fc.constantFrom(0, 5, MAX_LINE_LENGTH - 1, MAX_LINE_LENGTH, MAX_LINE_LENGTH + 1, MAX_LINE_LENGTH + 7), { minLength: 1, maxLength: 5 });
  fc.assert(
    fc.property(lengths, (sizes) => {
      const lines = sizes.map((n) => 'x'.repeat(n));
      const unix = inputLimitViolation(lines.join('\n'));
      assert.deepEqual(inputLimitViolation(lines.join('\r\n')), unix);
      const first = sizes.findIndex((n) => n > MAX_LINE_LENGTH);
      assert.equal(unix?.line, first < 0 ? undefined : first);
      assert.equal(unix?.endCharacter, first < 0 ? undefined : sizes[first]);
    }),
    { numRuns: 60 },
  );
});
