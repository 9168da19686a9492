// Expressions: selectors (`ip saddr`), values (numbers, names, addresses,
// strings, `$defines`, `@sets`, set literals), and the operators between
// them (concatenation `.`, ranges `-`, bitwise, map lookups).
import { MAX_NESTING_DEPTH } from '../../limits';
import type { Range } from '../../model/source';
import type { Expr } from './ast';
import { Cursor, describeToken, spanOf } from './cursor';
import type { Token } from './lexer';
import {
  FIELDS,
  isField,
  FIELDS_WITH_ARGUMENT,
  NAT_STATEMENTS,
  SELECTORS,
  SELECTOR_QUALIFIERS,
  STANDALONE_SELECTORS,
  STATEMENT_OPTIONS,
  VERDICTS,
} from './vocabulary';

const BITWISE = new Set(['&', '|', '^', '<<', '>>', '/', '+', 'and', 'or', 'xor', 'lshift', 'rshift']);

function join(a: Range, b: Range): Range {
  return { start: a.start, end: b.end };
}

/** Whether the token starts a new statement rather than a value. */
export function startsStatement(c: Cursor, offset = 0): boolean {
  const t = c.peek(offset);
  if (t.kind === 'setref' && c.isPunct(',', offset + 1)) return true;
  if (t.kind !== 'word') return false;
  const w = t.text;
  if (VERDICTS.has(w) || NAT_STATEMENTS.has(w) || STATEMENT_OPTIONS.has(w) || w === 'meter' || w === 'flow') return true;
  if (w === 'add' || w === 'update' || w === 'delete') return c.peek(offset + 1).kind === 'setref';
  if (STANDALONE_SELECTORS.has(w)) return !c.isWord(undefined, offset + 1) || !isField(c.peek(offset + 1).text) || w === 'iifname' || w === 'oifname' || w === 'iif' || w === 'oif';
  if (SELECTORS.has(w)) return c.isWord(undefined, offset + 1) && isField(c.peek(offset + 1).text);
  return false;
}

export function isSelectorStart(c: Cursor): boolean {
  const t = c.peek();
  if (t.kind === 'setref' && c.isPunct(',', 1)) return true;
  return t.kind === 'word' && SELECTORS.has(t.text);
}

/** `ip saddr`, `ct original ip saddr`, `fib saddr . iif oif`, `jhash ip saddr mod 2`, `@th,16,16`. */
export function parseSelector(c: Cursor): Expr {
  const first = c.next();
  if (first.kind === 'setref') {
    // raw payload: @base,offset,length
    let last: Token = first;
    const words = [`@${first.text}`];
    while (c.isPunct(',') && c.peek(1).kind === 'word') {
      c.next();
      last = c.next();
      words.push(last.text);
    }
    return { kind: 'selector', words: words.slice(), range: spanOf(first, last) };
  }
  const words = [first.text];
  let last: Token = first;
  const chainsFields = first.text === 'fib' || first.text === 'jhash' || first.text === 'symhash';
  if (!STANDALONE_SELECTORS.has(first.text) || first.text === 'priority' || first.text === 'dscp') {
    for (;;) {
      const t = c.peek();
      if (t.kind === 'punct' && t.text === '.' && chainsFields && c.isWord(undefined, 1) && (FIELDS.has(c.peek(1).text) || SELECTORS.has(c.peek(1).text))) {
        c.next();
        continue;
      }
      if (t.kind !== 'word') break;
      if (SELECTOR_QUALIFIERS.has(t.text) && !FIELDS.has(c.peek(1).text)) {
        if (first.text === 'ct' || first.text === 'rt') break;
      }
      const optionKind = words[words.length - 1] === 'option' && /^\d+$/.test(t.text);
      if (!isField(t.text) && !optionKind && !(chainsFields && SELECTORS.has(t.text))) break;
      last = c.next();
      words.push(t.text);
      if (t.text === 'direction') break;
      if (FIELDS_WITH_ARGUMENT.has(t.text) && (c.peek().kind === 'word' || c.peek().kind === 'var')) {
        last = c.next();
        words.push(last.text);
      }
      if (t.text === 'option' && c.peek().kind === 'setref') {
        // tcp option @kind,offset,length
        const raw = parseSelector(c);
        words.push(...(raw.kind === 'selector' ? raw.words : []));
        last = c.previous();
      }
    }
  }
  return { kind: 'selector', words: words.slice(), range: spanOf(first, last) };
}

