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
  /** Lookahead tokens in a ring: `count` of them from `head` (the parser looks a few tokens ahead at most). */
  private ring: Array<Token | undefined> = new Array<Token | undefined>(8).fill(undefined);
  private head = 0;
  private count = 0;
  private last: Token | undefined;

  constructor(
    private readonly lexer: Lexer,
    /** Where an error that does not stop the statement goes (the statement is read on). */
    private readonly onError: (message: string, range: Range) => void = () => undefined,
  ) {}

  /** Reports something the real tool refuses, and reads on: the statement is kept. */
  report(message: string, range: Range): void {
    this.onError(message, range);
  }

  peek(k = 0): Token {
    while (this.count <= k) {
      if (this.count === this.ring.length) this.growRing();
      this.ring[(this.head + this.count) % this.ring.length] = this.lexer.next();
      this.count++;
    }
    return this.ring[(this.head + k) % this.ring.length] as Token;
  }

  next(): Token {
    const t = this.peek();
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.ring.length;
    this.count--;
    this.last = t;
    return t;
  }

  private growRing(): void {
    const bigger = new Array<Token | undefined>(this.ring.length * 2).fill(undefined);
    for (let k = 0; k < this.count; k++) bigger[k] = this.ring[(this.head + k) % this.ring.length];
    this.ring = bigger;
    this.head = 0;
  }

  /** Nothing read ahead: the lexer stands where the parser does. */
  idle(): boolean {
    return this.count === 0;
  }

  /** How many tokens are read ahead. */
  lookahead(): number {
    return this.count;
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
