// pf.conf statements: macros, tables, options, includes, anchors and rules.
// Never throws: a syntax error becomes an FW001 error on the exact token and
// parsing resumes on the next line.
import type { Range } from '../../model/source';
import type { SymbolReference } from '../../model/symbols';
import { detachedData } from '../memo';
import type { AntispoofNode, IncludeNode, LoadAnchorNode, MacroNode, OptionNode, OtherNode, RuleAction, RuleNode, Statement, TableNode } from './ast';
import { Cursor, SyntaxError } from './cursor';
import { Lexer } from './lexer';
import type { Token } from './lexer';
import { LineIndex } from './lineIndex';
import type { PfMemo, ReplayedRun, StatementEntry } from './memo';
import type { ReadLog } from './read-log';
import { NO_ERRORS, shiftMacroUse, statementLineEnd } from './memo';
import { newRule, parseRuleBody } from './ruleParser';
import { parseHosts, parseList, parseParenGroup, STATEMENT_STARTS, valueOf } from './values';

export interface MacroDefinition {
  readonly name: string;
  readonly value: string;
  readonly nameRange: Range;
  readonly range: Range;
  readonly uri: string;
}

export interface MacroUse {
  readonly name: string;
  readonly range: Range;
  readonly defined: boolean;
  /** An include that could not be read came before: it may define the macro. */
  readonly afterUnreadInclude: boolean;
  /** The use as a symbol reference (made with the use, so a remembered use keeps it). */
  readonly reference: SymbolReference;
}

export interface ParseError {
  readonly message: string;
  readonly range: Range;
}

/** Macros are global to pf.conf and the files it includes. */
export interface ParseState {
  readonly macros: Map<string, MacroDefinition>;
}

export interface ParsedFile {
  /**
   * The statements in order. One that has an entry (`entries`) may have moved
   * since it was read: its ranges are read through the entry (`range`,
   * `positioned()`), its type and words from here.
   */
  readonly statements: Statement[];
  readonly errors: ParseError[];
  readonly macroUses: MacroUse[];
  /** Each macro use's reference, in the same order (kept apart so that replayed runs take them as a slice). */
  readonly macroReferences: SymbolReference[];
  readonly macroDefinitions: MacroDefinition[];
  readonly lines: LineIndex;
  /** With a memo: each top-level statement's entry, when it has one (same order as `statements`). */
  readonly entries?: ReadonlyArray<StatementEntry | undefined>;
  /** With a memo: what reading the top-level statements did, and the runs of them replayed whole. */
  readonly log?: ReadLog;
  readonly replayed?: readonly ReplayedRunAt[];
}

/** A run of statements replayed whole, standing from `at` in `statements`. */
export interface ReplayedRunAt {
  readonly at: number;
  readonly run: ReplayedRun;
}

/** Called at an `include` so macros it defines are known to the lines after it; returns whether it was read. */
export type IncludeHandler = (node: IncludeNode) => boolean;

const RULE_ACTIONS = new Set<RuleAction>(['pass', 'block', 'match', 'anchor', 'nat', 'rdr', 'binat', 'nat-anchor', 'rdr-anchor', 'binat-anchor']);
/** Statements read and kept opaque: they shape traffic but never decide whether it passes. */
const OPAQUE_STATEMENTS = new Set(['scrub', 'altq', 'queue', 'oldqueue', 'ether', 'scrub-anchor', 'dummynet-anchor', 'dummynet']);
export const STATEMENT_KEYWORDS = [...RULE_ACTIONS, ...OPAQUE_STATEMENTS, 'set', 'table', 'include', 'load', 'antispoof', 'no'];
const MAX_ANCHOR_NESTING = 32;
const TABLE_FLAGS = new Set(['persist', 'const', 'counters', 'optimize', 'noroute']);

export function parsePf(text: string, uri: string, state: ParseState, onInclude?: IncludeHandler, memo?: PfMemo): ParsedFile {
  return new Parser(text, uri, state, onInclude, memo).parseFile();
}

/** Statements a memo keeps: those whose reading has no effect beyond themselves. */
const REMEMBERED = new Set<Statement['type']>(['rule', 'table', 'option', 'antispoof', 'other']);

/** What reading one statement consulted, while it is being read for the memo. */
interface Reading {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly macros: Array<string | undefined>;
  readonly expandedBefore: number;
  readonly errorsBefore: number;
  readonly usesBefore: number;
  /** How many tokens read before it depend on more than their statement (see Lexer.tokensDependingOnRest). */
  readonly dependingOnRestBefore: number;
}

