// What the pf front end keeps between analyses of one document: each statement
// as read and lowered, so an edit re-reads only the statements it changed.
//
// The unit is the statement written on one line (backslash continuations
// joined). Its reading depends on its text and on the macros it expands, and
// nothing else (besides the room left in the expansion budget): the entry is
// found by its place where the text around it is unchanged, by its text
// elsewhere, and holds only while every macro it read still has the value it
// had. Statements that read past their line (a list spanning lines, an inline
// anchor's body, a string left unterminated), that had an expansion refused for
// the budget, or that fail to be read are read afresh every time; one read
// whole despite an error (a macro referring to itself) keeps the errors it
// reported, and reports them again when it is replayed. A statement's
// lowering depends, besides, on the const tables it looked into, the block
// policy and which anchors are loaded from files; those are checked when it is
// replayed. Only reading is remembered: the order rules are evaluated in (last
// match, quick, anchors) is worked out afresh each time.
import { shiftRange, type Range } from '../../model/source';
import type { Action, Match, Rule, Verdict } from '../../model/ruleset';
import { commonPrefixLength, commonSuffixLength } from '../../model/text';
import { detached, type MemoSlot } from '../memo';
import type { SymbolKind, SymbolReference } from '../../model/symbols';
import type { Statement } from './ast';
import type { MacroUse, ParseError } from './parser';
import { ReadLog } from './read-log';
import type { StatementSymbols } from './symbols';

/** One model rule a statement lowered to (an `antispoof` or a `binat` gives two). */
export class LoweredPart {
  constructor(
    /** The translation chain the rule goes to; undefined: the chain the statement is in. */
    readonly translation: 'rdr' | 'nat' | undefined,
    readonly match: Match,
    readonly verdict: Verdict,
    public actions: readonly Action[],
    readonly quick: boolean | undefined,
    readonly skipsFilter: boolean | undefined,
    /** The rule built last time: kept while its id, chain and range are the same. */
    public rule: Rule,
  ) {}
}

/** A statement as lowered, with what its lowering read besides the statement. */
export class LoweredStatement {
  constructor(
    /** The line the parts' ranges are on. */
    public line: number,
    readonly blockPolicy: string,
    /** Const tables looked into: name, then what it held, for each. */
    readonly tables: readonly string[],
    /** For an anchor: its name, and whether a file was loaded into it. */
    readonly anchor: string | undefined,
    readonly anchorLoaded: boolean,
    readonly parts: readonly LoweredPart[],
  ) {}
}

/** What reading a statement gave, as the parser hands it to the memo. */
export interface NewEntry {
  /** The statement's text: its line, continuations included. */
  readonly text: string;
  /** The line the statement's ranges are on. */
  readonly line: number;
  readonly statement: Statement;
  /** Macros the reading expanded, with the values they had: name, value, name, value... */
  readonly macros: ReadonlyArray<string | undefined>;
  /** Characters its macro expansions produced: the lexer's expansion budget counts them. */
  readonly expanded: number;
  /** `$name` references written in it. */
  readonly macroUses: readonly MacroUse[];
  /** Errors reading it reported without stopping (in the order reported), on `line`. */
  readonly errors: readonly ParseError[];
}

/** The errors of the many statements read cleanly: one list for all. */
export const NO_ERRORS: readonly ParseError[] = [];

export class StatementEntry {
  /** The line the statement is on now. */
  line: number;
  private current: Statement;
  /**
   * The line the statement's own ranges are on. A statement that moved keeps
   * them until they are asked for (`positioned`): most are replayed from their
   * lowering and symbols, which are moved on their own, and copying every node
   * of every statement below an inserted line would cost more than the rest of
   * the edit.
   */
  private rangesLine: number;
  /** The statement's range, on `line` (statements come in many shapes, which makes reading their fields slow). */
  range: Range;
  readonly macros: ReadonlyArray<string | undefined>;
  readonly expanded: number;
  private uses: readonly MacroUse[];
  /** Whether its macro uses say an unread include came before them (all say the same). */
  usesAfterUnreadInclude: boolean;
  lowered: LoweredStatement | undefined = undefined;
  symbols: StatementSymbols | undefined = undefined;
  /** Errors reading it reported, on `line`: reported again each time it is replayed. */
  errors: readonly ParseError[];

