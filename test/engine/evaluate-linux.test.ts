import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../server/src/engine/evaluate';
import { PortSet } from '../../server/src/model/ports';
import { RulesetBuilder, addr, iptablesFilter, ports, question } from './build';
import { assertDisjoint, at } from './answers';

test('first match decides: an earlier drop wins over a later accept', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b);
  const drop = b.rule(INPUT, { proto: 'tcp', dport: '21' }, 'drop');
  b.rule(INPUT, { proto: 'tcp', dport: '21' }, 'accept');
  const s = at(evaluate(b.build(), question()), 21);
  assert.equal(s.verdict, 'drop');
  assert.equal(s.decidedBy, drop);
});

test('an -I style insertion at position 1 takes effect first', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  b.rule(INPUT, { proto: 'tcp', dport: '21' }, 'drop');
  const inserted = b.rule(INPUT, { proto: 'tcp', dport: '21' }, 'accept', 0);
  const s = at(evaluate(b.build(), question()), 21);
  assert.equal(s.verdict, 'accept');
  assert.equal(s.decidedBy, inserted);
});

test('the chain policy decides when no rule matches', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  b.rule(INPUT, { proto: 'tcp', dport: '22' }, 'accept');
  const s = at(evaluate(b.build(), question()), 21);
  assert.equal(s.verdict, 'drop');
  assert.equal(s.decidedBy, undefined);
  assert.equal(s.policyOf, INPUT.key);
});

test('segments over ranges: accept 21 and 50000-50999 give exact segments', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  const ctl = b.rule(INPUT, { proto: 'tcp', dport: '21' }, 'accept');
  const pasv = b.rule(INPUT, { proto: 'tcp', dport: '50000-50999' }, 'accept');
  const answer = evaluate(b.build(), question({ dport: PortSet.ALL }));
  assertDisjoint(answer);
  assert.equal(answer.segments.length, 3);
  const accepted = answer.segments.filter((s) => s.verdict === 'accept');
  assert.deepEqual(accepted.map((s) => [s.dport.toString(), s.decidedBy?.id]), [['21', ctl.id], ['50000-50999', pasv.id]]);
  const dropped = answer.segments.find((s) => s.verdict === 'drop');
  assert.equal(dropped?.dport.toString(), '0-20, 22-49999, 51000-65535');
  assert.equal(dropped?.sport.toString(), '1024-65535');
});

test('segments split on source ports too (from port 20 to high ports)', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  const active = b.rule(INPUT, { proto: 'tcp', sport: '20', dport: '1024-65535' }, 'accept');
  const answer = evaluate(b.build(), question({ sport: PortSet.ALL, dport: PortSet.range(1024, 65535) }));
  assertDisjoint(answer);
  assert.equal(at(answer, 3128, 20).decidedBy, active);
  assert.equal(at(answer, 3128, 21).verdict, 'drop');
  assert.equal(answer.segments.length, 2);
});

test('jump returns at the end of the user chain and on RETURN', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  const ftp = b.chain('FTP');
  const jump = b.rule(INPUT, { proto: 'tcp' }, { jump: 'FTP' });
  const accept = b.rule(INPUT, { proto: 'tcp', dport: '22' }, 'accept');
  const ret = b.rule(ftp, { dport: '22' }, 'return');
  b.rule(ftp, { dport: '21-22' }, 'accept');
  const rs = b.build();
  const s21 = at(evaluate(rs, question()), 21);
  assert.equal(s21.verdict, 'accept');
  assert.deepEqual(s21.trail, [jump]);
  const s22 = at(evaluate(rs, question({ dport: PortSet.of(22) })), 22);
  assert.equal(s22.decidedBy, accept);
  assert.deepEqual(s22.trail, [jump, ret]);
  const s23 = at(evaluate(rs, question({ dport: PortSet.of(23) })), 23);
  assert.equal(s23.verdict, 'drop');
  assert.equal(s23.policyOf, INPUT.key);
});