class Parser {
  private readonly lines: LineIndex;
  private readonly cursor: Cursor;
  private readonly errors: ParseError[] = [];
  private readonly macroUses: MacroUse[] = [];
  private readonly macroReferences: SymbolReference[] = [];
  private readonly macroDefinitions: MacroDefinition[] = [];
  private unreadInclude = false;
  /** Whether an `include` was met (read or not): what it defines does not come from this text. */
  private includeSeen = false;
  private anonymousAnchors = 0;
  private anchorDepth = 0;
  private readonly lexer: Lexer;
  private reading: Reading | undefined = undefined;
  /** With a memo: what reading the top-level statements does (see ReadLog). */
  private log: ReadLog | undefined = undefined;
  private readonly replayed: ReplayedRunAt[] = [];
  private readonly entries: Array<StatementEntry | undefined> | undefined;
  /** A macro's value now, for telling whether a remembered statement still reads the same. */
  private readonly macroValue = (name: string): string | undefined => this.state.macros.get(name)?.value;

  constructor(
    private readonly text: string,
    private readonly uri: string,
    private readonly state: ParseState,
    private readonly onInclude: IncludeHandler | undefined,
    private readonly memo: PfMemo | undefined,
  ) {
    this.lines = new LineIndex(text);
    this.entries = memo ? [] : undefined;
    const lexer = new Lexer(text, this.lines, {
      macroValue: (name) => {
        const value = this.state.macros.get(name)?.value;
        this.reading?.macros.push(name, value);
        return value;
      },
      onMacroReference: (name, range, defined) => {
        this.pushMacroUse({ name, range, defined, afterUnreadInclude: this.unreadInclude, reference: { kind: 'macro', name, range } });
      },
      onError: (message, start, end) => this.errors.push({ message, range: this.lines.range(start, end) }),
    });
    this.lexer = lexer;
    this.cursor = new Cursor(lexer, (message, range) => this.errors.push({ message, range }));
  }

  parseFile(): ParsedFile {
    const statements = this.parseStatements(undefined);
    this.memo?.parsed(this.plainMacros());
    const file = { statements, errors: this.errors, macroUses: this.macroUses, macroReferences: this.macroReferences, macroDefinitions: this.macroDefinitions, lines: this.lines };
    return this.entries ? { ...file, entries: this.entries, log: this.log, replayed: this.replayed } : file;
  }

  /** Whether the macros so far come from the document's own text alone: no include read, no expansion refused for the budget. */
  private plainMacros(): boolean {
    return !this.includeSeen && !this.lexer.budgetRefused();
  }

  /**
   * At the start of a top-level statement: replays it from the memo when its
   * text and the macros it read are unchanged (true), or else starts noting
   * what reading it consults.
   */
  private replayOrNote(memo: PfMemo, out: Statement[]): boolean {
    this.reading = undefined;
    if (!this.cursor.idle()) return false;
    const start = this.lexer.documentPosition();
    if (start === undefined || start >= this.text.length || this.text.charCodeAt(start) === 10) return false;
    const end = statementLineEnd(this.text, start);
    const line = this.lines.lineOf(start);
    const entry = memo.claim(start, end, line, this.lexer.expansionRoom(), this.macroValue, this.plainMacros());
    if (!entry) {
      this.reading = { start, end, line, macros: [], expandedBefore: this.lexer.expansionUsed(), errorsBefore: this.errors.length, usesBefore: this.macroUses.length, dependingOnRestBefore: this.lexer.tokensDependingOnRest() };
      return false;
    }
    const moved = line - entry.line;
    if (moved !== 0) entry.moveTo(line);
    const uses = entry.macroUses;
    if (uses.length > 0 && (moved !== 0 || entry.usesAfterUnreadInclude !== this.unreadInclude)) {
      entry.macroUses = uses.map((u) => shiftMacroUse(u, moved, this.unreadInclude));
    }
    this.log?.statement(this.errors.length);
    // Its errors come where reading it would report them: after those of the statements before it.
    for (const error of entry.errors) this.errors.push(error);
    const usesFrom = this.macroUses.length;
    for (const u of entry.macroUses) this.pushMacroUse(u);
    this.log?.entry(start, end, usesFrom, this.macroUses.length, memo.entriesNow - 1);
    out.push(entry.statement);
    this.entries?.push(entry);
    let last = end;
    let expanded = entry.expanded;
    const run = moved === 0 ? memo.followingRun(this.lexer.expansionRoom() - expanded) : undefined;
    if (run) {
      last = this.replayRun(run, memo, out);
      expanded += run.expanded;
    }
    // The newline ending the statement is stepped over too: it only separates statements.
    this.lexer.skipTo(last < this.text.length ? last + 1 : last, expanded);
    return true;
  }

