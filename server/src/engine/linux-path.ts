// Where a packet meets Linux base chains: hooks per path, the base chains on a
// hook in priority order, the packet as each hook sees it, and the entries of a
// chain after the port-independent test (once per question).
import { perObject } from '../model/per-object';
import type { PortSet } from '../model/ports';
import type { Chain, Family, Hook, Match, Rule, Ruleset } from '../model/ruleset';
import { chainKey } from '../model/ruleset';
import type { PacketPath, PacketQuestion } from './api';
import type { Entry, EntryMode } from './first-match';
import { matchesWithoutPorts, type PacketView, type Tri } from './match';
import { RulePortIndex } from './rule-port-index';
import { mergeSorted, RuleSourceIndex } from './rule-source-index';

export const PATH_HOOKS: Readonly<Record<PacketPath, readonly Hook[]>> = {
  input: ['prerouting', 'input'],
  forward: ['prerouting', 'forward', 'postrouting'],
  output: ['output', 'postrouting'],
};

export function familyApplies(family: Family, ipVersion: 4 | 6): boolean {
  if (family === 'inet') return true;
  if (family === 'ip') return ipVersion === 4;
  if (family === 'ip6') return ipVersion === 6;
  return false;
}

/** Base chains on `hook` for this IP version, lowest priority first, ties in declaration order. */
export function baseChainsOn(ruleset: Ruleset, hook: Hook, ipVersion: 4 | 6, types: ReadonlySet<string>): Chain[] {
  return ruleset.chains
    .map((chain, order) => ({ chain, order }))
    .filter(({ chain }) => chain.base?.hook === hook && types.has(chain.base.type) && familyApplies(chain.family, ipVersion))
    .sort((a, b) => (a.chain.base?.priority ?? 0) - (b.chain.base?.priority ?? 0) || a.order - b.order)
    .map(({ chain }) => chain);
}

export function chainIndex(ruleset: Ruleset): Map<string, Chain> {
  return new Map(ruleset.chains.map((c) => [c.key, c]));
}

/** The chain a jump/goto in `from` names. */
export function jumpTarget(chains: ReadonlyMap<string, Chain>, from: Chain, name: string): Chain | undefined {
  return chains.get(chainKey(from.family, from.table, name));
}

/** The packet of the question as the chains on `hook` see it (no output interface before routing, no input interface for local output). */
export function packetOnHook(q: PacketQuestion, hook: Hook): PacketView {
  const hasIn = q.path !== 'output';
  const hasOut = hook === 'forward' || hook === 'postrouting' || hook === 'output';
  return {
    ipVersion: q.ipVersion,
    protocol: q.protocol,
    src: q.src,
    dst: q.dst,
    ctState: q.ctState,
    ctHelper: q.ctHelper,
    dnatted: q.dnatted,
    inInterface: hasIn ? q.inInterface : null,
    outInterface: hasOut ? q.outInterface : null,
  };
}

/** nft helper object names -> kernel helper type (`ftp-standard` -> `ftp`). */
export function helperTypes(ruleset: Ruleset): Map<string, string> {
  return new Map(ruleset.helpers.map((h) => [h.name.toLowerCase(), h.type.toLowerCase()]));
}

export function entryMode(rule: Rule, tri: Tri): EntryMode | undefined {
  if (tri === false) return undefined;
  if (tri === true) return 'match';
  switch (rule.verdict.kind) {
    case 'drop':
    case 'reject':
      return 'skip-uncertain';
    case 'jump':
    case 'goto':
      return 'try';
    default:
      return 'match-uncertain';
  }
}

/** Whether two port sets share a port, without allocating (both sorted and merged). */
export function portSetsOverlap(a: PortSet, b: PortSet): boolean {
  const x = a.intervals;
  const y = b.intervals;
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i].hi < y[j].lo) i++;
    else if (y[j].hi < x[i].lo) j++;
    else return true;
  }
  return false;
}

