import { nearMiss, raise, type FixtureCase } from './types';

export const FTP004: FixtureCase[] = [
  raise('iptables-save: ten passive ports', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50009 -j ACCEPT
COMMIT
`, { line: 4 }),
  raise('shell: low range labelled by a comment above it', 'iptables', `iptables -P INPUT DROP
iptables -A INPUT -p tcp --dport 21 -j ACCEPT
# passive ftp ports
iptables -A INPUT -p tcp --dport 12000:12010 -j ACCEPT
`, { line: 4 }),
  raise('iptables-save: range in the same multiport rule as 21', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp -m multiport --dports 21,30000:30099 -j ACCEPT
COMMIT
`, { line: 3 }),
  nearMiss('iptables-save: a thousand passive ports', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
COMMIT
`),
  nearMiss('iptables-save: game server ports beside FTP are not a passive range', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 27015:27030 -j ACCEPT
-A INPUT -p tcp --dport 8080 -j ACCEPT
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
COMMIT
`),
  nearMiss('iptables-save: minimum lowered in the settings', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50009 -j ACCEPT
COMMIT
`, { minPassiveRangeSize: 10 }),
  raise('nft: 21 and 21 passive ports in one set', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport { 21, 40000-40020 } accept
  }
}
`, { line: 4 }),
  nearMiss('nft: 21 and a thousand passive ports', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport { 21, 40000-40999 } accept
  }
}
`),
  raise('pf: eleven passive ports', 'pf', `block in all
pass in proto tcp to port 21
pass in proto tcp to port 30000:30010 # passive ftp
`, { line: 3 }),
  nearMiss('pf: VNC ports beside FTP', 'pf', `block in all
pass in proto tcp to port 21
pass in proto tcp to port 5900:5910
pass in proto tcp to port 50000:50999
`),
];
