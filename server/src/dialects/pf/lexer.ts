// pf.conf lexer. Like pfctl, macros are expanded as text where `$name` starts a
// token, so `$if:network` and `"{" $a $b "}"` glue exactly as pfctl glues them.
// Every character remembers where it came from: text from an expansion maps to
// the `$name` that produced it, so tokens always carry a document range.
import { expansionBudget, MAX_MACRO_NESTING } from '../../limits';
import type { Range } from '../../model/source';
import type { LineIndex } from './lineIndex';

export type TokenKind = 'word' | 'string' | 'punct' | 'newline' | 'eof';

/** A token with its document offsets; the line/character range is worked out when asked for. */
export class Token {
  private cachedRange: Range | undefined = undefined;

  constructor(
    readonly kind: TokenKind,
    /** Word or string contents (quotes removed), or the punctuation itself. */
    readonly text: string,
    readonly start: number,
    readonly end: number,
    private readonly lines: LineIndex,
    /** The outermost macro this token came from, if any. */
    readonly macro: string | undefined,
    /** A `$name` whose macro is not defined: kept as one word so parsing goes on. */
    readonly unresolved: boolean,
    /** A macro that expanded to nothing just before this token (for error messages). */
    readonly afterEmptyMacro: string | undefined,
  ) {}

  get range(): Range {
    if (this.cachedRange === undefined) this.cachedRange = this.lines.range(this.start, this.end);
    return this.cachedRange;
  }

  /** Gives the token a range already made for its offsets. */
  rangeIs(range: Range): void {
    this.cachedRange = range;
  }
}

export interface LexerHooks {
  /** Current value of a macro, or undefined when it is not defined (yet). */
  macroValue(name: string): string | undefined;
  /** Every `$name` written in the document (not inside expansions). */
  onMacroReference(name: string, range: Range, defined: boolean): void;
  onError(message: string, start: number, end: number): void;
}

/** Text being read: the document, or a macro's value expanded in it. */
class Frame {
  pos = 0;

  constructor(
    readonly text: string,
    /** Document span every character of a macro's text maps to (the `$name`); -1 for the document itself. */
    readonly spanStart: number,
    readonly spanEnd: number,
    /** The outermost macro this text came from. */
    readonly macro: string | undefined,
    /** The macro expanded here, and the frame it was expanded in (for the cycle guard). */
    readonly name: string | undefined,
    readonly parent: Frame | undefined,
    /** How many macros are being expanded here. */
    readonly depth: number,
  ) {}

  /** Whether `name` is being expanded here or around here. */
  expanding(name: string): boolean {
    for (let f: Frame | undefined = this; f !== undefined; f = f.parent) if (f.name === name) return true;
    return false;
  }
}

interface Unresolved {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

interface Char {
  readonly ch: string;
  readonly start: number;
  readonly end: number;
}

/** Characters that end a word, as in pfctl (which also splits on `/`; we keep `10.0.0.0/8` whole). */
const DELIMITER_CHARS = ['(', ')', '{', '}', '<', '>', '!', '=', '#', ',', '"', "'", ' ', '\t', '\r', '\n', '\f', '\v'];
const DELIMITERS = new Set(DELIMITER_CHARS);
/** The same by code unit, for the loops that run over every character. */
const IS_DELIMITER = new Uint8Array(128);
for (const ch of DELIMITER_CHARS) IS_DELIMITER[ch.charCodeAt(0)] = 1;
const CONTINUATION = /\\[ \t]*\r?\n/y;
const BACKSLASH = 92;

/** A word character needing no second look: not a delimiter, not a backslash, not the `-` of `->`. */
function isPlainWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (isDelimiterCode(code)) return false;
  return code !== BACKSLASH && !(code === 45 && text.charCodeAt(i + 1) === 62); // `->`
}

function isDelimiterCode(code: number): boolean {
  return code < 128 && IS_DELIMITER[code] === 1;
}

/** `(){}!=,`: punctuation that is one character whatever follows it (`<`, `>` and `-` may start `<>`, `><`, `->`). */
function isSinglePunctCode(code: number): boolean {
  return code === 40 || code === 41 || code === 123 || code === 125 || code === 33 || code === 61 || code === 44;
}

/** Blanks between tokens: space, tab, CR, form feed, vertical tab (not the newline, which is a token). */
function isBlankCode(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 12 || code === 11;
}

