// Rules: a sequence of statements (matches, assignments, verdicts, NAT,
// counters, logs...) up to a newline, `;` or `}`.
import { closestWord } from '../../model/suggest';
import type { Expr, RuleNode, Statement } from './ast';
import { Cursor, describeToken, spanOf } from './cursor';
import { isSelectorStart, parseElement, parseSelector, parseSetLiteral, parseValue, skipElementOptions, startsStatement, startsValue } from './expressions';
import type { Token } from './lexer';
import { FIELDS, isField, NAT_FLAGS, NAT_STATEMENTS, RULE_STARTERS, STANDALONE_SELECTORS, STATEMENT_OPTIONS, VERDICTS } from './vocabulary';

const RELATIONAL = new Set(['==', '!=', '<', '>', '<=', '>=', '!', 'eq', 'ne', 'lt', 'gt', 'le', 'ge']);
const LHS_OPERATORS = new Set(['&', '|', '^', '<<', '>>', 'and', 'or', 'xor', 'lshift', 'rshift']);
const UNIT = /^(\d+\/)?(k|m|g)?bytes(\/(second|minute|hour|day|week))?$|^\/?(second|minute|hour|day|week)$|^packets$/;

/** Parses one rule; returns undefined (after reporting and recovering) when it cannot. */
export function parseRule(c: Cursor): RuleNode | undefined {
  const first = c.peek();
  const statements: Statement[] = [];
  while (!c.atTerminator()) {
    const before = c.peek();
    const statement = parseStatement(c);
    if (!statement) {
      c.recover();
      return undefined;
    }
    statements.push(statement);
    if (c.peek() === before) {
      c.recover();
      return undefined;
    }
  }
  const last = c.previous();
  // kept until the file is lowered: an exact-size copy, not the array grown by push
  return { statements: statements.slice(), range: spanOf(first, last), text: c.textBetween(first, last) };
}

function parseStatement(c: Cursor): Statement | undefined {
  const t = c.peek();
  if (t.kind === 'word') {
    const w = t.text;
    if (VERDICTS.has(w) && w !== 'queue') return parseVerdict(c);
    if (NAT_STATEMENTS.has(w)) return parseNat(c);
    if (w === 'meter') return parseMeter(c);
    if (w === 'flow') return parseFlow(c);
    if ((w === 'add' || w === 'update' || w === 'delete') && c.peek(1).kind === 'setref') return parseSetUpdate(c);
    if (w === 'set' && isSelectorStart(cursorAhead(c))) return parseLegacySetUpdate(c);
    if (STATEMENT_OPTIONS.has(w)) return parseOptions(c);
    if (w === 'reset' && isSelectorStart(c.view(1))) {
      // `reset tcp option mptcp`
      c.next();
      const target = parseSelector(c);
      return { kind: 'other', keyword: 'reset', args: [target], range: spanOf(t, c.previous()) };
    }
    if (isSelectorStart(c)) return parseMatch(c);
    const suggestion = closestWord(w, RULE_STARTERS);
    c.error(t.range, `unknown statement '${w}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`);
    return undefined;
  }
  if (t.kind === 'setref' && c.isPunct(',', 1)) return parseMatch(c);
  if (t.kind === 'punct' && t.text === '(') return parseMatch(c);
  c.error(t.range, `unexpected ${describeToken(t)} at the start of a statement`);
  return undefined;
}

function cursorAhead(c: Cursor): Cursor {
  // `set add ip saddr @s`: peek past `set add`/`set update` without consuming.
  return c.view(2);
}