  constructor(
    readonly text: string,
    from: NewEntry,
    /** The analysis that last used the entry. */
    public usedBy: number,
  ) {
    this.line = from.line;
    this.rangesLine = from.line;
    this.current = from.statement;
    this.range = from.statement.range;
    this.macros = from.macros;
    this.expanded = from.expanded;
    this.uses = from.macroUses;
    this.errors = from.errors;
    this.usesAfterUnreadInclude = from.macroUses.length > 0 && from.macroUses[0].afterUnreadInclude;
  }

  /** The statement as read: its ranges may be on another line than `line` (see `positioned`). */
  get statement(): Statement {
    return this.current;
  }

  /** The statement with its ranges on `line`. */
  positioned(): Statement {
    if (this.rangesLine !== this.line) {
      this.current = shiftStatement(this.current, this.line - this.rangesLine);
      this.rangesLine = this.line;
    }
    return this.current;
  }

  /** The statement is now on `line`: its range and errors move at once, its other ranges when asked for. */
  moveTo(line: number): void {
    const lines = line - this.line;
    this.range = shiftRange(this.range, lines);
    // Few statements have errors, and each replay reports them: moving them now costs least.
    if (this.errors.length > 0) this.errors = this.errors.map((e) => ({ message: e.message, range: shiftRange(e.range, lines) }));
    this.line = line;
  }

  /** `$name` references written in it. */
  get macroUses(): readonly MacroUse[] {
    return this.uses;
  }

  set macroUses(uses: readonly MacroUse[]) {
    this.uses = uses;
    this.usesAfterUnreadInclude = uses.length > 0 && uses[0].afterUnreadInclude;
  }
}

export class PfMemo {
  private readonly byText = new Map<string, StatementEntry[]>();
  private analysis = 0;
  /** The text of the previous analysis, and its entries in document order with where they start. */
  private previous = '';
  private inOrder: StatementEntry[] = [];
  private inOrderStarts: number[] = [];
  /** The same for this analysis. */
  private now: StatementEntry[] = [];
  private nowStarts: number[] = [];
  private text = '';
  /** The new text equals the previous one on [0, same) and after `text.length - sameEnd`. */
  private same = 0;
  private sameEnd = 0;
  /** Next place to look in `inOrder`: statements are claimed in document order. */
  private cursor = 0;
  /** Macro definitions of the previous analysis and of this one, in document order. */
  private previousDefinitions: MacroDefinitionAt[] = [];
  private definitions: MacroDefinitionAt[] = [];
  /** Whether the previous analysis's macros came from its own text alone (see `claim`). */
  private previousPlain = false;
  /** Where the unchanged end starts, whether the macros read there are as before: known at its first statement claimed. */
  private endMacros: 'unknown' | 'same' | 'different' = 'unknown';
  /** How many definitions this analysis had read when `endMacros` was found 'same'. */
  private definitionsAtEndCheck = 0;
  /** What the previous reading of the document did and what this one does, statement by statement. */
  private previousLog: ReadLog | undefined = undefined;
  private log: ReadLog | undefined = undefined;
  /** The last claim, when it was by place with the macros as before: where its entry was in `inOrder`, and how far its text moved. */
  private asBeforeClaim: { readonly entry: number; readonly inStart: boolean; readonly shift: number } | undefined = undefined;

  /** How many statements are remembered. */
  get size(): number {
    let n = 0;
    for (const entries of this.byText.values()) n += entries.length;
    return n;
  }

  /**
   * Whether statements read now must be copied off the document: after an edit,
   * an entry made now may outlive many later versions of the document, and it
   * must not keep this version alive (slices of the text would).
   */
  get detaching(): boolean {
    return this.analysis > 1;
  }

