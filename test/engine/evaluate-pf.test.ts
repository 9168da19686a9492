import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../server/src/engine/evaluate';
import { PortSet } from '../../server/src/model/ports';
import { RulesetBuilder, addr, question } from './build';
import { assertDisjoint, at } from './answers';

function pf() {
  const b = new RulesetBuilder('pf');
  const filter = b.chain('filter', { table: 'filter', base: { hook: 'pf-filter' } });
  return { b, filter };
}

test('pf: the last matching rule wins', () => {
  const { b, filter } = pf();
  b.rule(filter, { dir: 'in', proto: 'tcp', dport: '21' }, 'accept');
  const block = b.rule(filter, { dir: 'in' }, 'drop');
  const s = at(evaluate(b.build(), question({ inInterface: 'em0' })), 21);
  assert.equal(s.verdict, 'drop');
  assert.equal(s.decidedBy, block);
  assert.equal(s.trail.length, 1);
});

test('pf: block all then pass 21 lets 21 through and blocks the rest', () => {
  const { b, filter } = pf();
  b.rule(filter, {}, 'drop');
  const pass = b.rule(filter, { dir: 'in', proto: 'tcp', dport: '21' }, 'accept');
  const answer = evaluate(b.build(), question({ dport: PortSet.ALL }));
  assertDisjoint(answer);
  assert.equal(at(answer, 21).decidedBy, pass);
  assert.equal(at(answer, 22).verdict, 'drop');
});

test('pf: quick ends evaluation at the first quick match', () => {
  const { b, filter } = pf();
  const quick = b.rule(filter, { dir: 'in', proto: 'tcp', dport: '21', quick: true }, 'accept');
  b.rule(filter, { dir: 'in' }, 'drop');
  b.rule(filter, { dir: 'in', quick: true }, 'reject');
  const rs = b.build();
  assert.equal(at(evaluate(rs, question()), 21).decidedBy, quick);
  assert.equal(at(evaluate(rs, question({ dport: PortSet.of(22) })), 22).verdict, 'reject');
});

test('pf: a packet no rule matches passes', () => {
  const { b, filter } = pf();
  b.rule(filter, { dir: 'out' }, 'drop');
  const s = at(evaluate(b.build(), question()), 21);
  assert.equal(s.verdict, 'accept');
  assert.equal(s.decidedBy, undefined);
  assert.equal(s.policyOf, undefined);
});

test('pf: direction picks the pass; output questions meet `out` rules', () => {
  const { b, filter } = pf();
  const outBlock = b.rule(filter, { dir: 'out', proto: 'tcp', dport: '21' }, 'drop');
  const rs = b.build();
  assert.equal(at(evaluate(rs, question()), 21).verdict, 'accept');
  assert.equal(at(evaluate(rs, question({ path: 'output' })), 21).decidedBy, outBlock);
});

test('pf: match rules never decide', () => {
  const { b, filter } = pf();
  const block = b.rule(filter, {}, 'drop');
  const match = b.rule(filter, { dir: 'in', dport: '21' }, 'continue');
  const s = at(evaluate(b.build(), question()), 21);
  assert.equal(s.decidedBy, block);
  assert.deepEqual(s.trail, [match]);
});

test('pf: inline anchors are evaluated in place, and quick inside ends everything', () => {
  const { b, filter } = pf();
  const anchor = b.chain('ftp', { table: 'filter' });
  b.rule(filter, {}, 'drop');
  b.rule(filter, { dir: 'in', proto: 'tcp' }, { anchor: 'ftp', inline: true });
  const late = b.rule(filter, { dir: 'in', dport: '22' }, 'drop');
  const inAnchor = b.rule(anchor, { dport: '21-22' }, 'accept');
  const quick = b.rule(anchor, { dport: '22', quick: true }, 'accept');
  const rs = b.build();
  assert.equal(at(evaluate(rs, question()), 21).decidedBy, inAnchor);
  assert.equal(at(evaluate(rs, question({ dport: PortSet.of(22) })), 22).decidedBy, quick);
  void late;
});

test('pf: an inline anchor whose own conditions do not match is skipped', () => {
  const { b, filter } = pf();
  const anchor = b.chain('inside', { table: 'filter' });
  const block = b.rule(filter, {}, 'drop');
  b.rule(filter, { dir: 'out' }, { anchor: 'inside', inline: true });
  b.rule(anchor, { dport: '21' }, 'accept');
  assert.equal(at(evaluate(b.build(), question()), 21).decidedBy, block);
});