function parseVerdict(c: Cursor): Statement {
  const t = c.next();
  if ((t.text === 'jump' || t.text === 'goto') && c.isPunct('{')) {
    parseAnonymousChain(c);
    return { kind: 'verdict', verdict: t.text, target: '', range: spanOf(t, c.previous()) };
  }
  if (t.text === 'jump' || t.text === 'goto') {
    const target = c.peek();
    if (target.kind === 'word' || target.kind === 'string' || target.kind === 'var') {
      c.next();
      return { kind: 'verdict', verdict: t.text, target: target.text, targetRange: target.range, range: spanOf(t, target) };
    }
    if (c.atTerminator()) c.error(t.range, `expected a chain name after '${t.text}'`);
    else c.error(target.range, `expected a chain name after '${t.text}', found ${describeToken(target)}`);
    return { kind: 'verdict', verdict: t.text, range: t.range };
  }
  if (t.text === 'reject' && c.isWord('with')) {
    c.next();
    const kind = c.peek();
    if (kind.kind !== 'word') {
      c.error(kind.range, `expected icmp, icmpv6, icmpx or tcp after 'reject with', found ${describeToken(kind)}`);
      return { kind: 'verdict', verdict: 'reject', range: t.range };
    }
    c.next();
    c.eat('word', 'type');
    if (c.isWord() && !startsStatement(c)) c.next();
  }
  return { kind: 'verdict', verdict: t.text, range: spanOf(t, c.previous()) };
}

/** `jump { rule; rule }`: a chain bound to the rule, without a name. */
function parseAnonymousChain(c: Cursor): void {
  const open = c.next();
  for (;;) {
    c.skipSeparators();
    const t = c.peek();
    if (t.kind === 'eof') {
      c.error(open.range, "'{' of the anonymous chain is never closed");
      return;
    }
    if (c.eat('punct', '}')) return;
    parseRule(c);
    if (c.peek() === t) c.next();
  }
}

