// Neovim's built-in LSP client against `fwlint lsp --stdio`: the same
// diagnostics and code actions reach a second, unrelated editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './harness';

interface NvimDiagnostic {
  code?: string;
  message: string;
  range: { start: { line: number; character: number } };
}
interface NvimAction {
  title: string;
  kind?: string;
  edit?: unknown;
}
interface NvimResult {
  error?: string;
  diagnostics?: NvimDiagnostic[];
  actions?: NvimAction[][];
  hover?: Array<{ contents: unknown }>;
}

function nvimAvailable(): string | undefined {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'nvim is not installed (apt-get install neovim)';
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli.js'))) return 'dist/cli.js is missing (npm run build)';
  return undefined;
}

function runNeovim(fileName: string, text: string): NvimResult {
  const dir = mkdtempSync(join(tmpdir(), 'fwlint-nvim-'));
  try {
    const file = join(dir, fileName);
    const out = join(dir, 'result.json');
    writeFileSync(file, text);
    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(REPO_ROOT, 'test', 'editor', 'neovim-client.lua')}`], {
      env: {
        ...process.env,
        FWLINT_NVIM_OUT: out,
        FWLINT_NVIM_FILE: file,
        FWLINT_NVIM_CMD: JSON.stringify(['node', join(REPO_ROOT, 'bin', 'fwlint.js'), 'lsp', '--stdio']),
        XDG_STATE_HOME: dir,
        XDG_DATA_HOME: dir,
      },
      encoding: 'utf8',
      timeout: 90_000,
    });
    assert.ok(existsSync(out), `neovim wrote no result (exit ${run.status}, signal ${run.signal}): ${run.stderr}`);
    return JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const problem = nvimAvailable();

test('neovim receives fwlint diagnostics, a quick-fix and a hover for an nft file', { timeout: 120_000 }, (t) => {
  if (problem) {
    if (process.env.FWLINT_REQUIRE_EDITOR === '1') assert.fail(`editor suite required but cannot run: ${problem}`);
    t.skip(problem);
    return;
  }
  const ruleset = [
    '#!/usr/sbin/nft -f',
    'table inet filter {',
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy drop;',
    '\t\tct state established accept',
    '\t\ttcp dport 21 accept',
    '\t}',
    '}',
    '',
  ].join('\n');
  const result = runNeovim('server.nft', ruleset);
  assert.equal(result.error, undefined, result.error);
  const codes = (result.diagnostics ?? []).map((d) => d.code);
  assert.ok(codes.includes('FTP001'), `expected FTP001 passive-data-blocked, got ${codes.join(', ')}`);
  const ftp = (result.diagnostics ?? []).find((d) => d.code === 'FTP001');
  assert.equal(ftp?.range.start.line, 5, 'the finding sits on the port-21 rule');
  const actions = (result.actions ?? []).flat();
  assert.ok(actions.some((a) => a.kind === 'quickfix' && a.edit !== undefined), `expected a quick-fix with an edit, got ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok((result.hover ?? []).length > 0, 'hover answered');
});
