// Recursive-descent parser for nft files: block form (`table ... { chain ... }`),
// flat commands (`add rule ip filter input ...`), defines and includes. Errors
// become FW001 diagnostics and parsing resumes at the next statement.
import type { Range, SourceDiagnostic } from '../../model/source';
import { closestWord } from '../../model/suggest';
import type {
  ChainBlock,
  ChainItem,
  ChainSpec,
  CommandNode,
  DefineNode,
  Expr,
  FileNode,
  IncludeNode,
  NamedNode,
  ObjectBlock,
  ParseContext,
  Property,
  RuleNode,
  TableBlock,
  TableItem,
  TopItem,
} from './ast';
import { detached, detachedData } from '../memo';
import { Cursor, describeToken, spanOf } from './cursor';
import { parseSetLiteral, parseValue } from './expressions';
import type { Token } from './lexer';
import { StatementEntry, type StatementReuse } from './memo';
import { parseRule } from './statements';
import { FAMILIES } from './vocabulary';

export interface ParseResult {
  readonly file: FileNode;
  readonly diagnostics: SourceDiagnostic[];
}

const COMMAND_VERBS = ['add', 'create', 'insert', 'replace', 'delete', 'destroy', 'flush', 'list', 'reset', 'rename', 'describe', 'monitor', 'export', 'import', 'get'];
const TOP_KEYWORDS = ['table', 'define', 'redefine', 'undefine', 'include', ...COMMAND_VERBS];
const TABLE_KEYWORDS = ['chain', 'set', 'map', 'flowtable', 'ct', 'counter', 'quota', 'limit', 'secmark', 'synproxy', 'tunnel', 'flags', 'comment', 'define', 'include'];
/** Named stateful objects declared in a table: `counter c1 { }`, `quota q { 25 mbytes }`. */
const NAMED_OBJECTS = new Set(['counter', 'quota', 'limit', 'secmark', 'synproxy', 'tunnel']);

export function parse(text: string, context: ParseContext = 'top', reuse?: StatementReuse): ParseResult {
  const c = Cursor.over(text);
  c.reuse = reuse;
  if (context !== 'top') return parseBody(c, context);
  const items: TopItem[] = [];
  for (;;) {
    c.skipSeparators();
    const t = c.peek();
    if (t.kind === 'eof') break;
    const item = parseTopItem(c);
    if (item) items.push(item);
    expectEnd(c, item ? describeItem(item) : undefined);
  }
  return { file: { items }, diagnostics: c.diagnostics };
}

/** A file included inside a table or chain block holds that block's items. */
function parseBody(c: Cursor, context: 'table' | 'chain'): ParseResult {
  const tableItems: TableItem[] = [];
  const chainItems: ChainItem[] = [];
  const spec: ChainSpec = {};
  for (;;) {
    c.skipSeparators();
    const t = c.peek();
    if (t.kind === 'eof') break;
    if (c.isPunct('}')) {
      c.error(t.range, "unexpected '}' with no open block");
      c.next();
      continue;
    }
    if (context === 'table') {
      const item = parseTableItem(c);
      if (item) tableItems.push(item);
    } else {
      parseChainItem(c, spec, chainItems);
    }
    if (c.peek() === t) c.next();
    expectEnd(c, undefined);
  }
  return { file: { items: [], tableItems, chainItems }, diagnostics: c.diagnostics };
}

function describeItem(item: TopItem): string {
  return item.kind === 'command' ? `${item.command.verb} ${item.command.object}` : item.kind;
}

/** After a statement: a newline, `;`, `}` or end of file must follow. */
function expectEnd(c: Cursor, after: string | undefined): void {
  if (c.atTerminator()) return;
  const t = c.peek();
  c.error(t.range, `expected ';' or newline${after ? ` after ${after}` : ''}, found ${describeToken(t)}`);
  c.recover();
}

