// A chain's port and source indexes are reused by a later analysis while the
// chain's rules keep the same match objects (the front ends replay unchanged
// rules that way). Whatever the edit, the answers must equal those over a
// ruleset whose every match is new.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate } from '../../server/src/engine/evaluate';
import type { Match, Ruleset, Verdict } from '../../server/src/model/ruleset';
import { PortSet } from '../../server/src/model/ports';
import { addr, question, RulesetBuilder, type RuleSpecLite, type VerdictLite } from './build';

const specArb: fc.Arbitrary<[RuleSpecLite, VerdictLite]> = fc.tuple(
  fc.constantFrom<RuleSpecLite>(
    { proto: 'tcp', dport: '21' },
    { proto: 'tcp', dport: '50000-50999' },
    { proto: 'tcp', dport: '50100', src: '10.0.0.7' },
    { src: '10.0.0.7' },
    { src: '10.0.0.0/8', proto: 'tcp' },
    { src: '192.0.2.0/24', dport: '21', proto: 'tcp' },
    { proto: 'tcp', dport: '1024-65535', state: ['established', 'related'] },
    {},
  ),
  fc.constantFrom<VerdictLite>('accept', 'drop', 'continue'),
);

interface Lowered {
  readonly match: Match;
  readonly verdict: Verdict;
}

function lower([spec, verdict]: [RuleSpecLite, VerdictLite]): Lowered {
  const b = new RulesetBuilder('iptables');
  const r = b.rule(b.chain('scratch'), spec, verdict);
  return { match: r.match, verdict: r.verdict };
}

function build(rules: readonly Lowered[]): Ruleset {
  const b = new RulesetBuilder('iptables');
  const input = b.chain('INPUT', { base: { hook: 'input', policy: 'drop' } });
  for (const l of rules) {
    const r = b.rule(input, {}, 'accept');
    input.rules[input.rules.length - 1] = { ...r, match: l.match, verdict: l.verdict };
  }
  return b.build();
}

const QUESTIONS = [
  question({ src: addr('10.0.0.7'), dport: PortSet.of(21) }),
  question({ src: addr('10.0.0.7'), dport: PortSet.range(50000, 50999) }),
  question({ src: addr('192.0.2.9'), dport: PortSet.range(20, 25) }),
  question({ src: addr('203.0.113.45'), dport: PortSet.range(50050, 50150) }),
];

function answers(ruleset: Ruleset): unknown {
  return QUESTIONS.map((q) => evaluate(ruleset, q).segments.map((s) => [s.verdict, String(s.dport), String(s.sport), s.decidedBy?.id, s.uncertain]));
}

type Edit = { kind: 'replace' | 'insert' | 'delete'; at: number; rule: [RuleSpecLite, VerdictLite] };
const editArb: fc.Arbitrary<Edit> = fc.record({ kind: fc.constantFrom('replace' as const, 'insert' as const, 'delete' as const), at: fc.nat(), rule: specArb });

test('engine: indexes reused for unchanged match objects answer as fresh ones do, over random edits', () => {
  fc.assert(
    fc.property(fc.array(specArb, { minLength: 1, maxLength: 12 }), fc.array(editArb, { minLength: 1, maxLength: 8 }), (initial, edits) => {
      const specs = [...initial];
      const kept = specs.map(lower);
      assert.deepEqual(answers(build(kept)), answers(build(specs.map(lower))));
      for (const e of edits) {
        const at = specs.length === 0 ? 0 : e.at % specs.length;
        if (e.kind === 'insert' || specs.length === 0) {
          specs.splice(at, 0, e.rule);
          kept.splice(at, 0, lower(e.rule));
        } else if (e.kind === 'replace') {
          specs[at] = e.rule;
          kept[at] = lower(e.rule);
        } else {
          specs.splice(at, 1);
          kept.splice(at, 1);
        }
        // `kept` replays the unchanged rules' objects; the other ruleset lowers everything anew.
        assert.deepEqual(answers(build(kept)), answers(build(specs.map(lower))));
      }
    }),
    { numRuns: 200 },
  );
});
