// Quick fixes from the findings' rendered fixes, and `source.fixAll.fwlint`.
// Every edit names the document version it was computed for, so the editor
// refuses a fix that no longer fits the text.
import {
  CodeActionKind,
  TextDocumentEdit,
  type CodeAction,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { DocumentAnalysis, TextEdit } from '../analysis';
import { preferredFixEdits } from '../preferredFixes';
import { isDiagnosticData } from './convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.fwlint`;

function versionedEdit(uri: string, version: number, edits: readonly TextEdit[]): WorkspaceEdit {
  return { documentChanges: [TextDocumentEdit.create({ uri, version }, [...edits])] };
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function codeActions(
  analysis: DocumentAnalysis,
  diagnostics: readonly Diagnostic[],
  only: readonly string[] | undefined,
): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const diagnostic of diagnostics) {
      const data: unknown = diagnostic.data;
      // A diagnostic from an older version describes text that is gone.
      if (diagnostic.source !== 'fwlint' || !isDiagnosticData(data) || data.version !== analysis.version) continue;
      const found = analysis.diagnostics.find((d) => d.id === data.id && d.code === diagnostic.code);
      for (const fix of found?.fixes ?? []) {
        actions.push({
          title: fix.safety === 'unsafe' ? `${fix.title} (review: changes what is allowed)` : fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred,
          edit: versionedEdit(analysis.uri, analysis.version, fix.edits),
        });
      }
    }
  }
  if (wants(only, FIX_ALL_KIND) && only !== undefined) {
    const edits = preferredFixEdits(analysis.diagnostics);
    if (edits.length > 0) {
      actions.push({ title: 'fwlint: fix all auto-fixable problems', kind: FIX_ALL_KIND, edit: versionedEdit(analysis.uri, analysis.version, edits) });
    }
  }
  return actions;
}