function parseTopItem(c: Cursor): TopItem | undefined {
  const t = c.peek();
  if (t.kind === 'punct' && t.text === '}') {
    c.error(t.range, "unexpected '}' with no open block");
    c.next();
    return undefined;
  }
  if (t.kind !== 'word') {
    c.error(t.range, `unexpected ${describeToken(t)}; expected a command such as 'table', 'add' or 'define'`);
    c.recover();
    return undefined;
  }
  switch (t.text) {
    case 'table':
      c.next();
      return { kind: 'table', table: parseTable(c, t) };
    case 'define':
    case 'redefine':
    case 'undefine': {
      const define = parseDefine(c);
      return define && { kind: 'define', define };
    }
    case 'include': {
      const include = parseInclude(c);
      return include && { kind: 'include', include };
    }
    default:
      if (COMMAND_VERBS.includes(t.text)) {
        const command = parseCommand(c);
        return command && { kind: 'command', command };
      }
  }
  if (BLOCK_OBJECTS.has(t.text) && c.isPunct('{', 2)) {
    c.error(t.range, `'${t.text}' must be inside a table block (or written 'add ${t.text} FAMILY TABLE NAME')`);
    c.recover();
    return undefined;
  }
  if (OBJECT_WORDS.has(t.text)) {
    // `add` may be left out: `chain ip t c`, `counter t c`, `rule ip t c accept`
    const command = parseCommand(c, true);
    return command && { kind: 'command', command };
  }
  {
    const suggestion = closestWord(t.text, TOP_KEYWORDS);
    c.error(t.range, `unknown command '${t.text}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`);
  }
  c.recover();
  return undefined;
}

function parseName(c: Cursor, what: string): NamedNode | undefined {
  const t = c.peek();
  if (t.kind === 'word' || t.kind === 'string' || t.kind === 'var') {
    c.next();
    return { name: t.kind === 'var' ? `$${t.text}` : t.text, nameRange: t.range };
  }
  c.error(t.range, `expected ${what}, found ${describeToken(t)}`);
  return undefined;
}

/** An optional family word: taken only when a name follows it. */
function parseFamily(c: Cursor): string {
  const t = c.peek();
  const after = c.peek(1);
  if (t.kind === 'word' && FAMILIES.has(t.text) && (after.kind === 'word' || after.kind === 'string' || after.kind === 'var')) {
    c.next();
    return t.text;
  }
  return 'ip';
}

function parseTable(c: Cursor, keyword: Token): TableBlock {
  const family = parseFamily(c);
  const name = parseName(c, 'a table name') ?? { name: '', nameRange: c.peek().range };
  const items: TableItem[] = [];
  if (c.isPunct('{')) {
    const open = c.next();
    parseBlockBody(
      c,
      open,
      `table '${name.name}'`,
      () => {
        const item = parseTableItem(c);
        if (item) items.push(item);
      },
      ['table'],
    );
  }
  return { ...name, family, items, range: spanOf(keyword, c.previous()) };
}

/** Runs `item` for each statement until the closing brace; reports an unclosed brace at its opening. */
function parseBlockBody(c: Cursor, open: Token, what: string, item: () => void, closedBy: readonly string[] = []): void {
  for (;;) {
    c.skipSeparators();
    const t = c.peek();
    if (t.kind === 'eof') {
      c.error(open.range, `'{' of ${what} is never closed`);
      return;
    }
    if (t.kind === 'word' && closedBy.includes(t.text) && opensBlockOnLine(c)) {
      // a missing '}': the next table or chain starts here
      c.error(open.range, `'{' of ${what} is never closed before '${t.text}' on line ${t.range.start.line + 1}`);
      return;
    }
    if (c.isPunct('}')) {
      c.next();
      return;
    }
    item();
    if (c.peek() === t) {
      c.error(t.range, `unexpected ${describeToken(t)}`);
      c.next();
      c.recover();
      continue;
    }
    // A nested block that was never closed already said so: the next line starts afresh.
    if (!c.atTerminator() && c.previous().kind !== 'newline') {
      const bad = c.peek();
      c.error(bad.range, `expected ';' or newline, found ${describeToken(bad)}`);
      c.recover();
    }
  }
}

