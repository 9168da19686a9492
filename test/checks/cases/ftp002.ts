import { rawHelperOn } from '../../helpers/iptables-raw';
import { ROUTER_ON_2121 } from './routers';
import { nearMiss, raise, withSettings, type FixtureCase } from './types';

/** A router forwarding 21 and 50000-50999 to 192.168.1.10 and accepting both on forward. */
const FORWARDS_50000 = `*nat
-A PREROUTING -i eth0 -p tcp --dport 21 -j DNAT --to-destination 192.168.1.10
-A PREROUTING -i eth0 -p tcp --dport 50000:50999 -j DNAT --to-destination 192.168.1.10
COMMIT
*filter
:FORWARD DROP [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A FORWARD -d 192.168.1.10 -p tcp --dport 21 -j ACCEPT
-A FORWARD -d 192.168.1.10 -p tcp --dport 50000:50999 -j ACCEPT
COMMIT
`;

export const FTP002: FixtureCase[] = [
  raise('iptables-save: only 21 is DNATed', 'iptables', `*nat
-A PREROUTING -i eth0 -p tcp --dport 21 -j DNAT --to-destination 192.168.1.10
COMMIT
*filter
:FORWARD DROP [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A FORWARD -d 192.168.1.10 -p tcp --dport 21 -j ACCEPT
COMMIT
`, { line: 2 }),
  raise('iptables-save: passive range DNATed but not accepted on forward', 'iptables', `*nat
-A PREROUTING -i eth0 -p tcp --dport 21 -j DNAT --to-destination 192.168.1.10
-A PREROUTING -i eth0 -p tcp --dport 50000:50999 -j DNAT --to-destination 192.168.1.10
COMMIT
*filter
:FORWARD DROP [0:0]
-A FORWARD -d 192.168.1.10 -p tcp --dport 21 -j ACCEPT
COMMIT
`, { line: 2 }),
  raise('shell: outside port 2521 forwarded to 21 inside', 'iptables', `iptables -t nat -A PREROUTING -p tcp --dport 2521 -j DNAT --to-destination 192.168.30.101:21
iptables -A FORWARD -p tcp -d 192.168.30.101 --dport 21 -j ACCEPT
`, { line: 1 }),
  // The inside server's own passive range known: all of it must be forwarded and accepted.
  withSettings(
    raise('iptables-save: 50000-50999 forwarded and accepted, the server uses 40000-40499', 'iptables', FORWARDS_50000, {
      line: 2,
      messageIncludes: "the server's passive range 40000-40499 is not forwarded to it",
    }),
    { passiveRange: { lo: 40000, hi: 40499 } },
  ),
  withSettings(
    raise('iptables-save: the server range forwarded, half of it accepted', 'iptables', FORWARDS_50000.replace('--dport 50000:50999 -j ACCEPT', '--dport 50000:50499 -j ACCEPT'), {
      line: 2,
      messageIncludes: 'ports 50500-50999 of the server',
    }),
    { passiveRange: { lo: 50000, hi: 50999 } },
  ),
  nearMiss('iptables-save: exactly the server range forwarded and accepted', 'iptables', FORWARDS_50000, { passiveRange: { lo: 50000, hi: 50999 } }),
  nearMiss('iptables-save: the server range inside the forwarded and accepted one', 'iptables', FORWARDS_50000, { passiveRange: { lo: 50100, hi: 50355 } }),
  nearMiss('iptables-save: 21 and the passive range forwarded and accepted', 'iptables', `*nat
-A PREROUTING -i eth0 -p tcp --dport 21 -j DNAT --to-destination 192.168.1.10
-A PREROUTING -i eth0 -p tcp -m multiport --dports 50000:50999 -j DNAT --to-destination 192.168.1.10
COMMIT
*filter
:FORWARD DROP [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A FORWARD -d 192.168.1.10 -p tcp --dport 21 -j ACCEPT
-A FORWARD -d 192.168.1.10 -p tcp --dport 50000:50999 -j ACCEPT
COMMIT
`),
  nearMiss('iptables-save: the helper follows the forwarded session', 'iptables', `*raw
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
*nat
-A PREROUTING -i eth0 -p tcp --dport 21 -j DNAT --to-destination 192.168.1.10
COMMIT
*filter
:FORWARD DROP [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A FORWARD -d 192.168.1.10 -p tcp --dport 21 -j ACCEPT
COMMIT
`),
  // The raw table runs before DNAT and sees 2121: an assignment on 21 never applies.
  raise('iptables-save: outside port 2121 forwarded, the helper assigned on 21 in raw', 'iptables', rawHelperOn(21) + ROUTER_ON_2121, { line: 7 }),
  nearMiss('iptables-save: outside port 2121 forwarded, the helper assigned on 2121 in raw', 'iptables', rawHelperOn(2121) + ROUTER_ON_2121),
  raise('nft: dnat of 21 only', 'nftables', `table ip nat {
  chain prerouting {
    type nat hook prerouting priority dstnat;
    iifname "eth0" tcp dport 21 dnat to 192.168.1.10
  }
}
`, { line: 4 }),
  nearMiss('nft: 21 and the passive range in one dnat rule', 'nftables', `table ip nat {
  chain prerouting {
    type nat hook prerouting priority dstnat;
    iifname "eth0" tcp dport { 21, 50000-50999 } dnat to 192.168.1.10
  }
}
`),
  raise('pf: rdr-to of 21 only', 'pf', `pass in on egress proto tcp to port 21 rdr-to 192.168.1.10
`, { line: 1 }),
  raise('pf: old-style rdr of 21 only', 'pf', `rdr on em0 proto tcp from any to any port 21 -> 192.168.1.10
pass in on em0 proto tcp to 192.168.1.10 port 21
`, { line: 1 }),
  nearMiss('pf: 21 and the passive range redirected', 'pf', `pass in on egress proto tcp to port 21 rdr-to 192.168.1.10
pass in on egress proto tcp to port 50000:50999 rdr-to 192.168.1.10
`),
  raise('nft: passive range forwarded, but the forward chain drops it', 'nftables', `table ip nat {
  chain prerouting {
    type nat hook prerouting priority dstnat;
    iifname "eth0" tcp dport { 21, 50000-50999 } dnat to 192.168.1.10
  }
}
table ip filter {
  chain forward {
    type filter hook forward priority 0; policy drop;
    ct state established,related accept
    ip daddr 192.168.1.10 tcp dport 21 accept
  }
}
`, { line: 4 }),
];
