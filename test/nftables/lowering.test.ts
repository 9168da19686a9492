// Lowering into the shared model: matches, actions, verdicts, base chains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAddress } from '../../server/src/model/addresses';
import { analyze, chain, oneRule, rulesOf, syntaxErrors } from './helpers';

interface MatchCase {
  readonly rule: string;
  readonly family?: string;
  /** What the lowered rule must show, as a compact summary. */
  readonly expect: string;
}

function summary(body: string, family?: string): string {
  const r = oneRule(body, family);
  const m = r.match;
  const parts: string[] = [];
  if (m.ipVersion) parts.push(`v${m.ipVersion}`);
  if (m.protocol) parts.push(`proto ${m.protocol.negated ? '!' : ''}${m.protocol.names.join(',')}`);
  if (m.src.kind !== 'any') parts.push(`src ${formatAddress(m.src)}${m.src.kind === 'symbolic' ? ' (symbolic)' : ''}`);
  if (m.dst.kind !== 'any') parts.push(`dst ${formatAddress(m.dst)}${m.dst.kind === 'symbolic' ? ' (symbolic)' : ''}`);
  if (m.sport) parts.push(`sport ${m.sport.toString()}`);
  if (m.dport) parts.push(`dport ${m.dport.toString()}`);
  if (m.inInterface) parts.push(`in ${m.inInterface.negated ? '!' : ''}${m.inInterface.names.join(',')}`);
  if (m.outInterface) parts.push(`out ${m.outInterface.negated ? '!' : ''}${m.outInterface.names.join(',')}`);
  if (m.ctState) parts.push(`state ${m.ctStateNegated ? '!' : ''}${[...m.ctState].join(',')}`);
  if (m.ctStatus) parts.push(`status ${[...m.ctStatus].join(',')}`);
  if (m.ctHelper) parts.push(`helper ${m.ctHelper}`);
  if (m.synOnly) parts.push('syn');
  if (m.opaque.length > 0) parts.push(`opaque [${m.opaque.join('; ')}]`);
  for (const a of r.actions) {
    if (a.kind === 'ct-helper') parts.push(`set-helper ${a.helper}`);
    else if (a.kind === 'dnat') parts.push(`dnat ${a.address ?? '?'}${a.ports ? ` ports ${a.ports.toString()}` : ''}`);
    else if (a.kind === 'redirect') parts.push(`redirect${a.ports ? ` ports ${a.ports.toString()}` : ''}`);
    else if (a.kind === 'snat') parts.push(`snat ${a.address ?? '?'}`);
    else if (a.kind === 'other') parts.push(`action ${a.text}`);
    else parts.push(a.kind);
  }
  const v = r.verdict;
  parts.push(`=> ${v.kind}${v.kind === 'jump' || v.kind === 'goto' ? ` ${v.target}` : ''}`);
  return parts.join(' | ');
}

