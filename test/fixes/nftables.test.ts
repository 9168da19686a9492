import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RuleSpec } from '../../server/src/checks/types';
import { PortSet } from '../../server/src/model/ports';
import { applyEdits, renderFix } from '../../server/src/fixes';
import { docFor, fixTwice, insert, lines, proposal, ruleAt } from './helpers';

const doc = docFor('nftables', 'block');

const passive: RuleSpec = {
  path: 'input', table: 'filter', protocol: 'tcp', dport: PortSet.range(50000, 50099), action: { kind: 'accept' }, comment: 'FTP passive data ports',
};
const helper: RuleSpec = {
  path: 'prerouting', table: 'raw', protocol: 'tcp', dport: PortSet.of(21), action: { kind: 'ct-helper', helper: 'ftp' }, comment: 'FTP conntrack helper',
};

const server = lines(
  '#!/usr/sbin/nft -f',
  'flush ruleset',
  '',
  'table inet filter {',
  '\tchain input {',
  '\t\ttype filter hook input priority filter; policy drop;',
  '\t\tiif "lo" accept',
  '\t\tct state established,related accept',
  '\t\ttcp dport 21 accept',
  '\t\tmeta l4proto tcp reject with tcp reset',
  '\t}',
  '}',
);

test('nft: accept inserted above the shadowing rule with the chain\'s tab indentation, no semicolons like the file', () => {
  const { once, secondEdits } = fixTwice(server, doc, (t) => proposal(insert({ before: ruleAt(t, 'reject with') }, passive)));
  assert.equal(once, server.replace('\t\tmeta l4proto', '\t\t# fwlint: FTP passive data ports\n\t\ttcp dport 50000-50099 accept\n\t\tmeta l4proto'));
  assert.equal(secondEdits, 0);
});

test('nft: helper assignment declares ftp-standard and a prerouting chain at priority filter', () => {
  const { once, secondEdits } = fixTwice(server, doc, () => proposal(insert({ at: 'start' }, helper)));
  assert.equal(
    once,
    lines(
      '#!/usr/sbin/nft -f',
      'flush ruleset',
      '',
      'table inet filter {',
      '\tct helper ftp-standard {',
      '\t\ttype "ftp" protocol tcp;',
      '\t}',
      '\tchain input {',
      '\t\ttype filter hook input priority filter; policy drop;',
      '\t\tiif "lo" accept',
      '\t\tct state established,related accept',
      '\t\ttcp dport 21 accept',
      '\t\tmeta l4proto tcp reject with tcp reset',
      '\t}',
      '\tchain fwlint-ftp-helper {',
      '\t\ttype filter hook prerouting priority filter; policy accept;',
      '\t\t# fwlint: FTP conntrack helper',
      '\t\ttcp dport 21 ct helper set "ftp-standard"',
      '\t}',
      '}',
    ),
  );
  assert.ok(!once.includes('priority raw'));
  assert.equal(secondEdits, 0);
});

test('nft: an existing helper object is reused, a raw-priority prerouting chain is passed over', () => {
  const text = lines(
    'table ip fw {',
    '    ct helper my-ftp {',
    '        type "ftp" protocol tcp;',
    '    }',
    '    chain pre {',
    '        type filter hook prerouting priority raw; policy accept;',
    '        ip saddr 192.0.2.0/24 notrack;',
    '    }',
    '    chain mangle_pre {',
    '        type filter hook prerouting priority mangle; policy accept;',
    '        meta mark 1 accept;',
    '    }',
    '}',
  );
  const { once, secondEdits } = fixTwice(text, doc, () => proposal(insert({ at: 'start' }, helper)));
  assert.equal(
    once,
    text.replace(
      '        meta mark 1 accept;',
      '        # fwlint: FTP conntrack helper\n        tcp dport 21 ct helper set "my-ftp";\n        meta mark 1 accept;',
    ),
  );
  assert.equal(secondEdits, 0);
});

test('nft: `accept; }` on one line gets the brace moved, never `accept }`', () => {
  const text = lines('table inet f {', '  chain input { type filter hook input priority 0; policy drop;', '    tcp dport 21 accept; }', '}');
  const out = applyEdits(text, renderFix(text, doc, proposal(insert({ at: 'end' }, passive))));
  assert.equal(out, lines('table inet f {', '  chain input { type filter hook input priority 0; policy drop;', '    tcp dport 21 accept;', '    # fwlint: FTP passive data ports', '    tcp dport 50000-50099 accept;', '  }', '}'));
  assert.ok(!/accept\s*}/.test(out));
});

test('nft: two rules before one shared closing brace become one edit', () => {
  const text = lines('table inet f {', '  chain input { type filter hook input priority 0; policy drop;', '    tcp dport 21 accept; }', '}');
  const active: RuleSpec = { ...passive, sport: PortSet.of(20), dport: PortSet.range(1024, 65535), comment: 'active data' };
  const out = applyEdits(text, renderFix(text, doc, proposal(insert({ at: 'end' }, passive), insert({ at: 'end' }, active))));
  assert.equal(
    out,
    lines('table inet f {', '  chain input { type filter hook input priority 0; policy drop;', '    tcp dport 21 accept;', '    # fwlint: FTP passive data ports', '    tcp dport 50000-50099 accept;', '    # fwlint: active data', '    tcp sport 20 tcp dport 1024-65535 accept;', '  }', '}'),
  );
});

