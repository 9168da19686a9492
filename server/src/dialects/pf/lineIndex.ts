// Offsets to LSP positions (UTF-16 columns, as JavaScript strings index).
import type { Position, Range } from '../../model/source';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) this.starts.push(nl + 1);
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: offset - this.starts[line] };
  }

  /** Positions are mostly asked for in document order: the line of the previous answer is tried first. */
  private lastLine = 0;

  lineOf(offset: number): number {
    const starts = this.starts;
    const last = this.lastLine;
    if (starts[last] <= offset && (last + 1 === starts.length || offset < starts[last + 1])) return last;
    // or the next line, when reading goes on from one line to the next
    if (last + 1 < starts.length && starts[last + 1] <= offset && (last + 2 === starts.length || offset < starts[last + 2])) {
      this.lastLine = last + 1;
      return last + 1;
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return lo;
  }

  offset(p: Position): number {
    const start = this.starts[Math.min(p.line, this.starts.length - 1)] ?? 0;
    return Math.min(start + p.character, this.text.length);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** Offset where the line holding `offset` ends (before its newline). */
  lineEnd(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    return nl < 0 ? this.text.length : nl;
  }
}
