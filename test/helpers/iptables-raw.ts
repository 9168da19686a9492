// An iptables-save raw section that assigns the ftp helper, shared by the
// check fixtures and the kernel lab's rulesets.

/** Assigns the ftp helper in raw PREROUTING to TCP connections to `port` (of `address`, when given). */
export function rawHelperOn(port: number, address?: string): string {
  return `*raw
:PREROUTING ACCEPT [0:0]
-A PREROUTING ${address ? `-d ${address} ` : ''}-p tcp -m tcp --dport ${port} -j CT --helper ftp
COMMIT
`;
}
