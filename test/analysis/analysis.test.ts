// analyzeDocument: one call from text to diagnostics and fixes, and never an exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument, INTERNAL_ERROR_CODE } from '../../server/src/analysis';

const NFT_WITH_INCLUDE = '#!/usr/sbin/nft -f\ninclude "defs.nft"\ntable inet filter {\n}\n';

test('an exception inside the analysis becomes a diagnostic, not a throw', () => {
  const analysis = analyzeDocument({
    uri: 'file:///work/fw.nft',
    text: NFT_WITH_INCLUDE,
    version: 7,
    settings: {},
    readInclude: () => {
      throw new Error('disk on fire');
    },
  });
  assert.equal(analysis.version, 7);
  assert.equal(analysis.kind?.dialect, 'nftables');
  assert.equal(analysis.diagnostics.length, 1);
  assert.equal(analysis.diagnostics[0].code, INTERNAL_ERROR_CODE);
  assert.match(analysis.diagnostics[0].message, /disk on fire/);
  assert.match(analysis.error ?? '', /disk on fire/);
});

test('a refused include is reported as information on the include', () => {
  const analysis = analyzeDocument({
    uri: 'file:///work/fw.nft',
    text: NFT_WITH_INCLUDE,
    version: 1,
    settings: {},
    readInclude: () => undefined,
    refusedIncludes: new Map([['defs.nft', 'outside the workspace folder']]),
  });
  const d = analysis.diagnostics.find((x) => x.code === 'include-not-followed');
  assert.ok(d, JSON.stringify(analysis.diagnostics));
  assert.equal(d.severity, 'information');
  assert.equal(d.range.start.line, 1);
});

test('settings turn a code off or change its severity, for front-end codes too', () => {
  const text = '*filter\n:INPUT DROP [0:0]\nnot a rule\nCOMMIT\n';
  const base = { uri: 'file:///work/rules.v4', text, version: 1 };
  assert.ok(analyzeDocument({ ...base, settings: {} }).diagnostics.some((d) => d.code === 'FW001' && d.severity === 'error'));
  assert.ok(!analyzeDocument({ ...base, settings: { checks: { FW001: { enabled: false } } } }).diagnostics.some((d) => d.code === 'FW001'));
  assert.ok(analyzeDocument({ ...base, settings: { checks: { FW001: { severity: 'hint' } } } }).diagnostics.some((d) => d.code === 'FW001' && d.severity === 'hint'));
});

test('diagnostic ids are distinct and findings carry their rendered fixes', () => {
  const text = '*filter\n:INPUT DROP [0:0]\n-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\n-A INPUT -p tcp --dport 21 -j ACCEPT\nCOMMIT\n';
  const analysis = analyzeDocument({ uri: 'file:///work/rules.v4', text, version: 1, settings: {} });
  const ids = analysis.diagnostics.map((d) => d.id);
  assert.equal(new Set(ids).size, ids.length);
  const ftp001 = analysis.diagnostics.find((d) => d.code === 'FTP001');
  assert.ok(ftp001, JSON.stringify(analysis.diagnostics));
  assert.ok(ftp001.fixes.some((f) => f.preferred && f.edits.length > 0));
});

test('a shell script without iptables commands is not analysed', () => {
  const analysis = analyzeDocument({ uri: 'file:///work/backup.sh', languageId: 'shellscript', text: '#!/bin/sh\ntar czf /tmp/x.tgz /etc\n', version: 1, settings: {} });
  assert.equal(analysis.kind, undefined);
  assert.deepEqual(analysis.diagnostics, []);
});