export interface ValueOptions {
  /** Selectors are values here (`meta mark set ct mark`, `dnat to ip daddr map {...}`). */
  readonly selectors?: boolean;
  /** Accept `a,b,c` without braces (`ct state new,established`). */
  readonly lists?: boolean;
}

/** Whether a value can start at the cursor. */
export function startsValue(c: Cursor, options: ValueOptions = {}): boolean {
  const t = c.peek();
  if (t.kind === 'string' || t.kind === 'var' || t.kind === 'setref') return true;
  if (t.kind === 'punct') return t.text === '{' || t.text === '(' || t.text === '-';
  if (t.kind !== 'word') return false;
  if (options.selectors && isSelectorStart(c)) return true;
  return !startsStatement(c);
}

export function parseValue(c: Cursor, options: ValueOptions = {}): Expr | undefined {
  const first = parseConcat(c, options);
  if (!first || !options.lists || !c.isPunct(',')) return first;
  const items = [first];
  while (c.isPunct(',') && (c.peek(1).kind === 'string' || c.peek(1).kind === 'var' || (c.peek(1).kind === 'word' && (!startsStatement(c, 1) || NAT_STATEMENTS.has(c.peek(1).text))))) {
    // `ct status snat,dnat` names NAT bits; a verdict after a comma is a mistake
    c.next();
    const item = parseConcat(c, options);
    if (!item) break;
    items.push(item);
  }
  return { kind: 'list', items, range: join(first.range, items[items.length - 1].range) };
}

function parseConcat(c: Cursor, options: ValueOptions): Expr | undefined {
  let left = parseBitwise(c, options);
  while (left && c.isPunct('.')) {
    c.next();
    const right = parseBitwise(c, { ...options, lists: false });
    if (!right) {
      c.error(c.peek().range, `expected a value after '.', found ${describeToken(c.peek())}`);
      return left;
    }
    left = { kind: 'binary', op: '.', left, right, range: join(left.range, right.range) };
  }
  return left;
}

function parseBitwise(c: Cursor, options: ValueOptions): Expr | undefined {
  let left = parseRange(c, options);
  for (;;) {
    const t = c.peek();
    if (!left || !((t.kind === 'punct' || t.kind === 'word') && BITWISE.has(t.text))) return left;
    c.next();
    const right = parseRange(c, options);
    if (!right) {
      c.error(c.peek().range, `expected a value after '${t.text}', found ${describeToken(c.peek())}`);
      return left;
    }
    left = { kind: 'binary', op: t.text, left, right, range: join(left.range, right.range) };
  }
}

function parseRange(c: Cursor, options: ValueOptions): Expr | undefined {
  const left = parseLookup(c, options);
  if (!left || !c.isPunct('-')) return left;
  c.next();
  const right = parseLookup(c, options);
  if (!right) {
    c.error(c.peek().range, `expected the end of the range after '-', found ${describeToken(c.peek())}`);
    return left;
  }
  const range = join(left.range, right.range);
  if (left.kind === 'word' && right.kind === 'word') reportReversedRange(c, [`${left.text}-${right.text}`, left.text, right.text], range);
  return { kind: 'binary', op: '-', left, right, range };
}

/** A range of two decimal numbers (ports, marks...), whole and each end. */
const RANGE_WORD = /^(\d{1,20})-(\d{1,20})$/;
const DECIMAL = /^\d{1,20}$/;

/** Reports `range` ([written, first, last]) when both ends are decimal numbers and the first is above the last. */
function reportReversedRange(c: Cursor, range: readonly string[] | null, at: Range): void {
  if (!range || !DECIMAL.test(range[1]) || !DECIMAL.test(range[2]) || BigInt(range[1]) <= BigInt(range[2])) return;
  c.error(at, `range ${range[0]} is reversed: the first value must not be above the last (nft refuses it: "Range has zero or negative size")`);
}

