// The real server under load over stdio: newer edits win, fixes name the
// version they were computed for, and memory stays flat across 10,000 edits.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver/node';
import { LspTestClient, REPO_ROOT } from '../lsp/lspClient';

const EXAMPLE = path.join(REPO_ROOT, 'examples/iptables/ftp-server-no-passive-range.rules');
const SOAK_EDITS = 10_000;
const SOAK_BUDGET_MS = 90_000;

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)/.exec(status);
  assert.ok(m, 'VmRSS in /proc status');
  return Number(m[1]);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('server under load', () => {
  let client: LspTestClient;
  const text = fs.readFileSync(EXAMPLE, 'utf8');

  before(async () => {
    client = LspTestClient.start();
    await client.initialize(path.join(REPO_ROOT, 'examples'));
  });

  after(async () => {
    assert.equal(await client.stop(), 0, 'the server is still healthy and exits cleanly');
  });

  test('edits spread over several debounce windows: versions are published in order, the last one last', async () => {
    const uri = pathToFileURL(path.join(REPO_ROOT, 'examples/iptables/order.rules')).toString();
    await client.open(uri, 'iptables', text);
    let last = 1;
    for (let i = 0; i < 40; i++) {
      last = await client.change(uri, `${text}\n# edit ${i}\n`);
      // Some edits wait long enough for an analysis to start, most do not.
      if (i % 8 === 0) await sleep(230);
    }
    const final = await client.waitForDiagnostics(uri, (p) => p.version === last);
    assert.ok(final.diagnostics.some((d) => d.code === 'FTP001'));
    await sleep(500);
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version ?? -1);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `published in order: ${versions.join(',')}`);
    assert.equal(versions[versions.length - 1], last, 'nothing older is published after the newest');
  });

  test('a quick fix carries the version its diagnostics were computed for', async () => {
    const uri = pathToFileURL(path.join(REPO_ROOT, 'examples/iptables/versioned.rules')).toString();
    await client.open(uri, 'iptables', text);
    let version = 1;
    for (let i = 0; i < 5; i++) version = await client.change(uri, `# v${i}\n${text}`);
    const published = await client.waitForDiagnostics(uri, (p) => p.version === version);
    const ftp001 = published.diagnostics.find((d) => d.code === 'FTP001');
    assert.ok(ftp001);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: ftp001.range, context: { diagnostics: [ftp001] } });
    const change = actions.find((a) => a.isPreferred)?.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
    assert.ok(change, JSON.stringify(actions));
    assert.deepEqual(change.textDocument, { uri, version });
    // One more edit: the same diagnostic is now stale and its fix is refused.
    await client.change(uri, `${text}\n`);
    const stale = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: ftp001.range, context: { diagnostics: [ftp001] } });
    assert.deepEqual(stale, []);
  });

  test(`soak: ${SOAK_EDITS} edits of one document do not grow the server's memory`, { timeout: SOAK_BUDGET_MS + 30_000 }, async (t) => {
    const pid = client.pid;
    if (pid === undefined || !fs.existsSync(`/proc/${pid}/status`)) return t.skip('no /proc on this system');
    const uri = pathToFileURL(path.join(REPO_ROOT, 'examples/iptables/soak.rules')).toString();
    await client.open(uri, 'iptables', text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const before = rssKb(pid);
    const started = Date.now();
    let version = 1;
    let edits = 0;
    while (edits < SOAK_EDITS && Date.now() - started < SOAK_BUDGET_MS) {
      version = await client.change(uri, `${text}\n-A INPUT -p tcp --dport ${1000 + (edits % 5000)} -j ACCEPT\n`);
      edits++;
      // Let a full analysis run now and then, so the soak covers analysis as well as document sync.
      if (edits % 1000 === 0) await client.waitForDiagnostics(uri, (p) => p.version === version);
    }
    await client.waitForDiagnostics(uri, (p) => p.version === version);
    await sleep(1000);
    const afterKb = rssKb(pid);
    console.log(`# soak: ${edits} edits in ${Date.now() - started} ms, server RSS ${Math.round(before / 1024)} MB before, ${Math.round(afterKb / 1024)} MB after`);
    assert.ok(edits >= 1000, `at least 1000 edits within the budget (${edits})`);
    assert.ok(afterKb < Math.max(before * 2, before + 100 * 1024), `RSS ${before} kB -> ${afterKb} kB`);
  });
});
