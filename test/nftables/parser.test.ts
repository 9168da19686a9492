// Data-driven parser cases: every text must parse without FW001 and yield the
// chains and rule counts listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lex } from '../../server/src/dialects/nftables/lexer';
import { analyze, syntaxErrors } from './helpers';

interface Case {
  readonly name: string;
  readonly text: string;
  /** chain key -> number of model rules */
  readonly chains: Readonly<Record<string, number>>;
}

const CASES: readonly Case[] = [
  {
    name: 'block form with base chain and policy',
    text: 'table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n    tcp dport 21 accept\n  }\n}\n',
    chains: { 'inet filter input': 1 },
  },
  {
    name: 'shebang, comments and file without final newline',
    text: '#!/usr/sbin/nft -f\n# comment\ntable ip t { # trailing\n  chain c { accept; } }',
    chains: { 'ip t c': 1 },
  },
  { name: 'env shebang', text: '#!/usr/bin/env nft -f\nflush ruleset\ntable ip t { chain c { drop } }\n', chains: { 'ip t c': 1 } },
  { name: 'CRLF line ends', text: 'table ip t {\r\n  chain c {\r\n    tcp dport 22 accept\r\n    drop\r\n  }\r\n}\r\n', chains: { 'ip t c': 2 } },
  {
    name: 'backslash continuation joins one rule',
    text: 'table ip t {\n  chain c {\n    tcp dport 21 \\\n      ct state new \\\n      accept\n  }\n}\n',
    chains: { 'ip t c': 1 },
  },
  { name: 'semicolons separate rules on one line', text: 'table ip t { chain c { tcp dport 21 accept; udp dport 53 accept; drop; } }', chains: { 'ip t c': 3 } },
  { name: "'accept }' on one line", text: 'table ip t { chain c { tcp dport 22 accept } }', chains: { 'ip t c': 1 } },
  { name: 'default family is ip', text: 'table filter { chain input { type filter hook input priority 0; } }', chains: { 'ip filter input': 0 } },
  {
    name: 'flat commands',
    text: [
      'add table ip filter',
      'add chain ip filter input { type filter hook input priority 0 ; }',
      'add rule ip filter input tcp dport 21 accept',
      'insert rule ip filter input ct state established accept',
      'add rule filter input udp dport 53 accept',
      'create chain ip filter web',
      'list ruleset',
    ].join('\n'),
    chains: { 'ip filter input': 3, 'ip filter web': 0 },
  },
  { name: 'add without the verb', text: 'table ip t\nchain ip t c\nrule ip t c drop\n', chains: { 'ip t c': 1 } },
  {
    name: 'table and chain redeclared later merge',
    text: 'table inet f { chain in { type filter hook input priority 0; } }\ntable inet f { chain in { tcp dport 22 accept } }\ntable inet f { chain in { drop } }\n',
    chains: { 'inet f in': 2 },
  },
  {
    name: 'sets, maps and objects',
    text: [
      'table inet t {',
      '  set allowed { type ipv4_addr; flags interval, timeout; elements = { 10.0.0.0/8, 192.0.2.1 }; auto-merge; size 65535; timeout 1h; counter; }',
      '  set svc { typeof tcp dport; elements = { 21, 50000-50999 } }',
      '  map m { type inet_service : verdict; elements = { 22 : accept, 80 : jump web } }',
      '  ct helper ftp-standard { type "ftp" protocol tcp; l3proto ip; }',
      '  flowtable f { hook ingress priority 0; devices = { eth0, eth1 }; }',
      '  counter c1 { packets 0 bytes 0 }',
      '  quota q1 { over 25 mbytes }',
      '  chain web { accept }',
      '  chain c { ip saddr @allowed tcp dport @svc accept; tcp dport vmap @m; flow add @f }',
      '}',
    ].join('\n'),
    chains: { 'inet t web': 1, 'inet t c': 4 },
  },
  {
    name: 'rule statements from real rulesets',
    text: [
      'table inet t {',
      '  chain c {',
      '    tcp flags & (fin|syn) == (fin|syn) drop',
      '    tcp flags syn tcp dport 21 ct state new accept',
      '    meta l4proto tcp tcp dport 21 accept',
      '    hour "00:00"-"06:00" drop',
      '    meta skuid 1000 meta skgid != 100 accept',
      '    fib daddr type local accept',
      '    meta mark set 0x1 ct mark set meta mark',
      '    iifname { "eth*", "lo" } oifname != "ppp0" accept',
      '    ip saddr . tcp dport { 1.2.3.4 . 22, 5.6.7.8 . 80 } accept',
      '    tcp dport . meta skgid { 20 . firewall-ftp, 21 . firewall-ftp } accept',
      '    tcp dport 21 meter ftp { ip saddr limit rate 4/minute burst 3 packets } accept',
      '    tcp dport 21 counter packets 0 bytes 0 log prefix "ftp: " level info accept',
      '    limit rate over 10/second drop',
      '    ct status dnat accept',
      '    ct helper "ftp" accept',
      '    ct state { established, related } accept',
      '    th dport 53 accept',
      '    ip6 saddr fe80::/10 ip6 daddr != ::1 accept',
      '    reject with tcp reset',
      '    reject with icmpx type admin-prohibited',
      '    queue num 1 bypass',
      '    notrack',
      '    meta nfproto ipv4 continue',
      '    tcp dport < 1024 return',
      '    tcp dport >= 50000 goto c2',
      '    ip saddr 10.0.0.1 jump c2 comment "to c2"',
      '  }',
      '  chain c2 { }',
      '}',
    ].join('\n'),
    chains: { 'inet t c': 28, 'inet t c2': 0 },
  },
  {
    name: 'nat statements',
    text: [
      'table ip nat {',
      '  chain pre { type nat hook prerouting priority dstnat; policy accept;',
      '    tcp dport 21 dnat to 10.0.0.2:21',
      '    tcp dport 2121 dnat ip to 10.0.0.3',
      '    dnat to ip daddr map { 192.0.2.1 : 10.0.0.2 }',
      '    tcp dport 21 redirect to :8021',
      '    tcp dport 80 tproxy to :3128',
      '  }',
      '  chain post { type nat hook postrouting priority srcnat; oifname "eth0" masquerade; snat to 192.0.2.1 }',
      '}',
    ].join('\n'),
    chains: { 'ip nat pre': 5, 'ip nat post': 2 },
  },
  {
    name: 'defines, redefine, undefine',
    text: 'define A = 21\ndefine S = { $A, 50000-50999 }\nredefine A = 22\nundefine A\ntable ip t { chain c { tcp dport $S accept } }\n',
    chains: { 'ip t c': 1 },
  },
  {
    name: 'ct helper declared inside a chain',
    text: 'table ip t {\n  chain c {\n    ct helper ftp-standard { type "ftp" protocol tcp }\n    tcp dport 21 ct helper set "ftp-standard"\n  }\n}\n',
    chains: { 'ip t c': 1 },
  },
  {
    name: 'bridge and netdev families',
    text: 'table bridge b { chain f { type filter hook forward priority 0; ether type ip accept } }\ntable netdev n { chain i { type filter hook ingress device "eth0" priority -500; drop } }\n',
    chains: { 'bridge b f': 1, 'netdev n i': 1 },
  },
  {
    name: 'delete and flush commands',
    text: 'table ip t {\n  chain c { drop }\n  chain d { accept }\n}\nflush chain ip t c\ndelete chain ip t d\n',
    chains: { 'ip t c': 0 },
  },
  { name: 'flush ruleset removes earlier tables', text: 'table ip old { chain c { drop } }\nflush ruleset\ntable ip t { chain c { accept } }\n', chains: { 'ip t c': 1 } },
  {
    name: 'anonymous chain binding',
    text: 'table inet t { chain c { meta l4proto { tcp, udp } th dport 53 jump { counter accept } } }',
    chains: { 'inet t c': 1 },
  },
];

