// Property: on random pf rulesets (last match, quick, inline and run-time
// anchors, match rules with rdr-to, old-style rdr, maybe-conditions), the
// range answer agrees at sampled port pairs with a plain per-packet walk over
// every rule (no port segments, no indexes, no caches), asked several
// questions in a row so the per-ruleset caches are exercised too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate } from '../../server/src/engine/evaluate';
import { matchesPorts, matchesWithoutPorts } from '../../server/src/engine/match';
import { concreteAddress, type ConcreteAddress } from '../../server/src/model/addresses';
import { PortSet } from '../../server/src/model/ports';
import type { Action, Chain, Rule, Ruleset } from '../../server/src/model/ruleset';
import type { PacketQuestion } from '../../server/src/engine/api';
import { RulesetBuilder, type RuleSpecLite, type VerdictLite } from './build';
import { EDGES, filterRuleArb, filterSpec, questionArb, questionOf, rdrRuleArb, type FilterRule } from './pf-arbitraries';
import { at, assertDisjoint, referenceSegments, segmentsText } from './answers';
import { elementarySegments } from '../../server/src/engine/segments';
import type { PortInterval } from '../../server/src/model/ports';
import type { CellOutcome } from '../../server/src/engine/collector';

// ---- the reference: one packet, every rule tested in order ----

interface Packet {
  readonly sport: number;
  readonly dport: number;
  readonly dst?: ConcreteAddress;
}

interface Translation {
  readonly rule: Rule;
  readonly toAddress?: string;
  readonly toPorts?: PortSet;
  readonly local: boolean;
  readonly skipsFilter: boolean;
}

interface Pass {
  readonly verdict: 'accept' | 'drop' | 'reject';
  readonly rule?: Rule;
  readonly trail: Rule[];
  readonly uncertain: boolean;
  readonly packet: Packet;
  readonly local: boolean;
}

type Dnat = Extract<Action, { kind: 'dnat' | 'redirect' }>;

const destination = (r: Rule): Dnat | undefined => r.actions.find((a): a is Dnat => a.kind === 'dnat' || a.kind === 'redirect');

function isLocal(text: string | undefined): boolean {
  const a = text === undefined ? undefined : concreteAddress(text);
  if (!a) return false;
  return a.version === 4 ? a.value >> 24n === 127n : a.value === 1n;
}

function translationOf(rule: Rule, a: Dnat): Translation {
  if (a.kind === 'redirect') return { rule, toPorts: a.ports, local: true, skipsFilter: rule.skipsFilter === true };
  return { rule, toAddress: a.address, toPorts: a.ports, local: isLocal(a.address), skipsFilter: rule.skipsFilter === true };
}

function translate(p: Packet, rule: Rule, t: Translation): Packet {
  let dport = p.dport;
  if (t.toPorts && !t.toPorts.isEmpty()) {
    const target = t.toPorts.intervals[0];
    dport = target.lo;
    if (t.toPorts.size() !== 1) {
      const from = rule.match.dport?.intervals.find((i) => i.lo <= p.dport && p.dport <= i.hi);
      if (from && from.hi - from.lo === target.hi - target.lo) dport = target.lo + (p.dport - from.lo);
    }
  }
  const dst = t.toAddress === undefined ? (t.local ? p.dst : undefined) : concreteAddress(t.toAddress);
  return { sport: p.sport, dport, dst };
}

