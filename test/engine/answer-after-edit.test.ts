// An answer made from the previous version's answer after an edit must be the
// answer a fresh evaluation of the new version gives, segment for segment: on
// random pf rulesets, random edits (rules inserted, deleted, replaced, in the
// filter chain and in an inline anchor) and random questions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { answerAfterEdit } from '../../server/src/engine/answer-after-edit';
import { evaluate, evaluateAfterEdit } from '../../server/src/engine/evaluate';
import type { Rule, Ruleset } from '../../server/src/model/ruleset';
import { RulesetBuilder } from './build';
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
        const edited: Rule[] = [];
        // A new ruleset of new chains, sharing the rule objects the edit left alone.
        const next: Ruleset = {
          ...ruleset,
          chains: ruleset.chains.map((c) => {
            if (c.name !== (e.inAnchor ? 'a' : 'filter')) return c;
            const at = e.at % (c.rules.length + 1);
            const inserted = e.inserted.map((r) => b.rule(scratch, filterSpec(r), e.inAnchor && typeof r.verdict !== 'string' ? 'drop' : r.verdict));
            edited.push(...c.rules.slice(at, at + e.deleted), ...inserted);
            return { ...c, rules: [...c.rules.slice(0, at), ...inserted, ...c.rules.slice(at + e.deleted)] };
          }),
        };
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
