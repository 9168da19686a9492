// FW003's answers kept between analyses (ShadowingMemo) must be exactly what a
// fresh analysis finds, whatever the edit: rules changed, inserted, deleted,
// replaced by an equal but new rule, chains added and removed. Rulesets are
// rebuilt for every analysis the way the front ends replay unchanged rules:
// new Rule objects holding the same match and verdict objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findUnreachableRules, GENERAL_WINDOW, ShadowingMemo } from '../../server/src/engine/shadowing';
import type { Dialect } from '../../server/src/model/source';
import type { Match, Ruleset, Verdict } from '../../server/src/model/ruleset';
import { RulesetBuilder, type RuleSpecLite, type VerdictLite } from './build';

interface Lowered {
  readonly match: Match;
  readonly verdict: Verdict;
  readonly quick?: boolean;
}

// Few, overlapping shapes, so that rules often cover one another.
const specArb: fc.Arbitrary<RuleSpecLite> = fc.constantFrom<RuleSpecLite>(
  {},
  { proto: 'tcp' },
  { proto: 'tcp', dport: '21' },
  { proto: 'tcp', dport: '20-21', quick: true },
  { proto: 'tcp', dport: '1024-65535', dir: 'in' },
  { proto: 'tcp', dport: '50000-50999', src: '10.0.0.0/8' },
  { proto: 'tcp', dport: '50010-50020', src: '10.0.0.1', quick: true },
  { src: '10.0.0.0/8', quick: true },
  { src: '10.0.0.1', dir: 'in' },
  { dst: '203.0.113.0/24', proto: 'udp' },
  { dst: '203.0.113.1', proto: 'udp', dport: '53', quick: true },
  { iif: 'eth+', dir: 'in' },
  { iif: 'eth0', proto: 'tcp', dport: '22' },
  { state: ['established', 'related'], quick: true },
  { state: ['related'], proto: 'tcp' },
  { proto: 'tcp', dport: '21', opaque: ['-m limit'] },
);

const verdictArb: fc.Arbitrary<VerdictLite> = fc.constantFrom<VerdictLite>('accept', 'drop', 'reject', 'continue', 'return', { jump: 'X' }, { goto: 'X' });

/** A rule as a front end lowers it once: its match and verdict objects are then replayed unchanged. */
function lower(dialect: Dialect, spec: RuleSpecLite, verdict: VerdictLite): Lowered {
  const b = new RulesetBuilder(dialect);
  const r = b.rule(b.chain('scratch'), spec, verdict);
  return { match: r.match, verdict: r.verdict, quick: r.quick };
}

/** A fresh ruleset over the given chains of lowered rules (new Rule objects, ids in source order). */
function build(dialect: Dialect, chains: ReadonlyArray<{ name: string; rules: readonly Lowered[] }>): Ruleset {
  const b = new RulesetBuilder(dialect);
  for (const c of chains) {
    const chain = b.chain(c.name, { base: { hook: dialect === 'pf' ? 'pf-filter' : 'input' } });
    for (const l of c.rules) {
      const r = b.rule(chain, {}, 'accept');
      chain.rules[chain.rules.length - 1] = { ...r, match: l.match, verdict: l.verdict, quick: l.quick };
    }
  }
  return b.build();
}

function summary(ruleset: Ruleset, memo?: ShadowingMemo): Array<[number, number[]]> {
  return findUnreachableRules(ruleset, memo).map((u) => [u.rule.id, u.shadowedBy.map((r) => r.id)]);
}

type Edit =
  | { kind: 'replace' | 'insert'; chain: number; at: number; spec: RuleSpecLite; verdict: VerdictLite }
  | { kind: 'delete' | 'relower'; chain: number; at: number }
  | { kind: 'add-chain'; chain: number }
  | { kind: 'drop-chain'; chain: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('replace' as const, 'insert' as const), chain: fc.nat(), at: fc.nat(), spec: specArb, verdict: verdictArb }),
  fc.record({ kind: fc.constantFrom('delete' as const, 'relower' as const), chain: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('add-chain' as const), chain: fc.nat() }),
  fc.record({ kind: fc.constant('drop-chain' as const), chain: fc.nat() }),
);

type Doc = Array<{ name: string; rules: Lowered[]; specs: Array<[RuleSpecLite, VerdictLite]> }>;

function applyEdit(dialect: Dialect, doc: Doc, e: Edit): void {
  if (e.kind === 'add-chain') {
    doc.splice(e.chain % (doc.length + 1), 0, { name: `c${e.chain}`, rules: [], specs: [] });
    return;
  }
  if (doc.length === 0) return;
  const c = doc[e.chain % doc.length];
  if (e.kind === 'drop-chain') {
    doc.splice(e.chain % doc.length, 1);
    return;
  }
  const at = c.rules.length === 0 ? 0 : e.at % c.rules.length;
  if (e.kind === 'insert' || (e.kind === 'replace' && c.rules.length === 0)) {
    c.rules.splice(at, 0, lower(dialect, e.spec, e.verdict));
    c.specs.splice(at, 0, [e.spec, e.verdict]);
  } else if (c.rules.length === 0) {
    return;
  } else if (e.kind === 'replace') {
    c.rules[at] = lower(dialect, e.spec, e.verdict);
    c.specs[at] = [e.spec, e.verdict];
  } else if (e.kind === 'delete') {
    c.rules.splice(at, 1);
    c.specs.splice(at, 1);
  } else {
    // The same text read again from scratch: equal, but new objects.
    const [spec, verdict] = c.specs[at];
    c.rules[at] = lower(dialect, spec, verdict);
  }
}

