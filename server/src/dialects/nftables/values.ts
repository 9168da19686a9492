// Constant values of expressions after `$define` and `@set` substitution:
// flat lists of atoms (`21`, `50000-50999`, `10.0.0.0/8`, `eth*`) that the
// lowering turns into port sets, address matches and state sets.
import { PortSet } from '../../model/ports';
import { parsePortToken } from '../../model/services';
import type { Expr } from './ast';
import { renderExpr } from './expressions';
import { nameMap } from '../../model/table';

/** What `@name` stands for while lowering: its elements when constant, undefined when filled at run time. */
export type SetLookup = (name: string) => readonly Expr[] | undefined;

export type Atoms =
  | { readonly kind: 'atoms'; readonly atoms: readonly string[] }
  /** A set filled at run time, a lookup, or anything not constant. */
  | { readonly kind: 'dynamic'; readonly text: string };

/** Flattens a value (single, `a,b`, `{ a, b }`, nested sets from defines) into atoms. */
export function atomsOf(e: Expr, sets: SetLookup): Atoms {
  // the common case, one word, without the walk
  if (e.kind === 'word' || e.kind === 'string') return { kind: 'atoms', atoms: [e.text] };
  const out: string[] = [];
  const visit = (x: Expr): boolean => {
    switch (x.kind) {
      case 'word':
      case 'string':
        out.push(x.text);
        return true;
      case 'set':
        return x.elements.every(visit);
      case 'list':
        return x.items.every(visit);
      case 'paren':
        return visit(x.inner);
      case 'setref': {
        const elements = sets(x.name);
        return elements !== undefined && elements.every(visit);
      }
      case 'binary':
        if (x.op === '-') {
          const lo = atomsOf(x.left, sets);
          const hi = atomsOf(x.right, sets);
          if (lo.kind !== 'atoms' || hi.kind !== 'atoms' || lo.atoms.length !== 1 || hi.atoms.length !== 1) return false;
          out.push(`${lo.atoms[0]}-${hi.atoms[0]}`);
          return true;
        }
        if (x.op === '/') {
          out.push(renderExpr(x).replace(/\s+/g, ''));
          return true;
        }
        return false;
      default:
        return false;
    }
  };
  return visit(e) ? { kind: 'atoms', atoms: out } : { kind: 'dynamic', text: renderExpr(e) };
}

/** Ports from atoms: numbers, service names and ranges of either; undefined if one is not a port. */
export function portSetOf(atoms: readonly string[]): PortSet | undefined {
  if (atoms.length === 1) {
    // `21` or `50000-50999`, read without slicing (most port matches)
    const interval = numericInterval(atoms[0]);
    if (interval) return PortSet.fromIntervals([interval]);
  }
  const intervals: Array<{ lo: number; hi: number }> = [];
  for (const atom of atoms) {
    const single = parsePortToken(atom);
    if (single !== undefined) {
      intervals.push({ lo: single, hi: single });
      continue;
    }
    const dash = findRangeDash(atom);
    if (dash < 0) return undefined;
    const lo = parsePortToken(atom.slice(0, dash));
    const hi = parsePortToken(atom.slice(dash + 1));
    if (lo === undefined || hi === undefined) return undefined;
    intervals.push({ lo, hi });
  }
  return PortSet.fromIntervals(intervals);
}

/**
 * `N` or `N-M` in decimal digits, as parsePortToken and findRangeDash read
 * them; undefined for anything else (service names, bad numbers), which the
 * general path then reads.
 */
function numericInterval(atom: string): { lo: number; hi: number } | undefined {
  const n = atom.length;
  let i = 0;
  let lo = 0;
  for (let c = atom.charCodeAt(0); c >= 48 && c <= 57; c = atom.charCodeAt(++i)) lo = lo * 10 + (c - 48);
  // past 5 digits the number may not be exact or may hide leading zeros: the general path decides
  if (i === 0 || i > 5 || lo > 65535) return undefined;
  if (i === n) return { lo, hi: lo };
  if (atom.charCodeAt(i) !== 45) return undefined; // '-'
  const start = ++i;
  let hi = 0;
  for (let c = atom.charCodeAt(i); c >= 48 && c <= 57; c = atom.charCodeAt(++i)) hi = hi * 10 + (c - 48);
  if (i === start || i - start > 5 || hi > 65535 || i !== n) return undefined;
  return { lo, hi };
}

/** The dash of `a-b` that splits a range, skipping dashes inside names such as `ftp-data`. */
function findRangeDash(atom: string): number {
  for (let i = atom.indexOf('-'); i > 0; i = atom.indexOf('-', i + 1)) {
    if (parsePortToken(atom.slice(0, i)) !== undefined && parsePortToken(atom.slice(i + 1)) !== undefined) return i;
  }
  return -1;
}

/** Applies a relational operator to a port set. */
export function portsWithOperator(ports: PortSet, op: string | undefined): PortSet | undefined {
  const single = ports.intervals.length === 1 && ports.intervals[0].lo === ports.intervals[0].hi ? ports.intervals[0].lo : undefined;
  switch (op) {
    case undefined:
    case '==':
    case 'eq':
      return ports;
    case '!=':
    case 'ne':
    case '!':
      return ports.complement();
    case '<':
    case 'lt':
      return single === undefined ? undefined : single === 0 ? PortSet.EMPTY : PortSet.range(0, single - 1);
    case '<=':
    case 'le':
      return single === undefined ? undefined : PortSet.range(0, single);
    case '>':
    case 'gt':
      return single === undefined ? undefined : PortSet.range(single + 1, 65535);
    case '>=':
    case 'ge':
      return single === undefined ? undefined : PortSet.range(single, 65535);
    default:
      return undefined;
  }
}

export function isNegation(op: string | undefined): boolean {
  return op === '!=' || op === 'ne' || op === '!';
}

// ICMPv6 goes by its /etc/protocols name, as the iptables front end writes it, so both dialects' models agree.
const PROTOCOL_NAMES: ReadonlyMap<string, string> = nameMap({
  '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'ipv6-icmp', '132': 'sctp', '33': 'dccp', '136': 'udplite', icmpv6: 'ipv6-icmp', icmp6: 'ipv6-icmp',
});

export function protocolName(atom: string): string {
  const lower = atom.toLowerCase();
  return PROTOCOL_NAMES.get(lower) ?? lower;
}

/** Splits `10.0.0.2:21`, `[2001:db8::1]:21`, `:8021` into address and port text. */
export function splitAddressPort(text: string): { address?: string; port?: string } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    return { address: text.slice(1, close), port: text[close + 1] === ':' ? text.slice(close + 2) : undefined };
  }
  if (text.startsWith(':')) return { port: text.slice(1) };
  const colons = text.split(':').length - 1;
  if (colons === 1) {
    const [address, port] = text.split(':');
    return { address, port };
  }
  return { address: text };
}
