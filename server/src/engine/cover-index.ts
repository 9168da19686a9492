// FW003's candidate index: the rules of one chain that may cover a later (or,
// for pf's override pass, an earlier) rule, kept by their most selective
// condition (source or destination prefix, a single destination port, or the
// 4096-port block of a narrow port range), so a rule is compared only with
// candidates that could cover it. Within a port block, and among candidates
// with none of these (wide ranges, interface- or state-only rules), only the
// GENERAL_WINDOW most recently added are compared: past that, a shadowing may
// be missed (never invented), which keeps a 50,000-rule chain near-linear.
//
// Rules are named by their position in the chain. Positions follow source
// order, so sorting them names the covering rules in file order.
import type { AddressInterval, AddressMatch } from '../model/addresses';
import type { Match, Rule } from '../model/ruleset';
import { matchCovers } from './covers';

/** How many unindexed candidates each rule is compared with. */
export const GENERAL_WINDOW = 256;
/** How many covering rules a report names. */
const MAX_WITNESSES = 3;

const PORT_BLOCK_BITS = 12;
const MAX_BLOCKS_PER_RULE = 4;

/** A position without port bounds (no destination port, or an empty one). */
const NO_BOUND = -1;

export const NO_POSITIONS: readonly number[] = [];

/**
 * The matches of a chain with their lowest and highest destination port, read
 * once per chain: a rule covers another only if its ports span the other's, a
 * test on two numbers that rejects most candidates before the full comparison.
 */
export class ChainShape {
  readonly matches: readonly Match[];
  readonly portLo: readonly number[];
  readonly portHi: readonly number[];

  constructor(rules: readonly Rule[]) {
    const matches: Match[] = [];
    const portLo: number[] = [];
    const portHi: number[] = [];
    for (const rule of rules) {
      const m = rule.match;
      matches.push(m);
      const iv = m.dport?.intervals;
      const some = iv !== undefined && iv.length > 0;
      portLo.push(some ? iv[0].lo : NO_BOUND);
      portHi.push(some ? iv[iv.length - 1].hi : NO_BOUND);
    }
    this.matches = matches;
    this.portLo = portLo;
    this.portHi = portHi;
  }
}

/** Candidate covering rules, indexed so that a lookup touches only rules that could cover. */
export class CoverIndex {
  private readonly bySrc = new PrefixIndex();
  private readonly byDst = new PrefixIndex();
  private readonly byPort = new Map<number, number[]>();
  /** Rules with a destination port range, by 4096-port block. */
  private readonly byPortBlock = new Map<number, number[]>();
  private readonly general: number[] = [];
  /** Scratch for one lookup: the first `count` entries are the covering positions found. */
  private readonly found: number[] = [];
  private count = 0;

  constructor(private readonly shape: ChainShape) {}

  add(position: number): void {
    const m = this.shape.matches[position];
    // The longer prefix is the more selective key: many rules share a source
    // network (`from $lan`) while their destinations differ.
    const src = singlePrefixLength(m.src);
    const dst = singlePrefixLength(m.dst);
    if (dst !== undefined && (src === undefined || dst > src)) return this.byDst.add(firstInterval(m.dst), dst, position);
    if (src !== undefined) return this.bySrc.add(firstInterval(m.src), src, position);
    if (m.dport && m.dport.size() === 1) {
      const p = m.dport.intervals[0].lo;
      const list = this.byPort.get(p);
      if (list) list.push(position);
      else this.byPort.set(p, [position]);
      return;
    }
    // A port range a few blocks wide is found through the block of the covered rule's first port.
    if (m.dport && !m.dport.isEmpty()) {
      const first = m.dport.intervals[0].lo >> PORT_BLOCK_BITS;
      const last = m.dport.intervals[m.dport.intervals.length - 1].hi >> PORT_BLOCK_BITS;
      if (last - first < MAX_BLOCKS_PER_RULE) {
        for (let b = first; b <= last; b++) {
          const list = this.byPortBlock.get(b);
          if (list) list.push(position);
          else this.byPortBlock.set(b, [position]);
        }
        return;
      }
    }
    this.general.push(position);
  }

