import { nearMiss, raise, type FixtureCase } from './types';

export const FW003: FixtureCase[] = [
  raise('iptables-save: accept after a drop of all tcp', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp -j DROP
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
COMMIT
`, { line: 4, related: [3] }),
  nearMiss('iptables-save: -I moves the accept first', 'iptables', `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
-A INPUT -p tcp -j DROP
COMMIT
`),
  raise('nft: accept after a drop of every port', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport 1-65535 drop
    tcp dport 21 accept
  }
}
`, { line: 5, related: [4] }),
  nearMiss('nft: rules in the right order', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport 21 accept
    tcp dport 1-65535 drop
  }
}
`),
  raise('pf: a quick pass shadows a later quick block', 'pf', `pass in quick proto tcp to port 1:65535
block in quick proto tcp to port 3128
`, { line: 2, related: [1] }),
  nearMiss('pf: a later plain block is not shadowed (last match)', 'pf', `pass in proto tcp to port 1:65535
block in proto tcp to port 3128
`),
];
