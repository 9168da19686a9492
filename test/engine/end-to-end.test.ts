// From dialect text through the front ends into the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRONTENDS } from '../../server/src/dialects';
import { assignedHelper, evaluate } from '../../server/src/engine/evaluate';
import { questionAfterDnat, translateDestination } from '../../server/src/engine/nat';
import { findUnreachableRules } from '../../server/src/engine/shadowing';
import { explainRule } from '../../server/src/explain/explain-rule';
import { PortSet } from '../../server/src/model/ports';
import type { Dialect } from '../../server/src/model/source';
import { addr, question } from './build';
import { assertDisjoint, at } from './answers';

function load(dialect: Dialect, text: string) {
  const result = FRONTENDS[dialect].analyze(text, { uri: `file:///test.${dialect}` });
  assert.deepEqual(result.diagnostics.filter((d) => d.code === 'FW001'), [], 'the fixture parses');
  return result.ruleset;
}

const IPTABLES_SAVE = `*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -i eth0 -p tcp --dport 21 -j DNAT --to-destination 10.0.0.2
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 21 -m conntrack --ctstate NEW -j ACCEPT
-A INPUT -p tcp -m multiport --dports 50000:50999 -j ACCEPT
-A INPUT -p tcp --dport 50100 -j DROP
-A FORWARD -d 10.0.0.2/32 -p tcp --dport 21 -m conntrack --ctstate DNAT -j ACCEPT
COMMIT
`;

test('end to end, iptables-save: control, PASV range, helper, RELATED, DNAT and FW003', () => {
  const rs = load('iptables', IPTABLES_SAVE);
  const answer = evaluate(rs, question({ dport: PortSet.ALL, inInterface: 'eth0' }));
  assertDisjoint(answer);
  assert.equal(at(answer, 21).verdict, 'accept');
  assert.match(at(answer, 21).decidedBy?.text ?? '', /--dport 21/);
  assert.equal(at(answer, 50500).verdict, 'accept');
  assert.equal(at(answer, 22).verdict, 'drop');
  assert.equal(at(answer, 22).policyOf, rs.chains.find((c) => c.name === 'INPUT' && c.table === 'filter')?.key);
  assert.equal(assignedHelper(rs, question())?.helper, 'ftp');
  assert.equal(at(evaluate(rs, question({ ctState: 'related', ctHelper: 'ftp', dport: PortSet.of(40000) })), 40000).verdict, 'accept');

  const nat = translateDestination(rs, { ipVersion: 4, protocol: 'tcp', dport: PortSet.of(21, { lo: 50000, hi: 50999 }), inInterface: 'eth0' });
  const control = nat.find((s) => s.dport.has(21));
  assert.equal(control?.toAddress, '10.0.0.2');
  assert.equal(nat.find((s) => s.dport.has(50000))?.toAddress, undefined);
  const forwarded = evaluate(rs, questionAfterDnat(question({ inInterface: 'eth0', outInterface: 'eth1' }), control ?? nat[0]));
  assert.equal(at(forwarded, 21).verdict, 'accept');

  const unreachable = findUnreachableRules(rs);
  // 50100 lies inside the accepted 50000:50999: the drop never takes effect.
  assert.deepEqual(unreachable.map((u) => u.rule.text), ['-A INPUT -p tcp --dport 50100 -j DROP']);
  assert.match(unreachable[0].shadowedBy[0].text, /50000:50999/);
  assert.match(explainRule(at(answer, 21).decidedBy ?? rs.chains[0].rules[0], rs), /FTP control to a server on this host: \*\*lets through\*\*/);
});

const NFT = `#!/usr/sbin/nft -f
flush ruleset
table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain pre {
    type filter hook prerouting priority raw; policy accept;
    tcp dport 21 ct helper set "ftp-standard"
  }
  chain input {
    type filter hook input priority filter; policy drop;
    ct state established,related accept
    iifname "lo" accept
    tcp dport { 21, 50000-50999 } ct state new accept
    tcp dport 21 drop
    tcp dport 21 ct state new drop
  }
}
`;

test('end to end, nftables: helper at priority raw does nothing; set of ports; FW003 on a shadowed drop', () => {
  const rs = load('nftables', NFT);
  assert.equal(assignedHelper(rs, question()), undefined);
  const answer = evaluate(rs, question({ dport: PortSet.range(1, 65535) }));
  assertDisjoint(answer);
  assert.equal(at(answer, 21).verdict, 'accept');
  assert.equal(at(answer, 50999).verdict, 'accept');
  assert.equal(at(answer, 51000).verdict, 'drop');
  const shadowed = findUnreachableRules(rs);
  // The plain drop still sees packets in other states; the NEW-only drop sees none.
  assert.equal(shadowed.length, 1);
  assert.match(shadowed[0].rule.text, /tcp dport 21 ct state new drop/);
  assert.match(shadowed[0].shadowedBy[0].text, /50000-50999/);
  const helperRule = rs.chains.find((c) => c.name === 'pre')?.rules[0];
  assert.ok(helperRule);
  assert.match(explainRule(helperRule, rs), /No effect/);
});

const PF = `ext_if = "em0"
int_if = "em1"
set skip on lo
anchor "ftp-proxy/*"
pass in quick on $int_if inet proto tcp to port ftp divert-to 127.0.0.1 port 8021
block in all
pass out all
pass in on $ext_if proto tcp to port { ftp, 50000:50999 }
block in on $ext_if proto tcp to port 50500
block in on $ext_if proto tcp to port 8080
pass in on $ext_if proto tcp from any port ftp-data to port 1024:65535
`;

test('end to end, pf: last match, quick divert, default pass, FW003 deny-before-allow', () => {
  const rs = load('pf', PF);
  const answer = evaluate(rs, question({ inInterface: 'em0', dport: PortSet.ALL, sport: PortSet.ALL }));
  assertDisjoint(answer);
  assert.equal(at(answer, 21).verdict, 'accept');
  assert.equal(at(answer, 50000).verdict, 'accept');
  assert.equal(at(answer, 50500).verdict, 'drop');
  assert.equal(at(answer, 22).verdict, 'drop');
  const inside = at(evaluate(rs, question({ inInterface: 'em1' })), 21);
  assert.equal(inside.verdict, 'accept');
  assert.match(inside.decidedBy?.text ?? '', /divert-to/);
  assert.equal(at(evaluate(rs, question({ path: 'output', dst: addr('198.51.100.1') })), 21).verdict, 'accept');
  // Deny before allow: the later pass covers the block of 8080 except for packets from other source ports.
  assert.equal(at(answer, 8080, 20).verdict, 'accept');
  assert.equal(at(answer, 8080, 40000).verdict, 'drop');
  assert.deepEqual(findUnreachableRules(rs).map((u) => u.rule.text), []);
  const moved = load('pf', PF.replace('from any port ftp-data to port 1024:65535', 'to port 1024:65535'));
  const reported = findUnreachableRules(moved);
  assert.deepEqual(reported.map((u) => u.rule.text), ['block in on $ext_if proto tcp to port 50500', 'block in on $ext_if proto tcp to port 8080']);
  assert.ok(reported.every((u) => /1024:65535/.test(u.shadowedBy[0].text)));
});
