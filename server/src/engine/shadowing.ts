// FW003's detection: rules that can never decide a packet.
//
// First-match chains: a rule is unreachable when an earlier terminal rule
// (accept, drop, reject, goto, return) with no opaque condition admits every
// packet it admits. pf (last-match): a rule never decides when an earlier
// `quick` rule covers it (it is never evaluated) or, for a pass/block without
// quick, when a later pass/block covers it (that one always overrides it).
// `match` rules, logging and counters are reported only when they are never
// evaluated at all.
//
// Only single-rule coverage is proved (two rules that together cover a third
// are not reported): the check must never raise a false alarm.
//
// Cost: candidates are indexed by their most selective condition (source or
// destination prefix, a single destination port, or the 4096-port block of a
// narrow port range), so a rule is compared only with candidates that could
// cover it. Within a port block, and among candidates with none of these
// (wide ranges, interface- or state-only rules), only the GENERAL_WINDOW most
// recent are compared: past that, a shadowing may be missed (never invented),
// which keeps a 50,000-rule chain near-linear.
import type { AddressInterval, AddressMatch } from '../model/addresses';
import type { Chain, Match, Rule, Ruleset } from '../model/ruleset';
import { isUnconditional, matchCovers } from './covers';

export interface UnreachableRule {
  readonly rule: Rule;
  readonly shadowedBy: Rule[];
}

/** How many unindexed candidates each rule is compared with. */
export const GENERAL_WINDOW = 256;
/** How many covering rules a report names. */
const MAX_WITNESSES = 3;

export function findUnreachableRules(ruleset: Ruleset): UnreachableRule[] {
  const out: UnreachableRule[] = [];
  for (const chain of ruleset.chains) {
    // A loop, not push(...): a chain can have more unreachable rules than a call has room for arguments.
    for (const u of chain.evaluation === 'last-match' ? lastMatchChain(chain) : firstMatchChain(chain)) out.push(u);
  }
  return out.sort((a, b) => a.rule.id - b.rule.id);
}

function firstMatchTerminal(rule: Rule): boolean {
  const k = rule.verdict.kind;
  return (k === 'accept' || k === 'drop' || k === 'reject' || k === 'goto' || k === 'return') && rule.match.opaque.length === 0;
}

function firstMatchChain(chain: Chain): UnreachableRule[] {
  const out: UnreachableRule[] = [];
  const index = new CoverIndex();
  let unconditional: Rule | undefined;
  for (const rule of chain.rules) {
    if (unconditional) {
      out.push({ rule, shadowedBy: [unconditional] });
      continue;
    }
    const covering = index.covering(rule.match);
    if (covering.length > 0) {
      // Anything this rule would cover, its shadow covers already: no need to index it.
      out.push({ rule, shadowedBy: covering });
      continue;
    }
    if (!firstMatchTerminal(rule)) continue;
    if (isUnconditional(rule.match)) unconditional = rule;
    else index.add(rule);
  }
  return out;
}

function decides(rule: Rule): boolean {
  const k = rule.verdict.kind;
  return k === 'accept' || k === 'drop' || k === 'reject';
}

function lastMatchChain(chain: Chain): UnreachableRule[] {
  const found = new Map<Rule, Rule[]>();
  // Earlier quick rules: the later rule is never evaluated.
  const quick = new CoverIndex();
  for (const rule of chain.rules) {
    const covering = quick.covering(rule.match);
    if (covering.length > 0) {
      found.set(rule, covering);
      continue;
    }
    if (rule.quick && decides(rule) && rule.match.opaque.length === 0) quick.add(rule);
  }
  // Later pass/block rules: they match whenever this one does and override it.
  const later = new CoverIndex();
  for (let i = chain.rules.length - 1; i >= 0; i--) {
    const rule = chain.rules[i];
    if (!decides(rule)) continue;
    if (!rule.quick && !found.has(rule)) {
      const covering = later.covering(rule.match);
      if (covering.length > 0) found.set(rule, covering);
    }
    if (rule.match.opaque.length === 0) later.add(rule);
  }
  return [...found].map(([rule, shadowedBy]) => ({ rule, shadowedBy }));
}

/** CIDR prefix length of an interval, when it is one. */
function prefixLength(i: AddressInterval): number | undefined {
  const size = i.hi - i.lo + 1n;
  if ((size & (size - 1n)) !== 0n || i.lo % size !== 0n) return undefined;
  const width = i.version === 4 ? 32 : 128;
  return width - (size.toString(2).length - 1);
}

function networkOf(version: number, length: number, value: bigint): bigint {
  const host = BigInt((version === 4 ? 32 : 128) - length);
  return (value >> host) << host;
}