/** Whether a `{` follows on the current line (`chain x {`, `table ip t {`). */
function opensBlockOnLine(c: Cursor): boolean {
  for (let k = 1; k <= 4; k++) {
    const t = c.peek(k);
    if (t.kind === 'punct' && t.text === '{') return true;
    if (t.kind !== 'word' && t.kind !== 'string') return false;
  }
  return false;
}

function parseTableItem(c: Cursor): TableItem | undefined {
  const t = c.peek();
  if (t.kind !== 'word') {
    c.error(t.range, `unexpected ${describeToken(t)} in a table; expected 'chain', 'set', 'map'...`);
    c.recover();
    return undefined;
  }
  switch (t.text) {
    case 'chain':
      c.next();
      return { kind: 'chain', chain: parseChain(c, t) };
    case 'set':
    case 'map':
    case 'flowtable':
      c.next();
      return { kind: 'set', set: parseObject(c, t, t.text) };
    case 'ct': {
      c.next();
      const sub = c.next();
      return { kind: 'object', object: parseObject(c, t, `ct ${sub.text}`) };
    }
    case 'flags':
    case 'comment':
      c.next();
      skipToEnd(c);
      return undefined;
    case 'define':
    case 'redefine':
    case 'undefine': {
      const define = parseDefine(c);
      return define && { kind: 'define', define };
    }
    case 'include': {
      const include = parseInclude(c);
      return include && { kind: 'include', include };
    }
    default:
      if (NAMED_OBJECTS.has(t.text)) {
        c.next();
        return { kind: 'object', object: parseObject(c, t, t.text) };
      }
  }
  const suggestion = closestWord(t.text, TABLE_KEYWORDS);
  c.error(t.range, `unknown table item '${t.text}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`);
  c.recover();
  return undefined;
}

function skipToEnd(c: Cursor): void {
  while (!c.atTerminator()) {
    if (c.isPunct('{')) parseSetLiteral(c);
    else c.next();
  }
}

function parseChain(c: Cursor, keyword: Token): ChainBlock {
  const name = parseName(c, 'a chain name') ?? { name: '', nameRange: c.peek().range };
  const spec: ChainSpec = {};
  const items: ChainItem[] = [];
  if (c.isPunct('{')) {
    const open = c.next();
    parseBlockBody(c, open, `chain '${name.name}'`, () => parseChainItem(c, spec, items), ['table', 'chain']);
  }
  return { ...name, spec, items, range: spanOf(keyword, c.previous()) };
}

function parseChainItem(c: Cursor, spec: ChainSpec, items: ChainItem[]): void {
  const t = c.peek();
  const startsLine = c.reuse !== undefined && c.atLineStart();
  if (t.kind === 'word') {
    switch (t.text) {
      case 'type':
        if (c.peek(1).kind === 'word' && c.isWord('hook', 2)) {
          parseChainType(c, spec);
          return;
        }
        break;
      case 'policy': {
        c.next();
        const p = c.peek();
        if (p.kind === 'word' || p.kind === 'var') {
          c.next();
          spec.policy = p.kind === 'var' ? `$${p.text}` : p.text;
          spec.policyRange = p.range;
          if (p.kind === 'word' && p.text !== 'accept' && p.text !== 'drop') {
            const suggestion = closestWord(p.text, ['accept', 'drop']);
            c.error(p.range, `policy must be 'accept' or 'drop'${suggestion ? `; did you mean '${suggestion}'?` : ''}`);
          }
        } else {
          c.error(p.range, `expected 'accept' or 'drop' after 'policy', found ${describeToken(p)}`);
        }
        if (!c.atTerminator()) {
          c.error(c.peek().range, "expected ';' or newline after policy");
          c.recover();
        }
        return;
      }
      case 'comment':
        if (c.peek(1).kind === 'string') {
          c.next();
          c.next();
          return;
        }
        break;
      case 'devices':
      case 'device':
      case 'flags':
        // `devices = { eth0 }`, `flags offload`: chain options the model does not use
        c.next();
        skipToEnd(c);
        return;
      case 'ct':
        if ((c.isWord('helper', 1) || c.isWord('timeout', 1) || c.isWord('expectation', 1)) && c.isPunct('{', 3)) {
          c.next();
          const sub = c.next();
          items.push({ kind: 'object', object: parseObject(c, t, `ct ${sub.text}`) });
          return;
        }
        break;
      case 'define':
      case 'redefine':
      case 'undefine': {
        const define = parseDefine(c);
        if (define) items.push({ kind: 'define', define });
        return;
      }
      case 'include': {
        const include = parseInclude(c);
        if (include) items.push({ kind: 'include', include });
        return;
      }
    }
  }
  const read = parseLineRule(c, t, startsLine);
  if (read === undefined) return;
  if (isEntry(read)) items.push({ kind: 'rule', rule: read, remembered: read });
  else items.push({ kind: 'rule', rule: read });
}

