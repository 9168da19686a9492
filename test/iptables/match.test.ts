// Data-driven: one rule in, the model facts it must produce out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAddress } from '../../server/src/model/addresses';
import type { Match } from '../../server/src/model/ruleset';
import { errors, ruleOf } from './helpers';

interface Case {
  readonly rule: string;
  readonly expect: (m: Match) => void;
}

const ports = (p: Match['dport']): string | undefined => p?.toString();

const CASES: readonly Case[] = [
  { rule: '-p tcp --dport 21', expect: (m) => assert.equal(ports(m.dport), '21') },
  { rule: '-p tcp --destination-port ftp', expect: (m) => assert.equal(ports(m.dport), '21') },
  { rule: '-p tcp --sport ftp-data', expect: (m) => assert.equal(ports(m.sport), '20') },
  { rule: '-p tcp --dport www', expect: (m) => assert.equal(ports(m.dport), '80') },
  { rule: '-p tcp --dport http', expect: (m) => assert.equal(ports(m.dport), '80') },
  { rule: '-p udp --source-port 53', expect: (m) => assert.equal(ports(m.sport), '53') },
  { rule: '-p tcp --dport 50000:50999', expect: (m) => assert.equal(ports(m.dport), '50000-50999') },
  { rule: '-p tcp --dport 1024:', expect: (m) => assert.equal(ports(m.dport), '1024-65535') },
  { rule: '-p tcp --sport :1023', expect: (m) => assert.equal(ports(m.sport), '0-1023') },
  { rule: '-p tcp ! --dport 22', expect: (m) => assert.equal(ports(m.dport), '0-21, 23-65535') },
  { rule: '-p tcp --dport ! 22', expect: (m) => assert.equal(ports(m.dport), '0-21, 23-65535') },
  { rule: '-p tcp -m tcp --dport 21', expect: (m) => assert.equal(ports(m.dport), '21') },
  { rule: '-m tcp --dport 21 -p tcp', expect: (m) => assert.equal(ports(m.dport), '21') },
  { rule: '-p tcp -m multiport --dports 21,50000:50999', expect: (m) => assert.equal(ports(m.dport), '21, 50000-50999') },
  { rule: '-p tcp -m multiport --destination-ports ftp,ssh', expect: (m) => assert.equal(ports(m.dport), '21-22') },
  { rule: '-p udp -m multiport --sports 53,123', expect: (m) => assert.equal(ports(m.sport), '53, 123') },
  { rule: '-p tcp -m multiport ! --dports 21,22', expect: (m) => assert.equal(ports(m.dport), '0-20, 23-65535') },
  { rule: '-p tcp -m multiport --ports 21', expect: (m) => assert.deepEqual([m.dport, m.sport, m.opaque.length], [undefined, undefined, 1]) },
  { rule: '-p tcp', expect: (m) => assert.deepEqual(m.protocol, { names: ['tcp'], negated: false }) },
  { rule: '-p 6', expect: (m) => assert.deepEqual(m.protocol, { names: ['tcp'], negated: false }) },
  { rule: '-p TCP', expect: (m) => assert.deepEqual(m.protocol, { names: ['tcp'], negated: false }) },
  { rule: '-p all', expect: (m) => assert.equal(m.protocol, undefined) },
  { rule: '! -p udp', expect: (m) => assert.deepEqual(m.protocol, { names: ['udp'], negated: true }) },
  { rule: '-s 10.0.0.0/8', expect: (m) => assert.equal(formatAddress(m.src), '10.0.0.0/8') },
  { rule: '-s 10.0.0.0/255.0.0.0', expect: (m) => assert.equal(m.src.kind === 'intervals' && m.src.intervals[0].hi, 0x0affffffn) },
  { rule: '-d 198.51.100.1,198.51.100.9', expect: (m) => assert.equal(m.dst.kind === 'intervals' && m.dst.intervals.length, 2) },
  { rule: '! -s 192.168.0.0/16', expect: (m) => assert.equal(formatAddress(m.src), 'not 192.168.0.0/16') },
  { rule: '-s ! 192.168.0.0/16', expect: (m) => assert.equal(formatAddress(m.src), 'not 192.168.0.0/16') },
  { rule: '-s 0.0.0.0/0', expect: (m) => assert.equal(m.src.kind, 'any') },
  { rule: '-s ftp.example.org', expect: (m) => assert.deepEqual(m.src, { kind: 'symbolic', text: 'ftp.example.org', negated: false }) },
  { rule: '-s 10.1.2.3/255.0.255.0', expect: (m) => assert.equal(m.src.kind, 'symbolic') },
  { rule: '-i eth0', expect: (m) => assert.deepEqual(m.inInterface, { names: ['eth0'], negated: false }) },
  { rule: '-o ppp+', expect: (m) => assert.deepEqual(m.outInterface, { names: ['ppp+'], negated: false }) },
  { rule: '! -i lo', expect: (m) => assert.deepEqual(m.inInterface, { names: ['lo'], negated: true }) },
  { rule: '-i +', expect: (m) => assert.equal(m.inInterface, undefined) },
  { rule: '-m state --state ESTABLISHED,RELATED', expect: (m) => assert.deepEqual([...(m.ctState ?? [])], ['established', 'related']) },
  { rule: '-m conntrack --ctstate NEW', expect: (m) => assert.deepEqual([[...(m.ctState ?? [])], m.ctStateNegated], [['new'], false]) },
  { rule: '-m conntrack ! --ctstate INVALID', expect: (m) => assert.deepEqual([[...(m.ctState ?? [])], m.ctStateNegated], [['invalid'], true]) },
  { rule: '-m conntrack --ctstate UNTRACKED', expect: (m) => assert.deepEqual([...(m.ctState ?? [])], ['untracked']) },
  { rule: '-m conntrack --ctstate DNAT', expect: (m) => assert.deepEqual([[...(m.ctStatus ?? [])], m.ctState], [['dnat'], undefined]) },
  { rule: '-m conntrack --ctstatus ASSURED', expect: (m) => assert.deepEqual([...(m.ctStatus ?? [])], ['assured']) },
  { rule: '-m conntrack --ctstate NEW,DNAT', expect: (m) => assert.deepEqual([m.ctState, m.opaque.length], [undefined, 1]) },
  { rule: '-m helper --helper ftp', expect: (m) => assert.equal(m.ctHelper, 'ftp') },
  { rule: '-p tcp --syn', expect: (m) => assert.equal(m.synOnly, true) },
  { rule: '-p tcp --tcp-flags SYN,RST,ACK SYN', expect: (m) => assert.equal(m.synOnly, true) },
  { rule: '-p tcp --tcp-flags ALL NONE', expect: (m) => assert.deepEqual([m.synOnly, m.opaque.length], [undefined, 1]) },
  { rule: '-p tcp ! --syn', expect: (m) => assert.deepEqual([m.synOnly, m.opaque], [undefined, ['-m tcp ! --syn']]) },
  { rule: '-m comment --comment "allow ftp control"', expect: (m) => assert.deepEqual(m.opaque, []) },
  { rule: '-m iprange --src-range 10.0.0.1-10.0.0.9', expect: (m) => assert.equal(m.src.kind === 'intervals' && m.src.intervals[0].hi - m.src.intervals[0].lo, 8n) },
  { rule: '-m limit --limit 3/min --limit-burst 5', expect: (m) => assert.deepEqual(m.opaque, ['-m limit --limit 3/min', '-m limit --limit-burst 5']) },
  { rule: '-m recent --name ssh --update --seconds 60 --hitcount 4', expect: (m) => assert.equal(m.opaque.length, 4) },
  { rule: '-m set --match-set blocklist src', expect: (m) => assert.deepEqual(m.opaque, ['-m set --match-set blocklist src']) },
  { rule: '-m addrtype --dst-type LOCAL', expect: (m) => assert.equal(m.opaque.length, 1) },
  { rule: '-m owner --uid-owner 1000', expect: (m) => assert.equal(m.opaque.length, 1) },
  { rule: '-m mark --mark 0x1/0xff', expect: (m) => assert.equal(m.opaque.length, 1) },
  { rule: '-m connlimit --connlimit-above 10', expect: (m) => assert.equal(m.opaque.length, 1) },
  { rule: '-m hashlimit --hashlimit-name x --hashlimit-upto 5/sec', expect: (m) => assert.equal(m.opaque.length, 2) },
  { rule: '-m string --string "GET /" --algo bm', expect: (m) => assert.deepEqual(m.opaque[0], '-m string --string "GET /"') },
  { rule: '-m time --timestart 08:00 --timestop 18:00', expect: (m) => assert.equal(m.opaque.length, 2) },
  { rule: '-m physdev --physdev-is-bridged', expect: (m) => assert.equal(m.opaque.length, 1) },
  { rule: '-m mac --mac-source 00:11:22:33:44:55', expect: (m) => assert.equal(m.opaque.length, 1) },
  { rule: '-m length --length 0:128', expect: (m) => assert.equal(m.opaque.length, 1) },
  { rule: '-p icmp --icmp-type echo-request', expect: (m) => assert.deepEqual(m.opaque, ['-m icmp --icmp-type echo-request']) },
  { rule: '-m someunknownmodule --whatever 1 --flag', expect: (m) => assert.equal(m.opaque.length, 2) },
  { rule: '-f', expect: (m) => assert.deepEqual(m.opaque, ['-f']) },
  { rule: '-p tcp --dport $FTP_PORT', expect: (m) => assert.deepEqual([m.dport, m.opaque.length], [undefined, 1]) },
  { rule: '-ptcp --dport=21', expect: (m) => assert.equal(ports(m.dport), '21') },
];

for (const c of CASES) {
  test(`match: ${c.rule}`, () => {
    const { rule, diagnostics } = ruleOf(`iptables -A INPUT ${c.rule} -j ACCEPT`);
    assert.deepEqual(errors(diagnostics), []);
    c.expect(rule.match);
  });
}

test('match: ip6tables rules are IPv6 and keep IPv6 addresses', () => {
  const { rule } = ruleOf('ip6tables -A INPUT -s 2001:db8::/32 -p ipv6-icmp -j ACCEPT');
  assert.equal(rule.match.ipVersion, 6);
  assert.equal(rule.chainKey, 'ip6 filter INPUT');
  assert.deepEqual(rule.match.protocol, { names: ['ipv6-icmp'], negated: false });
  assert.equal(rule.match.src.kind === 'intervals' && rule.match.src.intervals[0].version, 6);
});
