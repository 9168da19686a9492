// The rules of one pf chain that can match in one pass context (direction,
// interface, destination), indexed by destination port. A pf pass visits every
// matching rule (last match wins), so walking all rules for each port cell
// costs rules x cells; with the index a cell visits only the rules without a
// destination port plus those whose ports hold that cell.
//
// The port part depends on the rules only, so it is built once per chain
// (PfChainPorts); a pass context adds one byte per rule (its port-independent
// test) and the list of port-less rules that pass it. Everything is kept in
// flat typed arrays: a 5,000-rule chain is indexed without a per-rule object.
// Rules with destination ports are tested only when a cell reaches them, so a
// question about port 21 tests the port-less rules and the few that hold 21.
import { MAX_PORT } from '../model/ports';
import type { Rule } from '../model/ruleset';
import { commonPrefixCount, commonSuffixCount, lowerBound } from '../model/sequence';
import type { Tri } from './match';
import { CutMarks, type PortCuts } from './segments';

/** A rule's port-independent test, one byte per rule: it never matches, matches, or may match. */
export const NEVER = 0;
export const ALWAYS = 1;
export const MAYBE = 2;
/** Not tested yet: a rule with destination ports is tested when a cell first reaches it. */
const UNTESTED = 3;

export function triCode(t: Tri): number {
  return t === false ? NEVER : t === true ? ALWAYS : MAYBE;
}

const EMPTY = new Int32Array(0);

/** One chain's rules by destination port: the port axis cut at every edge the rules mention. */
export class PfChainPorts {
  /** The segment holding each port 0..65535 (there are at most 65,536 segments). */
  private readonly segmentAt: Uint16Array;
  /** Segment s holds the rule positions members[offsets[s]..offsets[s+1]), ascending. */
  private readonly offsets: Int32Array;
  private readonly members: Int32Array;
  /** Positions of the rules without a destination port, ascending. */
  readonly portless: Int32Array;
  /** Whether a rule evaluates an anchor (a walk may then leave the chain). */
  readonly hasAnchors: boolean;
  /** Every destination port interval of the rules, in rule order: rule position, lo, hi. */
  readonly ivRule: Int32Array;
  readonly ivLo: Int32Array;
  readonly ivHi: Int32Array;
  /** Positions of the rules with source ports, ascending. */
  readonly withSport: Int32Array;

  /** Positions of the rules that evaluate an anchor (a walk may then leave the chain). */
  readonly anchorsAt: Int32Array;

  /**
   * `previous`, when given, is the index of the chain's previous version, of
   * which the first `prefix` and last `suffix` rules are unchanged here: their
   * ports are copied from it, and only the rules between are read.
   */
  constructor(
    readonly rules: readonly Rule[],
    previous?: { readonly ports: PfChainPorts; readonly prefix: number; readonly suffix: number },
  ) {
    const read = previous ? carriedRules(rules, previous.ports, previous.prefix, previous.suffix) : readRules(rules, 0, rules.length);
    const { ivRule, ivLo, ivHi } = read;
    this.portless = read.portless;
    this.withSport = read.withSport;
    this.anchorsAt = read.anchorsAt;
    this.hasAnchors = read.anchorsAt.length > 0;
    this.ivRule = ivRule;
    this.ivLo = ivLo;
    this.ivHi = ivHi;
    // Mark where segments start, then number them port by port.
    const starts = new Uint8Array(MAX_PORT + 2);
    for (let i = 0; i < ivLo.length; i++) {
      starts[ivLo[i]] = 1;
      starts[ivHi[i] + 1] = 1;
    }
    const segmentAt = new Uint16Array(MAX_PORT + 1);
    let segments = 0;
    for (let p = 0; p <= MAX_PORT; p++) {
      if (starts[p] === 1 && p > 0) segments++;
      segmentAt[p] = segments;
    }
    segments++;
    this.segmentAt = segmentAt;
    // Count, then fill: intervals are in rule order, so every segment's list is ascending.
    const offsets = new Int32Array(segments + 1);
    for (let i = 0; i < ivLo.length; i++) {
      const last = segmentAt[ivHi[i]];
      for (let s = segmentAt[ivLo[i]]; s <= last; s++) offsets[s + 1]++;
    }
    for (let s = 0; s < segments; s++) offsets[s + 1] += offsets[s];
    const members = new Int32Array(offsets[segments]);
    const fill = offsets.slice(0, segments);
    for (let i = 0; i < ivLo.length; i++) {
      const last = segmentAt[ivHi[i]];
      for (let s = segmentAt[ivLo[i]]; s <= last; s++) members[fill[s]++] = ivRule[i];
    }
    this.offsets = offsets;
    this.members = members;
  }

