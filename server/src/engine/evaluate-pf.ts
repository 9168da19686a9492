// pf: translation first (old-style `rdr` rules, first match), then the filter
// rules, where every rule is evaluated and the last matching one wins unless a
// matching rule is `quick`. A packet no rule matches passes. `match` rules never
// decide (their rdr-to is remembered and applied once the packet passes, so
// filter rules see the original destination); inline anchors are evaluated in place;
// anchors filled at run time (`ftp-proxy/*`) contribute nothing here.
//
// Each elementary port cell is walked over the rules that can match it: the
// port-independent test runs once per pass context (direction, interface,
// destination) and the survivors are indexed by destination port (PfRuleIndex).
import { perObject } from '../model/per-object';
import { concreteAddress, type ConcreteAddress } from '../model/addresses';
import { PortSet, type PortInterval } from '../model/ports';
import type { Action, Chain, Rule, Ruleset } from '../model/ruleset';
import type { Answer, FinalVerdict, PacketQuestion } from './api';
import { SegmentCollector, type CellOutcome } from './collector';
import { matchesWithoutPorts, type PacketView } from './match';
import { MAYBE, NEVER, PfChainPorts, PfRuleIndex, PortsCarry, TestCarry } from './pf-rule-index';
import { PortCuts } from './segments';

export interface PfPacket {
  readonly sport: number;
  readonly dport: number;
  readonly dst?: ConcreteAddress;
}

export interface PfTranslation {
  readonly rule: Rule;
  readonly toAddress?: string;
  readonly toPorts?: PortSet;
  readonly local: boolean;
  readonly skipsFilter: boolean;
}

export interface PassResult {
  readonly verdict: FinalVerdict;
  readonly rule?: Rule;
  readonly trail: Rule[];
  readonly uncertain: boolean;
  /** The packet as the next pass sees it (after rdr / rdr-to). */
  readonly packet: PfPacket;
  readonly translation?: PfTranslation;
  /** Diverted or redirected to this host: there is no outbound pass. */
  readonly local: boolean;
}

const NO_HELPERS: ReadonlyMap<string, string> = new Map();

/** How many packet classes' indexes a ruleset keeps (checks ask about a handful, a few hundred times each). */
const INDEX_CACHE_SIZE = 64;

/** One pass context's rule indexes, per chain. */
interface PassContext {
  /** The packet class and pass conditions: what the rules' port-independent tests read. */
  readonly key: string;
  readonly use: 'filter' | 'rdr';
  readonly direction: 'in' | 'out';
  readonly iface: string | undefined;
  readonly dst: ConcreteAddress | undefined;
  readonly byChain: Map<Chain, PfRuleIndex>;
}

/**
 * What every question about a pf ruleset can share: the port sets its rules
 * mention, each chain's rules by destination port, and per packet class the
 * pass contexts' rule indexes (building one tests every rule, and checks ask
 * many questions about the same class). Rulesets are not modified after lowering.
 */
class PfRulesetCache {
  readonly portSets = new Map<'sport' | 'dport', readonly PortSet[]>();
  readonly cuts = new Map<'sport' | 'dport', PortCuts>();
  private readonly chainPorts = new Map<Chain, PfChainPorts>();
  private readonly byPacket = new Map<string, Map<string, PassContext>>();

  portsOf(chain: Chain): PfChainPorts {
    let found = this.chainPorts.get(chain);
    if (!found) {
      found = portsCarry.portsFor(chain.name, chain.rules);
      this.chainPorts.set(chain, found);
    }
    return found;
  }

  contextsFor(q: Pick<PacketQuestion, 'ipVersion' | 'protocol' | 'src' | 'ctState' | 'ctHelper'>): Map<string, PassContext> {
    const key = packetClassKey(q);
    let found = this.byPacket.get(key);
    if (!found) {
      if (this.byPacket.size >= INDEX_CACHE_SIZE) this.byPacket.clear();
      found = new Map();
      this.byPacket.set(key, found);
    }
    return found;
  }
}

const rulesetCache = perObject((_ruleset: Ruleset) => new PfRulesetCache());

/** Rule tests carried over from the previous version of each chain (see TestCarry). */
const carry = new TestCarry();
/** Port indexes carried over from the previous version of each chain (see PortsCarry). */
const portsCarry = new PortsCarry();

