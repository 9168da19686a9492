// pf hosts, ports and interfaces to the shared model's match pieces.
import type { AddressMatch } from '../../model/addresses';
import { ANY_ADDRESS, addressMatch } from '../../model/addresses';
import { MAX_PORT, PortSet } from '../../model/ports';
import type { InterfaceMatch } from '../../model/ruleset';
import { parsePortToken } from '../../model/services';
import type { Host, PortItem, Value } from './ast';

/** Tables whose contents are known when the file is read: `const` with inline entries only. */
export interface ConstTables {
  get(name: string): readonly Host[] | undefined;
}

/** pf (inet_net_pton) accepts `10/8` and `172.16/12`; the shared parser wants all four octets. */
export function normalizeAddress(text: string): string {
  if (!text.includes('/')) return text;
  const m = /^(\d{1,3}(?:\.\d{1,3}){0,2})\/(\d{1,2})$/.exec(text);
  if (!m) return text;
  const octets = m[1].split('.');
  while (octets.length < 4) octets.push('0');
  return `${octets.join('.')}/${m[2]}`;
}

function expandTables(hosts: readonly Host[], tables: ConstTables): readonly Host[] {
  if (!hosts.some((h) => h.kind === 'table' && !h.negated)) return hosts;
  return hosts.flatMap((h) => {
    if (h.kind !== 'table' || h.negated) return [h];
    const entries = tables.get(h.text.slice(1, -1));
    return entries && entries.length > 0 ? entries : [h];
  });
}

/** Only these can be literal addresses; everything else is symbolic without asking the address parser. */
const ADDRESS_LIKE = /^[0-9A-Fa-f:.\/-]+$/;

function toMatch(texts: string[], negated = false): AddressMatch {
  if (texts.every((t) => ADDRESS_LIKE.test(t) && /\d/.test(t))) return addressMatch(texts, negated);
  return { kind: 'symbolic', text: texts.join(', '), negated };
}

/** A host list (any of them) as an AddressMatch; what only the running host knows stays symbolic. */
export function lowerHosts(hosts: readonly Host[] | undefined, tables: ConstTables): AddressMatch {
  if (!hosts || hosts.length === 0) return ANY_ADDRESS;
  const expanded = expandTables(hosts, tables);
  if (expanded.some((h) => h.kind === 'any' && !h.negated)) return ANY_ADDRESS;
  if (expanded.length === 1) {
    const h = expanded[0];
    return toMatch([normalizeAddress(h.text)], h.negated);
  }
  // A list mixing negated items means "any of these": only pf's own evaluation can say more
  if (expanded.some((h) => h.negated)) {
    return { kind: 'symbolic', text: expanded.map((h) => `${h.negated ? '!' : ''}${h.text}`).join(', '), negated: false };
  }
  return toMatch(expanded.map((h) => normalizeAddress(h.text)));
}

export interface LoweredPorts {
  readonly ports?: PortSet;
  /** Set when a port name is unknown: the condition is kept opaque instead. */
  readonly opaque?: string;
}

function portNumber(v: Value, isUpperBound: boolean): number | undefined {
  if (isUpperBound && v.text === '*') return MAX_PORT;
  return parsePortToken(v.text);
}

/** One pf port item as a set: `21`, `!= 21`, `< 1024`, `a:b` (inclusive), `a >< b` (exclusive), `a <> b` (outside); undefined for an unknown port name. */
export function portItemSet(item: PortItem): PortSet | undefined {
  const a = portNumber(item.a, false);
  if (a === undefined) return undefined;
  const b = item.b ? portNumber(item.b, true) : undefined;
  if (item.b && b === undefined) return undefined;
  switch (item.op) {
    case '=':
      return PortSet.range(a, a);
    case '!=':
      return PortSet.of(a).complement();
    case '<':
      return a === 0 ? PortSet.EMPTY : PortSet.range(0, a - 1);
    case '<=':
      return PortSet.range(0, a);
    case '>':
      return a >= MAX_PORT ? PortSet.EMPTY : PortSet.range(a + 1, MAX_PORT);
    case '>=':
      return PortSet.range(a, MAX_PORT);
    case ':':
      // A reversed range (the parser reports it) is read the right way round, so the checks go on.
      return PortSet.range(a, b ?? a);
    case '><':
      return b !== undefined && b - a >= 2 ? PortSet.range(a + 1, b - 1) : PortSet.EMPTY;
    case '<>':
      return PortSet.range(a, b ?? a).complement();
  }
}

export function portItemText(item: PortItem): string {
  if (item.op === ':') return `${item.a.text}:${item.b?.text ?? ''}`;
  if (item.b) return `${item.a.text} ${item.op} ${item.b.text}`;
  return item.op === '=' ? item.a.text : `${item.op} ${item.a.text}`;
}

export function lowerPorts(items: readonly PortItem[] | undefined): LoweredPorts {
  if (!items || items.length === 0) return {};
  let set = PortSet.EMPTY;
  for (const item of items) {
    const s = portItemSet(item);
    if (!s) return { opaque: `port ${items.map(portItemText).join(', ')}` };
    set = set.union(s);
  }
  return { ports: set };
}

/** `on any` means every interface: no interface condition at all. */
export function lowerInterfaces(spec: { names: Value[]; negated: boolean } | undefined): InterfaceMatch | undefined {
  if (!spec) return undefined;
  const names = spec.names.map((n) => n.text);
  if (!spec.negated && names.includes('any')) return undefined;
  return { names, negated: spec.negated };
}
