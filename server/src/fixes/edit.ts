// Text edits in LSP shape (zero-based lines, UTF-16 columns) and their
// application. Kept free of the LSP library so the CLI and tests share it.
import type { Position, Range } from '../model/source';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Offset of a position in `text`; positions past a line's end clamp to it. */
export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  if (lineEnd > offset && text[lineEnd - 1] === '\r') lineEnd--;
  return Math.min(offset + position.character, lineEnd);
}

/**
 * Applies non-overlapping edits. They are applied back to front so earlier
 * offsets stay valid; edits at the same point keep their given order.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const resolved = edits
    .map((edit, index) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), index, newText: edit.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
  for (let k = 1; k < resolved.length; k++) {
    if (resolved[k].start < resolved[k - 1].end) throw new Error('applyEdits: overlapping edits');
  }
  let out = text;
  for (let k = resolved.length - 1; k >= 0; k--) {
    const e = resolved[k];
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  }
  return out;
}
