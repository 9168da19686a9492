import { rawHelperOn } from '../../helpers/iptables-raw';
import { ROUTER_ON_2121, routerPublishing } from './routers';
import { nearMiss, raise, type FixtureCase } from './types';

export const FTP008: FixtureCase[] = [
  raise('iptables-save: RELATED accepted, no helper assigned', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`, { line: 3, related: [4] }),
  raise('iptables-save: OpenWrt-style -j CT without --helper', 'iptables', `*raw
:PREROUTING ACCEPT [0:0]
-A PREROUTING -p tcp --dport 21 -m comment --comment "FTP passive connection tracking" -j CT
COMMIT
`, { line: 3 }),
  raise('shell: client relies on RELATED for active data', 'iptables', `iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
iptables -A OUTPUT -m state --state ESTABLISHED -j ACCEPT
iptables -A OUTPUT -p tcp --dport 21 -j ACCEPT
iptables -A OUTPUT -p tcp --dport 1024:65535 -j ACCEPT
`, { line: 3, related: [5] }),
  raise('iptables-save: router publishes the server on port 2121, RELATED accepted, no helper', 'iptables', ROUTER_ON_2121, { line: 7, related: [8] }),
  // The raw table runs before DNAT and sees 2121 there: an assignment on 21 never applies (the kernel lab shows it).
  raise('iptables-save: router publishing on port 2121 assigns the helper on 21 in raw', 'iptables', rawHelperOn(21) + ROUTER_ON_2121, { line: 11, related: [12] }),
  // The raw table runs before DNAT: the helper is assigned on the outside port, as the kernel lab proves.
  nearMiss('iptables-save: router publishing on port 2121 assigns the helper on 2121 in raw', 'iptables', rawHelperOn(2121) + ROUTER_ON_2121),
  // Before DNAT the connection is still addressed to the router: a raw rule naming that address applies.
  nearMiss('iptables-save: router publishing port 21 assigns the helper on its own address in raw', 'iptables', rawHelperOn(21, '203.0.113.1/32') + routerPublishing(21)),
  nearMiss('iptables-save: helper assigned in raw', 'iptables', `*raw
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`),
  nearMiss('iptables-save: passive range open, RELATED not relied on', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 50000:50200 -j ACCEPT
COMMIT
`),
  nearMiss('iptables-save: RELATED accepted but no FTP anywhere', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 22 -j ACCEPT
COMMIT
`),
  raise('nft: established,related and 21, no helper', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    tcp dport 21 accept
  }
}
`, { line: 4, related: [5] }),
  raise('nft: helper set at priority raw has no effect', 'nftables', `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain pre {
    type filter hook prerouting priority raw;
    tcp dport 21 ct helper set "ftp-standard"
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    tcp dport 21 accept
  }
}
`, { line: 11, related: [12] }),
  raise('nft: helper set after the accept of port 21 in the same chain is never reached', 'nftables', `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    tcp dport 21 accept
    tcp dport 21 ct helper set "ftp-standard"
  }
}
`, { line: 7, related: [8] }),
  nearMiss('nft: helper set at filter priority', 'nftables', `table inet filter {
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
];
