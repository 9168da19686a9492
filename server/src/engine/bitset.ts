// A fixed-size bit set with a summary level, so "the next set bit at or after
// k" costs O(n / 1024) at worst instead of O(n): the evaluator asks it for the
// next rule of a chain that can match the current port segment.

export class Bitset {
  private readonly words: Uint32Array;
  /** Bit w is set when words[w] is non-zero. */
  private readonly summary: Uint32Array;

  constructor(readonly size: number) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(size / 32)));
    this.summary = new Uint32Array(Math.max(1, Math.ceil(this.words.length / 32)));
  }

  set(i: number): void {
    const w = i >>> 5;
    this.words[w] |= 1 << (i & 31);
    this.summary[w >>> 5] |= 1 << (w & 31);
  }

  clear(i: number): void {
    const w = i >>> 5;
    this.words[w] &= ~(1 << (i & 31));
    if (this.words[w] === 0) this.summary[w >>> 5] &= ~(1 << (w & 31));
  }

  clearAll(): void {
    this.words.fill(0);
    this.summary.fill(0);
  }

  /** The smallest set index >= from, or -1. */
  next(from: number): number {
    if (from >= this.size) return -1;
    let w = from >>> 5;
    const first = this.words[w] & (~0 << (from & 31));
    if (first !== 0) return (w << 5) + lowestBit(first);
    w++;
    let s = w >>> 5;
    if (s >= this.summary.length) return -1;
    let bits = this.summary[s] & (w & 31 ? ~0 << (w & 31) : ~0);
    for (;;) {
      if (bits !== 0) {
        const word = (s << 5) + lowestBit(bits);
        return (word << 5) + lowestBit(this.words[word]);
      }
      s++;
      if (s >= this.summary.length) return -1;
      bits = this.summary[s];
    }
  }
}

function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}
