// Shared questions about FTP traffic that several checks ask: which rules
// accept an FTP control connection, and whether the matching data connection
// gets through (as a NEW connection to an open range, or as RELATED through a
// helper). The control rule's source, destination and interface carry into the
// data questions: data comes from the same client the control rule admits.
import type { Answer, NatSegment, PacketPath, PacketQuestion, Segment } from '../engine/api';
import { concreteAddress, matchesAddress, type AddressMatch, type ConcreteAddress } from '../model/addresses';
import { PortSet } from '../model/ports';
import { perObject } from '../model/per-object';
import { allRules, chainByKey, chainKey, type Chain, type InterfaceMatch, type Rule, type Ruleset } from '../model/ruleset';
import type { CheckContext } from './check';
import { selectCarried, selectionSlot } from './carried-selection';
import { assignedControlHelper, helperControlPorts } from './helper-control-ports';
import { ruleCensus } from './rule-census';
import type { FixIntent, FixProposal, InsertPosition } from './types';

export const FTP_CONTROL = PortSet.of(21);
export const FTP_DATA_ACTIVE = PortSet.of(20);
export const FTP_PROXY_PORT = 8021;

/** A concrete address inside the match, to ask the engine about; undefined when the match is open or symbolic. */
export function representativeAddress(m: AddressMatch): ConcreteAddress | undefined {
  if (m.kind !== 'intervals' || m.negated || m.intervals.length === 0) return undefined;
  const i = m.intervals[0];
  // Prefer a host address over the network address of a prefix.
  return { version: i.version, value: i.hi > i.lo ? i.lo + 1n : i.lo };
}

/** An interface name the match admits (wildcards made concrete); undefined when open or negated. */
export function representativeInterface(m: InterfaceMatch | undefined): string | undefined {
  if (!m || m.negated || m.names.length === 0) return undefined;
  return m.names[0].replace(/[+*]$/, '0');
}

export function ipVersions(ruleset: Ruleset): Array<4 | 6> {
  const versions = new Set<4 | 6>();
  for (const c of ruleset.chains) {
    if (c.family === 'ip6') versions.add(6);
    else versions.add(4);
  }
  if (versions.size === 0) versions.add(4);
  return [...versions].sort();
}

export function mentionsTcp(rule: Rule): boolean {
  const p = rule.match.protocol;
  if (!p) return true;
  let tcp = false;
  // A loop, not some(): this runs for every rule in several checks.
  for (const n of p.names) if (n === 'tcp' || n === '6' || n.toLowerCase() === 'tcp') tcp = true;
  return p.negated ? !tcp : tcp;
}

/** Whether the rule admits the first packet of a connection. */
export function admitsNew(rule: Rule): boolean {
  const s = rule.match.ctState;
  if (!s) return true;
  return rule.match.ctStateNegated ? !s.has('new') : s.has('new');
}

/** Whether the rule accepts RELATED packets (alone or with other states). */
function acceptsRelatedState(rule: Rule): boolean {
  const s = rule.match.ctState;
  return rule.verdict.kind === 'accept' && s !== undefined && (rule.match.ctStateNegated ? !s.has('related') : s.has('related'));
}

/** The paths a rule's chain can see: a base chain's hook, pf's direction, or all for user chains. */
export function pathsOf(ctx: CheckContext, rule: Rule): PacketPath[] {
  const chain = chainByKey(ctx.ruleset, rule.chainKey);
  const hook = chain?.base?.hook;
  if (hook === 'input' || hook === 'forward' || hook === 'output') return [hook];
  if (hook === 'pf-filter' || ctx.dialect === 'pf') {
    if (rule.match.direction === 'in') return ['input'];
    if (rule.match.direction === 'out') return ['output'];
    return ['input', 'output'];
  }
  if (hook === 'prerouting') return ['input', 'forward'];
  if (hook === 'postrouting') return ['output', 'forward'];
  if (chain?.base) return [];
  return ['input', 'forward', 'output'];
}

/**
 * The addresses and interfaces a packet must have to reach and match a rule:
 * its own, completed by those of the jump that leads into its chain (a rule in
 * iptables' `tcp_inbound` is only reached through `-A INPUT -i eth1 -j tcp_inbound`).
 */
