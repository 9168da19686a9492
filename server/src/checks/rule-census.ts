// The rules the FTP checks start from, sorted out in one pass per ruleset.
// Each check needs only a few rules, and in a 50,000-rule file a walk over all
// of them costs milliseconds (each rule and its match are a memory load away):
// the rules are visited once here and the checks walk the short lists. After
// an edit, only the rules the edit replaced are visited (CarriedSelection).
import { concreteAddress, intervalHolds, type AddressMatch, type ConcreteAddress } from '../model/addresses';
import { perObject } from '../model/per-object';
import { allRules, type Match, type Rule, type Ruleset } from '../model/ruleset';
import { CarriedSelection, selectionSlot } from './carried-selection';
import type { CheckContext } from './check';

export interface RuleCensus {
  /** Rules whose destination ports hold 21, in rule order. */
  readonly toPort21: readonly Rule[];
  /** Rules whose source ports hold 21, in rule order. */
  readonly fromPort21: readonly Rule[];
  /** Accept rules with a destination or source port condition, in rule order. */
  readonly portAccepts: readonly Rule[];
  /** Rules that drop a destination port, or accept one only from some sources or interfaces, in rule order. */
  readonly portRestrictions: readonly Rule[];
  /** Rules with a DNAT action, in rule order. */
  readonly dnatting: readonly Rule[];
  /** The first outsider address of this version that no rule's source or destination holds. */
  readonly outsider: Readonly<Record<4 | 6, ConcreteAddress | undefined>>;
}

/** Documentation addresses (RFC 5737, RFC 3849) standing for "a client somewhere on the Internet", in order of preference. */
const OUTSIDERS: readonly ConcreteAddress[] = ['203.0.113.45', '198.51.100.45', '192.0.2.45', '2001:db8:ffff::45', '2001:db8:fffe::45']
  .map(concreteAddress)
  .filter((a): a is ConcreteAddress => a !== undefined);

/** The census of the ruleset; with the document's memo, carried from the previous version (see CarriedSelection). */
export function ruleCensus(ctx: Pick<CheckContext, 'ruleset' | 'memo'>): RuleCensus {
  let census = taken.get(ctx.ruleset);
  if (!census) {
    census = takeCensus(allRules(ctx.ruleset), ctx.memo?.slot(CENSUS_CARRY) ?? new CarriedSelection());
    taken.set(ctx.ruleset, census);
  }
  return census;
}

const taken = new WeakMap<Ruleset, RuleCensus>();

const CENSUS_CARRY = selectionSlot('checks: rule census');

/** The census's tests, in the order of its lists. Each reads only the rule itself, so the selection needs no key. */
const CENSUS_TESTS: ReadonlyArray<(rule: Rule) => boolean> = [
  (r) => r.match.dport?.has(21) === true,
  (r) => r.match.sport?.has(21) === true,
  isPortAccept,
  isPortRestriction,
  dnats,
  // Most matches name no address: only those that do are read for outsiders.
  (r) => namesAddress(r.match) && outsidersMentioned(r.match) !== 0,
];

function takeCensus(rules: readonly Rule[], carry: CarriedSelection): RuleCensus {
  const [toPort21, fromPort21, portAccepts, portRestrictions, dnatting, namingOutsiders] = carry.select(rules, '', CENSUS_TESTS);
  /** Bit k: some rule's source or destination holds OUTSIDERS[k]. */
  let mentioned = 0;
  for (const rule of namingOutsiders) mentioned |= outsidersMentioned(rule.match);
  const firstUnmentioned = (version: 4 | 6) => OUTSIDERS.find((a, k) => a.version === version && (mentioned & (1 << k)) === 0);
  return { toPort21, fromPort21, portAccepts, portRestrictions, dnatting, outsider: { 4: firstUnmentioned(4), 6: firstUnmentioned(6) } };
}

function isPortAccept(rule: Rule): boolean {
  const m = rule.match;
  return rule.verdict.kind === 'accept' && (m.dport !== undefined || m.sport !== undefined);
}

function isPortRestriction(rule: Rule): boolean {
  const m = rule.match;
  const verdict = rule.verdict.kind;
  return m.dport !== undefined && (verdict === 'drop' || verdict === 'reject' || (verdict === 'accept' && (m.src.kind !== 'any' || (m.inInterface !== undefined && !m.inInterface.negated))));
}

function dnats(rule: Rule): boolean {
  for (const a of rule.actions) if (a.kind === 'dnat') return true;
  return false;
}

function namesAddress(m: Match): boolean {
  return m.src.kind === 'intervals' || m.dst.kind === 'intervals';
}

/** Which outsiders a match's source or destination holds, as bits. */
function outsidersMentioned(m: Match): number {
  return mentionedIn(m.src) | mentionedIn(m.dst);
}

/** Per IP version, the lowest and highest outsider: an interval outside that span holds none. */
const OUTSIDER_SPAN = new Map(
  ([4, 6] as const).map((version) => {
    const values = OUTSIDERS.filter((a) => a.version === version).map((a) => a.value);
    return [version, { lo: values.reduce((a, b) => (a < b ? a : b)), hi: values.reduce((a, b) => (a > b ? a : b)) }];
  }),
);

function mentionedIn(m: AddressMatch): number {
  if (m.kind !== 'intervals') return 0;
  let bits = 0;
  for (const i of m.intervals) {
    // Nearly every address of a ruleset lies outside the documentation
    // ranges: one or two comparisons tell, not two per outsider.
    const span = OUTSIDER_SPAN.get(i.version);
    if (span === undefined || i.hi < span.lo || i.lo > span.hi) continue;
    for (let k = 0; k < OUTSIDERS.length; k++) {
      if (intervalHolds(i, OUTSIDERS[k])) bits |= 1 << k;
    }
  }
  return bits;
}
