// A token cursor over the lexer with a small lookahead. The lexer is pulled
// lazily so a macro defined on one line is known when the next line is read,
// exactly as pfctl expands macros while it parses.
import type { Range } from '../../model/source';
import { spanRanges } from '../../model/source';
import type { Lexer, Token } from './lexer';
import { closestWord } from '../../model/suggest';

/** Raised inside the parser only; the statement loop turns it into FW001 and resumes at the next line. */
export class SyntaxError {
  constructor(
    readonly message: string,
    readonly range: Range,
    /** The cursor already stands at the start of the next statement: resume there instead of skipping a line. */
    readonly atStatementStart = false,
  ) {}
}

export class Cursor {
  private readonly buffer: Token[] = [];
  private last: Token | undefined;

  constructor(private readonly lexer: Lexer) {}

  peek(k = 0): Token {
    while (this.buffer.length <= k) this.buffer.push(this.lexer.next());
    return this.buffer[k];
  }

  next(): Token {
    const t = this.peek();
    this.buffer.shift();
    this.last = t;
    return t;
  }

  previous(): Token | undefined {
    return this.last;
  }

  /** End of the statement: a newline or the end of the file. */
  atLineEnd(): boolean {
    const t = this.peek();
    return t.kind === 'newline' || t.kind === 'eof';
  }

  isWord(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'word' && t.text === text;
  }

  isPunct(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.text === text;
  }

  acceptWord(text: string): Token | undefined {
    return this.isWord(text) ? this.next() : undefined;
  }

  acceptPunct(text: string): Token | undefined {
    return this.isPunct(text) ? this.next() : undefined;
  }

  /** Newlines are allowed inside `{ }` and `( )` lists, as pfctl's `optnl` allows. */
  skipNewlines(): void {
    while (this.peek().kind === 'newline') this.next();
  }

  expectPunct(text: string, what: string): Token {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === text) return this.next();
    throw this.unexpected(t, what);
  }

  /** A word or quoted string used as a value. */
  expectValue(what: string): Token {
    const t = this.peek();
    if (t.kind === 'word' || t.kind === 'string') return this.next();
    throw this.unexpected(t, what);
  }

  /** FW001 for `t`, with a did-you-mean when `t` is close to one of `candidates`. */
  unexpected(t: Token, expected: string, candidates: readonly string[] = []): SyntaxError {
    if (t.kind === 'newline' || t.kind === 'eof') {
      const prev = this.last;
      const empty = t.afterEmptyMacro ? ` ($${t.afterEmptyMacro} is empty)` : '';
      const where = prev ? prev.range : t.range;
      return new SyntaxError(`missing ${expected}${prev ? ` after '${prev.text}'` : ''}${empty}`, where);
    }
    const shown = t.kind === 'string' ? `"${t.text}"` : t.text;
    const guess = t.kind === 'word' && t.text.length >= 2 ? closestWord(t.text, candidates) : undefined;
    const hint = guess ? `; did you mean '${guess}'?` : `; expected ${expected}`;
    return new SyntaxError(`unexpected '${shown}'${hint}`, t.range);
  }

  /** Skips what is left of the line (error recovery). */
  skipLine(): void {
    while (!this.atLineEnd()) this.next();
  }

  rangeFrom(start: Range): Range {
    return this.last ? spanRanges(start, this.last.range) : start;
  }
}
