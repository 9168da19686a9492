import { nearMiss, raise, type FixtureCase } from './types';

export const FTP009: FixtureCase[] = [
  raise('iptables-save: helper assigned, only ESTABLISHED accepted', 'iptables', `*raw
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`, { line: 2, related: [5] }),
  raise('shell: helper for a forwarded server, RELATED accepted on input only', 'iptables', `iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp
iptables -P FORWARD DROP
iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
iptables -A FORWARD -m state --state ESTABLISHED -j ACCEPT
iptables -A FORWARD -p tcp -d 192.168.1.10 --dport 21 -j ACCEPT
`, { line: 1, related: [2] }),
  nearMiss('iptables-save: helper and RELATED for the helper accepted', 'iptables', `*raw
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED -m helper --helper ftp -p tcp -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`),
  raise('nft: helper set on the accept, established only', 'nftables', `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established accept
    tcp dport 21 ct helper set "ftp-standard" accept
  }
}
`, { line: 8, related: [6] }),
  nearMiss('nft: helper set on the accept, established,related accepted', 'nftables', `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    tcp dport 21 ct helper set "ftp-standard" accept
  }
}
`),
  nearMiss('nft: related accepted for the ftp helper only', 'nftables', `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain pre {
    type filter hook prerouting priority filter;
    tcp dport 21 ct helper set "ftp-standard"
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established accept
    ct state related ct helper "ftp" accept
    tcp dport 21 accept
  }
}
`),
  raise('nft: helper assigned in a prerouting chain, RELATED not accepted', 'nftables', `table inet filter {
  ct helper ftp-standard { type "ftp" protocol tcp; }
  chain pre {
    type filter hook prerouting priority filter; policy accept;
    tcp dport 21 ct helper set "ftp-standard"
  }
  chain input {
    type filter hook input priority filter; policy drop;
    ct state established accept
    tcp dport 21 accept
  }
}
`, { line: 5, related: [8] }),
  raise('shell: -j CT --helper ftp, ESTABLISHED only', 'iptables', `iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp
iptables -P INPUT DROP
iptables -A INPUT -m state --state ESTABLISHED -j ACCEPT
iptables -A INPUT -p tcp --dport 21 -j ACCEPT
`, { line: 1, related: [2] }),
];
