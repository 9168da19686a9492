// What one analysis of an nft document leaves for the next: every rule written
// alone on its line, parsed (found again by its line and text) and lowered
// (with what the lowering read: defines, sets, helpers). An edit then re-reads
// only the lines it changed. A line that moved keeps its entry: the entry's
// own range moves at once, its syntax tree only when its statements are read
// (lowering it afresh), and its lowering's ranges when it is replayed. An
// entry made after the first analysis holds copies of its strings, so an edit
// never keeps an old version of the document alive, and an entry is kept as
// long as its line reads the same.
import type { Rule } from '../../model/ruleset';
import { shiftRange, type Range, type SourceDiagnostic } from '../../model/source';
import type { SymbolReference } from '../../model/symbols';
import { commonPrefixLength, commonSuffixLength } from '../../model/text';
import type { MemoSlot } from '../memo';
import type { RuleNode, Statement } from './ast';
import type { LoweredRule } from './lower-rule';
import { shiftStatement } from './shift';

/** One thing a rule's lowering looked up, and what it found (as a fingerprint). */
export interface ContextRead {
  /** 'set': a set's element values; 'set elements': its elements with their ranges. */
  readonly kind: 'define' | 'set' | 'set elements' | 'helper';
  readonly name: string;
  readonly found: string;
}

/**
 * A rule's lowering and everything it reported, valid while its context reads
 * the same. It moves with its rule when replayed (`moveLowered`): the rules,
 * references and diagnostics that move are replaced then, never changed, as
 * earlier analyses' results hold them.
 */
export interface LoweredStatement {
  /** The line the ranges below are on. */
  line: number;
  /** Family, table and define scope the rule was lowered in. */
  readonly context: string;
  readonly reads: readonly ContextRead[];
  rules: readonly LoweredRule[];
  references: readonly SymbolReference[];
  diagnostics: readonly SourceDiagnostic[];
}

/**
 * A rule alone on its line, as parsed there. It is the rule node the parser
 * hands on: a rule that moved moves only its range at once, and its
 * statements when they are first read. Most moved rules are replayed from
 * their lowering, which moves on its own, and copying every statement of every
 * rule below an inserted line would cost more than the rest of the edit.
 */
export class StatementEntry implements RuleNode {
  /** The line the rule is on now. */
  line: number;
  /** The rule's range, on `line`. */
  range: Range;
  readonly text: string;
  /** The statements as parsed, their ranges on `statementsLine`. */
  private parsed: readonly Statement[];
  private statementsLine: number;
  /** What parsing it reported (a rule read to its line's end despite an error), its ranges on `errorsLine`. */
  private parseErrors: readonly SourceDiagnostic[];
  private errorsLine: number;
  /** The analysis that last used the entry: one entry stands for one line. */
  usedBy: number;
  lowered?: LoweredStatement = undefined;
  /** The model rules last built from `lowered`, reused while their id, chain and range stay. */
  model?: readonly Rule[] = undefined;

  constructor(
    /** The line's whole text. */
    readonly key: string,
    line: number,
    /** Where the rule starts in the line (after `add rule ip t c` in a flat command). */
    readonly column: number,
    node: RuleNode,
    /** The analysis that parsed it (after the first, the rule's strings are copies: see StatementReuse.detaching). */
    analysis: number,
    /** It updates a set or declares a meter (what reading a rule records besides lowering it). */
    readonly declares: boolean,
    errors: readonly SourceDiagnostic[],
  ) {
    this.line = line;
    this.range = node.range;
    this.text = node.text;
    this.parsed = node.statements;
    this.statementsLine = line;
    this.parseErrors = errors;
    this.errorsLine = line;
    this.usedBy = analysis;
  }

  /** What parsing it reported, its ranges on `line`: a replay reports it again. */
  get errors(): readonly SourceDiagnostic[] {
    if (this.errorsLine !== this.line && this.parseErrors.length > 0) {
      const lines = this.line - this.errorsLine;
      this.parseErrors = this.parseErrors.map((d) => ({ ...d, range: shiftRange(d.range, lines) }));
    }
    this.errorsLine = this.line;
    return this.parseErrors;
  }

  /** The statements, their ranges on `line`. */
  get statements(): readonly Statement[] {
    if (this.statementsLine !== this.line) {
      const lines = this.line - this.statementsLine;
      this.parsed = this.parsed.map((s) => shiftStatement(s, lines));
      this.statementsLine = this.line;
    }
    return this.parsed;
  }

