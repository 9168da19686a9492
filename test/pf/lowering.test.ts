// Data-driven lowering cases: one small pf document, the model fields it must produce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAddress } from '../../server/src/model/addresses';
import type { Rule } from '../../server/src/model/ruleset';
import { analyze, assertNoErrors, chain, onlyRule } from './helpers';

function summary(rule: Rule): Record<string, unknown> {
  const m = rule.match;
  return {
    verdict: rule.verdict.kind,
    ...(rule.quick ? { quick: true } : {}),
    ...(m.direction ? { direction: m.direction } : {}),
    ...(m.protocol ? { proto: m.protocol.names.join(' ') } : {}),
    ...(m.ipVersion ? { ipVersion: m.ipVersion } : {}),
    src: formatAddress(m.src),
    dst: formatAddress(m.dst),
    ...(m.sport ? { sport: m.sport.toString() } : {}),
    ...(m.dport ? { dport: m.dport.toString() } : {}),
  };
}

const cases: Array<{ name: string; text: string; expect: Record<string, unknown> }> = [
  { name: 'plain pass', text: 'pass', expect: { verdict: 'accept', src: 'any address', dst: 'any address' } },
  { name: 'block drops by default', text: 'block in all', expect: { verdict: 'drop', direction: 'in', src: 'any address', dst: 'any address' } },
  { name: 'block follows set block-policy return', text: 'block in all\nset block-policy return', expect: { verdict: 'reject', direction: 'in', src: 'any address', dst: 'any address' } },
  { name: 'block drop overrides block-policy', text: 'set block-policy return\nblock drop out', expect: { verdict: 'drop', direction: 'out', src: 'any address', dst: 'any address' } },
  { name: 'block return-rst rejects', text: 'block return-rst in proto tcp', expect: { verdict: 'reject', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address' } },
  { name: 'match continues', text: 'match in all scrub (no-df random-id max-mss 1440)', expect: { verdict: 'continue', direction: 'in', src: 'any address', dst: 'any address' } },
  { name: 'quick', text: 'pass in quick inet proto tcp to port 22', expect: { verdict: 'accept', quick: true, direction: 'in', proto: 'tcp', ipVersion: 4, src: 'any address', dst: 'any address', dport: '22' } },
  { name: 'service name', text: 'pass in proto tcp to port ftp', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '21' } },
  { name: 'inclusive range a:b', text: 'pass in proto tcp to port 50000:50999', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '50000-50999' } },
  { name: 'exclusive range a >< b', text: 'pass out proto udp to port 33433 >< 33626', expect: { verdict: 'accept', direction: 'out', proto: 'udp', src: 'any address', dst: 'any address', dport: '33434-33625' } },
  { name: 'unspaced ><', text: 'block in proto tcp to port 135><139', expect: { verdict: 'drop', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '136-138' } },
  { name: 'outside range a <> b', text: 'pass in proto tcp to port 1000 <> 2000', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '0-999, 2001-65535' } },
  { name: 'less than', text: 'pass in proto tcp to port < 1024', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '0-1023' } },
  { name: 'less or equal', text: 'pass in proto tcp to port <= 1024', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '0-1024' } },
  { name: 'greater than', text: 'pass in proto tcp to port > 49151', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '49152-65535' } },
  { name: 'greater or equal', text: 'pass in proto tcp to port >= 1024', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '1024-65535' } },
  { name: 'not equal', text: 'block in proto tcp to port != 21', expect: { verdict: 'drop', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '0-20, 22-65535' } },
  { name: 'equal', text: 'block quick proto tcp from any port = 0', expect: { verdict: 'drop', quick: true, proto: 'tcp', src: 'any address', dst: 'any address', sport: '0' } },
  { name: 'open-ended range a:*', text: 'pass in proto tcp to port 1024:*', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '1024-65535' } },
  { name: 'port list with commas', text: 'pass in proto tcp to port { 21, 50000:50999 }', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '21, 50000-50999' } },
  { name: 'port list without commas', text: 'pass in proto tcp to port { ftp ssh 50000:50999 }', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '21-22, 50000-50999' } },
  { name: 'protocol list', text: 'pass in proto { tcp udp } to port domain', expect: { verdict: 'accept', direction: 'in', proto: 'tcp udp', src: 'any address', dst: 'any address', dport: '53' } },
  { name: 'source port', text: 'pass in proto tcp from any port 20 to any', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', sport: '20' } },
  { name: 'cidr and negation', text: 'block in from !10.0.0.0/8 to 192.0.2.1', expect: { verdict: 'drop', direction: 'in', src: 'not 10.0.0.0/8', dst: '192.0.2.1' } },
  { name: 'pf shorthand address', text: 'pass from 10/8', expect: { verdict: 'accept', src: '10.0.0.0/8', dst: 'any address' } },
  { name: 'address list', text: 'pass to { 192.0.2.1, 198.51.100.0/24 }', expect: { verdict: 'accept', src: 'any address', dst: '192.0.2.1, 198.51.100.0/24' } },
  { name: 'address range', text: 'pass to 10.0.0.1 - 10.0.0.9', expect: { verdict: 'accept', src: 'any address', dst: '10.0.0.1-10.0.0.9' } },
  { name: 'self is symbolic', text: 'pass in proto tcp to self port 22', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'self', dport: '22' } },
  { name: 'interface address', text: 'pass in proto tcp to (em0) port 22', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: '(em0)', dport: '22' } },
  { name: 'interface network', text: 'pass from em1:network to any', expect: { verdict: 'accept', src: 'em1:network', dst: 'any address' } },
  { name: 'table reference', text: 'table <bad> persist\nblock in quick from <bad>', expect: { verdict: 'drop', quick: true, direction: 'in', src: '<bad>', dst: 'any address' } },
  { name: 'const table resolved', text: 'table <lan> const { 10.0.0.0/8 192.168.0.0/16 }\npass from <lan>', expect: { verdict: 'accept', src: '10.0.0.0/8, 192.168.0.0/16', dst: 'any address' } },
  { name: 'urpf-failed', text: 'block in quick from urpf-failed', expect: { verdict: 'drop', quick: true, direction: 'in', src: 'urpf-failed', dst: 'any address' } },
  { name: 'no-route', text: 'block in quick from no-route to any', expect: { verdict: 'drop', quick: true, direction: 'in', src: 'no-route', dst: 'any address' } },
  { name: 'inet6', text: 'pass in inet6 proto tcp to port 80', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', ipVersion: 6, src: 'any address', dst: 'any address', dport: '80' } },
  { name: 'to port without host', text: 'block in quick on em0 proto tcp from any to port 80', expect: { verdict: 'drop', quick: true, direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '80' } },
  { name: 'macro list of ports', text: 'svc = "{ http, smtp , 20 , 21 ,imap }"\npass in proto tcp to port $svc', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '20-21, 25, 80, 143' } },
  { name: 'macro of macros', text: 'a = "21"\nb = "50000:50999"\nports = "{" $a $b "}"\npass in proto tcp to port $ports', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '21, 50000-50999' } },
  { name: 'macro glued to :network', text: 'lan = "em1"\npass from $lan:network', expect: { verdict: 'accept', src: 'em1:network', dst: 'any address' } },
  { name: 'unquoted macro value', text: 'net = 10.1.0.0/16\npass from $net', expect: { verdict: 'accept', src: '10.1.0.0/16', dst: 'any address' } },
  { name: 'macro with address suffix', text: 'host = "192.0.2.0"\npass to $host/24', expect: { verdict: 'accept', src: 'any address', dst: '192.0.2.0/24' } },
  { name: 'state options in a macro', text: 'sto = "(max 100, overload <bad> flush global)"\ntable <bad> persist\npass in proto tcp to port ssh flags S/SA keep state $sto', expect: { verdict: 'accept', direction: 'in', proto: 'tcp', src: 'any address', dst: 'any address', dport: '22' } },
];

