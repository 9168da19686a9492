// Indexed chain views for answering a question over whole port ranges.
//
// The question's sport x dport space is cut into elementary segments at every
// edge the chains' entries mention. One axis (the one with more segments) is
// swept: as the sweep enters a segment, the entries whose port set starts
// there are switched on in their chain's bit set and those that ended are
// switched off. A walk then jumps straight to the next entry that can match
// (Bitset.next), so the cost per segment is the number of rules that actually
// take part, not the chain's length. Total cost: O(entries x outer segments +
// port-set edges + segments x rules visited).
import type { PortInterval, PortSet } from '../model/ports';
import { Bitset } from './bitset';
import type { ChainView, Entry } from './first-match';
import { elementarySegments, firstSegmentFrom, lastSegmentUpTo } from './segments';

export type Axis = 'sport' | 'dport';

/** The bit set of a view without entries: nothing is ever set in it. */
const NO_ENTRIES = new Bitset(0);

export class SweptView implements ChainView {
  readonly active: Bitset;
  readonly skipped: Bitset;
  readonly hasSkipped: boolean;

  constructor(
    readonly chain: ChainView['chain'],
    readonly entries: readonly Entry[],
  ) {
    // A chain may have no entry for a question (a base chain whose rules all name other ports): such chains share one empty set.
    this.active = entries.length > 0 ? new Bitset(entries.length) : NO_ENTRIES;
    this.skipped = entries.length > 0 ? new Bitset(entries.length) : NO_ENTRIES;
    this.hasSkipped = entries.some((e) => e.mode === 'skip-uncertain');
  }

  next(from: number): number {
    return this.active.next(from);
  }

  skippedBetween(from: number, to: number): boolean {
    if (!this.hasSkipped) return false;
    const s = this.skipped.next(from);
    return s >= 0 && s < to;
  }

  setEntry(i: number, on: boolean): void {
    const bits = this.entries[i].mode === 'skip-uncertain' ? this.skipped : this.active;
    if (on) bits.set(i);
    else bits.clear(i);
  }
}

/** Sweeps the views over the question's ports and calls `visit` once per elementary cell. */
export function sweepPorts(
  views: readonly SweptView[],
  sport: PortSet,
  dport: PortSet,
  visit: (sport: PortInterval, dport: PortInterval) => void,
): void {
  const sportSets: PortSet[] = [];
  const dportSets: PortSet[] = [];
  for (const v of views) {
    for (const e of v.entries) {
      if (e.sport) sportSets.push(e.sport);
      if (e.dport) dportSets.push(e.dport);
    }
  }
  const sportSegs = elementarySegments(sport, sportSets);
  const dportSegs = elementarySegments(dport, dportSets);
  if (sportSegs.length === 0 || dportSegs.length === 0) return;
  const swept: Axis = dportSegs.length >= sportSegs.length ? 'dport' : 'sport';
  const outerAxis: Axis = swept === 'dport' ? 'sport' : 'dport';
  const sweepSegs = swept === 'dport' ? dportSegs : sportSegs;
  const outerSegs = swept === 'dport' ? sportSegs : dportSegs;

  // Events: at sweep segment i, switch entries on or off. Spans are computed
  // once into flat arrays, then bucketed by segment (no per-event objects).
  let intervals = 0;
  for (const v of views) {
    for (const e of v.entries) intervals += (swept === 'dport' ? e.dport : e.sport)?.intervals.length ?? 0;
  }
  const spanFirst = new Int32Array(intervals);
  const spanLast = new Int32Array(intervals);
  const spanView = new Int32Array(intervals);
  const spanEntry = new Int32Array(intervals);
  let spans = 0;
  const counts = new Int32Array(sweepSegs.length + 1);
  for (let vi = 0; vi < views.length; vi++) {
    const entries = views[vi].entries;
    for (let ei = 0; ei < entries.length; ei++) {
      const set = swept === 'dport' ? entries[ei].dport : entries[ei].sport;
      if (!set) continue;
      for (const iv of set.intervals) {
        // Segments never straddle an entry's edge, so the interval is exactly segments first..last.
        const first = firstSegmentFrom(sweepSegs, iv.lo);
        const last = lastSegmentUpTo(sweepSegs, iv.hi);
        if (first > last) continue;
        spanFirst[spans] = first;
        spanLast[spans] = last;
        spanView[spans] = vi;
        spanEntry[spans] = ei;
        spans++;
        counts[first]++;
        counts[last + 1]++;
      }
    }
  }
  const start = new Int32Array(sweepSegs.length + 2);
  for (let i = 0; i <= sweepSegs.length; i++) start[i + 1] = start[i] + counts[i];
  const total = start[sweepSegs.length + 1];
  const fill = start.slice(0, sweepSegs.length + 1);
  const evView = new Int32Array(total);
  const evEntry = new Int32Array(total);
  const evOn = new Uint8Array(total);
  for (let k = 0; k < spans; k++) {
    let at = fill[spanFirst[k]]++;
    evView[at] = spanView[k];
    evEntry[at] = spanEntry[k];
    evOn[at] = 1;
    at = fill[spanLast[k] + 1]++;
    evView[at] = spanView[k];
    evEntry[at] = spanEntry[k];
  }

  const eligible = views.map((v) => new Uint8Array(v.entries.length));
  for (const outer of outerSegs) {
    const rep = outer.lo;
    for (let vi = 0; vi < views.length; vi++) {
      const v = views[vi];
      v.active.clearAll();
      v.skipped.clearAll();
      const ok = eligible[vi];
      for (let ei = 0; ei < v.entries.length; ei++) {
        const e = v.entries[ei];
        const o = outerAxis === 'dport' ? e.dport : e.sport;
        ok[ei] = o === undefined || o.has(rep) ? 1 : 0;
        if (ok[ei] && (swept === 'dport' ? e.dport : e.sport) === undefined) v.setEntry(ei, true);
      }
    }
    for (let i = 0; i < sweepSegs.length; i++) {
      for (let at = start[i]; at < start[i + 1]; at++) {
        const vi = evView[at];
        if (eligible[vi][evEntry[at]]) views[vi].setEntry(evEntry[at], evOn[at] === 1);
      }
      if (swept === 'dport') visit(outer, sweepSegs[i]);
      else visit(sweepSegs[i], outer);
    }
  }
}

