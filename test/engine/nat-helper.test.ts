import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignedHelper, evaluate } from '../../server/src/engine/evaluate';
import { questionAfterDnat, translateDestination } from '../../server/src/engine/nat';
import { PortSet } from '../../server/src/model/ports';
import { RulesetBuilder, addr, iptablesFilter, question } from './build';
import { at } from './answers';

test('helper: iptables raw PREROUTING -j CT --helper ftp assigns the helper', () => {
  const b = new RulesetBuilder('iptables');
  const raw = b.chain('PREROUTING', { table: 'raw', base: { hook: 'prerouting', priority: -300 } });
  const ct = b.rule(raw, { proto: 'tcp', dport: '21', helper: 'ftp' }, 'continue');
  iptablesFilter(b);
  const rs = b.build();
  assert.deepEqual(assignedHelper(rs, question()), { helper: 'ftp', rule: ct });
  assert.equal(assignedHelper(rs, question({ dport: PortSet.of(22) })), undefined);
  assert.equal(at(evaluate(rs, question()), 21).helper?.rule, ct);
});

test('helper: nft ct helper set resolves the helper object to its kernel type', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  b.helperObject('ftp-standard', 'ftp');
  const pre = b.chain('pre', { base: { hook: 'prerouting', priority: 0 } });
  const set = b.rule(pre, { proto: 'tcp', dport: '21', helper: 'ftp-standard' }, 'continue');
  assert.deepEqual(assignedHelper(b.build(), question()), { helper: 'ftp', rule: set });
});

test('helper: nft ct helper set at priority raw (-300) does nothing', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  b.helperObject('ftp-standard', 'ftp');
  const pre = b.chain('pre', { base: { hook: 'prerouting', priority: -300 } });
  b.rule(pre, { proto: 'tcp', dport: '21', helper: 'ftp-standard' }, 'continue');
  assert.equal(assignedHelper(b.build(), question()), undefined);
});

test('helper: nft ct helper set in a user chain jumped to from a raw-priority chain does nothing', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  const pre = b.chain('pre', { base: { hook: 'prerouting', priority: -300 } });
  const helpers = b.chain('helpers');
  b.rule(pre, {}, { jump: 'helpers' });
  b.rule(helpers, { proto: 'tcp', dport: '21', helper: 'ftp' }, 'continue');
  assert.equal(assignedHelper(b.build(), question()), undefined);
});

test('helper: an assignment after an accept of port 21 in the same chain is never reached', () => {
  const b = new RulesetBuilder('nftables', 'inet');
  const input = b.chain('input', { base: { hook: 'input', priority: 0 } });
  b.rule(input, { proto: 'tcp', dport: '21' }, 'accept');
  b.rule(input, { proto: 'tcp', dport: '21', helper: 'ftp' }, 'continue');
  assert.equal(assignedHelper(b.build(), question()), undefined);
});

test('helper: output-path assignment for a local client', () => {
  const b = new RulesetBuilder('iptables');
  const rawOut = b.chain('OUTPUT', { table: 'raw', base: { hook: 'output', priority: -300 } });
  const ct = b.rule(rawOut, { proto: 'tcp', dport: '21', helper: 'ftp' }, 'continue');
  const rs = b.build();
  assert.equal(assignedHelper(rs, question({ path: 'output' }))?.rule, ct);
  assert.equal(assignedHelper(rs, question({ path: 'input' })), undefined);
});

test('nat: iptables DNAT of 21 only, not the PASV range', () => {
  const b = new RulesetBuilder('iptables');
  const pre = b.chain('PREROUTING', { table: 'nat', base: { hook: 'prerouting', type: 'nat', priority: -100 } });
  const dnat = b.rule(pre, { iif: 'eth0', proto: 'tcp', dport: '21', dnat: { address: '10.0.0.2' } }, 'accept');
  const rs = b.build();
  const segs = translateDestination(rs, { ipVersion: 4, protocol: 'tcp', dport: PortSet.of(21, { lo: 50000, hi: 50999 }), inInterface: 'eth0' });
  assert.equal(segs.length, 2);
  assert.equal(segs[0].dport.toString(), '21');
  assert.equal(segs[0].toAddress, '10.0.0.2');
  assert.equal(segs[0].decidedBy, dnat);
  assert.equal(segs[1].dport.toString(), '50000-50999');
  assert.equal(segs[1].toAddress, undefined);
  // Arriving on another interface, nothing is translated.
  const other = translateDestination(rs, { ipVersion: 4, protocol: 'tcp', dport: PortSet.of(21), inInterface: 'eth1' });
  assert.equal(other[0].decidedBy, undefined);
});