/** A single non-negated CIDR block, the shape an address index can hold. */
function singlePrefix(m: AddressMatch): { interval: AddressInterval; length: number } | undefined {
  if (m.kind !== 'intervals' || m.negated || m.intervals.length !== 1) return undefined;
  const length = prefixLength(m.intervals[0]);
  return length === undefined ? undefined : { interval: m.intervals[0], length };
}

const PORT_BLOCK_BITS = 12;
const MAX_BLOCKS_PER_RULE = 4;

/** Candidate covering rules, indexed so that a lookup touches only rules that could cover. */
class CoverIndex {
  private readonly bySrc = new PrefixIndex();
  private readonly byDst = new PrefixIndex();
  private readonly byPort = new Map<number, Rule[]>();
  /** Rules with a destination port range, by 4096-port block. */
  private readonly byPortBlock = new Map<number, Rule[]>();
  private readonly general: Rule[] = [];

  add(rule: Rule): void {
    const m = rule.match;
    // The longer prefix is the more selective key: many rules share a source
    // network (`from $lan`) while their destinations differ.
    const src = singlePrefix(m.src);
    const dst = singlePrefix(m.dst);
    if (dst && (!src || dst.length > src.length)) return this.byDst.add(dst.interval, dst.length, rule);
    if (src) return this.bySrc.add(src.interval, src.length, rule);
    if (m.dport && m.dport.size() === 1) {
      const p = m.dport.intervals[0].lo;
      const list = this.byPort.get(p);
      if (list) list.push(rule);
      else this.byPort.set(p, [rule]);
      return;
    }
    // A port range a few blocks wide is found through the block of the covered rule's first port.
    if (m.dport && !m.dport.isEmpty()) {
      const first = m.dport.intervals[0].lo >> PORT_BLOCK_BITS;
      const last = m.dport.intervals[m.dport.intervals.length - 1].hi >> PORT_BLOCK_BITS;
      if (last - first < MAX_BLOCKS_PER_RULE) {
        for (let b = first; b <= last; b++) {
          const list = this.byPortBlock.get(b);
          if (list) list.push(rule);
          else this.byPortBlock.set(b, [rule]);
        }
        return;
      }
    }
    this.general.push(rule);
  }

  /** Indexed rules that cover `m`, earliest first, at most MAX_WITNESSES. */
  covering(m: Match): Rule[] {
    const out: Rule[] = [];
    const consider = (list: readonly Rule[] | undefined, windowed: boolean): void => {
      if (!list) return;
      for (let i = windowed ? Math.max(0, list.length - GENERAL_WINDOW) : 0; i < list.length; i++) {
        if (matchCovers(list[i].match, m)) out.push(list[i]);
      }
    };
    if (m.src.kind === 'intervals' && !m.src.negated && m.src.intervals.length > 0) this.bySrc.forContaining(m.src.intervals[0], (l) => consider(l, false));
    if (m.dst.kind === 'intervals' && !m.dst.negated && m.dst.intervals.length > 0) this.byDst.forContaining(m.dst.intervals[0], (l) => consider(l, false));
    if (m.dport && m.dport.size() === 1) consider(this.byPort.get(m.dport.intervals[0].lo), false);
    if (m.dport && !m.dport.isEmpty()) consider(this.byPortBlock.get(m.dport.intervals[0].lo >> PORT_BLOCK_BITS), true);
    consider(this.general, true);
    if (out.length <= 1) return out;
    // Name the rules in file order: the first one is the one that takes the packets.
    return out.sort((a, b) => a.id - b.id).slice(0, MAX_WITNESSES);
  }
}

/** Rules keyed by CIDR block: per IP version and prefix length, network -> rules. */
class PrefixIndex {
  private readonly byVersion = new Map<number, Map<number, Map<bigint, Rule[]>>>();

  add(interval: AddressInterval, length: number, rule: Rule): void {
    let byLength = this.byVersion.get(interval.version);
    if (!byLength) {
      byLength = new Map();
      this.byVersion.set(interval.version, byLength);
    }
    let byNetwork = byLength.get(length);
    if (!byNetwork) {
      byNetwork = new Map();
      byLength.set(length, byNetwork);
    }
    const list = byNetwork.get(interval.lo);
    if (list) list.push(rule);
    else byNetwork.set(interval.lo, [rule]);
  }

  /** Calls `f` with the rules of every block that contains the start of `interval` (the caller checks the rest). */
  forContaining(interval: AddressInterval, f: (rules: readonly Rule[]) => void): void {
    const byLength = this.byVersion.get(interval.version);
    if (!byLength) return;
    for (const [length, byNetwork] of byLength) {
      const list = byNetwork.get(networkOf(interval.version, length, interval.lo));
      if (list) f(list);
    }
  }
}
