// The questions checks ask and the answers the engine gives. Checks depend on
// these types only; the evaluator behind them follows each dialect's ordering.
//
// Entry points (server/src/engine/index.ts): evaluate, evaluateAfterEdit (the
// same answer, from the one before an edit), assignedHelper,
// translateDestination, questionAfterDnat, findUnreachableRules (FW003's
// detection, in shadowing.ts; the FW003 check wraps it). Fields added after
// the first version (Segment.helper, NatSegment.local/uncertain) are optional,
// so existing readers keep working; no name was changed.
//
// What the engine expects from the front ends' lowering:
// - Linux: base chains carry hook, type and priority; iptables' raw/mangle/filter
//   tables are `filter`-type (mangle OUTPUT `route`), nat tables `nat`-type.
//   DNAT/REDIRECT are rules with a `dnat`/`redirect` action in a `nat` chain on
//   prerouting (their verdict may be `accept` or `continue`); `-j CT --helper`
//   and nft `ct helper set` are `continue` rules with a `ct-helper` action.
// - pf: one chain with hook `pf-filter` (last-match); inline anchors are chains
//   named after the anchor in family `pf`; old-style `rdr` rules live in a pf
//   chain with base `{ hook: 'prerouting', type: 'nat' }` (first match, a `dnat`
//   or `redirect` action, no action for `no rdr`, `skipsFilter` for `rdr pass`);
//   new-style `rdr-to` is a `dnat` action on a filter or `match` rule,
//   `divert-to` a `divert` action.
import type { ConcreteAddress } from '../model/addresses';
import type { PortSet } from '../model/ports';
import type { CtState, Rule } from '../model/ruleset';

/** Which way a packet crosses the host. For pf, input/output are `in`/`out` on an interface; forward is in then out. */
export type PacketPath = 'input' | 'output' | 'forward';

export interface PacketQuestion {
  readonly path: PacketPath;
  readonly ipVersion: 4 | 6;
  readonly protocol: 'tcp' | 'udp';
  /** Absent: any address, or whatever the rules require ("from wherever the rule allows"). */
  readonly src?: ConcreteAddress;
  readonly dst?: ConcreteAddress;
  /** Whole ranges are answered at once, split at the boundaries the rules mention. */
  readonly sport: PortSet;
  readonly dport: PortSet;
  /** Connection state of the packet: the first packet of a connection is `new`; an FTP data connection the helper expected is `related`. */
  readonly ctState: CtState;
  /** For `related` packets: the helper assigned to the master (control) connection, if any. */
  readonly ctHelper?: string;
  readonly inInterface?: string;
  readonly outInterface?: string;
  /** For a DNATed packet: the conntrack status `dnat` is set. */
  readonly dnatted?: boolean;
}

export type FinalVerdict = 'accept' | 'drop' | 'reject';

export interface Segment {
  readonly sport: PortSet;
  readonly dport: PortSet;
  readonly verdict: FinalVerdict;
  /** The rule that decided (absent: a chain policy or pf's default pass decided). */
  readonly decidedBy?: Rule;
  /** The chain policy that decided, when no rule did: the chain's key. */
  readonly policyOf?: string;
  /** Whether a rule the model cannot fully interpret (rate limit, mark...) took part. */
  readonly uncertain: boolean;
  /** Rules that matched on the way (jumps, helper assignments, non-final accepts), in order. */
  readonly trail: readonly Rule[];
  /** The conntrack helper (kernel type, e.g. `ftp`) a rule on the way assigned to this connection. */
  readonly helper?: { readonly helper: string; readonly rule: Rule };
}

export interface Answer {
  readonly question: PacketQuestion;
  /** Disjoint segments covering the question's sport x dport. */
  readonly segments: readonly Segment[];
}

export interface NatQuestion {
  readonly ipVersion: 4 | 6;
  readonly protocol: 'tcp' | 'udp';
  readonly dst?: ConcreteAddress;
  readonly dport: PortSet;
  readonly inInterface?: string;
}

export interface NatSegment {
  readonly dport: PortSet;
  /** The destination after DNAT/rdr, when one applies. */
  readonly toAddress?: string;
  readonly toPorts?: PortSet;
  readonly decidedBy?: Rule;
  /** pf `rdr pass`: the translated packet skips filter rules. */
  readonly skipsFilter: boolean;
  /** REDIRECT / redirect / rdr to 127.0.0.1 or ::1: the packet goes to this host. */
  readonly local?: boolean;
  /** A rule the model cannot fully interpret took part (opaque or symbolic condition). */
  readonly uncertain?: boolean;
}
