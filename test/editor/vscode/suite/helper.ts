// Opens a fixture and waits for fwlint's diagnostics on it (event-driven, no sleeps).
import * as path from 'node:path';
import * as vscode from 'vscode';

export const FIXTURES = path.resolve(__dirname, '../../../../../test/editor/vscode/fixtures');

export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const ext = vscode.extensions.getExtension('fwlint.fwlint');
  await ext?.activate();
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(FIXTURES, name)));
  await vscode.window.showTextDocument(doc);
  return doc;
}

export function waitForDiagnostics(uri: vscode.Uri, predicate: (d: readonly vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const current = vscode.languages.getDiagnostics(uri);
    if (predicate(current)) return resolve(current);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`diagnostics did not arrive within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const diags = vscode.languages.getDiagnostics(uri);
      if (predicate(diags)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(diags);
      }
    });
  });
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}
