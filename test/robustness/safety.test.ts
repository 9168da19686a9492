// fwlint reads rule files and never runs anything from them: no process, no
// evaluated code, includes only inside the workspace folder (or said why not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeDocument, INCLUDE_CODE } from '../../server/src/analysis';
import { createIncludeReader } from '../../server/src/workspace';
import { REPO_ROOT } from '../fuzz/harness';

const EXECUTING_IMPORT = /(from\s+|require\(\s*|import\(\s*)['"](node:)?(child_process|vm|worker_threads|cluster)['"]/;
const EVALUATING = /\beval\s*\(|\bnew\s+Function\s*\(/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('safety: no module of the server, CLI or extension starts processes or evaluates code', () => {
  const files = [...sourceFiles(path.join(REPO_ROOT, 'server/src')), ...sourceFiles(path.join(REPO_ROOT, 'client/src'))];
  assert.ok(files.length > 50, `found the sources (${files.length})`);
  const offenders = files.filter((f) => {
    const text = fs.readFileSync(f, 'utf8');
    return EXECUTING_IMPORT.test(text) || EVALUATING.test(text);
  });
  assert.deepEqual(offenders.map((f) => path.relative(REPO_ROOT, f)), []);
});

test('safety: the extension declares untrusted and virtual workspace support', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    capabilities?: { untrustedWorkspaces?: { supported?: unknown }; virtualWorkspaces?: unknown };
  };
  assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, true);
  assert.equal(manifest.capabilities?.virtualWorkspaces, true);
});

function workspace(): { root: string; outside: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'fwlint-safety-'));
  const root = path.join(base, 'ws');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(base, 'outside.nft'), 'define SECRET = 1\n');
  fs.writeFileSync(path.join(base, 'outside.conf'), 'secret = "1"\n');
  return { root, outside: base };
}

function analyse(root: string, file: string, text: string) {
  const uri = pathToFileURL(file).toString();
  const includes = createIncludeReader(root, uri);
  return analyzeDocument({ uri, path: file, text, version: 1, settings: {}, readInclude: includes.read, refusedIncludes: includes.refused });
}

test('safety: an include outside the workspace is not read, and the user is told', () => {
  const { root } = workspace();
  for (const [name, text] of [
    ['main.nft', 'include "../outside.nft"\ntable inet t {\nchain c {\ntcp dport 21 accept\n}\n}\n'],
    ['pf.conf', 'include "../outside.conf"\npass in proto tcp to port 21\n'],
  ]) {
    const file = path.join(root, name);
    fs.writeFileSync(file, text);
    const analysis = analyse(root, file, text);
    const note = analysis.diagnostics.find((d) => d.code === INCLUDE_CODE);
    assert.ok(note, `${name}: include-not-followed reported: ${JSON.stringify(analysis.diagnostics)}`);
    assert.match(note.message, /outside the workspace/);
    assert.equal(note.range.start.line, 0);
    assert.ok(analysis.frontend?.includes.every((i) => !i.resolved), `${name}: nothing outside was read`);
  }
});

test('safety: include cycles end, with the second visit refused and said', () => {
  const { root } = workspace();
  fs.writeFileSync(path.join(root, 'a.nft'), 'include "b.nft"\n');
  fs.writeFileSync(path.join(root, 'b.nft'), 'include "a.nft"\ninclude "b.nft"\n');
  const file = path.join(root, 'a.nft');
  const analysis = analyse(root, file, fs.readFileSync(file, 'utf8'));
  assert.ok(analysis.frontend, 'analysed');
  assert.ok(analysis.diagnostics.every((d) => d.code !== 'FW000'), JSON.stringify(analysis.diagnostics));
  const pfRoot = workspace().root;
  fs.writeFileSync(path.join(pfRoot, 'pf.conf'), 'include "/dev/null"\ninclude "pf.conf"\npass\n');
  const pf = analyse(pfRoot, path.join(pfRoot, 'pf.conf'), fs.readFileSync(path.join(pfRoot, 'pf.conf'), 'utf8'));
  const cycle = pf.diagnostics.find((d) => d.code === INCLUDE_CODE && /cycle/.test(d.message));
  assert.ok(cycle, `self-include refused as a cycle: ${JSON.stringify(pf.diagnostics)}`);
  assert.equal(cycle.range.start.line, 1);
});