test('goto does not return to the chain that went there', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  const input = b.chain('input', { base: { hook: 'input', policy: 'accept' } });
  const outer = b.chain('outer');
  const inner = b.chain('inner');
  b.rule(input, {}, { jump: 'outer' });
  const after = b.rule(input, { dport: '21' }, 'drop');
  b.rule(outer, {}, { goto: 'inner' });
  b.rule(outer, { dport: '21' }, 'accept');
  b.rule(inner, { dport: '22' }, 'accept');
  const s = at(evaluate(b.build(), question()), 21);
  // inner falls through: back to input (the caller of outer), skipping the rest of outer.
  assert.equal(s.verdict, 'drop');
  assert.equal(s.decidedBy, after);
  void inner;
});

test('several base chains: accept is not final, drop is', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  const early = b.chain('early', { base: { hook: 'input', priority: -10, policy: 'accept' } });
  const late = b.chain('late', { base: { hook: 'input', priority: 10, policy: 'accept' } });
  const acceptEarly = b.rule(early, { proto: 'tcp', dport: '21' }, 'accept');
  const dropLate = b.rule(late, { proto: 'tcp', dport: '21' }, 'drop');
  const acceptLate = b.rule(late, { proto: 'tcp', dport: '22' }, 'accept');
  const dropEarly = b.rule(early, { proto: 'tcp', dport: '22' }, 'drop');
  const rs = b.build();
  const s21 = at(evaluate(rs, question()), 21);
  assert.equal(s21.verdict, 'drop');
  assert.equal(s21.decidedBy, dropLate);
  assert.deepEqual(s21.trail, [acceptEarly]);
  const s22 = at(evaluate(rs, question({ dport: PortSet.of(22) })), 22);
  assert.equal(s22.verdict, 'drop');
  assert.equal(s22.decidedBy, dropEarly);
  void acceptLate;
});

test('base chains run by priority, not by declaration order', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  const declaredFirst = b.chain('second', { base: { hook: 'input', priority: 5, policy: 'accept' } });
  const declaredSecond = b.chain('first', { base: { hook: 'input', priority: -5, policy: 'accept' } });
  const reject = b.rule(declaredSecond, { dport: '21' }, 'reject');
  b.rule(declaredFirst, { dport: '21' }, 'drop');
  const s = at(evaluate(b.build(), question()), 21);
  assert.equal(s.verdict, 'reject');
  assert.equal(s.decidedBy, reject);
});

test('prerouting chains run before input chains; a drop policy there is final', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  const pre = b.chain('pre', { base: { hook: 'prerouting', priority: 0, policy: 'drop' } });
  const input = b.chain('input', { base: { hook: 'input', policy: 'accept' } });
  b.rule(input, { dport: '21' }, 'accept');
  b.rule(pre, { dport: '22' }, 'accept');
  const rs = b.build();
  assert.equal(at(evaluate(rs, question()), 21).policyOf, pre.key);
  assert.equal(at(evaluate(rs, question({ dport: PortSet.of(22) })), 22).verdict, 'accept');
  // The output path never meets prerouting.
  assert.equal(at(evaluate(rs, question({ path: 'output' })), 21).verdict, 'accept');
});

test('family filtering: ip chains see IPv4 only, ip6 chains IPv6 only, inet both', () => {
  const b = new RulesetBuilder('nftables', 'ip');
  const v4 = b.chain('input', { family: 'ip', base: { hook: 'input', policy: 'drop' } });
  const v6 = b.chain('input', { family: 'ip6', base: { hook: 'input', policy: 'accept' } });
  const both = b.chain('input', { family: 'inet', base: { hook: 'input', priority: 10, policy: 'accept' } });
  const ipv6Only = b.rule(both, { ipv: 6, dport: '21' }, 'reject');
  const rs = b.build();
  assert.equal(at(evaluate(rs, question()), 21).policyOf, v4.key);
  const six = at(evaluate(rs, question({ ipVersion: 6 })), 21);
  assert.equal(six.decidedBy, ipv6Only);
  void v6;
});