function reachConditions(ruleset: Ruleset, rule: Rule): Pick<Rule['match'], 'src' | 'dst' | 'inInterface' | 'outInterface'> {
  let { src, dst, inInterface, outInterface } = rule.match;
  let chainKey = rule.chainKey;
  for (let depth = 0; depth < 8; depth++) {
    const chain = chainByKey(ruleset, chainKey);
    if (!chain || chain.base) break;
    const entry = firstJumpInto(ruleset, chain);
    if (!entry) break;
    if (src.kind === 'any') src = entry.match.src;
    if (dst.kind === 'any') dst = entry.match.dst;
    inInterface ??= entry.match.inInterface;
    outInterface ??= entry.match.outInterface;
    chainKey = entry.chainKey;
  }
  return { src, dst, inInterface, outInterface };
}

/** Per chain key, the first rule (in declaration order) of its table that jumps or goes to it. */
const firstJumps = perObject((ruleset: Ruleset): Map<string, Rule> => {
  const jumps = new Map<string, Rule>();
  for (const c of ruleset.chains) {
    for (const r of c.rules) {
      if (r.verdict.kind !== 'jump' && r.verdict.kind !== 'goto') continue;
      const k = chainKey(c.family, c.table, r.verdict.target);
      if (!jumps.has(k)) jumps.set(k, r);
    }
  }
  return jumps;
});

/** The first rule (in declaration order) of the chain's table that jumps or goes to it; indexed once per ruleset. */
function firstJumpInto(ruleset: Ruleset, chain: Chain): Rule | undefined {
  return firstJumps(ruleset).get(chain.key);
}

/** The packet a rule admits, as a question: its addresses and interfaces, any ports. */
export function questionFor(
  ruleset: Ruleset,
  rule: Rule,
  path: PacketPath,
  ipVersion: 4 | 6,
  fields: Pick<PacketQuestion, 'sport' | 'dport' | 'ctState'> & Partial<PacketQuestion>,
): PacketQuestion {
  const m = reachConditions(ruleset, rule);
  const src = representativeAddress(m.src);
  const dst = representativeAddress(m.dst);
  const inInterface = path === 'output' ? undefined : representativeInterface(m.inInterface);
  const outInterface = path === 'input' ? undefined : representativeInterface(m.outInterface);
  return {
    path,
    ipVersion,
    protocol: 'tcp',
    ...(src && src.version === ipVersion ? { src } : {}),
    ...(dst && dst.version === ipVersion ? { dst } : {}),
    ...(inInterface ? { inInterface } : {}),
    ...(outInterface ? { outInterface } : {}),
    ...fields,
  };
}

/** The reply direction of a question: addresses and interfaces swapped. */
export function reverseQuestion(q: PacketQuestion, path: PacketPath, fields: Pick<PacketQuestion, 'sport' | 'dport' | 'ctState'> & Partial<PacketQuestion>): PacketQuestion {
  return {
    path,
    ipVersion: q.ipVersion,
    protocol: q.protocol,
    ...(q.dst ? { src: q.dst } : {}),
    ...(q.src ? { dst: q.src } : {}),
    ...(q.outInterface && path !== 'output' ? { inInterface: q.outInterface } : {}),
    ...(q.inInterface && path !== 'input' ? { outInterface: q.inInterface } : {}),
    ...fields,
  };
}

function decidedOrPassed(seg: Segment, rule: Rule): boolean {
  return seg.decidedBy?.id === rule.id || seg.trail.some((r) => r.id === rule.id);
}

// The engine already gives the most open reading of rules it cannot fully
// interpret (a rule that may match is taken to match when it accepts, and not
// to when it drops), so a refusal in its answer is a refusal under every
// reading: checks that report blocked traffic can trust it, uncertain or not.

/**
 * Destination ports that may get through for most of the question's source
 * ports: a client picks its source port freely, so an accept keyed on one
 * source port (a stateless `--sport 3306` reply rule) opens nothing for FTP data.
 */
export function openDports(answer: Answer): PortSet {
  return PortSet.unionAll(openSegments(answer).map((s) => s.dport));
}

/** The accepting segments that hold for most of the question's source ports (see openDports). */
function openSegments(answer: Answer): Segment[] {
  const sports = answer.question.sport.size();
  return answer.segments.filter((s) => s.verdict === 'accept' && s.sport.size() * 2 >= sports);
}