function referencePass(rs: Ruleset, q: PacketQuestion, direction: 'in' | 'out', iface: string | undefined, start: Packet): Pass {
  const pf = rs.chains.filter((c) => c.family === 'pf');
  const test = (r: Rule, p: Packet) => {
    const view = { ipVersion: q.ipVersion, protocol: q.protocol, src: q.src, dst: p.dst, ctState: q.ctState, ctHelper: q.ctHelper, inInterface: iface, outInterface: iface, direction };
    const t = matchesWithoutPorts(r.match, view, new Map());
    return t !== false && matchesPorts(r.match, p.sport, p.dport) ? t : false;
  };
  let packet = start;
  let uncertain = false;
  let translation: Translation | undefined;
  if (direction === 'in') {
    rdr: for (const chain of pf.filter((c) => c.base?.type === 'nat' && c.base.hook !== 'postrouting' && c.base.hook !== 'output')) {
      for (const r of chain.rules) {
        const t = test(r, packet);
        if (t === false || r.verdict.kind === 'anchor') continue;
        uncertain = t === 'maybe';
        const a = destination(r);
        if (a) {
          translation = translationOf(r, a);
          packet = translate(packet, r, translation);
        }
        break rdr;
      }
    }
    if (translation?.skipsFilter) return { verdict: 'accept', rule: translation.rule, trail: [], uncertain, packet, local: translation.local };
  }
  const anchors = new Map<string, Chain>();
  for (const c of pf) if (!c.base && !anchors.has(c.name)) anchors.set(c.name, c);
  const trail: Rule[] = [];
  let decision: Rule | undefined;
  let remembered: Rule | undefined;
  const walk = (chain: Chain, depth: number): boolean => {
    for (const r of chain.rules) {
      const t = test(r, packet);
      if (t === false) continue;
      const v = r.verdict;
      if (v.kind === 'anchor') {
        const anchor = v.inline ? anchors.get(v.name) : undefined;
        if (!anchor || depth > 16) continue;
        if (t === 'maybe') uncertain = true;
        trail.push(r);
        if (walk(anchor, depth + 1)) return true;
      } else if (v.kind === 'accept' || v.kind === 'drop' || v.kind === 'reject') {
        if (t === 'maybe') {
          uncertain = true;
          if (v.kind !== 'accept') continue;
        }
        if (decision) trail.push(decision);
        decision = r;
        if (r.quick === true) return true;
      } else {
        if (t === 'maybe') uncertain = true;
        trail.push(r);
        if (destination(r) && direction === 'in') remembered = r;
      }
    }
    return false;
  };
  const filter = pf.find((c) => c.base?.hook === 'pf-filter');
  if (filter) walk(filter, 0);
  const verdict = decision ? (decision.verdict.kind as Pass['verdict']) : 'accept';
  let local = translation?.local ?? false;
  if (verdict === 'accept') {
    const apply = decision && destination(decision) ? decision : remembered;
    const a = apply && destination(apply);
    if (apply && a && direction === 'in') {
      translation = translationOf(apply, a);
      packet = translate(packet, apply, translation);
      local = translation.local;
    }
    if (decision?.actions.some((x) => x.kind === 'divert')) local = true;
  }
  return { verdict, rule: decision, trail, uncertain, packet, local };
}

function reference(rs: Ruleset, q: PacketQuestion, sport: number, dport: number): { verdict: string; rule?: Rule; uncertain: boolean; trail: Rule[] } {
  const packet = { sport, dport, dst: q.dst };
  const single = (p: Pass) => ({ verdict: p.verdict, rule: p.rule, uncertain: p.uncertain, trail: p.trail });
  if (q.path === 'output') return single(referencePass(rs, q, 'out', q.outInterface, packet));
  const first = referencePass(rs, q, 'in', q.inInterface, packet);
  if (q.path === 'input' || first.verdict !== 'accept' || first.local) return single(first);
  const second = referencePass(rs, q, 'out', q.outInterface, first.packet);
  const uncertain = first.uncertain || second.uncertain;
  if (second.verdict !== 'accept') return { verdict: second.verdict, rule: second.rule, uncertain, trail: [...first.trail, ...(first.rule ? [first.rule] : []), ...second.trail] };
  return { verdict: 'accept', rule: first.rule ?? second.rule, uncertain, trail: [...first.trail, ...second.trail, ...(first.rule && second.rule ? [second.rule] : [])] };
}

const ids = (rules: readonly Rule[]) => rules.map((r) => r.id);

/** The answer is disjoint and agrees with the reference walk at the sampled port pairs (both ways round). */
function assertAgreesAtSamples(rs: Ruleset, q: PacketQuestion, samples: ReadonlyArray<readonly [number, number]>): void {
  const answer = evaluate(rs, q);
  assertDisjoint(answer);
  for (const [x, y] of samples) {
    for (const [sport, dport] of [[x, y], [y, x]]) {
      if (!q.sport.has(sport) || !q.dport.has(dport)) continue;
      const expected = reference(rs, q, sport, dport);
      const got = at(answer, dport, sport);
      const where = `${q.path} sport ${sport} dport ${dport}`;
      assert.equal(got.verdict, expected.verdict, where);
      assert.equal(got.decidedBy, expected.rule, where);
      assert.equal(got.uncertain, expected.uncertain, where);
      assert.deepEqual(ids(got.trail), ids(expected.trail), where);
    }
  }
}

test('property: pf range answers agree with a plain per-packet walk over every rule', () => {
  fc.assert(
    fc.property(
      fc.array(filterRuleArb, { maxLength: 14 }),
      fc.array(filterRuleArb, { maxLength: 4 }),
      fc.array(rdrRuleArb, { maxLength: 3 }),
      fc.array(questionArb, { minLength: 1, maxLength: 3 }),
      fc.array(fc.tuple(fc.constantFrom(...EDGES, 8000, 3500, 50500), fc.constantFrom(...EDGES, 40000)), { minLength: 4, maxLength: 10 }),
      (filterRules, anchorRules, rdrRules, questions, samples) => {
        const b = new RulesetBuilder('pf');
        const rdr = rdrRules.length > 0 ? b.chain('rdr', { table: 'nat', base: { hook: 'prerouting', type: 'nat' } }) : undefined;
        const filter = b.chain('filter', { base: { hook: 'pf-filter' } });
        const anchor = b.chain('a');
        for (const r of filterRules) b.rule(filter, filterSpec(r), r.verdict);
        for (const r of anchorRules) b.rule(anchor, filterSpec(r), typeof r.verdict === 'string' ? r.verdict : 'drop');
        for (const r of rdrRules) {
          if (!rdr) break;
          const spec: RuleSpecLite = { dport: r.dport, proto: r.dport ? 'tcp' : undefined, iif: r.iif, opaque: r.opaque ? ['probability 50%'] : [], skipsFilter: r.skipsFilter };
          if (r.kind === 'dnat') spec.dnat = { address: '10.0.0.7', ports: r.ports };
          if (r.kind === 'redirect') spec.redirect = r.ports ?? '8021';
          b.rule(rdr, spec, r.kind === 'anchor' ? { anchor: 'ftp-proxy/*', inline: false } : 'continue');
        }
        const rs = b.build();
        for (const qs of questions) {
          assertAgreesAtSamples(rs, questionOf(qs), samples);
        }
      },
    ),
    { numRuns: 400 },
  );
});