/** `[A-Za-z0-9_]`: the characters of a macro name. */
function isNameCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

export class Lexer {
  private readonly frames: Frame[];
  private emptyMacro: string | undefined;
  /** Characters pushed by macro expansion so far: macros doubling each other would grow exponentially. */
  private expandedLength = 0;
  /** What expansion may produce in all (limits.ts). */
  private readonly budget: number;
  /** Whether an expansion was refused for the budget (which depends on the document's length). */
  private overBudget = false;
  /** How many tokens depend on more than their statement (see `tokensDependingOnRest`). */
  private dependingOnRest = 0;
  /** Document offsets of references already refused: text expanded from one `$name` maps to one range, reported once. */
  private readonly refusedAt = new Set<number>();
  /** The last `$name` written in the document, and its range. */
  private referenceStart = -1;
  private referenceEnd = -1;
  private referenceRange: Range | undefined = undefined;

  constructor(
    private readonly source: string,
    private readonly lines: LineIndex,
    private readonly hooks: LexerHooks,
  ) {
    this.frames = [new Frame(source, -1, -1, undefined, undefined, undefined, 0)];
    this.budget = expansionBudget(source.length);
  }

  /** Offset in the document where the next token is read from, or undefined while inside a macro's text. */
  documentPosition(): number | undefined {
    return this.frames.length === 1 ? this.frames[0].pos : undefined;
  }

  /** Characters macro expansion has produced so far, and what it may produce in all. */
  expansionUsed(): number {
    return this.expandedLength;
  }

  expansionRoom(): number {
    return this.budget - this.expandedLength;
  }

  budgetRefused(): boolean {
    return this.overBudget;
  }

  /**
   * How many tokens so far depend on more of the document than their statement
   * and the macros it expands: a macro expansion refused for the budget (which
   * the document's length sets), a string left unterminated in the document
   * (its closing quote was looked for to the end of the document).
   */
  tokensDependingOnRest(): number {
    return this.dependingOnRest;
  }

  /**
   * Steps over document text read before (a statement replayed from a memo):
   * reading resumes at `offset`, and the expansion budget is charged with what
   * that text expanded, as reading it again would have.
   */
  skipTo(offset: number, expanded: number): void {
    this.frames[0].pos = offset;
    this.expandedLength += expanded;
    this.emptyMacro = undefined;
  }

  next(): Token {
    for (;;) {
      this.skipDocumentBlanks();
      const word = this.documentWord() ?? this.documentPunct();
      if (word) return word;
      const c = this.peekChar();
      if (!c) return this.make('eof', '', this.source.length, this.source.length);
      if (c.ch === '\n') {
        this.advance();
        return this.make('newline', '\n', c.start, c.end);
      }
      if (c.ch === ' ' || c.ch === '\t' || c.ch === '\r' || c.ch === '\f' || c.ch === '\v') {
        this.advance();
        continue;
      }
      if (c.ch === '#') {
        this.skipComment();
        continue;
      }
      if (c.ch === '$') {
        const outcome = this.expandMacro();
        if (outcome === 'expanded') continue;
        if (outcome !== 'none') return this.readWord(c, outcome);
      }
      if (c.ch === '"' || c.ch === "'") return this.readString(c);
      return this.readPunctOrWord(c);
    }
  }

  private make(kind: TokenKind, text: string, start: number, end: number, macro?: string, unresolved = false): Token {
    const token = new Token(kind, text, start, end, this.lines, macro, unresolved, this.emptyMacro);
    // every token a macro expands to has the range of its `$name`: one range serves them all
    if (start === this.referenceStart && end === this.referenceEnd && this.referenceRange !== undefined) token.rangeIs(this.referenceRange);
    this.emptyMacro = undefined;
    return token;
  }

  /**
   * A plain word of the document itself (most tokens), read in one scan; undefined
   * when the next token is anything else, which the general path then reads.
   */
  private documentWord(): Token | undefined {
    if (this.frames.length !== 1) return undefined;
    const f = this.frames[0];
    const text = f.text;
    const start = f.pos;
    if (start >= text.length || text.charCodeAt(start) === 36 || !isPlainWordChar(text, start)) return undefined; // '$' expands
    let j = start + 1;
    while (j < text.length && isPlainWordChar(text, j)) j++;
    // a backslash or `->` inside the word: the general path knows what they mean
    if (j < text.length && !isDelimiterCode(text.charCodeAt(j))) return undefined;
    f.pos = j;
    return this.make('word', text.slice(start, j), start, j);
  }

