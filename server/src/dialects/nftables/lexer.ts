// Tokens of the nft language. Newlines are tokens (they end statements
// outside set literals); `\` + newline joins lines; comments are dropped.
// Addresses, ranges written without spaces (`50000-50999`), prefixes and
// `addr:port` stay one word: the parser and lowering split them by meaning.
import type { Position, Range } from '../../model/source';

export type TokenKind = 'word' | 'string' | 'var' | 'setref' | 'punct' | 'newline' | 'eof';

/**
 * A token with its offsets. Its line/character positions are made when asked
 * for: the parser keeps the positions of few tokens (a rule's ends, values,
 * names), and large files have hundreds of thousands of tokens.
 */
export class Token {
  private cachedRange: Range | undefined = undefined;
  private cachedStart: Position | undefined = undefined;
  private cachedEnd: Position | undefined = undefined;

  constructor(
    readonly kind: TokenKind,
    /** Words and punctuation as written; strings without quotes; `$x`/`@x` without the sigil. */
    readonly text: string,
    readonly start: number,
    readonly end: number,
    /** Tokens never span lines: the line they are on and the offset where it starts give both positions. */
    readonly line: number,
    readonly lineStart: number,
  ) {}

  get range(): Range {
    if (this.cachedRange === undefined) this.cachedRange = { start: this.startPosition(), end: this.endPosition() };
    return this.cachedRange;
  }

  /** One object per token end, shared by every range that starts or ends there. */
  startPosition(): Position {
    if (this.cachedStart === undefined) this.cachedStart = { line: this.line, character: this.start - this.lineStart };
    return this.cachedStart;
  }

  /** A newline token ends where its line does, not past it. */
  endPosition(): Position {
    if (this.cachedEnd === undefined) this.cachedEnd = { line: this.line, character: (this.kind === 'newline' ? this.start : this.end) - this.lineStart };
    return this.cachedEnd;
  }
}

// Character classes by code unit, looked up once per character: the lexer runs
// over every character of large files, so no per-character strings or sets.
const WORD = 1;
const BLANK = 2;
const CHAR_CLASS = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/-*%[]~') CHAR_CLASS[c.charCodeAt(0)] = WORD;
for (const c of ' \t\f\v') CHAR_CLASS[c.charCodeAt(0)] = BLANK;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const APOSTROPHE = 39;
const BACKSLASH = 92;
const HASH = 35;
const DOLLAR = 36;
const AT = 64;
const DOT = 46;
const COLON = 58;
const SLASH = 47;
const MINUS = 45;
const STAR = 42;
const EQUALS = 61;
const BANG = 33;
const LESS = 60;
const GREATER = 62;

