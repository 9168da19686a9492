// Matching one packet against a rule's conditions, in three values: what the
// model cannot decide (opaque conditions, symbolic addresses, an interface the
// question leaves open) is 'maybe', and the caller picks the optimistic reading.
// Ports are kept apart (matchesPorts) because the evaluator answers whole port
// ranges: everything else is decided once per question.
import { matchesAddress, type ConcreteAddress } from '../model/addresses';
import type { CtState, InterfaceMatch, Match, ProtocolMatch } from '../model/ruleset';
import { nameTable } from '../model/table';

export type Tri = boolean | 'maybe';

/** The packet as one evaluation pass sees it (ports apart). */
export interface PacketView {
  readonly ipVersion: 4 | 6;
  readonly protocol: 'tcp' | 'udp';
  readonly src?: ConcreteAddress;
  readonly dst?: ConcreteAddress;
  readonly ctState: CtState;
  readonly ctHelper?: string;
  readonly dnatted?: boolean;
  /** `undefined`: an interface exists but the question does not name it; `null`: there is none on this hook (no input interface on output). */
  readonly inInterface: string | undefined | null;
  readonly outInterface: string | undefined | null;
  /** pf only: the direction of this pass. */
  readonly direction?: 'in' | 'out';
}

export function and(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  return a === 'maybe' || b === 'maybe' ? 'maybe' : true;
}

function not(a: Tri): Tri {
  return a === 'maybe' ? 'maybe' : !a;
}

const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = nameTable({
  icmp: 1, igmp: 2, tcp: 6, udp: 17, dccp: 33, gre: 47, esp: 50, ah: 51, icmpv6: 58, 'ipv6-icmp': 58,
  'icmp6': 58, sctp: 132, udplite: 136,
});
const ALL_PROTOCOLS = new Set(['all', 'any', '0', 'ip']);

const protocolNumbers = new Map<string, number | 'all' | undefined>();

/** The protocol number a name stands for; 'all' for the wildcard; undefined when unknown (a macro). */
export function protocolNumber(name: string): number | 'all' | undefined {
  // Asked for every rule in every question: remember the few names a ruleset uses.
  const found = protocolNumbers.get(name);
  if (found !== undefined || protocolNumbers.has(name)) return found;
  const n = readProtocolNumber(name);
  if (protocolNumbers.size < 1024) protocolNumbers.set(name, n);
  return n;
}

function readProtocolNumber(name: string): number | 'all' | undefined {
  const n = name.toLowerCase();
  if (ALL_PROTOCOLS.has(n)) return 'all';
  if (/^\d+$/.test(n)) return Number(n);
  return PROTOCOL_NUMBERS[n];
}

export function matchesProtocol(m: ProtocolMatch | undefined, protocol: 'tcp' | 'udp'): Tri {
  if (!m) return true;
  const wanted = PROTOCOL_NUMBERS[protocol];
  // Any name may match; no array is built: this runs for every rule in every pass context.
  let hit: Tri = false;
  for (const name of m.names) {
    // Most rules name the protocol asked about: no lookup for those.
    if (name === protocol) {
      hit = true;
      break;
    }
    const n = protocolNumber(name);
    if (n === undefined) hit = 'maybe';
    else if (n === 'all' || n === wanted) {
      hit = true;
      break;
    }
  }
  return m.negated ? not(hit) : hit;
}

/** Loopback never carries the traffic a question is about unless it names it. */
export function isLoopbackName(name: string): boolean {
  return /^lo\d*$/.test(name);
}

function interfaceNameMatches(pattern: string, actual: string): Tri {
  if (pattern.startsWith('$')) return 'maybe';
  if (pattern.endsWith('+') || pattern.endsWith('*')) return actual.startsWith(pattern.slice(0, -1));
  if (pattern === actual) return true;
  // pf interface groups (`egress`, `wlan`) have no unit number; membership is only known at run time.
  return endsWithDigit(pattern) || isLoopbackName(pattern) ? false : 'maybe';
}

function endsWithDigit(name: string): boolean {
  const c = name.charCodeAt(name.length - 1);
  return c >= 48 && c <= 57;
}

export function matchesInterface(m: InterfaceMatch | undefined, actual: string | undefined | null): Tri {
  if (!m) return true;
  // Any name may match (the same fold as for protocols, without an array).
  let hit: Tri = false;
  if (actual !== null) {
    for (const n of m.names) {
      const v: Tri = actual === undefined ? (isLoopbackName(n) ? false : 'maybe') : interfaceNameMatches(n, actual);
      if (v === true) {
        hit = true;
        break;
      }
      if (v === 'maybe') hit = 'maybe';
    }
  }
  return m.negated ? not(hit) : hit;
}

export function matchesCtState(m: Match, state: CtState): Tri {
  if (m.synOnly && state !== 'new' && state !== 'related') return false;
  if (!m.ctState) return true;
  const inside = m.ctState.has(state);
  return m.ctStateNegated ? !inside : inside;
}

function matchesCtStatus(m: Match, p: PacketView): Tri {
  if (!m.ctStatus || m.ctStatus.size === 0) return true;
  let hit: Tri = false;
  for (const s of m.ctStatus) {
    const v = statusHolds(s.toLowerCase(), p);
    if (v === true) return true;
    if (v === 'maybe') hit = 'maybe';
  }
  return hit;
}

function statusHolds(status: string, p: PacketView): Tri {
  if (status === 'dnat') return p.dnatted === true;
  // The first packet of a connection has not been confirmed, seen a reply or become assured.
  if (status === 'confirmed' || status === 'seen-reply' || status === 'assured') return false;
  return 'maybe';
}

function matchesCtHelper(m: Match, p: PacketView, helperTypes: ReadonlyMap<string, string>): Tri {
  if (m.ctHelper === undefined) return true;
  if (p.ctHelper === undefined) return false;
  const want = m.ctHelper.toLowerCase();
  const have = p.ctHelper.toLowerCase();
  // xt_helper compares the kernel helper's name as a prefix (`ftp` matches `ftp-2121`).
  if (want === have || want.startsWith(`${have}-`)) return true;
  // Naming an nft helper object rather than the kernel helper: the intent is clear, the kernel may disagree.
  return helperTypes.get(want) === have ? 'maybe' : false;
}

/** Everything but the ports. */
export function matchesWithoutPorts(m: Match, p: PacketView, helperTypes: ReadonlyMap<string, string>): Tri {
  // A conjunction: the order only decides how soon a `false` ends it (cheapest tests first).
  if (m.direction !== undefined && p.direction !== undefined && m.direction !== p.direction) return false;
  let r: Tri = m.ipVersion === undefined || m.ipVersion === p.ipVersion;
  if (r === false) return false;
  r = and(r, matchesProtocol(m.protocol, p.protocol));
  if (r === false) return false;
  r = and(r, matchesCtState(m, p.ctState));
  r = and(r, matchesCtStatus(m, p));
  r = and(r, matchesCtHelper(m, p, helperTypes));
  if (r === false) return false;
  r = and(r, matchesAddress(m.src, p.src));
  r = and(r, matchesAddress(m.dst, p.dst));
  if (r === false) return false;
  r = and(r, matchesInterface(m.inInterface, p.inInterface));
  r = and(r, matchesInterface(m.outInterface, p.outInterface));
  if (r !== false && m.opaque.length > 0) r = 'maybe';
  return r;
}

export function matchesPorts(m: Match, sport: number, dport: number): boolean {
  return (m.sport === undefined || m.sport.has(sport)) && (m.dport === undefined || m.dport.has(dport));
}