function initialDoc(dialect: Dialect, chains: Array<Array<[RuleSpecLite, VerdictLite]>>): Doc {
  return chains.map((specs, k) => ({ name: `c${k}`, specs: [...specs], rules: specs.map(([s, v]) => lower(dialect, s, v)) }));
}

const docArb = fc.array(fc.array(fc.tuple(specArb, verdictArb), { maxLength: 14 }), { minLength: 1, maxLength: 3 });

for (const dialect of ['iptables', 'pf'] as const) {
  test(`FW003 (${dialect}): answers kept between analyses equal fresh answers over random edits`, () => {
    let shadowed = 0;
    fc.assert(
      fc.property(docArb, fc.array(editArb, { minLength: 1, maxLength: 10 }), (chains, edits) => {
        const doc = initialDoc(dialect, chains);
        const memo = new ShadowingMemo();
        assert.deepEqual(summary(build(dialect, doc), memo), summary(build(dialect, doc)));
        for (const e of edits) {
          applyEdit(dialect, doc, e);
          const fresh = summary(build(dialect, doc));
          shadowed += fresh.length;
          assert.deepEqual(summary(build(dialect, doc), memo), fresh);
        }
      }),
      { numRuns: 300 },
    );
    // The edits did produce shadowed rules to compare.
    assert.ok(shadowed > 100, `only ${shadowed} shadowed rules seen`);
  });

  test(`FW003 (${dialect}): kept answers stay exact in a chain longer than the comparison window`, () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 6 }), (edits) => {
        // Interface-only rules have no index key: they fill the windowed list.
        const long: Array<[RuleSpecLite, VerdictLite]> = [];
        for (let i = 0; i < GENERAL_WINDOW + 40; i++) long.push([{ iif: `eth${i % 7}`, dir: 'in', quick: i % 3 === 0 }, i % 2 === 0 ? 'accept' : 'drop']);
        long.push([{ iif: 'eth1', dir: 'in', proto: 'tcp' }, 'drop']);
        const doc = initialDoc(dialect, [long]);
        const memo = new ShadowingMemo();
        summary(build(dialect, doc), memo);
        for (const e of edits) {
          applyEdit(dialect, doc, e);
          assert.deepEqual(summary(build(dialect, doc), memo), summary(build(dialect, doc)));
        }
      }),
      { numRuns: 40 },
    );
  });
}

// Rules filed by source or destination host, network, single port or narrow
// port range: after an edit only the rules that read the edited rule's list are
// asked again, from an index holding only what they read. Many rules share one
// 4096-port block, so that block's list is longer than the comparison window.
const indexedSpecArb: fc.Arbitrary<RuleSpecLite> = fc
  .record({
    shape: fc.constantFrom('src-host', 'src-net', 'dst-host', 'port', 'range', 'wide', 'plain'),
    n: fc.nat({ max: 5 }),
    port: fc.integer({ min: 50000, max: 50012 }),
    quick: fc.boolean(),
  })
  .map(({ shape, n, port, quick }): RuleSpecLite => {
    switch (shape) {
      case 'src-host':
        return { proto: 'tcp', src: `10.0.0.${n}`, dport: n % 2 === 0 ? String(port) : undefined, quick };
      case 'src-net':
        return { proto: 'tcp', src: n % 2 === 0 ? '10.0.0.0/24' : '10.0.0.0/30', quick };
      case 'dst-host':
        return { proto: 'udp', dst: `203.0.113.${n}`, dport: '53', quick };
      case 'port':
        return { proto: 'tcp', dport: String(port), quick };
      case 'range':
        return { proto: 'tcp', dport: `${port}-${port + n * 3}`, quick };
      case 'wide':
        return { proto: 'tcp', dport: '1024-65535', quick: quick && n === 0 };
      default:
        return { dir: 'in', quick: quick && n === 0 };
    }
  });

const decidingVerdictArb: fc.Arbitrary<VerdictLite> = fc.constantFrom<VerdictLite>('accept', 'drop', 'accept', 'drop', 'continue');

const indexedEditArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), chain: fc.constant(0), at: fc.nat(), spec: indexedSpecArb, verdict: decidingVerdictArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), chain: fc.constant(0), at: fc.nat(), spec: indexedSpecArb, verdict: decidingVerdictArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'relower' as const), chain: fc.constant(0), at: fc.nat() }) },
);

test('FW003 (pf): kept answers equal fresh answers when edits touch indexed lists, windows included', () => {
  let shadowed = 0;
  fc.assert(
    fc.property(
      fc.array(fc.tuple(indexedSpecArb, decidingVerdictArb), { minLength: 1, maxLength: 40 }),
      fc.nat({ max: GENERAL_WINDOW + 60 }),
      fc.array(indexedEditArb, { minLength: 1, maxLength: 12 }),
      (specs, filler, edits) => {
        // A long run of narrow ranges in one port block fills its windowed list.
        const rules: Array<[RuleSpecLite, VerdictLite]> = [];
        for (let i = 0; i < filler; i++) rules.push([{ proto: 'tcp', dport: `${50100 + (i % 50)}-${50160 + (i % 50)}`, quick: i % 5 === 0 }, i % 2 === 0 ? 'accept' : 'drop']);
        const doc = initialDoc('pf', [[...specs, ...rules, ...specs]]);
        const memo = new ShadowingMemo();
        assert.deepEqual(summary(build('pf', doc), memo), summary(build('pf', doc)));
        for (const e of edits) {
          applyEdit('pf', doc, e);
          const fresh = summary(build('pf', doc));
          shadowed += fresh.length;
          assert.deepEqual(summary(build('pf', doc), memo), fresh);
        }
      },
    ),
    { numRuns: 150 },
  );
  assert.ok(shadowed > 100, `only ${shadowed} shadowed rules seen`);
});