/** Whether a rule's port conditions leave any port of the question. */
export function portsCanMatch(rule: Rule, sport: PortSet | undefined, dport: PortSet | undefined): boolean {
  const m = rule.match;
  return (!sport || !m.sport || portSetsOverlap(m.sport, sport)) && (!dport || !m.dport || portSetsOverlap(m.dport, dport));
}

export function entryPortsCanMatch(e: Entry, sport: PortSet, dport: PortSet): boolean {
  return (!e.sport || portSetsOverlap(e.sport, sport)) && (!e.dport || portSetsOverlap(e.dport, dport));
}

/**
 * The rules of `chain` that can match `packet` on some of the question's
 * ports, with how they take part. Rules whose ports lie outside the question
 * are left out here, so later work grows with the rules that matter.
 */
export function entriesFor(
  chain: Chain,
  packet: PacketView,
  helpers: ReadonlyMap<string, string>,
  ports: { sport?: PortSet; dport?: PortSet } = {},
  extra?: (rule: Rule) => Tri,
): Entry[] {
  return entriesOf(chain.rules, packet, helpers, ports, extra);
}

function entriesOf(
  rules: readonly Rule[],
  packet: PacketView,
  helpers: ReadonlyMap<string, string>,
  ports: { sport?: PortSet; dport?: PortSet },
  extra?: (rule: Rule) => Tri,
): Entry[] {
  const out: Entry[] = [];
  for (const rule of rules) {
    if (!portsCanMatch(rule, ports.sport, ports.dport)) continue;
    let tri = matchesWithoutPorts(rule.match, packet, helpers);
    if (tri !== false && extra) {
      const e = extra(rule);
      tri = e === false ? false : e === 'maybe' ? 'maybe' : tri;
    }
    const mode = entryMode(rule, tri);
    if (mode) out.push({ rule, mode, sport: rule.match.sport, dport: rule.match.dport });
  }
  return out;
}

/**
 * The chains a walk starting at `roots` can reach, each with its entries for
 * `packet`. Keys are chain keys; the same chain reached from another hook gets
 * its own view because the packet looks different there.
 */
export function reachableChains(roots: readonly Chain[], chains: ReadonlyMap<string, Chain>): Chain[] {
  const seen = new Set<string>();
  const order: Chain[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const c = stack.pop() as Chain;
    if (seen.has(c.key)) continue;
    seen.add(c.key);
    order.push(c);
    for (const r of c.rules) {
      if (r.verdict.kind === 'jump' || r.verdict.kind === 'goto') {
        const t = jumpTarget(chains, c, r.verdict.target);
        if (t && !seen.has(t.key)) stack.push(t);
      }
    }
  }
  return order;
}

/**
 * What a ruleset's shape determines, computed once per ruleset (rulesets are
 * not modified after lowering): chains by key, helper types, and per hook the
 * base chains in order with every chain they reach.
 */
export interface RulesetFacts {
  readonly chains: ReadonlyMap<string, Chain>;
  readonly helpers: ReadonlyMap<string, string>;
  /** Base chains on the hook, in order, and the chains reachable from them. */
  hookChains(hook: Hook, ipVersion: 4 | 6, types: ReadonlySet<string>): { roots: readonly Chain[]; reachable: readonly Chain[] };
  /** The chain's entries for a packet (all ports), remembered for the next question about the same packet. */
  entries(chain: Chain, packet: PacketView): readonly Entry[];
  /**
   * The chain's entries for a packet that can match on the given ports. Uses
   * the remembered entries when there are some; otherwise tests the ports
   * first (cheap) and remembers nothing: checks ask one narrow question about
   * each of many rules, and testing every rule in full for each is quadratic.
   */
  entriesOnPorts(chain: Chain, packet: PacketView, sport: PortSet, dport: PortSet): readonly Entry[];
}

