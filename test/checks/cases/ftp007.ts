import { nearMiss, raise, type FixtureCase } from './types';

export const FTP007: FixtureCase[] = [
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
