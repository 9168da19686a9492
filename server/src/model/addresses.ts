// Address matches. Concrete addresses become inclusive numeric intervals per IP
// version (bigint, so IPv4 and IPv6 share one code path); what only the running
// host knows (an interface's address, `self`, a table filled at run time) stays
// symbolic and is treated by the engine as "may match".
import * as ipaddr from 'ipaddr.js';

export type IpVersion = 4 | 6;

export interface AddressInterval {
  readonly version: IpVersion;
  readonly lo: bigint;
  readonly hi: bigint;
}

export type AddressMatch =
  | { readonly kind: 'any' }
  | { readonly kind: 'intervals'; readonly intervals: readonly AddressInterval[]; readonly negated: boolean; readonly text: string }
  | { readonly kind: 'symbolic'; readonly text: string; readonly negated: boolean };

export const ANY_ADDRESS: AddressMatch = { kind: 'any' };

const ALL_IPV4 = (1n << 32n) - 1n;
const ALL_IPV6 = (1n << 128n) - 1n;

function toBigInt(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return addr.toByteArray().reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
}

/**
 * `a.b.c.d` or `a.b.c.d/n` written the plain way (decimal, no leading zeros),
 * which is nearly every address in a large ruleset: read without ipaddr.js.
 * Anything else (octal, hex, short forms, masks, IPv6) is left to ipaddr.js.
 */
export function plainIpv4Interval(text: string): AddressInterval | undefined {
  const packed = plainIpv4(text);
  if (packed < 0) return undefined;
  // In numbers, not bigints (an IPv4 block fits a double exactly): two bigints
  // made instead of seven, and one for a single address, whose bounds share it.
  const address = Math.floor(packed / 64);
  const size = 2 ** (32 - (packed % 64));
  const first = address - (address % size);
  const lo = BigInt(first);
  return { version: 4, lo, hi: size === 1 ? lo : BigInt(first + size - 1) };
}

/**
 * A plain dotted quad as one number, address * 64 + prefix length (exact: it
 * stays under 2^38), or -1 when `text` is not written the plain way: what
 * `plainIpv4Interval` reads, without making its interval.
 */
function plainIpv4(text: string): number {
  let value = 0;
  let octet = -1;
  let dots = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (octet === 0) return -1; // a leading zero means octal to ipaddr.js
      octet = octet < 0 ? c - 48 : octet * 10 + c - 48;
      if (octet > 255) return -1;
    } else if (c === 46 /* . */ && octet >= 0 && dots < 3) {
      value = value * 256 + octet;
      octet = -1;
      dots++;
    } else {
      break;
    }
  }
  if (dots !== 3 || octet < 0) return -1;
  value = value * 256 + octet;
  let bits = 32;
  if (i < text.length) {
    if (text.charCodeAt(i) !== 47 /* / */ || i + 1 === text.length || text.length - i > 3) return -1;
    bits = 0;
    for (let k = i + 1; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c < 48 || c > 57) return -1;
      bits = bits * 10 + c - 48;
    }
    if (bits > 32) return -1;
  }
  return value * 64 + bits;
}

/** Parses `198.51.100.7`, `198.51.100.0/24`, `2001:db8::/32`, `10.0.0.1-10.0.0.9`; undefined if it is not an address. */
export function parseAddressInterval(text: string): AddressInterval | undefined {
  const trimmed = text.trim();
  return plainIpv4Interval(trimmed) ?? readAddressInterval(trimmed);
}