  /** A newline or one-character punctuation of the document itself; undefined for anything else. */
  private documentPunct(): Token | undefined {
    if (this.frames.length !== 1) return undefined;
    const f = this.frames[0];
    const pos = f.pos;
    if (pos >= f.text.length) return undefined;
    const code = f.text.charCodeAt(pos);
    if (code === 10) {
      f.pos = pos + 1;
      return this.make('newline', '\n', pos, pos + 1);
    }
    if (!isSinglePunctCode(code)) return undefined;
    f.pos = pos + 1;
    return this.make('punct', f.text[pos], pos, pos + 1);
  }

  /** Blanks of the document itself, skipped without looking at them one by one (macro text goes the general way). */
  private skipDocumentBlanks(): void {
    if (this.frames.length !== 1) return;
    const f = this.frames[0];
    while (f.pos < f.text.length && isBlankCode(f.text.charCodeAt(f.pos))) f.pos++;
  }

  private top(): Frame | undefined {
    while (this.frames.length > 1 && this.frames[this.frames.length - 1].pos >= this.frames[this.frames.length - 1].text.length) {
      this.frames.pop();
    }
    const f = this.frames[this.frames.length - 1];
    return f.pos < f.text.length ? f : undefined;
  }

  /** The next character; a backslash-newline (trailing blanks allowed) reads as one blank. */
  private peekChar(): Char | undefined {
    const f = this.top();
    if (!f) return undefined;
    const ch = f.text[f.pos];
    let len = 1;
    let out = ch;
    if (ch === '\\') {
      CONTINUATION.lastIndex = f.pos;
      if (CONTINUATION.test(f.text)) {
        len = CONTINUATION.lastIndex - f.pos;
        out = ' ';
      }
    }
    if (f.spanStart >= 0) return { ch: out, start: f.spanStart, end: f.spanEnd };
    return { ch: out, start: f.pos, end: f.pos + len };
  }

  private advance(): void {
    const f = this.top();
    if (!f) return;
    if (f.text[f.pos] === '\\') {
      CONTINUATION.lastIndex = f.pos;
      if (CONTINUATION.test(f.text)) {
        f.pos = CONTINUATION.lastIndex;
        return;
      }
    }
    f.pos++;
  }

  /** The raw character after the next one in the same frame (for `->`, `<>`, `><`). */
  private peekSecond(): string | undefined {
    const f = this.top();
    return f ? f.text[f.pos + 1] : undefined;
  }

  /** pfctl reads comments through backslash-newlines too, so a comment ending in `\` hides the next line. */
  private skipComment(): void {
    if (this.frames.length === 1) {
      // in the document itself: scan to the line break, stepping over continuations
      const f = this.frames[0];
      const text = f.text;
      let i = f.pos;
      while (i < text.length) {
        const code = text.charCodeAt(i);
        if (code === 10) break;
        if (code === BACKSLASH) {
          CONTINUATION.lastIndex = i;
          if (CONTINUATION.test(text)) {
            i = CONTINUATION.lastIndex;
            continue;
          }
        }
        i++;
      }
      f.pos = i;
      return;
    }
    for (let c = this.peekChar(); c && c.ch !== '\n'; c = this.peekChar()) this.advance();
  }

  /**
   * Expands `$name` in place: 'expanded' (also for empty or cyclic macros),
   * 'none' when `$` starts no name, or the unresolved reference.
   */
  private expandMacro(): 'expanded' | 'none' | Unresolved {
    const f = this.top();
    if (!f) return 'none';
    let i = f.pos + 1;
    while (i < f.text.length && isNameCode(f.text.charCodeAt(i))) i++;
    if (i === f.pos + 1) return 'none';
    const name = f.text.slice(f.pos + 1, i);
    const inMacro = f.spanStart >= 0;
    const start = inMacro ? f.spanStart : f.pos;
    const end = inMacro ? f.spanEnd : i;
    f.pos = i;
    const value = this.hooks.macroValue(name);
    if (!inMacro) {
      const range = this.lines.range(start, end);
      this.referenceStart = start;
      this.referenceEnd = end;
      this.referenceRange = range;
      this.hooks.onMacroReference(name, range, value !== undefined);
    }
    if (value === undefined) return { name, start, end };
    const refused = f.expanding(name)
      ? `macro '$${name}' refers to itself`
      : f.depth >= MAX_MACRO_NESTING
        ? `macros nested more than ${MAX_MACRO_NESTING} deep at '$${name}'`
        : this.expandedLength + value.length > this.budget
          ? `macro expansion exceeds ${this.budget} characters at '$${name}'; not expanded`
          : undefined;
    if (refused !== undefined) {
      if (this.expandedLength + value.length > this.budget) {
        this.overBudget = true;
        this.dependingOnRest++;
      }
      if (!this.refusedAt.has(start)) this.hooks.onError(refused, start, end);
      this.refusedAt.add(start);
      // read on as an unresolved word so one mistake gives one error
      return { name, start, end };
    }
    this.expandedLength += value.length;
    if (value.trim() === '') {
      this.emptyMacro = name;
      return 'expanded';
    }
    this.frames.push(new Frame(value, start, end, f.macro ?? name, name, f, f.depth + 1));
    return 'expanded';
  }