  /** Positions of the rules with a destination port holding `port`, ascending (a view, not a copy). */
  withPort(port: number): Int32Array {
    if (!(port >= 0 && port <= MAX_PORT)) return EMPTY;
    const s = this.segmentAt[port];
    return this.members.subarray(this.offsets[s], this.offsets[s + 1]);
  }
}

/** What an index reads of its rules, position by position: their port intervals, port-less and source-port rules, anchors. */
interface RulePorts {
  readonly ivRule: Int32Array;
  readonly ivLo: Int32Array;
  readonly ivHi: Int32Array;
  readonly portless: Int32Array;
  readonly withSport: Int32Array;
  readonly anchorsAt: Int32Array;
}

/** Reads rules[from..to) into flat arrays: two passes over the rule objects (count, then fill). */
function readRules(rules: readonly Rule[], from: number, to: number): RulePorts {
  let intervals = 0;
  let portlessCount = 0;
  let sportCount = 0;
  let anchorCount = 0;
  for (let k = from; k < to; k++) {
    const r = rules[k];
    const m = r.match;
    if (m.sport) sportCount++;
    if (m.dport) intervals += m.dport.intervals.length;
    else portlessCount++;
    if (r.verdict.kind === 'anchor') anchorCount++;
  }
  const ivRule = new Int32Array(intervals);
  const ivLo = new Int32Array(intervals);
  const ivHi = new Int32Array(intervals);
  const portless = new Int32Array(portlessCount);
  const withSport = new Int32Array(sportCount);
  const anchorsAt = new Int32Array(anchorCount);
  let nextInterval = 0;
  let nextPortless = 0;
  let nextSport = 0;
  let nextAnchor = 0;
  for (let k = from; k < to; k++) {
    const r = rules[k];
    if (r.verdict.kind === 'anchor') anchorsAt[nextAnchor++] = k;
    if (r.match.sport) withSport[nextSport++] = k;
    const d = r.match.dport;
    if (!d) {
      portless[nextPortless++] = k;
      continue;
    }
    for (const iv of d.intervals) {
      ivRule[nextInterval] = k;
      ivLo[nextInterval] = iv.lo;
      ivHi[nextInterval] = iv.hi;
      nextInterval++;
    }
  }
  return { ivRule, ivLo, ivHi, portless, withSport, anchorsAt };
}

/** The previous index's arrays for its first `prefix` and last `suffix` rules, with the rules between read anew. */
function carriedRules(rules: readonly Rule[], old: PfChainPorts, prefix: number, suffix: number): RulePorts {
  const oldEnd = old.rules.length - suffix;
  const end = rules.length - suffix;
  const shift = end - oldEnd;
  const middle = readRules(rules, prefix, end);
  // Positions are ascending in every array: the unchanged start and end are runs of it.
  const cut = (positions: Int32Array): [number, number] => [lowerBound(positions, prefix), lowerBound(positions, oldEnd)];
  const [ivHead, ivTail] = cut(old.ivRule);
  const spliced = (oldArray: Int32Array, head: number, tail: number, mid: Int32Array, moved: number): Int32Array => {
    const out = new Int32Array(head + mid.length + (oldArray.length - tail));
    out.set(oldArray.subarray(0, head));
    out.set(mid, head);
    const rest = oldArray.subarray(tail);
    if (moved === 0) out.set(rest, head + mid.length);
    else for (let i = 0; i < rest.length; i++) out[head + mid.length + i] = rest[i] + moved;
    return out;
  };
  const positions = (oldArray: Int32Array, mid: Int32Array): Int32Array => {
    const [head, tail] = cut(oldArray);
    return spliced(oldArray, head, tail, mid, shift);
  };
  return {
    ivRule: spliced(old.ivRule, ivHead, ivTail, middle.ivRule, shift),
    ivLo: spliced(old.ivLo, ivHead, ivTail, middle.ivLo, 0),
    ivHi: spliced(old.ivHi, ivHead, ivTail, middle.ivHi, 0),
    portless: positions(old.portless, middle.portless),
    withSport: positions(old.withSport, middle.withSport),
    anchorsAt: positions(old.anchorsAt, middle.anchorsAt),
  };
}

