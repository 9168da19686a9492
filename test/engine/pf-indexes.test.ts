// The pf engine's flat indexes and the answer collector, each checked against
// its plain definition on random inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PortSet, type PortInterval } from '../../server/src/model/ports';
import type { Rule } from '../../server/src/model/ruleset';
import { SegmentCollector, type CellOutcome } from '../../server/src/engine/collector';
import { NEVER, PfChainPorts, PfRuleIndex, PortsCarry, triCode } from '../../server/src/engine/pf-rule-index';
import { PortCuts, elementarySegments } from '../../server/src/engine/segments';
import { RulesetBuilder } from './build';
import { referenceSegments, segmentsText } from './answers';

const EDGES = [0, 1, 20, 21, 22, 100, 1023, 1024, 50000, 65534, 65535];
const interval = fc.tuple(fc.constantFrom(...EDGES), fc.constantFrom(...EDGES)).map(([a, b]): PortInterval => ({ lo: Math.min(a, b), hi: Math.max(a, b) }));
const portSet = fc.array(interval, { minLength: 1, maxLength: 3 }).map((l) => PortSet.fromIntervals(l));

test('PortCuts cuts a question exactly as elementarySegments does', () => {
  fc.assert(
    fc.property(fc.array(portSet, { maxLength: 12 }), fc.array(portSet, { minLength: 1, maxLength: 4 }), (sets, spaces) => {
      const cuts = PortCuts.of(sets);
      for (const space of spaces) assert.deepEqual(cuts.segments(space), elementarySegments(space, sets));
    }),
    { numRuns: 1000 },
  );
});

test('PfChainPorts lists, for any port, exactly the rules whose destination ports hold it, in order', () => {
  fc.assert(
    fc.property(fc.array(fc.option(portSet, { nil: undefined }), { maxLength: 20 }), fc.array(fc.constantFrom(...EDGES, 2, 999, 30000), { minLength: 1, maxLength: 8 }), (dports, ports) => {
      const b = new RulesetBuilder('pf');
      const chain = b.chain('filter', { base: { hook: 'pf-filter' } });
      const rules = dports.map(() => b.rule(chain, {}, 'accept'));
      const withPorts: Rule[] = rules.map((r, k) => ({ ...r, match: { ...r.match, dport: dports[k] } }));
      const index = new PfChainPorts(withPorts);
      assert.deepEqual([...index.portless], dports.flatMap((d, k) => (d ? [] : [k])));
      for (const port of ports) assert.deepEqual([...index.withPort(port)], dports.flatMap((d, k) => (d?.has(port) ? [k] : [])));
    }),
    { numRuns: 1000 },
  );
});

test('PfRuleIndex cuts ports at the edges of exactly the rules that can match in its context', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ dport: fc.option(portSet, { nil: undefined }), sport: fc.option(portSet, { nil: undefined }), test: fc.constantFrom<boolean | 'maybe'>(true, false, 'maybe') }), { maxLength: 20 }),
      fc.array(portSet, { minLength: 1, maxLength: 4 }),
      (specs, spaces) => {
        const b = new RulesetBuilder('pf');
        const chain = b.chain('filter', { base: { hook: 'pf-filter' } });
        const rules: Rule[] = specs.map((spec) => {
          const r = b.rule(chain, {}, 'accept');
          return { ...r, match: { ...r.match, dport: spec.dport, sport: spec.sport } };
        });
        const testOf = new Map(rules.map((r, k) => [r, specs[k].test]));
        const index = new PfRuleIndex(new PfChainPorts(rules), (r) => testOf.get(r) ?? false);
        const live = specs.filter((spec) => triCode(spec.test) !== NEVER);
        const dports = live.flatMap((spec) => (spec.dport ? [spec.dport] : []));
        const sports = live.flatMap((spec) => (spec.sport ? [spec.sport] : []));
        for (const space of spaces) {
          assert.deepEqual(index.cuts('dport').segments(space), elementarySegments(space, dports));
          assert.deepEqual(index.cuts('sport').segments(space), elementarySegments(space, sports));
        }
      },
    ),
    { numRuns: 1000 },
  );
});