  private readString(open: Char): Token {
    const quote = open.ch;
    const frame = this.top();
    const macro = frame?.macro;
    this.advance();
    let text = '';
    let end = open.end;
    for (;;) {
      const c = this.peekChar();
      if (!c || this.top() !== frame) return this.recoverUnterminated(open, quote, macro, end);
      this.advance();
      end = c.end;
      if (c.ch === quote) break;
      if (c.ch === '\\') {
        const n = this.peekChar();
        if (n && (n.ch === quote || n.ch === '\\')) {
          this.advance();
          end = n.end;
          text += n.ch;
          continue;
        }
      }
      text += c.ch === '\n' || c.ch === '\r' ? ' ' : c.ch;
    }
    return this.make('string', text, open.start, end, macro);
  }

  /**
   * An unterminated quote would swallow the rest of the file; instead the string
   * ends with its first line and lexing resumes on the next one.
   */
  private recoverUnterminated(open: Char, quote: string, macro: string | undefined, end: number): Token {
    const doc = this.frames[0];
    if (this.frames.length === 1) {
      this.dependingOnRest++;
      const lineEnd = this.lines.lineEnd(open.start);
      this.hooks.onError('unterminated string', open.start, lineEnd);
      doc.pos = lineEnd;
      const text = this.source.slice(open.start + 1, lineEnd).replace(/\r$/, '');
      return this.make('string', text, open.start, lineEnd, macro);
    }
    this.hooks.onError('unterminated string', open.start, end);
    return this.make('string', quote, open.start, open.end, macro);
  }

  private readPunctOrWord(first: Char): Token {
    const macro = this.top()?.macro;
    const ch = first.ch;
    if (ch === '<' || ch === '>' || ch === '-') {
      const second = this.peekSecond();
      if ((ch === '<' && second === '>') || (ch === '>' && second === '<') || (ch === '-' && second === '>')) {
        this.advance();
        const next = this.peekChar();
        this.advance();
        return this.make('punct', ch + second, first.start, next ? next.end : first.end, macro);
      }
    }
    if (DELIMITERS.has(ch)) {
      this.advance();
      return this.make('punct', ch, first.start, first.end, macro);
    }
    return this.readWord(first);
  }

  /** A word; `unresolved` is an undefined `$name` already read, which the word starts with. */
  private readWord(first: Char, unresolved?: Unresolved): Token {
    const macro = this.top()?.macro;
    let text = unresolved ? `$${unresolved.name}` : '';
    const start = unresolved ? unresolved.start : first.start;
    let end = unresolved ? unresolved.end : first.end;
    for (;;) {
      // fast path: a run of plain characters in one frame is sliced at once
      const f = this.top();
      if (f) {
        let j = f.pos;
        while (j < f.text.length && isPlainWordChar(f.text, j)) j++;
        if (j > f.pos) {
          text += f.text.slice(f.pos, j);
          end = f.spanStart >= 0 ? f.spanEnd : j;
          f.pos = j;
          // the usual end of a word: a delimiter right after it, in the same text
          if (j < f.text.length && isDelimiterCode(f.text.charCodeAt(j))) break;
          continue;
        }
      }
      const c = this.peekChar();
      if (!c || DELIMITERS.has(c.ch)) break;
      if (c.ch === '-' && this.peekSecond() === '>' && text !== '') break;
      text += c.ch;
      end = c.end;
      this.advance();
    }
    return this.make('word', text, start, end, macro || undefined, unresolved !== undefined);
  }
}
