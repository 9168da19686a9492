// Destination NAT per dport segment: iptables nat PREROUTING DNAT/REDIRECT,
// nft nat chains on prerouting with dnat/redirect (the first translation
// wins across chains: the kernel sets up one binding per connection), pf's
// old `rdr` and new `rdr-to`.
import { concreteAddress } from '../model/addresses';
import { PortSet, type PortInterval } from '../model/ports';
import type { Rule, Ruleset } from '../model/ruleset';
import type { NatQuestion, NatSegment, PacketQuestion } from './api';
import { runChain, type ChainViews, type WalkState } from './first-match';
import { PfEvaluator, isDestinationTranslation, isLocalAddress } from './evaluate-pf';
import { entriesFor, factsOf, jumpTarget } from './linux-path';
import type { PacketView } from './match';
import { SweptView, sweepPorts } from './port-sweep';
import { elementarySegments } from './segments';

/** A sport for NAT questions, which leave it open: the start of the IANA dynamic range. */
const NAT_QUESTION_SPORT = 49152;

type NatOutcome = Omit<NatSegment, 'dport'>;

const NAT_TYPES: ReadonlySet<string> = new Set(['nat']);

export function translateDestination(ruleset: Ruleset, q: NatQuestion): NatSegment[] {
  return ruleset.dialect === 'pf' ? translatePf(ruleset, q) : translateLinux(ruleset, q);
}

function translateLinux(ruleset: Ruleset, q: NatQuestion): NatSegment[] {
  const facts = factsOf(ruleset);
  const { chains, helpers } = facts;
  const { roots, reachable } = facts.hookChains('prerouting', q.ipVersion, NAT_TYPES);
  const packet: PacketView = {
    ipVersion: q.ipVersion,
    protocol: q.protocol,
    dst: q.dst,
    ctState: 'new',
    inInterface: q.inInterface,
    outInterface: null,
  };
  const byKey = new Map<string, SweptView>();
  for (const c of reachable) {
    // The question leaves the source port open: a rule that needs one may or may not apply
    // (its entry is 'maybe' and carries no source ports, so the sweep never cuts on them).
    const entries = entriesFor(c, packet, helpers, { dport: q.dport }, (rule) => (rule.match.sport && !rule.match.sport.isAll() ? 'maybe' : true));
    byKey.set(c.key, new SweptView(c, entries.map((e) => ({ rule: e.rule, mode: e.mode, dport: e.dport }))));
  }
  const views: ChainViews = {
    target: (from, name) => {
      const t = jumpTarget(chains, from.chain, name);
      return t ? byKey.get(t.key) : undefined;
    },
  };
  const cells: Array<[PortInterval, NatOutcome]> = [];
  sweepPorts([...byKey.values()], PortSet.of(NAT_QUESTION_SPORT), q.dport, (_sport, seg) => cells.push(natCell(seg)));
  return mergeNat(cells);

  function natCell(seg: PortInterval): [PortInterval, NatOutcome] {
    const state: WalkState = { trail: [], uncertain: false };
    let decided: Rule | undefined;
    const onRule = (rule: Rule): boolean => {
      if (!rule.actions.some(isDestinationTranslation)) return false;
      decided = rule;
      return true;
    };
    for (const root of roots) {
      const outcome = runChain(byKey.get(root.key) as SweptView, views, state, onRule);
      if (outcome.kind === 'stop') break;
      if (outcome.kind === 'verdict' && outcome.verdict !== 'accept') {
        return [seg, { skipsFilter: false, uncertain: state.uncertain }];
      }
    }
    return [seg, decided ? linuxOutcome(decided, state.uncertain) : { skipsFilter: false, uncertain: state.uncertain }];
  }
}

function linuxOutcome(rule: Rule, uncertain: boolean): NatOutcome {
  const action = rule.actions.find(isDestinationTranslation);
  if (action?.kind === 'redirect') return { toPorts: action.ports, decidedBy: rule, skipsFilter: false, local: true, uncertain };
  return {
    toAddress: action?.address,
    toPorts: action?.ports,
    decidedBy: rule,
    skipsFilter: false,
    local: isLocalAddress(action?.address),
    uncertain,
  };
}

function translatePf(ruleset: Ruleset, q: NatQuestion): NatSegment[] {
  const pf = new PfEvaluator(ruleset, { ipVersion: q.ipVersion, protocol: q.protocol, ctState: 'new' });
  const cells = elementarySegments(q.dport, pf.portSets('dport')).map((seg): [PortInterval, NatOutcome] => {
    const result = pf.pass('in', q.inInterface, { sport: NAT_QUESTION_SPORT, dport: seg.lo, dst: q.dst });
    const t = result.translation;
    if (!t) return [seg, { skipsFilter: false, uncertain: result.uncertain }];
    return [seg, { toAddress: t.toAddress, toPorts: t.toPorts, decidedBy: t.rule, skipsFilter: t.skipsFilter, local: t.local, uncertain: result.uncertain }];
  });
  return mergeNat(cells);
}

function mergeNat(cells: ReadonlyArray<[PortInterval, NatOutcome]>): NatSegment[] {
  const groups = new Map<string, { outcome: NatOutcome; ports: PortInterval[] }>();
  for (const [seg, o] of cells) {
    const key = `${o.toAddress ?? ''}|${o.toPorts?.toString() ?? ''}|${o.decidedBy?.id ?? ''}|${o.skipsFilter}|${o.local ?? false}|${o.uncertain ?? false}`;
    const g = groups.get(key);
    if (g) g.ports.push(seg);
    else groups.set(key, { outcome: o, ports: [seg] });
  }
  return [...groups.values()]
    .map(({ outcome, ports }) => ({ dport: PortSet.fromIntervals(ports), ...outcome }))
    .sort((a, b) => (a.dport.intervals[0]?.lo ?? 0) - (b.dport.intervals[0]?.lo ?? 0));
}

/**
 * The question to ask about a packet after the translation `nat` describes:
 * the forward path to the translated address (input when it goes to this host),
 * with conntrack's `dnat` status set. Returns `q` unchanged when nothing was translated.
 */
export function questionAfterDnat(q: PacketQuestion, nat: NatSegment): PacketQuestion {
  if (!nat.decidedBy) return q;
  const dst = nat.toAddress === undefined ? (nat.local ? q.dst : undefined) : concreteAddress(nat.toAddress);
  const dport = nat.toPorts && !nat.toPorts.isEmpty() ? nat.toPorts : q.dport.intersect(nat.dport);
  return {
    ...q,
    path: nat.local ? 'input' : 'forward',
    dst,
    dport,
    dnatted: true,
  };
}
