// Where a fix assigns the ftp helper to arriving FTP control connections, the
// ports it matches. A connection that DNAT sends to port 21 from another
// outside port (`--dport 2121 -j DNAT --to-destination 10.0.0.5:21`) still
// has its outside port where iptables' raw table (and any nft chain below
// priority dstnat) sees it: NAT has not run yet. Chains after DNAT see 21.
// Matching both makes the assignment right wherever it lands.
import { PortSet } from '../model/ports';
import { chainByKey } from '../model/ruleset';
import type { CheckContext } from './check';
import { ruleCensus } from './rule-census';

/** The control port 21, with the outside ports DNAT translates to 21 for arriving connections (prerouting). */
export function helperControlPorts(ctx: CheckContext, path: 'prerouting' | 'output'): PortSet {
  const control = PortSet.of(21);
  if (path !== 'prerouting') return control;
  let ports = control;
  for (const rule of ruleCensus(ctx).dnatting) {
    const outside = rule.match.dport;
    // Local connections are translated on output, where the assignment for them is made with port 21.
    if (!outside || chainByKey(ctx.ruleset, rule.chainKey)?.base?.hook === 'output') continue;
    if (rule.actions.some((a) => a.kind === 'dnat' && a.ports?.has(21) === true)) ports = ports.union(outside);
  }
  return ports;
}