/** Ports refused even under the most open reading of the rules. */
export function blockedDports(answer: Answer): PortSet {
  return PortSet.unionAll(answer.segments.filter((s) => s.verdict !== 'accept').map((s) => s.dport));
}

/** The segment that refused a port, for related locations. */
export function refusingSegment(answer: Answer, port: number): Segment | undefined {
  return answer.segments.find((s) => s.verdict !== 'accept' && s.dport.has(port));
}

export interface ControlAccept {
  /** The rule that accepts the control connection. */
  readonly rule: Rule;
  readonly path: PacketPath;
  /** The control connection's first packet, as asked. */
  readonly question: PacketQuestion;
}

/**
 * Rules that name FTP's control port and accept NEW connections to it on `path`,
 * confirmed by the engine (the rule really decides, it is not shadowed).
 * `direction` picks whether 21 is the destination (connections to a server) or the source.
 */
export function controlAccepts(ctx: CheckContext, path: PacketPath): readonly ControlAccept[] {
  // Most checks start from these: found once per ruleset, path and ephemeral range.
  const byPath = controlAcceptsOf(ctx.ruleset);
  const key = `${path} ${ctx.settings.ephemeralRange.lo}-${ctx.settings.ephemeralRange.hi}`;
  let found = byPath.get(key);
  if (!found) {
    found = findControlAccepts(ctx, path);
    byPath.set(key, found);
  }
  return found;
}

const controlAcceptsOf = perObject((_ruleset: Ruleset) => new Map<string, readonly ControlAccept[]>());

function findControlAccepts(ctx: CheckContext, path: PacketPath): ControlAccept[] {
  const out: ControlAccept[] = [];
  const high = ephemeral(ctx);
  for (const rule of ruleCensus(ctx).toPort21) {
    if (rule.verdict.kind !== 'accept' || !mentionsTcp(rule) || !admitsNew(rule) || !isFilterRule(ctx, rule)) continue;
    if (!pathsOf(ctx, rule).includes(path)) continue;
    for (const v of ipVersions(ctx.ruleset)) {
      if (rule.match.ipVersion && rule.match.ipVersion !== v) continue;
      const question = questionFor(ctx.ruleset, rule, path, v, { sport: high, dport: FTP_CONTROL, ctState: 'new' });
      const answer = ctx.engine.evaluate(question);
      if (answer.segments.some((s) => s.verdict === 'accept' && decidedOrPassed(s, rule))) {
        out.push({ rule, path, question });
        break;
      }
    }
  }
  return out;
}

export function ephemeral(ctx: CheckContext): PortSet {
  return PortSet.range(ctx.settings.ephemeralRange.lo, ctx.settings.ephemeralRange.hi);
}

/**
 * Whether an open port set contains something that can serve as a passive
 * range: a block of two ports or more. A lone open port (8080) is a service.
 */
export function hasPassiveCandidate(open: PortSet): boolean {
  return open.intervals.some((i) => i.hi > i.lo);
}

/**
 * Whether the answer opens a passive range: a block of two ports or more that
 * one rule (or the policy) accepts. Two services on neighbouring ports, each
 * opened by its own rule (8994 and 8995), are not a passive range.
 */
export function opensPassiveRange(answer: Answer): boolean {
  const byDecider = new Map<Rule | string, PortSet[]>();
  for (const s of openSegments(answer)) {
    const decider = s.decidedBy ?? s.policyOf ?? '';
    const list = byDecider.get(decider);
    if (list) list.push(s.dport);
    else byDecider.set(decider, [s.dport]);
  }
  for (const sets of byDecider.values()) if (hasPassiveCandidate(PortSet.unionAll(sets))) return true;
  return false;
}

export function helperTypeOf(ctx: CheckContext, name: string): string {
  const object = ctx.ruleset.helpers.find((h) => h.name === name);
  return (object?.type ?? name).toLowerCase();
}

/** Whether the FTP helper is assigned to this control connection and RELATED data is accepted on `dataPath` for `dataQuestion`. */
export function helperCoversData(ctx: CheckContext, control: PacketQuestion, dataQuestion: PacketQuestion): boolean {
  const assigned = assignedControlHelper(ctx, control);
  if (!assigned || helperTypeOf(ctx, assigned.helper) !== 'ftp') return false;
  const related = ctx.engine.evaluate({ ...dataQuestion, ctState: 'related', ctHelper: 'ftp' });
  return blockedDports(related).intersect(dataQuestion.dport).isEmpty();
}

