// Choosing which preferred fixes can be applied together. Shared by the CLI's
// `--fix` and the server's fix-all code action.
import type { AnalysedDiagnostic, TextEdit } from './analysis';
import { comparePositions } from './model/source';

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Touching edits and two insertions at one point also conflict: their order would be a guess.
  return comparePositions(a.range.start, b.range.end) <= 0 && comparePositions(b.range.start, a.range.end) <= 0;
}

/**
 * The edits of every diagnostic's preferred fix, skipping a fix that touches
 * text another chosen fix already changes (the next pass picks it up, as in
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
