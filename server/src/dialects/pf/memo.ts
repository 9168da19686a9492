// What the pf front end keeps between analyses of one document: each statement
// as read and lowered, so an edit re-reads only the statements it changed.
//
// The unit is the statement written on one line (backslash continuations
// joined). Its reading depends on its text and on the macros it expands, and
// nothing else: the entry is found by its text and holds only while every macro
// it read still has the value it had. Its lowering depends, besides, on the
// const tables it looked into, the block policy and which anchors are loaded
// from files; those are checked when it is replayed. Only reading is
// remembered: the order rules are evaluated in is worked out afresh each time.
import type { Position, Range } from '../../model/source';
import type { Action, Match, Rule, Verdict } from '../../model/ruleset';
import type { MemoSlot } from '../memo';
import type { Statement } from './ast';
import type { MacroUse } from './parser';

/** One model rule a statement lowered to (an `antispoof` or a `binat` gives two). */
export interface LoweredPart {
  /** The translation chain the rule goes to; absent: the chain the statement is in. */
  readonly translation?: 'rdr' | 'nat';
  readonly match: Match;
  readonly verdict: Verdict;
  actions: readonly Action[];
  readonly quick?: boolean;
  readonly skipsFilter?: boolean;
  /** The rule built last time: kept while its id, chain and range are the same. */
  rule: Rule;
}

/** A statement as lowered, with what its lowering read besides the statement. */
export interface LoweredStatement {
  /** The line the parts' ranges are on. */
  line: number;
  readonly blockPolicy: string;
  /** Const tables looked into: name, then what it held (tableContent), for each. */
  readonly tables: readonly string[];
  /** For an anchor: whether a file was loaded into it. */
  readonly anchorLoaded?: boolean;
  readonly parts: readonly LoweredPart[];
}

export interface StatementEntry {
  /** The statement's text: its line, continuations included. */
  readonly text: string;
  /** The line the statement's ranges are on. */
  line: number;
  statement: Statement;
  /** Macros the reading expanded, with the values they had: name, value, name, value... */
  readonly macros: ReadonlyArray<string | undefined>;
  /** Characters its macro expansions produced: the lexer's expansion budget counts them. */
  readonly expanded: number;
  /** `$name` references written in it. */
  macroUses: readonly MacroUse[];
  lowered?: LoweredStatement;
  /** The analysis that last used the entry. */
  usedBy: number;
}

export class PfMemo {
  private readonly byText = new Map<string, StatementEntry[]>();
  private analysis = 0;

  /** How many statements are remembered. */
  get size(): number {
    let n = 0;
    for (const entries of this.byText.values()) n += entries.length;
    return n;
  }

  /** Starts an analysis: entries it does not use are dropped when it ends. */
  begin(): void {
    this.analysis++;
  }

  /**
   * An unused entry for `text` whose macros still read as they did (`macroValue`)
   * and whose expansions fit in `room`; the one on `line` if there is one.
   */
  claim(text: string, line: number, room: number, macroValue: (name: string) => string | undefined): StatementEntry | undefined {
    const entries = this.byText.get(text);
    if (entries === undefined) return undefined;
    let found: StatementEntry | undefined;
    for (const e of entries) {
      if (e.usedBy === this.analysis || e.expanded > room || !macrosHold(e.macros, macroValue)) continue;
      if (e.line === line) {
        found = e;
        break;
      }
      found ??= e;
    }
    if (found) found.usedBy = this.analysis;
    return found;
  }

  add(entry: Omit<StatementEntry, 'usedBy'>): StatementEntry {
    const kept: StatementEntry = { ...entry, usedBy: this.analysis };
    const entries = this.byText.get(entry.text);
    if (entries) entries.push(kept);
    else this.byText.set(entry.text, [kept]);
    return kept;
  }

  /** Ends the analysis: what it did not use cannot be worth keeping. */
  end(): void {
    for (const [text, entries] of this.byText) {
      if (entries.every((e) => e.usedBy === this.analysis)) continue;
      const used = entries.filter((e) => e.usedBy === this.analysis);
      if (used.length === 0) this.byText.delete(text);
      else this.byText.set(text, used);
    }
  }
}

export const PF_STATEMENT_MEMO: MemoSlot<PfMemo> = { name: 'pf statements', create: () => new PfMemo() };

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

function shiftPosition(p: Position, lines: number): Position {
  return { line: p.line + lines, character: p.character };
}

export function shiftRange(r: Range, lines: number): Range {
  return { start: shiftPosition(r.start, lines), end: shiftPosition(r.end, lines) };
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

export function shiftMacroUse(use: MacroUse, lines: number, afterUnreadInclude: boolean): MacroUse {
  return { name: use.name, range: shiftRange(use.range, lines), defined: use.defined, afterUnreadInclude };
}

/** An action with its range moved `lines` down (actions are flat: the range is their only position). */
export function shiftAction(action: Action, lines: number): Action {
  return { ...action, range: shiftRange(action.range, lines) };
}
