// An answer made from the previous version's answer after an edit must be the
// answer a fresh evaluation of the new version gives, segment for segment: on
// random pf rulesets, random edits (rules inserted, deleted, replaced, in the
// filter chain and in an inline anchor) and random questions. An answer made
// to name rules that only moved must equal a fresh evaluation too, and so must
// Linux answers after an edit (first match, base chains by priority, jumps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { answerAfterEdit, answerWithRulesMoved } from '../../server/src/engine/answer-after-edit';
import { evaluate, evaluateAfterEdit } from '../../server/src/engine/evaluate';
import type { Rule, Ruleset } from '../../server/src/model/ruleset';
import { PortSet } from '../../server/src/model/ports';
import { iptablesFilter, ports, question, RulesetBuilder, type VerdictLite } from './build';
import { filterRuleArb, filterSpec, questionArb, questionOf, type FilterRule } from './pf-arbitraries';

/** Rules as people edit them: mostly with destination ports, sometimes anything. */
const editedRuleArb = fc.oneof(
  { weight: 3, arbitrary: filterRuleArb.map((r): FilterRule => ({ ...r, dport: r.dport ?? '1024-65535' })) },
  { weight: 1, arbitrary: filterRuleArb },
);

interface Edit {
  readonly inAnchor: boolean;
  readonly at: number;
  readonly deleted: number;
  readonly inserted: FilterRule[];
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  inAnchor: fc.boolean(),
  at: fc.nat(),
  deleted: fc.nat({ max: 2 }),
  inserted: fc.array(editedRuleArb, { maxLength: 2 }),
});

/**
 * `ruleset` after an edit of chain `chain`: `deleted` rules from `at` (taken
 * modulo the chain's length plus one) give way to `inserted`. New chains,
 * sharing the rule objects the edit left alone; `edited` holds the rules the
 * edit removed and added.
 */
function withEdit(ruleset: Ruleset, chain: string, at: number, deleted: number, inserted: readonly Rule[]): { next: Ruleset; edited: Rule[] } {
  const edited: Rule[] = [];
  const next: Ruleset = {
    ...ruleset,
    chains: ruleset.chains.map((c) => {
      if (c.name !== chain) return c;
      const from = at % (c.rules.length + 1);
      edited.push(...c.rules.slice(from, from + deleted), ...inserted);
      return { ...c, rules: [...c.rules.slice(0, from), ...inserted, ...c.rules.slice(from + deleted)] };
    }),
  };
  return { next, edited };
}

test('property: pf answers after an edit are the answers of a fresh evaluation', () => {
  let reused = 0;
  let partly = 0;
  fc.assert(
    fc.property(fc.array(filterRuleArb, { maxLength: 14 }), fc.array(filterRuleArb, { maxLength: 3 }), fc.array(editArb, { minLength: 1, maxLength: 4 }), fc.array(questionArb, { minLength: 1, maxLength: 3 }), (rules, anchorRules, edits, questionSpecs) => {
      const b = new RulesetBuilder('pf');
      const filter = b.chain('filter', { base: { hook: 'pf-filter' } });
      const anchor = b.chain('a');
      const scratch = b.chain('scratch');
      for (const r of rules) b.rule(filter, filterSpec(r), r.verdict);
      for (const r of anchorRules) b.rule(anchor, filterSpec(r), typeof r.verdict === 'string' ? r.verdict : 'drop');
      let ruleset = b.build();
      const questions = questionSpecs.map(questionOf);
      let answers = questions.map((q) => evaluate(ruleset, q));
      for (const e of edits) {
        const inserted = e.inserted.map((r) => b.rule(scratch, filterSpec(r), e.inAnchor && typeof r.verdict !== 'string' ? 'drop' : r.verdict));
        const { next, edited } = withEdit(ruleset, e.inAnchor ? 'a' : 'filter', e.at, e.deleted, inserted);
        answers = questions.map((q, k) => {
          const fresh = evaluate(next, q);
          const carried = evaluateAfterEdit(next, q, answers[k], edited);
          assert.deepStrictEqual(carried.segments, fresh.segments, `${q.path} ${q.sport}/${q.dport} after editing ${edited.map((r) => r.text).join(' | ')}`);
          const fromPrevious = q.path === 'forward' ? undefined : answerAfterEdit(answers[k], q, edited, (part) => evaluate(next, part));
          if (fromPrevious?.segments === answers[k].segments) reused++;
          else if (fromPrevious) partly++;
          return fresh;
        });
        ruleset = next;
      }
    }),
    { numRuns: 400 },
  );
  // The shortcuts were taken, not only the fresh evaluation.
  if (process.env.FWLINT_TEST_COUNTS) console.log(`kept whole ${reused}, partly ${partly}`);
  assert.ok(reused > 50 && partly > 200, `previous answers kept whole ${reused} times, partly ${partly} times`);
});

