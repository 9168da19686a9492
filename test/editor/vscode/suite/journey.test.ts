// Diagnostics, hover and quick-fix through VS Code's own provider commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, openFixture, waitForDiagnostics } from './helper';

const CASES: Array<{ file: string; code: string; line: number }> = [
  { file: 'server.rules', code: 'FTP001', line: 8 },
  { file: 'server.nft', code: 'FTP009', line: 7 },
  { file: 'pf.conf', code: 'FTP010', line: 3 },
];

suite('fwlint in VS Code', () => {
  for (const c of CASES) {
    test(`${c.file}: ${c.code} on line ${c.line + 1}, hover and quick-fix`, async () => {
      const doc = await openFixture(c.file);
      const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === c.code));
      const finding = diags.find((d) => codeOf(d) === c.code);
      assert.ok(finding);
      assert.equal(finding.range.start.line, c.line);

      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, finding.range.start);
      assert.ok(hovers.length > 0, 'hover answered');

      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, finding.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.isPreferred) ?? actions[0];
      assert.ok(fix?.edit, 'a quick-fix with an edit is offered');
      const before = doc.getText();
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.notEqual(doc.getText(), before);
      await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === c.code));
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });
  }
});
