// Every check needs a fixture that raises it in each dialect it applies to,
// and at least one near-miss there too (eslint's valid/invalid discipline).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHECKS } from '../../server/src/checks/registry';
import { ALL_CASES } from './cases';

for (const check of CHECKS) {
  test(`${check.meta.code} has raise and near-miss fixtures for ${check.meta.dialects.join(', ')}`, () => {
    const cases = ALL_CASES[check.meta.code] ?? [];
    for (const dialect of check.meta.dialects) {
      const mine = cases.filter((c) => c.dialect === dialect);
      assert.ok(mine.some((c) => c.expect.length > 0), `${check.meta.code}: no ${dialect} fixture that raises it`);
      assert.ok(mine.some((c) => c.expect.length === 0), `${check.meta.code}: no ${dialect} near-miss fixture`);
    }
  });
}

test('fixture tables only name existing checks', () => {
  const codes = new Set(CHECKS.map((c) => c.meta.code));
  assert.deepEqual(Object.keys(ALL_CASES).filter((code) => !codes.has(code)), []);
});