/** How many distinct packets' entries a ruleset remembers (checks ask about a handful). */
const ENTRY_CACHE_SIZE = 32;

/** The cache key of a packet, made once per packet object (a question asks about every chain it reaches). */
const packetKey = perObject((p: PacketView): string => {
  const a = (x: PacketView['src']) => (x ? `${x.version}:${x.value}` : '');
  return [p.ipVersion, p.protocol, a(p.src), a(p.dst), p.ctState, p.ctHelper ?? '', p.dnatted ? 1 : 0, p.inInterface ?? String(p.inInterface), p.outInterface ?? String(p.outInterface), p.direction ?? ''].join('|');
});

interface ChainIndexes {
  readonly ports: RulePortIndex;
  readonly sources: RuleSourceIndex;
}

/**
 * The indexes last built, by the first rule's match. The front ends replay an
 * unchanged rule with the same match object, so after an edit elsewhere a chain
 * whose matches are all the same objects, in the same order, has the same
 * indexes (they hold positions and read only the matches).
 */
const indexesByFirstMatch = new WeakMap<Match, { readonly matches: readonly Match[]; readonly indexes: ChainIndexes }>();

function sameMatches(matches: readonly Match[], rules: readonly Rule[]): boolean {
  if (matches.length !== rules.length) return false;
  for (let k = 0; k < rules.length; k++) if (matches[k] !== rules[k].match) return false;
  return true;
}

/** The chain's rules by destination port, and those without one by source address; built once per chain. */
const indexesOf = perObject((chain: Chain): ChainIndexes => {
  const first = chain.rules.length > 0 ? chain.rules[0].match : undefined;
  const known = first && indexesByFirstMatch.get(first);
  if (known && sameMatches(known.matches, chain.rules)) return known.indexes;
  const matches = chain.rules.map((r) => r.match);
  const ports = new RulePortIndex(matches.map((m) => m.dport));
  const indexes = { ports, sources: new RuleSourceIndex(matches, ports.anyPort) };
  if (first) indexesByFirstMatch.set(first, { matches, indexes });
  return indexes;
});

export const factsOf: (ruleset: Ruleset) => RulesetFacts = perObject((ruleset: Ruleset): RulesetFacts => {
  const chains = chainIndex(ruleset);
  const memo = new Map<string, { roots: readonly Chain[]; reachable: readonly Chain[] }>();
  const helpers = helperTypes(ruleset);
  const entryCache = new Map<string, Map<Chain, readonly Entry[]>>();
  return {
    chains,
    helpers,
    entries(chain, packet) {
      const key = packetKey(packet);
      let perChain = entryCache.get(key);
      if (!perChain) {
        if (entryCache.size >= ENTRY_CACHE_SIZE) entryCache.clear();
        perChain = new Map();
        entryCache.set(key, perChain);
      }
      let found = perChain.get(chain);
      if (!found) {
        found = entriesFor(chain, packet, helpers);
        perChain.set(chain, found);
      }
      return found;
    },
    entriesOnPorts(chain, packet, sport, dport) {
      const remembered = entryCache.get(packetKey(packet))?.get(chain);
      if (remembered) return remembered.filter((e) => entryPortsCanMatch(e, sport, dport));
      if (sport.isAll() && dport.isAll()) return this.entries(chain, packet);
      const { ports, sources } = indexesOf(chain);
      const positions = mergeSorted(ports.withPorts(dport), sources.candidates(packet.src, ports.anyPort));
      return entriesOf(positions.map((k) => chain.rules[k]), packet, helpers, { sport, dport });
    },
    hookChains(hook, ipVersion, types) {
      const key = `${hook}|${ipVersion}|${[...types].join(',')}`;
      let found = memo.get(key);
      if (!found) {
        const roots = baseChainsOn(ruleset, hook, ipVersion, types);
        found = { roots, reachable: reachableChains(roots, chains) };
        memo.set(key, found);
      }
      return found;
    },
  };
});
