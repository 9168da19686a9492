// Property: on random Linux rulesets, the range answer agrees at every sampled
// port pair with a plain reference walk written independently of the engine
// (no segments, no bit sets, no caches).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate } from '../../server/src/engine/evaluate';
import { PortSet } from '../../server/src/model/ports';
import type { Chain, Rule, Ruleset } from '../../server/src/model/ruleset';
import { RulesetBuilder, question, type VerdictLite } from './build';
import { at, assertDisjoint } from './answers';

const EDGES = [0, 20, 21, 22, 1023, 1024, 3128, 50000, 50999, 65535];

const portText = fc
  .tuple(fc.constantFrom(...EDGES), fc.constantFrom(...EDGES))
  .map(([a, b]) => (a <= b ? `${a}-${b}` : `${b}`));

const ruleArb = fc.record({
  dport: fc.option(portText, { nil: undefined }),
  sport: fc.option(portText, { nil: undefined }),
  verdict: fc.constantFrom<VerdictLite>('accept', 'drop', 'reject', 'return', 'continue', { jump: 'user' }, { goto: 'user' }),
});

const rulesetArb = fc.record({
  first: fc.array(ruleArb, { maxLength: 8 }),
  second: fc.array(ruleArb, { maxLength: 4 }),
  user: fc.array(ruleArb.filter((r) => typeof r.verdict === 'string'), { maxLength: 5 }),
  policies: fc.tuple(fc.constantFrom<'accept' | 'drop'>('accept', 'drop'), fc.constantFrom<'accept' | 'drop'>('accept', 'drop')),
});

/** The reference: one packet, chains walked rule by rule. */
function reference(rs: Ruleset, sport: number, dport: number): { verdict: string; rule?: Rule } {
  const byName = new Map(rs.chains.map((c) => [c.name, c]));
  const matches = (r: Rule) => (!r.match.sport || r.match.sport.has(sport)) && (!r.match.dport || r.match.dport.has(dport));
  type Out = { kind: 'verdict'; verdict: string; rule: Rule } | { kind: 'fall' };
  const run = (c: Chain, depth: number): Out => {
    for (const r of c.rules) {
      if (!matches(r)) continue;
      const v = r.verdict;
      if (v.kind === 'accept' || v.kind === 'drop' || v.kind === 'reject') return { kind: 'verdict', verdict: v.kind, rule: r };
      if (v.kind === 'return') return { kind: 'fall' };
      if ((v.kind === 'jump' || v.kind === 'goto') && depth < 8) {
        const target = byName.get(v.target);
        const out = target ? run(target, depth + 1) : { kind: 'fall' as const };
        if (out.kind === 'verdict') return out;
        if (v.kind === 'goto') return { kind: 'fall' };
      }
    }
    return { kind: 'fall' };
  };
  const bases = rs.chains.filter((c) => c.base).sort((a, b) => (a.base?.priority ?? 0) - (b.base?.priority ?? 0));
  let accepted: Rule | undefined;
  for (const c of bases) {
    const out = run(c, 0);
    if (out.kind === 'verdict') {
      if (out.verdict !== 'accept') return out;
      accepted = out.rule;
    } else if (c.base?.policy === 'drop') return { verdict: 'drop' };
  }
  return { verdict: 'accept', rule: accepted };
}

test('property: range answers agree with a plain per-packet walk', () => {
  fc.assert(
    fc.property(rulesetArb, fc.array(fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.constantFrom(...EDGES)), { minLength: 4, maxLength: 12 }), (spec, samples) => {
      const b = new RulesetBuilder('nftables', 'inet');
      const first = b.chain('first', { base: { hook: 'input', priority: 0, policy: spec.policies[0] } });
      const second = b.chain('second', { base: { hook: 'input', priority: 10, policy: spec.policies[1] } });
      const user = b.chain('user');
      for (const r of spec.first) b.rule(first, { dport: r.dport, sport: r.sport }, r.verdict);
      for (const r of spec.second) b.rule(second, { dport: r.dport, sport: r.sport }, r.verdict);
      for (const r of spec.user) b.rule(user, { dport: r.dport, sport: r.sport }, r.verdict);
      const rs = b.build();
      const answer = evaluate(rs, question({ sport: PortSet.ALL, dport: PortSet.ALL }));
      assertDisjoint(answer);
      for (const [x, y] of samples) {
        for (const [sport, dport] of [[x, y], [y, x]]) {
          const expected = reference(rs, sport, dport);
          const got = at(answer, dport, sport);
          assert.equal(got.verdict, expected.verdict, `sport ${sport} dport ${dport}`);
          assert.equal(got.decidedBy, expected.rule, `sport ${sport} dport ${dport}`);
        }
      }
    }),
    { numRuns: 300 },
  );
});
