// One nft rule -> one or more model rules. Most rules give one; a verdict map
// (`tcp dport vmap { 22 : accept, 80 : jump web }`) or a concatenation matched
// against a literal set gives one rule per element, so the engine only ever
// sees plain matches and verdicts.
import { addressMatch, ANY_ADDRESS } from '../../model/addresses';
import type { Action, CtState, Family, Match, Verdict } from '../../model/ruleset';
import type { Range } from '../../model/source';
import type { SymbolKind } from '../../model/symbols';
import type { Expr, RuleNode, Statement } from './ast';
import { renderExpr } from './expressions';
import { atomsOf, isNegation, portSetOf, portsWithOperator, protocolName, splitAddressPort, type SetLookup } from './values';

export interface RuleEnv {
  readonly family: Family;
  /** Replaces `$defines` (recording references). */
  resolve(e: Expr): Expr;
  /** Elements of a set whose values alone the lowering takes (an address, port or name list). */
  readonly sets: SetLookup;
  /**
   * Elements of a set or map whose ranges the lowering may take too (the
   * parts of a concatenation, a verdict map's verdicts); undefined when
   * unknown or filled at run time.
   */
  readonly elements: SetLookup;
  /** The kernel helper type of a `ct helper` object of this table. */
  helperType(name: string): string | undefined;
  reference(kind: SymbolKind, name: string, range: Range): void;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Draft {
  match: Mutable<Match> & { opaque: string[] };
  actions: Action[];
  verdict?: Verdict;
}

export interface LoweredRule {
  readonly match: Match;
  readonly actions: readonly Action[];
  readonly verdict: Verdict;
}

/** Above this many elements a vmap or concatenation stays one opaque rule. */
const MAX_VARIANTS = 256;

const CT_STATES = new Set<string>(['new', 'established', 'related', 'invalid', 'untracked']);
const PORT_PROTOCOLS = new Set(['tcp', 'udp', 'udplite', 'sctp', 'dccp', 'th']);
/** `th dport` reads the raw transport header: it means a port for these protocols, which is what rules use it for. */
const TH_PROTOCOLS: readonly string[] = ['tcp', 'udp', 'udplite', 'sctp', 'dccp'];

function newDraft(family: Family): Draft {
  const match: Draft['match'] = { src: ANY_ADDRESS, dst: ANY_ADDRESS, opaque: [] };
  if (family === 'ip') match.ipVersion = 4;
  if (family === 'ip6') match.ipVersion = 6;
  return { match, actions: [] };
}

function cloneDraft(d: Draft): Draft {
  return { match: { ...d.match, opaque: [...d.match.opaque] }, actions: [...d.actions], verdict: d.verdict };
}

export function lowerRule(rule: RuleNode, env: RuleEnv): LoweredRule[] {
  let drafts: Draft[] = [newDraft(env.family)];
  for (const statement of rule.statements) {
    drafts = applyStatement(drafts, statement, env);
  }
  // the rules are kept: exact-size arrays, not the ones grown by push
  return drafts.map((d) => ({ match: d.match, actions: d.actions.slice(), verdict: d.verdict ?? { kind: 'continue' } }));
}

function applyStatement(drafts: Draft[], s: Statement, env: RuleEnv): Draft[] {
  switch (s.kind) {
    case 'match': {
      const right = s.right && env.resolve(s.right);
      if (s.left.kind === 'binary' && s.left.op === '.' && right && !isNegation(s.op)) {
        const expanded = expandConcatenation(drafts, s.left, right, env);
        if (expanded) return expanded;
      }
      for (const d of drafts) applyMatch(d, s.left, s.op, right, env);
      return drafts;
    }
    case 'vmap':
      return expandVerdictMap(drafts, s.key, env.resolve(s.map), env);
    case 'assign':
      for (const d of drafts) d.actions.push(assignAction(s, env));
      return drafts;
    case 'verdict':
      for (const d of drafts) applyVerdict(d, s, env);
      return drafts;
    case 'nat':
      for (const d of drafts) {
        d.actions.push(natAction(s.nat, s.to && env.resolve(s.to), s.range));
        // NAT statements end the nat chain for the packet, like accept.
        if (s.nat !== 'tproxy') d.verdict ??= { kind: 'accept' };
      }
      return drafts;
    case 'meter':
      for (const d of drafts) d.match.opaque.push(`meter ${s.name}`);
      return drafts;
    case 'setUpdate':
      env.reference('set', s.set, s.setRange);
      for (const d of drafts) d.actions.push({ kind: 'other', text: `update @${s.set}`, range: s.range });
      return drafts;
    case 'flow':
      env.reference('flowtable', s.flowtable, s.flowtableRange);
      for (const d of drafts) d.actions.push({ kind: 'other', text: `flow add @${s.flowtable}`, range: s.range });
      return drafts;
    case 'other':
      for (const d of drafts) applyOther(d, s);
      return drafts;
  }
}

function applyOther(d: Draft, s: Extract<Statement, { kind: 'other' }>): void {
  switch (s.keyword) {
    case 'counter':
    case 'comment':
    case 'last':
      return;
    case 'log':
      d.actions.push({ kind: 'log', range: s.range });
      return;
    case 'limit':
    case 'quota':
      // the rule matches only while under (or over) the limit
      d.match.opaque.push(otherText(s));
      return;
    default:
      d.actions.push({ kind: 'other', text: otherText(s), range: s.range });
  }
}

function otherText(s: Extract<Statement, { kind: 'other' }>): string {
  return [s.keyword, ...s.args.map(renderExpr)].join(' ');
}

function applyVerdict(d: Draft, s: Extract<Statement, { kind: 'verdict' }>, env: RuleEnv): void {
  if (d.verdict) return;
  switch (s.verdict) {
    case 'accept':
    case 'drop':
    case 'reject':
    case 'return':
    case 'continue':
      d.verdict = { kind: s.verdict };
      return;
    case 'jump':
    case 'goto':
      if (s.target) {
        env.reference('chain', s.target, s.targetRange ?? s.range);
        d.verdict = { kind: s.verdict, target: s.target, targetRange: s.targetRange };
      } else {
        // `jump { ... }`: an anonymous chain the model does not follow
        d.actions.push({ kind: 'other', text: `${s.verdict} { ... }`, range: s.range });
        d.match.opaque.push(`${s.verdict} { ... }`);
      }
      return;
    case 'queue':
      // the packet leaves for user space; what it decides is unknown
      d.actions.push({ kind: 'other', text: 'queue', range: s.range });
      d.verdict = { kind: 'accept' };
      return;
  }
}

/** The selector's words without a leading `meta` (`meta l4proto` and `l4proto` are one selector). */
function selectorWords(e: Expr): readonly string[] | undefined {
  if (e.kind !== 'selector') return undefined;
  return e.words[0] === 'meta' ? e.words.slice(1) : e.words;
}

function selectorName(e: Expr): string | undefined {
  const words = selectorWords(e);
  if (words === undefined) return undefined;
  return words.length === 2 ? `${words[0]} ${words[1]}` : words.join(' ');
}

/**
 * A condition the model cannot express, kept as opaque text. nft adds the
 * header's protocol as an implicit dependency (`icmp type ...` matches icmp
 * only), so an uninterpreted header test still rules out tcp.
 */
function applyOpaque(d: Draft, left: Expr, op: string | undefined, right: Expr | undefined): void {
  const implied = impliedProtocol(selectorWords(left));
  if (implied) {
    setProtocol(d, implied.protocols, false);
    if (implied.ipVersion && d.match.ipVersion === undefined) d.match.ipVersion = implied.ipVersion;
  }
  d.match.opaque.push([renderExpr(left), op, right && renderExpr(right)].filter(Boolean).join(' '));
}

/** Adds one `selector [op] value` condition; what the model cannot express becomes opaque text. */
function applyMatch(d: Draft, left: Expr, op: string | undefined, right: Expr | undefined, env: RuleEnv): void {
  if (isSynOnlyMask(left, right) && (op === undefined || op === '==')) {
    setProtocol(d, ['tcp'], false);
    d.match.synOnly = true;
    return;
  }
  const words = selectorWords(left);
  if (words === undefined || right === undefined) return applyOpaque(d, left, op, right);
  const values = atomsOf(right, env.sets);
  const negated = isNegation(op);
  const equality = op === undefined || op === '==' || op === 'eq' || negated;
  // selector words never hold spaces, so they are the name's space-separated parts
  const proto = words.length === 0 ? '' : words[0];
  const field = words[1] as string | undefined;
  if (field === 'sport' || field === 'dport') {
    if (!PORT_PROTOCOLS.has(proto) || values.kind !== 'atoms') return applyOpaque(d, left, op, right);
    const ports = portSetOf(values.atoms);
    const withOp = ports && portsWithOperator(ports, op);
    if (!withOp) return applyOpaque(d, left, op, right);
    setProtocol(d, proto === 'th' ? TH_PROTOCOLS : [proto], false);
    const previous = field === 'sport' ? d.match.sport : d.match.dport;
    const combined = previous ? previous.intersect(withOp) : withOp;
    if (field === 'sport') d.match.sport = combined;
    else d.match.dport = combined;
    return;
  }
  if ((proto === 'ip' || proto === 'ip6') && (field === 'saddr' || field === 'daddr') && equality) {
    d.match.ipVersion = proto === 'ip' ? 4 : 6;
    const address =
      values.kind === 'atoms' ? addressMatch(values.atoms, negated) : { kind: 'symbolic' as const, text: values.text, negated };
    if (field === 'saddr') d.match.src = address;
    else d.match.dst = address;
    return;
  }
  if (values.kind !== 'atoms' || !equality) return applyOpaque(d, left, op, right);
  const atoms = values.atoms;
  const name = words.length === 2 ? `${proto} ${field}` : words.join(' ');
  switch (name) {
    case 'l4proto':
    case 'ip protocol':
    case 'ip6 nexthdr':
      setProtocol(d, atoms.map(protocolName), negated);
      if (name !== 'l4proto') d.match.ipVersion = name === 'ip protocol' ? 4 : 6;
      return;
    case 'nfproto':
    case 'protocol': {
      const versions = new Set(atoms.map((a) => (a === 'ipv4' || a === 'ip' ? 4 : a === 'ipv6' || a === 'ip6' ? 6 : 0)));
      if (versions.size === 1 && !negated && !versions.has(0)) {
        d.match.ipVersion = versions.has(4) ? 4 : 6;
        return;
      }
      return applyOpaque(d, left, op, right);
    }
    case 'iifname':
    case 'iif':
      d.match.inInterface = { names: atoms, negated };
      return;
    case 'oifname':
    case 'oif':
      d.match.outInterface = { names: atoms, negated };
      return;
    case 'ct state':
      if (!atoms.every((a) => CT_STATES.has(a))) return applyOpaque(d, left, op, right);
      d.match.ctState = new Set(atoms as CtState[]);
      d.match.ctStateNegated = negated;
      return;
    case 'ct status':
      if (negated) return applyOpaque(d, left, op, right);
      d.match.ctStatus = new Set(atoms);
      return;
    case 'ct helper':
      if (negated || atoms.length !== 1) return applyOpaque(d, left, op, right);
      d.match.ctHelper = atoms[0];
      return;
    case 'tcp flags':
      if (!negated && atoms.length === 1 && atoms[0] === 'syn') {
        setProtocol(d, ['tcp'], false);
        d.match.synOnly = true;
        return;
      }
      return applyOpaque(d, left, op, right);
  }
  applyOpaque(d, left, op, right);
}

/** Transport and ICMP headers whose fields imply the protocol (and, for icmp/icmpv6, the IP version). */
const HEADER_PROTOCOLS: ReadonlyMap<string, { protocols: readonly string[]; ipVersion?: 4 | 6 }> = new Map([
  ['tcp', { protocols: ['tcp'] }],
  ['udp', { protocols: ['udp'] }],
  ['udplite', { protocols: ['udplite'] }],
  ['sctp', { protocols: ['sctp'] }],
  ['dccp', { protocols: ['dccp'] }],
  ['icmp', { protocols: ['icmp'], ipVersion: 4 as const }],
  ['icmpv6', { protocols: ['ipv6-icmp'], ipVersion: 6 as const }],
  ['igmp', { protocols: ['igmp'], ipVersion: 4 as const }],
  ['ah', { protocols: ['ah'] }],
  ['esp', { protocols: ['esp'] }],
  ['comp', { protocols: ['comp'] }],
  ['th', { protocols: TH_PROTOCOLS }],
]);

function impliedProtocol(words: readonly string[] | undefined): { protocols: readonly string[]; ipVersion?: 4 | 6 } | undefined {
  if (words === undefined || words.length < 2) return undefined;
  return HEADER_PROTOCOLS.get(words[0]);
}

function setProtocol(d: Draft, names: readonly string[], negated: boolean): void {
  if (d.match.protocol && !d.match.protocol.negated && !negated) {
    const both = d.match.protocol.names.filter((n) => names.includes(n));
    d.match.protocol = { names: both, negated: false };
    return;
  }
  d.match.protocol = { names, negated };
}

/** `tcp flags & (fin|syn|rst|ack) == syn` is the SYN-only idiom. */
function isSynOnlyMask(left: Expr, right: Expr | undefined): boolean {
  return left.kind === 'binary' && left.op === '&' && selectorName(left.left) === 'tcp flags' && right !== undefined && renderExpr(right) === 'syn';
}

function concatParts(e: Expr): Expr[] {
  return e.kind === 'binary' && e.op === '.' ? [...concatParts(e.left), ...concatParts(e.right)] : [e];
}

/** `ip saddr . tcp dport { 1.2.3.4 . 22, ... }`: one variant per element. */
function expandConcatenation(drafts: Draft[], left: Expr, right: Expr, env: RuleEnv): Draft[] | undefined {
  const keys = concatParts(left);
  const elements = elementsOf(right, env.elements);
  if (!elements || elements.length * drafts.length > MAX_VARIANTS) return undefined;
  const out: Draft[] = [];
  for (const element of elements) {
    const parts = concatParts(element);
    if (parts.length !== keys.length) return undefined;
    for (const d of drafts) {
      const copy = cloneDraft(d);
      keys.forEach((k, i) => applyMatch(copy, k, undefined, env.resolve(parts[i]), env));
      out.push(copy);
    }
  }
  return out;
}

function elementsOf(e: Expr, lookup: SetLookup): readonly Expr[] | undefined {
  if (e.kind === 'set') return e.elements.flatMap((x) => (x.kind === 'set' ? x.elements : [x]));
  if (e.kind === 'setref') return lookup(e.name);
  return undefined;
}

/** `key vmap { k : verdict, ... }`: one variant per element, each matching its key. */
function expandVerdictMap(drafts: Draft[], key: Expr, map: Expr, env: RuleEnv): Draft[] {
  const elements = map.kind === 'set' ? map.elements : map.kind === 'setref' ? env.elements(map.name) : undefined;
  if (!elements || elements.length * drafts.length > MAX_VARIANTS) {
    for (const d of drafts) d.match.opaque.push(`${renderExpr(key)} vmap ${renderExpr(map)}`);
    return drafts;
  }
  const out: Draft[] = [];
  for (const element of elements) {
    if (element.kind !== 'binary' || element.op !== ':') continue;
    for (const d of drafts) {
      const copy = cloneDraft(d);
      const k = env.resolve(element.left);
      if (!(k.kind === 'word' && k.text === '*')) {
        if (key.kind === 'binary' && key.op === '.') {
          const keys = concatParts(key);
          const parts = concatParts(k);
          if (parts.length === keys.length) keys.forEach((kk, i) => applyMatch(copy, kk, undefined, env.resolve(parts[i]), env));
          else copy.match.opaque.push(`${renderExpr(key)} ${renderExpr(k)}`);
        } else {
          applyMatch(copy, key, undefined, k, env);
        }
      }
      const v = element.right;
      if (v.kind === 'verdict') {
        applyVerdict(copy, { kind: 'verdict', verdict: v.verdict, target: v.target, targetRange: v.targetRange, range: v.range }, env);
      } else {
        copy.match.opaque.push(`vmap value ${renderExpr(v)}`);
      }
      out.push(copy);
    }
  }
  return out;
}

function assignAction(s: Extract<Statement, { kind: 'assign' }>, env: RuleEnv): Action {
  const name = selectorName(s.left);
  if (name === 'ct helper') {
    const value = env.resolve(s.value);
    if (value.kind === 'string' || value.kind === 'word') {
      env.reference('helper', value.text, value.range);
      return { kind: 'ct-helper', helper: env.helperType(value.text) ?? value.text, range: s.range };
    }
  }
  return { kind: 'other', text: `${renderExpr(s.left)} set ${renderExpr(s.value)}`, range: s.range };
}

function natAction(nat: string, to: Expr | undefined, range: Range): Action {
  const target = to && (to.kind === 'word' || to.kind === 'string') ? splitAddressPort(to.text) : undefined;
  const ports = target?.port !== undefined ? portSetOf([target.port]) : undefined;
  switch (nat) {
    case 'dnat':
      return { kind: 'dnat', address: target?.address, ports, range };
    case 'snat':
      return { kind: 'snat', address: target?.address, range };
    case 'masquerade':
      return { kind: 'masquerade', range };
    case 'redirect':
      return { kind: 'redirect', ports, range };
    default:
      return { kind: 'other', text: to ? `${nat} to ${renderExpr(to)}` : nat, range };
  }
}
