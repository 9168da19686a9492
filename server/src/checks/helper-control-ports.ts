// FTP control connections that DNAT forwards to port 21 from another outside
// port (`--dport 2121 -j DNAT --to-destination 10.0.0.5:21`). Where iptables'
// raw table (and any nft chain below priority dstnat) sees such a connection,
// NAT has not run yet: it still has its outside port. Chains after DNAT see 21.
// So a helper assignment made before DNAT is read on the outside port, and a
// fix that assigns the helper matches both ports, right wherever it lands.
import { parseAddressInterval, type ConcreteAddress } from '../model/addresses';
import { PortSet } from '../model/ports';
import { chainByKey, type Rule } from '../model/ruleset';
import type { PacketQuestion } from '../engine/api';
import type { CheckContext, HelperAssignment } from './check';
import { ruleCensus } from './rule-census';

const CONTROL = PortSet.of(21);

/** The control port 21, with the outside ports DNAT translates to 21 for arriving connections (prerouting). */
export function helperControlPorts(ctx: CheckContext, path: 'prerouting' | 'output'): PortSet {
  return path === 'prerouting' ? CONTROL.union(outsidePortsTo21(ctx)) : CONTROL;
}

/**
 * The helper assigned to an FTP control connection. One that reaches the
 * server through DNAT from another outside port gets its helper from a rule
 * before DNAT (iptables' raw table) only on that outside port: such an
 * assignment is read as the connection arrives at the router.
 */
export function assignedControlHelper(ctx: CheckContext, control: PacketQuestion): HelperAssignment | undefined {
  const assigned = ctx.engine.assignedHelper(control);
  const outside = control.path === 'forward' && control.dst !== undefined ? outsidePortsTo21(ctx, control.dst).subtract(CONTROL) : PortSet.EMPTY;
  if (outside.isEmpty() || (assigned && !runsBeforeDnat(ctx, assigned.rule))) return assigned;
  // Before DNAT the destination is the router's outside address, whichever it is.
  return ctx.engine.assignedHelper({ ...control, path: 'input', dst: undefined, dport: outside });
}

/** Netfilter's priority of destination NAT in prerouting: chains below it see a connection's outside address and port. */
const DNAT_PRIORITY = -100;

/** Whether the rule runs in prerouting before DNAT (a base chain below priority dstnat, or iptables' raw and mangle tables). */
function runsBeforeDnat(ctx: CheckContext, rule: Rule | undefined): boolean {
  const chain = rule && chainByKey(ctx.ruleset, rule.chainKey);
  if (!chain) return false;
  if (chain.base) return chain.base.hook === 'prerouting' && chain.base.priority < DNAT_PRIORITY;
  return ctx.ruleset.dialect === 'iptables' && (chain.table === 'raw' || chain.table === 'mangle');
}

/** The outside ports that DNAT rules translate to port 21 (of `server`, when given) for arriving connections. */
function outsidePortsTo21(ctx: CheckContext, server?: ConcreteAddress): PortSet {
  let ports = PortSet.EMPTY;
  for (const rule of ruleCensus(ctx).dnatting) {
    const outside = rule.match.dport;
    // Local connections are translated on output, where the assignment for them is made with port 21.
    if (!outside || chainByKey(ctx.ruleset, rule.chainKey)?.base?.hook === 'output') continue;
    const toServer = rule.actions.some((a) => a.kind === 'dnat' && a.ports?.has(21) === true && (server === undefined || mayTranslateTo(a.address, server)));
    if (toServer) ports = ports.union(outside);
  }
  return ports;
}

/** Whether a DNAT target address (one address, a block or a range; absent: unchanged) may be `server`. */
function mayTranslateTo(address: string | undefined, server: ConcreteAddress): boolean {
  const block = address === undefined ? undefined : parseAddressInterval(address);
  return block === undefined || (block.version === server.version && block.lo <= server.value && server.value <= block.hi);
}
