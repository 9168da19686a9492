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
  nearMiss('shell: -I puts the accept before the drop', 'iptables', `iptables -A INPUT -p tcp -j DROP
iptables -I INPUT -p tcp --dport 21 -j ACCEPT
`),
  nearMiss('nft: an accept in an earlier base chain does not shadow a drop in a later one', 'nftables', `table inet filter {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 1-65535 accept
  }
  chain input_late {
    type filter hook input priority 10; policy accept;
    tcp dport 3128 drop
  }
}
`),
  raise('pf: a later plain block overrides an earlier plain pass (last match)', 'pf', `pass in proto tcp to port 3128
block in proto tcp to port 1:65535
`, { line: 1, related: [2] }),
];
