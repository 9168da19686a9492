// A cursor over the tokens of a file, shared by the block, statement and expression
// parsers, with the diagnostics they report and the recovery they share.
import type { Range, SourceDiagnostic } from '../../model/source';
import { singleSpacedSlice } from '../../model/text';
import { Lexer, type Token } from './lexer';

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

  private constructor(
    private readonly window: TokenWindow,
    readonly text: string,
    private index: number,
    /** Views look ahead for a predicate and are dropped; only the cursor itself lets tokens go. */
    private readonly isView: boolean,
  ) {}

  static over(text: string): Cursor {
    return new Cursor(new TokenWindow(new Lexer(text)), text, 0, false);
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