/** What a rule's port-independent test reads of the question (the pass context adds the rest). */
function packetClassKey(q: Pick<PacketQuestion, 'ipVersion' | 'protocol' | 'src' | 'ctState' | 'ctHelper'>): string {
  return `${q.ipVersion}|${q.protocol}|${q.src ? `${q.src.version}:${q.src.value}` : ''}|${q.ctState}|${q.ctHelper ?? ''}`;
}

function sameAddress(a: ConcreteAddress | undefined, b: ConcreteAddress | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.version === b.version && a.value === b.value);
}

export class PfEvaluator {
  private readonly filter: Chain | undefined;
  private readonly rdrChains: readonly Chain[];
  private readonly anchors = new Map<string, Chain>();
  /** Per pass context, then per chain; shared by every question about the same packet class. */
  private readonly contexts: Map<string, PassContext>;
  /** The contexts this evaluator used last: a cell's passes find theirs without building a key. */
  private readonly recent: PassContext[] = [];
  private readonly shared: PfRulesetCache;
  private readonly classKey: string;

  constructor(
    readonly ruleset: Ruleset,
    private readonly q: Pick<PacketQuestion, 'ipVersion' | 'protocol' | 'src' | 'ctState' | 'ctHelper'>,
  ) {
    const pfChains = ruleset.chains.filter((c) => c.family === 'pf');
    this.shared = rulesetCache(ruleset);
    this.contexts = this.shared.contextsFor(q);
    this.classKey = packetClassKey(q);
    this.filter = pfChains.find((c) => c.base?.hook === 'pf-filter');
    this.rdrChains = pfChains.filter(isOldStyleRdr);
    for (const c of pfChains) if (!c.base && !this.anchors.has(c.name)) this.anchors.set(c.name, c);
  }

  /**
   * Every port set the pf rules mention, for cutting the question's ports. A
   * translation that shifts a port range one to one also brings the filter's
   * edges inside the target range back to the ports the question asks about.
   */
  portSets(axis: 'sport' | 'dport'): readonly PortSet[] {
    let found = this.shared.portSets.get(axis);
    if (!found) {
      found = this.collectPortSets(axis);
      this.shared.portSets.set(axis, found);
    }
    return found;
  }

  /** The question's ports on `axis`, cut at every edge of portSets(axis). */
  segments(axis: 'sport' | 'dport', space: PortSet): PortInterval[] {
    let cuts = this.shared.cuts.get(axis);
    if (!cuts) {
      cuts = PortCuts.of(this.portSets(axis));
      this.shared.cuts.set(axis, cuts);
    }
    return cuts.segments(space);
  }

  private collectPortSets(axis: 'sport' | 'dport'): PortSet[] {
    const out: PortSet[] = [];
    const shifts: Array<{ from: PortInterval; to: PortInterval }> = [];
    for (const c of this.ruleset.chains) {
      if (c.family !== 'pf') continue;
      for (const r of c.rules) {
        const s = r.match[axis];
        if (s) out.push(s);
        if (axis !== 'dport' || !r.match.dport) continue;
        const t = r.actions.find(isDestinationTranslation);
        if (t?.ports && t.ports.intervals.length === 1) {
          const to = t.ports.intervals[0];
          for (const from of r.match.dport.intervals) if (from.hi - from.lo === to.hi - to.lo && from.lo !== to.lo) shifts.push({ from, to });
        }
      }
    }
    if (shifts.length === 0) return out;
    const shifted: PortSet[] = [];
    for (const { from, to } of shifts) {
      const delta = from.lo - to.lo;
      const target = PortSet.range(to.lo, to.hi);
      for (const s of out) {
        const inside = s.intersect(target);
        if (!inside.isEmpty()) shifted.push(PortSet.fromIntervals(inside.intervals.map((i) => ({ lo: i.lo + delta, hi: i.hi + delta }))));
      }
    }
    return [...out, ...shifted];
  }

