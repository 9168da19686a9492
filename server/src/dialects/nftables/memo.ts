// What one analysis of an nft document leaves for the next: every rule written
// alone on its line, parsed (found again by its line and text) and lowered
// (with what the lowering read: defines, sets, helpers). An edit then re-reads
// only the lines it changed; a line that moved is replayed with its ranges
// shifted.
import type { Rule } from '../../model/ruleset';
import type { SourceDiagnostic } from '../../model/source';
import type { SymbolReference } from '../../model/symbols';
import { commonPrefixLength, commonSuffixLength } from '../../model/text';
import type { MemoSlot } from '../memo';
import type { RuleNode } from './ast';
import type { LoweredRule } from './lower-rule';
import { shiftLowered, shiftRuleNode } from './shift';

/** One thing a rule's lowering looked up, and what it found (as a fingerprint). */
export interface ContextRead {
  /** 'set': a set's element values; 'set elements': its elements with their ranges. */
  readonly kind: 'define' | 'set' | 'set elements' | 'helper';
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
  /** The analysis that parsed it: its strings are slices of that version of the document. */
  readonly version: number;
  /** It updates a set or declares a meter (what reading a rule records besides lowering it). */
  readonly declares: boolean;
  lowered?: LoweredStatement;
  /** The model rules last built from `lowered`, reused while their id and chain stay. */
  model?: readonly Rule[];
}

/**
 * How many versions of the document the entries may come from. A rule's
 * strings are slices of the text it was parsed from, which they keep alive:
 * past this many versions, the lines of those with the fewest are dropped
 * (and read again from the current text).
 */
const MAX_VERSIONS = 8;

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
  /** The versions the kept entries come from, and how many each: few, and consecutive lines mostly share one. */
  private readonly versions: number[] = [];
  private readonly counts: number[] = [];
  /** Where in `versions` the last kept entry's version is. */
  private lastVersion = 0;
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
    if (lineEnd < this.unchangedBefore) {
      // before the edit: the same line, the same text
      const there = lines[line];
      if (there === undefined || there.column !== column) return undefined;
      this.keep(there);
      return there;
    }
    if (lineStart > this.unchangedFrom) {
      // after the edit (its line break before it too): the same text, `linesAdded` lines higher before
      const there = lines[line - this.linesAdded];
      if (there === undefined || there.column !== column) return undefined;
      const entry = this.linesAdded === 0 ? there : moved(there, line);
      this.keep(entry);
      return entry;
    }
    // in the edited text: a line may still read as it did
    const there = lines[line];
    if (there === undefined || there.column !== column || !sameText(there.key, this.text, lineStart, lineEnd)) return undefined;
    this.keep(there);
    return there;
  }

  keep(entry: StatementEntry): void {
    if (entry.version !== this.versions[this.lastVersion]) {
      this.lastVersion = this.versions.indexOf(entry.version);
      if (this.lastVersion < 0) {
        this.lastVersion = this.versions.length;
        this.versions.push(entry.version);
        this.counts.push(0);
      }
    }
    this.counts[this.lastVersion]++;
    const next = this.next;
    // lines come in file order: the array grows at its end
    while (next.length < entry.line) next.push(undefined);
    next[entry.line] = entry;
  }

  /** The analysis is over: what it kept replaces what the memo held. */
  commit(): void {
    if (this.versions.length > MAX_VERSIONS) this.dropFewestVersions();
    this.memo.lines = this.next;
    this.memo.text = this.text;
  }

  /** Keeps the entries of the versions that hold the most (re-reading those would cost the most). */
  private dropFewestVersions(): void {
    const byCount = this.versions.map((version, k) => ({ version, count: this.counts[k] })).sort((a, b) => b.count - a.count || b.version - a.version);
    const dropped = new Set(byCount.slice(MAX_VERSIONS).map((v) => v.version));
    const lines = this.next;
    for (let line = 0; line < lines.length; line++) {
      const entry = lines[line];
      if (entry !== undefined && dropped.has(entry.version)) lines[line] = undefined;
    }
  }
}

/** Whether `text` holds `key` from `start` to `end` (a slice compared whole: faster than `startsWith` or a loop). */
function sameText(key: string, text: string, start: number, end: number): boolean {
  return key.length === end - start && text.slice(start, end) === key;
}

function moved(entry: StatementEntry, line: number): StatementEntry {
  return { ...entry, line, node: shiftRuleNode(entry.node, line - entry.line), model: undefined };
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

/** `lowered` moved to `line`, when it was on another. */
export function loweredAt(lowered: LoweredStatement, line: number): LoweredStatement {
  return lowered.line === line ? lowered : shiftLowered(lowered, line);
}
