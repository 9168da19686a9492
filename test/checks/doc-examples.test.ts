// The examples in each check's documentation are fixtures too: the "raises"
// example must raise the check, the "use instead" example must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHECKS } from '../../server/src/checks/registry';
import type { Dialect } from '../../server/src/model/source';
import { analyse, summary } from './harness';

for (const check of CHECKS) {
  for (const [dialect, ex] of Object.entries(check.docs.examples) as Array<[Dialect, { bad: string; good: string }]>) {
    test(`${check.meta.code} documentation example (${dialect}) raises it and its correction does not`, () => {
      const bad = analyse(dialect, ex.bad + '\n');
      assert.deepEqual(bad.syntax, []);
      assert.ok(summary(bad.findings, check.meta.code).length > 0, `bad example does not raise ${check.meta.code}`);
      const good = analyse(dialect, ex.good + '\n');
      assert.deepEqual(good.syntax, []);
      assert.deepEqual(summary(good.findings, check.meta.code), [], `good example still raises ${check.meta.code}`);
    });
  }
}