for (const c of CASES) {
  test(`parses: ${c.name}`, () => {
    const result = analyze(c.text);
    assert.deepEqual(syntaxErrors(result).map((d) => d.message), []);
    const counts = Object.fromEntries(result.ruleset.chains.map((ch) => [ch.key, ch.rules.length]));
    assert.deepEqual(counts, c.chains);
  });
}

test('lexer: words keep addresses, ranges and addr:port whole; strings drop quotes', () => {
  const tokens = lex('ip saddr 10.0.0.0/8 tcp dport 50000-50999 dnat to [2001:db8::1]:21 log prefix "a \\"b\\""').tokens;
  const texts = tokens.filter((t) => t.kind !== 'eof').map((t) => `${t.kind}:${t.text}`);
  assert.deepEqual(texts, [
    'word:ip', 'word:saddr', 'word:10.0.0.0/8', 'word:tcp', 'word:dport', 'word:50000-50999', 'word:dnat', 'word:to',
    'word:[2001:db8::1]:21', 'word:log', 'word:prefix', 'string:a "b"',
  ]);
});

test('lexer: concatenation dots and map colons stand alone; continuation lines vanish', () => {
  const tokens = lex('1.2.3.4 . 22 : accept \\\n drop').tokens.map((t) => `${t.kind}:${t.text}`);
  assert.deepEqual(tokens, ['word:1.2.3.4', 'punct:.', 'word:22', 'punct::', 'word:accept', 'word:drop', 'eof:']);
});

test('lexer: ranges are exact, continuation lines advance the line', () => {
  const tokens = lex('a \\\n  bb').tokens;
  assert.deepEqual(tokens[1].range, { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } });
});
