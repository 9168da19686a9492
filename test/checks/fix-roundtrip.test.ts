// eslint's "output" expectation, for every raise fixture: applying the
// preferred fix (rendered in the fixture's own dialect) makes the finding go
// away, and the fixed text raises nothing the original did not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRONTENDS } from '../../server/src/dialects';
import { applyEdits, renderFix } from '../../server/src/fixes';
import { analyse } from './harness';
import { ALL_CASES } from './cases';

for (const [code, cases] of Object.entries(ALL_CASES)) {
  for (const c of cases.filter((k) => k.expect.length > 0)) {
    test(`${code} preferred fix (${c.dialect}): ${c.name}`, () => {
      const before = analyse(c.dialect, c.text, c.settings);
      const finding = before.findings.find((f) => f.code === code);
      assert.ok(finding, 'fixture raises the check');
      const preferred = finding.fixes.find((f) => f.preferred);
      if (!preferred) {
        assert.equal(finding.fixes.length, 0, 'fixes exist but none is preferred');
        return;
      }
      const doc = FRONTENDS[c.dialect].analyze(c.text, { uri: 'file:///fixture' });
      const edits = renderFix(c.text, doc, preferred);
      assert.ok(edits.length > 0, 'the preferred fix renders to edits');
      const fixed = applyEdits(c.text, edits);
      const after = analyse(c.dialect, fixed, c.settings);
      assert.deepEqual(after.syntax, [], `fixed text parses:\n${fixed}`);
      const sameHere = after.findings.filter((f) => f.code === code && f.range.start.line === finding.range.start.line);
      assert.equal(after.findings.filter((f) => f.code === code).length < before.findings.filter((f) => f.code === code).length || sameHere.length === 0, true, `finding still raised after the fix:\n${fixed}`);
      const beforeCodes = new Set(before.findings.map((f) => f.code));
      // A fix that overrides one of the user's rules (a deny of the exposed
      // ports placed first, an accept before a refusing rule) leaves that rule
      // redundant, and FW003 rightly says so. An inserted rule must never be unreachable.
      const originalLines = new Set(c.text.split('\n').map((l) => l.trim()));
      const fixedLines = fixed.split('\n');
      const overridden = (f: { code: string; range: { start: { line: number } } }): boolean =>
        f.code === 'FW003' && originalLines.has(fixedLines[f.range.start.line].trim());
      const fresh = after.findings.filter((f) => !beforeCodes.has(f.code) && !overridden(f)).map((f) => `${f.code}@${f.range.start.line + 1}: ${f.message}`);
      assert.deepEqual(fresh, [], `the fix raises new findings:\n${fixed}`);
    });
  }
}