function isEntry(read: RuleNode | StatementEntry): read is StatementEntry {
  return read instanceof StatementEntry;
}

/**
 * A rule that may be alone on its line (`lineFirst`, the line's first token,
 * starts it or a flat command around it): replayed when the previous analysis
 * read the same line, else parsed and, when it is alone on its line, kept for
 * the next with the errors it reported.
 */
function parseLineRule(c: Cursor, lineFirst: Token, startsLine: boolean): RuleNode | StatementEntry | undefined {
  const reuse = c.reuse;
  const first = c.peek();
  if (reuse === undefined || !startsLine || first.line !== lineFirst.line || first.kind === 'newline' || first.kind === 'eof') return parseRule(c);
  const text = c.text;
  const lineEnd = c.lineEnd(first.start);
  if (lineEnd >= text.length) return parseRule(c);
  const column = first.start - first.lineStart;
  if (c.readAheadBefore(lineEnd)) {
    const entry = reuse.find(lineFirst.lineStart, lineEnd, first.line, column);
    if (entry !== undefined) {
      c.skipTo(lineEnd);
      for (const error of entry.errors) c.diagnostics.push(error);
      return entry;
    }
  }
  const reported = c.diagnostics.length;
  const rule = parseRule(c);
  const end = c.peek();
  // A rule that ends at its line's end and looked no further reads the same wherever the line goes, and reports the same errors.
  if (rule !== undefined && end.kind === 'newline' && end.start === lineEnd && c.readNothingAhead()) {
    const declares = rule.statements.some((s) => s.kind === 'setUpdate' || s.kind === 'meter');
    const key = text.slice(lineFirst.lineStart, lineEnd);
    const errors = c.diagnostics.slice(reported);
    const entry = reuse.detaching
      ? new StatementEntry(detached(key), first.line, column, detachedData(rule), reuse.version, declares, detachedData(errors))
      : new StatementEntry(key, first.line, column, rule, reuse.version, declares, errors);
    reuse.keep(entry);
    return entry;
  }
  return rule;
}

function parseChainType(c: Cursor, spec: ChainSpec): void {
  c.next();
  spec.type = c.next().text;
  c.next(); // hook
  const hook = c.peek();
  if (hook.kind === 'word') {
    c.next();
    spec.hook = hook.text;
    spec.hookRange = hook.range;
  } else {
    c.error(hook.range, `expected a hook name after 'hook', found ${describeToken(hook)}`);
    c.recover();
    return;
  }
  for (;;) {
    if (c.eat('word', 'device')) {
      const d = c.next();
      spec.device = d.text;
      continue;
    }
    if (c.eat('word', 'devices')) {
      c.eat('punct', '=');
      if (c.isPunct('{')) parseSetLiteral(c);
      else c.next();
      continue;
    }
    break;
  }
  const p = c.peek();
  if (!c.eat('word', 'priority')) {
    // netdev/flowtable hooks may leave the priority out
    if (!c.atTerminator()) {
      c.error(p.range, `expected 'priority' after the hook, found ${describeToken(p)}`);
      c.recover();
    }
    return;
  }
  const first = c.peek();
  const parts: string[] = [];
  while (!c.atTerminator() && !c.isWord('policy')) {
    const t = c.next();
    parts.push(t.kind === 'var' ? `$${t.text}` : t.text);
  }
  if (parts.length === 0) {
    c.error(first.range, `expected a priority after 'priority', found ${describeToken(first)}`);
    return;
  }
  spec.priority = { kind: 'word', text: parts.join(' '), range: spanOf(first, c.previous()) };
  if (c.isWord('policy')) {
    c.error(c.peek().range, "expected ';' or newline after priority");
  }
}

