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
import { perObject } from '../model/per-object';
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

/** Not read yet (ports are at least NO_BOUND). */
const UNREAD = -2;

/**
 * The matches of a chain with their lowest and highest destination port: a
 * rule covers another only if its ports span the other's, a test on two
 * numbers that rejects most candidates before the full comparison. Bounds are
 * read on first use: an index built after an edit compares few rules.
 */
export class ChainShape {
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;

  /** `filings`, when given, holds filingOf each rule's match, by position. */
  constructor(
    readonly rules: readonly Rule[],
    private readonly filings?: readonly Filing[],
  ) {
    this.lo = new Int32Array(rules.length).fill(UNREAD);
    this.hi = new Int32Array(rules.length);
  }

  match(position: number): Match {
    return this.rules[position].match;
  }

  filing(position: number): Filing {
    // Without kept filings each position is filed once: nothing to remember.
    return this.filings ? this.filings[position] : fileMatch(this.rules[position].match);
  }

  portLo(position: number): number {
    const lo = this.lo[position];
    return lo === UNREAD ? this.read(position) : lo;
  }

  /** Only after portLo(position). */
  portHi(position: number): number {
    return this.hi[position];
  }

  private read(position: number): number {
    const iv = this.rules[position].match.dport?.intervals;
    const some = iv !== undefined && iv.length > 0;
    this.hi[position] = some ? iv[iv.length - 1].hi : NO_BOUND;
    return (this.lo[position] = some ? iv[0].lo : NO_BOUND);
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
    const f = this.shape.filing(position);
    switch (f.kind) {
      case 'dst':
        return this.byDst.add(f.version, f.length, f.network, position);
      case 'src':
        return this.bySrc.add(f.version, f.length, f.network, position);
      case 'port': {
        const list = this.byPort.get(f.port);
        if (list) list.push(position);
        else this.byPort.set(f.port, [position]);
        return;
      }
      case 'blocks':
        for (let b = f.first; b <= f.last; b++) {
          const list = this.byPortBlock.get(b);
          if (list) list.push(position);
          else this.byPortBlock.set(b, [position]);
        }
        return;
      default:
        this.general.push(position);
    }
  }

  /** Positions of the indexed rules that cover the rule at `position`, earliest first, at most MAX_WITNESSES. */
  covering(position: number): readonly number[] {
    const m = this.shape.match(position);
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
    const shape = this.shape;
    const inner = shape.match(position);
    const lo = shape.portLo(position);
    const hi = shape.portHi(position);
    for (let i = from; i < list.length; i++) {
      const c = list[i];
      const cLo = shape.portLo(c);
      // Its ports cannot span the inner rule's: no need to compare the rest.
      if (cLo !== NO_BOUND && lo !== NO_BOUND && (cLo > lo || shape.portHi(c) < hi)) continue;
      if (matchCovers(shape.match(c), inner)) this.found[this.count++] = c;
    }
  }
}

/**
 * The list CoverIndex.add files a rule's match under. The longer prefix is
 * the more selective key: many rules share a source network (`from $lan`)
 * while their destinations differ. A port range a few blocks wide is found
 * through the block of the covered rule's first port. Read once per match:
 * replayed rules keep theirs between analyses.
 */
export type Filing =
  | { readonly kind: 'src' | 'dst'; readonly version: number; readonly length: number; readonly network: number | bigint }
  | { readonly kind: 'port'; readonly port: number }
  | { readonly kind: 'blocks'; readonly first: number; readonly last: number }
  | { readonly kind: 'general' };

const GENERAL: Filing = { kind: 'general' };

export const filingOf: (m: Match) => Filing = perObject((m: Match): Filing => fileMatch(m));

/** What filingOf remembers, worked out afresh (a chain asked once files each rule once). */
function fileMatch(m: Match): Filing {
  const src = singlePrefixLength(m.src);
  const dst = singlePrefixLength(m.dst);
  if (dst !== undefined && (src === undefined || dst > src)) return prefixFiling('dst', firstInterval(m.dst), dst);
  if (src !== undefined) return prefixFiling('src', firstInterval(m.src), src);
  if (m.dport && m.dport.size() === 1) return { kind: 'port', port: m.dport.intervals[0].lo };
  if (m.dport && !m.dport.isEmpty()) {
    const first = m.dport.intervals[0].lo >> PORT_BLOCK_BITS;
    const last = m.dport.intervals[m.dport.intervals.length - 1].hi >> PORT_BLOCK_BITS;
    if (last - first < MAX_BLOCKS_PER_RULE) return { kind: 'blocks', first, last };
  }
  return GENERAL;
}

