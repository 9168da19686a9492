// Real findings from real checks: for every fixture, the preferred fix renders
// to exactly the expected text, the re-parsed result has no syntax errors, the
// finding is gone, nothing new is reported, and a second application is a no-op.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRONTENDS } from '../../server/src/dialects';
import { runChecks } from '../../server/src/checks/run';
import { applyEdits, renderFix } from '../../server/src/fixes';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { FIX_FIXTURES } from './fixtures';
import { shiftFix } from './helpers';

for (const fx of FIX_FIXTURES) {
  test(`${fx.code} ${fx.name}: preferred fix resolves the finding and nothing else changes`, () => {
    const doc = FRONTENDS[fx.dialect].analyze(fx.text, { uri: fx.name });
    const before = runChecks(doc, fx.text, DEFAULT_SETTINGS);
    const finding = before.find((f) => f.code === fx.code);
    assert.ok(finding, `${fx.code} is reported (got ${before.map((f) => f.code).join(', ') || 'nothing'})`);
    const fix = finding.fixes.find((f) => f.preferred) ?? finding.fixes[0];
    assert.ok(fix, `${fx.code} proposes a fix`);
    const edits = renderFix(fx.text, doc, fix);
    const fixed = applyEdits(fx.text, edits);
    assert.equal(fixed, fx.fixed);

    const redoc = FRONTENDS[fx.dialect].analyze(fixed, { uri: fx.name });
    assert.deepEqual(redoc.diagnostics.filter((d) => d.code === 'FW001').map((d) => d.message), []);
    const after = runChecks(redoc, fixed, DEFAULT_SETTINGS);
    assert.ok(!after.some((f) => f.code === fx.code), `${fx.code} is gone after the fix`);
    const beforeCodes = new Set(before.map((f) => f.code));
    assert.deepEqual(after.filter((f) => !beforeCodes.has(f.code)).map((f) => f.code), [], 'no new findings');
    assert.deepEqual(renderFix(fixed, redoc, shiftFix(fix, edits)), [], 'applying the fix again changes nothing');
  });
}
