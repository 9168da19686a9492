// Random one-line edits of a document and the parts of an analysis that an
// edit may change, for the property tests that compare an analysis reusing
// the document's memo with a fresh one.
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/analysis';
import { FrontendMemo } from '../../server/src/dialects/memo';
import type { FrontendResult } from '../../server/src/dialects/frontend';
import type { SymbolReference } from '../../server/src/model/symbols';

export type LineEdit = { kind: 'replace' | 'insert' | 'delete'; at: number; text: string };

/** Replacing, inserting or deleting one line (`at` wraps around the document). */
export function lineEdit(lineText: fc.Arbitrary<string>): fc.Arbitrary<LineEdit> {
  return fc.record({ kind: fc.constantFrom('replace', 'insert', 'delete'), at: fc.nat(), text: lineText }) as fc.Arbitrary<LineEdit>;
}

export function applyEdit(lines: readonly string[], e: LineEdit): string[] {
  const out = [...lines];
  const at = out.length === 0 ? 0 : e.at % out.length;
  if (e.kind === 'replace' && out.length > 0) out[at] = e.text;
  else if (e.kind === 'delete' && out.length > 0) out.splice(at, 1);
  else out.splice(at, 0, e.text);
  return out;
}

/**
 * A symbol reference as its readers see it: its fields. A front end may give
 * a reference whose range is worked out when read (a macro use of a statement
 * that moved), where a fresh analysis gives a plain object.
 */
export function referenceView(r: SymbolReference): SymbolReference {
  return { kind: r.kind, name: r.name, range: { start: { ...r.range.start }, end: { ...r.range.end } }, ...(r.container !== undefined ? { container: r.container } : {}) };
}

/** A front end's result with its references as their readers see them (see referenceView). */
export function frontendView(result: FrontendResult): FrontendResult {
  return { ...result, references: result.references.map(referenceView) };
}

/** What the analysis of `path` reports, with the memo when given. */
export function analysedParts(path: string, text: string, memo?: FrontendMemo) {
  const a = analyzeDocument({ uri: `file://${path}`, path, text, version: 1, settings: {}, ...(memo && { memo }) });
  return {
    ruleset: a.frontend?.ruleset,
    references: a.frontend?.references.map(referenceView),
    definitions: a.frontend?.definitions,
    includes: a.frontend?.includes,
    diagnostics: a.diagnostics.map((d) => ({ code: d.code, message: d.message, range: d.range, related: d.related })),
    // in the order the front end reported them (the list above is sorted by position)
    frontendDiagnostics: a.frontend?.diagnostics,
  };
}

/**
 * Analyses `base` with a fresh memo (then lets `inUse` check that the memo
 * holds something), applies the edits one at a time, and asserts that each
 * analysis with the memo deep-equals a fresh one.
 */
export function assertMemoMatchesFresh<E>(
  base: readonly string[],
  edits: readonly E[],
  apply: (lines: readonly string[], e: E) => readonly string[],
  analyse: (text: string, memo?: FrontendMemo) => unknown,
  inUse: (memo: FrontendMemo) => void,
  lineBreak = '\n',
): void {
  const memo = new FrontendMemo();
  let lines = base;
  analyse(lines.join(lineBreak), memo);
  inUse(memo);
  for (const e of edits) {
    lines = apply(lines, e);
    const text = lines.join(lineBreak);
    assert.deepEqual(analyse(text, memo), analyse(text), `after ${JSON.stringify(e)}:\n${text}`);
  }
}
