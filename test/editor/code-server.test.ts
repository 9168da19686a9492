/// <reference lib="dom" />
// The user journey in a real VS Code (code-server) driven in chromium:
// squiggle, Problems entry with its code, hover, Ctrl+. quick-fix, fix applied,
// problem gone. Screenshots of every step go to test-artifacts/editor/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorText, missingPrerequisite, openEditor, openFile, type EditorSession } from './harness';

const SERVER_RULES = [
  '# FTP server 198.51.100.10: control port open, passive range forgotten',
  '*filter',
  ':INPUT DROP [0:0]',
  ':FORWARD DROP [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  '-A INPUT -i lo -j ACCEPT',
  '-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT',
  '-A INPUT -p tcp --dport 22 -j ACCEPT',
  '-A INPUT -p tcp --dport 21 -j ACCEPT',
  'COMMIT',
  '',
].join('\n');

const FTP_RULE = '--dport 21';

const problem = missingPrerequisite();
const required = process.env.FWLINT_REQUIRE_EDITOR === '1';

test('code-server: squiggle, Problems entry, hover and quick-fix on an iptables-save file', { timeout: 240_000 }, async (t) => {
  if (problem) {
    if (required) assert.fail(`editor suite required but cannot run: ${problem}`);
    t.skip(problem);
    return;
  }
  let session: EditorSession | undefined;
  try {
    session = await openEditor({ 'rules.v4': SERVER_RULES });
    const { page } = session;
    await session.screenshot('01-workbench');

    await openFile(page, 'rules.v4');
    // The language mode in the status bar shows the extension recognised the file.
    await page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: /iptables/i }).waitFor({ timeout: 30_000 });

    const squiggle = page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').first();
    await squiggle.waitFor({ timeout: 60_000 });
    await session.screenshot('02-squiggle');

    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel .monaco-list-row');
    await markers.filter({ hasText: 'FTP001' }).first().waitFor({ timeout: 30_000 });
    const problemsText = await page.locator('.markers-panel').innerText();
    assert.match(problemsText, /FTP001/);
    assert.match(problemsText, /passive/i);
    // The entry points at the port-21 rule: line 9 of the file.
    const ftpEntry = await markers.filter({ hasText: 'FTP001' }).first().innerText();
    assert.match(ftpEntry, /Ln 9, Col 1/);
    await session.screenshot('03-problems-panel');

    // Hover over the port-21 rule (the text, not the squiggle layer under it): the finding's explanation appears.
    const ftpLine = page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: FTP_RULE }).first();
    const box = await ftpLine.boundingBox();
    assert.ok(box, 'the port-21 line is on screen');
    await page.mouse.move(box.x + 60, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover-content', { hasText: /passive/i }).first();
    await hover.waitFor({ timeout: 30_000 });
    assert.match(await hover.innerText(), /FTP001/);
    await session.screenshot('04-hover');

    // Put the cursor on the rule and ask for quick-fixes with Ctrl+.
    await page.keyboard.press('Escape');
    await page.mouse.click(box.x + 60, box.y + box.height / 2);
    // Move the pointer off the text: a hover opening under it would take the keystroke.
    await page.mouse.move(5, box.y + 300);
    await page.waitForTimeout(1_000);
    const action = page.locator('.action-widget .monaco-list-row').filter({ hasText: /passive|PASV|50000/i }).first();
    for (let attempt = 0; attempt < 3 && !(await action.isVisible()); attempt++) {
      await page.keyboard.press('Control+Period');
      await action.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await action.waitFor({ timeout: 30_000 });
    await session.screenshot('05-quick-fix-menu');
    await action.click();

    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('.editor-group-container.active .view-line')).some((l) => /50000/.test(l.textContent ?? '')),
      undefined,
      { timeout: 30_000 },
    );
    assert.match(await editorText(page), /50000/);
    await session.screenshot('06-fix-applied');

    // Save and check the finding is gone from the Problems panel.
    await page.keyboard.press('Control+S');
    await page.waitForFunction(
      () => !Array.from(document.querySelectorAll('.markers-panel .monaco-list-row')).some((r) => /FTP001/.test(r.textContent ?? '')),
      undefined,
      { timeout: 30_000 },
    );
    await session.screenshot('07-problem-gone');
    // Saving is asynchronous: wait until the file on disk has the fix.
    const file = join(session.workspace, 'rules.v4');
    const deadline = Date.now() + 15_000;
    while (!/50000/.test(readFileSync(file, 'utf8')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const saved = readFileSync(file, 'utf8');
    assert.match(saved, /-A INPUT -p tcp --dport 21 -j ACCEPT/, 'the user line is kept');
    assert.match(saved, /50000/, 'the passive range is accepted');
  } finally {
    await session?.close();
  }
});