test('nat: the first translation across nft nat chains wins; jumps are followed', () => {
  const b = new RulesetBuilder('nftables', 'ip');
  const first = b.chain('dnat1', { table: 'nat', base: { hook: 'prerouting', type: 'nat', priority: -100 } });
  const second = b.chain('dnat2', { table: 'nat', base: { hook: 'prerouting', type: 'nat', priority: -90 } });
  const fwd = b.chain('ftp_fwd', { table: 'nat' });
  b.rule(first, { proto: 'tcp' }, { jump: 'ftp_fwd' });
  const range = b.rule(fwd, { dport: '21,50000-50999', dnat: { address: '10.0.0.2' } }, 'accept');
  const later = b.rule(second, { dport: '1-65535', dnat: { address: '10.0.0.9' } }, 'accept');
  const segs = translateDestination(b.build(), { ipVersion: 4, protocol: 'tcp', dport: PortSet.range(20, 50999) });
  const by = (p: number) => segs.find((s) => s.dport.has(p));
  assert.equal(by(21)?.decidedBy, range);
  assert.equal(by(50500)?.decidedBy, range);
  assert.equal(by(20)?.decidedBy, later);
  assert.equal(by(20)?.toAddress, '10.0.0.9');
});

test('nat: REDIRECT goes to this host', () => {
  const b = new RulesetBuilder('iptables');
  const pre = b.chain('PREROUTING', { table: 'nat', base: { hook: 'prerouting', type: 'nat', priority: -100 } });
  b.rule(pre, { proto: 'tcp', dport: '21', redirect: '8021' }, 'accept');
  const [seg] = translateDestination(b.build(), { ipVersion: 4, protocol: 'tcp', dport: PortSet.of(21) });
  assert.equal(seg.local, true);
  assert.equal(seg.toPorts?.toString(), '8021');
  const q = questionAfterDnat(question({ path: 'forward' }), seg);
  assert.equal(q.path, 'input');
  assert.equal(q.dport.toString(), '8021');
});

test('nat: questionAfterDnat asks the forward path for the translated packet', () => {
  const b = new RulesetBuilder('iptables');
  const pre = b.chain('PREROUTING', { table: 'nat', base: { hook: 'prerouting', type: 'nat', priority: -100 } });
  b.rule(pre, { proto: 'tcp', dport: '21', dnat: { address: '10.0.0.2' } }, 'accept');
  const { FORWARD } = iptablesFilter(b, { forward: 'drop' });
  const fwd = b.rule(FORWARD, { dst: '10.0.0.2', dport: '21', status: ['dnat'] }, 'accept');
  const rs = b.build();
  const [seg] = translateDestination(rs, { ipVersion: 4, protocol: 'tcp', dport: PortSet.of(21) });
  const q = questionAfterDnat(question({ inInterface: 'eth0', outInterface: 'eth1' }), seg);
  assert.equal(q.path, 'forward');
  assert.equal(q.dnatted, true);
  assert.deepEqual(q.dst, addr('10.0.0.2'));
  assert.equal(at(evaluate(rs, q), 21).decidedBy, fwd);
  // Untranslated segments leave the question as it was.
  const none = { dport: PortSet.of(22), skipsFilter: false };
  assert.equal(questionAfterDnat(q, none), q);
});

test('nat: pf old rdr, new rdr-to on pass rules, and no rdr', () => {
  const b = new RulesetBuilder('pf');
  const rdr = b.chain('rdr', { table: 'nat', base: { hook: 'prerouting', type: 'nat' } });
  const filter = b.chain('filter', { base: { hook: 'pf-filter' } });
  b.rule(rdr, { dport: '2121' }, 'accept');
  const old = b.rule(rdr, { dport: '2000-2999', dnat: { address: '10.0.0.3', ports: '3000-3999' } }, 'accept');
  const passRdr = b.rule(filter, { dir: 'in', dport: '21', skipsFilter: false, dnat: { address: '10.0.0.2' } }, 'accept');
  const rs = b.build();
  const segs = translateDestination(rs, { ipVersion: 4, protocol: 'tcp', dport: PortSet.of(21, 2121, 2500, 22) });
  const by = (p: number) => segs.find((s) => s.dport.has(p));
  assert.equal(by(21)?.decidedBy, passRdr);
  assert.equal(by(21)?.toAddress, '10.0.0.2');
  assert.equal(by(2121)?.decidedBy, undefined);
  assert.equal(by(2500)?.decidedBy, old);
  assert.equal(by(22)?.decidedBy, undefined);
});

test('nat: pf port-range rdr maps one to one, so filter rules see the shifted port', () => {
  const b = new RulesetBuilder('pf');
  const rdr = b.chain('rdr', { table: 'nat', base: { hook: 'prerouting', type: 'nat' } });
  const filter = b.chain('filter', { base: { hook: 'pf-filter' } });
  b.rule(rdr, { dport: '2000-2001', dnat: { address: '10.0.0.3', ports: '3000-3001' } }, 'accept');
  b.rule(filter, { dir: 'in' }, 'drop');
  const pass = b.rule(filter, { dir: 'in', dst: '10.0.0.3', dport: '3001' }, 'accept');
  const answer = evaluate(rs(b), question({ dport: PortSet.range(2000, 2001) }));
  assert.equal(at(answer, 2001).decidedBy, pass);
  assert.equal(at(answer, 2000).verdict, 'drop');
});

function rs(b: RulesetBuilder) {
  return b.build();
}