  /** A macro use, and its reference beside it. */
  private pushMacroUse(use: MacroUse): void {
    this.macroUses.push(use);
    this.macroReferences.push(use.reference);
  }

  /** The statements of a run the memo replays whole (see PfMemo.followingRun), taken from its lists; returns where the last one's line ends. */
  private replayRun(run: ReplayedRun, memo: PfMemo, out: Statement[]): number {
    const { log: previous, shift } = run;
    const entryIndex = memo.entriesNow - (run.to - run.from);
    this.replayed.push({ at: out.length, run });
    // A run's statements are consecutive entries: their macro uses follow each other too.
    this.log?.replay(previous, run.from, run.to, shift, this.macroUses.length, this.errors.length, entryIndex);
    for (let u = previous.usesFrom[run.from]; u < previous.usesTo[run.to - 1]; u++) this.pushMacroUse(previous.macroUses[u]);
    for (let k = run.from; k < run.to; k++) out.push(previous.statements[k]);
    if (this.entries) for (let k = run.from; k < run.to; k++) this.entries.push(previous.entries[k]);
    // The only errors between the run's statements are their own (see PfMemo.followingRun): the run has some when the count grew across it.
    const last = previous.entries[run.to - 1];
    if (last && previous.errorsBefore[run.to - 1] + last.errors.length > previous.errorsBefore[run.from]) {
      for (let k = run.from; k < run.to; k++) for (const error of previous.entries[k]?.errors ?? NO_ERRORS) this.errors.push(error);
    }
    return previous.ends[run.to - 1] + shift;
  }

  /**
   * After a statement read whole (cleanly, or with errors that did not stop
   * it): it goes in the memo if reading it consulted nothing beyond its own
   * line. Returns its entry, whose statement stands for this one from now on
   * (a copy, when the memo asks for one).
   */
  private remember(memo: PfMemo, statement: Statement): StatementEntry | undefined {
    const r = this.reading;
    this.reading = undefined;
    if (!r || !REMEMBERED.has(statement.type) || (statement.type === 'rule' && statement.body)) return undefined;
    if (this.cursor.lookahead() !== 1 || this.lexer.documentPosition() === undefined) return undefined;
    // A token of it (an unterminated string, an expansion refused for the budget) depends on more than its text and macros.
    if (this.lexer.tokensDependingOnRest() !== r.dependingOnRestBefore) return undefined;
    const next = this.cursor.peek();
    const atEnd = next.kind === 'newline' ? next.start === r.end : next.kind === 'eof' && r.end === this.text.length;
    if (!atEnd) return undefined;
    const detach = memo.detaching;
    let macroUses = this.macroUses.slice(r.usesBefore);
    if (detach) {
      macroUses = detachedData(macroUses);
      this.macroUses.splice(r.usesBefore, macroUses.length, ...macroUses);
      this.macroReferences.splice(r.usesBefore, macroUses.length, ...macroUses.map((u) => u.reference));
    }
    const errors = this.errors.length === r.errorsBefore ? NO_ERRORS : this.errors.slice(r.errorsBefore);
    const entry = {
      text: this.text.slice(r.start, r.end),
      line: r.line,
      statement: detach ? detachedData(statement) : statement,
      macros: detach ? detachedData(r.macros) : r.macros,
      expanded: this.lexer.expansionUsed() - r.expandedBefore,
      macroUses,
      // messages quote the text they refer to
      errors: detach && errors.length > 0 ? detachedData(errors) : errors,
    };
    const kept = memo.add(entry, r.start);
    this.log?.entry(r.start, r.end, r.usesBefore, this.macroUses.length, memo.entriesNow - 1);
    return kept;
  }

