// PortSet: an immutable set of ports 0..65535 kept as sorted, disjoint,
// non-adjacent inclusive intervals. Negation, union and intersection are exact,
// so `! --dport 21`, `{ 21, 50000-50999 }` and pf's `<>`/`><` all lower to it.

export const MAX_PORT = 65535;

export interface PortInterval {
  readonly lo: number;
  readonly hi: number;
}

/** PortSet.single's sets, by port (at most 65,536, made as they are asked for). */
const SINGLE_PORTS = new Array<PortSet | undefined>(MAX_PORT + 1).fill(undefined);

export class PortSet {
  private constructor(readonly intervals: readonly PortInterval[]) {}

  static readonly EMPTY = new PortSet([]);
  static readonly ALL = new PortSet([{ lo: 0, hi: MAX_PORT }]);

  static of(...intervals: Array<PortInterval | number>): PortSet {
    return PortSet.fromIntervals(intervals.map((i) => (typeof i === 'number' ? { lo: i, hi: i } : i)));
  }

  /**
   * One port, `port` in 0..65535 (checked by the caller). Sets are immutable,
   * so each port's set is made once and shared by every rule that names it:
   * a large ruleset names the same ports again and again.
   */
  static single(port: number): PortSet {
    return (SINGLE_PORTS[port] ??= new PortSet([{ lo: port, hi: port }]));
  }

  static range(lo: number, hi: number): PortSet {
    return PortSet.fromIntervals([{ lo, hi }]);
  }

  static fromIntervals(input: readonly PortInterval[]): PortSet {
    // Already sorted, disjoint, non-adjacent and in range (an evaluator's merged cells): keep as is.
    if (isCanonical(input)) return new PortSet(input.slice());
    const clipped: PortInterval[] = [];
    let sorted = true;
    for (const i of input) {
      const lo = Math.max(0, Math.min(i.lo, i.hi));
      const hi = Math.min(MAX_PORT, Math.max(i.lo, i.hi));
      if (lo > MAX_PORT || hi < 0) continue;
      if (clipped.length > 0 && lo < clipped[clipped.length - 1].lo) sorted = false;
      clipped.push({ lo, hi });
    }
    if (!sorted) clipped.sort((a, b) => a.lo - b.lo);
    return new PortSet(mergeSorted(clipped));
  }

  /** The union of many sets at once: one sort, not one copy per set (folding `union` over n sets is quadratic). */
  static unionAll(sets: Iterable<PortSet>): PortSet {
    const intervals: PortInterval[] = [];
    for (const set of sets) for (const i of set.intervals) intervals.push(i);
    intervals.sort((a, b) => a.lo - b.lo);
    return new PortSet(mergeSorted(intervals));
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  isAll(): boolean {
    return this.intervals.length === 1 && this.intervals[0].lo === 0 && this.intervals[0].hi === MAX_PORT;
  }

  size(): number {
    return this.intervals.reduce((n, i) => n + i.hi - i.lo + 1, 0);
  }

  /** Every port in the set, in ascending order. */
  *values(): IterableIterator<number> {
    for (const i of this.intervals) for (let port = i.lo; port <= i.hi; port++) yield port;
  }

  has(port: number): boolean {
    let lo = 0;
    let hi = this.intervals.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const i = this.intervals[mid];
      if (port < i.lo) hi = mid - 1;
      else if (port > i.hi) lo = mid + 1;
      else return true;
    }
    return false;
  }

  union(other: PortSet): PortSet {
    if (other.intervals.length === 0) return this;
    if (this.intervals.length === 0) return other;
    // Both lists are sorted: merge them in one pass.
    const a = this.intervals;
    const b = other.intervals;
    const both: PortInterval[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) both.push(j >= b.length || (i < a.length && a[i].lo <= b[j].lo) ? a[i++] : b[j++]);
    return new PortSet(mergeSorted(both));
  }

  complement(): PortSet {
    const out: PortInterval[] = [];
    let next = 0;
    for (const i of this.intervals) {
      if (i.lo > next) out.push({ lo: next, hi: i.lo - 1 });
      next = i.hi + 1;
    }
    if (next <= MAX_PORT) out.push({ lo: next, hi: MAX_PORT });
    return new PortSet(out);
  }

  intersect(other: PortSet): PortSet {
    const out: PortInterval[] = [];
    let a = 0;
    let b = 0;
    while (a < this.intervals.length && b < other.intervals.length) {
      const x = this.intervals[a];
      const y = other.intervals[b];
      const lo = Math.max(x.lo, y.lo);
      const hi = Math.min(x.hi, y.hi);
      if (lo <= hi) out.push({ lo, hi });
      if (x.hi < y.hi) a++;
      else b++;
    }
    return new PortSet(out);
  }

  subtract(other: PortSet): PortSet {
    return this.intersect(other.complement());
  }

  covers(other: PortSet): boolean {
    return other.subtract(this).isEmpty();
  }

  overlaps(other: PortSet): boolean {
    return !this.intersect(other).isEmpty();
  }

  equals(other: PortSet): boolean {
    return (
      this.intervals.length === other.intervals.length &&
      this.intervals.every((i, k) => i.lo === other.intervals[k].lo && i.hi === other.intervals[k].hi)
    );
  }

  /** Written the way people read ports: `21`, `50000-50999`, `21, 8080`. */
  toString(): string {
    if (this.isEmpty()) return '(none)';
    if (this.isAll()) return 'any';
    return this.intervals.map((i) => (i.lo === i.hi ? `${i.lo}` : `${i.lo}-${i.hi}`)).join(', ');
  }
}

function isCanonical(intervals: readonly PortInterval[]): boolean {
  let next = 0;
  for (const i of intervals) {
    if (!(i.lo >= next && i.lo <= i.hi && i.hi <= MAX_PORT)) return false;
    next = i.hi + 2;
  }
  return true;
}

/** Joins overlapping and adjacent intervals of a list sorted by `lo`. */
function mergeSorted(sorted: readonly PortInterval[]): PortInterval[] {
  const merged: PortInterval[] = [];
  for (const i of sorted) {
    const last = merged[merged.length - 1];
    if (last && i.lo <= last.hi + 1) {
      if (i.hi > last.hi) merged[merged.length - 1] = { lo: last.lo, hi: i.hi };
    } else {
      merged.push(i);
    }
  }
  return merged;
}

/** Well-known ephemeral ranges, for hovers and for the configurable "high ports" assumption. */
export const EPHEMERAL_RANGES: ReadonlyArray<{ name: string; lo: number; hi: number }> = [
  { name: 'IANA dynamic ports (RFC 6335), Windows Vista+, macOS', lo: 49152, hi: 65535 },
  { name: 'Linux default net.ipv4.ip_local_port_range', lo: 32768, hi: 60999 },
  { name: 'FreeBSD default portrange', lo: 10000, hi: 65535 },
  { name: 'OpenBSD default portrange', lo: 1024, hi: 49151 },
  { name: 'Windows XP/2003', lo: 1025, hi: 5000 },
];
