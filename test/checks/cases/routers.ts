// Routers that publish an inside FTP server or let clients out, shared by the fixtures of the checks that read them.

/** Publishes the server's port 21 on an outside port and accepts RELATED on forward, assigning no helper. */
export function routerPublishing(outsidePort: number): string {
  return `*nat
:PREROUTING ACCEPT [0:0]
-A PREROUTING -d 203.0.113.1/32 -p tcp -m tcp --dport ${outsidePort} -j DNAT --to-destination 198.51.100.2${outsidePort === 21 ? '' : ':21'}
COMMIT
*filter
:FORWARD DROP [0:0]
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -d 198.51.100.2/32 -p tcp -m tcp --dport 21 -j ACCEPT
COMMIT
`;
}

export const ROUTER_ON_2121 = routerPublishing(2121);

/** A router letting its LAN (eth1) out on 21, 80 and 443, with replies accepted by state. */
export const ROUTER_OUT = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A FORWARD -i eth1 -o eth0 -p tcp -m multiport --dports 21,80,443 -j ACCEPT
COMMIT
`;

/** The same router with the ftp helper assigned in raw and RELATED accepted on forward. */
export const ROUTER_OUT_WITH_HELPER = `*raw
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
${ROUTER_OUT.replace('--ctstate ESTABLISHED ', '--ctstate ESTABLISHED,RELATED ')}`;

/** An nft router forwarding port 21 to a server behind it, reached by its own address (no NAT). */
export const NFT_ROUTED_SERVER = `table inet filter {
  chain forward {
    type filter hook forward priority filter; policy drop;
    ct state established accept
    ip daddr 198.51.100.2 tcp dport 21 accept
  }
}
`;