test('an answer made to name rules that only moved equals a fresh evaluation of the moved rules (iptables, with jumps and a helper)', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  const ftp = b.chain('FTP');
  const raw = b.chain('PREROUTING', { table: 'raw', base: { hook: 'prerouting', policy: 'accept' } });
  b.rule(raw, { proto: 'tcp', dport: '21', helper: 'ftp' }, 'continue');
  b.rule(INPUT, { state: ['established', 'related'] }, 'accept');
  b.rule(INPUT, { proto: 'tcp', log: true }, 'continue');
  b.rule(INPUT, { proto: 'tcp', dport: '20:65535' }, { jump: 'FTP' });
  b.rule(ftp, { proto: 'tcp', dport: '21' }, 'accept');
  b.rule(ftp, { proto: 'tcp', dport: '3306' }, 'drop');
  b.rule(ftp, { proto: 'tcp', dport: '50000:50999' }, 'accept');
  const before = b.build();
  // Every rule moved down a line with the next id, as below an inserted rule line.
  const moved = new Map<Rule, Rule>();
  const after: Ruleset = {
    ...before,
    chains: before.chains.map((chain) => ({
      ...chain,
      rules: chain.rules.map((rule) => {
        const now: Rule = { ...rule, id: rule.id + 1, range: { start: { line: rule.range.start.line + 1, character: 0 }, end: { line: rule.range.end.line + 1, character: 0 } } };
        moved.set(rule, now);
        return now;
      }),
    })),
  };
  const questions = [question({ dport: PortSet.range(1, 65535) }), question({ ctState: 'related', dport: PortSet.range(1024, 65535) }), question({ dport: PortSet.of(21) })];
  let named = 0;
  for (const q of questions) {
    const carried = answerWithRulesMoved(evaluate(before, q), moved);
    assert.deepEqual(carried, evaluate(after, q));
    for (const s of carried.segments) named += (s.decidedBy ? 1 : 0) + s.trail.length + (s.helper ? 1 : 0);
  }
  assert.ok(named > 5, 'the answers name rules: deciding ones, trails and helpers');
});

/** Linux rules as people edit them: mostly with destination ports. */
const LINUX_EDGES = [0, 20, 21, 22, 1023, 1024, 3128, 50000, 50999, 65535];
const linuxPorts = fc.tuple(fc.constantFrom(...LINUX_EDGES), fc.constantFrom(...LINUX_EDGES)).map(([a, b]) => (a <= b ? `${a}-${b}` : `${b}`));
interface LinuxRule {
  readonly dport?: string;
  readonly sport?: string;
  readonly verdict: VerdictLite;
}
const linuxRuleArb: fc.Arbitrary<LinuxRule> = fc.record({
  dport: fc.option(linuxPorts, { nil: undefined, freq: 4 }),
  sport: fc.option(linuxPorts, { nil: undefined }),
  verdict: fc.constantFrom<VerdictLite>('accept', 'drop', 'reject', 'return', 'continue', { jump: 'user' }, { goto: 'user' }),
});
const LINUX_CHAINS = ['first', 'second', 'user'] as const;
interface LinuxEdit {
  readonly chain: (typeof LINUX_CHAINS)[number];
  readonly at: number;
  readonly deleted: number;
  readonly inserted: LinuxRule[];
}
const linuxEditArb: fc.Arbitrary<LinuxEdit> = fc.record({ chain: fc.constantFrom(...LINUX_CHAINS), at: fc.nat(), deleted: fc.nat({ max: 2 }), inserted: fc.array(linuxRuleArb, { maxLength: 2 }) });

test('property: Linux answers after an edit are the answers of a fresh evaluation (two base chains by priority, jumps and gotos)', () => {
  let partly = 0;
  fc.assert(
    fc.property(
      fc.record({ first: fc.array(linuxRuleArb, { maxLength: 8 }), second: fc.array(linuxRuleArb, { maxLength: 4 }), user: fc.array(linuxRuleArb, { maxLength: 5 }) }),
      fc.tuple(fc.constantFrom<'accept' | 'drop'>('accept', 'drop'), fc.constantFrom<'accept' | 'drop'>('accept', 'drop')),
      fc.array(linuxEditArb, { minLength: 1, maxLength: 4 }),
      fc.array(fc.tuple(linuxPorts, linuxPorts, fc.constantFrom<'new' | 'related'>('new', 'related')), { minLength: 1, maxLength: 3 }),
      (spec, policies, edits, questionSpecs) => {
        const b = new RulesetBuilder('nftables', 'inet');
        const chains = {
          first: b.chain('first', { base: { hook: 'input', priority: 0, policy: policies[0] } }),
          second: b.chain('second', { base: { hook: 'input', priority: 10, policy: policies[1] } }),
          user: b.chain('user'),
        };
        const scratch = b.chain('scratch');
        // The user chain jumps nowhere: a loop is a question of its own (jump-loops.test.ts).
        const verdictIn = (chain: LinuxEdit['chain'], r: LinuxRule): VerdictLite => (chain === 'user' && typeof r.verdict !== 'string' ? 'drop' : r.verdict);
        for (const chain of LINUX_CHAINS) for (const r of spec[chain]) b.rule(chains[chain], { dport: r.dport, sport: r.sport }, verdictIn(chain, r));
        let ruleset = b.build();
        const questions = questionSpecs.map(([sport, dport, ctState]) => question({ sport: ports(sport), dport: ports(dport), ctState }));
        let answers = questions.map((q) => evaluate(ruleset, q));
        for (const e of edits) {
          const inserted = e.inserted.map((r) => b.rule(scratch, { dport: r.dport, sport: r.sport }, verdictIn(e.chain, r)));
          const { next, edited } = withEdit(ruleset, e.chain, e.at, e.deleted, inserted);
          answers = questions.map((q, k) => {
            const fresh = evaluate(next, q);
            assert.deepStrictEqual(evaluateAfterEdit(next, q, answers[k], edited).segments, fresh.segments, `${q.sport}/${q.dport} after editing ${e.chain}`);
            const fromPrevious = answerAfterEdit(answers[k], q, edited, (part) => evaluate(next, part));
            if (fromPrevious && fromPrevious.segments !== answers[k].segments) partly++;
            return fresh;
          });
          ruleset = next;
        }
      },
    ),
    { numRuns: 400 },
  );
  assert.ok(partly > 200, `previous answers merged with a partial evaluation ${partly} times`);
});