const MATCHES: readonly MatchCase[] = [
  { rule: 'tcp dport 21 accept', expect: 'proto tcp | dport 21 | => accept' },
  { rule: 'tcp dport ftp accept', expect: 'proto tcp | dport 21 | => accept' },
  { rule: 'tcp dport { 21, 50000-50999 } accept', expect: 'proto tcp | dport 21, 50000-50999 | => accept' },
  { rule: 'tcp dport != 21 drop', expect: 'proto tcp | dport 0-20, 22-65535 | => drop' },
  { rule: 'tcp dport >= 1024 accept', expect: 'proto tcp | dport 1024-65535 | => accept' },
  { rule: 'tcp dport < 1024 accept', expect: 'proto tcp | dport 0-1023 | => accept' },
  { rule: 'tcp sport ftp-data tcp dport 1024-65535 accept', expect: 'proto tcp | sport 20 | dport 1024-65535 | => accept' },
  { rule: 'udp dport 53 accept', expect: 'proto udp | dport 53 | => accept' },
  { rule: 'th dport 53 accept', expect: 'proto tcp,udp,udplite,sctp,dccp | dport 53 | => accept' },
  { rule: 'meta l4proto tcp th dport 21 accept', expect: 'proto tcp | dport 21 | => accept' },
  { rule: 'meta l4proto { tcp, udp } accept', expect: 'proto tcp,udp | => accept' },
  { rule: 'ip protocol 6 accept', expect: 'v4 | proto tcp | => accept' },
  // Every expression that implies a protocol sets it, so an icmp accept is never read as a possible tcp accept.
  { rule: 'icmp type echo-request accept', expect: 'v4 | proto icmp | opaque [icmp type echo-request] | => accept' },
  { rule: 'icmp type != echo-request drop', expect: 'v4 | proto icmp | opaque [icmp type != echo-request] | => drop' },
  { rule: 'icmpv6 type { echo-request, nd-neighbor-solicit } accept', expect: 'v6 | proto ipv6-icmp | opaque [icmpv6 type { echo-request, nd-neighbor-solicit }] | => accept' },
  { rule: 'meta l4proto icmpv6 accept', expect: 'proto ipv6-icmp | => accept' },
  { rule: 'meta l4proto 58 accept', expect: 'proto ipv6-icmp | => accept' },
  { rule: 'ip6 nexthdr icmpv6 accept', expect: 'v6 | proto ipv6-icmp | => accept' },
  { rule: 'meta l4proto ipv6-icmp icmpv6 type echo-request accept', expect: 'v6 | proto ipv6-icmp | opaque [icmpv6 type echo-request] | => accept' },
  { rule: 'meta l4proto tcp accept', expect: 'proto tcp | => accept' },
  { rule: 'ip protocol tcp accept', expect: 'v4 | proto tcp | => accept' },
  { rule: 'ip protocol icmp accept', expect: 'v4 | proto icmp | => accept' },
  { rule: 'sctp dport 21 accept', expect: 'proto sctp | dport 21 | => accept' },
  { rule: 'udp length 10 accept', expect: 'proto udp | opaque [udp length 10] | => accept' },
  { rule: 'tcp dport @ftp_ports accept', expect: 'proto tcp | opaque [tcp dport @ftp_ports] | => accept' },
  { rule: 'th dport @ftp_ports accept', expect: 'proto tcp,udp,udplite,sctp,dccp | opaque [th dport @ftp_ports] | => accept' },
  { rule: 'icmp type vmap { echo-request : accept }', expect: 'v4 | proto icmp | opaque [icmp type echo-request] | => accept' },
  { rule: 'ip saddr 192.0.2.0/24 accept', expect: 'v4 | src 192.0.2.0/24 | => accept' },
  { rule: 'ip daddr != { 10.0.0.1, 10.0.0.2 } drop', expect: 'v4 | dst not 10.0.0.1, 10.0.0.2 | => drop' },
  { rule: 'ip6 saddr 2001:db8::/32 accept', expect: 'v6 | src 2001:db8::/32 | => accept' },
  { rule: 'ip saddr 10.0.0.1-10.0.0.9 accept', expect: 'v4 | src 10.0.0.1-10.0.0.9 | => accept' },
  { rule: 'tcp dport 21 accept', family: 'ip', expect: 'v4 | proto tcp | dport 21 | => accept' },
  { rule: 'tcp dport 21 accept', family: 'ip6', expect: 'v6 | proto tcp | dport 21 | => accept' },
  { rule: 'meta nfproto ipv6 accept', expect: 'v6 | => accept' },
  { rule: 'iifname "eth*" accept', expect: 'in eth* | => accept' },
  { rule: 'iif lo accept', expect: 'in lo | => accept' },
  { rule: 'oifname != { "ppp0", "wg0" } drop', expect: 'out !ppp0,wg0 | => drop' },
  { rule: 'ct state established,related accept', expect: 'state established,related | => accept' },
  { rule: 'ct state { established, related } accept', expect: 'state established,related | => accept' },
  { rule: 'ct state != new drop', expect: 'state !new | => drop' },
  { rule: 'ct status dnat accept', expect: 'status dnat | => accept' },
  { rule: 'ct helper "ftp" accept', expect: 'helper ftp | => accept' },
  { rule: 'tcp flags syn tcp dport 21 accept', expect: 'proto tcp | dport 21 | syn | => accept' },
  { rule: 'tcp flags & (fin|syn|rst|ack) == syn accept', expect: 'proto tcp | syn | => accept' },
  { rule: 'tcp flags & (fin|syn) == (fin|syn) drop', expect: 'opaque [tcp flags & (fin | syn) == (fin | syn)] | => drop' },
  { rule: 'hour "00:00"-"06:00" drop', expect: 'opaque [hour "00:00"-"06:00"] | => drop' },
  { rule: 'meta skuid 1000 accept', expect: 'opaque [meta skuid 1000] | => accept' },
  { rule: 'fib daddr type local accept', expect: 'opaque [fib daddr type local] | => accept' },
  { rule: 'limit rate 4/minute accept', expect: 'opaque [limit rate 4/minute] | => accept' },
  { rule: 'tcp dport 21 counter packets 0 bytes 0 accept', expect: 'proto tcp | dport 21 | => accept' },
  { rule: 'log prefix "x: " drop', expect: 'log | => drop' },
  { rule: 'tcp dport 21 meter m { ip saddr limit rate 4/minute burst 3 packets } accept', expect: 'proto tcp | dport 21 | opaque [meter m] | => accept' },
  { rule: 'mark set 1', expect: 'action mark set 1 | => continue' },
  { rule: 'counter', expect: '=> continue' },
  { rule: 'reject with tcp reset', expect: '=> reject' },
  { rule: 'return', expect: '=> return' },
  { rule: 'jump other', expect: '=> jump other' },
  { rule: 'goto other', expect: '=> goto other' },
  { rule: 'tcp dport 21 ct helper set "ftp"', expect: 'proto tcp | dport 21 | set-helper ftp | => continue' },
  { rule: 'tcp dport 21 dnat to 10.0.0.2:21', family: 'ip', expect: 'v4 | proto tcp | dport 21 | dnat 10.0.0.2 ports 21 | => accept' },
  { rule: 'tcp dport 21 dnat ip to 10.0.0.2', expect: 'proto tcp | dport 21 | dnat 10.0.0.2 | => accept' },
  { rule: 'dnat to ip daddr map { 192.0.2.1 : 10.0.0.2 }', family: 'ip', expect: 'v4 | dnat ? | => accept' },
  { rule: 'tcp dport 21 redirect to :8021', family: 'ip', expect: 'v4 | proto tcp | dport 21 | redirect ports 8021 | => accept' },
  { rule: 'oifname "eth0" masquerade', family: 'ip', expect: 'v4 | out eth0 | masquerade | => accept' },
  { rule: 'snat to 192.0.2.1', family: 'ip', expect: 'v4 | snat 192.0.2.1 | => accept' },
  { rule: 'notrack', expect: 'action notrack | => continue' },
  { rule: 'queue num 1', expect: 'action queue | => accept' },
  { rule: 'ct mark 0x1 ct mark set meta mark', expect: 'opaque [ct mark 0x1] | action ct mark set meta mark | => continue' },
];