  /** The rule is now on `line`: its range moves at once, its statements when read. */
  moveTo(line: number): void {
    if (line === this.line) return;
    this.range = shiftRange(this.range, line - this.line);
    this.line = line;
  }
}

export class NftablesMemo {
  /** The entries of the last analysis, by line. */
  lines: ReadonlyArray<StatementEntry | undefined> = [];
  /** The text the last analysis read. */
  text = '';
  /** Counts analyses: the version of the document the next one reads. */
  version = 0;
}

export const NFTABLES_MEMO: MemoSlot<NftablesMemo> = { name: 'nftables statements', create: () => new NftablesMemo() };

/** One analysis's use of the memo: finds the lines it had, and keeps those read now for the next. */
export class StatementReuse {
  private readonly next: Array<StatementEntry | undefined> = [];
  /** The version being read. */
  readonly version: number;
  /** What the edit left alone: the text before `unchangedBefore` and from `unchangedFrom` on is as before. */
  private readonly unchangedBefore: number;
  private readonly unchangedFrom: number;
  /** Lines the edit added (removed when negative): a line past the edit was that many lines higher. */
  private readonly linesAdded: number;

  constructor(
    private readonly memo: NftablesMemo,
    private readonly text: string,
  ) {
    this.version = ++memo.version;
    const before = memo.text;
    let prefix = commonPrefixLength(before, text);
    // a `\r` and the `\n` that may follow it are one line break: both on the edit's side
    if (prefix > 0 && text.charCodeAt(prefix - 1) === 13) prefix--;
    const suffix = commonSuffixLength(before, text, prefix);
    this.unchangedBefore = prefix;
    this.unchangedFrom = text.length - suffix;
    this.linesAdded = lineBreaks(text, prefix, text.length - suffix) - lineBreaks(before, prefix, before.length - suffix);
  }

  /**
   * The rule the previous analysis parsed from the line from `lineStart` to
   * `lineEnd` (number `line` now), starting at `column`; moved to that line.
   */
  find(lineStart: number, lineEnd: number, line: number, column: number): StatementEntry | undefined {
    const lines = this.memo.lines;
    let there: StatementEntry | undefined;
    if (lineEnd < this.unchangedBefore) {
      // before the edit: the same line, the same text
      there = lines[line];
    } else if (lineStart > this.unchangedFrom) {
      // after the edit (its line break before it too): the same text, `linesAdded` lines higher before
      there = lines[line - this.linesAdded];
    } else {
      // in the edited text: a line may still read as it did, where it was or, after lines the edit added or removed, moved with them
      there = lines[line];
      if (there === undefined || !sameText(there.key, this.text, lineStart, lineEnd)) {
        there = lines[line - this.linesAdded];
        if (there === undefined || !sameText(there.key, this.text, lineStart, lineEnd)) return undefined;
      }
    }
    // an entry stands for one line: a line of the edited text that reads as before may be found again after the edit
    if (there === undefined || there.column !== column || there.usedBy === this.version) return undefined;
    there.moveTo(line);
    this.keep(there);
    return there;
  }

  /**
   * Whether rules read now must be copied off the document: after an edit,
   * an entry made now may outlive many later versions of the document, and it
   * must not keep this version alive (slices of the text would). Entries of
   * the first analysis keep the first version only.
   */
  get detaching(): boolean {
    return this.version > 1;
  }

  keep(entry: StatementEntry): void {
    entry.usedBy = this.version;
    const next = this.next;
    // lines come in file order: the array grows at its end
    while (next.length < entry.line) next.push(undefined);
    next[entry.line] = entry;
  }

  /** The analysis is over: what it kept replaces what the memo held. */
  commit(): void {
    this.memo.lines = this.next;
    this.memo.text = this.text;
  }
}

/** Whether `text` holds `key` from `start` to `end` (a slice compared whole: faster than `startsWith` or a loop). */
function sameText(key: string, text: string, start: number, end: number): boolean {
  return key.length === end - start && text.slice(start, end) === key;
}

/** Line breaks between `from` and `to`: `\n`, `\r\n` and a lone `\r` count one each. */
function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) count++;
    else if (code === 13 && text.charCodeAt(i + 1) !== 10) count++;
  }
  return count;
}