  /** Statements up to the end of the file, or up to the `}` closing an inline anchor opened at `open`. */
  private parseStatements(open: Token | undefined): Statement[] {
    const c = this.cursor;
    const out: Statement[] = [];
    const memo = open ? undefined : this.memo;
    if (memo && this.entries) this.log = memo.startLog(out, this.entries, this.macroUses);
    for (;;) {
      if (memo && this.replayOrNote(memo, out)) continue;
      const t = c.peek();
      if (t.kind === 'newline') {
        c.next();
        continue;
      }
      if (t.kind === 'eof') {
        if (open) this.errors.push({ message: "missing '}' to close the anchor opened here", range: open.range });
        return out;
      }
      if (open && t.kind === 'punct' && t.text === '}') {
        c.next();
        return out;
      }
      try {
        const errorsBefore = this.errors.length;
        const statement = this.parseStatement();
        if (memo) this.log?.statement(errorsBefore);
        out.push(statement);
        if (memo) this.entries?.push(undefined);
        const end = c.peek();
        if (!(end.kind === 'newline' || end.kind === 'eof' || (open && end.kind === 'punct' && end.text === '}'))) {
          throw c.unexpected(end, 'the end of the line');
        }
        if (memo && this.entries) {
          const entry = this.remember(memo, statement);
          this.entries[this.entries.length - 1] = entry;
          // a copy made for the memo stands for the statement from now on
          if (entry) out[out.length - 1] = entry.statement;
        }
      } catch (e) {
        if (e instanceof SyntaxError) {
          this.errors.push({ message: e.message, range: e.range });
          if (!e.atStatementStart) c.skipLine();
        } else {
          // last resort: a defect in this reader must not take the whole file down
          this.errors.push({ message: 'this statement could not be read', range: t.range });
          c.skipLine();
        }
      }
    }
  }

  private parseStatement(): Statement {
    const c = this.cursor;
    const t = c.peek();
    if (t.kind === 'word' && c.isPunct('=', 1)) return this.parseMacro();
    if (t.kind !== 'word') throw c.unexpected(t, 'a rule or definition', STATEMENT_KEYWORDS);
    if (RULE_ACTIONS.has(t.text as RuleAction)) return this.parseRule(t.text as RuleAction);
    if (OPAQUE_STATEMENTS.has(t.text)) return this.parseOpaque();
    switch (t.text) {
      case 'set':
        return this.parseOption();
      case 'table':
        return this.parseTable();
      case 'include':
        return this.parseInclude();
      case 'load':
        return this.parseLoadAnchor();
      case 'antispoof':
        return this.parseAntispoof();
      case 'no': {
        const what = c.peek(1);
        if (what.kind === 'word' && (what.text === 'nat' || what.text === 'rdr' || what.text === 'binat')) {
          c.next();
          return this.parseRule(what.text, true, t);
        }
        c.next();
        throw c.unexpected(what, "'nat', 'rdr' or 'binat'", ['nat', 'rdr', 'binat']);
      }
    }
    throw c.unexpected(t, 'a rule or definition', STATEMENT_KEYWORDS);
  }

  private parseMacro(): MacroNode {
    const c = this.cursor;
    const name = c.next();
    c.next(); // '='
    if (c.atLineEnd()) throw c.unexpected(c.peek(), 'a value');
    const parts: string[] = [];
    while (!c.atLineEnd()) parts.push(c.next().text);
    const value = parts.join(' ');
    const range = c.rangeFrom(name.range);
    const def: MacroDefinition = { name: name.text, value, nameRange: name.range, range, uri: this.uri };
    this.state.macros.set(name.text, def);
    this.memo?.defined(name.start, name.text, value);
    this.macroDefinitions.push(def);
    return { type: 'macro', name: valueOf(name), value, range };
  }

  private parseRule(action: RuleAction, negated = false, first?: Token): RuleNode {
    const c = this.cursor;
    const keyword = c.next();
    const rule = newRule(action, keyword, negated);
    parseRuleBody(c, rule);
    const header = c.rangeFrom(first ? first.range : keyword.range);
    const open = c.acceptPunct('{');
    if (open) {
      rule.headerRange = header;
      if (action !== 'anchor') throw c.unexpected(open, 'the end of the rule');
      if (this.anchorDepth >= MAX_ANCHOR_NESTING) throw new SyntaxError('anchors nested too deeply', open.range);
      if (!rule.anchorName) rule.anchorName = { text: `_${++this.anonymousAnchors}`, range: keyword.range };
      this.anchorDepth++;
      try {
        rule.body = this.parseStatements(open);
      } finally {
        this.anchorDepth--;
      }
    }
    rule.range = c.rangeFrom(first ? first.range : keyword.range);
    return rule;
  }

  private parseOption(): OptionNode {
    const c = this.cursor;
    const keyword = c.next();
    const name = c.expectValue('an option name');
    const args = this.restOfStatement();
    return { type: 'option', name: name.text, args: args.map((t) => t.text), range: c.rangeFrom(keyword.range) };
  }