  /** Positions of the indexed rules that cover the rule at `position`, earliest first, at most MAX_WITNESSES. */
  covering(position: number): readonly number[] {
    const m = this.shape.matches[position];
    this.count = 0;
    if (m.src.kind === 'intervals' && !m.src.negated && m.src.intervals.length > 0) this.considerPrefixes(this.bySrc, m.src.intervals[0], position);
    if (m.dst.kind === 'intervals' && !m.dst.negated && m.dst.intervals.length > 0) this.considerPrefixes(this.byDst, m.dst.intervals[0], position);
    if (m.dport && m.dport.size() === 1) this.consider(this.byPort.get(m.dport.intervals[0].lo), 0, position);
    if (m.dport && !m.dport.isEmpty()) {
      const block = this.byPortBlock.get(m.dport.intervals[0].lo >> PORT_BLOCK_BITS);
      if (block) this.consider(block, Math.max(0, block.length - GENERAL_WINDOW), position);
    }
    this.consider(this.general, Math.max(0, this.general.length - GENERAL_WINDOW), position);
    if (this.count === 0) return NO_POSITIONS;
    if (this.count === 1) return [this.found[0]];
    // Name the rules in file order: the first one is the one that takes the packets.
    return this.found
      .slice(0, this.count)
      .sort((a, b) => a - b)
      .slice(0, MAX_WITNESSES);
  }

  private considerPrefixes(index: PrefixIndex, interval: AddressInterval, position: number): void {
    const byLength = index.byVersion.get(interval.version);
    if (!byLength) return;
    for (const [length, byNetwork] of byLength) {
      const list = byNetwork.get(networkKey(interval, length));
      if (list) this.consider(list, 0, position);
    }
  }

  private consider(list: readonly number[] | undefined, from: number, position: number): void {
    if (!list) return;
    const { matches, portLo, portHi } = this.shape;
    const inner = matches[position];
    const lo = portLo[position];
    const hi = portHi[position];
    for (let i = from; i < list.length; i++) {
      const c = list[i];
      const cLo = portLo[c];
      // Its ports cannot span the inner rule's: no need to compare the rest.
      if (cLo !== NO_BOUND && lo !== NO_BOUND && (cLo > lo || portHi[c] < hi)) continue;
      if (matchCovers(matches[c], inner)) this.found[this.count++] = c;
    }
  }
}

function firstInterval(m: AddressMatch): AddressInterval {
  // Only called after singlePrefixLength found exactly one interval.
  return (m as Extract<AddressMatch, { kind: 'intervals' }>).intervals[0];
}

/** The prefix length of a single non-negated CIDR block, the shape an address index can hold. */
function singlePrefixLength(m: AddressMatch): number | undefined {
  if (m.kind !== 'intervals' || m.negated || m.intervals.length !== 1) return undefined;
  return prefixLength(m.intervals[0]);
}

/** CIDR prefix length of an interval, when it is one. */
function prefixLength(i: AddressInterval): number | undefined {
  if (i.version === 4) {
    // IPv4 fits a double exactly: no bigint arithmetic (it allocates) for the common case.
    const lo = Number(i.lo);
    const size = Number(i.hi) - lo + 1;
    const bits = Math.round(Math.log2(size));
    if (2 ** bits !== size || lo % size !== 0) return undefined;
    return 32 - bits;
  }
  const size = i.hi - i.lo + 1n;
  if ((size & (size - 1n)) !== 0n || i.lo % size !== 0n) return undefined;
  return 128 - (size.toString(2).length - 1);
}

/** The network of `interval`'s start under a prefix length, as a map key: a number for IPv4, a bigint for IPv6. */
function networkKey(interval: AddressInterval, length: number): number | bigint {
  if (interval.version === 4) {
    const block = 2 ** (32 - length);
    const value = Number(interval.lo);
    return value - (value % block);
  }
  const host = BigInt(128 - length);
  return (interval.lo >> host) << host;
}

/** Rule positions keyed by CIDR block: per IP version and prefix length, network -> positions. */
class PrefixIndex {
  readonly byVersion = new Map<number, Map<number, Map<number | bigint, number[]>>>();

  add(interval: AddressInterval, length: number, position: number): void {
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
    const key = networkKey(interval, length);
    const list = byNetwork.get(key);
    if (list) list.push(position);
    else byNetwork.set(key, [position]);
  }
}