for (const c of cases) {
  test(`lowering: ${c.name}`, () => {
    assert.deepEqual(summary(onlyRule(c.text)), c.expect);
  });
}

test('lowering: pf filter chain is a last-match base chain whose policy is accept', () => {
  const result = analyze('pass');
  const filter = chain(result, 'filter');
  assert.equal(filter.evaluation, 'last-match');
  assert.deepEqual(filter.base, { hook: 'pf-filter', type: 'filter', priority: 0, policy: 'accept' });
  assert.equal(filter.family, 'pf');
  assert.equal(filter.key, 'pf filter filter');
});

test('lowering: interfaces follow the direction', () => {
  const inRule = onlyRule('pass in on em0');
  assert.deepEqual(inRule.match.inInterface, { names: ['em0'], negated: false });
  assert.equal(inRule.match.outInterface, undefined);
  const outRule = onlyRule('pass out on { em0, em1 }');
  assert.deepEqual(outRule.match.outInterface, { names: ['em0', 'em1'], negated: false });
  assert.equal(outRule.match.inInterface, undefined);
  const both = onlyRule('pass on ! lo0');
  assert.deepEqual(both.match.inInterface, { names: ['lo0'], negated: true });
  assert.deepEqual(both.match.outInterface, { names: ['lo0'], negated: true });
  assert.equal(onlyRule('pass in on any').match.inInterface, undefined);
});

