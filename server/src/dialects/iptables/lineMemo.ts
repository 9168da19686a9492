// What the iptables-save front end keeps between analyses of one document:
// each line's reading and lowering, by line. An edit compares the new text
// with the previous one from both ends (DocumentLines), so the lines it did
// not touch are replayed by position, without hashing their text; lines that
// moved (an inserted or deleted line above them) get their ranges moved.
import type { Family, Rule } from '../../model/ruleset';
import type { Range, SourceDiagnostic } from '../../model/source';
import type { SymbolDefinition, SymbolReference } from '../../model/symbols';
import { DocumentLines, type MemoSlot } from '../memo';
import type { IptablesCommand, Word } from './command';
import { LineReference } from './lineReference';
import type { ParsedCommand } from './parse';

/** A command with its parse and where it applies. */
export interface Located {
  readonly command: IptablesCommand;
  readonly parsed: ParsedCommand;
  readonly family: Family;
  readonly table: string;
}

interface EntryBase {
  /** The line the entry's ranges are on. */
  line: number;
  /** The enclosing `*table` section when it was read; undefined outside any. */
  readonly section: string | undefined;
  /** Every range the entry holds (all on its line), to move them when the line moves. */
  readonly ranges: readonly Range[];
}

/** A plain `-A CHAIN ...` as lowered, to be replayed while its line is unchanged and the declared chains are the same. */
export interface AppendEntry extends EntryBase {
  readonly kind: 'append';
  readonly family: Family;
  readonly table: string;
  readonly chainWord: Word;
  readonly spec: string;
  /** Replaced when the rule's id or chain changes; its match, verdict and actions stay the same objects. */
  rule: Rule;
  /** The chain a jump or goto names. */
  readonly targetWord?: Word;
  readonly references: readonly SymbolReference[];
  /** What reading and lowering the command reported. */
  readonly diagnostics: readonly SourceDiagnostic[];
  /** Chains it names that are not defined (they depend on the declared chains only). */
  readonly useDiagnostics: readonly SourceDiagnostic[];
}

/** A `:CHAIN POLICY [p:b]` header as read and parsed (its reading depends on its line and section only). */
export interface HeaderEntry extends EntryBase {
  readonly kind: 'header';
  readonly located: Located;
  /** What the reader reported on the line. */
  readonly readDiagnostics: readonly SourceDiagnostic[];
  /**
   * The key of the chain it declares and the chain's definition, as the
   * lowering made them: the same key string each analysis lets the rules that
   * replay theirs find the chain by identity.
   */
  chainKey?: string;
  definition?: SymbolDefinition;
}

export type LineEntry = AppendEntry | HeaderEntry;

/** What a reader that keeps a memo gives: a command, or the entry of a line that reads exactly as before. */
export type CommandOrEntry = IptablesCommand | LineEntry;

export function isLineEntry(item: CommandOrEntry): item is LineEntry {
  return 'kind' in item;
}

/** Where a command is written, for a reader that keeps a memo. */
export interface MemoLine {
  readonly line: number;
  readonly section: string | undefined;
  /** What the reader reported on a chain header line. */
  readonly readDiagnostics?: readonly SourceDiagnostic[];
}

/** Whether a command written as `content` may declare a chain (a superset: see mayDeclareChainLine). */
export type DeclarationTest = (content: string) => boolean;

export class LoweringMemo {
  private readonly document = new DocumentLines();
  private program: string | undefined;
  private entries: Array<LineEntry | undefined> = [];
  /** Set between `begin` and `finish`: an analysis that threw leaves the memo unusable. */
  private open = false;
  /** The chains the previous analysis declared, and their names. */
  declared: ReadonlySet<string> | undefined;
  declaredNames: ReadonlySet<string> | undefined;
  /** This analysis: the previous entries of the lines still unchanged, by their line now. */
  previous: Array<LineEntry | undefined> = [];
  /** This analysis: the entries made or replayed so far, by line. */
  next: Array<LineEntry | undefined> = [];
  /** No line the edit changed can declare a chain or open or close a section: the chains are those of the previous analysis. */
  sameDeclarations = false;
  /** Whether remembered appends may be replayed (the declared chains are the same): set before the rule lines are read. */
  appendsValid = false;

