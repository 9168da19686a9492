import { nearMiss, raise, withSettings, type FixtureCase } from './types';

/** A server accepting 21 and 50000-50999 (new connections; established ones by state). */
const OPENS_50000 = `*filter
:INPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
COMMIT
`;

/** The ftp helper assigned in raw and RELATED accepted: passive data gets in whatever its ports. */
const HELPER_AND_RELATED = `*raw
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`;

export const FTP001: FixtureCase[] = [
  raise('iptables-save: two services on neighbouring ports are not a passive range', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --dport 8994 -j ACCEPT
-A INPUT -p tcp --dport 8995 -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`, { line: 5 }),
  raise('pf: two services on neighbouring ports are not a passive range', 'pf', `block in all
pass in proto tcp to port 8990
pass in proto tcp to port 8991
pass in proto tcp to port 21
`, { line: 4 }),
  raise('iptables-save: 21 and ESTABLISHED, no passive range', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`, { line: 4, related: [2] }),
  nearMiss('iptables-save: RELATED accepted, no helper assigned (FTP008 reports the cause)', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`),
  raise('shell: passive range accepted only from other sources than port 21', 'iptables', `#!/bin/sh
IPT=iptables
$IPT -P INPUT DROP
$IPT -A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
$IPT -A INPUT -p tcp -s 203.0.113.0/24 --dport 21 -j ACCEPT
$IPT -A INPUT -p tcp -s 198.51.100.0/24 --dport 50000:50999 -j ACCEPT
`, { line: 5 }),
  raise('iptables-save: passive range after a final drop', 'iptables', `*filter
:INPUT ACCEPT [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp -j DROP
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
COMMIT
`, { line: 3, related: [4] }),
  raise('iptables-save: a lone service port is not a passive range', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp -m multiport --dports 21,22,8080 -j ACCEPT
COMMIT
`, { line: 3 }),
  raise('shell: a stateless reply rule keyed on one source port opens nothing for data', 'iptables', `iptables -A INPUT -p tcp --dport 21 -j ACCEPT
iptables -A INPUT -p tcp --sport 3306 -s 192.0.2.7 -j ACCEPT
iptables -A INPUT -m state --state ESTABLISHED -j ACCEPT
iptables -A INPUT -j DROP
`, { line: 1, related: [4] }),
  // The server's own passive range known (setting, or its configuration beside the file): exactly that range must get in.
  withSettings(
    raise('iptables-save: the firewall opens 50000-50999, the server uses 40000-40499', 'iptables', OPENS_50000, { line: 4, related: [2], messageIncludes: "the server's passive range 40000-40499 is not" }),
    { passiveRange: { lo: 40000, hi: 40499 } },
  ),
  withSettings(
    raise('iptables-save: the firewall opens half of the server range', 'iptables', OPENS_50000, { line: 4, messageIncludes: "51000-51499 of the server's passive range 50500-51499" }),
    { passiveRange: { lo: 50500, hi: 51499 } },
  ),
  nearMiss('iptables-save: the firewall opens exactly the server range', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 40000:40499 -j ACCEPT
COMMIT
`, { passiveRange: { lo: 40000, hi: 40499 } }),
  nearMiss('iptables-save: helper and RELATED, whatever the server range', 'iptables', HELPER_AND_RELATED, { passiveRange: { lo: 40000, hi: 40499 } }),
  withSettings(
    raise('nft: the set opens 50000-50999, the server uses 40000-40499', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established accept
    tcp dport { 21, 50000-50999 } accept
  }
}
`, { line: 5, messageIncludes: 'accepts 50000-50999 instead' }),
    { passiveRange: { lo: 40000, hi: 40499 } },
  ),
  withSettings(
    raise('pf: the firewall passes 50000:50999, the server uses 40000-40499', 'pf', `block in all
pass in proto tcp to port 21
pass in proto tcp to port 50000:50999
`, { line: 2, related: [1] }),
    { passiveRange: { lo: 40000, hi: 40499 } },
  ),
  nearMiss('pf: the server range lies inside the range the firewall passes', 'pf', `block in all
pass in proto tcp to port 21
pass in proto tcp to port 50000:50999
`, { passiveRange: { lo: 50100, hi: 50199 } }),
  nearMiss('iptables-save: passive range accepted', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
COMMIT
`),
  nearMiss('iptables-save: helper assigned in raw and RELATED accepted', 'iptables', HELPER_AND_RELATED),
  nearMiss('shell: -I puts the passive range before the final drop', 'iptables', `iptables -P INPUT ACCEPT
iptables -A INPUT -p tcp --dport 21 -j ACCEPT
iptables -A INPUT -p tcp -j DROP
iptables -I INPUT -p tcp --dport 50000:50999 -j ACCEPT
`),
  nearMiss('iptables-save: everything from the same network is accepted', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -s 10.0.0.0/8 -p tcp --dport 21 -j ACCEPT
-A INPUT -s 10.0.0.0/8 -j ACCEPT
COMMIT
`),
  raise('nft: 21 and established only', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established accept
    tcp dport 21 accept
  }
}
`, { line: 5, related: [3] }),
  nearMiss('nft: established,related accepted, no helper assigned (FTP008 reports the cause)', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    tcp dport 21 accept
  }
}
`),
  raise('nft: a later base chain on the same hook drops the passive range', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport { 21, 50000-50999 } accept
  }
  chain input_late {
    type filter hook input priority 10; policy accept;
    tcp dport 50000-50999 drop
  }
}
`, { line: 4, related: [8] }),
  raise('nft: helper set at priority raw does nothing', 'nftables', `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain pre {
    type filter hook prerouting priority raw;
    tcp dport 21 ct helper set "ftp-standard"
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established accept
    tcp dport 21 accept
  }
}
`, { line: 12 }),
  nearMiss('nft: passive range in the same set as 21', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    tcp dport { 21, 50000-50999 } accept
  }
}
`),
  nearMiss('nft: helper set at filter priority and related accepted', 'nftables', `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain pre {
    type filter hook prerouting priority filter;
    tcp dport 21 ct helper set "ftp-standard"
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    tcp dport 21 accept
  }
}
`),
  nearMiss('nft: a later base chain accepts, the earlier drop chain does not touch the range', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport 21 accept
    tcp dport 50000-50999 accept
  }
  chain input_late {
    type filter hook input priority 10; policy accept;
    tcp dport 3128 drop
  }
}
`),
  raise('pf: block in all, pass 21 only', 'pf', `block in all
