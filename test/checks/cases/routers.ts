// Routers that publish an inside FTP server, shared by the fixtures of the checks that read them.

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