  /** The pass context (rule indexes per chain) for these conditions, built on first use. */
  private contextFor(use: 'filter' | 'rdr', direction: 'in' | 'out', iface: string | undefined, dst: ConcreteAddress | undefined): PassContext {
    for (const c of this.recent) {
      if (c.use === use && c.direction === direction && c.iface === iface && sameAddress(c.dst, dst)) return c;
    }
    const key = `${use}|${direction}|${iface ?? ''}|${dst ? `${dst.version}:${dst.value}` : ''}`;
    let found = this.contexts.get(key);
    if (!found) {
      found = { key: `${this.classKey}|${key}`, use, direction, iface, dst, byChain: new Map() };
      this.contexts.set(key, found);
    }
    if (this.recent.length >= 4) this.recent.shift();
    this.recent.push(found);
    return found;
  }

  /**
   * The rules of `chain` that can match in this pass context, indexed by port
   * (built once per context). For filtering, a block that may not apply only
   * makes the answer uncertain (the optimistic reading skips it): inert.
   */
  private indexFor(context: PassContext, chain: Chain): PfRuleIndex {
    let index = context.byChain.get(chain);
    if (!index) {
      const view: PacketView = {
        ipVersion: this.q.ipVersion,
        protocol: this.q.protocol,
        src: this.q.src,
        dst: context.dst,
        ctState: this.q.ctState,
        ctHelper: this.q.ctHelper,
        inInterface: context.iface,
        outInterface: context.iface,
        direction: context.direction,
      };
      const test = (rule: Rule) => matchesWithoutPorts(rule.match, view, NO_HELPERS);
      const known = carry.testsFor(chain.name, chain.rules, context.key);
      index = new PfRuleIndex(this.shared.portsOf(chain), test, context.use === 'filter' ? isInertBlock : undefined, known);
      context.byChain.set(chain, index);
    }
    return index;
  }

  /**
   * The filter index that tells which packets' filter pass visits only rules
   * without destination ports (PfRuleIndex.hasPortRuleAt), when that decides
   * the pass: without old-style rdr (which may change the port the filter
   * sees) and anchors (their own rules), every such packet of a source port
   * visits the same rules and ends the same way. Undefined otherwise.
   */
  portlessProbe(direction: 'in' | 'out', iface: string | undefined, dst: ConcreteAddress | undefined): PfRuleIndex | undefined {
    if (!this.filter || this.rdrChains.length > 0 || this.shared.portsOf(this.filter).hasAnchors) return undefined;
    return this.indexFor(this.contextFor('filter', direction, iface, dst), this.filter);
  }

  /** Old-style `rdr` rules: the first match translates (`no rdr` matches and translates nothing). */
  oldRdr(iface: string | undefined, packet: PfPacket): { translation?: PfTranslation; packet: PfPacket; uncertain: boolean } {
    if (this.rdrChains.length === 0) return { packet, uncertain: false };
    const context = this.contextFor('rdr', 'in', iface, packet.dst);
    for (const chain of this.rdrChains) {
      let first: Rule | undefined;
      let firstTri = NEVER;
      this.indexFor(context, chain).forEachAt(packet.sport, packet.dport, (rule, t) => {
        // `rdr-anchor "ftp-proxy/*"` and friends are filled at run time: nothing to translate here.
        if (rule.verdict.kind === 'anchor') return false;
        first = rule;
        firstTri = t;
        return true;
      });
      const rule: Rule | undefined = first;
      if (!rule) continue;
      const action = rule.actions.find(isDestinationTranslation);
      if (!action) return { packet, uncertain: firstTri === MAYBE };
      const translation = translationOf(rule, action);
      return { translation, packet: translatePacket(packet, rule, translation), uncertain: firstTri === MAYBE };
    }
    return { packet, uncertain: false };
  }

