// Where a packet meets Linux base chains: hooks per path, the base chains on a
// hook in priority order, the packet as each hook sees it, and the entries of a
// chain after the port-independent test (once per question).
import type { Chain, Family, Hook, Rule, Ruleset } from '../model/ruleset';
import { chainKey } from '../model/ruleset';
import type { PacketPath, PacketQuestion } from './api';
import type { Entry, EntryMode } from './first-match';
import { matchesWithoutPorts, type PacketView, type Tri } from './match';

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

/** The rules of `chain` that can match `packet` on some ports, with how they take part. */
export function entriesFor(chain: Chain, packet: PacketView, helpers: ReadonlyMap<string, string>, extra?: (rule: Rule) => Tri): Entry[] {
  const out: Entry[] = [];
  for (const rule of chain.rules) {
    let tri = matchesWithoutPorts(rule.match, packet, helpers);
    if (tri !== false && extra) {
      const e = extra(rule);
      tri = e === false ? false : e === 'maybe' ? 'maybe' : tri;
    }
    const mode = entryMode(rule, tri);
    if (mode) out.push({ rule, mode });
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
