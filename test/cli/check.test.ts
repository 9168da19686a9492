// `fwlint check`: exit codes, the three output formats, dialect selection,
// directory search, configuration and unreadable input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fwlint, REPO_ROOT, tempTree } from './run';

const BAD_NFT = '#!/usr/sbin/nft -f\ntable inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t\tnot a statement\n\t}\n}\n';
const GOOD_NFT = BAD_NFT.replace('\t\tnot a statement\n', '');
const BAD_LINE = 4;

interface JsonReport {
  files: Array<{
    path: string;
    dialect: string;
    diagnostics: Array<{
      code: string;
      severity: string;
      message: string;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      fixes: Array<{ title: string; preferred: boolean; edits: Array<{ range: unknown; newText: string }> }>;
    }>;
  }>;
}

function json(stdout: string): JsonReport {
  return JSON.parse(stdout) as JsonReport;
}

describe('exit codes', () => {
  test('0 and a summary when nothing is found', () => {
    const dir = tempTree({ 'good.nft': GOOD_NFT });
    const r = fwlint(['check', 'good.nft'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /no problems found in 1 file/);
  });

  test('1 when findings remain', () => {
    const dir = tempTree({ 'bad.nft': BAD_NFT });
    assert.equal(fwlint(['check', 'bad.nft'], dir).status, 1);
  });

  test('2 on usage errors', () => {
    for (const args of [['check'], ['check', '--format', 'xml', 'a.nft'], ['check', '--dialect', 'ipfw', 'a.nft'], ['check', '--frobnicate', 'a.nft'], ['lint']]) {
      const r = fwlint(args);
      assert.equal(r.status, 2, `fwlint ${args.join(' ')}`);
      assert.match(r.stderr, /usage: fwlint check/);
    }
  });

  test('2 on a missing path, and the other files are still checked', () => {
    const dir = tempTree({ 'bad.nft': BAD_NFT });
    const r = fwlint(['check', '--format', 'json', 'missing.rules', 'bad.nft'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /missing\.rules: no such file/);
    assert.deepEqual(json(r.stdout).files.map((f) => f.path), ['bad.nft']);
  });

  test('2 on a path that cannot be read', () => {
    const dir = tempTree({ 'plain.nft': GOOD_NFT });
    // A file used as a directory: unreadable for every user, root included.
    const r = fwlint(['check', 'plain.nft/rules.v4'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /plain\.nft\/rules\.v4: /);
  });

  test('a directory named like a firewall file is searched, not read', () => {
    const dir = tempTree({ 'pf.conf': 'pass in all\n' });
    fs.mkdirSync(path.join(dir, 'rules.v4'));
    fs.writeFileSync(path.join(dir, 'rules.v4', 'x'), 'not a firewall file\n');
    const r = fwlint(['check', '--format', 'json', '.'], dir);
    // A directory named like a firewall file is searched, not read.
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(json(r.stdout).files.map((f) => f.path), ['pf.conf']);
  });
});

describe('output formats', () => {
  test('text: path:line:col: severity CODE message', () => {
    const dir = tempTree({ 'bad.nft': BAD_NFT });
    const r = fwlint(['check', 'bad.nft'], dir);
    const line = r.stdout.split('\n').find((l) => l.includes(' FW001 '));
    assert.ok(line, r.stdout);
    assert.match(line, new RegExp(`^bad\\.nft:${BAD_LINE + 1}:\\d+: error FW001 \\S`));
  });

  test('json: exactly the documented shape, zero-based positions', () => {
    const dir = tempTree({ 'bad.nft': BAD_NFT });
    const report = json(fwlint(['check', '--format', 'json', 'bad.nft'], dir).stdout);
    assert.deepEqual(Object.keys(report), ['files']);
    const [file] = report.files;
    assert.deepEqual(Object.keys(file), ['path', 'dialect', 'diagnostics']);
    assert.equal(file.path, 'bad.nft');
    assert.equal(file.dialect, 'nftables');
    const d = file.diagnostics.find((x) => x.code === 'FW001');
    assert.ok(d);
    assert.deepEqual(Object.keys(d), ['code', 'severity', 'message', 'range', 'fixes']);
    assert.equal(d.range.start.line, BAD_LINE);
    assert.ok(d.range.end.line >= d.range.start.line);
    assert.ok(Array.isArray(d.fixes));
  });

  test('sarif: 2.1.0 with a rule (and its help link) for every result', () => {
    const dir = tempTree({ 'bad.nft': BAD_NFT });
    const r = fwlint(['check', '--format', 'sarif', 'bad.nft'], dir);
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; helpUri?: string }> } };
        results: Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }>;
      }>;
    };
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'fwlint');
    const result = run.results.find((x) => x.ruleId === 'FW001');
    assert.ok(result, r.stdout);
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'FW001');
    assert.match(run.tool.driver.rules[result.ruleIndex].helpUri ?? '', /FW001/);
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'bad.nft');
    assert.equal(result.locations[0].physicalLocation.region.startLine, BAD_LINE + 1, 'SARIF lines are one-based');
  });
});