/**
 * Whether FTP009 reports this data connection: a rule assigns the ftp helper
 * to its control connection, and RELATED data is not accepted where the data
 * arrives. The checks about blocked data (FTP001, FTP006, FTP007) stay silent
 * then, since one root cause is reported once, on the helper assignment a person
 * completes; their advice ("assign the helper") would be wrong there anyway.
 */
export function helperWithoutRelated(ctx: CheckContext, control: PacketQuestion, dataQuestion: PacketQuestion): boolean {
  const assigned = assignedControlHelper(ctx, control);
  if (!assigned?.rule || helperTypeOf(ctx, assigned.helper) !== 'ftp') return false;
  return !mostlyOpen(ctx.engine.evaluate({ ...dataQuestion, ctState: 'related', ctHelper: 'ftp' }), dataQuestion.dport);
}

/** pf: the ruleset diverts or redirects FTP to ftp-proxy (its completeness is FTP010's job). */
export function usesFtpProxy(ctx: Pick<CheckContext, 'ruleset' | 'memo'>): boolean {
  // Several checks ask, and the answer reads every rule: found once per ruleset, carried between edits.
  let uses = proxyUse.get(ctx.ruleset);
  if (uses === undefined) {
    uses = selectCarried(ctx, PROXY_USERS, allRules(ctx.ruleset), '', usesProxy).length > 0;
    proxyUse.set(ctx.ruleset, uses);
  }
  return uses;
}

const proxyUse = new WeakMap<Ruleset, boolean>();
const PROXY_USERS = selectionSlot('checks: rules that use ftp-proxy');

function usesProxy(r: Rule): boolean {
  if (r.verdict.kind === 'anchor' && r.verdict.name.startsWith('ftp-proxy')) return true;
  for (const a of r.actions) {
    if ((a.kind === 'divert' && a.port === FTP_PROXY_PORT) || (a.kind === 'dnat' && a.ports?.has(FTP_PROXY_PORT) === true) || (a.kind === 'redirect' && a.ports?.has(FTP_PROXY_PORT) === true)) return true;
  }
  return false;
}

/** The FTP server's own passive range, when known (the `passiveRange` setting, or its configuration beside the file). */
export function serverPassiveRange(ctx: CheckContext): PortSet | undefined {
  const r = ctx.settings.passiveRange;
  return r ? PortSet.range(r.lo, r.hi) : undefined;
}

/** How messages name the server's passive range: with the configuration file it was read from, when it was. */
export function serverRangeName(ctx: CheckContext, range: PortSet): string {
  const from = ctx.settings.passiveRange?.from;
  return `the server's passive range ${range}${from !== undefined ? ` (${from})` : ''}`;
}

/** The passive range fixes open: the configured one, or the conventional default. */
export function fixPassiveRange(ctx: CheckContext): { ports: PortSet; configured: boolean } {
  const r = ctx.settings.passiveRange;
  return r ? { ports: PortSet.range(r.lo, r.hi), configured: true } : { ports: PortSet.range(50000, 50999), configured: false };
}

/** Whether most of `wanted` may get through (used for data paths where any ephemeral port can be asked for). */
export function mostlyOpen(answer: Answer, wanted: PortSet): boolean {
  return openDports(answer).intersect(wanted).size() * 2 >= wanted.size();
}

/** The first segment refusing something in `wanted`, for related locations and fix positions. */
export function firstRefusal(answer: Answer, wanted: PortSet): Segment | undefined {
  return answer.segments.find((s) => s.verdict !== 'accept' && s.dport.overlaps(wanted));
}

/** Accept rules that name port 21 as the source: replies from an FTP server a client talks to (stateless rulesets). */
export function controlReplyAccepts(ctx: CheckContext, path: PacketPath): ControlAccept[] {
  const out: ControlAccept[] = [];
  for (const rule of ruleCensus(ctx).fromPort21) {
    const sport = rule.match.sport;
    if (rule.verdict.kind !== 'accept' || !sport?.has(21) || sport.size() > 2 || rule.match.dport?.has(21) || !mentionsTcp(rule)) continue;
    if (!pathsOf(ctx, rule).includes(path)) continue;
    const v = rule.match.ipVersion ?? ipVersions(ctx.ruleset)[0];
    out.push({ rule, path, question: questionFor(ctx.ruleset, rule, path, v, { sport: FTP_CONTROL, dport: ephemeral(ctx), ctState: 'established' }) });
  }
  return out;
}