test('nft: a DNAT with no nat chain in the file gets its own prerouting nat chain', () => {
  const text = lines('table ip fw {', '	chain forward {', '		type filter hook forward priority filter; policy drop;', '	}', '}');
  const dnat: RuleSpec = { path: 'prerouting', table: 'nat', protocol: 'tcp', dport: PortSet.of(21), action: { kind: 'dnat', address: '192.0.2.10' }, comment: 'FTP control to the server' };
  const { once, secondEdits } = fixTwice(text, doc, () => proposal(insert({ at: 'end' }, dnat)));
  assert.equal(
    once,
    lines(
      'table ip fw {',
      '	chain forward {',
      '		type filter hook forward priority filter; policy drop;',
      '	}',
      '	chain fwlint-dnat {',
      '		type nat hook prerouting priority dstnat; policy accept;',
      '		# fwlint: FTP control to the server',
      '		tcp dport 21 dnat to 192.0.2.10',
      '	}',
      '}',
    ),
  );
  assert.equal(secondEdits, 0);
});

test('nft: files that use rule comments get `comment "..."`, anonymous sets do not confuse the chain', () => {
  const text = lines(
    'table inet filter {',
    '\tchain input {',
    '\t\ttype filter hook input priority 0; policy drop;',
    '\t\ttcp dport { 21, 22 } accept comment "admin and ftp"',
    '\t\tdrop',
    '\t}',
    '}',
  );
  const out = applyEdits(text, renderFix(text, doc, proposal(insert({ before: ruleAt(text, '\t\tdrop') }, passive))));
  assert.equal(out, text.replace('\t\tdrop', '\t\ttcp dport 50000-50099 accept comment "fwlint: FTP passive data ports"\n\t\tdrop'));
});

test('nft flat form: flat commands, helper object and chain declared as commands', () => {
  const text = lines(
    'add table inet filter',
    'add chain inet filter input { type filter hook input priority 0 ; policy drop ; }',
    'add rule inet filter input ct state established,related accept',
    'add rule inet filter input tcp dport 21 accept',
  );
  const flat = docFor('nftables', 'flat');
  const { once, secondEdits } = fixTwice(text, flat, () => proposal(insert({ at: 'end' }, passive), insert({ at: 'start' }, helper)));
  assert.equal(
    once,
    lines(
      'add table inet filter',
      'add chain inet filter input { type filter hook input priority 0 ; policy drop ; }',
      'add ct helper inet filter ftp-standard { type "ftp" protocol tcp ; }',
      'add chain inet filter fwlint-ftp-helper { type filter hook prerouting priority filter ; policy accept ; }',
      '# fwlint: FTP conntrack helper',
      'add rule inet filter fwlint-ftp-helper tcp dport 21 ct helper set "ftp-standard"',
      'add rule inet filter input ct state established,related accept',
      'add rule inet filter input tcp dport 21 accept',
      '# fwlint: FTP passive data ports',
      'add rule inet filter input tcp dport 50000-50099 accept',
    ),
  );
  assert.equal(secondEdits, 0);
});

test('nft: DNAT of the passive range goes into the nat prerouting chain; replace-ports keeps a-b and edits defines', () => {
  const text = lines(
    'define PASV = 50000-50099',
    'table ip nat {',
    '\tchain prerouting {',
    '\t\ttype nat hook prerouting priority dstnat; policy accept;',
    '\t\tiifname "eth0" tcp dport 21 dnat to 198.51.100.2',
    '\t}',
    '}',
    'table ip filter {',
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy drop;',
    '\t\ttcp dport $PASV accept',
    '\t}',
    '}',
  );
  const dnat: RuleSpec = {
    path: 'prerouting', table: 'nat', protocol: 'tcp', inInterface: 'eth0', dport: PortSet.range(50000, 50099), action: { kind: 'dnat', address: '198.51.100.2' }, comment: 'forward the passive range',
  };
  const out = applyEdits(text, renderFix(text, doc, proposal(insert({ at: 'end' }, dnat))));
  assert.equal(out, text.replace('dnat to 198.51.100.2\n', 'dnat to 198.51.100.2\n\t\t# fwlint: forward the passive range\n\t\tiifname "eth0" tcp dport 50000-50099 dnat to 198.51.100.2\n'));
  const widen = proposal({ kind: 'replace-ports', rule: ruleAt(text, '$PASV accept'), field: 'dport', from: PortSet.range(50000, 50099), to: PortSet.range(50000, 50255) });
  assert.equal(applyEdits(text, renderFix(text, doc, widen)), text.replace('define PASV = 50000-50099', 'define PASV = 50000-50255'));
});

test('nft: CRLF files stay CRLF', () => {
  const crlf = server.replace(/\n/g, '\r\n');
  const out = applyEdits(crlf, renderFix(crlf, doc, proposal(insert({ before: ruleAt(crlf, 'reject with') }, passive), insert({ at: 'start' }, helper))));
  assert.ok(!/[^\r]\n/.test(out));
  assert.equal(out.split('\r\n').length, crlf.split('\r\n').length + 2 + 8);
});