describe('dialects and files', () => {
  test('an unrecognised file needs --dialect, which then decides', () => {
    const dir = tempTree({ 'notes.txt': 'hello world\n' });
    const without = fwlint(['check', 'notes.txt'], dir);
    assert.equal(without.status, 2);
    assert.match(without.stderr, /--dialect/);
    const withDialect = fwlint(['check', '--format', 'json', '--dialect', 'pf', 'notes.txt'], dir);
    const report = json(withDialect.stdout);
    assert.equal(report.files[0].dialect, 'pf');
    assert.equal(withDialect.status, 1, 'the line is not pf');
    assert.ok(report.files[0].diagnostics.some((d) => d.code === 'FW001' && d.range.start.line === 0));
  });

  test('--dialect overrides the file name', () => {
    const dir = tempTree({ 'firewall.rules': GOOD_NFT });
    const report = json(fwlint(['check', '--format', 'json', '--dialect', 'nftables', 'firewall.rules'], dir).stdout);
    assert.equal(report.files[0].dialect, 'nftables');
    assert.deepEqual(report.files[0].diagnostics, []);
  });

  test('directories are searched for recognised files only', () => {
    const dir = tempTree({
      'etc/nftables.conf': GOOD_NFT,
      'etc/iptables/rules.v4': '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n',
      'etc/pf.anchors/ftp': 'anchor "ftp-proxy/*"\n',
      'etc/firewall.sh': '#!/bin/sh\niptables -P INPUT DROP\n',
      'etc/backup.sh': '#!/bin/sh\ntar czf /tmp/b.tgz /etc\n',
      'etc/notes.txt': 'nothing to see\n',
      'etc/by-content': '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n',
      'node_modules/x/rules.v4': '*filter\nCOMMIT\n',
    });
    const report = json(fwlint(['check', '--format', 'json', 'etc'], dir).stdout);
    const found = Object.fromEntries(report.files.map((f) => [f.path, f.dialect]));
    assert.deepEqual(found, {
      [path.join('etc', 'by-content')]: 'iptables',
      [path.join('etc', 'firewall.sh')]: 'iptables',
      [path.join('etc', 'iptables', 'rules.v4')]: 'iptables',
      [path.join('etc', 'nftables.conf')]: 'nftables',
      [path.join('etc', 'pf.anchors', 'ftp')]: 'pf',
    });
  });

  test('.fwlint.json beside the file configures the checks', () => {
    const dir = tempTree({ 'site/bad.nft': BAD_NFT, 'site/.fwlint.json': JSON.stringify({ checks: { FW001: { enabled: false } } }) });
    const r = fwlint(['check', 'site/bad.nft'], dir);
    assert.equal(r.status, 0, r.stdout);
    const plain = fwlint(['check', 'bad.nft'], tempTree({ 'bad.nft': BAD_NFT }));
    assert.equal(plain.status, 1, 'without the file the finding is reported');
  });

  test('.fwlint.json changes a severity', () => {
    const dir = tempTree({ 'bad.nft': BAD_NFT, '.fwlint.json': JSON.stringify({ checks: { FW001: { severity: 'hint' } } }) });
    const report = json(fwlint(['check', '--format', 'json', 'bad.nft'], dir).stdout);
    assert.ok(report.files[0].diagnostics.some((d) => d.code === 'FW001' && d.severity === 'hint'));
  });

  test('the bundled examples are all recognised', () => {
    const report = json(fwlint(['check', '--format', 'json', 'examples']).stdout);
    const dialects = report.files.map((f) => f.dialect).sort();
    assert.deepEqual([...new Set(dialects)], ['iptables', 'nftables', 'pf']);
    assert.ok(report.files.some((f) => f.path.endsWith('.sh')), 'the shell example is checked');
    assert.equal(report.files.length, fs.readdirSync(path.join(REPO_ROOT, 'examples'), { recursive: true }).filter((p) => /\.(rules|nft|pf|sh)$/.test(String(p))).length);
  });
});

describe('the bundled examples', () => {
  const intended: Record<string, string[]> = {
    'iptables/ftp-server-no-passive-range.rules': ['FTP001'],
    'iptables/ftp-server.rules': [],
    'iptables/nat-gateway-forwards-only-21.rules': ['FTP002'],
    'nftables/ftp-helper-without-related.nft': ['FTP009'],
    'nftables/ftp-server-with-helper.nft': [],
    'pf/gateway-ftp-proxy-missing-divert.pf': ['FTP010'],
    'pf/gateway-ftp-proxy.pf': [],
    'shell/ftp-server-firewall.sh': [],
  };

  for (const [file, codes] of Object.entries(intended)) {
    test(`${file}: ${codes.length === 0 ? 'no findings' : `raises ${codes.join(', ')}`}`, () => {
      const r = fwlint(['check', '--format', 'json', path.join('examples', file)]);
      const found = new Set(json(r.stdout).files[0].diagnostics.map((d) => d.code));
      for (const code of codes) assert.ok(found.has(code), `${code} in ${[...found].join(', ')}`);
      assert.ok(![...found].some((c) => c.startsWith('FW')), `no syntax or reference errors: ${[...found].join(', ')}`);
      if (codes.length === 0) assert.equal(r.status, 0, r.stdout);
    });
  }

  test('--fix repairs the examples in place without dropping a line, and a second run finds nothing', () => {
    const files = Object.fromEntries(Object.keys(intended).map((f) => [f, fs.readFileSync(path.join(REPO_ROOT, 'examples', f), 'utf8')]));
    const dir = tempTree(files);
    const fixed = fwlint(['check', '--fix', '.'], dir);
    assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
    for (const [file, before] of Object.entries(files)) {
      const after = fs.readFileSync(path.join(dir, file), 'utf8');
      if (intended[file].length === 0) assert.equal(after, before, `${file} had nothing to fix`);
      else assert.notEqual(after, before, `${file} was changed`);
      const afterLines = after.split('\n');
      let k = 0;
      for (const line of before.split('\n')) {
        k = afterLines.indexOf(line, k);
        assert.ok(k >= 0, `${file} keeps "${line}" in order`);
        k++;
      }
    }
    assert.equal(fwlint(['check', '.'], dir).status, 0);
  });
});
