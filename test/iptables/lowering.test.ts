// Commands replayed into chains: placement of built-in chains, positions,
// policies, flushes, and every kind of target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainOf, errors, lowerScript, ruleOf } from './helpers';

test('built-in chains get hook, type and the netfilter priority of their table', () => {
  const lowered = lowerScript([
    'iptables -t raw -A PREROUTING -j ACCEPT',
    'iptables -t mangle -A OUTPUT -j ACCEPT',
    'iptables -t mangle -A FORWARD -j ACCEPT',
    'iptables -t nat -A PREROUTING -j ACCEPT',
    'iptables -t nat -A OUTPUT -j ACCEPT',
    'iptables -t nat -A POSTROUTING -j ACCEPT',
    'iptables -t nat -A INPUT -j ACCEPT',
    'iptables -A INPUT -j ACCEPT',
    'iptables -t security -A FORWARD -j ACCEPT',
  ].join('\n'));
  const placement = lowered.ruleset.chains.map((c) => `${c.key} ${c.base?.hook} ${c.base?.type} ${c.base?.priority}`);
  assert.deepEqual(placement, [
    'ip raw PREROUTING prerouting filter -300',
    'ip mangle OUTPUT output route -150',
    'ip mangle FORWARD forward filter -150',
    'ip nat PREROUTING prerouting nat -100',
    'ip nat OUTPUT output nat -100',
    'ip nat POSTROUTING postrouting nat 100',
    'ip nat INPUT input nat 100',
    'ip filter INPUT input filter 0',
    'ip security FORWARD forward filter 50',
  ]);
});

test('user chains have no base and are first-match', () => {
  const lowered = lowerScript('iptables -N ftp_in\niptables -A ftp_in -p tcp --dport 21 -j ACCEPT');
  const chain = chainOf(lowered, 'ip filter ftp_in');
  assert.equal(chain.base, undefined);
  assert.equal(chain.evaluation, 'first-match');
  assert.equal(chain.rules.length, 1);
});

test('-P sets the policy (default accept) and records where', () => {
  const lowered = lowerScript('iptables -A OUTPUT -j ACCEPT\niptables -P INPUT DROP\niptables -A INPUT -j ACCEPT');
  assert.equal(chainOf(lowered, 'ip filter OUTPUT').base?.policy, 'accept');
  const input = chainOf(lowered, 'ip filter INPUT').base;
  assert.equal(input?.policy, 'drop');
  assert.deepEqual(input?.policyRange, { start: { line: 1, character: 18 }, end: { line: 1, character: 22 } });
});

test('-I inserts at a 1-based position, default 1, later inserts shifting earlier ones', () => {
  const lowered = lowerScript([
    'iptables -A INPUT -p tcp --dport 1 -j ACCEPT',
    'iptables -A INPUT -p tcp --dport 2 -j ACCEPT',
    'iptables -I INPUT -p tcp --dport 3 -j ACCEPT',
    'iptables -I INPUT 2 -p tcp --dport 4 -j ACCEPT',
    'iptables -I INPUT -p tcp --dport 5 -j ACCEPT',
    'iptables -I INPUT 99 -p tcp --dport 6 -j ACCEPT',
  ].join('\n'));
  const order = chainOf(lowered, 'ip filter INPUT').rules.map((r) => r.match.dport?.toString());
  assert.deepEqual(order, ['5', '3', '4', '1', '2', '6']);
  const ids = chainOf(lowered, 'ip filter INPUT').rules.map((r) => r.id);
  assert.deepEqual(ids, [5, 3, 4, 1, 2, 6], 'ids follow source order, not chain order');
});

test('-D by number and by specification, -R by number', () => {
  const lowered = lowerScript([
    'iptables -A INPUT -p tcp --dport 1 -j ACCEPT',
    'iptables -A INPUT -p tcp --dport 2 -j ACCEPT',
    'iptables -A INPUT -p tcp --dport 3 -j ACCEPT',
    'iptables -D INPUT -p tcp --dport 2 -j ACCEPT',
    'iptables -R INPUT 1 -p tcp --dport 7 -j DROP',
    'iptables -A INPUT -p tcp --dport 4 -j ACCEPT',
    'iptables -D INPUT 2',
  ].join('\n'));
  const rules = chainOf(lowered, 'ip filter INPUT').rules;
  assert.deepEqual(rules.map((r) => `${r.match.dport?.toString()} ${r.verdict.kind}`), ['7 drop', '4 accept']);
});