test('nat chains do not filter', () => {
  const b = new RulesetBuilder('iptables');
  const pre = b.chain('PREROUTING', { table: 'nat', base: { hook: 'prerouting', type: 'nat', priority: -100 } });
  b.rule(pre, { dport: '21' }, 'drop');
  iptablesFilter(b);
  assert.equal(at(evaluate(b.build(), question()), 21).verdict, 'accept');
});

test('protocol, address and state matching', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  b.rule(INPUT, { proto: 'udp', dport: '21' }, 'accept');
  b.rule(INPUT, { proto: 'tcp', dport: '21', src: '192.0.2.0/24' }, 'accept');
  const established = b.rule(INPUT, { state: ['established', 'related'] }, 'accept');
  const newOnly = b.rule(INPUT, { proto: '6', dport: '21', state: ['new'], src: '!10.0.0.0/8' }, 'accept');
  const rs = b.build();
  assert.equal(at(evaluate(rs, question({ src: addr('198.51.100.1') })), 21).decidedBy, newOnly);
  assert.equal(at(evaluate(rs, question({ src: addr('10.1.1.1') })), 21).verdict, 'drop');
  assert.equal(at(evaluate(rs, question({ src: addr('192.0.2.7') })), 21).decidedBy?.match.src.kind, 'intervals');
  assert.equal(at(evaluate(rs, question({ ctState: 'related', src: addr('10.1.1.1') })), 21).decidedBy, established);
});

test('open questions read optimistically: a maybe-accept matches, a maybe-drop does not, both mark uncertainty', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  b.rule(INPUT, { proto: 'tcp', dport: '21', src: '203.0.113.0/24' }, 'drop');
  b.rule(INPUT, { proto: 'tcp', dport: '21', opaque: ['-m recent --rcheck'] }, 'drop');
  const accept = b.rule(INPUT, { proto: 'tcp', dport: '21', opaque: ['-m limit --limit 5/min'] }, 'accept');
  const rs = b.build();
  const s = at(evaluate(rs, question()), 21);
  assert.equal(s.verdict, 'accept');
  assert.equal(s.decidedBy, accept);
  assert.equal(s.uncertain, true);
  const certain = at(evaluate(rs, question({ dport: PortSet.of(22) })), 22);
  assert.equal(certain.uncertain, false);
  // A concrete source settles the address test: the drop applies for sure.
  assert.equal(at(evaluate(rs, question({ src: addr('203.0.113.9') })), 21).verdict, 'drop');
});

test('symbolic addresses and a jump into a dropping chain are read optimistically', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'accept' });
  const block = b.chain('BLOCKLIST');
  b.rule(INPUT, { src: '198.51.100.0/24' }, { jump: 'BLOCKLIST' });
  const symbolic = b.rule(INPUT, { dst: 'myhost.example', dport: '21' }, 'accept');
  b.rule(block, {}, 'drop');
  const s = at(evaluate(b.build(), question()), 21);
  assert.equal(s.verdict, 'accept');
  assert.equal(s.decidedBy, symbolic);
  assert.equal(s.uncertain, true);
  assert.deepEqual(s.trail, []);
});

test('interfaces: lo never matches an unnamed interface, !lo does, wildcards match by prefix', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  const lo = b.rule(INPUT, { iif: 'lo' }, 'accept');
  const notLo = b.rule(INPUT, { iif: '!lo', dport: '22' }, 'accept');
  const eth = b.rule(INPUT, { iif: 'eth+', dport: '21' }, 'accept');
  const rs = b.build();
  assert.equal(at(evaluate(rs, question({ inInterface: 'eth1' })), 21).decidedBy, eth);
  assert.equal(at(evaluate(rs, question({ inInterface: 'ppp0' })), 21).verdict, 'drop');
  assert.equal(at(evaluate(rs, question({ inInterface: 'lo' })), 21).decidedBy, lo);
  const open22 = at(evaluate(rs, question({ dport: PortSet.of(22) })), 22);
  assert.equal(open22.decidedBy, notLo);
  assert.equal(open22.uncertain, false);
  const open21 = at(evaluate(rs, question()), 21);
  assert.equal(open21.decidedBy, eth);
  assert.equal(open21.uncertain, true);
});