for (const c of MATCHES) {
  test(`lowers: ${c.family ? `${c.family}: ` : ''}${c.rule}`, () => {
    assert.equal(summary(c.rule, c.family), c.expect);
  });
}

test('defines: sets of ports, nested defines, addresses', () => {
  const result = analyze(
    'define FTP = 21\ndefine PASV = 50000-50999\ndefine PORTS = { $FTP, $PASV }\ndefine NET = 192.0.2.0/24\ntable inet t { chain c { ip saddr $NET tcp dport $PORTS accept } }\n',
  );
  const rule = chain(result, 'inet t c').rules[0];
  assert.equal(rule.match.dport?.toString(), '21, 50000-50999');
  assert.equal(rule.match.src.kind === 'intervals' && rule.match.src.text, '192.0.2.0/24');
  assert.deepEqual(
    result.references.filter((r) => r.kind === 'define').map((r) => r.name).sort(),
    ['FTP', 'NET', 'PASV', 'PORTS'],
  );
});

test('redefine applies to rules after it only', () => {
  const result = analyze('define P = 21\ntable ip t { chain c { tcp dport $P accept } }\nredefine P = 22\ntable ip t { chain c { tcp dport $P drop } }\n');
  assert.deepEqual(chain(result, 'ip t c').rules.map((r) => r.match.dport?.toString()), ['21', '22']);
});