  /** Starts an analysis of `text`: entries it does not use are dropped when it ends. */
  begin(text: string): void {
    this.analysis++;
    this.text = text;
    this.now = [];
    this.nowStarts = [];
    this.cursor = 0;
    this.definitions = [];
    this.endMacros = 'unknown';
    this.log = undefined;
    const old = this.previous;
    this.same = commonPrefixLength(old, text);
    this.sameEnd = commonSuffixLength(old, text, this.same);
  }

  /** A macro definition read now (its name's document offset, and the value it gives the macro). */
  defined(offset: number, name: string, value: string): void {
    this.definitions.push({ offset, name, value });
  }

  /**
   * An unused entry for the statement on [start, end) (on `line`) whose macros
   * still read as they did (`macroValue`) and whose expansions fit in `room`.
   * Where the text is as it was, the entry read from the same text is found
   * by place; elsewhere by the statement's text.
   *
   * `plain`: the macros so far come from the document's own text alone (no
   * include was read, no expansion was refused for the budget, which depends
   * on the document's length). Then a statement found by place in the
   * unchanged start reads the macros it read last time there (the text before
   * it is the same), and so does one in the unchanged end when the macros at
   * its start are those of the previous analysis at the same place and no
   * definition was read since: its macros need not be read again.
   */
  claim(start: number, end: number, line: number, room: number, macroValue: (name: string) => string | undefined, plain: boolean): StatementEntry | undefined {
    this.asBeforeClaim = undefined;
    const text = this.text;
    const shift = text.length - this.previous.length;
    const inStart = end <= this.same;
    const before = inStart ? start : start >= text.length - this.sameEnd ? start - shift : -1;
    if (before >= 0) {
      const starts = this.inOrderStarts;
      let i = this.cursor;
      while (i < starts.length && starts[i] < before) i++;
      this.cursor = i;
      const e = this.inOrder[i];
      if (e !== undefined && starts[i] === before && e.text.length === end - start) {
        const asBefore = plain && this.previousPlain && (inStart || this.endMacrosAsBefore(before));
        if (asBefore ? e.usedBy !== this.analysis && e.expanded <= room : this.usable(e, room, macroValue)) {
          if (asBefore) this.asBeforeClaim = { entry: i, inStart, shift: inStart ? 0 : shift };
          return this.use(e, start);
        }
      }
    }
    const entries = this.byText.get(text.slice(start, end));
    if (entries === undefined) return undefined;
    let found: StatementEntry | undefined;
    for (const e of entries) {
      if (!this.usable(e, room, macroValue)) continue;
      if (e.line === line) {
        found = e;
        break;
      }
      found ??= e;
    }
    return found ? this.use(found, start) : undefined;
  }

  add(entry: NewEntry, start: number): StatementEntry {
    const detach = this.detaching;
    const text = detach ? detached(entry.text) : entry.text;
    const kept = new StatementEntry(text, entry, this.analysis);
    const entries = this.byText.get(text);
    if (entries) entries.push(kept);
    else this.byText.set(text, [kept]);
    this.now.push(kept);
    this.nowStarts.push(start);
    return kept;
  }

  /** The document is read: `plain` says whether its macros came from its own text alone (see `claim`). */
  parsed(plain: boolean): void {
    this.previousPlain = plain;
    this.previousDefinitions = this.definitions;
    this.previousLog = this.log;
  }

  /** How many entries this analysis has used or added so far. */
  get entriesNow(): number {
    return this.now.length;
  }

  /** The log of this reading, over the lists it fills (see ReadLog). */
  startLog(statements: readonly Statement[], entries: ReadonlyArray<StatementEntry | undefined>, macroUses: readonly MacroUse[]): ReadLog {
    this.log = new ReadLog(statements, entries, macroUses, this.previousLog?.count ?? 0);
    return this.log;
  }

