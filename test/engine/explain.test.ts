import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainRule } from '../../server/src/explain/explain-rule';
import { explainPort } from '../../server/src/explain/explain-port';
import { RulesetBuilder, iptablesFilter } from './build';

test('explainRule: an accept of new connections to 21 on input', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  const r = b.rule(INPUT, { proto: 'tcp', dport: '21', state: ['new'] }, 'accept');
  const text = explainRule(r, b.build());
  assert.match(text, /^Accepts NEW TCP connections to port 21 \(ftp\) from any address on input\./);
  assert.match(text, /Rule 1 of base chain `INPUT` \(table `filter`, family `ip`\): filter chain on the \*\*input\*\* hook at priority 0 \(filter\); policy \*\*drop\*\*/);
  assert.match(text, /FTP control to a server on this host: \*\*lets through\*\*/);
});

test('explainRule: a passive range, active data from port 20, RELATED with helper', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT, OUTPUT } = iptablesFilter(b);
  const pasv = b.rule(INPUT, { proto: 'tcp', dport: '50000-50999' }, 'accept');
  const active = b.rule(OUTPUT, { proto: 'tcp', sport: '20' }, 'drop');
  const related = b.rule(INPUT, { state: ['established', 'related'], ctHelper: 'ftp' }, 'accept');
  const rs = b.build();
  assert.match(explainRule(pasv, rs), /Passive-mode data to a server on this host whose PASV range lies in ports 50000-50999: \*\*lets through\*\*/);
  assert.match(explainRule(active, rs), /Active-mode data from a server on this host \(port 20\) to clients: \*\*blocks\*\*/);
  const rel = explainRule(related, rs);
  assert.match(rel, /^Accepts ESTABLISHED and RELATED packets/);
  assert.match(rel, /RELATED connections of the `ftp` helper/);
});

test('explainRule: helper assignment, and nft at priority raw has no effect', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  const raw = b.chain('pre', { base: { hook: 'prerouting', priority: -300 } });
  const r = b.rule(raw, { proto: 'tcp', dport: '21', helper: 'ftp-standard' }, 'continue');
  const text = explainRule(r, b.build());
  assert.match(text, /^Assigns the `ftp-standard` conntrack helper to TCP packets to port 21 \(ftp\)/);
  assert.match(text, /\*\*No effect:\*\* `ct helper set` at priority -300 runs before connection tracking/);
  assert.match(text, /PORT\/PASV commands are tracked/);
});

test('explainRule: DNAT of the control port warns about the passive range', () => {
  const b = new RulesetBuilder('iptables');
  const pre = b.chain('PREROUTING', { table: 'nat', base: { hook: 'prerouting', type: 'nat', priority: -100 } });
  const r = b.rule(pre, { proto: 'tcp', dport: '21', dnat: { address: '10.0.0.2' } }, 'accept');
  const text = explainRule(r, b.build());
  assert.match(text, /^Forwards \(destination NAT\) TCP packets to port 21 \(ftp\) from any address to 10\.0\.0\.2 on prerouting\./);
  assert.match(text, /Passive data needs the server's PASV range forwarded too/);
});

test('explainRule: pf quick and last-match notes', () => {
  const b = new RulesetBuilder('pf');
  const f = b.chain('filter', { base: { hook: 'pf-filter' } });
  const quick = b.rule(f, { dir: 'in', proto: 'tcp', dport: '21', quick: true, iif: 'em0' }, 'accept');
  const plain = b.rule(f, { dir: 'in' }, 'drop');
  const rs = b.build();
  const q = explainRule(quick, rs);
  assert.match(q, /^Passes TCP packets to port 21 \(ftp\) from any address inbound arriving on `em0`\./);
  assert.match(q, /this rule is `quick`: when it matches, evaluation stops here/);
  const p = explainRule(plain, rs);
  assert.match(p, /^Blocks packets from any address inbound\./);
  assert.match(p, /a later matching rule overrides it/);
  assert.match(p, /Matches every port: \*\*blocks\*\* FTP control/);
});

test('explainRule: uninterpreted conditions come last; a broad allow from port 20 is called out', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b);
  const limited = b.rule(INPUT, { proto: 'tcp', dport: '21', opaque: ['-m limit --limit 5/min'] }, 'accept');
  const broad = b.rule(INPUT, { proto: 'tcp', sport: '20', dport: '1024-65535' }, 'accept');
  const rs = b.build();
  assert.match(explainRule(limited, rs), /on input, when `-m limit --limit 5\/min` also holds \(not interpreted by fwlint\)\./);
  assert.match(explainRule(broad, rs), /Anyone sending from port 20 also reaches every other service listening on ports 1024-65535/);
});

test('explainRule: user chains name their callers; jumps say they come back', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b);
  const ftp = b.chain('FTP');
  const orphan = b.chain('UNUSED');
  const jump = b.rule(INPUT, { proto: 'tcp' }, { jump: 'FTP' });
  const inner = b.rule(ftp, { proto: 'tcp', dport: '21' }, 'accept');
  const lonely = b.rule(orphan, {}, 'drop');
  const rs = b.build();
  assert.match(explainRule(jump, rs), /to chain `FTP`, and back here if that chain does not decide/);
  assert.match(explainRule(inner, rs), /on input\./);
  assert.match(explainRule(inner, rs), /reached from `INPUT`/);
  assert.match(explainRule(lonely, rs), /never runs/);
});

test('explainRule: accept in one of several base chains is not final', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  const a = b.chain('a', { base: { hook: 'input', priority: 0 } });
  b.chain('b', { base: { hook: 'input', priority: 10 } });
  const r = b.rule(a, { dport: '21' }, 'accept');
  assert.match(explainRule(r, b.build()), /An accept ends only this base chain: the packet still meets `b` \(priority 10\)/);
});

test('explainPort: service name, ephemeral ranges and FTP role', () => {
  const p21 = explainPort(21);
  assert.match(p21, /\*\*Port 21\*\* — `ftp`/);
  assert.match(p21, /FTP control connections/);
  const p50000 = explainPort(50000);
  assert.match(p50000, /49152-65535/);
  assert.match(p50000, /32768-60999/);
  assert.doesNotMatch(p50000, /1024-49151/);
  assert.match(p50000, /passive \(PASV\) range/);
  assert.match(explainPort(20), /Active-mode FTP data/);
  assert.match(explainPort(8080), /`http-alt`/);
});
