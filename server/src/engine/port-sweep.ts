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
import { elementarySegments, segmentSpan } from './segments';

export type Axis = 'sport' | 'dport';

export class SweptView implements ChainView {
  readonly active: Bitset;
  readonly skipped: Bitset;
  readonly hasSkipped: boolean;

  constructor(
    readonly chain: ChainView['chain'],
    readonly entries: readonly Entry[],
  ) {
    this.active = new Bitset(entries.length);
    this.skipped = new Bitset(entries.length);
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
  const allSets = (axis: Axis): PortSet[] => {
    const out: PortSet[] = [];
    for (const v of views) for (const e of v.entries) {
      const s = e.rule.match[axis];
      if (s) out.push(s);
    }
    return out;
  };
  const sportSegs = elementarySegments(sport, allSets('sport'));
  const dportSegs = elementarySegments(dport, allSets('dport'));
  if (sportSegs.length === 0 || dportSegs.length === 0) return;
  const swept: Axis = dportSegs.length >= sportSegs.length ? 'dport' : 'sport';
  const outerAxis: Axis = swept === 'dport' ? 'sport' : 'dport';
  const sweepSegs = swept === 'dport' ? dportSegs : sportSegs;
  const outerSegs = swept === 'dport' ? sportSegs : dportSegs;

  // Events: at sweep segment i, switch entries on (+) or off (-). Stored flat, bucketed by segment.
  const counts = new Int32Array(sweepSegs.length + 1);
  const pending: Array<[number, number, number, boolean]> = [];
  views.forEach((v, vi) => {
    v.entries.forEach((e, ei) => {
      const set = e.rule.match[swept];
      if (!set) return;
      for (const iv of set.intervals) {
        const span = segmentSpan(sweepSegs, iv.lo, iv.hi);
        if (!span) continue;
        pending.push([span[0], vi, ei, true], [span[1] + 1, vi, ei, false]);
        counts[span[0]]++;
        counts[span[1] + 1]++;
      }
    });
  });
  const start = new Int32Array(sweepSegs.length + 2);
  for (let i = 0; i <= sweepSegs.length; i++) start[i + 1] = start[i] + counts[i];
  const fill = start.slice(0, sweepSegs.length + 1);
  const evView = new Int32Array(pending.length);
  const evEntry = new Int32Array(pending.length);
  const evOn = new Uint8Array(pending.length);
  for (const [seg, vi, ei, on] of pending) {
    const at = fill[seg]++;
    evView[at] = vi;
    evEntry[at] = ei;
    evOn[at] = on ? 1 : 0;
  }

  const eligible = views.map((v) => new Uint8Array(v.entries.length));
  for (const outer of outerSegs) {
    const rep = outer.lo;
    views.forEach((v, vi) => {
      v.active.clearAll();
      v.skipped.clearAll();
      const ok = eligible[vi];
      v.entries.forEach((e, ei) => {
        const o = e.rule.match[outerAxis];
        ok[ei] = o === undefined || o.has(rep) ? 1 : 0;
        if (ok[ei] && e.rule.match[swept] === undefined) v.setEntry(ei, true);
      });
    });
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
