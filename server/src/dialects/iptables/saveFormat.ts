// Reads iptables-save / iptables-restore files into commands: `*table`
// sections, `:CHAIN POLICY [p:b]` headers, `[p:b] -A ...` rule lines, COMMIT.
// Structure errors (missing COMMIT, rules outside a section) are reported here;
// the options of each rule line are read by the shared command parser.
import { singleSpaced } from '../../model/text';
import type { Range, SourceDiagnostic } from '../../model/source';
import { range } from '../../model/source';
import type { SymbolDefinition } from '../../model/symbols';
import { isBuiltinChain, isTableName } from './builtins';
import type { IptablesCommand, Word } from './command';
import { syntaxError } from './diagnostics';
import { isLineEntry, type CommandOrEntry, type HeaderEntry, type LoweringMemo, type MemoLine } from './lineMemo';
import { PlainAppend, readPlainAppend } from './plainAppend';
import { isSpaceCode, LineWord, splitWords, type SplitResult } from './words';

export interface SaveFileResult {
  readonly commands: IptablesCommand[];
  readonly diagnostics: SourceDiagnostic[];
  /** The `*table` sections. Chains are defined by the lowering, from the headers. */
  readonly definitions: SymbolDefinition[];
}

interface OpenSection {
  readonly name: string;
  /** The table name after the `*`. */
  readonly nameRange: Range;
  /** The whole `*table` token, where section errors are reported. */
  readonly headerRange: Range;
  readonly start: Range;
}

const COUNTERS = /^\[\d+:\d+\]$/;

/**
 * Whether a command written as `content` may declare a chain (a `:CHAIN`
 * header, `-N`, `-E`, `--new-chain`, `--rename-chain`, abbreviations, getopt
 * bundles such as `-vN`, quoted or escaped): a superset, so commands that fail
 * it need not be read to know the chains.
 */
