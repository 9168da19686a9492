// FW001: each bad rule gets one diagnostic on the exact token, with a message
// that says what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covered, errors, lowerScript } from './helpers';

interface Case {
  readonly line: string;
  readonly token: string;
  readonly message: string | RegExp;
}

const CASES: readonly Case[] = [
  { line: 'iptables -A INPUT --dport 21 -j ACCEPT', token: '--dport', message: '--dport needs -p tcp or -p udp' },
  { line: 'iptables -A INPUT -m tcp --dport 21 -j ACCEPT', token: '--dport', message: '--dport needs -p tcp or -p udp' },
  { line: 'iptables -A INPUT -p icmp --dport 21 -j ACCEPT', token: '--dport', message: '--dport needs -p tcp or -p udp' },
  { line: 'iptables -A INPUT -p tcp --dprot 21 -j ACCEPT', token: '--dprot', message: 'unknown option --dprot; did you mean --dport?' },
  { line: 'iptables -A INPUT -p tcp --dport 70000 -j ACCEPT', token: '70000', message: 'port 70000 is out of range (0-65535)' },
  { line: 'iptables -A INPUT -p tcp --dport 30:20 -j ACCEPT', token: '30:20', message: /reversed/ },
  { line: 'iptables -A INPUT -p tcp --dport -1 -j ACCEPT', token: '-1', message: 'invalid port "-1"' },
  { line: 'iptables -A INPUT -p tcp --dport', token: '--dport', message: '--dport needs a value' },
  { line: 'iptables -A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 -j ACCEPT', token: '1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16', message: /at most 15 ports/ },
  { line: 'iptables -A INPUT -m multiport --dports 21,22 -j ACCEPT', token: 'multiport', message: '-m multiport needs -p tcp, udp, udplite, sctp or dccp' },
  { line: 'iptables -A INPUT -p tcp -m multiport -j ACCEPT', token: 'multiport', message: '-m multiport needs --dports, --sports or --ports' },
  { line: 'iptables -A INPUT -m state --state NEWISH -j ACCEPT', token: 'NEWISH', message: /unknown connection state "NEWISH"/ },
  { line: 'iptables -A INPUT -m state -j ACCEPT', token: 'state', message: '-m state needs --state' },
  { line: 'iptables -A INPUT -s 10.0.0.300 -j ACCEPT', token: '10.0.0.300', message: 'invalid address "10.0.0.300"' },
  { line: 'iptables -A INPUT -s 10.0.0.0/33 -j ACCEPT', token: '10.0.0.0/33', message: 'invalid address "10.0.0.0/33"' },
  { line: 'iptables -A INPUT -i averyveryverylongname0 -j ACCEPT', token: 'averyveryverylongname0', message: /longer than 15/ },
  { line: 'iptables -A INPUT -p tcp -p udp -j ACCEPT', token: '-p', message: '-p given twice in one rule' },
  { line: 'iptables -A INPUT -j', token: '-j', message: '-j needs a target' },
  { line: 'iptables -A INPUT -m', token: '-m', message: '-m needs a module name' },
  { line: 'iptables -A', token: '-A', message: '-A needs a chain name' },
  { line: 'iptables -A INPUT -A OUTPUT', token: '-A', message: 'one command per line: -A and -A given' },
  { line: 'iptables -p tcp --dport 21 -j ACCEPT', token: '-p', message: /no command/ },
  { line: 'iptables -A INPUT accept', token: 'accept', message: 'unexpected "accept": expected an option' },
  { line: 'iptables -t natt -A PREROUTING -j ACCEPT', token: 'natt', message: /unknown table "natt"/ },
  { line: 'iptables -P INPUT REJECT', token: 'REJECT', message: 'policy must be ACCEPT or DROP, not "REJECT"' },
  { line: 'iptables -P mychain DROP', token: 'mychain', message: /needs a built-in chain/ },
  { line: 'iptables -A INPUT -j REJECT --reject-with icmp-go-away', token: 'icmp-go-away', message: /unknown --reject-with/ },
  { line: 'iptables -t nat -A PREROUTING -p tcp -j DNAT', token: 'DNAT', message: 'DNAT needs --to-destination ADDRESS[:PORT]' },
  { line: 'iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.2:21', token: '10.0.0.2:21', message: /needs -p tcp/ },
  { line: 'iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.999', token: '10.0.0.999', message: /invalid NAT address/ },
  { line: 'iptables -A INPUT -j LOG --log-prefix "this prefix is much too long for it"', token: '"this prefix is much too long for it"', message: /longer than 29/ },
  { line: 'iptables -A INPUT -j LOG --log-level loud', token: 'loud', message: /--log-level does not take "loud"/ },
  { line: 'iptables -A INPUT -p tcp --tcp-flags SYN,FOO SYN -j DROP', token: 'SYN,FOO', message: /unknown TCP flag "FOO"/ },
  { line: 'iptables -A INPUT -m conntrack --ctstatus WEIRD -j DROP', token: 'WEIRD', message: /unknown connection status/ },
  { line: 'iptables -A INPUT -m iprange --src-range 10.0.0.1 -j DROP', token: '10.0.0.1', message: /invalid address range/ },
  { line: 'iptables -A INPUT -m mark --mark 4294967296 -j DROP', token: '4294967296', message: /out of range/ },
  { line: 'iptables -A INPUT -m connlimit --conlimit-above 3 -j DROP', token: '--conlimit-above', message: 'unknown option --conlimit-above; did you mean --connlimit-above?' },
  { line: 'iptables -t raw -A PREROUTING -j CT --zone 65536', token: '65536', message: /zone "65536" is out of range/ },
  { line: 'iptables -A INPUT ! ! -s 10.0.0.1 -j DROP', token: '!', message: 'two ! in a row' },
  { line: 'iptables -N INPUT', token: 'INPUT', message: /built-in chain/ },
];

for (const c of CASES) {
  test(`FW001: ${c.line}`, () => {
    const lowered = lowerScript(c.line);
    const es = errors(lowered.diagnostics);
    assert.equal(es.length, 1, JSON.stringify(es.map((e) => e.message)));
    const [e] = es;
    assert.equal(e.severity, 'error');
    assert.equal(covered(c.line, e), c.token);
    if (typeof c.message === 'string') assert.equal(e.message, c.message);
    else assert.match(e.message, c.message);
  });
}

test('FW001: errors do not stop the next commands', () => {
  const lowered = lowerScript('iptables -A INPUT -p tcp --dport 99999 -j ACCEPT\niptables -A INPUT -p tcp --dport 21 -j ACCEPT');
  assert.equal(errors(lowered.diagnostics).length, 1);
  assert.deepEqual(lowered.ruleset.chains[0].rules.map((r) => r.match.dport?.toString()), [undefined, '21']);
});

test('lenient: unknown modules and their options are not errors', () => {
  for (const line of [
    'iptables -A INPUT -m geoip --src-cc CN,RU -j DROP',
    'iptables -A INPUT -m pkttype --pkt-type broadcast -j DROP',
    'iptables -A INPUT -m u32 --u32 "0>>22&0x3C@4=0x29" -j DROP',
    'iptables -A INPUT -j SOMETARGET --some-option 1 --flag',
    'iptables -A INPUT -p tcp --dport $PORT -s $NET -i $IF -j $TARGET',
    'iptables -nvL',
    'iptables -L INPUT -n --line-numbers',
    'iptables -t nat -S',
    'iptables -Z',
  ]) {
    assert.deepEqual(errors(lowerScript(line).diagnostics), [], line);
  }
});
