// Fixes open the passive range the FTP server really uses when its
// configuration sits beside the firewall rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fwlint, tempTree } from './run';

const RULES = ['*filter', ':INPUT DROP [0:0]', '-A INPUT -p tcp --dport 21 -j ACCEPT', 'COMMIT', ''].join('\n');

function preferredInsert(stdout: string): string {
  const report = JSON.parse(stdout) as { files: Array<{ diagnostics: Array<{ code: string; fixes: Array<{ preferred: boolean; edits: Array<{ newText: string }> }> }> }> };
  const finding = report.files[0].diagnostics.find((d) => d.code === 'FTP001');
  assert.ok(finding, 'FTP001 is reported');
  const fix = finding.fixes.find((f) => f.preferred);
  assert.ok(fix, 'a preferred fix is offered');
  return fix.edits.map((e) => e.newText).join('');
}

test('the passive range comes from vsftpd.conf under etc/', () => {
  const dir = tempTree({ 'rules.v4': RULES, 'etc/vsftpd.conf': 'pasv_enable=YES\npasv_min_port=40000\npasv_max_port=40999\n' });
  const r = fwlint(['check', '--format', 'json', 'rules.v4'], dir);
  assert.match(preferredInsert(r.stdout), /--dport 40000:40999/);
});

test('the passive range comes from proftpd.conf beside the rules', () => {
  const dir = tempTree({ 'rules.v4': RULES, 'proftpd.conf': 'PassivePorts 49152 49407\n' });
  const r = fwlint(['check', '--format', 'json', 'rules.v4'], dir);
  assert.match(preferredInsert(r.stdout), /--dport 49152:49407/);
});

test('an explicit passiveRange in .fwlint.json wins over the server configuration', () => {
  const dir = tempTree({
    'rules.v4': RULES,
    'vsftpd.conf': 'pasv_min_port=40000\npasv_max_port=40999\n',
    '.fwlint.json': JSON.stringify({ passiveRange: { lo: 60000, hi: 60499 } }),
  });
  const r = fwlint(['check', '--format', 'json', 'rules.v4'], dir);
  assert.match(preferredInsert(r.stdout), /--dport 60000:60499/);
});

test('without a server configuration the conventional 50000-50999 is proposed', () => {
  const dir = tempTree({ 'rules.v4': RULES });
  const r = fwlint(['check', '--format', 'json', 'rules.v4'], dir);
  assert.match(preferredInsert(r.stdout), /--dport 50000:50999/);
});

test('a firewall range that is not the one in vsftpd.conf is reported, and the fix opens the server range', () => {
  const opened = RULES.replace('COMMIT', '-A INPUT -p tcp --dport 50000:50999 -j ACCEPT\nCOMMIT');
  const matching = tempTree({ 'rules.v4': opened, 'vsftpd.conf': 'pasv_min_port=50000\npasv_max_port=50999\n' });
  assert.equal(fwlint(['check', 'rules.v4'], matching).status, 0, 'the range the server uses is open: nothing to report');
  const other = tempTree({ 'rules.v4': opened, 'vsftpd.conf': 'pasv_min_port=40000\npasv_max_port=40499\n' });
  const r = fwlint(['check', '--format', 'json', 'rules.v4'], other);
  assert.match(preferredInsert(r.stdout), /--dport 40000:40499/);
  // The message says where the range comes from.
  assert.match(r.stdout, /passive range 40000-40499 \([^)]*vsftpd\.conf\) is not/);
});

test('a file named etc where a folder is looked for is no configuration, and no failure', () => {
  // fw/etc/vsftpd.conf and the like are looked for first: under a file, not a folder.
  const dir = tempTree({ 'fw/rules.v4': RULES, 'fw/etc': 'not a folder\n', 'vsftpd.conf': 'pasv_min_port=40000\npasv_max_port=40999\n' });
  const r = fwlint(['check', '--format', 'json', 'fw/rules.v4'], dir);
  assert.match(preferredInsert(r.stdout), /--dport 40000:40999/);
});
