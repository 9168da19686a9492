// FTP control connections that DNAT forwards to a server behind the router
// (`-d 203.0.113.1 --dport 2121 -j DNAT --to-destination 10.0.0.5:21`). Where
// iptables' raw table (and any nft chain below priority dstnat) sees such a
// connection, NAT has not run yet: it still has the router's outside address
// and port. Chains after DNAT see the server's address and 21. So a helper
// assignment made before DNAT is read as the connection arrives, and a fix
// that assigns the helper matches both ports, right wherever it lands.
import { intervalHolds, parseAddressInterval, soleAddress, type AddressInterval, type AddressMatch, type ConcreteAddress } from '../model/addresses';
import { PortSet } from '../model/ports';
import { chainByKey, type Rule, type Ruleset } from '../model/ruleset';
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
 * server through DNAT gets its helper from a rule before DNAT (iptables' raw
 * table) only as it arrives, on the router's outside address and port: such
 * an assignment is read there.
 */
export function assignedControlHelper(ctx: CheckContext, control: PacketQuestion): HelperAssignment | undefined {
  const assigned = ctx.engine.assignedHelper(control);
  const arrivals = control.path === 'forward' && control.dst !== undefined ? arrivalsAt(ctx, control.dst) : [];
  if (arrivals.length === 0 || (assigned && !runsBeforeDnat(ctx, assigned.rule))) return assigned;
  for (const arrival of arrivals) {
    const before = ctx.engine.assignedHelper({ ...control, path: 'input', dst: arrival.dst, dport: arrival.dport });
    if (before) return before;
  }
  return undefined;
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

/** How a connection to port 21 of a server behind DNAT arrives at the router: its outside address (undefined: any) and ports. */
interface Arrival {
  readonly dst?: ConcreteAddress;
  readonly dport: PortSet;
  /** Where DNAT sends it (undefined: anywhere the rule's address may mean). */
  readonly to?: AddressInterval;
}

/** The arrivals that DNAT rules send to port 21 (of `server`, when given); connections made on the router itself are left out. */
function arrivalsAt(ctx: CheckContext, server?: ConcreteAddress): readonly Arrival[] {
  let all = arrivalsByRuleset.get(ctx.ruleset);
  if (!all) {
    all = readArrivals(ctx);
    arrivalsByRuleset.set(ctx.ruleset, all);
  }
  return server === undefined ? all : all.filter((a) => a.to === undefined || intervalHolds(a.to, server));
}

/** Every question about a forwarded control connection asks for them: the DNAT rules are read once per ruleset. */
const arrivalsByRuleset = new WeakMap<Ruleset, readonly Arrival[]>();

function readArrivals(ctx: CheckContext): Arrival[] {
  const arrivals: Arrival[] = [];
  for (const rule of ruleCensus(ctx).dnatting) {
    // Local connections are translated on output, where the assignment for them is made with port 21.
    if (chainByKey(ctx.ruleset, rule.chainKey)?.base?.hook === 'output') continue;
    const outside = rule.match.dport ?? PortSet.ALL;
    const dst = singleAddress(rule.match.dst);
    for (const a of rule.actions) {
      if (a.kind !== 'dnat') continue;
      // Without a port in the translation the port stays: only 21 arrives as 21.
      const dport = a.ports === undefined ? outside.intersect(CONTROL) : a.ports.has(21) ? outside : PortSet.EMPTY;
      if (!dport.isEmpty()) arrivals.push({ dst, dport, to: a.address === undefined ? undefined : parseAddressInterval(a.address) });
    }
  }
  return arrivals;
}

/** The outside ports that DNAT rules translate to port 21, for arriving connections (a rule that sends every port there names none). */
function outsidePortsTo21(ctx: CheckContext): PortSet {
  return PortSet.unionAll(arrivalsAt(ctx).filter((a) => !a.dport.isAll()).map((a) => a.dport));
}

/** The one address a match names, if it names exactly one. */
function singleAddress(m: AddressMatch): ConcreteAddress | undefined {
  return m.kind === 'intervals' && !m.negated && m.intervals.length === 1 ? soleAddress(m.intervals[0]) : undefined;
}
