// The packaged extension (fwlint.vsix, built by `npm run package` before the
// tests run): small, self-contained, and holding only what VS Code needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const VSIX = path.join(REPO_ROOT, 'fwlint.vsix');
const MAX_VSIX_BYTES = 1024 * 1024;

interface ZipEntry {
  readonly name: string;
  readonly size: number;
}

/** Lists a zip archive from its central directory (a .vsix is a zip). */
function listZip(data: Buffer): ZipEntry[] {
  const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
  const CENTRAL_FILE_HEADER = 0x02014b50;
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'the .vsix is a zip archive');
  const count = data.readUInt16LE(eocd + 10);
  let p = data.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    assert.equal(data.readUInt32LE(p), CENTRAL_FILE_HEADER);
    const size = data.readUInt32LE(p + 24);
    const nameLength = data.readUInt16LE(p + 28);
    const extraLength = data.readUInt16LE(p + 30);
    const commentLength = data.readUInt16LE(p + 32);
    entries.push({ name: data.toString('utf8', p + 46, p + 46 + nameLength), size });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

test('fwlint.vsix is small and holds only the bundles, grammars, configuration and docs', (t) => {
  if (!fs.existsSync(VSIX)) {
    assert.fail('fwlint.vsix is missing: run `npm run package` first (npm test does)');
  }
  const data = fs.readFileSync(VSIX);
  assert.ok(data.length < MAX_VSIX_BYTES, `fwlint.vsix is ${data.length} bytes`);
  const files = listZip(data)
    .map((e) => e.name)
    .filter((n) => n.startsWith('extension/'))
    .map((n) => n.slice('extension/'.length))
    .sort();
  t.diagnostic(`fwlint.vsix: ${data.length} bytes, ${files.length} files`);
  const allowed = /^(dist\/(client|server)\.js|syntaxes\/(iptables|nftables|pf)\.tmLanguage\.json|docs\/checks\/[A-Z]+\d+\.md|language-configuration\.json|package\.json|readme\.md|README\.md|LICENSE(\.txt)?)$/;
  assert.deepEqual(files.filter((f) => !allowed.test(f)), [], 'nothing else is shipped (no node_modules, no sources, no maps)');
  for (const needed of ['dist/client.js', 'dist/server.js', 'package.json', 'language-configuration.json']) {
    assert.ok(files.includes(needed), `${needed} is shipped`);
  }
  for (const dialect of ['iptables', 'nftables', 'pf']) {
    assert.ok(files.includes(`syntaxes/${dialect}.tmLanguage.json`), `the ${dialect} grammar is shipped`);
  }
  // Diagnostics link to these pages, so they open offline in the editor.
  assert.ok(files.includes('docs/checks/FTP001.md'), 'the check documentation is shipped');
});

test('the manifest registers every language, grammar and activation event', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    activationEvents: string[];
    contributes: { languages: Array<{ id: string; configuration: string }>; grammars: Array<{ language: string; scopeName: string; path: string }> };
  };
  assert.deepEqual(pkg.contributes.languages.map((l) => l.id), ['iptables', 'nftables', 'pf']);
  assert.deepEqual(
    pkg.contributes.grammars.map((g) => [g.language, g.scopeName]),
    [['iptables', 'source.iptables'], ['nftables', 'source.nftables'], ['pf', 'source.pf']],
  );
  for (const g of pkg.contributes.grammars) assert.ok(fs.existsSync(path.join(REPO_ROOT, g.path)), `${g.path} exists`);
  for (const l of pkg.contributes.languages) assert.ok(fs.existsSync(path.join(REPO_ROOT, l.configuration)));
  assert.deepEqual(pkg.activationEvents.sort(), ['onLanguage:iptables', 'onLanguage:nftables', 'onLanguage:pf', 'onLanguage:shellscript']);
});