  /**
   * Right after a claim by place with the macros as before, of a statement on
   * the line it was on: the statements of the previous reading that directly
   * followed it (each with an entry, nothing else read and no errors but
   * their own) as far as the text is unchanged and their expansions fit in
   * `room`. Their entries are used. The macros each reads are as before too:
   * statements with entries define none.
   */
  followingRun(room: number): ReplayedRun | undefined {
    const claim = this.asBeforeClaim;
    this.asBeforeClaim = undefined;
    const log = this.previousLog;
    if (claim === undefined || log === undefined) return undefined;
    if (claim.entry >= log.count) return undefined;
    const first = log.statementOfEntry[claim.entry];
    if (log.entries[first] !== this.inOrder[claim.entry]) return undefined;
    // In the unchanged start, a statement's line must end before the first change (the newline too).
    const limit = claim.inStart ? this.same : Number.POSITIVE_INFINITY;
    let k = first + 1;
    let e = claim.entry + 1;
    let expanded = 0;
    for (; k < log.count; k++, e++) {
      const entry = log.entries[k];
      if (entry === undefined || entry !== this.inOrder[e] || !onlyOwnErrorsBetween(log, k) || log.usesFrom[k] !== log.usesTo[k - 1] || !(log.ends[k] < limit)) break;
      if (entry.usedBy === this.analysis || expanded + entry.expanded > room) break;
      expanded += entry.expanded;
      entry.usedBy = this.analysis;
      this.now.push(entry);
      this.nowStarts.push(log.starts[k] + claim.shift);
    }
    this.cursor = e;
    return k > first + 1 ? { log, from: first + 1, to: k, shift: claim.shift, expanded } : undefined;
  }

  /**
   * In the unchanged end, at `before` in the previous text: whether the macros
   * now are those the previous analysis had there, and no definition was read
   * since that was found. Both analyses then read the same text on from there.
   */
  private endMacrosAsBefore(before: number): boolean {
    if (this.endMacros === 'unknown') {
      this.endMacros = sameMacros(this.definitions, this.definitions.length, this.previousDefinitions, before) ? 'same' : 'different';
      this.definitionsAtEndCheck = this.definitions.length;
    }
    return this.endMacros === 'same' && this.definitions.length === this.definitionsAtEndCheck;
  }

  /** Ends the analysis: what it did not use cannot be worth keeping. */
  end(): void {
    // Every entry was used by the previous analysis, so those this one left are among them.
    for (const e of this.inOrder) {
      if (e.usedBy === this.analysis) continue;
      const entries = this.byText.get(e.text);
      if (entries === undefined) continue;
      const used = entries.filter((x) => x.usedBy === this.analysis);
      if (used.length === 0) this.byText.delete(e.text);
      else this.byText.set(e.text, used);
    }
    this.previous = this.text;
    this.text = '';
    this.inOrder = this.now;
    this.inOrderStarts = this.nowStarts;
    this.now = [];
    this.nowStarts = [];
  }

  private usable(e: StatementEntry, room: number, macroValue: (name: string) => string | undefined): boolean {
    return e.usedBy !== this.analysis && e.expanded <= room && macrosHold(e.macros, macroValue);
  }

  private use(e: StatementEntry, start: number): StatementEntry {
    e.usedBy = this.analysis;
    this.now.push(e);
    this.nowStarts.push(start);
    return e;
  }
}

export const PF_STATEMENT_MEMO: MemoSlot<PfMemo> = { name: 'pf statements', create: () => new PfMemo() };

/** Statements [from, to) of the previous reading's `log`, replayed whole; their text moved by `shift` characters and expanded `expanded`. */
export interface ReplayedRun {
  readonly log: ReadLog;
  readonly from: number;
  readonly to: number;
  readonly shift: number;
  readonly expanded: number;
}

/** Whether the errors reported between statements `k - 1` and `k` of `log` are those of `k - 1`'s entry (no statement failed between them). */
function onlyOwnErrorsBetween(log: ReadLog, k: number): boolean {
  const previous = log.entries[k - 1];
  return previous !== undefined && log.errorsBefore[k] === log.errorsBefore[k - 1] + previous.errors.length;
}