export function mayDeclareChainLine(content: string): boolean {
  if (content[0] === ':') return true;
  // An append is one command: an -N or -E after it is refused, not run.
  if (content.startsWith('-A ')) return false;
  // Quotes and escapes only join or split words; without them every option still starts a word.
  const bare = /["'\\]/.test(content) ? content.replace(/["'\\]/g, '') : content;
  return /(^|\s)-(-[nr]|[A-Za-z]*[NE])/.test(bare);
}

/**
 * Whether a command written as `content` may delete a rule by its
 * specification (`-D`, `--delete`, getopt bundles such as `-vD`, quoted or
 * escaped): a superset, so a file none of whose commands pass it needs no
 * rule's specification kept.
 */
export function mayDeleteRule(content: string): boolean {
  // A chain header or an append is no deletion.
  if (content[0] === ':' || content.startsWith('-A ')) return false;
  const bare = /["'\\]/.test(content) ? content.replace(/["'\\]/g, '') : content;
  return /(^|\s)-(-delete|[A-Za-z]*D)/.test(bare);
}

export function readSaveFile(text: string, program: 'iptables' | 'ip6tables'): SaveFileResult {
  const diagnostics: SourceDiagnostic[] = [];
  const definitions: SymbolDefinition[] = [];
  const commands: IptablesCommand[] = [];
  // Without a memo every item is a command.
  saveFileCommands(text.split('\n'), program, { diagnostics, definitions }, {}, (c) => {
    if (!(c instanceof PlainAppend) && !isLineEntry(c)) commands.push(c);
  });
  return { commands, diagnostics, definitions };
}

/** Where the reader reports what it finds besides commands. */
export interface SaveFileSink {
  readonly diagnostics: SourceDiagnostic[];
  readonly definitions: SymbolDefinition[];
}

/** Which commands `saveFileCommands` gives, and how. */
export interface SaveFileReading {
  /** The document's memo: lines it remembers are replayed, not read; the others are marked for it. */
  readonly memo?: LoweringMemo;
  /**
   * Rule lines of the plain shape are given as `PlainAppend`s, read by
   * columns (the lowering reads them the general way with
   * `readRuleLineAfterAll` when it must).
   */
  readonly plainAppends?: boolean;
}

/**
 * Gives `visit` the commands of an iptables-save file (its `lines`), one line
 * at a time, so a caller that lowers each as it comes never holds the words of
 * the whole file.
 */
export function saveFileCommands(
  lines: readonly string[],
  program: 'iptables' | 'ip6tables',
  sink: SaveFileSink,
  { memo, plainAppends }: SaveFileReading,
  visit: (command: SaveFileItem) => void,
): void {
  const sections = new Sections(lines, program, sink);
  for (let lineNo = 0; lineNo < lines.length; lineNo++) {
    const remembered = memo?.remembered(lineNo, sections.name());
    // Read (and lowered) before, exactly as written here: the lowering needs
    // nothing but the entry, and the line is no blank, comment or section line.
    if (remembered?.kind === 'header') {
      sections.enter(lineNo);
      for (const d of remembered.readDiagnostics) sink.diagnostics.push(d);
      visit(remembered);
      continue;
    }
    if (remembered?.kind === 'append' && memo?.appendsValid) {
      sections.enter(lineNo);
      if (!sections.open()) sink.diagnostics.push(outsideSection(trimmedRange(lines, lineNo)));
      visit(remembered);
      continue;
    }
    const line = lines[lineNo];
    const start = contentStart(line);
    const end = contentEnd(line, start);
    if (start >= end || line[start] === '#') continue;
    if (plainAppends && line.startsWith('-A ', start)) {
      sections.enter(lineNo);
      const ruleRange = range(lineNo, start, lineNo, end);
      const plain = readPlainAppend(line, lineNo, start, end, ruleRange, sections.table(), program, memo ? { line: lineNo, section: sections.name() } : undefined);
      if (plain) {
        if (!sections.open()) sink.diagnostics.push(outsideSection(ruleRange));
        visit(plain);
        continue;
      }
    } else if (sections.readSectionLine(line, lineNo, start, end)) {
      continue;
    }
    sections.enter(lineNo);
    readCommandLine(line, lineNo, start, end, program, sections, sink.diagnostics, memo, visit);
  }
  sections.finish();
}

/**
 * Gives `visit` what the pass that looks for declarations needs of an
 * iptables-save file: the commands whose line content passes `keep` (a
 * superset test for declarations and deletions), a plain chain header as the
 * chain it declares, read by its name alone. Append lines are skipped without
 * asking: an append declares and deletes nothing (a second command on its
 * line is refused, not run). A loop of its own: run first over the same
 * lines, it would otherwise train the reader's compiled code on a path the
 * full reading rarely takes, and that code would be thrown away.
 */
export function saveFileDeclarations(
  lines: readonly string[],
  program: 'iptables' | 'ip6tables',
  keep: (content: string) => boolean,
  memo: LoweringMemo | undefined,
  visit: (command: DeclarationItem) => void,
): void {
  // What reading reports here is reported again by the full reading.
  const sink: SaveFileSink = { diagnostics: [], definitions: [] };
  const sections = new Sections(lines, program, sink);
  for (let lineNo = 0; lineNo < lines.length; lineNo++) {
    const remembered = memo?.remembered(lineNo, sections.name());
    if (remembered?.kind === 'header') {
      visit(remembered);
      continue;
    }
    const line = lines[lineNo];
    if (remembered?.kind === 'append' || line.startsWith('-A ')) continue;
    const start = contentStart(line);
    const end = contentEnd(line, start);
    if (start >= end || line[start] === '#' || sections.readSectionLine(line, lineNo, start, end)) continue;
    const content = line.slice(start, end);
    if (!keep(content)) continue;
    // A plain header needs no reading: its name and whether a policy follows tell.
    if (content[0] === ':') {
      const name = headerDeclaration(content);
      if (name === null) continue;
      if (name !== undefined) {
        if (!isBuiltinChain(sections.table(), name)) visit(new ChainDeclaration(program, sections.table(), name));
        continue;
      }
    }
    readCommandLine(line, lineNo, start, end, program, sections, sink.diagnostics, memo, visit);
  }
}

/** The general reading of a command line (a chain header or a rule command), given to `visit`. */
function readCommandLine(
  line: string,
  lineNo: number,
  start: number,
  end: number,
  program: 'iptables' | 'ip6tables',
  sections: Sections,
  diagnostics: SourceDiagnostic[],
  memo: LoweringMemo | undefined,
  visit: (command: IptablesCommand) => void,
): void {
  const content = line.slice(start, end);
  const lineRange = range(lineNo, start, lineNo, end);
  const split = splitWords(line.slice(0, end), lineNo, start);
  if (split.error) {
    diagnostics.push(syntaxError(split.error.range, split.error.message));
    return;
  }
  const section = sections.current();
  if (content[0] === ':') {
    const before = diagnostics.length;
    const header = readChainHeader(split.words, lineRange, content, section, program, diagnostics);
    if (header && memo) {
      const memoLine: MemoLine = { line: lineNo, section: section?.name, readDiagnostics: diagnostics.slice(before) };
      visit({ ...header, memoLine });
    } else if (header) {
      visit(header);
    }
    return;
  }
  if (!section) diagnostics.push(outsideSection(lineRange));
  visit(ruleCommand(program, split, lineRange, section?.name ?? 'filter', content, memo ? { line: lineNo, section: section?.name } : undefined));
}

/** The `*table` sections of a save file as its lines are read: which one is open, and their definitions and structure errors. */
class Sections {
  private section: OpenSection | undefined = undefined;
  /** The last line in the open section, where a section without COMMIT ends. */
  private lastLine = -1;

  constructor(
    private readonly lines: readonly string[],
    private readonly program: 'iptables' | 'ip6tables',
    private readonly sink: SaveFileSink,
  ) {}

  current(): OpenSection | undefined {
    return this.section;
  }

  open(): boolean {
    return this.section !== undefined;
  }

  /** The open section's table name. */
  name(): string | undefined {
    return this.section?.name;
  }

  /** The table a command on the current line applies to. */
  table(): string {
    return this.section?.name ?? 'filter';
  }

  /** A line of content other than a section line was read at `lineNo`. */
  enter(lineNo: number): void {
    if (this.section) this.lastLine = lineNo;
  }

  /** Reads the line if it is a `*table` or COMMIT line (its content from `start` to `end`); false for any other. */
  readSectionLine(line: string, lineNo: number, start: number, end: number): boolean {
    const { diagnostics } = this.sink;
    if (line[start] === '*') {
      const content = line.slice(start, end);
      const lineRange = range(lineNo, start, lineNo, end);
      const open = this.section;
      if (open) {
        diagnostics.push(syntaxError(open.headerRange, `missing COMMIT for *${open.name} before the next table`));
        this.close(this.lastLine >= 0 ? trimmedRange(this.lines, this.lastLine) : open.start);
      }
      const name = content.slice(1).trim();
      const headerRange = range(lineNo, start, lineNo, end);
      const nameStart = start + 1 + (content.length - 1 - content.slice(1).trimStart().length);
      const nameRange = range(lineNo, nameStart, lineNo, nameStart + name.length);
      if (!isTableName(name)) {
        diagnostics.push(syntaxError(headerRange, `unknown table *${name}; expected *raw, *mangle, *nat, *filter or *security`));
      }
      this.section = { name, nameRange, headerRange, start: lineRange };
      this.lastLine = lineNo;
      return true;
    }
    if (end - start === 6 && line.startsWith('COMMIT', start)) {
      const lineRange = range(lineNo, start, lineNo, end);
      if (!this.section) diagnostics.push(syntaxError(lineRange, 'COMMIT without a *table line before it'));
      else this.close(lineRange);
      return true;
    }
    return false;
  }

  /** The end of the file: a section still open lacks its COMMIT. */
  finish(): void {
    const open = this.section;
    if (!open) return;
    this.sink.diagnostics.push(syntaxError(open.headerRange, `missing COMMIT for *${open.name}`));
    this.close(this.lastLine >= 0 ? trimmedRange(this.lines, this.lastLine) : open.start);
  }

  private close(end: Range): void {
    const open = this.section;
    if (!open) return;
    this.sink.definitions.push({
      kind: 'table',
      name: open.name,
      nameRange: open.nameRange,
      range: { start: open.start.start, end: end.end },
      detail: `${this.program} table`,
    });
    this.section = undefined;
  }
}

/** What the save-file reader gives: commands, remembered lines and plain rule lines. */
export type SaveFileItem = CommandOrEntry | PlainAppend;

/** What the pass that looks for declarations gives: commands, remembered chain headers and the chains plain headers declare. */
export type DeclarationItem = IptablesCommand | HeaderEntry | ChainDeclaration;

/** A user chain a header declares, as the pass that looks for declarations finds it without reading the header. */
export class ChainDeclaration {
  constructor(
    readonly program: 'iptables' | 'ip6tables',
    readonly table: string,
    readonly name: string,
  ) {}
}

/**
 * The chain a header (`:NAME POLICY [p:b]`, trimmed) declares if it is not
 * built in, as readChainHeader reads it: its name; null when it declares
 * none (no name, or no policy after it); undefined when a quote or a
 * backslash makes it a case for the full reading.
 */
function headerDeclaration(content: string): string | null | undefined {
  let nameEnd = 1;
  while (nameEnd < content.length && !isSpaceCode(content.charCodeAt(nameEnd))) nameEnd++;
  for (let i = 1; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 34 || c === 39 || c === 92) return undefined;
  }
  // The content is trimmed: a space after the name is followed by the policy.
  return nameEnd > 1 && nameEnd < content.length ? content.slice(1, nameEnd) : null;
}

/** The command of a rule line, from its words. */
function ruleCommand(program: 'iptables' | 'ip6tables', split: SplitResult, lineRange: Range, table: string, content: string, memoLine: MemoLine | undefined): IptablesCommand {
  const words = split.words;
  const args = words.length > 0 && words[0].text[0] === '[' && COUNTERS.test(words[0].text) ? words.slice(1) : words;
  // The lowering single-spaces the text of the rules it makes.
  // Every command of a save file has one shape (headers too): the lowering reads them all at the same sites.
  const command: IptablesCommand = { program, words: args, range: lineRange, table, text: content, textSingleSpaced: split.spaced, chainHeader: false };
  return memoLine ? { ...command, memoLine } : command;
}

/** The general reading of a rule line the plain reading gave up on (what reading it reports goes to `diagnostics`). */
export function readRuleLineAfterAll(plain: PlainAppend, diagnostics: SourceDiagnostic[]): IptablesCommand | undefined {
  const split = splitWords(plain.line.slice(0, plain.end), plain.lineNo, plain.start);
  if (split.error) {
    diagnostics.push(syntaxError(split.error.range, split.error.message));
    return undefined;
  }
  return ruleCommand(plain.program, split, plain.range, plain.table, plain.content, plain.memoLine);
}

/** The range of a line's content (blanks and trailing whitespace left out). */
function trimmedRange(lines: readonly string[], lineNo: number): Range {
  const line = lines[lineNo];
  const start = contentStart(line);
  return range(lineNo, start, lineNo, contentEnd(line, start));
}

/** Where a line's content starts: after its leading blanks and tabs. */
function contentStart(line: string): number {
  let start = 0;
  while (start < line.length && (line[start] === ' ' || line[start] === '\t')) start++;
  return start;
}

/** Where a line's content ends: before its trailing whitespace (not before `start`). */
function contentEnd(line: string, start: number): number {
  let end = line.length;
  while (end > start && isSpace(line.charCodeAt(end - 1))) end--;
  return end;
}

function outsideSection(lineRange: Range): SourceDiagnostic {
  return syntaxError(lineRange, 'rule outside a table section: add a *filter (or *nat, *mangle, *raw) line before it');
}

/** What `\s` matches, without a regular expression for the common ASCII cases. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(String.fromCharCode(code)));
}


function readChainHeader(
  words: readonly LineWord[],
  lineRange: Range,
  content: string,
  section: OpenSection | undefined,
  program: 'iptables' | 'ip6tables',
  diagnostics: SourceDiagnostic[],
): IptablesCommand | undefined {
  const first = words[0];
  const name = first.text.slice(1);
  // Located when asked, as every word of a line is: a large file has thousands of headers.
  const colonAs = (command: '-P' | '-N'): LineWord => new LineWord(command, first.line, first.start, first.start + 1);
  const nameWord = new LineWord(name, first.line, first.start + 1, first.end);
  if (!section) {
    diagnostics.push(syntaxError(lineRange, 'chain header outside a table section: add a *filter (or *nat, *mangle, *raw) line before it'));
  }
  if (name === '') {
    diagnostics.push(syntaxError(first.range, 'chain header without a chain name'));
    return undefined;
  }
  const policy = words[1];
  if (!policy) {
    diagnostics.push(syntaxError(first.range, `chain header :${name} needs a policy (ACCEPT, DROP or - for a user chain)`));
    return undefined;
  }
  if (words[2] && !COUNTERS.test(words[2].text)) {
    diagnostics.push(syntaxError(words[2].range, `unexpected ${words[2].text} after the policy; expected counters like [0:0]`));
  }
  const table = section?.name ?? 'filter';
  const text = singleSpaced(content);
  const builtin = isBuiltinChain(table, name);
  if (policy.text === '-' && !builtin) {
    return { program, words: [colonAs('-N'), nameWord], range: lineRange, table, text, textSingleSpaced: true, chainHeader: true };
  }
  if (!builtin) {
    diagnostics.push(syntaxError(policy.range, `only built-in chains have a policy; use - for the user chain ${name}`));
    return { program, words: [colonAs('-N'), nameWord], range: lineRange, table, text, textSingleSpaced: true, chainHeader: true };
  }
  if (policy.text !== 'ACCEPT' && policy.text !== 'DROP') {
    diagnostics.push(syntaxError(policy.range, `policy of the built-in chain ${name} must be ACCEPT or DROP`));
    return undefined;
  }
  return { program, words: [colonAs('-P'), nameWord, policy], range: lineRange, table, text, textSingleSpaced: true, chainHeader: true };
}