test('lowering: interface list from a macro built of macros', () => {
  const rule = onlyRule('wired = "re0"\nwireless = "iwx0"\nall_if = "{" $wired $wireless "}"\nblock quick on $all_if inet6');
  assert.deepEqual(rule.match.inInterface?.names, ['re0', 'iwx0']);
});

test('lowering: flags S/SA marks a SYN-only match; flags any does not', () => {
  assert.equal(onlyRule('pass in proto tcp to port 22 flags S/SA keep state').match.synOnly, true);
  assert.equal(onlyRule('pass in proto tcp to port 22 flags S/UAPRSF').match.synOnly, true);
  assert.equal(onlyRule('pass in proto tcp flags any').match.synOnly, undefined);
});

test('lowering: unknown service names stay opaque instead of matching every port', () => {
  const rule = onlyRule('pass in proto udp to port { matterx 5353 }');
  assert.equal(rule.match.dport, undefined);
  assert.deepEqual(rule.match.opaque, ['to port matterx, 5353']);
});

test('lowering: user, tagged and icmp-type are opaque conditions', () => {
  const rule = onlyRule('block return out log proto {tcp udp} user _pbuild tagged X icmp-type echoreq');
  assert.deepEqual(rule.match.opaque, ['user _pbuild', 'tagged X', 'icmp-type echoreq']);
});

test('lowering: rule range covers continuation lines and text keeps macros as written', () => {
  const text = 'ext_if = "em0"\npass in on $ext_if proto tcp \\\n    to ($ext_if) port 22 \\\t \n    flags S/SA keep state # ssh\n';
  const rule = onlyRule(text);
  assert.deepEqual(rule.range, { start: { line: 1, character: 0 }, end: { line: 3, character: 25 } });
  assert.equal(rule.text, 'pass in on $ext_if proto tcp to ($ext_if) port 22 flags S/SA keep state');
  assert.deepEqual(rule.match.dport?.toString(), '22');
  assert.equal(rule.match.dst.kind === 'symbolic' && rule.match.dst.text, '(em0)');
});

test('lowering: new-style rdr-to, nat-to and divert-to become actions', () => {
  const rdr = onlyRule('pass in on egress proto tcp to port 21 rdr-to 10.0.0.2 port 2121');
  assert.equal(rdr.verdict.kind, 'accept');
  const dnat = rdr.actions.find((a) => a.kind === 'dnat');
  assert.ok(dnat && dnat.kind === 'dnat');
  assert.equal(dnat.address, '10.0.0.2');
  assert.equal(dnat.ports?.toString(), '2121');
  const nat = onlyRule('match out on egress inet from !(egress:network) to any nat-to (egress:0)');
  assert.equal(nat.verdict.kind, 'continue');
  assert.deepEqual(nat.actions.map((a) => (a.kind === 'snat' ? a.address : a.kind)), ['(egress:0)']);
  const divert = onlyRule('pass in quick on em1 inet proto tcp to port ftp divert-to 127.0.0.1 port 8021');
  assert.deepEqual(divert.actions.map((a) => (a.kind === 'divert' ? [a.address, a.port] : a.kind)), [['127.0.0.1', 8021]]);
  assert.equal(divert.quick, true);
});

test('lowering: old-style rdr pass goes to a first-match rdr chain and skips the filter', () => {
  const result = analyze('int_if = "em1"\nrdr pass on $int_if proto tcp from any to any port 21 -> 127.0.0.1 port 8021');
  assertNoErrors(result);
  const rdr = chain(result, 'rdr');
  assert.equal(rdr.evaluation, 'first-match');
  assert.deepEqual(rdr.base, { hook: 'prerouting', type: 'nat', priority: -100, policy: 'accept' });
  const rule = rdr.rules[0];
  assert.equal(rule.skipsFilter, true);
  assert.equal(rule.verdict.kind, 'accept');
  assert.equal(rule.match.direction, 'in');
  assert.deepEqual(rule.match.inInterface, { names: ['em1'], negated: false });
  assert.equal(rule.match.dport?.toString(), '21');
  const action = rule.actions[0];
  assert.ok(action.kind === 'dnat');
  assert.equal(action.address, '127.0.0.1');
  assert.equal(action.ports?.toString(), '8021');
});

