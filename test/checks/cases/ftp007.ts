import { NFT_ROUTED_SERVER, ROUTER_OUT, ROUTER_OUT_WITH_HELPER } from './routers';
import { nearMiss, raise, type FixtureCase } from './types';

export const FTP007: FixtureCase[] = [
  // A router: FTP control forwarded through it, clients behind it or a server behind it reached by its own address.
  raise('iptables-save: router forwards 21, 80 and 443 out, established only', 'iptables', ROUTER_OUT, { line: 6, related: [3] }),
  raise('nft: router forwards 21 to a routed server, established only', 'nftables', NFT_ROUTED_SERVER, { line: 5, related: [3] }),
  nearMiss('iptables-save: router with the helper in raw and RELATED accepted on forward', 'iptables', ROUTER_OUT_WITH_HELPER),
  nearMiss('iptables-save: router accepts the clients\' new connections to high ports', 'iptables', ROUTER_OUT.replace('COMMIT', '-A FORWARD -i eth1 -o eth0 -p tcp --dport 1024:65535 -j ACCEPT\nCOMMIT')),
  nearMiss('iptables-save: router relying on RELATED without a helper (FTP008 reports the cause)', 'iptables', ROUTER_OUT.replace('--ctstate ESTABLISHED ', '--ctstate ESTABLISHED,RELATED ')),
  nearMiss('iptables-save: port 21 DNATed to an inside server (FTP002 reports it)', 'iptables', `*nat
-A PREROUTING -i eth0 -p tcp --dport 21 -j DNAT --to-destination 192.168.1.10
COMMIT
*filter
:FORWARD DROP [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A FORWARD -d 192.168.1.10 -p tcp --dport 21 -j ACCEPT
COMMIT
`),

  raise('iptables-save: output drop, 21 out, ESTABLISHED only', 'iptables', `*filter
:OUTPUT DROP [0:0]
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`, { line: 4, related: [2] }),
  nearMiss('iptables-save: RELATED accepted on output, no helper assigned (FTP008 reports the cause)', 'iptables', `*filter
:OUTPUT DROP [0:0]
-A OUTPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`),
  raise('shell: output ends in a reject', 'iptables', `iptables -A OUTPUT -p tcp -m multiport --dports 21,22,80,443 -j ACCEPT
iptables -A OUTPUT -j REJECT
`, { line: 1, related: [2] }),
  nearMiss('iptables-save: permissive output with an explicit 21 rule', 'iptables', `*filter
:OUTPUT ACCEPT [0:0]
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`),
  nearMiss('iptables-save: helper on raw OUTPUT, RELATED accepted on output', 'iptables', `*raw
-A OUTPUT -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:OUTPUT DROP [0:0]
-A OUTPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`),
  raise('nft: output policy drop, 21 among other ports', 'nftables', `table inet filter {
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established accept
    tcp dport { 21, 22, 80, 443 } accept
  }
}
`, { line: 5, related: [3] }),
  nearMiss('nft: established,related accepted on output, no helper assigned (FTP008 reports the cause)', 'nftables', `table inet filter {
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established,related accept
    tcp dport { 21, 22, 80, 443 } accept
  }
}
`),
  nearMiss('nft: helper set before the accept in the output chain', 'nftables', `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established,related accept
    tcp dport 21 ct helper set "ftp-standard"
    tcp dport { 21, 22, 80, 443 } accept
  }
}
`),
  raise('pf: block all, only service ports out', 'pf', `block all
pass out proto tcp to port { 22 80 443 ftp }
`, { line: 2, related: [1] }),
  nearMiss('pf: high ports passed out', 'pf', `block all
pass out proto tcp to port { 22 80 443 ftp }
pass out proto tcp to port > 1023
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
