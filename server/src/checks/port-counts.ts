// Which ports a list of rules names, as two port sets (named by any rule, and
// named by a rule of a second kind), carried to the list's next version.
// Thousands of rules restrict a port in a large ruleset: marking each port they
// name and reading the runs back costs milliseconds per analysis. Here each
// port keeps how many rules name it, an edit adds and removes the counts of the
// rules it replaced, and the sets change only at the ports those rules name.
import { MAX_PORT, PortSet, type PortInterval } from '../model/ports';
import { alikeEnds, type Rule } from '../model/ruleset';

export interface NamedPorts {
  /** Ports some rule of the list names. */
  readonly named: PortSet;
  /** Ports some rule of the second kind names. */
  readonly namedBySecond: PortSet;
}

export class PortCounts {
  private rules: readonly Rule[] = [];
  private readonly counts = new Uint32Array(MAX_PORT + 1);
  private readonly secondCounts = new Uint32Array(MAX_PORT + 1);
  private sets: NamedPorts | undefined = undefined;

  /**
   * The ports `rules` name (`portsOf` of each rule), and those named by the
   * rules `isSecond` holds for. Both functions must read only the rule's own
   * fields, which never change once it is lowered, and not where it is
   * written (a rule that only moved counts as before: readAlike).
   */
  update(rules: readonly Rule[], portsOf: (rule: Rule) => PortSet, isSecond: (rule: Rule) => boolean): NamedPorts {
    const old = this.rules;
    const { prefix, suffix } = alikeEnds(old, rules);
    const changed: PortSet[] = [];
    for (let i = prefix; i < old.length - suffix; i++) changed.push(this.count(old[i], -1, portsOf, isSecond));
    for (let i = prefix; i < rules.length - suffix; i++) changed.push(this.count(rules[i], 1, portsOf, isSecond));
    this.rules = rules;
    const last = this.sets;
    if (!last) {
      const all = PortSet.ALL;
      this.sets = { named: runs(this.counts, all), namedBySecond: runs(this.secondCounts, all) };
    } else if (changed.length > 0) {
      // Only the ports the replaced rules name can have changed.
      const touched = PortSet.unionAll(changed);
      this.sets = {
        named: last.named.subtract(touched).union(runs(this.counts, touched)),
        namedBySecond: last.namedBySecond.subtract(touched).union(runs(this.secondCounts, touched)),
      };
    }
    return this.sets as NamedPorts;
  }

  /** Adds `by` to the counts of the ports `rule` names; gives those ports. */
  private count(rule: Rule, by: 1 | -1, portsOf: (rule: Rule) => PortSet, isSecond: (rule: Rule) => boolean): PortSet {
    const ports = portsOf(rule);
    const second = isSecond(rule);
    for (const { lo, hi } of ports.intervals) {
      for (let port = lo; port <= hi; port++) {
        this.counts[port] += by;
        if (second) this.secondCounts[port] += by;
      }
    }
    return ports;
  }
}

/** The ports of `within` whose count is not zero, as a set (read in order, so the intervals come out canonical). */
function runs(counts: Uint32Array, within: PortSet): PortSet {
  const intervals: PortInterval[] = [];
  for (const { lo, hi } of within.intervals) {
    let start = -1;
    for (let port = lo; port <= hi + 1; port++) {
      const on = port <= hi && counts[port] !== 0;
      if (on && start < 0) start = port;
      else if (!on && start >= 0) {
        intervals.push({ lo: start, hi: port - 1 });
        start = -1;
      }
    }
  }
  return PortSet.fromIntervals(intervals);
}
