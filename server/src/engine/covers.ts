// Whether one rule's conditions admit every packet another's admit. Used for
// FW003: it must never claim coverage it cannot prove, so anything it cannot
// compare (macros, opaque conditions on the covering rule) counts as "no".
import { addressCovers } from '../model/addresses';
import type { PortSet } from '../model/ports';
import type { CtState, InterfaceMatch, Match, ProtocolMatch } from '../model/ruleset';
import { protocolNumber } from './match';

export function matchCovers(outer: Match, inner: Match): boolean {
  if (outer.opaque.length > 0) return false;
  if (outer.ipVersion !== undefined && outer.ipVersion !== inner.ipVersion) return false;
  if (outer.direction !== undefined && outer.direction !== inner.direction) return false;
  if (outer.synOnly && !inner.synOnly) return false;
  if (outer.ctHelper !== undefined && outer.ctHelper !== inner.ctHelper) return false;
  // Cheapest and most selective tests first: this runs for every candidate pair.
  return (
    portsCover(outer.dport, inner.dport) &&
    portsCover(outer.sport, inner.sport) &&
    protocolCovers(outer.protocol, inner.protocol) &&
    addressCovers(outer.src, inner.src) &&
    addressCovers(outer.dst, inner.dst) &&
    interfaceCovers(outer.inInterface, inner.inInterface) &&
    interfaceCovers(outer.outInterface, inner.outInterface) &&
    statesCover(outer, inner) &&
    statusCovers(outer.ctStatus, inner.ctStatus)
  );
}

/** A rule with no condition at all. */
export function isUnconditional(m: Match): boolean {
  return (
    m.opaque.length === 0 &&
    m.ipVersion === undefined &&
    m.direction === undefined &&
    !m.synOnly &&
    m.ctHelper === undefined &&
    (m.protocol === undefined || (!m.protocol.negated && m.protocol.names.some((n) => protocolNumber(n) === 'all'))) &&
    (m.sport === undefined || m.sport.isAll()) &&
    (m.dport === undefined || m.dport.isAll()) &&
    m.src.kind === 'any' &&
    m.dst.kind === 'any' &&
    m.inInterface === undefined &&
    m.outInterface === undefined &&
    m.ctState === undefined &&
    (m.ctStatus === undefined || m.ctStatus.size === 0)
  );
}

function portsCover(outer: PortSet | undefined, inner: PortSet | undefined): boolean {
  if (!outer) return true;
  if (!inner) return outer.isAll();
  // Without allocating: each inner interval must sit inside one outer interval (both are sorted and merged).
  const o = outer.intervals;
  let k = 0;
  for (const i of inner.intervals) {
    while (k < o.length && o[k].hi < i.lo) k++;
    if (k >= o.length || o[k].lo > i.lo || o[k].hi < i.hi) return false;
  }
  return true;
}

function protocolKey(name: string): string {
  const n = protocolNumber(name);
  return n === undefined ? name.toLowerCase() : String(n);
}

function protocolCovers(outer: ProtocolMatch | undefined, inner: ProtocolMatch | undefined): boolean {
  if (!outer) return true;
  if (inner && outer.negated === inner.negated && outer.names.length === 1 && inner.names.length === 1 && outer.names[0] === inner.names[0]) return true;
  const outerKeys = new Set(outer.names.map(protocolKey));
  if (!outer.negated && outerKeys.has('all')) return true;
  if (!inner) return false;
  const innerKeys = new Set(inner.names.map(protocolKey));
  if (!inner.negated && innerKeys.has('all')) return false;
  if (!outer.negated && !inner.negated) return [...innerKeys].every((k) => outerKeys.has(k));
  if (outer.negated && inner.negated) return [...outerKeys].every((k) => innerKeys.has(k));
  if (outer.negated && !inner.negated) return [...innerKeys].every((k) => !outerKeys.has(k) && k !== 'all');
  return false;
}

function nameCovers(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (pattern.endsWith('+') || pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return name.startsWith(prefix);
  }
  return false;
}

function interfaceCovers(outer: InterfaceMatch | undefined, inner: InterfaceMatch | undefined): boolean {
  if (!outer) return true;
  if (!inner || outer.negated !== inner.negated) return false;
  if (!outer.negated) return inner.names.every((n) => outer.names.some((p) => nameCovers(p, n)));
  // `! -i a` admits more than `! -i a,b`: the outer exclusions must all be inner exclusions.
  return outer.names.every((n) => inner.names.includes(n));
}

const STATE_BITS: Readonly<Record<CtState, number>> = { new: 1, established: 2, related: 4, invalid: 8, untracked: 16 };
const ALL_STATE_BITS = 31;

/** The states a match admits, as bits (no allocation: this runs for every candidate pair). */
function stateBits(m: Match): number {
  if (!m.ctState) return ALL_STATE_BITS;
  let bits = 0;
  for (const s of m.ctState) bits |= STATE_BITS[s] ?? 0;
  return m.ctStateNegated ? ALL_STATE_BITS & ~bits : bits;
}

function statesCover(outer: Match, inner: Match): boolean {
  if (!outer.ctState) return true;
  const o = stateBits(outer);
  return (stateBits(inner) & ~o) === 0;
}

function statusCovers(outer: ReadonlySet<string> | undefined, inner: ReadonlySet<string> | undefined): boolean {
  if (!outer || outer.size === 0) return true;
  if (!inner || inner.size === 0) return false;
  return [...inner].every((s) => outer.has(s));
}
