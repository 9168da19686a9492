import { NFT_ROUTED_SERVER, ROUTER_OUT, ROUTER_OUT_WITH_HELPER } from './routers';
import { nearMiss, raise, type FixtureCase } from './types';

export const FTP006: FixtureCase[] = [
  // A router: the servers' active data connections come back through it, on forward.
  raise('iptables-save: router forwards 21 out, established only', 'iptables', ROUTER_OUT, { line: 6, related: [3] }),
  raise('nft: router forwards 21 to a routed server, established only', 'nftables', NFT_ROUTED_SERVER, { line: 5, related: [3] }),
  nearMiss('iptables-save: router with the helper in raw and RELATED accepted on forward', 'iptables', ROUTER_OUT_WITH_HELPER),
  nearMiss('iptables-save: router accepts new connections from port 20 back to the LAN', 'iptables', ROUTER_OUT.replace('COMMIT', '-A FORWARD -i eth0 -o eth1 -p tcp --sport 20 --dport 1024:65535 -j ACCEPT\nCOMMIT')),

  raise('iptables-save: client lets 21 out, input established only', 'iptables', `*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`, { line: 6, related: [2] }),
  raise('shell: stateless client accepting replies from port 21', 'iptables', `iptables -P INPUT DROP
iptables -A INPUT -s 198.51.100.0/24 -p tcp -m tcp --sport 21 -j ACCEPT
`, { line: 2 }),
  nearMiss('iptables-save: RELATED accepted on input, no helper assigned (FTP008 reports the cause)', 'iptables', `*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`),
  nearMiss('iptables-save: server-only ruleset', 'iptables', `*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
-A OUTPUT -p tcp --sport 21 -j ACCEPT
-A OUTPUT -p tcp --sport 50000:50999 -j ACCEPT
-A OUTPUT -p tcp --sport 20 -j ACCEPT
COMMIT
`),
  nearMiss('iptables-save: helper on raw OUTPUT and RELATED accepted on input', 'iptables', `*raw
-A OUTPUT -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED -m helper --helper ftp -p tcp -j ACCEPT
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`),
  nearMiss('iptables-save: permissive output and input policy drop is not a client', 'iptables', `*filter
:INPUT DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 22 -j ACCEPT
COMMIT
`),
  raise('nft: client lets 21 out, input established only', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established accept
  }
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established accept
    tcp dport 21 accept
  }
}
`, { line: 9, related: [3] }),
  nearMiss('nft: helper on output, related accepted on input', 'nftables', `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
  }
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established accept
    tcp dport 21 ct helper set "ftp-standard" accept
  }
}
`),
  raise('pf: block all, 21 passed out', 'pf', `block all
pass out proto tcp to port 21
`, { line: 2, related: [1] }),
  nearMiss('pf: port 20 passed in', 'pf', `block all
pass out proto tcp to port 21
pass in proto tcp from any port 20 to any port > 1023
`),
  // The helper is assigned to the outgoing control connection but RELATED is not accepted: FTP009's finding.
  nearMiss('nft: helper on outgoing control, RELATED accepted nowhere (FTP009 reports it)', 'nftables', `table inet filter {
  ct helper ftp-standard { type "ftp" protocol tcp; }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established accept
  }
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established accept
    tcp dport 21 ct helper set "ftp-standard" accept
  }
}
`),
  nearMiss('iptables-save: helper on raw OUTPUT, RELATED accepted nowhere (FTP009 reports it)', 'iptables', `*raw
-A OUTPUT -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`),
];