test('named constant sets resolve to their elements; runtime sets stay symbolic', () => {
  const result = analyze(
    [
      'table inet t {',
      '  set svc { type inet_service; flags interval; elements = { 21, 50000-50999 } }',
      '  set admins { type ipv4_addr; elements = { 192.0.2.7 } }',
      '  set banned { type ipv4_addr; flags dynamic, timeout; }',
      '  set filled { type inet_service; }',
      '  chain c {',
      '    ip saddr @admins tcp dport @svc accept',
      '    ip saddr @banned drop',
      '    tcp dport @filled accept',
      '    tcp dport 22 add @banned { ip saddr }',
      '  }',
      '}',
    ].join('\n'),
  );
  const [first, second, third] = chain(result, 'inet t c').rules;
  assert.equal(first.match.dport?.toString(), '21, 50000-50999');
  assert.equal(first.match.src.kind, 'intervals');
  assert.equal(second.match.src.kind, 'symbolic');
  assert.equal(third.match.dport, undefined);
  assert.deepEqual(third.match.opaque, ['tcp dport @filled']);
});

test('add element fills a set declared earlier', () => {
  const result = analyze('add table ip t\nadd set ip t s { type inet_service; }\nadd element ip t s { 21, 990 }\nadd chain ip t c\nadd rule ip t c tcp dport @s accept\n');
  assert.equal(chain(result, 'ip t c').rules[0].match.dport?.toString(), '21, 990');
});

test('vmap lowers into one rule per element, each with its key', () => {
  const rules = rulesOf('tcp dport vmap { 22 : accept, 21 : jump ftp, 50000-50999 : drop }\n  }\n  chain ftp {');
  assert.equal(rules.length, 3);
  assert.deepEqual(
    rules.map((r) => `${r.match.dport?.toString()} ${r.verdict.kind}`),
    ['22 accept', '21 jump', '50000-50999 drop'],
  );
  assert.ok(rules.every((r) => r.text === 'tcp dport vmap { 22 : accept, 21 : jump ftp, 50000-50999 : drop }'));
  assert.ok(new Set(rules.map((r) => r.id)).size === 3);
});

test('named verdict maps and ct state vmaps lower per element', () => {
  const result = analyze(
    'table inet t {\n  map m { type inet_service : verdict; elements = { 21 : accept, 23 : drop } }\n  chain c {\n    tcp dport vmap @m\n    ct state vmap { established : accept, related : accept, invalid : drop }\n  }\n}\n',
  );
  const rules = chain(result, 'inet t c').rules;
  assert.deepEqual(
    rules.map((r) => `${r.match.dport?.toString() ?? [...(r.match.ctState ?? [])].join()} ${r.verdict.kind}`),
    ['21 accept', '23 drop', 'established accept', 'related accept', 'invalid drop'],
  );
});

test('concatenations with a literal set lower per element', () => {
  const rules = rulesOf('tcp dport . meta skgid { 20 . firewall-ftp, 21 . firewall-ftp } accept');
  assert.deepEqual(rules.map((r) => r.match.dport?.toString()), ['20', '21']);
  assert.deepEqual(rules[0].match.opaque, ['meta skgid firewall-ftp']);
  const addr = rulesOf('ip saddr . tcp dport { 192.0.2.1 . 22 } accept');
  assert.equal(addr[0].match.src.kind === 'intervals' && addr[0].match.src.text, '192.0.2.1');
  assert.equal(addr[0].match.dport?.toString(), '22');
});