test('property: single-pass pf answers have the segments of the plain walk over every elementary cell', () => {
  fc.assert(
    fc.property(
      fc.array(filterRuleArb, { maxLength: 14 }),
      fc.array(filterRuleArb, { maxLength: 3 }),
      fc.array(questionArb, { minLength: 1, maxLength: 3 }),
      (filterRules, anchorRules, questions) => {
        const b = new RulesetBuilder('pf');
        const filter = b.chain('filter', { base: { hook: 'pf-filter' } });
        const anchor = b.chain('a');
        for (const r of filterRules) b.rule(filter, filterSpec(r), r.verdict);
        for (const r of anchorRules) b.rule(anchor, filterSpec(r), typeof r.verdict === 'string' ? r.verdict : 'drop');
        const rs = b.build();
        const rules = rs.chains.flatMap((c) => c.rules);
        for (const qs of questions) {
          if (qs.path === 'forward') continue;
          const q = questionOf(qs);
          // Cut at every rule's edges, whether it can match or not.
          const sports = elementarySegments(q.sport, rules.flatMap((r) => (r.match.sport ? [r.match.sport] : [])));
          const dports = elementarySegments(q.dport, rules.flatMap((r) => (r.match.dport ? [r.match.dport] : [])));
          const cells: Array<[PortInterval, PortInterval, CellOutcome]> = [];
          for (const s of sports) {
            for (const d of dports) {
              const o = reference(rs, q, s.lo, d.lo);
              cells.push([s, d, { verdict: o.verdict as CellOutcome['verdict'], decidedBy: o.rule, uncertain: o.uncertain, trail: o.trail }]);
            }
          }
          assert.deepEqual(segmentsText(evaluate(rs, q).segments), referenceSegments(cells));
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('property: after edits (rules inserted, deleted, replaced), answers agree with the plain walk, as on a fresh ruleset', () => {
  type Edit = { at: number; deleted: number; inserted: FilterRule[] };
  const edit: fc.Arbitrary<Edit> = fc.record({ at: fc.nat(), deleted: fc.nat({ max: 3 }), inserted: fc.array(filterRuleArb, { maxLength: 3 }) });
  fc.assert(
    fc.property(
      fc.array(filterRuleArb, { maxLength: 14 }),
      fc.array(fc.tuple(edit, edit), { minLength: 1, maxLength: 4 }),
      fc.array(questionArb, { minLength: 1, maxLength: 3 }),
      fc.array(fc.tuple(fc.constantFrom(...EDGES, 8000, 3500, 50500), fc.constantFrom(...EDGES, 40000)), { minLength: 4, maxLength: 8 }),
      (filterRules, edits, questions, samples) => {
        const b = new RulesetBuilder('pf');
        const filter = b.chain('filter', { base: { hook: 'pf-filter' } });
        const anchor = b.chain('a');
        const scratch = b.chain('scratch');
        for (const r of filterRules) b.rule(filter, filterSpec(r), r.verdict);
        let rs = b.build();
        const fresh = (r: FilterRule, verdict: VerdictLite) => b.rule(scratch, filterSpec(r), verdict);
        const splice = (rules: readonly Rule[], e: Edit, anchored: boolean): Rule[] => {
          const at = rules.length === 0 ? 0 : e.at % (rules.length + 1);
          const added = e.inserted.map((r) => fresh(r, anchored && typeof r.verdict !== 'string' ? 'drop' : r.verdict));
          return [...rules.slice(0, at), ...added, ...rules.slice(at + e.deleted)];
        };
        const ask = (version: Ruleset) => {
          for (const qs of questions) assertAgreesAtSamples(version, questionOf(qs), samples);
        };
        ask(rs);
        for (const [inFilter, inAnchor] of edits) {
          // A new ruleset of new chains, sharing the rule objects the edit left alone.
          rs = {
            ...rs,
            chains: rs.chains.map((c) => (c === scratch ? c : { ...c, rules: splice(c.rules, c.name === anchor.name ? inAnchor : inFilter, c.name === anchor.name) })),
          };
          ask(rs);
        }
      },
    ),
    { numRuns: 300 },
  );
});