/**
 * Where an inserted accept takes effect: in first-match chains before the rule
 * that refused the packet (or at the end when a policy refused it); in pf at the
 * end, because the last matching rule wins, or before a `quick` block (the
 * inserted rule must then be `quick` too: see needsQuick).
 */
export function positionToOverride(ctx: CheckContext, refusing: Segment | undefined): InsertPosition {
  // pf: a later rule wins, except over a `quick` one, which ends evaluation where it stands.
  if (ctx.dialect === 'pf') return refusing?.decidedBy?.quick ? { before: refusing.decidedBy } : { at: 'end' };
  return refusing?.decidedBy ? { before: refusing.decidedBy } : { at: 'end' };
}

/** A data connection that belongs to an accepted control connection, as the engine should see it. */
export interface DataFlow {
  readonly control: ControlAccept;
  /** The data connection's first packet (state NEW). */
  readonly question: PacketQuestion;
  readonly mode: 'passive' | 'active';
}

/**
 * The data connections each accepted FTP control connection implies:
 * a server (21 in) gets passive data in; a client (21 out) opens passive data
 * out and receives active data in; a router (21 forwarded) forwards passive data.
 */
export function dataFlows(ctx: CheckContext, options: { explicitClientsOnly: boolean }): DataFlow[] {
  const high = ephemeral(ctx);
  const flows: DataFlow[] = [];
  for (const path of ['input', 'forward'] as const) {
    for (const control of controlAccepts(ctx, path)) {
      flows.push({ control, mode: 'passive', question: questionFor(ctx.ruleset, control.rule, path, control.question.ipVersion, { sport: high, dport: high, ctState: 'new' }) });
    }
  }
  for (const control of controlAccepts(ctx, 'output')) {
    if (options.explicitClientsOnly && !explicitControl(control)) continue;
    flows.push({ control, mode: 'passive', question: questionFor(ctx.ruleset, control.rule, 'output', control.question.ipVersion, { sport: high, dport: high, ctState: 'new' }) });
    flows.push({ control, mode: 'active', question: reverseQuestion(control.question, 'input', { sport: FTP_DATA_ACTIVE, dport: high, ctState: 'new' }) });
  }
  return flows;
}

/**
 * Explicit FTP control accepts on the forward path whose connections no DNAT
 * rule sends there: clients behind this host going out, or a server behind it
 * reached by its own address. Those DNAT forwards to an inside server are
 * FTP002's (a rule for any destination may carry them, so it is left to FTP002
 * as soon as port 21 is forwarded anywhere).
 */
export function routedControlAccepts(ctx: CheckContext): readonly ControlAccept[] {
  if (ctx.dialect === 'pf') return [];
  const explicit = controlAccepts(ctx, 'forward').filter(explicitControl);
  if (explicit.length === 0) return [];
  const targets = controlForwardTargets(ctx);
  return explicit.filter((c) => !targets.some((host) => matchesAddress(c.rule.match.dst, host) !== false));
}

/**
 * Whether some rule may translate a connection to port 21 of another host.
 * Mapping every port through the NAT rules is the expensive part of finding
 * where FTP control is forwarded: this says when it can be skipped.
 */
export function mayForwardControl(ctx: CheckContext): boolean {
  return selectCarried(ctx, CONTROL_FORWARDERS, ruleCensus(ctx).dnatting, '', translatesToPort21).length > 0;
}

const CONTROL_FORWARDERS = selectionSlot('checks: rules that may forward port 21');

/** Whether the rule may translate a connection to port 21 of another host. */
function translatesToPort21(rule: Rule): boolean {
  // A loop, not some(): this runs for every rule.
  for (const a of rule.actions) {
    if (a.kind === 'dnat' && a.address !== undefined && (a.ports ? a.ports.has(21) : !rule.match.dport || rule.match.dport.has(21))) return true;
  }
  return false;
}