interface MacroDefinitionAt {
  readonly offset: number;
  readonly name: string;
  readonly value: string;
}

/** Whether the first `count` of `now` leave the macros as the definitions of `then` before offset `before` left them. */
function sameMacros(now: readonly MacroDefinitionAt[], count: number, then: readonly MacroDefinitionAt[], before: number): boolean {
  const a = new Map<string, string>();
  for (let i = 0; i < count; i++) a.set(now[i].name, now[i].value);
  const b = new Map<string, string>();
  for (const d of then) if (d.offset < before) b.set(d.name, d.value);
  if (a.size !== b.size) return false;
  for (const [name, value] of a) if (b.get(name) !== value) return false;
  return true;
}

function macrosHold(macros: ReadonlyArray<string | undefined>, macroValue: (name: string) => string | undefined): boolean {
  for (let i = 0; i < macros.length; i += 2) {
    if (macroValue(macros[i] as string) !== macros[i + 1]) return false;
  }
  return true;
}

/**
 * Where the statement starting at `start` ends: the newline ending its line,
 * past backslash continuations (which the lexer reads as blanks wherever they
 * are, in comments and strings too), or the end of the text.
 */
export function statementLineEnd(text: string, start: number): number {
  let nl = text.indexOf('\n', start);
  while (nl >= 0) {
    let i = nl - 1;
    if (i >= start && text.charCodeAt(i) === 13) i--;
    while (i >= start && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
    if (i < start || text.charCodeAt(i) !== 92) return nl;
    nl = text.indexOf('\n', nl + 1);
  }
  return text.length;
}

function isRange(value: object): value is Range {
  const r = value as Partial<Range>;
  return typeof r.start === 'object' && typeof r.end === 'object' && typeof r.start?.line === 'number';
}

/**
 * A copy of a statement read on another line, its ranges moved `lines` down.
 * Statements are plain data (objects, arrays, strings, numbers), so one walk
 * copies any of them.
 */
export function shiftStatement(statement: Statement, lines: number): Statement {
  // The walk builds the same shape it reads.
  return shiftData(statement, lines) as Statement;
}

function shiftData(value: unknown, lines: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => shiftData(v, lines));
  if (isRange(value)) return shiftRange(value, lines);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = shiftData(v, lines);
  return out;
}

/** A macro use of a statement read `lines` further down (up when negative), and after an unread include or not. */
export function shiftMacroUse(use: MacroUse, lines: number, afterUnreadInclude: boolean): MacroUse {
  return MovedMacroUse.of(use, lines, afterUnreadInclude);
}

/**
 * A macro use of a statement read on another line, whose range is moved when
 * first read: thousands of uses move with each line inserted above them, and
 * few are ever read (an undefined macro, a symbol request). It is its own
 * symbol reference, and it moves the use as first read, so uses moved again
 * and again do not stack.
 */
class MovedMacroUse implements MacroUse, SymbolReference {
  readonly kind: SymbolKind = 'macro';
  private movedRange: Range | undefined = undefined;

  private constructor(
    private readonly original: MacroUse,
    private readonly lines: number,
    readonly afterUnreadInclude: boolean,
  ) {}

  static of(use: MacroUse, lines: number, afterUnreadInclude: boolean): MovedMacroUse {
    return use instanceof MovedMacroUse ? new MovedMacroUse(use.original, use.lines + lines, afterUnreadInclude) : new MovedMacroUse(use, lines, afterUnreadInclude);
  }

  get name(): string {
    return this.original.name;
  }

  get defined(): boolean {
    return this.original.defined;
  }

  get range(): Range {
    this.movedRange ??= this.lines === 0 ? this.original.range : shiftRange(this.original.range, this.lines);
    return this.movedRange;
  }

  get reference(): SymbolReference {
    return this;
  }
}

/** An action with its range moved `lines` down (actions are flat: the range is their only position). */
export function shiftAction(action: Action, lines: number): Action {
  return { ...action, range: shiftRange(action.range, lines) };
}