/** The general reader behind `parseAddressInterval` (every form ipaddr.js knows); exported so tests can compare the two. */
export function readAddressInterval(trimmed: string): AddressInterval | undefined {
  try {
    const dash = trimmed.indexOf('-');
    if (dash > 0 && !trimmed.includes('/')) {
      const a = ipaddr.parse(trimmed.slice(0, dash));
      const b = ipaddr.parse(trimmed.slice(dash + 1));
      if (a.kind() !== b.kind()) return undefined;
      return { version: a.kind() === 'ipv4' ? 4 : 6, lo: toBigInt(a), hi: toBigInt(b) };
    }
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    let bits: number;
    if (trimmed.includes('/')) {
      const [a, p] = trimmed.split('/');
      if (!/^\d{1,3}$/.test(p)) {
        // iptables also accepts a dotted netmask: 10.0.0.0/255.0.0.0
        if (!ipaddr.IPv4.isValid(p)) return undefined;
        addr = ipaddr.parse(a);
        const mask = ipaddr.IPv4.parse(p).prefixLengthFromSubnetMask();
        if (mask === null) return undefined;
        bits = mask;
      } else {
        addr = ipaddr.parse(a);
        bits = Number(p);
      }
    } else {
      addr = ipaddr.parse(trimmed);
      bits = addr.kind() === 'ipv4' ? 32 : 128;
    }
    const width = addr.kind() === 'ipv4' ? 32 : 128;
    if (bits > width) return undefined;
    const base = toBigInt(addr);
    const hostBits = BigInt(width - bits);
    const lo = (base >> hostBits) << hostBits;
    const hi = lo | ((1n << hostBits) - 1n);
    return { version: width === 32 ? 4 : 6, lo, hi };
  } catch {
    return undefined;
  }
}

export function isAddressLiteral(text: string): boolean {
  // A plain dotted quad needs no interval made to know it is one.
  const trimmed = text.trim();
  return plainIpv4(trimmed) >= 0 || readAddressInterval(trimmed) !== undefined;
}

/**
 * Builds a match from address texts (a list means "any of these"). Texts that
 * are not literal addresses (hostnames, interface names) make the match symbolic.
 */
export function addressMatch(texts: readonly string[], negated = false): AddressMatch {
  const intervals: AddressInterval[] = [];
  for (const t of texts) {
    const i = parseAddressInterval(t);
    if (!i) return { kind: 'symbolic', text: texts.join(', '), negated };
    intervals.push(i);
  }
  if (!negated && intervals.some((i) => isWholeFamily(i))) {
    const families = new Set(intervals.filter(isWholeFamily).map((i) => i.version));
    if (families.size === 2) return ANY_ADDRESS;
  }
  return { kind: 'intervals', intervals, negated, text: texts.join(', ') };
}

/** 0.0.0.0/0 or ::/0: every address of one family. */
export function isWholeFamily(i: AddressInterval): boolean {
  return i.lo === 0n && i.hi === (i.version === 4 ? ALL_IPV4 : ALL_IPV6);
}

/** A representative concrete address for a packet question. */
export interface ConcreteAddress {
  readonly version: IpVersion;
  readonly value: bigint;
}

export function concreteAddress(text: string): ConcreteAddress | undefined {
  const i = parseAddressInterval(text);
  return i && soleAddress(i);
}

/** The address of an interval that holds just one. */
export function soleAddress(i: AddressInterval): ConcreteAddress | undefined {
  return i.lo === i.hi ? { version: i.version, value: i.lo } : undefined;
}

/** Whether the interval holds the address. */
export function intervalHolds(i: AddressInterval, a: ConcreteAddress): boolean {
  return i.version === a.version && i.lo <= a.value && a.value <= i.hi;
}

/**
 * Whether the match admits the address. 'maybe' when the match is symbolic or
 * the question leaves the address open (undefined).
 */
export function matchesAddress(m: AddressMatch, a: ConcreteAddress | undefined): boolean | 'maybe' {
  if (m.kind === 'any') return true;
  if (m.kind === 'symbolic' || a === undefined) return 'maybe';
  const inside = m.intervals.some((i) => intervalHolds(i, a));
  return m.negated ? !inside : inside;
}

/** Whether every address `inner` admits is admitted by `outer` (false when unsure). */
export function addressCovers(outer: AddressMatch, inner: AddressMatch): boolean {
  if (outer.kind === 'any') return true;
  if (inner.kind === 'any') return false;
  if (outer.kind === 'symbolic' || inner.kind === 'symbolic') {
    return outer.kind === inner.kind && outer.text === inner.text && outer.negated === inner.negated;
  }
  if (outer.negated || inner.negated) return outer.negated === inner.negated && outer.text === inner.text;
  return inner.intervals.every((i) => outer.intervals.some((o) => o.version === i.version && o.lo <= i.lo && i.hi <= o.hi));
}

export function formatAddress(m: AddressMatch): string {
  if (m.kind === 'any') return 'any address';
  return `${m.negated ? 'not ' : ''}${m.text}`;
}