/** Sets, maps, flowtables and named objects: `{ key value...; ... }` or inline arguments. */
function parseObject(c: Cursor, keyword: Token, objectType: string): ObjectBlock {
  const name = parseName(c, `a ${objectType} name`) ?? { name: '', nameRange: c.peek().range };
  const properties: Property[] = [];
  if (c.isPunct('{')) {
    const open = c.next();
    parseBlockBody(c, open, `${objectType} '${name.name}'`, () => {
      const property = parseProperty(c);
      if (property) properties.push(property);
    });
  } else if (!c.atTerminator()) {
    // `counter c1`, `quota q over 25 mbytes` written inline
    const property = parseProperty(c);
    if (property) properties.push(property);
  }
  return { ...name, objectType, properties, range: spanOf(keyword, c.previous()) };
}

function parseProperty(c: Cursor): Property | undefined {
  const first = c.peek();
  const key = first.kind === 'word' || first.kind === 'string' ? first.text : '';
  if (first.kind === 'word' || first.kind === 'string') c.next();
  const value: Expr[] = [];
  while (!c.atTerminator()) {
    if (c.isPunct('=') || c.isPunct(',') || c.isPunct(':')) {
      c.next();
      continue;
    }
    const before = c.peek();
    const e = parseValue(c, { selectors: true });
    if (!e || c.peek() === before) {
      c.error(before.range, `unexpected ${describeToken(before)}`);
      c.recover();
      break;
    }
    value.push(e);
  }
  return { key, value, range: spanOf(first, c.previous()) };
}

function parseDefine(c: Cursor): DefineNode | undefined {
  const keyword = c.next();
  const op = keyword.text as DefineNode['op'];
  const name = parseName(c, `a name after '${op}'`);
  if (!name) {
    c.recover();
    return undefined;
  }
  if (op === 'undefine') return { ...name, op, range: spanOf(keyword, c.previous()) };
  const eq = c.peek();
  if (!c.eat('punct', '=')) {
    c.error(eq.range, `expected '=' after '${op} ${name.name}', found ${describeToken(eq)}`);
    c.recover();
    return undefined;
  }
  const value = parseValue(c, { lists: true, selectors: true });
  if (!value) {
    c.error(c.peek().range, `expected a value after '=', found ${describeToken(c.peek())}`);
    c.recover();
    return undefined;
  }
  return { ...name, op, value, range: spanOf(keyword, c.previous()) };
}

function parseInclude(c: Cursor): IncludeNode | undefined {
  const keyword = c.next();
  const path = c.peek();
  if (path.kind !== 'string') {
    c.error(path.range, `expected a quoted file name after 'include', found ${describeToken(path)}`);
    c.recover();
    return undefined;
  }
  c.next();
  return { path: path.text, range: spanOf(keyword, path) };
}

/** Declarations that belong in a table block: `chain x {` at the top level is a misplaced block. */
const BLOCK_OBJECTS = new Set(['chain', 'set', 'map', 'flowtable']);

const OBJECT_WORDS = new Set(['table', 'chain', 'rule', 'set', 'map', 'element', 'flowtable', 'ruleset', 'counter', 'counters', 'quota', 'quotas', 'limit', 'limits', 'ct', 'tables', 'chains', 'sets', 'maps', 'flowtables', 'meter', 'meters', 'secmark', 'secmarks', 'synproxy', 'synproxys', 'hooks', 'tunnel', 'flow']);