test('-F empties chains at that point; -X removes user chains', () => {
  const lowered = lowerScript([
    'iptables -A INPUT -j DROP',
    'iptables -N old',
    'iptables -A FORWARD -j ACCEPT',
    'iptables -F',
    'iptables -X',
    'iptables -A INPUT -p tcp --dport 21 -j ACCEPT',
    'iptables -t nat -A POSTROUTING -j MASQUERADE',
    'iptables -t nat -F POSTROUTING',
  ].join('\n'));
  assert.deepEqual(chainOf(lowered, 'ip filter INPUT').rules.map((r) => r.verdict.kind), ['accept']);
  assert.equal(chainOf(lowered, 'ip filter FORWARD').rules.length, 0);
  assert.equal(chainOf(lowered, 'ip nat POSTROUTING').rules.length, 0);
  assert.ok(!lowered.ruleset.chains.some((c) => c.name === 'old'));
});

test('-E renames a user chain and keeps its rules', () => {
  const lowered = lowerScript('iptables -N a\niptables -A a -j ACCEPT\niptables -E a b\niptables -A INPUT -j b');
  assert.equal(chainOf(lowered, 'ip filter b').rules[0].chainKey, 'ip filter b');
  assert.deepEqual(errors(lowered.diagnostics), []);
  assert.ok(!lowered.diagnostics.some((d) => d.code === 'FW002'));
});

test('-w, -v, -n and counters are accepted and ignored', () => {
  const { rule, diagnostics } = ruleOf('iptables -w 5 -v -A INPUT -c 0 0 -p tcp --dport 21 -j ACCEPT');
  assert.deepEqual(errors(diagnostics), []);
  assert.equal(rule.match.dport?.toString(), '21');
});

interface TargetCase {
  readonly rule: string;
  readonly verdict: string;
  readonly actions: string;
}

const TARGETS: readonly TargetCase[] = [
  { rule: '-j ACCEPT', verdict: 'accept', actions: '' },
  { rule: '-j DROP', verdict: 'drop', actions: '' },
  { rule: '-j REJECT --reject-with tcp-reset', verdict: 'reject', actions: '' },
  { rule: '-j RETURN', verdict: 'return', actions: '' },
  { rule: '-j LOG --log-prefix "FTP: "', verdict: 'continue', actions: 'log' },
  { rule: '-j NFLOG --nflog-group 2', verdict: 'continue', actions: 'log' },
  { rule: '-j ULOG', verdict: 'continue', actions: 'log' },
  { rule: '-j MARK --set-mark 1', verdict: 'continue', actions: 'other' },
  { rule: '-j CONNMARK --save-mark', verdict: 'continue', actions: 'other' },
  { rule: '-j TCPMSS --clamp-mss-to-pmtu', verdict: 'continue', actions: 'other' },
  { rule: '-j TPROXY --on-port 3129 --tproxy-mark 1', verdict: 'continue', actions: 'other' },
  { rule: '-j SECMARK --selctx x', verdict: 'continue', actions: 'other' },
  { rule: '', verdict: 'continue', actions: '' },
  { rule: '-j mychain', verdict: 'jump mychain', actions: '' },
  { rule: '-g mychain', verdict: 'goto mychain', actions: '' },
];

for (const c of TARGETS) {
  test(`target: ${c.rule || '(none)'}`, () => {
    const { rule, diagnostics } = ruleOf(`iptables -N mychain\niptables -A FORWARD -p tcp ${c.rule}`);
    assert.deepEqual(errors(diagnostics), []);
    const v = rule.verdict;
    assert.equal(v.kind === 'jump' || v.kind === 'goto' ? `${v.kind} ${v.target}` : v.kind, c.verdict);
    assert.equal(rule.actions.map((a) => a.kind).join(','), c.actions);
  });
}

test('target: -j CT --helper ftp assigns the helper and continues', () => {
  const { rule } = ruleOf('iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp');
  assert.equal(rule.verdict.kind, 'continue');
  assert.deepEqual(rule.actions.map((a) => (a.kind === 'ct-helper' ? a.helper : a.kind)), ['ftp']);
});

test('target: -j CT alone and -j CT --notrack are not helper assignments', () => {
  for (const line of ['iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT', 'iptables -t raw -A PREROUTING -j CT --notrack']) {
    const { rule } = ruleOf(line);
    assert.equal(rule.verdict.kind, 'continue');
    assert.ok(!rule.actions.some((a) => a.kind === 'ct-helper'), line);
  }
});

test('target: DNAT accepts and records the address and ports', () => {
  const { rule, diagnostics } = ruleOf('iptables -t nat -A PREROUTING -p tcp --dport 21 -j DNAT --to-destination 10.0.0.2:2121');
  assert.deepEqual(errors(diagnostics), []);
  assert.equal(rule.verdict.kind, 'accept');
  const dnat = rule.actions[0];
  assert.ok(dnat.kind === 'dnat');
  assert.equal(dnat.address, '10.0.0.2');
  assert.equal(dnat.ports?.toString(), '2121');
});