pass in proto tcp to port 21
`, { line: 2, related: [1] }),
  raise('pf: a quick block decides before the pass of the passive range', 'pf', `block in all
block in quick proto tcp to port 50000:50999
pass in proto tcp to port { 21, 50000:50999 }
`, { line: 3, related: [2] }),
  nearMiss('pf: passive range passed after the block', 'pf', `block in all
pass in proto tcp to port 21
pass in proto tcp to port 50000:50999
`),
  nearMiss('pf: ftp-proxy handles FTP', 'pf', `anchor "ftp-proxy/*"
block in all
pass in quick proto tcp to port 21 divert-to 127.0.0.1 port 8021
`),
  nearMiss('pf: a plain block before the pass does not win (last match)', 'pf', `block in all
block in proto tcp to port 50000:50999
pass in proto tcp to port { 21, 50000:50999 }
`),
  // The helper is assigned but RELATED is not accepted: FTP009's finding, on the helper rule (one root cause, one finding).
  nearMiss('nft: helper assigned in prerouting, RELATED not accepted (FTP009 reports it)', 'nftables', `table inet filter {
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
`),
  nearMiss('shell: -j CT --helper ftp without a RELATED accept (FTP009 reports it)', 'iptables', `iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp
iptables -P INPUT DROP
iptables -A INPUT -m state --state ESTABLISHED -j ACCEPT
iptables -A INPUT -p tcp --dport 21 -j ACCEPT
`),
];
