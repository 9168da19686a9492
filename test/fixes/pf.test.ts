import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RuleSpec } from '../../server/src/checks/types';
import { PortSet } from '../../server/src/model/ports';
import { applyEdits, renderFix } from '../../server/src/fixes';
import { docFor, fixTwice, insert, lines, proposal, ruleAt } from './helpers';

const doc = docFor('pf', 'conf');

const passive: RuleSpec = {
  path: 'input', table: 'filter', protocol: 'tcp', dport: PortSet.range(50000, 50099), action: { kind: 'accept' }, comment: 'FTP passive data ports',
};

const server = lines(
  'ext_if = "em0"',
  'int_if = "em1"',
  'set skip on lo',
  'block in on $ext_if',
  'pass in on $ext_if proto tcp to port ftp',
  'block in on $ext_if proto tcp to port 50000:65535',
);

test('pf: a pass placed after the blocking rule wins by last match and reuses `on $ext_if`', () => {
  const { once, secondEdits } = fixTwice(server, doc, (t) => proposal(insert({ after: ruleAt(t, 'port 50000:65535') }, passive)));
  assert.equal(once, server + lines('# fwlint: FTP passive data ports', 'pass in on $ext_if proto tcp to port 50000:50099'));
  assert.equal(secondEdits, 0);
});

test('pf: a pass placed before the blocking rule is quick', () => {
  const out = applyEdits(server, renderFix(server, doc, proposal(insert({ before: ruleAt(server, 'port 50000:65535') }, passive))));
  assert.equal(out, server.replace('block in on $ext_if proto tcp to port 50000', '# fwlint: FTP passive data ports\npass in quick on $ext_if proto tcp to port 50000:50099\nblock in on $ext_if proto tcp to port 50000'));
});

test('pf: an interface named by a macro is written as the macro', () => {
  const spec: RuleSpec = { ...passive, inInterface: 'em1', dport: PortSet.of(21, { lo: 50000, hi: 50099 }) };
  const out = applyEdits(server, renderFix(server, doc, proposal(insert({ at: 'end' }, spec))));
  assert.ok(out.endsWith('pass in on $int_if proto tcp to port { 21 50000:50099 }\n'), out);
});

const proxy: RuleSpec[] = [
  { path: 'input', table: 'filter', protocol: 'tcp', action: { kind: 'anchor', name: 'ftp-proxy/*' }, comment: 'rules ftp-proxy adds for each session' },
  { path: 'input', table: 'filter', protocol: 'tcp', inInterface: 'em1', dport: PortSet.of(21), action: { kind: 'divert', address: '127.0.0.1', port: 8021 }, comment: 'send FTP control connections to ftp-proxy' },
];

test('pf: ftp-proxy in a new-style file: anchor and divert-to', () => {
  const { once, secondEdits } = fixTwice(server, doc, () => proposal(insert({ at: 'start' }, ...proxy)));
  assert.equal(
    once,
    lines(
      'ext_if = "em0"',
      'int_if = "em1"',
      'set skip on lo',
      '# fwlint: rules ftp-proxy adds for each session',
      'anchor "ftp-proxy/*"',
      '# fwlint: send FTP control connections to ftp-proxy',
      'pass in quick on $int_if inet proto tcp to port ftp divert-to 127.0.0.1 port 8021',
      'block in on $ext_if',
      'pass in on $ext_if proto tcp to port ftp',
      'block in on $ext_if proto tcp to port 50000:65535',
    ),
  );
  assert.equal(secondEdits, 0);
});

test('pf: ftp-proxy in an old-style file: nat-/rdr-anchor and rdr pass among the translation rules', () => {
  const text = lines('ext_if = "fxp0"', 'int_if = "fxp1"', 'nat on $ext_if from $int_if:network to any -> ($ext_if)', 'block in all', 'pass out keep state');
  const { once, secondEdits } = fixTwice(text, doc, () => proposal(insert({ at: 'start' }, ...proxy.map((p) => (p.inInterface ? { ...p, inInterface: 'fxp1' } : p)))));
  assert.equal(
    once,
    lines(
      'ext_if = "fxp0"',
      'int_if = "fxp1"',
      'nat on $ext_if from $int_if:network to any -> ($ext_if)',
      'nat-anchor "ftp-proxy/*"',
      'rdr-anchor "ftp-proxy/*"',
      '# fwlint: send FTP control connections to ftp-proxy',
      'rdr pass on $int_if proto tcp from any to any port ftp -> 127.0.0.1 port 8021',
      '# fwlint: rules ftp-proxy adds for each session',
      'anchor "ftp-proxy/*"',
      'block in all',
      'pass out keep state',
    ),
  );
  assert.equal(secondEdits, 0);
});

test('pf: replace-ports keeps a:b and only touches the destination port', () => {
  const text = lines('pass in proto tcp from any port 50000:50099 to any port 50000:50099');
  const fix = proposal({ kind: 'replace-ports', rule: ruleAt(text, 'pass in'), field: 'dport', from: PortSet.range(50000, 50099), to: PortSet.range(50000, 50255) });
  assert.equal(applyEdits(text, renderFix(text, doc, fix)), lines('pass in proto tcp from any port 50000:50099 to any port 50000:50255'));
});

test('pf: CRLF and a missing final newline are preserved', () => {
  const text = 'ext_if = "em0"\r\nblock in on $ext_if';
  const out = applyEdits(text, renderFix(text, doc, proposal(insert({ after: ruleAt(text, 'block in') }, passive))));
  assert.equal(out, 'ext_if = "em0"\r\nblock in on $ext_if\r\n# fwlint: FTP passive data ports\r\npass in on $ext_if proto tcp to port 50000:50099');
});

test('pf: a Linux helper assignment has no pf form and renders nothing', () => {
  const helper: RuleSpec = { path: 'prerouting', table: 'raw', protocol: 'tcp', dport: PortSet.of(21), action: { kind: 'ct-helper', helper: 'ftp' }, comment: 'helper' };
  assert.deepEqual(renderFix(server, doc, proposal(insert({ at: 'start' }, helper))), []);
});