function isWordCode(code: number): boolean {
  return code > 127 || CHAR_CLASS[code] === WORD;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `next` is NaN past the end of the text. */
function isWordStartCode(code: number, next: number): boolean {
  if (code === MINUS) return isDigitCode(next);
  if (code === DOT || code === SLASH) return false;
  if (code === COLON) return isDigitCode(next) || next === COLON;
  return isWordCode(code) && code !== STAR;
}

/** `==`, `!=`, `<=`, `>=`, `<<`, `>>`. */
function isTwoCharPunct(code: number, next: number): boolean {
  if (next === EQUALS) return code === EQUALS || code === BANG || code === LESS || code === GREATER;
  return (code === LESS && next === LESS) || (code === GREATER && next === GREATER);
}

export interface LexResult {
  readonly tokens: Token[];
  /** Text of each line, for rule text extraction. */
  readonly text: string;
}

/** Every token of `text`, ending with `eof`. */
export function lex(text: string): LexResult {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (let t = lexer.next(); ; t = lexer.next()) {
    tokens.push(t);
    if (t.kind === 'eof') break;
  }
  return { tokens, text };
}

/**
 * Reads tokens one at a time, on demand: the parser keeps only a window of
 * them, so tokens behind it can be collected young (large files have hundreds
 * of thousands). After `eof`, every call answers `eof` again.
 */
export class Lexer {
  private i = 0;
  private line = 0;
  private lineStart = 0;

  constructor(private readonly text: string) {}

  /** Goes on reading at `offset`, on `line` (which starts at `lineStart`): the text before it is taken as read. */
  seek(offset: number, line: number, lineStart: number): void {
    this.i = offset;
    this.line = line;
    this.lineStart = lineStart;
  }

  next(): Token {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    while (i < n) {
      const code = text.charCodeAt(i);
      if (code < 128 && CHAR_CLASS[code] === BLANK) {
        i++;
      } else if (code === CR || code === LF) {
        const width = code === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
        const token = this.make('newline', '\n', i, i + width);
        this.line++;
        this.i = this.lineStart = i + width;
        return token;
      } else if (code === BACKSLASH && (text.charCodeAt(i + 1) === LF || text.charCodeAt(i + 1) === CR)) {
        const width = text.charCodeAt(i + 1) === CR && text.charCodeAt(i + 2) === LF ? 2 : 1;
        this.line++;
        i += 1 + width;
        this.lineStart = i;
      } else if (code === HASH) {
        while (i < n && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
      } else if (code === QUOTE || code === APOSTROPHE || (code === BACKSLASH && text.charCodeAt(i + 1) === QUOTE)) {
        // `device \"lo\"` (as `nft list` prints some names) is a string too.
        this.i = readString(text, i);
        return this.make('string', stringValue, i, this.i);
      } else if ((code === DOLLAR || code === AT) && i + 1 < n && isWordCode(text.charCodeAt(i + 1))) {
        let j = i + 1;
        for (let c = text.charCodeAt(j); j < n && isWordCode(c) && c !== DOT && c !== SLASH && c !== COLON; c = text.charCodeAt(j)) j++;
        this.i = j;
        return this.make(code === DOLLAR ? 'var' : 'setref', text.slice(i + 1, j), i, j);
      } else if (isWordStartCode(code, text.charCodeAt(i + 1))) {
        let j = i + 1;
        while (j < n && isWordCode(text.charCodeAt(j))) j++;
        // `ip saddr.tcp dport` is rare; a trailing '.' or ':' belongs to the operator (but `::` stays).
        for (;;) {
          if (j - i <= 1) break;
          const last = text.charCodeAt(j - 1);
          if (last !== DOT && last !== COLON) break;
          if (last === COLON && text.charCodeAt(j - 2) === COLON) break;
          j--;
        }
        this.i = j;
        return this.make('word', text.slice(i, j), i, j);
      } else {
        const width = isTwoCharPunct(code, text.charCodeAt(i + 1)) ? 2 : 1;
        this.i = i + width;
        return this.make('punct', width === 2 ? text.slice(i, i + 2) : text[i], i, i + width);
      }
    }
    this.i = i;
    return this.make('eof', '', n, n);
  }

  private make(kind: TokenKind, value: string, start: number, end: number): Token {
    return new Token(kind, value, start, end, this.line, this.lineStart);
  }
}

/** The value of the string readString read last (a second return value without an allocation). */
let stringValue = '';

/**
 * Reads a quoted string starting at `at` (its quote, or `\"`) up to the closing
 * quote or the end of the line; sets stringValue and returns the offset after it.
 * A backslash takes the next character literally; unescaped runs are sliced whole.
 */
function readString(text: string, at: number): number {
  const n = text.length;
  const escaped = text.charCodeAt(at) === BACKSLASH;
  const quote = escaped ? QUOTE : text.charCodeAt(at);
  let i = at + (escaped ? 2 : 1);
  let value = '';
  let run = i;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === quote || c === LF || c === CR) break;
    if (c === BACKSLASH) {
      if (escaped && text.charCodeAt(i + 1) === QUOTE) {
        value += text.slice(run, i);
        run = i + 1;
        i++;
        break;
      }
      if (i + 1 < n && text.charCodeAt(i + 1) !== LF) {
        value += text.slice(run, i) + text[i + 1];
        i += 2;
        run = i;
        continue;
      }
    }
    i++;
  }
  value += text.slice(run, i);
  if (text.charCodeAt(i) === quote) i++;
  stringValue = value;
  return i;
}