/**
 * The helper fix of FTP006 and FTP007 for a client's control connection: the
 * ftp helper assigned where it starts (output for this host's own, prerouting
 * for a forwarded one, for the same clients) and RELATED accepted for its data.
 * `forwardedData`: the data connection a forwarded control connection left
 * refused; this host's own get both of theirs (clientDataQuestions).
 */
export function clientHelperFix(ctx: CheckContext, control: ControlAccept, forwardedData: PacketQuestion): FixProposal {
  if (control.path !== 'forward') {
    return { title: 'Assign the ftp helper to outgoing FTP control and accept RELATED data', preferred: true, safety: 'unsafe', intents: helperFixIntents(ctx, { path: 'output' }, clientDataQuestions(ctx, control)) };
  }
  const { src, ipVersion } = control.rule.match;
  const assign = { path: 'prerouting' as const, ...(src.kind !== 'any' ? { src: src.text } : {}), ...(ipVersion ? { ipVersion } : {}) };
  return { title: 'Assign the ftp helper to forwarded FTP control and accept RELATED data', preferred: true, safety: 'unsafe', intents: helperFixIntents(ctx, assign, [forwardedData]) };
}

/** The destination ports a NAT segment's connections have after translation. */
export function translatedPorts(s: NatSegment): PortSet {
  return s.toPorts ?? s.dport;
}

/** The hosts DNAT rules forward FTP control (port 21, after translation) to. */
function controlForwardTargets(ctx: CheckContext): ConcreteAddress[] {
  const hosts: ConcreteAddress[] = [];
  if (!mayForwardControl(ctx)) return hosts;
  for (const ipVersion of ipVersions(ctx.ruleset)) {
    for (const s of ctx.engine.translateDestination({ ipVersion, protocol: 'tcp', dport: PortSet.ALL })) {
      const host = s.toAddress !== undefined ? concreteAddress(s.toAddress) : undefined;
      if (host && translatedPorts(s).has(21)) hosts.push(host);
    }
  }
  return hosts;
}

/** A rule written for FTP (port 21 among a few ports), not a broad "allow everything out". */
export function explicitControl(c: ControlAccept): boolean {
  const dport = c.rule.match.dport;
  return dport !== undefined && dport.size() <= 64;
}

/**
 * The rule accepting RELATED that a data flow relies on while no ftp helper is
 * assigned to its control connection: FTP008's finding. Undefined when the
 * helper is assigned, the data gets through as NEW anyway, or what accepts it
 * as RELATED does not name RELATED.
 */
export function relatedWithoutHelper(ctx: CheckContext, flow: DataFlow): Rule | undefined {
  if (ctx.dialect === 'pf') return undefined;
  const assigned = assignedControlHelper(ctx, flow.control.question);
  if (assigned && helperTypeOf(ctx, assigned.helper) === 'ftp') return undefined;
  if (dataOpenAsNew(ctx, flow)) return undefined;
  const rule = relatedAnswer(ctx, flow).segments.find((s) => s.verdict === 'accept' && s.decidedBy)?.decidedBy;
  // Only a rule that names RELATED relies on the helper; one that accepts
  // any state (a port range a NEW-only drop elsewhere defeats) does not.
  return rule && acceptsRelatedState(rule) ? rule : undefined;
}

/**
 * Whether FTP008 reports this data flow (see relatedWithoutHelper). The
 * checks about blocked data (FTP001, FTP006, FTP007) stay silent then, as
 * they do for FTP009: one root cause is reported once, on the rule that
 * accepts RELATED, whose fix (assign the helper) completes what the ruleset
 * meant; theirs would open ports besides. Unless FTP008 is turned off.
 */
export function missingHelperReported(ctx: CheckContext, flow: DataFlow): boolean {
  if (ctx.settings.checks.FTP008?.enabled === false) return false;
  if (flow.control.question.path === 'output' && !explicitControl(flow.control)) return false;
  return relatedWithoutHelper(ctx, flow) !== undefined;
}

/** Whether the data connection gets through as a NEW connection (an open passive range, or most high ports for active data). */
export function dataOpenAsNew(ctx: CheckContext, flow: DataFlow): boolean {
  const answer = ctx.engine.evaluate(flow.question);
  return flow.mode === 'passive' ? opensPassiveRange(answer) : mostlyOpen(answer, flow.question.dport);
}