export class PfRuleIndex {
  /** Each rule's port-independent test (NEVER, ALWAYS, MAYBE, or UNTESTED). */
  private readonly tri: Uint8Array;
  /** Port-less rules that pass the context's test and are not inert, ascending. */
  private readonly portless: Int32Array;
  /** Position of the first inert rule without port conditions (Infinity when none). */
  private readonly firstInert: number;
  /** The port edges of the rules that can match in this context, per axis (built on first use). */
  private sportCuts: PortCuts | undefined;
  private dportCuts: PortCuts | undefined;

  /**
   * `test` is the rules' port-independent test in this context.
   * `inert` names rules whose only effect is to make the answer uncertain;
   * those without port conditions hold for every cell, so they are not
   * visited one by one: `inertBefore` tells whether the walk passed one.
   */
  /**
   * `known`, when given, holds results of `test` already found (UNTESTED
   * where not); the index fills it in as it tests more rules.
   */
  constructor(
    readonly ports: PfChainPorts,
    private readonly test: (rule: Rule) => Tri,
    inert?: (rule: Rule, tri: number) => boolean,
    known?: Uint8Array,
  ) {
    const rules = ports.rules;
    const all = ports.portless;
    const tri = known ?? new Uint8Array(rules.length).fill(UNTESTED);
    const kept = new Int32Array(all.length);
    let n = 0;
    let firstInert = Infinity;
    for (let i = 0; i < all.length; i++) {
      const k = all[i];
      const rule = rules[k];
      let t = tri[k];
      if (t === UNTESTED) t = tri[k] = triCode(test(rule));
      if (t === NEVER) continue;
      if (inert && !rule.match.sport && inert(rule, t)) {
        if (k < firstInert) firstInert = k;
        continue;
      }
      kept[n++] = k;
    }
    this.tri = tri;
    this.portless = n === kept.length ? kept : kept.slice(0, n);
    this.firstInert = firstInert;
  }

  /**
   * Calls `visit` with each rule whose ports hold (sport, dport) and whose
   * test is not NEVER, in rule order, until it returns true. Returns where the
   * walk stopped: the position after the last visited rule, or Infinity when
   * it ran to the end.
   */
  forEachAt(sport: number, dport: number, visit: (rule: Rule, tri: number) => boolean): number {
    const withPort = this.ports.withPort(dport);
    const anyPort = this.portless;
    const rules = this.ports.rules;
    const tri = this.tri;
    let i = 0;
    let j = 0;
    while (i < anyPort.length || j < withPort.length) {
      const k = j >= withPort.length || (i < anyPort.length && anyPort[i] < withPort[j]) ? anyPort[i++] : withPort[j++];
      const rule = rules[k];
      const sp = rule.match.sport;
      if (sp && !sp.has(sport)) continue;
      let t = tri[k];
      if (t === UNTESTED) t = tri[k] = triCode(this.test(rule));
      if (t === NEVER) continue;
      if (visit(rule, t)) return k + 1;
    }
    return Infinity;
  }

  /** Whether a rule with destination ports can match (sport, dport): forEachAt would visit more than port-less rules. */
  hasPortRuleAt(sport: number, dport: number): boolean {
    const withPort = this.ports.withPort(dport);
    const rules = this.ports.rules;
    const tri = this.tri;
    for (let j = 0; j < withPort.length; j++) {
      const k = withPort[j];
      const rule = rules[k];
      const sp = rule.match.sport;
      if (sp && !sp.has(sport)) continue;
      let t = tri[k];
      if (t === UNTESTED) t = tri[k] = triCode(this.test(rule));
      if (t !== NEVER) return true;
    }
    return false;
  }

  /**
   * The edges of the ports of the rules whose test is not NEVER, on `axis`:
   * inside one segment they cut, every cell of this context visits the same
   * rules (rules that never match are never visited, so their edges change nothing).
   */
  cuts(axis: 'sport' | 'dport'): PortCuts {
    const found = axis === 'sport' ? this.sportCuts : this.dportCuts;
    if (found) return found;
    const ports = this.ports;
    const rules = ports.rules;
    const tri = this.tri;
    const marks = new CutMarks();
    if (axis === 'dport') {
      const ivRule = ports.ivRule;
      for (let i = 0; i < ivRule.length; i++) if (this.canMatch(rules, tri, ivRule[i])) marks.add(ports.ivLo[i], ports.ivHi[i]);
    } else {
      for (const k of ports.withSport) {
        const sp = rules[k].match.sport;
        if (sp && this.canMatch(rules, tri, k)) for (const iv of sp.intervals) marks.add(iv.lo, iv.hi);
      }
    }
    const cuts = marks.cuts();
    if (axis === 'sport') this.sportCuts = cuts;
    else this.dportCuts = cuts;
    return cuts;
  }

