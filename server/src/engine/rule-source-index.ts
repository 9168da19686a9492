// Rules of one list indexed by the source addresses they require, for the
// rules a port index cannot narrow (those without a destination port). Checks
// ask one question per candidate rule, each from that rule's own source; a
// chain of thousands of `ip saddr 10.0.0.7 drop` rules would otherwise be
// tested in full for every question. Positions are indexes into the list the
// index was built from, always ascending.
import type { ConcreteAddress } from '../model/addresses';
import type { Match } from '../model/ruleset';
import { lowerBound } from '../model/sequence';

interface Stab {
  readonly version: 4 | 6;
  readonly lo: bigint;
  readonly hi: bigint;
  readonly position: number;
}

const ENTRY_BUDGET_PER_RULE = 16;
const ENTRY_BUDGET_BASE = 100_000;

export class RuleSourceIndex {
  /** Rules whose source is not a plain list of intervals: they take part for every source. */
  private readonly anySource: readonly number[];
  /** Segment starts per version, ascending, and the positions of the rules whose source covers each segment. */
  private readonly starts = new Map<4 | 6, bigint[]>();
  private readonly covering = new Map<4 | 6, number[][]>();

  constructor(matches: ReadonlyArray<Pick<Match, 'src'>>, positions: readonly number[]) {
    const anySource: number[] = [];
    const stabs: Stab[] = [];
    for (const k of positions) {
      const src = matches[k].src;
      if (src.kind !== 'intervals' || src.negated) anySource.push(k);
      else for (const i of src.intervals) stabs.push({ version: i.version, lo: i.lo, hi: i.hi, position: k });
    }
    for (const version of [4, 6] as const) {
      const mine = stabs.filter((s) => s.version === version);
      if (mine.length === 0) continue;
      const edges = [...new Set(mine.flatMap((s) => [s.lo, s.hi + 1n]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      // Many overlapping ranges would file each rule under many segments: past a
      // budget linear in the rules, those rules are simply not indexed.
      let budget = ENTRY_BUDGET_PER_RULE * mine.length + ENTRY_BUDGET_BASE;
      const covering: number[][] = edges.map(() => []);
      for (const s of mine) {
        const first = lowerBound(edges, s.lo);
        const last = upperBound(edges, s.hi) - 1;
        budget -= last - first + 1;
        if (budget < 0) break;
        // Stabs come in rule order, so each list stays sorted; a rule with two overlapping intervals is filed once.
        for (let e = first; e <= last; e++) {
          const list = covering[e];
          if (list[list.length - 1] !== s.position) list.push(s.position);
        }
      }
      if (budget < 0) {
        for (const s of mine) anySource.push(s.position);
        continue;
      }
      this.starts.set(version, edges);
      this.covering.set(version, covering);
    }
    this.anySource = [...new Set(anySource)].sort((a, b) => a - b);
  }

  /** Positions of the rules that may match a packet from `src` (every rule when the source is open). */
  candidates(src: ConcreteAddress | undefined, all: readonly number[]): readonly number[] {
    if (!src) return all;
    const edges = this.starts.get(src.version);
    if (!edges) return this.anySource;
    const e = upperBound(edges, src.value) - 1;
    const holding = e >= 0 ? (this.covering.get(src.version) as number[][])[e] : [];
    return mergeSorted(this.anySource, holding);
  }
}

/** First index with `edges[i] > value`. */
function upperBound(edges: readonly bigint[], value: bigint): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
    else {
      out.push(a[i++]);
      j++;
    }
  }
  return out;
}
