// The one rule model every dialect lowers into and every check reads.
// Checks never see dialect syntax: everything they need is here, and every
// rule keeps the source range it came from.
import { perObject } from './per-object';
import { commonPrefixCount, commonSuffixCount } from './sequence';
import type { AddressMatch } from './addresses';
import type { PortSet } from './ports';
import type { Dialect, Range, SourceForm } from './source';

/** Where a base chain sits in the packet path. pf's single filter pass is `pf-filter`. */
export type Hook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting' | 'ingress' | 'egress' | 'pf-filter';

/** nft families; iptables lowers to `ip` (iptables) or `ip6` (ip6tables); pf uses `pf`. */
export type Family = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev' | 'pf';

export type ChainType = 'filter' | 'nat' | 'route';

export type CtState = 'new' | 'established' | 'related' | 'invalid' | 'untracked';

export interface BaseChainInfo {
  readonly hook: Hook;
  readonly type: ChainType;
  /** Numeric priority; lower runs first (iptables tables map to raw -300, mangle -150, dnat -100, filter 0, security 50, snat 100). */
  readonly priority: number;
  /** What happens to a packet that reaches the end of the chain. */
  readonly policy: 'accept' | 'drop';
  readonly policyRange?: Range;
  readonly device?: string;
}

export interface Chain {
  /** Unique in the ruleset: `${family} ${table} ${name}`. */
  readonly key: string;
  readonly name: string;
  readonly table: string;
  readonly family: Family;
  readonly base?: BaseChainInfo;
  /** pf filter rules and anchors are last-match; everything else is first-match. */
  readonly evaluation: 'first-match' | 'last-match';
  readonly rules: Rule[];
  /** Range of the chain declaration (header line, block or first rule that created it). */
  readonly range?: Range;
  readonly nameRange?: Range;
}

export interface InterfaceMatch {
  /** Names as written: `eth0`, `eth+` (iptables wildcard), `eth*` (nft), `egress` (pf group). */
  readonly names: readonly string[];
  readonly negated: boolean;
}

export interface ProtocolMatch {
  readonly names: readonly string[];
  readonly negated: boolean;
}

export interface Match {
  readonly ipVersion?: 4 | 6;
  readonly protocol?: ProtocolMatch;
  readonly src: AddressMatch;
  readonly dst: AddressMatch;
  /** Absent means any port. Present implies a port-carrying protocol. */
  readonly sport?: PortSet;
  readonly dport?: PortSet;
  readonly inInterface?: InterfaceMatch;
  readonly outInterface?: InterfaceMatch;
  /** pf rules: `in`, `out`, or absent for both. */
  readonly direction?: 'in' | 'out';
  /** Absent means any state. */
  readonly ctState?: ReadonlySet<CtState>;
  readonly ctStateNegated?: boolean;
  /** `ct status dnat`, `--ctstate DNAT`. */
  readonly ctStatus?: ReadonlySet<string>;
  /** Matching on the helper of the master connection: `-m helper --helper ftp`, `ct helper "ftp"`. */
  readonly ctHelper?: string;
  /** Matches only the first SYN of a connection (`--syn`, pf `flags S/SA`). */
  readonly synOnly?: boolean;
  /**
   * Conditions the model does not interpret (rate limits, marks, recent, time,
   * owner, string...), written as the user wrote them. The engine treats such a
   * rule as one that may or may not match.
   */
  readonly opaque: readonly string[];
}

export type Action =
  | { readonly kind: 'ct-helper'; readonly helper: string; readonly range: Range }
  | { readonly kind: 'dnat'; readonly address?: string; readonly ports?: PortSet; readonly range: Range }
  | { readonly kind: 'snat'; readonly address?: string; readonly range: Range }
  | { readonly kind: 'masquerade'; readonly range: Range }
  | { readonly kind: 'redirect'; readonly ports?: PortSet; readonly range: Range }
  | { readonly kind: 'divert'; readonly address: string; readonly port?: number; readonly range: Range }
  | { readonly kind: 'log'; readonly range: Range }
  | { readonly kind: 'other'; readonly text: string; readonly range: Range };

export type Verdict =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'reject' }
  | { readonly kind: 'return' }
  /** No verdict: logging, counting, marking, pf `match` rules, helper assignment. */
  | { readonly kind: 'continue' }
  /** `target` is a chain name in the same table and family. */
  | { readonly kind: 'jump'; readonly target: string; readonly targetRange?: Range }
  | { readonly kind: 'goto'; readonly target: string; readonly targetRange?: Range }
  /** pf: evaluate an anchor here. Inline anchors are chains named after it; `ftp-proxy/*` style anchors are filled at run time. */
  | { readonly kind: 'anchor'; readonly name: string; readonly inline: boolean };

export interface Rule {
  /** Unique in the ruleset, increasing in source order. */
  readonly id: number;
  /** Key of the chain the rule belongs to. */
  readonly chainKey: string;
  /** The whole statement, continuation lines included. */
  readonly range: Range;
  /** The statement as written (whitespace collapsed), for hovers and messages. */
  readonly text: string;
  readonly match: Match;
  /** Side effects in source order, before the verdict. */
  readonly actions: readonly Action[];
  readonly verdict: Verdict;
  /** pf: `quick` ends evaluation at this rule. */
  readonly quick?: boolean;
  /** pf `rdr pass` / `nat pass`: the translated packet skips filter rules. */
  readonly skipsFilter?: boolean;
  /** The document the rule came from when it was read through an include. */
  readonly uri?: string;
}

/** nft `ct helper NAME { type "ftp" protocol tcp; }` objects. */
export interface HelperObject {
  readonly name: string;
  readonly table: string;
  readonly family: Family;
  /** The kernel helper it instantiates: `ftp`, `sip`... */
  readonly type: string;
  readonly protocol?: string;
  readonly range: Range;
}