test('lowering: old-style nat, no rdr and anchors for translation', () => {
  const result = analyze('nat on em0 from 10.0.0.0/8 -> (em0) static-port\nno rdr on em1 proto tcp to port 21\nnat-anchor "ftp-proxy/*"\nrdr-anchor "ftp-proxy/*"');
  assertNoErrors(result);
  const nat = chain(result, 'nat');
  assert.deepEqual(nat.base, { hook: 'postrouting', type: 'nat', priority: 100, policy: 'accept' });
  assert.equal(nat.rules[0].match.direction, 'out');
  assert.deepEqual(nat.rules[0].match.outInterface, { names: ['em0'], negated: false });
  assert.deepEqual(nat.rules[0].actions.map((a) => (a.kind === 'snat' ? a.address : a.kind)), ['(em0)']);
  assert.deepEqual(nat.rules[1].verdict, { kind: 'anchor', name: 'ftp-proxy/*', inline: false });
  const rdr = chain(result, 'rdr');
  assert.equal(rdr.rules[0].actions.length, 0, 'no rdr translates nothing');
  assert.equal(rdr.rules[0].verdict.kind, 'accept');
  assert.deepEqual(rdr.rules[1].verdict, { kind: 'anchor', name: 'ftp-proxy/*', inline: false });
});

test('lowering: rdr onto a range of the same size with port a:*', () => {
  const rule = onlyRule('rdr on em0 proto tcp to port 50000:50999 -> 10.0.0.2 port 60000:*', 'rdr');
  const action = rule.actions[0];
  assert.ok(action.kind === 'dnat');
  assert.equal(action.ports?.toString(), '60000-60999');
});

test('lowering: binat translates both ways', () => {
  const result = analyze('binat on em0 from 10.0.0.2 to any -> 192.0.2.2');
  assertNoErrors(result);
  const out = chain(result, 'nat').rules[0];
  assert.deepEqual(out.actions.map((a) => (a.kind === 'snat' ? a.address : a.kind)), ['192.0.2.2']);
  const back = chain(result, 'rdr').rules[0];
  assert.equal(back.match.dst.kind === 'intervals' && back.match.dst.text, '192.0.2.2');
  assert.deepEqual(back.actions.map((a) => (a.kind === 'dnat' ? a.address : a.kind)), ['10.0.0.2']);
});

test('lowering: named anchor is filled at run time; inline anchor is its own chain', () => {
  const result = analyze('anchor "ftp-proxy/*"\nanchor "lan" in on em1 {\n  block\n  pass proto tcp to port 22\n  anchor "inner" {\n    pass quick\n  }\n}\npass');
  assertNoErrors(result);
  const filter = chain(result, 'filter');
  assert.deepEqual(filter.rules.map((r) => r.verdict), [
    { kind: 'anchor', name: 'ftp-proxy/*', inline: false },
    { kind: 'anchor', name: 'lan', inline: true },
    { kind: 'accept' },
  ]);
  assert.equal(filter.rules[1].text, 'anchor "lan" in on em1');
  assert.equal(filter.rules[1].match.direction, 'in');
  const lan = chain(result, 'lan');
  assert.equal(lan.evaluation, 'last-match');
  assert.equal(lan.base, undefined);
  assert.deepEqual(lan.rules.map((r) => r.verdict.kind), ['drop', 'accept', 'anchor']);
  assert.deepEqual(lan.rules[2].verdict, { kind: 'anchor', name: 'lan/inner', inline: true });
  assert.equal(chain(result, 'lan/inner').rules[0].quick, true);
});

test('lowering: antispoof expands to quick drops on the interface network', () => {
  const result = analyze('antispoof quick for { em0 (em1) }');
  assertNoErrors(result);
  const rules = chain(result, 'filter').rules;
  assert.equal(rules.length, 4);
  assert.ok(rules.every((r) => r.verdict.kind === 'drop' && r.quick && r.match.direction === 'in'));
  assert.deepEqual(rules[0].match.inInterface, { names: ['em0'], negated: true });
});

test('lowering: rule ids increase in source order', () => {
  const result = analyze('block\npass in proto tcp to port 21\npass out');
  const ids = chain(result, 'filter').rules.map((r) => r.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  assert.equal(new Set(ids).size, 3);
});

test('lowering: a reversed port range, refused with FW001, keeps its rule, the range read the right way round', () => {
  const result = analyze('pass in proto tcp to port 15852:14761');
  assert.equal(result.diagnostics.filter((d) => d.code === 'FW001').length, 1);
  const [rule] = chain(result, 'filter').rules;
  assert.equal(rule.match.dport?.toString(), '14761-15852');
  assert.deepEqual(rule.match.opaque, []);
});