  private parseTable(): TableNode {
    const c = this.cursor;
    const keyword = c.next();
    c.expectPunct('<', "'<' before the table name");
    const name = c.expectValue('a table name');
    c.expectPunct('>', "'>' after the table name");
    const flags: string[] = [];
    const files: TableNode['files'] = [];
    const entries: TableNode['entries'] = [];
    while (!c.atLineEnd()) {
      const t = c.peek();
      if (t.kind === 'word' && TABLE_FLAGS.has(t.text)) {
        flags.push(c.next().text);
      } else if (t.kind === 'word' && t.text === 'file') {
        c.next();
        files.push(valueOf(c.expectValue('a file name')));
      } else if (t.kind === 'punct' && t.text === '{') {
        if (c.isPunct('}', 1)) {
          c.next();
          c.next();
        } else entries.push(...parseHosts(c));
      } else {
        throw c.unexpected(t, "persist, const, counters, file or '{'", [...TABLE_FLAGS, 'file']);
      }
    }
    return { type: 'table', name: valueOf(name), flags, entries, files, range: c.rangeFrom(keyword.range) };
  }

  private parseInclude(): IncludeNode {
    const c = this.cursor;
    const keyword = c.next();
    const path = c.expectValue('a file name');
    const node: IncludeNode = { type: 'include', path: valueOf(path), range: c.rangeFrom(keyword.range) };
    this.includeSeen = true;
    const read = this.onInclude ? this.onInclude(node) : false;
    if (!read) this.unreadInclude = true;
    return node;
  }

  private parseLoadAnchor(): LoadAnchorNode {
    const c = this.cursor;
    const keyword = c.next();
    if (!c.acceptWord('anchor')) throw c.unexpected(c.peek(), "'anchor'", ['anchor']);
    const name = c.expectValue('an anchor name');
    if (!c.acceptWord('from')) throw c.unexpected(c.peek(), "'from'", ['from']);
    const path = c.expectValue('a file name');
    return { type: 'load-anchor', name: valueOf(name), path: valueOf(path), range: c.rangeFrom(keyword.range) };
  }

  private parseAntispoof(): AntispoofNode {
    const c = this.cursor;
    const keyword = c.next();
    let log = false;
    let quick = false;
    for (;;) {
      if (c.acceptWord('log')) {
        log = true;
        if (c.isPunct('(')) parseParenGroup(c);
      } else if (c.acceptWord('quick')) quick = true;
      else break;
    }
    if (!c.acceptWord('for')) throw c.unexpected(c.peek(), "'for'", ['for', 'log', 'quick']);
    // `antispoof for (em0)`: the parentheses only say the address may change
    const interfaces = parseList(
      c,
      () => {
        const paren = c.acceptPunct('(');
        const v = valueOf(c.expectValue('an interface'));
        if (paren) c.expectPunct(')', "')'");
        return v;
      },
      'an interface',
    );
    let af: 4 | 6 | undefined;
    while (!c.atLineEnd()) {
      const t = c.next();
      if (t.kind === 'word' && t.text === 'inet') af = 4;
      else if (t.kind === 'word' && t.text === 'inet6') af = 6;
      else if (t.kind === 'word' && t.text === 'label') c.expectValue('a label');
      else throw c.unexpected(t, 'inet, inet6 or label', ['inet', 'inet6', 'label']);
    }
    return { type: 'antispoof', interfaces, quick, log, ...(af ? { af } : {}), range: c.rangeFrom(keyword.range) };
  }

  private parseOpaque(): OtherNode {
    const c = this.cursor;
    const keyword = c.next();
    this.restOfStatement();
    return { type: 'other', keyword: keyword.text, range: c.rangeFrom(keyword.range) };
  }

  /** Tokens up to the end of the statement; brackets must balance and newlines inside them are allowed. */
  private restOfStatement(): Token[] {
    const c = this.cursor;
    const tokens: Token[] = [];
    const open: Token[] = [];
    for (;;) {
      const t = c.peek();
      if (t.kind === 'eof' || (t.kind === 'newline' && open.length === 0)) break;
      c.next();
      if (t.kind === 'newline') {
        const n = c.peek();
        if (n.kind === 'word' && STATEMENT_STARTS.has(n.text) && !n.macro) {
          const o = open[open.length - 1];
          throw new SyntaxError(`missing '${o.text === '{' ? '}' : ')'}' to close this`, o.range, true);
        }
        continue;
      }
      if (t.kind === 'punct' && (t.text === '{' || t.text === '(')) open.push(t);
      if (t.kind === 'punct' && (t.text === '}' || t.text === ')')) {
        const o = open.pop();
        if (!o || (o.text === '{') !== (t.text === '}')) throw new SyntaxError(`unexpected '${t.text}'`, t.range);
      }
      tokens.push(t);
    }
    if (open.length > 0) {
      const o = open[open.length - 1];
      throw new SyntaxError(`missing '${o.text === '{' ? '}' : ')'}' to close this`, o.range);
    }
    return tokens;
  }
}

