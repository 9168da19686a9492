// Lists, hosts and port specs: the value grammar that rules, tables and
// translations share.
import { parsePortToken } from '../../model/services';
import { spanRanges } from '../../model/source';
import type { Host, PortItem, PortOp, Value } from './ast';
import type { Cursor } from './cursor';
import { SyntaxError } from './cursor';
import type { Token } from './lexer';

export function valueOf(t: Token): Value {
  return { text: t.text, range: t.range };
}

/** Words that start a statement: after a newline inside an unclosed list they mean the `}` was forgotten. */
export const STATEMENT_STARTS = new Set(['pass', 'block', 'match', 'anchor', 'nat', 'rdr', 'binat', 'table', 'set', 'antispoof', 'scrub', 'include', 'load', 'queue', 'altq']);

const MAX_LIST_NESTING = 32;

/** `{ a, b c }` (commas optional, newlines allowed) or a single item. */
export function parseList<T>(c: Cursor, item: () => T, what: string, depth = 0): T[] {
  const open = c.acceptPunct('{');
  if (!open) return [item()];
  if (depth >= MAX_LIST_NESTING) throw new SyntaxError('lists nested too deeply', open.range);
  const items: T[] = [];
  for (;;) {
    const newLine = c.peek().kind === 'newline';
    c.skipNewlines();
    if (newLine && c.peek().kind === 'word' && STATEMENT_STARTS.has(c.peek().text) && !c.peek().macro) {
      throw new SyntaxError(`missing '}' to close the list opened here`, open.range, true);
    }
    if (c.acceptPunct('}')) break;
    if (c.acceptPunct(',')) continue;
    const t = c.peek();
    if (t.kind === 'eof') throw new SyntaxError(`missing '}' to close the list opened here`, open.range);
    if (t.kind === 'punct' && t.text === '{') {
      // pfctl flattens nested lists
      items.push(...parseList(c, item, what, depth + 1));
      continue;
    }
    items.push(item());
  }
  if (items.length === 0) throw new SyntaxError(`empty list: expected ${what}`, c.rangeFrom(open.range));
  return items;
}

export function parseValueList(c: Cursor, what: string): Value[] {
  return parseList(c, () => valueOf(c.expectValue(what)), what);
}

/** A Map, not an object: looking an arbitrary word up in an object interns it first. */
const HOST_WORDS = new Map<string, Host['kind']>([
  ['any', 'any'],
  ['no-route', 'no-route'],
  ['urpf-failed', 'urpf-failed'],
]);

export function parseHosts(c: Cursor): Host[] {
  return parseList(c, () => parseHost(c), 'an address');
}

export function parseHost(c: Cursor): Host {
  const bang = c.acceptPunct('!');
  const negated = bang !== undefined;
  const start = bang ? bang.range : c.peek().range;
  const t = c.peek();
  if (t.kind === 'punct' && t.text === '<') {
    c.next();
    const name = c.expectValue('a table name');
    c.expectPunct('>', "'>' to close the table name");
    return { kind: 'table', text: `<${name.text}>`, negated, range: c.rangeFrom(start) };
  }
  if (t.kind === 'punct' && t.text === '(') {
    c.next();
    const inner: string[] = [];
    while (!c.isPunct(')')) {
      if (c.atLineEnd()) throw c.unexpected(c.peek(), "')' to close the interface address");
      inner.push(c.next().text);
    }
    c.next();
    if (inner.length === 0) throw new SyntaxError('empty interface address: expected an interface name', c.rangeFrom(start));
    return { kind: 'dynamic', text: `(${inner.join(' ')})`, negated, range: c.rangeFrom(start) };
  }
  if (t.kind === 'word' && t.text === 'route') {
    c.next();
    const label = c.expectValue('a route label');
    return { kind: 'route', text: `route ${label.text}`, negated, range: c.rangeFrom(start) };
  }
  if (t.kind === 'word' || t.kind === 'string') {
    c.next();
    if (t.unresolved) return { kind: 'unresolved', text: t.text, negated, range: c.rangeFrom(start) };
    const special = t.kind === 'word' ? HOST_WORDS.get(t.text) : undefined;
    if (special) return { kind: special, text: t.text, negated, range: c.rangeFrom(start) };
    let text = t.text;
    // `10.0.0.1 - 10.0.0.9`: an address range
    if (c.isWord('-') && (c.peek(1).kind === 'word' || c.peek(1).kind === 'string')) {
      c.next();
      text = `${text}-${c.next().text}`;
    }
    return { kind: 'address', text, negated, range: c.rangeFrom(start) };
  }
  throw c.unexpected(t, 'an address');
}

export function parsePorts(c: Cursor, what = 'a port'): PortItem[] {
  return parseList(c, () => parsePortItem(c, what), what);
}

const RANGE_NEEDS_TWO = 'port range needs two ports';

function parsePortItem(c: Cursor, what: string): PortItem {
  const first = c.peek();
  const op = unaryOp(c);
  if (op) {
    const a = c.expectValue(what);
    return { op, a: valueOf(a), range: spanRanges(first.range, a.range) };
  }
  const a = c.expectValue(what);
  const binary = c.peek();
  if (binary.kind === 'punct' && (binary.text === '><' || binary.text === '<>')) {
    c.next();
    const b = c.peek();
    if (b.kind !== 'word' && b.kind !== 'string') throw new SyntaxError(RANGE_NEEDS_TWO, spanRanges(a.range, binary.range));
    c.next();
    return { op: binary.text, a: valueOf(a), b: valueOf(b), range: spanRanges(a.range, b.range) };
  }
  const colon = a.kind === 'word' && !a.text.includes('::') ? a.text.indexOf(':') : -1;
  if (colon >= 0) {
    const lo = a.text.slice(0, colon);
    const hi = a.text.slice(colon + 1);
    if (lo === '' || hi === '') throw new SyntaxError(RANGE_NEEDS_TWO, a.range);
    const first = parsePortToken(lo);
    const last = parsePortToken(hi);
    // pfctl refuses it ("invalid port range"): reported, and the rule is read on (its range the right way round).
    if (first !== undefined && last !== undefined && first > last) {
      c.report(`port range ${a.text} is reversed: the first port must not be above the last (pfctl refuses it)`, a.range);
    }
    return { op: ':', a: { text: lo, range: a.range }, b: { text: hi, range: a.range }, range: a.range };
  }
  return { op: '=', a: valueOf(a), range: a.range };
}

function unaryOp(c: Cursor): PortOp | undefined {
  if (c.acceptPunct('=')) return '=';
  if (c.isPunct('!') && c.isPunct('=', 1)) {
    c.next();
    c.next();
    return '!=';
  }
  if (c.acceptPunct('<')) return c.acceptPunct('=') ? '<=' : '<';
  if (c.acceptPunct('>')) return c.acceptPunct('=') ? '>=' : '>';
  return undefined;
}

/** Consumes a balanced `( ... )` group on one line (continuations allowed) and returns its tokens. */
export function parseParenGroup(c: Cursor): Token[] {
  const open = c.expectPunct('(', "'('");
  const tokens: Token[] = [];
  let depth = 1;
  for (;;) {
    const t = c.peek();
    if (t.kind === 'eof' || t.kind === 'newline') throw new SyntaxError("missing ')' to close the group opened here", open.range);
    c.next();
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')' && --depth === 0) return tokens;
    tokens.push(t);
  }
}

/** Text of tokens as pf reads them, for opaque conditions and hovers. */
export function tokensText(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.kind === 'string' ? `"${t.text}"` : t.text)).join(' ');
}
