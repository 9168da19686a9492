// Splitting a question's port set at every boundary the relevant rules mention:
// inside one elementary segment every rule either matches all ports or none,
// so one representative port answers for the whole segment.
import { MAX_PORT, PortSet, type PortInterval } from '../model/ports';

/** Sorted, disjoint elementary segments of `space`, cut at the edges of every set in `sets`. */
export function elementarySegments(space: PortSet, sets: Iterable<PortSet>): PortInterval[] {
  if (space.isEmpty()) return [];
  // Only edges strictly inside the question's hull can cut it.
  const min = space.intervals[0].lo;
  const max = space.intervals[space.intervals.length - 1].hi;
  const cutList: number[] = [];
  for (const s of sets) {
    for (const i of s.intervals) {
      if (i.lo > min && i.lo <= max) cutList.push(i.lo);
      if (i.hi >= min && i.hi < max) cutList.push(i.hi + 1);
    }
  }
  const cuts = Int32Array.from(cutList).sort();
  const out: PortInterval[] = [];
  let c = 0;
  for (const i of space.intervals) {
    while (c < cuts.length && cuts[c] <= i.lo) c++;
    let lo = i.lo;
    while (c < cuts.length && cuts[c] <= i.hi) {
      if (cuts[c] > lo) {
        out.push({ lo, hi: cuts[c] - 1 });
        lo = cuts[c];
      }
      c++;
    }
    out.push({ lo, hi: i.hi });
  }
  return out;
}

/**
 * The edges of many port sets, sorted once, for cutting several questions'
 * port sets the way elementarySegments does (an evaluator asks a handful of
 * questions of the same rules).
 */
export class PortCuts {
  /** Every port where a set starts or the port after one ends, ascending, without repeats. */
  private readonly cuts: Int32Array;

  private constructor(cuts: Int32Array) {
    this.cuts = cuts;
  }

  /** The edges of every set in `sets`. */
  static of(sets: Iterable<PortSet>): PortCuts {
    const marks = new CutMarks();
    for (const s of sets) for (const i of s.intervals) marks.add(i.lo, i.hi);
    return marks.cuts();
  }

  /** The `n` cuts at the ports 1..MAX_PORT marked 1 in `marked` (indexed by port). */
  static fromMarks(marked: Uint8Array, n: number): PortCuts {
    const cuts = new Int32Array(n);
    let c = 0;
    for (let p = 1; p <= MAX_PORT && c < n; p++) if (marked[p] === 1) cuts[c++] = p;
    return new PortCuts(cuts);
  }

  /** Sorted, disjoint elementary segments of `space`: elementarySegments(space, sets). */
  segments(space: PortSet): PortInterval[] {
    const cuts = this.cuts;
    const out: PortInterval[] = [];
    for (const i of space.intervals) {
      // The first cut strictly inside the interval.
      let a = 0;
      let b = cuts.length;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (cuts[mid] <= i.lo) a = mid + 1;
        else b = mid;
      }
      let lo = i.lo;
      for (let c = a; c < cuts.length && cuts[c] <= i.hi; c++) {
        out.push({ lo, hi: cuts[c] - 1 });
        lo = cuts[c];
      }
      out.push({ lo, hi: i.hi });
    }
    return out;
  }
}

/**
 * The edges of port intervals, marked port by port: marking and reading them
 * back in order is cheaper than sorting thousands of edges.
 */
export class CutMarks {
  private readonly marked = new Uint8Array(MAX_PORT + 1);
  private n = 0;

  /** Cuts where `lo..hi` starts and after it ends. */
  add(lo: number, hi: number): void {
    if (lo > 0 && this.marked[lo] === 0) {
      this.marked[lo] = 1;
      this.n++;
    }
    if (hi < MAX_PORT && this.marked[hi + 1] === 0) {
      this.marked[hi + 1] = 1;
      this.n++;
    }
  }

  cuts(): PortCuts {
    return PortCuts.fromMarks(this.marked, this.n);
  }
}

/** Index of the segment holding `port`, or -1. */
export function segmentIndex(segments: readonly PortInterval[], port: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid];
    if (port < s.lo) hi = mid - 1;
    else if (port > s.hi) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Index of the first segment that ends at or after `port` (segments.length when none). */
export function firstSegmentFrom(segments: readonly PortInterval[], port: number): number {
  let a = 0;
  let b = segments.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (segments[mid].hi < port) a = mid + 1;
    else b = mid;
  }
  return a;
}

/** Index of the last segment that starts at or before `port` (-1 when none). */
export function lastSegmentUpTo(segments: readonly PortInterval[], port: number): number {
  let a = 0;
  let b = segments.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (segments[mid].lo <= port) a = mid + 1;
    else b = mid;
  }
  return a - 1;
}
