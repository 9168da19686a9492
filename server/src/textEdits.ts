// Applying text edits to a string, and choosing which preferred fixes can be
// applied together. Shared by the CLI's `--fix` and the server's fix-all action.
import type { AnalysedDiagnostic, TextEdit } from './analysis';
import { comparePositions, type Position } from './model/source';

/** Offsets of each line start, so positions convert in O(log n). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function offsetAt(starts: readonly number[], text: string, p: Position): number {
  if (p.line >= starts.length) return text.length;
  const lineEnd = p.line + 1 < starts.length ? starts[p.line + 1] - 1 : text.length;
  return Math.min(starts[p.line] + p.character, lineEnd);
}

/** Applies non-overlapping edits (as LSP defines them: all ranges refer to the original text). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStarts(text);
  const sorted = edits
    .map((e, order) => ({ from: offsetAt(starts, text, e.range.start), to: offsetAt(starts, text, e.range.end), newText: e.newText, order }))
    .sort((a, b) => b.from - a.from || b.order - a.order);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.from) + e.newText + out.slice(e.to);
  return out;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at one point also conflict: their order would be a guess.
  return comparePositions(a.range.start, b.range.end) <= 0 && comparePositions(b.range.start, a.range.end) <= 0;
}

/**
 * The edits of every diagnostic's preferred fix, skipping a fix that touches
 * text another chosen fix already changes (the next run picks it up, as in
 * eslint's multi-pass fixing).
 */
export function preferredFixEdits(diagnostics: readonly AnalysedDiagnostic[]): TextEdit[] {
  const chosen: TextEdit[] = [];
  for (const d of diagnostics) {
    const fix = d.fixes.find((f) => f.preferred);
    if (!fix || fix.edits.length === 0) continue;
    if (fix.edits.some((e) => chosen.some((c) => overlaps(c, e)))) continue;
    chosen.push(...fix.edits);
  }
  return chosen;
}