test('ct status dnat matches only DNATed packets', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  const fwd = b.chain('forward', { base: { hook: 'forward', policy: 'drop' } });
  const dnat = b.rule(fwd, { status: ['dnat'] }, 'accept');
  const rs = b.build();
  assert.equal(at(evaluate(rs, question({ path: 'forward', dnatted: true })), 21).decidedBy, dnat);
  assert.equal(at(evaluate(rs, question({ path: 'forward' })), 21).verdict, 'drop');
});

test('RELATED acceptance and helper matching', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  const related = b.rule(INPUT, { state: ['related'], ctHelper: 'ftp', proto: 'tcp' }, 'accept');
  const rs = b.build();
  const data = question({ ctState: 'related', ctHelper: 'ftp', dport: PortSet.range(1024, 65535) });
  assert.equal(at(evaluate(rs, data), 50000).decidedBy, related);
  assert.equal(at(evaluate(rs, { ...data, ctHelper: 'sip' }), 50000).verdict, 'drop');
  assert.equal(at(evaluate(rs, { ...data, ctHelper: undefined }), 50000).verdict, 'drop');
  assert.equal(at(evaluate(rs, { ...data, ctState: 'new' }), 50000).verdict, 'drop');
});

test('synOnly rules match the first packet of new and related connections', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  const syn = b.rule(INPUT, { proto: 'tcp', syn: true, dport: '21' }, 'accept');
  const rs = b.build();
  assert.equal(at(evaluate(rs, question()), 21).decidedBy, syn);
  assert.equal(at(evaluate(rs, question({ ctState: 'established' })), 21).verdict, 'drop');
});

test('forward path meets prerouting, forward and postrouting chains', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  const fwd = b.chain('forward', { base: { hook: 'forward', policy: 'accept' } });
  const post = b.chain('post', { base: { hook: 'postrouting', priority: 0, policy: 'accept' } });
  b.rule(fwd, { oif: 'eth0', dport: '21' }, 'accept');
  const last = b.rule(post, { oif: 'eth0', dport: '21' }, 'drop');
  const s = at(evaluate(b.build(), question({ path: 'forward', inInterface: 'eth1', outInterface: 'eth0' })), 21);
  assert.equal(s.decidedBy, last);
  assert.equal(s.trail.length, 1);
});

test('output interface rules do not match on input, input interface rules not on output', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  const input = b.chain('input', { base: { hook: 'input', policy: 'accept' } });
  const output = b.chain('output', { base: { hook: 'output', policy: 'accept' } });
  b.rule(input, { oif: 'eth0' }, 'drop');
  b.rule(output, { iif: 'eth0' }, 'drop');
  const rs = b.build();
  assert.equal(at(evaluate(rs, question()), 21).verdict, 'accept');
  assert.equal(at(evaluate(rs, question({ path: 'output' })), 21).verdict, 'accept');
});

test('a question answers every port pair exactly once even with many overlapping rules', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b, { input: 'drop' });
  const specs = ['20-30', '25', '!25', '1000-2000', '1500-65535', '0-10'];
  specs.forEach((d, i) => b.rule(INPUT, { dport: d, sport: i % 2 ? '1024-40000' : undefined }, i % 3 === 0 ? 'drop' : 'accept'));
  const rs = b.build();
  const answer = evaluate(rs, question({ sport: PortSet.ALL, dport: PortSet.ALL }));
  assertDisjoint(answer);
  // Cross-check sampled ports against a direct first-match reading of the chain.
  for (const dport of [0, 5, 11, 20, 25, 26, 999, 1000, 1499, 1500, 2001, 65535]) {
    for (const sport of [0, 1023, 1024, 40000, 40001]) {
      const first = INPUT.rules.find((r) => (!r.match.dport || r.match.dport.has(dport)) && (!r.match.sport || r.match.sport.has(sport)));
      const expected = first ? first.verdict.kind : 'drop';
      assert.equal(at(answer, dport, sport).verdict, expected, `sport ${sport} dport ${dport}`);
    }
  }
  assert.ok(ports('!25').has(26));
});