function parseLookup(c: Cursor, options: ValueOptions): Expr | undefined {
  const key = parsePrimary(c, options);
  if (!key || !(c.isWord('map') || c.isWord('vmap'))) return key;
  const verdict = c.next().text === 'vmap';
  const map = parsePrimary(c, {});
  if (!map) {
    c.error(c.peek().range, `expected a map after '${verdict ? 'vmap' : 'map'}', found ${describeToken(c.peek())}`);
    return key;
  }
  return { kind: 'lookup', verdict, key, map, range: join(key.range, map.range) };
}

export function parsePrimary(c: Cursor, options: ValueOptions): Expr | undefined {
  const t = c.peek();
  if (t.kind === 'punct' && (t.text === '(' || t.text === '{')) {
    if (c.nesting >= MAX_NESTING_DEPTH) {
      c.error(t.range, `nesting deeper than ${MAX_NESTING_DEPTH} levels`);
      c.skipGroup();
      return { kind: 'word', text: '', range: spanOf(t, c.previous()) };
    }
    c.nesting++;
    try {
      return parsePrimaryAt(c, t, options);
    } finally {
      c.nesting--;
    }
  }
  return parsePrimaryAt(c, t, options);
}

function parsePrimaryAt(c: Cursor, t: Token, options: ValueOptions): Expr | undefined {
  switch (t.kind) {
    case 'string':
      c.next();
      return { kind: 'string', text: t.text, range: t.range };
    case 'var':
      c.next();
      return { kind: 'var', name: t.text, range: t.range };
    case 'setref':
      if (c.isPunct(',', 1)) return parseSelector(c);
      c.next();
      return { kind: 'setref', name: t.text, range: t.range };
    case 'punct':
      if (t.text === '{') return parseSetLiteral(c);
      if (t.text === '(') {
        c.next();
        c.skipNewlines();
        const inner = parseValue(c, { ...options, lists: true }) ?? { kind: 'word', text: '', range: t.range };
        c.skipNewlines();
        const close = c.peek();
        if (!c.eat('punct', ')')) c.error(close.range, `expected ')' to close '(', found ${describeToken(close)}`);
        return { kind: 'paren', inner, range: spanOf(t, c.previous()) };
      }
      if (t.text === '*') {
        // catch-all element of a set or map
        c.next();
        return { kind: 'word', text: '*', range: t.range };
      }
      if (t.text === ':' && (c.peek(1).kind === 'word' || c.peek(1).kind === 'var')) {
        // `redirect to :tcp dport map {...}`: a port taken from an expression
        c.next();
        return parsePrimary(c, options);
      }
      if (t.text === '-' && c.peek(1).kind === 'word') {
        c.next();
        const w = c.next();
        return { kind: 'word', text: `-${w.text}`, range: spanOf(t, w) };
      }
      return undefined;
    case 'word':
      if (options.selectors && SELECTORS.has(t.text) && (STANDALONE_SELECTORS.has(t.text) || isField(c.peek(1).text))) {
        return parseSelector(c);
      }
      if ((t.text === 'jump' || t.text === 'goto') && (c.peek(1).kind === 'word' || c.peek(1).kind === 'string')) {
        c.next();
        const target = c.next();
        return { kind: 'verdict', verdict: t.text, target: target.text, targetRange: target.range, range: spanOf(t, target) };
      }
      if (VERDICTS.has(t.text)) {
        c.next();
        return { kind: 'verdict', verdict: t.text, range: t.range };
      }
      c.next();
      // `50000-49000` is read as one word: its range is refused as the one written with spaces is.
      reportReversedRange(c, RANGE_WORD.exec(t.text), t.range);
      return { kind: 'word', text: t.text, range: t.range };
    default:
      return undefined;
  }
}

/** `{ a, b-c, d . e : f timeout 1s }`: newlines inside are plain whitespace. */
export function parseSetLiteral(c: Cursor): Expr {
  const open = c.next();
  const elements: Expr[] = [];
  for (;;) {
    c.skipNewlines();
    while (c.isPunct(',')) {
      c.next();
      c.skipNewlines();
    }
    const t = c.peek();
    if (t.kind === 'eof') {
      c.error(open.range, "'{' is never closed");
      break;
    }
    if (c.isPunct('}')) {
      c.next();
      break;
    }
    const element = parseElement(c);
    if (!element) {
      c.error(t.range, `unexpected ${describeToken(t)} in set`);
      c.next();
      continue;
    }
    elements.push(element);
    skipElementOptions(c);
    c.skipNewlines();
    if (!c.isPunct(',') && !c.isPunct('}') && c.peek().kind !== 'eof') {
      const bad = c.peek();
      c.error(bad.range, `expected ',' or '}' in set, found ${describeToken(bad)}`);
      skipToElementEnd(c);
    }
  }
  return { kind: 'set', elements, range: spanOf(open, c.previous()) };
}

