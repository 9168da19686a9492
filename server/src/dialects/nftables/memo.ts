// What one analysis of an nft document leaves for the next: every rule written
// alone on its line, parsed (keyed by the line's text) and lowered (with what
// the lowering read: defines, sets, helpers). An edit then re-reads only the
// lines it changed; a line that moved is replayed with its ranges shifted.
import type { Rule } from '../../model/ruleset';
import type { SourceDiagnostic } from '../../model/source';
import type { SymbolReference } from '../../model/symbols';
import type { MemoSlot } from '../memo';
import type { RuleNode } from './ast';
import type { LoweredRule } from './lower-rule';
import { shiftLowered, shiftRuleNode } from './shift';

/** One thing a rule's lowering looked up, and what it found (as a fingerprint). */
export interface ContextRead {
  readonly kind: 'define' | 'set' | 'helper';
  readonly name: string;
  readonly found: string;
}

/** A rule's lowering and everything it reported, valid while its context reads the same. */
export interface LoweredStatement {
  /** The line the ranges below are on. */
  readonly line: number;
  /** Family, table and define scope the rule was lowered in. */
  readonly context: string;
  readonly reads: readonly ContextRead[];
  readonly rules: readonly LoweredRule[];
  readonly references: readonly SymbolReference[];
  readonly diagnostics: readonly SourceDiagnostic[];
}

/** A rule alone on its line, as parsed there. */
export interface StatementEntry {
  /** The line's whole text. */
  readonly key: string;
  readonly line: number;
  /** Where the rule starts in the line (after `add rule ip t c` in a flat command). */
  readonly column: number;
  readonly node: RuleNode;
  lowered?: LoweredStatement;
  /** The model rules last built from `lowered`, reused while their id and chain stay. */
  model?: readonly Rule[];
}

export class NftablesMemo {
  /** The entries of the last analysis, by line. */
  lines: ReadonlyArray<StatementEntry | undefined> = [];
}

export const NFTABLES_MEMO: MemoSlot<NftablesMemo> = { name: 'nftables statements', create: () => new NftablesMemo() };

/** One analysis's use of the memo: finds the lines it had, and keeps those read now for the next. */
export class StatementReuse {
  private readonly next: Array<StatementEntry | undefined> = [];
  /** The previous entries by text, made when a line is not where it was. */
  private byText: Map<string, StatementEntry[]> | undefined = undefined;
  private misses = 0;

  constructor(private readonly memo: NftablesMemo) {}

  /**
   * The rule parsed from a line with the text `text` holds from `lineStart` to
   * `lineEnd`, starting at `column`, moved to `line`.
   */
  find(text: string, lineStart: number, lineEnd: number, line: number, column: number): StatementEntry | undefined {
    const there = this.memo.lines[line];
    // most lines stay where they were: compared in place, without slicing the line
    if (there !== undefined && there.column === column && sameText(there.key, text, lineStart, lineEnd)) {
      this.keep(there);
      return there;
    }
    // a line edited in place is new text, not a moved line: the index by text waits for a second miss
    if (++this.misses < 2) return undefined;
    this.byText ??= entriesByText(this.memo.lines);
    const key = text.slice(lineStart, lineEnd);
    const moved = this.byText.get(key)?.find((e) => e.column === column);
    if (moved === undefined) return undefined;
    const shifted: StatementEntry = { key: moved.key, line, column, node: shiftRuleNode(moved.node, line - moved.line), lowered: moved.lowered };
    this.keep(shifted);
    return shifted;
  }

  keep(entry: StatementEntry): void {
    const next = this.next;
    // lines come in file order: the array grows at its end
    while (next.length < entry.line) next.push(undefined);
    next[entry.line] = entry;
  }

  /** The analysis is over: what it kept replaces what the memo held. */
  commit(): void {
    this.memo.lines = this.next;
  }
}

/** Whether `text` holds `key` from `start` to `end` (a slice compared whole: faster than `startsWith` or a loop). */
function sameText(key: string, text: string, start: number, end: number): boolean {
  return key.length === end - start && text.slice(start, end) === key;
}

function entriesByText(lines: ReadonlyArray<StatementEntry | undefined>): Map<string, StatementEntry[]> {
  const byText = new Map<string, StatementEntry[]>();
  for (const entry of lines) {
    if (entry === undefined) continue;
    const same = byText.get(entry.key);
    if (same) same.push(entry);
    else byText.set(entry.key, [entry]);
  }
  return byText;
}

/** `lowered` moved to `line`, when it was on another. */
export function loweredAt(lowered: LoweredStatement, line: number): LoweredStatement {
  return lowered.line === line ? lowered : shiftLowered(lowered, line);
}

/**
 * A copy of `s` that does not share the document's storage: a slice of the
 * text would keep every version of the document a remembered line was read
 * from alive.
 */
export function detached(s: string): string {
  return (' ' + s).slice(1);
}
