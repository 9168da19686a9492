import { test } from 'node:test';
import assert from 'node:assert/strict';
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
