// The rules of one pf chain that can match in one pass context (direction,
// interface, destination), indexed by destination port. A pf pass visits every
// matching rule (last match wins), so walking all rules for each port cell
// costs rules x cells; with the index a cell visits only the rules without a
// destination port plus those whose ports hold that cell.
import type { Rule } from '../model/ruleset';
import type { Tri } from './match';
import { RulePortIndex } from './rule-port-index';

export interface Candidate {
  readonly rule: Rule;
  /** The port-independent test (never false: those rules are left out). */
  readonly tri: true | 'maybe';
}

export class PfRuleIndex {
  /** Rules that passed the port-independent test, in rule order. */
  private readonly candidates: readonly Candidate[];
  private readonly ports: RulePortIndex;
  /** Position of the first inert rule without port conditions (Infinity when none). */
  private readonly firstInert: number;

  /**
   * `inert` names rules whose only effect is to make the answer uncertain;
   * those without port conditions hold for every cell, so they are not
   * visited one by one: `inertBefore` tells whether the walk passed one.
   */
  constructor(rules: readonly Rule[], test: (rule: Rule) => Tri, inert?: (c: Candidate) => boolean) {
    const candidates: Candidate[] = [];
    let firstInert = Infinity;
    for (const rule of rules) {
      const tri = test(rule);
      if (tri === false) continue;
      const c: Candidate = { rule, tri };
      if (inert && !rule.match.sport && !rule.match.dport && inert(c)) {
        firstInert = Math.min(firstInert, candidates.length);
        continue;
      }
      candidates.push(c);
    }
    this.candidates = candidates;
    this.firstInert = firstInert;
    this.ports = new RulePortIndex(candidates.map((c) => c.rule.match.dport));
  }

  /**
   * Calls `visit` with each candidate whose ports hold (sport, dport), in rule
   * order, until it returns true. Returns where the walk stopped: the position
   * after the last visited candidate, or Infinity when it ran to the end.
   */
  forEachAt(sport: number, dport: number, visit: (c: Candidate) => boolean): number {
    const withPort = this.ports.withPort(dport);
    const anyPort = this.ports.anyPort;
    let i = 0;
    let j = 0;
    while (i < anyPort.length || j < withPort.length) {
      const k = j >= withPort.length || (i < anyPort.length && anyPort[i] < withPort[j]) ? anyPort[i++] : withPort[j++];
      const c = this.candidates[k];
      const sp = c.rule.match.sport;
      if (sp && !sp.has(sport)) continue;
      if (visit(c)) return k + 1;
    }
    return Infinity;
  }

  /** Whether an inert rule sits before `stop` (a position forEachAt returned). */
  inertBefore(stop: number): boolean {
    return this.firstInert < stop;
  }
}
