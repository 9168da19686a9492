// Facts about iptables' fixed tables and built-in chains: which chains each
// table has, where they hook and at which netfilter priority they run.
import type { ChainType, Hook } from '../../model/ruleset';
import { nameTable } from '../../model/table';

export const TABLES = ['raw', 'mangle', 'nat', 'filter', 'security'] as const;
export type TableName = (typeof TABLES)[number];

const BUILTIN_CHAINS: Readonly<Record<TableName, readonly string[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

const HOOKS: Readonly<Record<string, Hook>> = nameTable({
  PREROUTING: 'prerouting',
  INPUT: 'input',
  FORWARD: 'forward',
  OUTPUT: 'output',
  POSTROUTING: 'postrouting',
});

export function isTableName(name: string): name is TableName {
  return (TABLES as readonly string[]).includes(name);
}

/** BUILTIN_CHAINS as a map: asked for every chain header and target, with the table names of a whole file. */
const BUILTIN_CHAIN_SETS: ReadonlyMap<string, ReadonlySet<string>> = new Map(TABLES.map((t) => [t, new Set(BUILTIN_CHAINS[t])]));

export function isBuiltinChain(table: string, chain: string): boolean {
  return BUILTIN_CHAIN_SETS.get(table)?.has(chain) ?? false;
}

/** Any table's built-in chain name, e.g. for `-P` in an unknown table. */
export function isAnyBuiltinChainName(chain: string): boolean {
  return chain in HOOKS;
}

export function builtinChainsOf(table: string): readonly string[] {
  return isTableName(table) ? BUILTIN_CHAINS[table] : [];
}

export interface BuiltinPlacement {
  readonly hook: Hook;
  readonly type: ChainType;
  readonly priority: number;
}

/** Hook, chain type and priority (netfilter's NF_IP_PRI_* values) of a built-in chain. */
export function builtinPlacement(table: string, chain: string): BuiltinPlacement | undefined {
  if (!isBuiltinChain(table, chain)) return undefined;
  const hook = HOOKS[chain];
  switch (table as TableName) {
    case 'raw':
      return { hook, type: 'filter', priority: -300 };
    case 'mangle':
      // mangle OUTPUT re-routes packets whose marks changed, like nft's `type route`.
      return { hook, type: chain === 'OUTPUT' ? 'route' : 'filter', priority: -150 };
    case 'nat':
      // Destination NAT runs before filtering, source NAT after it.
      return { hook, type: 'nat', priority: chain === 'PREROUTING' || chain === 'OUTPUT' ? -100 : 100 };
    case 'filter':
      return { hook, type: 'filter', priority: 0 };
    case 'security':
      return { hook, type: 'filter', priority: 50 };
  }
}
