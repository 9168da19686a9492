// Reads the values of iptables options: ports and port ranges, addresses,
// interface names. Each reader reports bad values as FW001 on the word.
import type { AddressMatch } from '../../model/addresses';
import { ANY_ADDRESS, addressMatch, isWholeFamily, parseAddressInterval } from '../../model/addresses';
import { MAX_PORT, PortSet } from '../../model/ports';
import type { PortInterval } from '../../model/ports';
import { serviceNamePort } from '../../model/services';
import type { SourceDiagnostic } from '../../model/source';
import type { Word } from './command';
import { syntaxError } from './diagnostics';

/** A port value: a set, or `undefined` when only the running host knows it (variable, unknown service name). */
export type PortValue = { readonly ports: PortSet } | { readonly ports: undefined; readonly reason: string };

/** The most entries -m multiport takes; a range counts as two. */
const MULTIPORT_MAX = 15;

function readPort(text: string, word: Word, diagnostics: SourceDiagnostic[]): number | 'unknown' | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n > MAX_PORT) {
      diagnostics.push(syntaxError(word.range, `port ${text} is out of range (0-65535)`));
      return undefined;
    }
    return n;
  }
  if (/^[A-Za-z][\w.-]*$/.test(text)) return serviceNamePort(text) ?? 'unknown';
  diagnostics.push(syntaxError(word.range, `invalid port ${JSON.stringify(text)}`));
  return undefined;
}

/** Digits only, at most 65535: what `readPort` takes as a number without a word to say. */
export function isPortNumber(text: string): boolean {
  if (text.length === 0 || text.length > 5) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return Number(text) <= MAX_PORT;
}

/** One port or range: `21`, `ftp`, `1024:65535`, `1024:`, `:1023`, `:`. `separator` is ':' (matches) or '-' (NAT targets). */
function readPortRange(text: string, word: Word, separator: string, diagnostics: SourceDiagnostic[]): PortInterval | 'unknown' | undefined {
  const at = text.indexOf(separator);
  if (at < 0) {
    const p = readPort(text, word, diagnostics);
    return typeof p === 'number' ? { lo: p, hi: p } : p;
  }
  const loText = text.slice(0, at);
  const hiText = text.slice(at + 1);
  const lo = loText === '' ? 0 : readPort(loText, word, diagnostics);
  const hi = hiText === '' ? MAX_PORT : readPort(hiText, word, diagnostics);
  if (lo === undefined || hi === undefined) return undefined;
  if (lo === 'unknown' || hi === 'unknown') return 'unknown';
  if (lo > hi) {
    diagnostics.push(syntaxError(word.range, `port range ${text} is reversed: the first port must not be above the last`));
    return undefined;
  }
  return { lo, hi };
}

/** `--dport 21`, `--sport 1024:`; `list` for multiport's comma-separated lists. */
export function readPorts(word: Word, list: boolean, diagnostics: SourceDiagnostic[], separator = ':'): PortValue | undefined {
  if (word.dynamic) return { ports: undefined, reason: word.text };
  // Most port options give one port by number.
  if (!list && isPortNumber(word.text)) return { ports: PortSet.single(Number(word.text)) };
  const parts = list ? word.text.split(',') : [word.text];
  if (list) {
    const entries = parts.reduce((n, p) => n + (p.includes(separator) ? 2 : 1), 0);
    if (entries > MULTIPORT_MAX) {
      diagnostics.push(syntaxError(word.range, `-m multiport takes at most ${MULTIPORT_MAX} ports (a range counts as two); this list has ${entries}`));
      return undefined;
    }
  }
  const intervals: PortInterval[] = [];
  let unknown = false;
  for (const part of parts) {
    if (part === '') {
      diagnostics.push(syntaxError(word.range, `empty port in ${JSON.stringify(word.text)}`));
      return undefined;
    }
    const r = readPortRange(part, word, separator, diagnostics);
    if (r === undefined) return undefined;
    if (r === 'unknown') unknown = true;
    else intervals.push(r);
  }
  if (unknown) return { ports: undefined, reason: `${word.text} (unknown service name)` };
  return { ports: PortSet.fromIntervals(intervals) };
}

/** Digits and dots (IPv4) or hex digits with a colon (IPv6): meant as an address, not a hostname. */
function looksNumericAddress(text: string): boolean {
  return /^[\d.]+(\/[\d.]*)?$/.test(text) || (text.includes(':') && /^[\da-fA-F:.]+(\/\d*)?$/.test(text));
}

/** `-s 10.0.0.0/8`, `-d 192.0.2.1,192.0.2.9`, `-s 10.0.0.0/255.0.0.0`, hostnames (symbolic). */
export function readAddresses(word: Word, negated: boolean, diagnostics: SourceDiagnostic[]): AddressMatch | undefined {
  if (word.dynamic) return { kind: 'symbolic', text: word.text, negated };
  if (word.text !== '' && !word.text.includes(',')) return readAddress(word, negated, diagnostics);
  const texts = word.text.split(',');
  for (const t of texts) {
    if (t === '') {
      diagnostics.push(syntaxError(word.range, `empty address in ${JSON.stringify(word.text)}`));
      return undefined;
    }
    if (looksNumericAddress(t) && !parseAddressInterval(t) && !isNonContiguousMask(t)) {
      diagnostics.push(syntaxError(word.range, `invalid address ${JSON.stringify(t)}`));
      return undefined;
    }
  }
  const m = addressMatch(texts, negated);
  // 0.0.0.0/0 (or ::/0) admits everything of the one family a table holds.
  if (m.kind === 'intervals' && !negated && m.intervals.some(isWholeFamily)) {
    return ANY_ADDRESS;
  }
  return m;
}

/** One address (most rules give one): read once, with what `readAddresses` says of a list of one. */
function readAddress(word: Word, negated: boolean, diagnostics: SourceDiagnostic[]): AddressMatch | undefined {
  const text = word.text;
  const interval = parseAddressInterval(text);
  if (!interval) {
    if (looksNumericAddress(text) && !isNonContiguousMask(text)) {
      diagnostics.push(syntaxError(word.range, `invalid address ${JSON.stringify(text)}`));
      return undefined;
    }
    return { kind: 'symbolic', text, negated };
  }
  if (!negated && isWholeFamily(interval)) return ANY_ADDRESS;
  return { kind: 'intervals', intervals: [interval], negated, text };
}


/** `10.0.0.1/255.0.255.0`: iptables accepts masks with holes, which are not intervals (the match stays symbolic). */
function isNonContiguousMask(text: string): boolean {
  const [address, mask] = text.split('/');
  const octets = (t: string | undefined): boolean => t !== undefined && /^\d{1,3}(\.\d{1,3}){3}$/.test(t) && t.split('.').every((o) => Number(o) <= 255);
  return octets(address) && octets(mask);
}

/** Linux interface names are at most 15 characters (IFNAMSIZ - 1). */
export function checkInterfaceName(word: Word, diagnostics: SourceDiagnostic[]): boolean {
  if (word.dynamic) return true;
  if (word.text.length > 15) {
    diagnostics.push(syntaxError(word.range, `interface name ${word.text} is longer than 15 characters`));
    return false;
  }
  if (word.text === '') {
    diagnostics.push(syntaxError(word.range, 'empty interface name'));
    return false;
  }
  return true;
}