test('the collector merges cells into the same segments as the plain text-keyed grouping', () => {
  const b = new RulesetBuilder('pf');
  const chain = b.chain('filter', { base: { hook: 'pf-filter' } });
  const pool = [0, 1, 2, 3].map(() => b.rule(chain, {}, 'accept'));
  const outcome: fc.Arbitrary<CellOutcome> = fc.record({
    verdict: fc.constantFrom<'accept' | 'drop' | 'reject'>('accept', 'drop'),
    decidedBy: fc.option(fc.constantFrom(...pool), { nil: undefined }),
    policyOf: fc.constantFrom(undefined, 'ip filter INPUT'),
    uncertain: fc.boolean(),
    trail: fc.array(fc.constantFrom(...pool), { maxLength: 2 }),
    helper: fc.option(fc.record({ helper: fc.constant('ftp'), rule: fc.constantFrom(...pool) }), { nil: undefined }),
  });
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 30 }), fc.array(outcome, { minLength: 1, maxLength: 40 }), fc.boolean(), (rows, columns, outcomes, copies) => {
      const sports = Array.from({ length: rows }, (_, i): PortInterval => ({ lo: i * 10, hi: i * 10 + 9 }));
      const dports = Array.from({ length: columns }, (_, i): PortInterval => ({ lo: i * 5, hi: i * 5 + 4 }));
      const cells: Array<[PortInterval, PortInterval, CellOutcome]> = [];
      let n = 0;
      for (const s of sports) {
        for (const d of dports) {
          const o = outcomes[n++ % outcomes.length];
          // Equal outcomes arrive as the same object or as copies.
          cells.push([s, d, copies ? { ...o, trail: [...o.trail] } : o]);
        }
      }
      const collector = new SegmentCollector();
      for (const [s, d, o] of cells) collector.add(s, d, o);
      assert.deepEqual(segmentsText(collector.segments()), referenceSegments(cells));
    }),
    { numRuns: 500 },
  );
});

// A chain's port index built from its previous version (PortsCarry) must be
// the index a fresh build gives, whatever the edits: rules changed, inserted,
// deleted, replaced by equal but new objects, anchors and source ports included.
test('PfChainPorts carried from version to version equals a fresh build over random edits', () => {
  interface Spec {
    readonly dport?: PortSet;
    readonly sport?: PortSet;
    readonly anchor: boolean;
  }
  const spec: fc.Arbitrary<Spec> = fc.record({
    dport: fc.option(portSet, { nil: undefined }),
    sport: fc.option(portSet, { nil: undefined, freq: 4 }),
    anchor: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  });
  type Edit = { kind: 'replace' | 'insert'; at: number; spec: Spec } | { kind: 'delete' | 'renew'; at: number };
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constantFrom('replace' as const, 'insert' as const), at: fc.nat(), spec }),
    fc.record({ kind: fc.constantFrom('delete' as const, 'renew' as const), at: fc.nat() }),
  );
  const b = new RulesetBuilder('pf');
  const chain = b.chain('filter', { base: { hook: 'pf-filter' } });
  const plain = b.rule(chain, {}, 'accept');
  const anchor = b.rule(chain, {}, { jump: 'inner' });
  const lowered = (s: Spec): Rule => {
    const base = s.anchor ? { ...anchor, verdict: { kind: 'anchor' as const, name: 'inner', inline: true } } : plain;
    return { ...base, match: { ...base.match, dport: s.dport, sport: s.sport } };
  };
  const same = (x: PfChainPorts, y: PfChainPorts, ports: readonly number[]): void => {
    assert.deepEqual([...x.portless], [...y.portless]);
    assert.deepEqual([...x.withSport], [...y.withSport]);
    assert.deepEqual([...x.ivRule], [...y.ivRule]);
    assert.deepEqual([...x.ivLo], [...y.ivLo]);
    assert.deepEqual([...x.ivHi], [...y.ivHi]);
    assert.equal(x.hasAnchors, y.hasAnchors);
    for (const port of ports) assert.deepEqual([...x.withPort(port)], [...y.withPort(port)]);
  };
  const probes = [...EDGES, 2, 999, 30000];
  let carried = 0;
  fc.assert(
    fc.property(fc.array(spec, { maxLength: 16 }), fc.array(edit, { minLength: 1, maxLength: 10 }), (initial, edits) => {
      const carry = new PortsCarry();
      const specs = [...initial];
      let rules = specs.map(lowered);
      same(carry.portsFor('filter', rules), new PfChainPorts(rules), probes);
      for (const e of edits) {
        const at = specs.length === 0 ? 0 : e.at % specs.length;
        const next = [...rules];
        if (e.kind === 'insert' || (e.kind === 'replace' && specs.length === 0)) {
          specs.splice(at, 0, e.spec);
          next.splice(at, 0, lowered(e.spec));
        } else if (specs.length > 0 && e.kind === 'replace') {
          specs[at] = e.spec;
          next[at] = lowered(e.spec);
        } else if (specs.length > 0 && e.kind === 'delete') {
          specs.splice(at, 1);
          next.splice(at, 1);
        } else if (specs.length > 0) {
          // Read again: equal, but new objects.
          next[at] = lowered(specs[at]);
        }
        rules = next;
        same(carry.portsFor('filter', rules), new PfChainPorts(rules), probes);
        carried++;
      }
    }),
    { numRuns: 1000 },
  );
  assert.ok(carried > 1000);
});