  /**
   * One filter pass (direction and interface) for one packet. Without
   * `translate`, a passing rule's rdr-to is not applied: the result's packet,
   * translation and `local` are then those before the filter rules (for
   * callers that read only the verdict, rules and uncertainty).
   */
  pass(direction: 'in' | 'out', iface: string | undefined, start: PfPacket, translate = true): PassResult {
    let packet = start;
    let uncertain = false;
    let translation: PfTranslation | undefined;
    if (direction === 'in') {
      const rdr = this.oldRdr(iface, packet);
      packet = rdr.packet;
      uncertain = rdr.uncertain;
      translation = rdr.translation;
      if (translation?.skipsFilter) {
        return { verdict: 'accept', rule: translation.rule, trail: [], uncertain, packet, translation, local: translation.local };
      }
    }
    const trail: Rule[] = [];
    let decision: Rule | undefined;
    let remembered: { rule: Rule; action: DestinationAction } | undefined;
    const context = this.filter ? this.contextFor('filter', direction, iface, packet.dst) : undefined;
    const { sport, dport } = packet;
    /** Walks one chain's matching rules in order; true when a quick rule ended the pass. */
    const walk = (chain: Chain, depth: number, index: PfRuleIndex): boolean => {
      let quick = false;
      const stop = index.forEachAt(sport, dport, (rule, t) => {
        const v = rule.verdict;
        if (v.kind === 'anchor') {
          const anchor = v.inline ? this.anchors.get(v.name) : undefined;
          if (!anchor || depth > 16 || !context) return false;
          if (t === MAYBE) uncertain = true;
          trail.push(rule);
          quick = walk(anchor, depth + 1, this.indexFor(context, anchor));
          return quick;
        }
        if (v.kind === 'accept' || v.kind === 'drop' || v.kind === 'reject') {
          if (t === MAYBE) {
            uncertain = true;
            // Optimistic reading: a block that may not apply is taken not to.
            if (v.kind !== 'accept') return false;
          }
          if (decision) trail.push(decision);
          decision = rule;
          quick = rule.quick === true;
          return quick;
        }
        // `match` rules (and anything else without a verdict) never decide. Their rdr-to is
        // remembered and applied once the packet passes: later rules still see the original.
        if (t === MAYBE) uncertain = true;
        trail.push(rule);
        const action = rule.actions.find(isDestinationTranslation);
        if (action && direction === 'in') remembered = { rule, action };
        return false;
      });
      if (index.inertBefore(stop)) uncertain = true;
      return quick;
    };
    if (this.filter && context) walk(this.filter, 0, this.indexFor(context, this.filter));
    const verdict: FinalVerdict = decision ? (decision.verdict.kind as FinalVerdict) : 'accept';
    let local = translation?.local ?? false;
    if (verdict === 'accept' && translate) {
      // The passing rule's own rdr-to wins over one remembered from a `match` rule.
      const own = decision?.actions.find(isDestinationTranslation);
      const apply = own && decision ? { rule: decision, action: own } : remembered;
      if (apply && direction === 'in') {
        translation = translationOf(apply.rule, apply.action);
        packet = translatePacket(packet, apply.rule, translation);
        local = translation.local;
      }
      if (decision?.actions.some((a) => a.kind === 'divert')) local = true;
    }
    return { verdict, rule: decision, trail, uncertain, packet, translation, local };
  }
}

/** A block that may not apply: the optimistic reading skips it, and the answer becomes uncertain. */
function isInertBlock(rule: Rule, tri: number): boolean {
  const k = rule.verdict.kind;
  return tri === MAYBE && (k === 'drop' || k === 'reject');
}

type DestinationAction = Extract<Action, { kind: 'dnat' | 'redirect' }>;

export function isDestinationTranslation(a: Action): a is DestinationAction {
  return a.kind === 'dnat' || a.kind === 'redirect';
}

const translatedAddresses = new Map<string, ConcreteAddress | undefined>();

/** concreteAddress, remembered: a translation's target is read for every port cell that reaches it. */
function targetAddress(text: string): ConcreteAddress | undefined {
  const found = translatedAddresses.get(text);
  if (found !== undefined || translatedAddresses.has(text)) return found;
  const a = concreteAddress(text);
  if (translatedAddresses.size < 1024) translatedAddresses.set(text, a);
  return a;
}

export function isLocalAddress(text: string | undefined): boolean {
  if (text === undefined) return false;
  const a = targetAddress(text);
  if (!a) return false;
  return a.version === 4 ? a.value >> 24n === 127n : a.value === 1n;
}

function translationOf(rule: Rule, action: DestinationAction): PfTranslation {
  if (action.kind === 'redirect') {
    return { rule, toPorts: action.ports, local: true, skipsFilter: rule.skipsFilter === true };
  }
  return { rule, toAddress: action.address, toPorts: action.ports, local: isLocalAddress(action.address), skipsFilter: rule.skipsFilter === true };
}

