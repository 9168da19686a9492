import { nearMiss, raise, type FixtureCase } from './types';

export const FTP005: FixtureCase[] = [
  raise('iptables-save: output only lets replies out', 'iptables', `*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
COMMIT
`, { line: 4, related: [3] }),
  raise('shell: output ends in a drop rule', 'iptables', `iptables -A INPUT -p tcp --dport 20:21 -j ACCEPT
iptables -A OUTPUT -p tcp --sport 21 -j ACCEPT
iptables -A OUTPUT -j DROP
`, { line: 1, related: [3] }),
  nearMiss('iptables-save: port 20 allowed out', 'iptables', `*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -p tcp --sport 20 --dport 1024:65535 -j ACCEPT
COMMIT
`),
  nearMiss('iptables-save: permissive output', 'iptables', `*filter
:INPUT DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`),
  nearMiss('iptables-save: helper and RELATED on output cover active data', 'iptables', `*raw
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
-A OUTPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
COMMIT
`),
  raise('nft: output policy drop with established only', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport { 21, 50000-50999 } accept
  }
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established accept
  }
}
`, { line: 4, related: [7] }),
  nearMiss('nft: port 20 allowed out', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport { 21, 50000-50999 } accept
  }
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established accept
    tcp sport 20 tcp dport 1024-65535 accept
  }
}
`),
  raise('pf: block all, server passes 21 in only', 'pf', `block all
pass in proto tcp to port { 21, 50000:50999 }
`, { line: 2, related: [1] }),
  nearMiss('pf: port 20 passed out', 'pf', `block all
pass in proto tcp to port { 21, 50000:50999 }
pass out proto tcp from any port 20 to any port > 1023
`),
];