test('rule ranges cover continuation lines and text collapses whitespace', () => {
  const result = analyze('table ip t {\n  chain c {\n    tcp dport 21 \\\n        ct state new \\\n        accept\n  }\n}\n');
  const rule = chain(result, 'ip t c').rules[0];
  assert.deepEqual(rule.range, { start: { line: 2, character: 4 }, end: { line: 4, character: 14 } });
  assert.equal(rule.text, 'tcp dport 21 ct state new accept');
});

test('base chains: hook, type, numeric and named priorities, policy', () => {
  const result = analyze(
    [
      'table inet f {',
      '  chain a { type filter hook input priority 0; policy drop; }',
      '  chain b { type filter hook prerouting priority raw; }',
      '  chain c { type nat hook prerouting priority dstnat - 10; }',
      '  chain d { type filter hook output priority filter + 5; policy accept; }',
      '  chain e { type nat hook postrouting priority srcnat; }',
      '  chain g { type filter hook forward priority security; }',
      '  chain h { type route hook output priority mangle; }',
      '  chain plain { }',
      '}',
      'table bridge br {',
      '  chain f { type filter hook forward priority filter; }',
      '  chain n { type filter hook prerouting priority dstnat; }',
      '}',
      'define PRIO = -5',
      'table ip x { chain y { type filter hook input priority $PRIO; } }',
    ].join('\n'),
  );
  assert.deepEqual(syntaxErrors(result), []);
  const info = (key: string) => {
    const b = chain(result, key).base;
    return b ? `${b.type} ${b.hook} ${b.priority} ${b.policy}` : 'regular';
  };
  assert.equal(info('inet f a'), 'filter input 0 drop');
  assert.equal(info('inet f b'), 'filter prerouting -300 accept');
  assert.equal(info('inet f c'), 'nat prerouting -110 accept');
  assert.equal(info('inet f d'), 'filter output 5 accept');
  assert.equal(info('inet f e'), 'nat postrouting 100 accept');
  assert.equal(info('inet f g'), 'filter forward 50 accept');
  assert.equal(info('inet f h'), 'route output -150 accept');
  assert.equal(info('inet f plain'), 'regular');
  assert.equal(info('bridge br f'), 'filter forward -200 accept');
  assert.equal(info('bridge br n'), 'filter prerouting -300 accept');
  assert.equal(info('ip x y'), 'filter input -5 accept');
  const a = chain(result, 'inet f a');
  assert.deepEqual(a.base?.policyRange, { start: { line: 1, character: 54 }, end: { line: 1, character: 58 } });
  assert.deepEqual(a.nameRange, { start: { line: 1, character: 8 }, end: { line: 1, character: 9 } });
});

test('ct helper objects: Ruleset.helpers and the resolved type on ct helper set', () => {
  const result = analyze(
    [
      'table inet raw {',
      '  ct helper ftp-standard { type "ftp" protocol tcp; l3proto inet; }',
      '  chain pre {',
      '    type filter hook prerouting priority filter;',
      '    tcp dport 21 ct helper set "ftp-standard"',
      '  }',
      '}',
    ].join('\n'),
  );
  assert.deepEqual(
    result.ruleset.helpers.map((h) => [h.name, h.table, h.family, h.type, h.protocol]),
    [['ftp-standard', 'raw', 'inet', 'ftp', 'tcp']],
  );
  const action = chain(result, 'inet raw pre').rules[0].actions[0];
  assert.equal(action.kind === 'ct-helper' && action.helper, 'ftp');
  assert.ok(result.definitions.some((d) => d.kind === 'helper' && d.name === 'ftp-standard' && d.container === 'raw'));
  assert.ok(result.references.some((r) => r.kind === 'helper' && r.name === 'ftp-standard'));
});