/** The port a translated packet goes to: a single target port, or the same offset into a target range of the same size. */
export function translatedPort(port: number, matched: PortSet | undefined, to: PortSet | undefined): number {
  if (!to || to.isEmpty()) return port;
  const target = to.intervals[0];
  if (to.size() === 1) return target.lo;
  const from = matched?.intervals.find((i) => i.lo <= port && port <= i.hi);
  if (from && from.hi - from.lo === target.hi - target.lo) return target.lo + (port - from.lo);
  return target.lo;
}

function translatePacket(packet: PfPacket, rule: Rule, t: PfTranslation): PfPacket {
  return {
    sport: packet.sport,
    dport: translatedPort(packet.dport, rule.match.dport, t.toPorts),
    dst: t.toAddress === undefined ? (t.local ? packet.dst : undefined) : targetAddress(t.toAddress),
  };
}

/** A chain of old-style `rdr` rules (translation before filtering, on the way in). */
function isOldStyleRdr(c: Chain): boolean {
  return c.base?.type === 'nat' && c.base.hook !== 'postrouting' && c.base.hook !== 'output';
}

/**
 * Whether every packet of `q` meets the filter rules with the ports it came
 * with, so that a rule changes only the outcome of the ports it names: a
 * question of one pass (input or output; forwarding applies the inbound rdr-to
 * before the outbound pass) about a ruleset without old-style `rdr`.
 */
export function pfKeepsPorts(ruleset: Ruleset, q: PacketQuestion): boolean {
  return q.path !== 'forward' && !ruleset.chains.some((c) => c.family === 'pf' && isOldStyleRdr(c));
}

export function evaluatePf(ruleset: Ruleset, q: PacketQuestion): Answer {
  const pf = new PfEvaluator(ruleset, q);
  const collector = new SegmentCollector();
  // A single pass (input, output) ends the same way for every cell of a row
  // that meets only port-less rules: those cells share one evaluation. And
  // only the rules that can match in that pass cut the question's ports
  // (cells the others would split end the same way, and the collector
  // merges equal neighbours anyway).
  const probe = q.path === 'forward' ? undefined : q.path === 'output' ? pf.portlessProbe('out', q.outInterface, q.dst) : pf.portlessProbe('in', q.inInterface, q.dst);
  const sports = probe ? probe.cuts('sport').segments(q.sport) : pf.segments('sport', q.sport);
  const dports = probe ? probe.cuts('dport').segments(q.dport) : pf.segments('dport', q.dport);
  for (const s of sports) {
    let portless: CellOutcome | undefined;
    for (const d of dports) {
      if (probe && !probe.hasPortRuleAt(s.lo, d.lo)) {
        portless ??= pfCell(pf, q, { sport: s.lo, dport: d.lo, dst: q.dst });
        collector.add(s, d, portless);
      } else {
        collector.add(s, d, pfCell(pf, q, { sport: s.lo, dport: d.lo, dst: q.dst }));
      }
    }
  }
  return { question: q, segments: collector.segments() };
}

function pfCell(pf: PfEvaluator, q: PacketQuestion, packet: PfPacket): CellOutcome {
  // A single pass's outcome does not depend on where its packet goes next.
  if (q.path === 'output') return outcomeOf(pf.pass('out', q.outInterface, packet, false), undefined);
  if (q.path === 'input') return outcomeOf(pf.pass('in', q.inInterface, packet, false), undefined);
  const inbound = pf.pass('in', q.inInterface, packet);
  if (inbound.verdict !== 'accept' || inbound.local) return outcomeOf(inbound, undefined);
  return outcomeOf(inbound, pf.pass('out', q.outInterface, inbound.packet));
}

function outcomeOf(first: PassResult, second: PassResult | undefined): CellOutcome {
  if (!second) return { verdict: first.verdict, decidedBy: first.rule, uncertain: first.uncertain, trail: first.trail };
  const uncertain = first.uncertain || second.uncertain;
  if (second.verdict !== 'accept') {
    return { verdict: second.verdict, decidedBy: second.rule, uncertain, trail: [...first.trail, ...(first.rule ? [first.rule] : []), ...second.trail] };
  }
  // Both passes let it through: the inbound rule is the one that admitted the connection.
  const decidedBy = first.rule ?? second.rule;
  const trail = [...first.trail, ...second.trail, ...(first.rule && second.rule ? [second.rule] : [])];
  return { verdict: 'accept', decidedBy, uncertain, trail };
}