function prefixFiling(kind: 'src' | 'dst', interval: AddressInterval, length: number): Filing {
  return { kind, version: interval.version, length, network: networkKey(interval, length) };
}

/**
 * Whether CoverIndex.covering(m) reads the list `f` files into (only
 * candidates filed there can be found for m), as a test of many matches
 * against one `f`, with what depends on `f` alone worked out once: an address
 * list's network is compared as a range of addresses, without working out
 * each match's network. ListsRead answers the same for a set of matches.
 */
export function filingReader(f: Filing): (m: Match) => boolean {
  switch (f.kind) {
    case 'general':
      return () => true;
    case 'port': {
      const port = f.port;
      return (m) => {
        const intervals = m.dport?.intervals;
        return intervals !== undefined && intervals.length === 1 && intervals[0].lo === port && intervals[0].hi === port;
      };
    }
    case 'blocks': {
      const { first, last } = f;
      return (m) => {
        const intervals = m.dport?.intervals;
        if (intervals === undefined || intervals.length === 0) return false;
        const block = intervals[0].lo >> PORT_BLOCK_BITS;
        return first <= block && block <= last;
      };
    }
  }
  const { kind, version } = f;
  const lo = BigInt(f.network);
  const hi = lo + (1n << BigInt((version === 4 ? 32 : 128) - f.length)) - 1n;
  return (m) => {
    const a = kind === 'src' ? m.src : m.dst;
    if (a.kind !== 'intervals' || a.negated || a.intervals.length === 0) return false;
    const first = a.intervals[0];
    return first.version === version && first.lo >= lo && first.lo <= hi;
  };
}

/**
 * The lists that CoverIndex.covering reads for a set of rules: an index that
 * will be asked only about them needs only the candidates filed there (each
 * list keeps its order, so its window is the same).
 */
export class ListsRead {
  private readonly ports = new Set<number>();
  private readonly blocks = new Set<number>();
  private readonly addresses = { src: [] as AddressInterval[], dst: [] as AddressInterval[] };
  /** Per side, IP version and prefix length: the networks the rules' addresses fall in. */
  private readonly networks = new Map<string, Set<number | bigint>>();

  constructor(matches: Iterable<Match>) {
    for (const m of matches) {
      if (m.dport && m.dport.size() === 1) this.ports.add(m.dport.intervals[0].lo);
      if (m.dport && !m.dport.isEmpty()) this.blocks.add(m.dport.intervals[0].lo >> PORT_BLOCK_BITS);
      if (m.src.kind === 'intervals' && !m.src.negated && m.src.intervals.length > 0) this.addresses.src.push(m.src.intervals[0]);
      if (m.dst.kind === 'intervals' && !m.dst.negated && m.dst.intervals.length > 0) this.addresses.dst.push(m.dst.intervals[0]);
    }
  }

  /** Whether one of the rules reads the list `f` files into. */
  has(f: Filing): boolean {
    switch (f.kind) {
      case 'general':
        return true;
      case 'port':
        return this.ports.has(f.port);
      case 'blocks':
        for (let b = f.first; b <= f.last; b++) if (this.blocks.has(b)) return true;
        return false;
      default: {
        const key = `${f.kind}${f.version}/${f.length}`;
        let networks = this.networks.get(key);
        if (!networks) {
          networks = new Set();
          for (const a of this.addresses[f.kind]) if (a.version === f.version) networks.add(networkKey(a, f.length));
          this.networks.set(key, networks);
        }
        return networks.has(f.network);
      }
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

  add(version: number, length: number, key: number | bigint, position: number): void {
    let byLength = this.byVersion.get(version);
    if (!byLength) {
      byLength = new Map();
      this.byVersion.set(version, byLength);
    }
    let byNetwork = byLength.get(length);
    if (!byNetwork) {
      byNetwork = new Map();
      byLength.set(length, byNetwork);
    }
    const list = byNetwork.get(key);
    if (list) list.push(position);
    else byNetwork.set(key, [position]);
  }
}