/** The answer for the same data connection marked RELATED to an FTP-helped control connection. */
export function relatedAnswer(ctx: CheckContext, flow: DataFlow): Answer {
  return ctx.engine.evaluate({ ...flow.question, ctState: 'related', ctHelper: 'ftp' });
}

/**
 * Whether a rule filters (accepts or refuses traffic) rather than translates it:
 * iptables and nft NAT chains "accept" after translating, which is no filter
 * decision. pf `pass ... rdr-to` rules do both and count as filter rules.
 */
export function isFilterRule(ctx: CheckContext, rule: Rule): boolean {
  if (ctx.dialect === 'pf') return true;
  const chain = chainByKey(ctx.ruleset, rule.chainKey);
  if (chain?.base?.type === 'nat' || chain?.table === 'nat') return false;
  return !rule.actions.some((a) => a.kind === 'dnat' || a.kind === 'snat' || a.kind === 'masquerade' || a.kind === 'redirect');
}

/**
 * The intents of the helper fix for a set of control connections: assign the
 * ftp helper where the control connection starts (prerouting for arriving
 * ones, output for the host's own), and accept RELATED data of the helper on
 * each data path that does not accept it yet.
 */
export function helperFixIntents(
  ctx: CheckContext,
  assign: { readonly path: 'prerouting' | 'output'; readonly src?: string; readonly ipVersion?: 4 | 6 },
  dataQuestions: readonly PacketQuestion[],
): FixIntent[] {
  const intents: FixIntent[] = [
    {
      kind: 'insert-rules',
      position: { at: 'start' },
      rules: [
        {
          path: assign.path,
          table: 'raw',
          protocol: 'tcp',
          ...(assign.src ? { src: assign.src } : {}),
          ...(assign.ipVersion ? { ipVersion: assign.ipVersion } : {}),
          dport: helperControlPorts(ctx, assign.path),
          action: { kind: 'ct-helper', helper: 'ftp' },
          comment: 'FTP control: let the ftp helper expect data connections',
        },
      ],
    },
  ];
  const done = new Set<PacketPath>();
  for (const q of dataQuestions) {
    if (done.has(q.path)) continue;
    const related = ctx.engine.evaluate({ ...q, ctState: 'related', ctHelper: 'ftp' });
    if (mostlyOpen(related, q.dport)) continue;
    done.add(q.path);
    intents.push({
      kind: 'insert-rules',
      position: positionToOverride(ctx, firstRefusal(related, q.dport)),
      rules: [{ path: q.path, table: 'filter', protocol: 'tcp', ctState: ['related'], ctHelper: 'ftp', action: { kind: 'accept' }, comment: 'FTP data expected by the ftp helper' }],
    });
  }
  return intents;
}

/** The data connections of a local FTP client: passive data out, active data in. */
function clientDataQuestions(ctx: CheckContext, control: ControlAccept): PacketQuestion[] {
  const high = ephemeral(ctx);
  return [
    questionFor(ctx.ruleset, control.rule, 'output', control.question.ipVersion, { sport: high, dport: high, ctState: 'new' }),
    reverseQuestion(control.question, 'input', { sport: FTP_DATA_ACTIVE, dport: high, ctState: 'new' }),
  ];
}

/** pf: an accept inserted before a `quick` block must be `quick` itself to win. */
export function needsQuick(ctx: CheckContext, refusing: Segment | undefined): boolean {
  return ctx.dialect === 'pf' && refusing?.decidedBy?.quick === true;
}

/**
 * A client address no rule names, for questions about control rules open to
 * everyone: left open, the engine would pick whichever address suits the
 * rules, and a passive range opened only for the LAN would look open to all.
 */
export function outsiderAddress(ctx: Pick<CheckContext, 'ruleset' | 'memo'>, version: 4 | 6): ConcreteAddress | undefined {
  return ruleCensus(ctx).outsider[version];
}

/** The control question asked from an outsider, when the rule admits everyone and the engine agrees it accepts such a client. */
export function fromOutsider(ctx: CheckContext, control: ControlAccept): PacketQuestion | undefined {
  if (control.question.src || control.rule.match.src.kind !== 'any') return undefined;
  const src = outsiderAddress(ctx, control.question.ipVersion);
  if (!src) return undefined;
  const q = { ...control.question, src };
  return ctx.engine.evaluate(q).segments.some((s) => s.verdict === 'accept') ? q : undefined;
}