  /** Whether rule `k`'s port-independent test is not NEVER (testing it on first use). */
  private canMatch(rules: readonly Rule[], tri: Uint8Array, k: number): boolean {
    let t = tri[k];
    if (t === UNTESTED) t = tri[k] = triCode(this.test(rules[k]));
    return t !== NEVER;
  }

  /** Whether an inert rule sits before `stop` (a position forEachAt returned). */
  inertBefore(stop: number): boolean {
    return this.firstInert < stop;
  }
}

/** A chain's rules as last indexed, and their tests per context. */
interface CarriedChain {
  readonly rules: readonly Rule[];
  readonly tests: Map<string, Uint8Array>;
  /** The version indexed before, and how many of its rules lead and end this one unchanged. */
  previous: CarriedChain | undefined;
  readonly prefix: number;
  readonly suffix: number;
}

/** How many contexts' tests a chain carries over to its next version. */
const CARRIED_CONTEXTS = 64;
/** How many chain names are remembered (anchors are chains too). */
const CARRIED_CHAINS = 256;

/**
 * Rule tests carried from one version of a chain to the next. An edit makes
 * a new ruleset, but the front ends replay the unchanged rules with the same
 * Match objects, and a rule's port-independent test reads its Match and the
 * context only: the rules before and after the edit keep their results, and
 * only the edited ones are tested again. Chains are told apart by name; a
 * chain of another document just shares less.
 */
function sameMatch(a: Rule, b: Rule): boolean {
  // The same object first: most rules are, and then neither is read.
  return a === b || a.match === b.match;
}

export class TestCarry {
  private readonly chains = new Map<string, CarriedChain>();

  /**
   * The tests of `rules` (the chain `name`) in the context `key`, as far as
   * the chain's previous version knew them (UNTESTED elsewhere). The array is
   * kept: the index that fills it in fills it for the next version too.
   */
  testsFor(name: string, rules: readonly Rule[], key: string): Uint8Array {
    const chain = this.versionOf(name, rules);
    let tests = chain.tests.get(key);
    if (tests) return tests;
    tests = new Uint8Array(rules.length).fill(UNTESTED);
    const before = chain.previous?.tests.get(key);
    if (before) {
      tests.set(before.subarray(0, chain.prefix));
      tests.set(before.subarray(before.length - chain.suffix), rules.length - chain.suffix);
    }
    if (chain.tests.size < CARRIED_CONTEXTS) chain.tests.set(key, tests);
    return tests;
  }

  private versionOf(name: string, rules: readonly Rule[]): CarriedChain {
    const last = this.chains.get(name);
    if (last?.rules === rules) return last;
    let prefix = 0;
    let suffix = 0;
    if (last) {
      prefix = commonPrefixCount(last.rules, rules, sameMatch);
      suffix = commonSuffixCount(last.rules, rules, sameMatch, prefix);
      // Only one version back is kept alive.
      last.previous = undefined;
    }
    const chain: CarriedChain = { rules, tests: new Map(), previous: last, prefix, suffix };
    if (!last && this.chains.size >= CARRIED_CHAINS) this.chains.clear();
    this.chains.set(name, chain);
    return chain;
  }
}

/** The same match and verdict objects: what a chain's port index reads of a rule is the same. */
function samePorts(a: Rule, b: Rule): boolean {
  return a === b || (a.match === b.match && a.verdict === b.verdict);
}

/**
 * Each chain's port index, carried to its next version: the rules an edit left
 * alone before and after it keep their ports (the front ends replay them with
 * the same objects), so only the edited ones are read. Chains are told apart
 * by name, as in TestCarry.
 */
export class PortsCarry {
  private readonly chains = new Map<string, PfChainPorts>();

  portsFor(name: string, rules: readonly Rule[]): PfChainPorts {
    const last = this.chains.get(name);
    if (last?.rules === rules) return last;
    let ports: PfChainPorts;
    if (last) {
      const prefix = commonPrefixCount(last.rules, rules, samePorts);
      const suffix = commonSuffixCount(last.rules, rules, samePorts, prefix);
      ports = new PfChainPorts(rules, { ports: last, prefix, suffix });
    } else {
      ports = new PfChainPorts(rules);
      if (this.chains.size >= CARRIED_CHAINS) this.chains.clear();
    }
    this.chains.set(name, ports);
    return ports;
  }
}
