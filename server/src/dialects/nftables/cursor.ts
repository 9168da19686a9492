// A cursor over the tokens of a file, shared by the block, statement and expression
// parsers, with the diagnostics they report and the recovery they share.
import type { Range, SourceDiagnostic } from '../../model/source';
import { singleSpacedSlice } from '../../model/text';
import { Lexer, type Token } from './lexer';
import type { StatementReuse } from './memo';

/**
 * The tokens the parser may still look at. The lexer runs ahead only as far
 * as the parser peeks, and tokens well behind the parser are dropped, so a
 * large file never holds all its tokens at once.
 */
class TokenWindow {
  /** tokens[k] is token number base + k of the file. */
  private tokens: Token[] = [];
  private base = 0;
  /** Absolute index of `eof` once read. */
  private last = -1;

  constructor(private readonly lexer: Lexer) {}

  /** Token number `at`; past the end, `eof`. */
  at(at: number): Token {
    const k = at - this.base;
    if (k >= 0 && k < this.tokens.length) return this.tokens[k];
    return this.tokens[this.clamp(at) - this.base];
  }

  /** `at`, or the index of `eof` when `at` is past it. */
  clamp(at: number): number {
    while (this.last < 0 && at >= this.base + this.tokens.length) {
      const t = this.lexer.next();
      this.tokens.push(t);
      if (t.kind === 'eof') this.last = this.base + this.tokens.length - 1;
    }
    return this.last >= 0 && at > this.last ? this.last : at;
  }

  /** The last token read from the lexer so far. */
  lastRead(): Token {
    return this.tokens[this.tokens.length - 1];
  }

  /** Forgets the tokens from number `at` on and reads on from `offset` (on `line`, starting at `lineStart`) as token `at`. */
  restart(at: number, offset: number, line: number, lineStart: number): void {
    // usually one token was read ahead: popped, not cut by setting the length (a slower path)
    while (this.tokens.length > at - this.base) this.tokens.pop();
    this.last = -1;
    this.lexer.seek(offset, line, lineStart);
  }

  /** Forgets tokens before `at` (in batches: the parser looks back one token at most). */
  dropBefore(at: number): void {
    const drop = at - this.base;
    if (drop < 4096) return;
    this.tokens = this.tokens.slice(drop);
    this.base = at;
  }
}

export class Cursor {
  readonly diagnostics: SourceDiagnostic[] = [];
  /** Open `(` and `{` the expression parser is inside: past MAX_NESTING_DEPTH it stops recursing. */
  nesting = 0;
  /** Rules the previous analysis of the document parsed, by line. */
  reuse: StatementReuse | undefined = undefined;

  private constructor(
    private readonly window: TokenWindow,
    readonly text: string,
    private index: number,
    /** Views look ahead for a predicate and are dropped; only the cursor itself lets tokens go. */
    private readonly isView: boolean,
  ) {}

  /** The text has `\r` line breaks (the language server's text never has). */
  private crs: boolean | undefined = undefined;

  static over(text: string): Cursor {
    return new Cursor(new TokenWindow(new Lexer(text)), text, 0, false);
  }

  /** The offset of the line break ending the line `from` is on (the text's length on the last line). */
  lineEnd(from: number): number {
    const text = this.text;
    this.crs ??= text.includes('\r');
    if (!this.crs) {
      const lf = text.indexOf('\n', from);
      return lf < 0 ? text.length : lf;
    }
    let i = from;
    for (let code = text.charCodeAt(i); i < text.length && code !== 10 && code !== 13; code = text.charCodeAt(i)) i++;
    return i;
  }

  /** A throw-away cursor `offset` tokens ahead, for lookahead through helper predicates. */
  view(offset: number): Cursor {
    return new Cursor(this.window, this.text, this.window.clamp(this.index + offset), true);
  }

