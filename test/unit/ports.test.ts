import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PortSet } from '../../server/src/model/ports';

test('PortSet merges adjacent intervals and complements exactly', () => {
  const s = PortSet.of(21, { lo: 22, hi: 25 }, { lo: 50000, hi: 50999 });
  assert.equal(s.toString(), '21-25, 50000-50999');
  assert.equal(s.size(), 5 + 1000);
  assert.equal(s.complement().complement().toString(), s.toString());
  assert.ok(s.complement().has(20));
  assert.ok(!s.complement().has(21));
});

test('PortSet intersect and cover', () => {
  const high = PortSet.range(1024, 65535);
  assert.ok(high.covers(PortSet.of(3128, 8080)));
  assert.ok(!high.covers(PortSet.of(21)));
  assert.equal(high.intersect(PortSet.range(1000, 1100)).toString(), '1024-1100');
});

test('PortSet.fromIntervals holds exactly the ports of its input, as sorted, disjoint, non-adjacent intervals', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: -5, max: 70 }), fc.integer({ min: -5, max: 70 })), { maxLength: 6 }), (pairs) => {
      const input = pairs.map(([lo, hi]) => ({ lo, hi }));
      const set = PortSet.fromIntervals(input);
      for (let p = 0; p <= 70; p++) assert.equal(set.has(p), input.some((i) => Math.min(i.lo, i.hi) <= p && p <= Math.max(i.lo, i.hi)), `port ${p}`);
      set.intervals.forEach((i, k) => {
        assert.ok(i.lo <= i.hi && i.lo >= 0);
        if (k > 0) assert.ok(i.lo > set.intervals[k - 1].hi + 1);
      });
    }),
    { numRuns: 1000 },
  );
});
