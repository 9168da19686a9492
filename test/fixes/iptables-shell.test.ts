import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RuleSpec } from '../../server/src/checks/types';
import { PortSet } from '../../server/src/model/ports';
import { applyEdits, renderFix } from '../../server/src/fixes';
import { docFor, fixTwice, insert, lines, proposal, ruleAt } from './helpers';

const doc = docFor('iptables', 'shell');

const passive: RuleSpec = {
  path: 'input', table: 'filter', protocol: 'tcp', dport: PortSet.range(50000, 50099), action: { kind: 'accept' }, comment: 'FTP passive data ports',
};
const helper: RuleSpec = {
  path: 'prerouting', table: 'raw', protocol: 'tcp', dport: PortSet.of(21), action: { kind: 'ct-helper', helper: 'ftp' }, comment: 'FTP conntrack helper',
};

test('shell: $IPT scripts get $IPT lines, indented like the neighbour, above the shadowing command', () => {
  const text = lines(
    '#!/bin/sh',
    'IPT=/sbin/iptables',
    'setup() {',
    '    $IPT -F INPUT',
    '    $IPT -A INPUT -p tcp --dport 21 -j ACCEPT',
    '    $IPT -A INPUT -p tcp -j DROP',
    '}',
    'setup',
  );
  const { once, secondEdits } = fixTwice(text, doc, (t) => proposal(insert({ before: ruleAt(t, '-j DROP') }, passive)));
  assert.equal(
    once,
    lines(
      '#!/bin/sh',
      'IPT=/sbin/iptables',
      'setup() {',
      '    $IPT -F INPUT',
      '    $IPT -A INPUT -p tcp --dport 21 -j ACCEPT',
      '    # fwlint: FTP passive data ports',
      '    $IPT -A INPUT -p tcp --dport 50000:50099 -j ACCEPT',
      '    $IPT -A INPUT -p tcp -j DROP',
      '}',
      'setup',
    ),
  );
  assert.equal(secondEdits, 0);
});

test('shell: a script calling /sbin/iptables gets the raw-table helper command after its last one', () => {
  const text = lines('/sbin/iptables -P INPUT DROP', '/sbin/iptables -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT', '/sbin/iptables -A INPUT -p tcp --dport 21 -j ACCEPT', 'exit 0');
  const { once, secondEdits } = fixTwice(text, doc, () => proposal(insert({ at: 'end' }, helper)));
  assert.equal(
    once,
    lines(
      '/sbin/iptables -P INPUT DROP',
      '/sbin/iptables -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT',
      '/sbin/iptables -A INPUT -p tcp --dport 21 -j ACCEPT',
      '# fwlint: FTP conntrack helper',
      '/sbin/iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp',
      'exit 0',
    ),
  );
  assert.equal(secondEdits, 0);
});

test('shell: bare -I commands run in reverse, so "before it in the chain" is after it in the script', () => {
  const text = lines('iptables -I INPUT -p tcp -j DROP', 'iptables -I INPUT -p tcp --dport 21 -j ACCEPT');
  const out = applyEdits(text, renderFix(text, doc, proposal(insert({ before: ruleAt(text, '-j DROP') }, passive))));
  assert.equal(
    out,
    lines('iptables -I INPUT -p tcp -j DROP', '# fwlint: FTP passive data ports', 'iptables -I INPUT -p tcp --dport 50000:50099 -j ACCEPT', 'iptables -I INPUT -p tcp --dport 21 -j ACCEPT'),
  );
});

test('shell: continuation lines are one command; ip6tables rules use the script\'s ip6tables', () => {
  const text = lines('iptables -A INPUT -p tcp \\', '  --dport 21 -j ACCEPT', 'ip6tables -A INPUT -p tcp --dport 21 -j ACCEPT', 'ip6tables -A INPUT -j DROP');
  const v6: RuleSpec = { ...passive, ipVersion: 6 };
  const out = applyEdits(text, renderFix(text, doc, proposal(insert({ before: ruleAt(text, 'ip6tables -A INPUT -j DROP') }, v6))));
  assert.equal(
    out,
    lines('iptables -A INPUT -p tcp \\', '  --dport 21 -j ACCEPT', 'ip6tables -A INPUT -p tcp --dport 21 -j ACCEPT', '# fwlint: FTP passive data ports', 'ip6tables -A INPUT -p tcp --dport 50000:50099 -j ACCEPT', 'ip6tables -A INPUT -j DROP'),
  );
});

test('shell: CRLF scripts stay CRLF', () => {
  const text = 'IPT="iptables"\r\n$IPT -A INPUT -p tcp --dport 21 -j ACCEPT\r\n$IPT -A INPUT -j DROP\r\n';
  const out = applyEdits(text, renderFix(text, doc, proposal(insert({ before: ruleAt(text, '-j DROP') }, passive))));
  assert.equal(out, 'IPT="iptables"\r\n$IPT -A INPUT -p tcp --dport 21 -j ACCEPT\r\n# fwlint: FTP passive data ports\r\n$IPT -A INPUT -p tcp --dport 50000:50099 -j ACCEPT\r\n$IPT -A INPUT -j DROP\r\n');
});

test('shell: replace-ports edits the variable the rule uses', () => {
  const text = lines('PASV=50000:50099', 'iptables -A INPUT -p tcp --dport $PASV -j ACCEPT');
  const fix = proposal({ kind: 'replace-ports', rule: ruleAt(text, '$PASV -j'), field: 'dport', from: PortSet.range(50000, 50099), to: PortSet.range(50000, 50255) });
  assert.equal(applyEdits(text, renderFix(text, doc, fix)), lines('PASV=50000:50255', 'iptables -A INPUT -p tcp --dport $PASV -j ACCEPT'));
});