export interface Ruleset {
  readonly dialect: Dialect;
  readonly form: SourceForm;
  /** In declaration order. */
  readonly chains: Chain[];
  readonly helpers: HelperObject[];
  /**
   * Set by a front end that knows no two of its rules have the same range
   * (document and position), as when each statement gave one rule: FW003 then
   * need not read every rule's range to group the rules written together.
   */
  readonly rangesDistinct?: true;
}

/**
 * Whether two rules read alike wherever they are read: the same object, or the
 * same statement, match, verdict and actions written elsewhere (a rule below
 * an inserted line gets another range, and perhaps another id). Only where
 * they are written differs: the engine and the checks' rule tests read
 * neither ranges nor ids, but for telling rules apart.
 */
export function readAlike(a: Rule, b: Rule): boolean {
  if (a === b) return true;
  if (a.match !== b.match || a.text !== b.text || a.chainKey !== b.chainKey || a.quick !== b.quick || a.skipsFilter !== b.skipsFilter || a.uri !== b.uri) return false;
  if (!sameVerdict(a.verdict, b.verdict) || a.actions.length !== b.actions.length) return false;
  for (let i = 0; i < a.actions.length; i++) if (!sameActionBesidesRange(a.actions[i], b.actions[i])) return false;
  return true;
}

/** How many rules at the start and at the end of two versions of a list read alike (`readAlike`); they never overlap. */
export interface AlikeEnds {
  readonly prefix: number;
  readonly suffix: number;
}

/** Per newer list, the ends it was last compared on: several checks compare the same two lists per analysis. */
const LAST_ALIKE_ENDS = new WeakMap<readonly Rule[], { readonly older: readonly Rule[]; readonly ends: AlikeEnds }>();

/**
 * The rules `older` and `newer` share at their ends, read alike. Carried
 * answers, selections and port counts each compare a list with its previous
 * version; the lists are the same objects for all of them (`allRules`, a
 * chain's rules), so the comparison is made once and kept with the newer list.
 */
export function alikeEnds(older: readonly Rule[], newer: readonly Rule[]): AlikeEnds {
  // A short list is compared faster than it is looked up.
  if (newer.length < SHORT_LIST) return ends(older, newer);
  const last = LAST_ALIKE_ENDS.get(newer);
  if (last !== undefined && last.older === older) return last.ends;
  const found = ends(older, newer);
  LAST_ALIKE_ENDS.set(newer, { older, ends: found });
  return found;
}

const SHORT_LIST = 64;

function ends(older: readonly Rule[], newer: readonly Rule[]): AlikeEnds {
  const prefix = commonPrefixCount(older, newer, readAlike);
  return { prefix, suffix: commonSuffixCount(older, newer, readAlike, prefix) };
}

function sameVerdict(a: Verdict, b: Verdict): boolean {
  if (a === b) return true;
  if (a.kind === 'jump' || a.kind === 'goto') return b.kind === a.kind && a.target === b.target;
  if (a.kind === 'anchor') return b.kind === 'anchor' && a.name === b.name && a.inline === b.inline;
  return a.kind === b.kind;
}

/** Whether two actions differ at most in their range (port sets compared as objects: a moved rule keeps its own). */
function sameActionBesidesRange(a: Action, b: Action): boolean {
  if (a === b) return true;
  // Each kind compared field by field: a kind added to Action must be added here (the switch is exhaustive).
  switch (a.kind) {
    case 'ct-helper':
      return b.kind === a.kind && a.helper === b.helper;
    case 'dnat':
      return b.kind === a.kind && a.address === b.address && a.ports === b.ports;
    case 'snat':
      return b.kind === a.kind && a.address === b.address;
    case 'redirect':
      return b.kind === a.kind && a.ports === b.ports;
    case 'divert':
      return b.kind === a.kind && a.address === b.address && a.port === b.port;
    case 'other':
      return b.kind === a.kind && a.text === b.text;
    case 'masquerade':
    case 'log':
      return b.kind === a.kind;
  }
}

export function chainKey(family: Family, table: string, name: string): string {
  return `${family} ${table} ${name}`;
}

export function emptyMatch(): Match {
  return { src: { kind: 'any' }, dst: { kind: 'any' }, opaque: [] };
}

const CHAIN_INDEXES = new WeakMap<Ruleset, { readonly count: number; readonly byKey: Map<string, Chain> }>();

/**
 * The chain with this key (the first, if several share it). Checks ask this
 * for many rules, so the chains are indexed once per ruleset; the index is
 * rebuilt if chains were added since.
 */
export function chainByKey(ruleset: Ruleset, key: string): Chain | undefined {
  let index = CHAIN_INDEXES.get(ruleset);
  if (!index || index.count !== ruleset.chains.length) {
    const byKey = new Map<string, Chain>();
    for (const c of ruleset.chains) if (!byKey.has(c.key)) byKey.set(c.key, c);
    index = { count: ruleset.chains.length, byKey };
    CHAIN_INDEXES.set(ruleset, index);
  }
  return index.byKey.get(key);
}

/**
 * All rules in declaration order of their chains, then source order. Checks
 * ask for this many times per analysis, so it is listed once per ruleset (read
 * it only once the ruleset is complete).
 */
export const allRules: (ruleset: Ruleset) => readonly Rule[] = perObject((ruleset: Ruleset) => {
  // A loop, not flatMap: this lists every rule of a 50,000-rule file.
  const out: Rule[] = [];
  for (const c of ruleset.chains) for (const r of c.rules) out.push(r);
  return out;
});
