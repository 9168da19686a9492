// What real files contain: continuations, comments, CRLF, tabs, odd bytes, multi-line strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertNoErrors, chain } from './helpers';

function rulesOf(text: string): string[] {
  const result = analyze(text);
  assertNoErrors(result);
  return chain(result, 'filter').rules.map((r) => r.text);
}

test('lexing: CRLF line ends and no final newline', () => {
  assert.deepEqual(rulesOf('ext_if = "em0"\r\nblock in\r\npass out on $ext_if \\\r\n  keep state'), ['block in', 'pass out on $ext_if keep state']);
});

test('lexing: tab-aligned columns', () => {
  assert.deepEqual(rulesOf('anchor\t"ftp-proxy/*"\npass\tin\tinet\tproto\ttcp\t\t\t\\\n\tto\tport\tftp\t\t\t\t\\\n\tdivert-to\t127.0.0.1\tport\t8021\n'), [
    'anchor "ftp-proxy/*"',
    'pass in inet proto tcp to port ftp divert-to 127.0.0.1 port 8021',
  ]);
});

test('lexing: a comment ending in a backslash continues onto the next line, as in pfctl', () => {
  assert.deepEqual(rulesOf('# old rule \\\npass in all\npass out'), ['pass out']);
});

test('lexing: comments after rules and replacement characters in comments', () => {
  assert.deepEqual(rulesOf('ext_if = "ste0" # \uFFFD\uFFFD\u00e9\nblock in on $ext_if # drop \uFFFD'), ['block in on $ext_if']);
});

test('lexing: a quoted macro value may span lines', () => {
  const result = analyze('v6 = "{\n   2600:1700::/60\n   2607:f6f0::/48\n}" # comment\npass in inet6 from $v6');
  assertNoErrors(result);
  const rule = chain(result, 'filter').rules[0];
  assert.equal(rule.match.src.kind === 'intervals' && rule.match.src.text, '2600:1700::/60, 2607:f6f0::/48');
});

test('lexing: a backslash continuation inside a quoted value', () => {
  const result = analyze('svc = "{ domain, auth,\t\\\n\t5900:5909, 8123 }"\npass in proto tcp to port $svc');
  assertNoErrors(result);
  assert.equal(chain(result, 'filter').rules[0].match.dport?.toString(), '53, 113, 5900-5909, 8123');
});

test('lexing: lists may span lines inside braces', () => {
  const result = analyze('table <martians> const { \\\n 10.0.0.0/8 \\\n 192.168.0.0/16 }\ntable <b> { 192.0.2.1\n 192.0.2.2 }\npass from <b>');
  assertNoErrors(result);
  assert.equal(chain(result, 'filter').rules[0].match.src.kind, 'symbolic');
});

test('lexing: icmp-type lists with codes across continuation lines', () => {
  assert.deepEqual(rulesOf('pass in inet proto icmp icmp-type { \\\n   unreach code net-unk \\\n   echoreq \\\n}'), ['pass in inet proto icmp icmp-type { unreach code net-unk echoreq }']);
});

test('lexing: single quotes work like double quotes', () => {
  const result = analyze("anchor 'blockips' label \"Open Source IP Blocks\"\nload anchor 'blockips' from '/usr/local/etc/blockips.conf'");
  assertNoErrors(result);
  assert.deepEqual(chain(result, 'filter').rules[0].verdict, { kind: 'anchor', name: 'blockips', inline: false });
  assert.deepEqual(result.includes.map((i) => [i.path, i.resolved]), [['/usr/local/etc/blockips.conf', false]]);
});

test('lexing: options, queues and scrub in any order', () => {
  const text = [
    'pass all',
    'set timeout { tcp.established 3600, tcp.closing 60 }',
    'set limit { states 10000, frags 20000 }',
    'set skip on { lo0, enc0 }',
    'altq on em0 cbq bandwidth 800Kb queue { std, ssh }',
    'queue std bandwidth 60% priority 1 cbq(default)',
    'queue up on em0 bandwidth 12M burst 20M for 1000ms',
    'scrub in on em0 all fragment reassemble',
    'match out on egress set prio (3, 5) set queue std',
    'scrub-anchor "com.apple/*"',
    'dummynet-anchor "com.apple/*"',
    'set state-defaults pflow',
  ].join('\n');
  assert.deepEqual(rulesOf(text), ['pass all', 'match out on egress set prio (3, 5) set queue std']);
});

test('lexing: the line index handles characters outside the basic plane', () => {
  const result = analyze('# \u{1F525}\npass in proto tcp frm any');
  const [d] = result.diagnostics;
  assert.deepEqual(d.range.start, { line: 1, character: 18 });
});