  peek(offset = 0): Token {
    return this.window.at(this.index + offset);
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') {
      this.index++;
      if (!this.isView) this.window.dropBefore(this.index - 8);
    }
    return t;
  }

  /** Whether the current token is the first on its line (nothing but a newline before it). */
  atLineStart(): boolean {
    return this.index === 0 || this.window.at(this.index - 1).kind === 'newline';
  }

  /** Whether what the lexer read ahead lies before `offset` (so the text up to it may be skipped unread). */
  readAheadBefore(offset: number): boolean {
    const read = this.window.lastRead();
    return !this.isView && read.kind !== 'eof' && read.start < offset;
  }

  /** Drops the tokens from the current one on and reads on at `offset`, on the current token's line. */
  skipTo(offset: number): void {
    const t = this.peek();
    this.window.restart(this.index, offset, t.line, t.lineStart);
  }

  /** Whether the lexer has read nothing past the current token. */
  readNothingAhead(): boolean {
    return this.window.lastRead() === this.peek();
  }

  previous(): Token {
    return this.window.at(Math.max(0, this.index - 1));
  }

  isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === text;
  }

  isWord(text?: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'word' && (text === undefined || t.text === text);
  }

  eat(kind: 'punct' | 'word', text: string): boolean {
    const t = this.peek();
    if (t.kind === kind && t.text === text) {
      this.next();
      return true;
    }
    return false;
  }

  /** End of a statement: newline, `;`, a closing brace (left for the block) or end of file. */
  atTerminator(): boolean {
    const t = this.peek();
    return t.kind === 'newline' || t.kind === 'eof' || (t.kind === 'punct' && (t.text === ';' || t.text === '}'));
  }

  skipNewlines(): void {
    while (this.peek().kind === 'newline') this.next();
  }

  skipSeparators(): void {
    while (this.peek().kind === 'newline' || this.isPunct(';')) this.next();
  }

  /** Skips the bracketed group starting at the current `(` or `{`, without recursion. */
  skipGroup(): void {
    let depth = 0;
    do {
      const t = this.next();
      if (t.kind === 'eof') return;
      if (t.kind === 'punct' && (t.text === '(' || t.text === '{')) depth++;
      if (t.kind === 'punct' && (t.text === ')' || t.text === '}')) depth--;
    } while (depth > 0);
  }

  error(range: Range, message: string): void {
    this.diagnostics.push({ code: 'FW001', severity: 'error', message, range });
  }

  /** Skips to the end of the statement, stepping over balanced braces and parentheses. */
  recover(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (depth === 0 && (t.kind === 'newline' || (t.kind === 'punct' && (t.text === ';' || t.text === '}')))) return;
      if (t.kind === 'punct' && (t.text === '{' || t.text === '(')) depth++;
      if (t.kind === 'punct' && (t.text === '}' || t.text === ')')) depth--;
      if (depth > 0 && t.kind === 'newline' && this.looksLikeBlockItem(1)) return;
      this.next();
    }
  }

  /** A newline followed by `chain`/`set`/`table`...: an unclosed brace should not swallow the next block. */
  private looksLikeBlockItem(offset: number): boolean {
    const t = this.peek(offset);
    return t.kind === 'word' && (t.text === 'chain' || t.text === 'table');
  }

  /** The source text from one token to another, whitespace and continuations collapsed. */
  textBetween(first: Token, last: Token): string {
    return collapsedText(this.text, first.start, last.end);
  }
}

/** `text` from `start` to `end` with continuations and runs of whitespace made one space, trimmed. */
function collapsedText(text: string, start: number, end: number): string {
  return (
    singleSpacedSlice(text, start, end) ??
    text
      .slice(start, end)
      .replace(/\\\r?\n/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export function spanOf(first: Token, last: Token): Range {
  return { start: first.startPosition(), end: last.endPosition() };
}

export function describeToken(t: Token): string {
  if (t.kind === 'eof') return 'end of file';
  if (t.kind === 'newline') return 'end of line';
  if (t.kind === 'string') return `"${t.text}"`;
  if (t.kind === 'var') return `$${t.text}`;
  if (t.kind === 'setref') return `@${t.text}`;
  return `'${t.text}'`;
}