test('ct helper declared inside a chain still counts for its table', () => {
  const result = analyze('table ip t {\n  chain c {\n    ct helper h { type "ftp" protocol tcp }\n    tcp dport 21 ct helper set "h"\n  }\n}\n');
  const action = chain(result, 'ip t c').rules[0].actions[0];
  assert.equal(action.kind === 'ct-helper' && action.helper, 'ftp');
  assert.equal(result.ruleset.helpers.length, 1);
});

test('flat form: insert goes first, flush chain empties, form is flat', () => {
  const result = analyze(
    'add table inet f\nadd chain inet f input { type filter hook input priority 0; policy drop; }\nadd rule inet f input tcp dport 21 accept\ninsert rule inet f input ct state established accept\ninsert rule inet f input position 3 udp dport 53 accept\n',
  );
  assert.equal(result.form, 'flat');
  assert.equal(result.ruleset.form, 'flat');
  const rules = chain(result, 'inet f input').rules;
  assert.deepEqual(rules.map((r) => r.text), ['udp dport 53 accept', 'ct state established accept', 'tcp dport 21 accept']);
  assert.equal(chain(result, 'inet f input').base?.policy, 'drop');
  // ids increase in source order
  assert.deepEqual(rules.map((r) => r.id), [2, 1, 0]);
  const flushed = analyze('table ip t { chain c { drop; } }\nflush chain ip t c\nadd rule ip t c accept\n');
  assert.deepEqual(chain(flushed, 'ip t c').rules.map((r) => r.verdict.kind), ['accept']);
  assert.equal(flushed.form, 'block');
});

test('symbols: tables, chains, sets, maps, defines, flowtables, meters', () => {
  const result = analyze(
    'define X = 1\ntable inet t {\n  set s { type ipv4_addr; }\n  map m { type ipv4_addr : verdict; }\n  flowtable ft { hook ingress priority 0; devices = { eth0 }; }\n  chain c { type filter hook forward priority 0; flow add @ft; ip saddr @s jump d }\n  chain d { }\n}\n',
  );
  const defs = result.definitions.map((d) => `${d.kind}:${d.name}${d.container ? `@${d.container}` : ''}`);
  assert.deepEqual(defs.sort(), ['chain:c@t', 'chain:d@t', 'define:X', 'flowtable:ft@t', 'map:m@t', 'set:s@t', 'table:t'].sort());
  const refs = result.references.map((r) => `${r.kind}:${r.name}`);
  assert.ok(refs.includes('flowtable:ft') && refs.includes('set:s') && refs.includes('chain:d'));
  assert.equal(result.definitions.find((d) => d.name === 'c')?.detail, 'type filter hook forward priority 0; policy accept');
});

test('meters are defined in their table', () => {
  const result = analyze('table inet t { chain c { tcp dport 21 meter ftp_limit { ip saddr limit rate 4/minute } accept } }');
  const meter = result.definitions.find((d) => d.kind === 'meter');
  assert.equal(meter?.name, 'ftp_limit');
  assert.equal(meter?.container, 't');
});

test('flush ruleset with a family flushes only that family', () => {
  const result = analyze('table ip a { chain c { drop } }\ntable inet b { chain c { drop } }\nflush ruleset ip\n');
  assert.deepEqual(result.ruleset.chains.map((c) => c.key), ['inet b c']);
});

test('a reversed range, refused with FW001, keeps its rule, the range read the right way round', () => {
  const result = analyze('table inet f {\n  chain input {\n    tcp dport 50000-49000 accept\n  }\n}\n');
  assert.equal(syntaxErrors(result).length, 1);
  const [rule] = chain(result, 'inet f input').rules;
  assert.equal(rule.match.dport?.toString(), '49000-50000');
  assert.deepEqual(rule.match.opaque, []);
});
