import { nearMiss, raise, type FixtureCase } from './types';

const PROTECTED_LIST = '3128,8080,3306,5432,6379,5900,8443,9090,10000,27017,11211';

export const FTP003: FixtureCase[] = [
  raise('iptables-save: --sport 20 allow before the proxy deny', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --sport 20 --dport 1024:65535 -j ACCEPT
-A INPUT -p tcp --dport 3128 -j DROP
COMMIT
`, { line: 3, related: [4] }),
  raise('shell: accept of all high ports exposes a source-restricted admin UI', 'iptables', `iptables -P INPUT DROP
iptables -A INPUT -p tcp --dport 1024:65535 -j ACCEPT
iptables -A INPUT -p tcp -s 10.0.0.5 --dport 8080 -j ACCEPT
`, { line: 2, related: [3] }),
  raise('iptables-save: --sport 20 with no destination port exposes well-known services', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --sport 20 -j ACCEPT
COMMIT
`, { line: 3 }),
  nearMiss('iptables-save: every protected port denied first', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp -m multiport --dports ${PROTECTED_LIST} -j DROP
-A INPUT -p tcp --sport 20 --dport 1024:65535 -j ACCEPT
COMMIT
`),
  nearMiss('shell: broad rule admits only established traffic', 'iptables', `iptables -P INPUT DROP
iptables -A INPUT -p tcp --sport 1024: --dport 1024: -m state --state ESTABLISHED -j ACCEPT
iptables -A INPUT -p tcp --dport 3128 -j DROP
`),
  nearMiss('iptables-save: a passive range of 1000 ports without services', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
-A INPUT -p tcp --dport 8080 -j DROP
COMMIT
`),
  nearMiss('iptables-save: a passive range beside container ports accepted from every interface but the bridge', 'iptables', `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:DOCKER - [0:0]
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp --dport 50011 -j ACCEPT
COMMIT
`),
  raise('iptables-save: a broad allow exposing many restricted ports names the first ones and counts the rest', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --sport 20 --dport 1024:65535 -j ACCEPT
${Array.from({ length: 30 }, (_, i) => `-A INPUT -p tcp --dport ${40000 + i} -j DROP`).join('\n')}
COMMIT
`, { line: 3, messageIncludes: '40008, and 21 more' }),
  raise('nft: sport 20 allow before a source-restricted 8080', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp sport 20 tcp dport 1024-65535 accept
    tcp dport 8080 ip saddr 10.0.0.0/8 accept
  }
}
`, { line: 4, related: [5] }),
  nearMiss('nft: protected ports dropped first', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport { ${PROTECTED_LIST} } drop
    tcp sport 20 tcp dport 1024-65535 accept
  }
}
`),
  raise('pf: quick pass from port 20 decides before the quick block', 'pf', `block in all
pass in quick proto tcp from any port 20 to any port > 1023
block in quick proto tcp to port 3128
`, { line: 2, related: [3] }),
  nearMiss('pf: a plain block after the pass wins (last match)', 'pf', `block in all
pass in proto tcp from any port 20 to any port > 1023
block in proto tcp to port { ${PROTECTED_LIST.split(',').join(' ')} }
`),
  raise('nft: accept of every high port', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport 1024-65535 accept
  }
}
`, { line: 4 }),
  raise('pf: pass to every high port', 'pf', `block in all
pass in proto tcp to port > 1023
`, { line: 2 }),
];