function parseNat(c: Cursor): Statement {
  const t = c.next();
  let to: Expr | undefined;
  for (;;) {
    const n = c.peek();
    if (n.kind === 'word' && n.text === 'to') {
      c.next();
      to = parseValue(c, { selectors: true });
      if (!to) c.error(c.peek().range, `expected an address or port after 'to', found ${describeToken(c.peek())}`);
      continue;
    }
    if (n.kind === 'word' && (NAT_FLAGS.has(n.text) || ['ip', 'ip6', 'inet', 'addr', 'port'].includes(n.text))) {
      c.next();
      continue;
    }
    if (n.kind === 'punct' && (n.text === ',' || n.text === '.')) {
      c.next();
      continue;
    }
    if (n.kind === 'word' && !startsStatement(c) && t.text !== 'masquerade' && to === undefined && /^[\d[:]/.test(n.text)) {
      // old syntax without `to`: `dnat 10.0.0.1`
      to = parseValue(c, { selectors: true });
      continue;
    }
    break;
  }
  return { kind: 'nat', nat: t.text, to, range: spanOf(t, c.previous()) };
}

/** A statement without keyword options (only asked for one that has them). */
const NO_OPTIONS: ReadonlyMap<string, number> = new Map();

function parseOptions(c: Cursor): Statement | undefined {
  const t = c.next();
  const options = STATEMENT_OPTIONS.get(t.text) ?? NO_OPTIONS;
  const args: Expr[] = [];
  if (t.text === 'comment') {
    const s = c.peek();
    if (s.kind === 'string' || s.kind === 'word') {
      c.next();
      args.push({ kind: 'string', text: s.text, range: s.range });
    } else {
      c.error(s.range, `expected a string after 'comment', found ${describeToken(s)}`);
    }
    return { kind: 'other', keyword: t.text, args, range: spanOf(t, c.previous()) };
  }
  for (;;) {
    const n = c.peek();
    if (n.kind === 'punct' && (n.text === ',' || (n.text === '/' && c.peek(1).kind === 'word'))) {
      c.next();
      continue;
    }
    if (n.kind !== 'word' || VERDICTS.has(n.text)) break;
    const count = options.get(n.text);
    if (count === undefined) {
      if (/^\d/.test(n.text) || UNIT.test(n.text) || (c.isPunct('/', -1) && /^(second|minute|hour|day|week)$/.test(n.text))) {
        c.next();
        args.push({ kind: 'word', text: n.text, range: n.range });
        continue;
      }
      break;
    }
    c.next();
    args.push({ kind: 'word', text: n.text, range: n.range });
    if (count < 0) {
      // flag lists: `log flags tcp sequence,options`, `queue flags bypass,fanout`
      while (c.peek().kind === 'word' && !VERDICTS.has(c.peek().text) && !options.has(c.peek().text) && (c.isPunct(',', -1) || /^(all|tcp|ip|ip6|sequence|options|skuid|ether|bypass|fanout)$/.test(c.peek().text))) {
        args.push({ kind: 'word', text: c.peek().text, range: c.next().range });
        if (c.isPunct(',')) c.next();
      }
      continue;
    }
    for (let k = 0; k < count; k++) {
      if (c.atTerminator()) {
        c.error(c.peek().range, `expected a value after '${n.text}', found ${describeToken(c.peek())}`);
        break;
      }
      const selectors = t.text === 'queue' || t.text === 'dup' || t.text === 'fwd' || n.text === 'name';
      const value = parseValue(c, { selectors });
      if (!value) {
        c.error(c.peek().range, `expected a value after '${n.text}', found ${describeToken(c.peek())}`);
        break;
      }
      args.push(value);
    }
  }
  if (c.isPunct('{')) {
    c.error(c.peek().range, `'${t.text}' takes a single value here, not a set`);
    return undefined;
  }
  if (t.text === 'queue') return { kind: 'verdict', verdict: 'queue', range: spanOf(t, c.previous()) };
  return { kind: 'other', keyword: t.text, args, range: spanOf(t, c.previous()) };
}

function parseMeter(c: Cursor): Statement {
  const t = c.next();
  const name = c.peek();
  if (name.kind !== 'word' && name.kind !== 'string') {
    c.error(name.range, `expected a meter name after 'meter', found ${describeToken(name)}`);
    return { kind: 'other', keyword: 'meter', args: [], range: t.range };
  }
  c.next();
  if (c.eat('word', 'size')) c.next();
  parseBracedStatements(c, 'meter');
  return { kind: 'meter', name: name.text, nameRange: name.range, range: spanOf(t, c.previous()) };
}

/** `{ ip saddr limit rate 4/minute }` bodies of meters and dynamic set updates. */
function parseBracedStatements(c: Cursor, what: string): void {
  const open = c.peek();
  if (!c.eat('punct', '{')) {
    c.error(open.range, `expected '{' after the ${what} name, found ${describeToken(open)}`);
    return;
  }
  c.skipNewlines();
  if (!parseElement(c)) {
    c.error(c.peek().range, `expected the ${what} key, found ${describeToken(c.peek())}`);
    c.recover();
    return;
  }
  skipElementOptions(c);
  c.skipNewlines();
  while (!c.isPunct('}')) {
    const t = c.peek();
    if (t.kind === 'eof' || t.kind === 'newline' || c.isPunct(';')) {
      c.error(open.range, `'{' of the ${what} is never closed`);
      return;
    }
    const before = t;
    if (!parseStatement(c) || c.peek() === before) {
      c.recover();
      return;
    }
    c.skipNewlines();
  }
  c.next();
}

function parseSetUpdate(c: Cursor): Statement {
  const t = c.next();
  const set = c.next();
  parseBracedStatements(c, 'set update');
  return { kind: 'setUpdate', set: set.text, setRange: set.range, range: spanOf(t, c.previous()) };
}

function parseLegacySetUpdate(c: Cursor): Statement {
  // `set add ip saddr @s`
  const t = c.next();
  c.next();
  while (!c.atTerminator() && c.peek().kind !== 'setref') {
    if (isSelectorStart(c)) parseSelector(c);
    else c.next();
  }
  const set = c.next();
  return { kind: 'setUpdate', set: set.text, setRange: set.range, range: spanOf(t, set) };
}

function parseFlow(c: Cursor): Statement {
  const t = c.next();
  if (c.isWord('add') || c.isWord('offload')) c.next();
  const ft = c.peek();
  if (ft.kind === 'setref') {
    c.next();
    return { kind: 'flow', flowtable: ft.text, flowtableRange: ft.range, range: spanOf(t, ft) };
  }
  if (c.eat('word', 'table')) {
    // legacy `flow table NAME { key stmt }` (a meter)
    const name = c.next();
    parseBracedStatements(c, 'flow table');
    return { kind: 'meter', name: name.text, nameRange: name.range, range: spanOf(t, c.previous()) };
  }
  c.error(ft.range, `expected '@flowtable' after 'flow add', found ${describeToken(ft)}`);
  return { kind: 'other', keyword: 'flow', args: [], range: t.range };
}

function parseLeftHandSide(c: Cursor): Expr {
  let left: Expr;
  const first = c.peek();
  if (c.isPunct('(')) {
    left = parseValue(c, { selectors: true }) ?? { kind: 'word', text: '', range: first.range };
  } else {
    left = parseSelector(c);
  }
  for (;;) {
    const t = c.peek();
    if (t.kind === 'punct' && t.text === '.' && (isSelectorStart(ahead(c, 1)) || c.peek(1).kind === 'setref')) {
      c.next();
      const right = parseSelector(c);
      left = { kind: 'binary', op: '.', left, right, range: { start: left.range.start, end: right.range.end } };
      continue;
    }
    if ((t.kind === 'punct' || t.kind === 'word') && LHS_OPERATORS.has(t.text)) {
      c.next();
      const right = parseValue(c, {});
      if (!right) {
        c.error(c.peek().range, `expected a value after '${t.text}', found ${describeToken(c.peek())}`);
        return left;
      }
      left = { kind: 'binary', op: t.text, left, right, range: { start: left.range.start, end: right.range.end } };
      continue;
    }
    if (t.kind === 'word' && t.text === 'map') {
      c.next();
      const map = parseValue(c, {});
      if (map) left = { kind: 'lookup', verdict: false, key: left, map, range: { start: left.range.start, end: map.range.end } };
      continue;
    }
    return left;
  }
}

function ahead(c: Cursor, offset: number): Cursor {
  return c.view(offset);
}

function lastField(e: Expr): string {
  if (e.kind === 'selector') return e.words[e.words.length - 1];
  if (e.kind === 'binary') return lastField(e.right);
  return '';
}

function parseMatch(c: Cursor): Statement | undefined {
  const start = c.peek();
  if (start.kind === 'word' && !STANDALONE_SELECTORS.has(start.text) && !isField(c.peek(1).text) && c.peek(1).kind === 'word') {
    // `tcp dprt 21`: a protocol needs a field before its value
    const field = c.peek(1);
    const suggestion = closestWord(field.text, FIELDS);
    c.error(field.range, `unknown field '${field.text}' after '${start.text}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`);
    return undefined;
  }
  const left = parseLeftHandSide(c);
  const t = c.peek();
  if (t.kind === 'word' && t.text === 'set') {
    c.next();
    const value = parseValue(c, { selectors: true, lists: true });
    if (!value) {
      c.error(c.peek().range, `expected a value after 'set', found ${describeToken(c.peek())}`);
      return { kind: 'match', left, range: left.range };
    }
    return { kind: 'assign', left, value, range: { start: left.range.start, end: value.range.end } };
  }
  if (t.kind === 'word' && t.text === 'vmap') {
    c.next();
    const map = c.isPunct('{') ? parseSetLiteral(c) : parseValue(c, {});
    if (!map) {
      c.error(c.peek().range, `expected a map after 'vmap', found ${describeToken(c.peek())}`);
      return { kind: 'match', left, range: left.range };
    }
    return { kind: 'vmap', key: left, map, range: { start: left.range.start, end: map.range.end } };
  }
  let op: string | undefined;
  if ((t.kind === 'punct' || t.kind === 'word') && RELATIONAL.has(t.text)) {
    c.next();
    op = t.text;
  } else if (t.kind === 'word' && t.text === 'over' && lastField(left) === 'count') {
    c.next();
    op = 'over';
  }
  const field = lastField(left);
  const statusValue = (field === 'status' || field === 'state') && c.peek().kind === 'word' && !VERDICTS.has(c.peek().text);
  if (op !== undefined || statusValue || startsValue(c)) {
    const right = parseValue(c, { lists: true });
    if (!right) {
      c.error(c.peek().range, `expected a value after '${op ?? field}', found ${describeToken(c.peek())}`);
      return { kind: 'match', left, op, range: left.range };
    }
    return { kind: 'match', left, op, right, range: { start: left.range.start, end: right.range.end } };
  }
  return { kind: 'match', left, range: left.range };
}

