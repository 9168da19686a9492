import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findUnreachableRules, GENERAL_WINDOW } from '../../server/src/engine/shadowing';
import { RulesetBuilder, iptablesFilter } from './build';

function summary(b: RulesetBuilder) {
  return findUnreachableRules(b.build()).map((u) => [u.rule.id, u.shadowedBy.map((r) => r.id)]);
}

test('FW003: an earlier accept of a wider port range shadows a later rule', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b);
  const wide = b.rule(INPUT, { proto: 'tcp', dport: '1024-65535' }, 'accept');
  const narrow = b.rule(INPUT, { proto: 'tcp', dport: '3128', src: '10.0.0.0/8' }, 'drop');
  assert.deepEqual(summary(b), [[narrow.id, [wide.id]]]);
});

test('FW003 near miss: the earlier rule covers only part of the later one', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b);
  b.rule(INPUT, { proto: 'tcp', dport: '1024-50000' }, 'accept');
  b.rule(INPUT, { proto: 'tcp', dport: '40000-60000' }, 'drop');
  b.rule(INPUT, { proto: 'tcp', dport: '21', src: '10.0.0.0/8' }, 'accept');
  b.rule(INPUT, { proto: 'tcp', dport: '21' }, 'drop');
  b.rule(INPUT, { proto: 'udp', dport: '2000' }, 'drop');
  assert.deepEqual(summary(b), []);
});

test('FW003: address, interface and state coverage', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b);
  const net = b.rule(INPUT, { src: '192.0.2.0/24', iif: 'eth+' }, 'drop');
  const host = b.rule(INPUT, { src: '192.0.2.7', iif: 'eth0', proto: 'tcp', dport: '21' }, 'accept');
  b.rule(INPUT, { src: '192.0.2.7', proto: 'tcp', dport: '22' }, 'accept'); // no interface: wider than eth+
  const est = b.rule(INPUT, { state: ['established', 'related'] }, 'accept');
  const rel = b.rule(INPUT, { state: ['related'], proto: 'tcp' }, 'accept');
  b.rule(INPUT, { state: ['new', 'related'] }, 'accept');
  assert.deepEqual(summary(b), [
    [host.id, [net.id]],
    [rel.id, [est.id]],
  ]);
});

test('FW003: opaque conditions on the earlier rule prevent a report; on the later rule they do not', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b);
  b.rule(INPUT, { proto: 'tcp', dport: '22', opaque: ['-m recent --update'] }, 'drop');
  b.rule(INPUT, { proto: 'tcp', dport: '22' }, 'accept');
  const c = b.rule(INPUT, { proto: 'tcp', dport: '25' }, 'accept');
  const d = b.rule(INPUT, { proto: 'tcp', dport: '25', opaque: ['-m limit'] }, 'accept');
  assert.deepEqual(summary(b), [[d.id, [c.id]]]);
});

test('FW003: everything after an unconditional drop is unreachable, logging included', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b);
  const jump = b.rule(INPUT, { proto: 'tcp' }, { jump: 'X' });
  const drop = b.rule(INPUT, {}, 'drop');
  const log = b.rule(INPUT, { log: true }, 'continue');
  const accept = b.rule(INPUT, { dport: '21', proto: 'tcp' }, 'accept');
  assert.deepEqual(summary(b), [
    [log.id, [drop.id]],
    [accept.id, [drop.id]],
  ]);
  void jump;
});

test('FW003: jumps and logging never shadow; a later LOG is not reported when only a jump precedes it', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b);
  b.rule(INPUT, {}, { jump: 'X' });
  b.rule(INPUT, { log: true }, 'continue');
  b.rule(INPUT, { dport: '21', proto: 'tcp' }, 'accept');
  assert.deepEqual(summary(b), []);
});

test('FW003: protocol all covers tcp; negated protocols', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b);
  const notUdp = b.rule(INPUT, { proto: '!udp', src: '198.51.100.0/24' }, 'drop');
  const tcp = b.rule(INPUT, { proto: 'tcp', src: '198.51.100.0/25' }, 'accept');
  b.rule(INPUT, { proto: 'udp', src: '198.51.100.0/25' }, 'accept');
  const all = b.rule(INPUT, { proto: 'all', dst: '203.0.113.1' }, 'reject');
  const tcp2 = b.rule(INPUT, { proto: 'tcp', dport: '80', dst: '203.0.113.1' }, 'accept');
  assert.deepEqual(summary(b), [
    [tcp.id, [notUdp.id]],
    [tcp2.id, [all.id]],
  ]);
});

test('FW003 pf: a later pass overrides an earlier block (deny before allow)', () => {
  const b = new RulesetBuilder('pf');
  const f = b.chain('filter', { base: { hook: 'pf-filter' } });
  const block = b.rule(f, { dir: 'in', proto: 'tcp', dport: '3128' }, 'drop');
  const pass = b.rule(f, { dir: 'in', proto: 'tcp', dport: '1024-65535' }, 'accept');
  assert.deepEqual(summary(b), [[block.id, [pass.id]]]);
});

test('FW003 pf near miss: quick block before the pass is effective, and a later narrower rule does not override', () => {
  const b = new RulesetBuilder('pf');
  const f = b.chain('filter', { base: { hook: 'pf-filter' } });
  b.rule(f, { dir: 'in', proto: 'tcp', dport: '3128', quick: true }, 'drop');
  const passHigh = b.rule(f, { dir: 'in', proto: 'tcp', dport: '1024-65535' }, 'accept');
  const blockAll = b.rule(f, {}, 'drop');
  b.rule(f, { dir: 'in', proto: 'tcp', dport: '21' }, 'accept');
  b.rule(f, { dir: 'in', proto: 'tcp', dport: '20-21' }, 'continue');
  // Only the high-port pass is overridden (by the later `block`); the quick block and the port-21 pass both decide.
  assert.deepEqual(summary(b), [[passHigh.id, [blockAll.id]]]);
});

test('FW003 pf: an earlier quick rule shadows later rules, match rules included', () => {
  const b = new RulesetBuilder('pf');
  const f = b.chain('filter', { base: { hook: 'pf-filter' } });
  const quick = b.rule(f, { dir: 'in', quick: true }, 'accept');
  const match = b.rule(f, { dir: 'in', dport: '21' }, 'continue');
  const block = b.rule(f, { dir: 'in', dport: '21', quick: true }, 'drop');
  b.rule(f, { dir: 'out', dport: '21', quick: true }, 'drop');
  assert.deepEqual(summary(b), [
    [match.id, [quick.id]],
    [block.id, [quick.id]],
  ]);
});

test('FW003 scales: a long chain of distinct hosts is analysed without pairwise work and finds the duplicates', () => {
  const b = new RulesetBuilder('iptables');
  const { INPUT } = iptablesFilter(b);
  const n = 20000;
  for (let i = 0; i < n; i++) {
    b.rule(INPUT, { src: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, proto: 'tcp', dport: String(1000 + (i % 5000)) }, 'drop');
  }
  const dup = b.rule(INPUT, { src: '10.0.0.5', proto: 'tcp', dport: '1005' }, 'accept');
  for (let i = 0; i < GENERAL_WINDOW + 10; i++) b.rule(INPUT, { proto: 'tcp', dport: `${30000 + i}-${30001 + i}` }, 'accept');
  const result = findUnreachableRules(b.build());
  assert.deepEqual(result.map((u) => u.rule.id), [dup.id]);
});