test('target: DNAT with a port range, IPv6 brackets, or address only', () => {
  const range = ruleOf('iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.2:50000-50999').rule.actions[0];
  assert.ok(range.kind === 'dnat' && range.ports?.toString() === '50000-50999');
  const v6 = ruleOf('ip6tables -t nat -A PREROUTING -p tcp -j DNAT --to-destination [2001:db8::2]:21').rule.actions[0];
  assert.ok(v6.kind === 'dnat' && v6.address === '2001:db8::2' && v6.ports?.toString() === '21');
  const plain = ruleOf('iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.2').rule.actions[0];
  assert.ok(plain.kind === 'dnat' && plain.address === '10.0.0.2' && plain.ports === undefined);
});

test('target: SNAT, MASQUERADE and REDIRECT', () => {
  const snat = ruleOf('iptables -t nat -A POSTROUTING -o eth0 -j SNAT --to-source 203.0.113.1').rule;
  assert.deepEqual([snat.verdict.kind, snat.actions[0].kind === 'snat' && snat.actions[0].address], ['accept', '203.0.113.1']);
  const masq = ruleOf('iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE').rule;
  assert.deepEqual([masq.verdict.kind, masq.actions[0].kind], ['accept', 'masquerade']);
  const redirect = ruleOf('iptables -t nat -A PREROUTING -p tcp --dport 21 -j REDIRECT --to-ports 8021').rule;
  assert.ok(redirect.actions[0].kind === 'redirect' && redirect.actions[0].ports?.toString() === '8021');
});

test('rules keep their exact range and text', () => {
  const script = '  iptables   -A INPUT -p tcp --dport 21 -j ACCEPT  ';
  const { rule } = ruleOf(script);
  assert.deepEqual(rule.range, { start: { line: 0, character: 2 }, end: { line: 0, character: script.length } });
  assert.equal(rule.text, 'iptables -A INPUT -p tcp --dport 21 -j ACCEPT');
});

test('undefined chains: FW002 on the target word; extension-like UPPERCASE names are targets', () => {
  const script = 'iptables -A INPUT -j nowhere\niptables -A INPUT -j TARPIT\niptables -A missing -j ACCEPT';
  const lowered = lowerScript(script);
  const fw002 = lowered.diagnostics.filter((d) => d.code === 'FW002');
  assert.deepEqual(fw002.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.severity]), [
    [0, 21, 28, 'warning'],
    [2, 12, 19, 'warning'],
  ]);
  assert.match(fw002[0].message, /chain nowhere is not defined in table filter/);
  const tarpit = chainOf(lowered, 'ip filter INPUT').rules[1];
  assert.deepEqual([tarpit.verdict.kind, tarpit.actions[0]?.kind], ['continue', 'other']);
});

test('a chain created later in the script (in a function) is still defined', () => {
  const lowered = lowerScript('iptables -A INPUT -j later\niptables -N later');
  assert.ok(!lowered.diagnostics.some((d) => d.code === 'FW002'));
  assert.equal(chainOf(lowered, 'ip filter INPUT').rules[0].verdict.kind, 'jump');
});

test('an UPPERCASE user chain that is declared is a jump, not an extension target', () => {
  const lowered = lowerScript('iptables -N LOGDROP\niptables -A INPUT -j LOGDROP');
  const v = chainOf(lowered, 'ip filter INPUT').rules[0].verdict;
  assert.deepEqual(v.kind === 'jump' && v.target, 'LOGDROP');
});

test('symbols: -N defines a chain; -A and jump targets reference it', () => {
  const lowered = lowerScript('iptables -N ftp\niptables -A ftp -j ACCEPT\niptables -A INPUT -j ftp');
  assert.deepEqual(lowered.definitions.map((d) => [d.kind, d.name, d.container]), [['chain', 'ftp', 'filter']]);
  const refs = lowered.references.filter((r) => r.name === 'ftp').map((r) => [r.range.start.line, r.range.start.character]);
  assert.deepEqual(refs, [[1, 12], [2, 21]]);
});

test('a built-in chain name the table lacks is FW002 naming the chains it has', () => {
  const lowered = lowerScript('iptables -t nat -A FORWARD -j ACCEPT');
  const [d] = lowered.diagnostics;
  assert.equal(d.code, 'FW002');
  assert.equal(d.message, 'table nat has no built-in chain FORWARD (it has PREROUTING, INPUT, OUTPUT, POSTROUTING)');
});