export function parseElement(c: Cursor): Expr | undefined {
  const t = c.peek();
  // `25:accept` written without spaces is one word.
  if (t.kind === 'word') {
    const colon = t.text.lastIndexOf(':');
    const tail = colon > 0 ? t.text.slice(colon + 1) : '';
    if (VERDICTS.has(tail)) {
      c.next();
      const keyRange = { start: t.range.start, end: { line: t.range.start.line, character: t.range.start.character + colon } };
      const key: Expr = { kind: 'word', text: t.text.slice(0, colon), range: keyRange };
      let value: Expr = { kind: 'verdict', verdict: tail, range: t.range };
      if ((tail === 'jump' || tail === 'goto') && c.peek().kind === 'word') {
        const target = c.next();
        value = { kind: 'verdict', verdict: tail, target: target.text, targetRange: target.range, range: spanOf(t, target) };
      }
      return { kind: 'binary', op: ':', left: key, right: value, range: join(t.range, value.range) };
    }
  }
  const key = parseConcat(c, { selectors: true });
  if (!key) return undefined;
  skipElementOptions(c);
  if (!c.isPunct(':')) return key;
  c.next();
  c.skipNewlines();
  const value = parseConcat(c, { selectors: true });
  if (!value) {
    c.error(c.peek().range, `expected a value after ':', found ${describeToken(c.peek())}`);
    return key;
  }
  return { kind: 'binary', op: ':', left: key, right: value, range: join(key.range, value.range) };
}

/** Per-element options (`timeout 10s`, `comment "x"`, `counter packets 1 bytes 2`) are not modelled. */
export function skipElementOptions(c: Cursor): void {
  while (c.peek().kind === 'word' || (c.peek().kind === 'string' && c.previous().text === 'comment')) {
    if (c.peek().kind === 'string') {
      c.next();
      continue;
    }
    const w = c.peek().text;
    if (!['timeout', 'expires', 'comment', 'counter', 'packets', 'bytes', 'quota', 'over', 'until', 'used', 'limit', 'rate', 'burst', 'last', 'never'].includes(w) && !/^[\d]/.test(w) && !/bytes|packets|second|minute|hour|day|week/.test(w)) {
      return;
    }
    c.next();
  }
}

function skipToElementEnd(c: Cursor): void {
  let depth = 0;
  for (;;) {
    const t = c.peek();
    if (t.kind === 'eof') return;
    if (depth === 0 && t.kind === 'punct' && (t.text === ',' || t.text === '}')) return;
    if (t.kind === 'punct' && t.text === '{') depth++;
    if (t.kind === 'punct' && t.text === '}') depth--;
    c.next();
  }
}

/** An expression written back in nft syntax, for opaque matches and details. */
export function renderExpr(e: Expr): string {
  switch (e.kind) {
    case 'word':
      return e.text;
    case 'string':
      return `"${e.text}"`;
    case 'var':
      return `$${e.name}`;
    case 'setref':
      return `@${e.name}`;
    case 'selector':
      return e.words.join(' ');
    case 'set':
      return `{ ${e.elements.map(renderExpr).join(', ')} }`;
    case 'list':
      return e.items.map(renderExpr).join(',');
    case 'binary':
      return e.op === '-' ? `${renderExpr(e.left)}-${renderExpr(e.right)}` : `${renderExpr(e.left)} ${e.op} ${renderExpr(e.right)}`;
    case 'lookup':
      return `${renderExpr(e.key)} ${e.verdict ? 'vmap' : 'map'} ${renderExpr(e.map)}`;
    case 'paren':
      return `(${renderExpr(e.inner)})`;
    case 'verdict':
      return e.target ? `${e.verdict} ${e.target}` : e.verdict;
  }
}
