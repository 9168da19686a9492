// Converts string offsets into LSP positions (zero-based line, UTF-16 column).
// JavaScript strings are UTF-16, so a column is simply the offset from the
// start of the line.
import type { Position, Range } from '../../model/source';

export class LineMap {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** Offset of the end of the line holding `offset` (before any `\r\n`). */
  lineEnd(offset: number): number {
    let i = offset;
    while (i < this.text.length && this.text.charCodeAt(i) !== 10) i++;
    if (i > offset && this.text.charCodeAt(i - 1) === 13) i--;
    return i;
  }
}
