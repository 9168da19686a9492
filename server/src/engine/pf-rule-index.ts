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
import type { Rule } from '../model/ruleset';
import type { Tri } from './match';

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
  /** First port of each segment, ascending, starting at 0: segment s is starts[s]..starts[s+1]-1. */
  private readonly starts: Int32Array;
  /** Segment s holds the rule positions members[offsets[s]..offsets[s+1]), ascending. */
  private readonly offsets: Int32Array;
  private readonly members: Int32Array;
  /** Positions of the rules without a destination port, ascending. */
  readonly portless: Int32Array;
  /** Whether a rule evaluates an anchor (a walk may then leave the chain). */
  readonly hasAnchors: boolean;

  constructor(readonly rules: readonly Rule[]) {
    let edges = 0;
    let portless = 0;
    let anchors = false;
    for (const r of rules) {
      if (r.verdict.kind === 'anchor') anchors = true;
      const d = r.match.dport;
      if (d) edges += 2 * d.intervals.length;
      else portless++;
    }
    const cuts = new Int32Array(edges + 1);
    let n = 1; // cuts[0] = 0
    const any = new Int32Array(portless);
    let a = 0;
    for (let k = 0; k < rules.length; k++) {
      const d = rules[k].match.dport;
      if (!d) {
        any[a++] = k;
        continue;
      }
      for (const iv of d.intervals) {
        if (iv.lo > 0) cuts[n++] = iv.lo;
        if (iv.hi < 65535) cuts[n++] = iv.hi + 1;
      }
    }
    this.portless = any;
    this.hasAnchors = anchors;
    const sorted = cuts.subarray(0, n).sort();
    let u = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[u - 1]) sorted[u++] = sorted[i];
    this.starts = sorted.slice(0, u);
    const segments = u;
    // Count, then fill: rules are taken in order, so every segment's list is ascending.
    const offsets = new Int32Array(segments + 1);
    for (const r of rules) {
      const d = r.match.dport;
      if (!d) continue;
      for (const iv of d.intervals) {
        const last = this.segmentOf(iv.hi);
        for (let s = this.segmentOf(iv.lo); s <= last; s++) offsets[s + 1]++;
      }
    }
    for (let s = 0; s < segments; s++) offsets[s + 1] += offsets[s];
    const members = new Int32Array(offsets[segments]);
    const fill = offsets.slice(0, segments);
    for (let k = 0; k < rules.length; k++) {
      const d = rules[k].match.dport;
      if (!d) continue;
      for (const iv of d.intervals) {
        const last = this.segmentOf(iv.hi);
        for (let s = this.segmentOf(iv.lo); s <= last; s++) members[fill[s]++] = k;
      }
    }
    this.offsets = offsets;
    this.members = members;
  }

  /** The segment holding `port` (0..65535). */
  segmentOf(port: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= port) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Positions of the rules with a destination port holding `port`, ascending (a view, not a copy). */
  withPort(port: number): Int32Array {
    if (port < 0 || port > 65535) return EMPTY;
    const s = this.segmentOf(port);
    return this.members.subarray(this.offsets[s], this.offsets[s + 1]);
  }
}

export class PfRuleIndex {
  /** Each rule's port-independent test (NEVER, ALWAYS, MAYBE, or UNTESTED). */
  private readonly tri: Uint8Array;
  /** Port-less rules that pass the context's test and are not inert, ascending. */
  private readonly portless: Int32Array;
  /** Position of the first inert rule without port conditions (Infinity when none). */
  private readonly firstInert: number;

  /**
   * `test` is the rules' port-independent test in this context.
   * `inert` names rules whose only effect is to make the answer uncertain;
   * those without port conditions hold for every cell, so they are not
   * visited one by one: `inertBefore` tells whether the walk passed one.
   */
  constructor(
    readonly ports: PfChainPorts,
    private readonly test: (rule: Rule) => Tri,
    inert?: (rule: Rule, tri: number) => boolean,
  ) {
    const rules = ports.rules;
    const all = ports.portless;
    const tri = new Uint8Array(rules.length).fill(UNTESTED);
    const kept = new Int32Array(all.length);
    let n = 0;
    let firstInert = Infinity;
    for (let i = 0; i < all.length; i++) {
      const k = all[i];
      const rule = rules[k];
      const t = triCode(test(rule));
      tri[k] = t;
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

  /** Whether an inert rule sits before `stop` (a position forEachAt returned). */
  inertBefore(stop: number): boolean {
    return this.firstInert < stop;
  }
}
