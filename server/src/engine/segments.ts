// Splitting a question's port set at every boundary the relevant rules mention:
// inside one elementary segment every rule either matches all ports or none,
// so one representative port answers for the whole segment.
import { PortSet, type PortInterval } from '../model/ports';

/** Sorted, disjoint elementary segments of `space`, cut at the edges of every set in `sets`. */
export function elementarySegments(space: PortSet, sets: Iterable<PortSet>): PortInterval[] {
  const cutList: number[] = [];
  for (const s of sets) {
    for (const i of s.intervals) {
      cutList.push(i.lo, i.hi + 1);
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

/** The first and last segment index inside `[lo, hi]` (segments never straddle a rule's edge); undefined when none. */
export function segmentSpan(segments: readonly PortInterval[], lo: number, hi: number): [number, number] | undefined {
  let a = 0;
  let b = segments.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (segments[mid].hi < lo) a = mid + 1;
    else b = mid;
  }
  let last = a - 1;
  let x = a;
  let y = segments.length;
  while (x < y) {
    const mid = (x + y) >> 1;
    if (segments[mid].lo <= hi) x = mid + 1;
    else y = mid;
  }
  last = x - 1;
  return a <= last ? [a, last] : undefined;
}