  /** The lines of `text`; lines the edit left alone get their previous entries. */
  begin(text: string, program: string, mayDeclare: DeclarationTest): readonly string[] {
    if (this.open) this.reset();
    this.open = true;
    const change = this.document.update(text);
    const { lines, firstChanged, firstUnchangedAfter, shift } = change;
    const previous = new Array<LineEntry | undefined>(lines.length);
    if (program === this.program) {
      for (let i = 0; i < firstChanged; i++) previous[i] = this.entries[i];
      for (let i = firstUnchangedAfter; i < lines.length; i++) previous[i] = this.entries[i - shift];
    } else {
      this.declared = undefined;
    }
    this.program = program;
    this.previous = previous;
    this.appendsValid = false;
    this.next = new Array<LineEntry | undefined>(lines.length);
    this.sameDeclarations =
      this.declared !== undefined &&
      allNeutral(change.previousLines, firstChanged, firstUnchangedAfter - shift, mayDeclare) &&
      allNeutral(lines, firstChanged, firstUnchangedAfter, mayDeclare);
    return lines;
  }

  /**
   * The remembered entry of line `line`, moved there, when its section is the
   * same. (An append's is only valid with the same declared chains: see `appendsValid`.)
   */
  remembered(line: number, section: string | undefined): LineEntry | undefined {
    const entry = this.previous[line];
    if (entry === undefined || entry.section !== section) return undefined;
    if (entry.line !== line) {
      for (const r of entry.ranges) {
        r.start.line = line;
        r.end.line = line;
      }
      if (entry.kind === 'append') for (const r of entry.references) if (r instanceof LineReference) r.line = line;
      entry.line = line;
    }
    return entry;
  }

  /** How many lines the memo holds entries of this kind for. */
  entryCount(kind: LineEntry['kind']): number {
    return this.entries.filter((e) => e?.kind === kind).length;
  }

  finish(declared: ReadonlySet<string>, declaredNames: ReadonlySet<string>): void {
    this.entries = this.next;
    this.declared = declared;
    this.declaredNames = declaredNames;
    this.previous = [];
    this.next = [];
    this.open = false;
  }

  private reset(): void {
    this.document.clear();
    this.program = undefined;
    this.entries = [];
    this.declared = undefined;
    this.declaredNames = undefined;
  }
}

export const SAVE_LINE_MEMO: MemoSlot<LoweringMemo> = { name: 'iptables-save lines', create: () => new LoweringMemo() };

/**
 * No line from `from` to `to` can change which chains are declared, nor which
 * section a line is in: each is blank, a comment, or a command the test rejects.
 */
function allNeutral(lines: readonly string[], from: number, to: number, mayDeclare: DeclarationTest): boolean {
  for (let i = from; i < to; i++) {
    const content = lines[i].trim();
    if (content === '' || content[0] === '#') continue;
    if (content[0] === '*' || content[0] === ':' || content === 'COMMIT' || mayDeclare(content)) return false;
  }
  return true;
}

/** Every range an append's lowering holds: its line, the words it names, its diagnostics. */
export function appendRanges(rule: Rule, words: ReadonlyArray<Word | undefined>, diagnostics: readonly SourceDiagnostic[]): Range[] {
  const ranges: Range[] = [rule.range];
  for (const a of rule.actions) ranges.push(a.range);
  if ((rule.verdict.kind === 'jump' || rule.verdict.kind === 'goto') && rule.verdict.targetRange) ranges.push(rule.verdict.targetRange);
  for (const w of words) if (w) ranges.push(w.range);
  addDiagnosticRanges(ranges, diagnostics);
  return ranges;
}

/** Every range a chain header's reading holds. */
export function headerRanges(located: Located, readDiagnostics: readonly SourceDiagnostic[]): Range[] {
  const ranges: Range[] = [located.command.range];
  for (const w of located.command.words) ranges.push(w.range);
  addDiagnosticRanges(ranges, located.parsed.diagnostics);
  addDiagnosticRanges(ranges, readDiagnostics);
  return ranges;
}

function addDiagnosticRanges(ranges: Range[], diagnostics: readonly SourceDiagnostic[]): void {
  for (const d of diagnostics) {
    ranges.push(d.range);
    for (const r of d.related ?? []) ranges.push(r.range);
  }
}
