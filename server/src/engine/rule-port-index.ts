// Rules of one list indexed by destination port, so a question about a few
// ports, or one port cell, touches the rules without a destination port plus
// those whose ports hold it, not the whole list. Positions are indexes into the
// list the index was built from, always ascending (rule order).
import { PortSet, type PortInterval } from '../model/ports';
import { elementarySegments, segmentIndex } from './segments';

const NONE: readonly number[] = [];

export class RulePortIndex {
  /** Positions of the rules without a destination port: they take part everywhere. */
  readonly anyPort: readonly number[];
  private readonly size: number;
  private readonly segments: readonly PortInterval[];
  /** For each segment, the positions of the rules whose destination ports hold it. */
  private readonly bySegment: readonly number[][];

  constructor(dports: ReadonlyArray<PortSet | undefined>) {
    this.size = dports.length;
    const anyPort: number[] = [];
    const sets: PortSet[] = [];
    dports.forEach((d, k) => (d ? sets.push(d) : anyPort.push(k)));
    this.anyPort = anyPort;
    this.segments = elementarySegments(PortSet.ALL, sets);
    const bySegment: number[][] = this.segments.map(() => []);
    dports.forEach((d, k) => {
      for (const iv of d?.intervals ?? []) {
        // Segments are cut at every edge: the interval is exactly the segments from its start to its end.
        for (let s = segmentIndex(this.segments, iv.lo); s >= 0 && s < this.segments.length && this.segments[s].lo <= iv.hi; s++) bySegment[s].push(k);
      }
    });
    this.bySegment = bySegment;
  }

  /** Positions of the rules with a destination port holding `port` (not the port-less ones). */
  withPort(port: number): readonly number[] {
    const s = segmentIndex(this.segments, port);
    return s < 0 ? NONE : this.bySegment[s];
  }

  /** Positions of the rules with a destination port overlapping `ports` (not the port-less ones). */
  withPorts(ports: PortSet): number[] {
    // Narrow questions touch a few segments: gather, sort and drop repeats
    // rather than marking an array as long as the chain.
    const out: number[] = [];
    for (const iv of ports.intervals) {
      for (let s = segmentIndex(this.segments, iv.lo); s >= 0 && s < this.segments.length && this.segments[s].lo <= iv.hi; s++) {
        for (const k of this.bySegment[s]) out.push(k);
      }
    }
    if (out.length < 2) return out;
    out.sort((a, b) => a - b);
    let n = 1;
    for (let i = 1; i < out.length; i++) if (out[i] !== out[n - 1]) out[n++] = out[i];
    out.length = n;
    return out;
  }

  /** Positions of every rule that may match some port of `ports` (port-less ones included). */
  overlapping(ports: PortSet): number[] {
    const seen = new Uint8Array(this.size);
    for (const k of this.anyPort) seen[k] = 1;
    for (const iv of ports.intervals) {
      for (let s = segmentIndex(this.segments, iv.lo); s >= 0 && s < this.segments.length && this.segments[s].lo <= iv.hi; s++) {
        for (const k of this.bySegment[s]) seen[k] = 1;
      }
    }
    const out: number[] = [];
    for (let k = 0; k < this.size; k++) if (seen[k] === 1) out.push(k);
    return out;
  }
}