function parseCommand(c: Cursor, implicitAdd = false): CommandNode | undefined {
  // `add` may be left out: the command then starts at its object word
  const startsLine = c.reuse !== undefined && c.atLineStart();
  const verbToken = implicitAdd ? c.peek() : c.next();
  const verb = implicitAdd ? 'add' : verbToken.text;
  const objectToken = c.peek();
  if (objectToken.kind !== 'word' || !OBJECT_WORDS.has(objectToken.text)) {
    const suggestion = objectToken.kind === 'word' ? closestWord(objectToken.text, OBJECT_WORDS) : undefined;
    c.error(objectToken.range, `expected what to ${verb} ('table', 'chain', 'rule', 'set'...), found ${describeToken(objectToken)}${suggestion ? `; did you mean '${suggestion}'?` : ''}`);
    c.recover();
    return undefined;
  }
  c.next();
  let object = objectToken.text;
  if ((object === 'ct' || object === 'flow') && c.peek().kind === 'word') object = `${object} ${c.next().text}`;
  const base = { verb, object };
  const range = (): Range => spanOf(verbToken, c.previous());
  if (object === 'ruleset' || object.endsWith('s') && object !== 'ct helpers' && !['add', 'create', 'insert'].includes(verb)) {
    // no family here means every family (`flush ruleset`)
    const family = c.isWord() && FAMILIES.has(c.peek().text) ? c.next().text : '';
    skipToEnd(c);
    return { ...base, family, range: range() };
  }
  const family = parseFamily(c);
  const table = parseName(c, 'a table name');
  if (!table) {
    c.recover();
    return undefined;
  }
  if (object === 'table') {
    const tableItems: TableItem[] = [];
    if (c.isPunct('{')) {
      // `add table ip t { chain ... }` behaves like the block form
      const open = c.next();
      parseBlockBody(c, open, `table '${table.name}'`, () => {
        const item = parseTableItem(c);
        if (item) tableItems.push(item);
      });
    } else {
      skipToEnd(c);
    }
    return { ...base, family, table, tableItems, range: range() };
  }
  if (object === 'chain' || object === 'rule') {
    const target = parseName(c, 'a chain name');
    if (!target) {
      c.recover();
      return undefined;
    }
    if (object === 'chain') {
      const spec: ChainSpec = {};
      const items: ChainItem[] = [];
      if (c.isPunct('{')) {
        const open = c.next();
        parseBlockBody(c, open, `chain '${target.name}'`, () => parseChainItem(c, spec, items));
      } else {
        skipToEnd(c);
      }
      return { ...base, family, table, target, chainSpec: spec, chainItems: items, range: range() };
    }
    let anchored = false;
    while (c.isWord('position') || c.isWord('handle') || c.isWord('index')) {
      c.next();
      c.next();
      anchored = true;
    }
    if (verb === 'delete' || verb === 'destroy' || verb === 'reset') {
      skipToEnd(c);
      return { ...base, family, table, target, anchored, range: range() };
    }
    if (c.atTerminator()) {
      c.error(c.peek().range, `expected the rule after '${verb} rule ${table.name} ${target.name}'`);
      return undefined;
    }
    const rule = parseLineRule(c, verbToken, startsLine);
    if (rule === undefined) return { ...base, family, table, target, anchored, range: range() };
    // a replayed rule's tokens were never read: the command ends where the rule does
    const end = { start: verbToken.startPosition(), end: rule.range.end };
    return isEntry(rule) ? { ...base, family, table, target, rule, remembered: rule, anchored, range: end } : { ...base, family, table, target, rule, anchored, range: end };
  }
  if (object === 'element') {
    const target = parseName(c, 'a set name');
    const elements = c.isPunct('{') ? parseSetLiteral(c) : undefined;
    skipToEnd(c);
    return { ...base, family, table, target, elements, range: range() };
  }
  // set, map, flowtable, ct helper, counter, quota...: `add set ip t s { ... }`
  if ((['add', 'create'].includes(verb) && !c.atTerminator()) || c.isPunct('{', 1)) {
    const objectBlock = parseObject(c, objectToken, object);
    return { ...base, family, table, target: objectBlock, objectBlock, range: range() };
  }
  const target = c.atTerminator() ? undefined : parseName(c, 'a name');
  skipToEnd(c);
  return { ...base, family, table, target, range: range() };
}