test('pf: a run-time anchor (ftp-proxy/*) contributes nothing to the verdict', () => {
  const { b, filter } = pf();
  const block = b.rule(filter, {}, 'drop');
  b.rule(filter, {}, { anchor: 'ftp-proxy/*', inline: false });
  const s = at(evaluate(b.build(), question({ dport: PortSet.of(50000) })), 50000);
  assert.equal(s.decidedBy, block);
});

test('pf: rdr pass skips filtering; plain rdr is filtered as translated', () => {
  const { b, filter } = pf();
  const rdr = b.chain('rdr', { table: 'nat', base: { hook: 'prerouting', type: 'nat' } });
  const rdrPass = b.rule(rdr, { iif: 'em0', proto: 'tcp', dport: '21', skipsFilter: true, dnat: { address: '10.0.0.2' } }, 'accept');
  b.rule(rdr, { iif: 'em0', proto: 'tcp', dport: '50000-50999', dnat: { address: '10.0.0.2' } }, 'accept');
  b.rule(filter, {}, 'drop');
  const passInside = b.rule(filter, { dir: 'in', dst: '10.0.0.2', dport: '50000-50100' }, 'accept');
  const rs = b.build();
  const q = question({ path: 'forward', inInterface: 'em0', outInterface: 'em1', dport: PortSet.ALL });
  const answer = evaluate(rs, q);
  assertDisjoint(answer);
  // 21 skips the in pass, but the out pass still filters it (block all).
  assert.equal(at(answer, 21).verdict, 'drop');
  assert.ok(at(answer, 21).trail.includes(rdrPass));
  const a50000 = at(answer, 50000);
  assert.equal(a50000.verdict, 'drop'); // in passes, out blocked by `block`
  assert.ok(a50000.trail.includes(passInside));
  const input = evaluate(rs, question({ inInterface: 'em0', dport: PortSet.ALL }));
  assert.equal(at(input, 21).decidedBy, rdrPass);
  assert.equal(at(input, 50050).decidedBy, passInside);
  assert.equal(at(input, 50500).verdict, 'drop');
});

test('pf: forward needs both passes; the inbound rule is named when both pass', () => {
  const { b, filter } = pf();
  b.rule(filter, {}, 'drop');
  const inRule = b.rule(filter, { dir: 'in', iif: 'em1', dport: '21' }, 'accept');
  const outRule = b.rule(filter, { dir: 'out', oif: 'em0', dport: '21' }, 'accept');
  const rs = b.build();
  const s = at(evaluate(rs, question({ path: 'forward', inInterface: 'em1', outInterface: 'em0' })), 21);
  assert.equal(s.verdict, 'accept');
  assert.equal(s.decidedBy, inRule);
  assert.ok(s.trail.includes(outRule));
  assert.equal(at(evaluate(rs, question({ path: 'forward', inInterface: 'em1', outInterface: 'em2' })), 21).verdict, 'drop');
});

test('pf: new-style rdr-to is applied once the packet passes: filter rules see the original, the outbound pass the translation', () => {
  const { b, filter } = pf();
  b.rule(filter, {}, 'drop');
  const match = b.rule(filter, { dir: 'in', dport: '21', dnat: { address: '10.0.0.2' } }, 'continue');
  const passOriginal = b.rule(filter, { dir: 'in', dst: '203.0.113.1', dport: '21' }, 'accept');
  b.rule(filter, { dir: 'in', dst: '10.0.0.2', dport: '21' }, 'drop');
  const passOut = b.rule(filter, { dir: 'out', dst: '10.0.0.2', dport: '21' }, 'accept');
  const rs = b.build();
  const s = at(evaluate(rs, question({ dst: addr('203.0.113.1') })), 21);
  assert.equal(s.decidedBy, passOriginal);
  assert.ok(s.trail.includes(match));
  const fwd = at(evaluate(rs, question({ path: 'forward', dst: addr('203.0.113.1'), inInterface: 'em0', outInterface: 'em1' })), 21);
  assert.equal(fwd.verdict, 'accept');
  assert.ok(fwd.trail.includes(passOut));
});

test('pf: interface groups and macros may match; a maybe-block does not decide', () => {
  const { b, filter } = pf();
  const pass = b.rule(filter, { dir: 'in', iif: 'egress', dport: '21' }, 'accept');
  b.rule(filter, { dir: 'in', iif: 'em0', dport: '21' }, 'drop');
  const rs = b.build();
  const s = at(evaluate(rs, question({ inInterface: 'em1' })), 21);
  assert.equal(s.decidedBy, pass);
  assert.equal(s.uncertain, true);
  assert.equal(at(evaluate(rs, question({ inInterface: 'em0' })), 21).verdict, 'drop');
});
