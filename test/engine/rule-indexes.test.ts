// The rule indexes narrow which rules a question tests; they must never leave
// out a rule that could match. Checked against the plain definition on random lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addressMatch, ANY_ADDRESS, type AddressMatch, type ConcreteAddress } from '../../server/src/model/addresses';
import { PortSet } from '../../server/src/model/ports';
import { RulePortIndex } from '../../server/src/engine/rule-port-index';
import { RuleSourceIndex } from '../../server/src/engine/rule-source-index';

const address = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([a, b]) => `10.0.${a}.${b}`);
const source: fc.Arbitrary<AddressMatch> = fc.oneof(
  fc.constant(ANY_ADDRESS),
  fc.array(fc.oneof(address, address.map((a) => `${a}/31`), fc.constant('10.0.0.0/22'), fc.constant('2001:db8::1')), { minLength: 1, maxLength: 3 }).map((t) => addressMatch(t)),
  address.map((a) => addressMatch([a], true)),
  fc.constant<AddressMatch>({ kind: 'symbolic', text: 'lan', negated: false }),
);
const point: fc.Arbitrary<ConcreteAddress | undefined> = fc.option(
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([a, b]): ConcreteAddress => ({ version: 4, value: (10n << 24n) | (BigInt(a) << 8n) | BigInt(b) })),
  { nil: undefined },
);

function admits(m: AddressMatch, a: ConcreteAddress | undefined): boolean {
  if (m.kind !== 'intervals' || m.negated || a === undefined) return true;
  return m.intervals.some((i) => i.version === a.version && i.lo <= a.value && a.value <= i.hi);
}

test('the source index returns exactly the rules whose source may hold the address, in order', () => {
  fc.assert(
    fc.property(fc.array(source, { maxLength: 30 }), point, (sources, src) => {
      const all = sources.map((_, k) => k);
      const index = new RuleSourceIndex(sources.map((s) => ({ src: s })), all);
      const expected = all.filter((k) => admits(sources[k], src));
      assert.deepEqual([...index.candidates(src, all)], expected);
    }),
    { numRuns: 2000 },
  );
});

test('the port index: rules with ports overlapping the question, plus the port-less ones', () => {
  const ports = fc.option(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5 })), { minLength: 1, maxLength: 3 }).map((l) => PortSet.fromIntervals(l.map(([lo, n]) => ({ lo, hi: lo + n })))), { nil: undefined });
  fc.assert(
    fc.property(fc.array(ports, { maxLength: 30 }), fc.tuple(fc.integer({ min: 0, max: 45 }), fc.integer({ min: 0, max: 10 })), (dports, [lo, n]) => {
      const question = PortSet.range(lo, lo + n);
      const index = new RulePortIndex(dports);
      const withPorts = dports.map((d, k) => (d && !d.intersect(question).isEmpty() ? k : -1)).filter((k) => k >= 0);
      assert.deepEqual(index.withPorts(question), withPorts);
      assert.deepEqual(index.overlapping(question), dports.map((d, k) => (!d || !d.intersect(question).isEmpty() ? k : -1)).filter((k) => k >= 0));
    }),
    { numRuns: 2000 },
  );
});
