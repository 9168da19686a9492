// A hand-written shell lexer (POSIX sh plus the bash forms firewall scripts
// use). It never throws: an unterminated quote, substitution or here-document
// becomes an FW001 diagnostic at its opening, and lexing resumes on the next
// line so the rest of the script is still analysed.
import type { SourceDiagnostic } from '../../model/source';
import type { LineMap } from './lineMap';
import { syntaxError } from './syntaxError';
import type { HereDoc, OperatorToken, Token, WordPart, WordToken } from './tokens';
import { plainWord } from './tokens';

// Longest first, so `;;&` wins over `;;` and `;`.
const OPERATORS = [
  ';;&', '&>>', '<<-', '<<<', ';;', ';&', '&&', '||', '|&', '&>', '<<', '<&', '<>', '>>', '>&', '>|',
  ';', '&', '|', '<', '>', '(', ')',
];
const WORD_BREAK = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '<', '>', '(', ')']);
const PARAM_OPERATORS = [
  ':-', ':=', ':+', ':?', '-', '=', '+', '?', '##', '#', '%%', '%', '//', '/#', '/%', '/', '^^', '^', ',,', ',', '@', ':',
];
const SPECIAL_PARAMS = '@*#?$!-';
const ARRAY_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=$/;
/** Deepest nesting of `$(`, `${` and quotes inside them; deeper text is reported, not recursed into. */
const MAX_NESTING = 64;
const MAX_ARITHMETIC_LENGTH = 4096;

type MutablePart = { -readonly [K in keyof WordPart]: WordPart[K] } & WordPart;

interface PendingHereDoc {
  readonly op: OperatorToken;
  readonly delimiter: string;
  readonly quoted: boolean;
  readonly delimiterEnd: number;
}

export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostics: SourceDiagnostic[];
}

export function lexShell(text: string, lines: LineMap): LexResult {
  const diagnostics: SourceDiagnostic[] = [];
  const lexer = new Lexer(text, lines, diagnostics, 0);
  return { tokens: lexer.tokenize(false).tokens, diagnostics };
}

function isNameStart(c: string): boolean {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_';
}

function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

class Lexer {
  private pos: number;
  private readonly pendingHereDocs: PendingHereDoc[] = [];

  constructor(
    private readonly text: string,
    private readonly lines: LineMap,
    private readonly diagnostics: SourceDiagnostic[],
    start: number,
    private readonly nesting: { depth: number } = { depth: 0 },
  ) {
    this.pos = start;
  }

  /** Runs `body` one nesting level deeper; too deep is reported as FW001 and skipped to the line end. */
  private nested(start: number, length: number, parts: MutablePart[], body: () => void): void {
    if (this.nesting.depth >= MAX_NESTING) {
      this.unterminated(parts, start, length, 'Expansion nested too deeply to analyse.');
      return;
    }
    this.nesting.depth++;
    try {
      body();
    } finally {
      this.nesting.depth--;
    }
  }

  /**
   * Tokenises until the end of the text, or (for `$(...)`) until the `)` that
   * closes the substitution. `closed` is false when that `)` never came.
   */
  tokenize(untilParen: boolean): { tokens: Token[]; end: number; closed: boolean } {
    const tokens: Token[] = [];
    const text = this.text;
    let depth = 0;
    let caseDepth = 0;
    let heredocAwaitingDelimiter: OperatorToken | undefined;
    for (;;) {
      this.skipBlanks();
      if (this.pos >= text.length) {
        if (untilParen) return { tokens, end: this.pos, closed: false };
        tokens.push({ kind: 'eof', start: this.pos, end: this.pos });
        return { tokens, end: this.pos, closed: true };
      }
      const c = text[this.pos];
      if (c === '\n') {
        heredocAwaitingDelimiter = undefined;
        tokens.push({ kind: 'newline', start: this.pos, end: this.pos + 1 });
        this.pos++;
        this.readHereDocBodies();
        continue;
      }
      if (c === '#') {
        while (this.pos < text.length && text[this.pos] !== '\n') this.pos++;
        continue;
      }
      if (untilParen && c === ')' && depth === 0 && caseDepth === 0) {
        this.pos++;
        return { tokens, end: this.pos, closed: true };
      }
      if (c === '(' && text[this.pos + 1] === '(') {
        const end = this.findArithmeticEnd(this.pos + 2);
        if (end >= 0) {
          tokens.push({ kind: 'arith', start: this.pos, end });
          this.pos = end;
          continue;
        }
      }
      const isProcessSubstitution = (c === '<' || c === '>') && text[this.pos + 1] === '(';
      const op = isProcessSubstitution ? undefined : OPERATORS.find((o) => text.startsWith(o, this.pos));
      if (op) {
        const token: OperatorToken = { kind: 'op', op, start: this.pos, end: this.pos + op.length };
        this.pos += op.length;
        tokens.push(token);
        if (op === '(') depth++;
        else if (op === ')') depth = Math.max(0, depth - 1);
        heredocAwaitingDelimiter = op === '<<' || op === '<<-' ? token : undefined;
        continue;
      }
      const word = this.lexWord();
      tokens.push(word);
      if (heredocAwaitingDelimiter) {
        this.queueHereDoc(heredocAwaitingDelimiter, word);
        heredocAwaitingDelimiter = undefined;
      }
      if (untilParen) {
        const keyword = plainWord(word);
        if (keyword === 'case') caseDepth++;
        else if (keyword === 'esac') caseDepth = Math.max(0, caseDepth - 1);
      }
    }
  }

  /** The rest of the text as a here-document body: only `$`, backquotes and `\\` are special. */
  hereDocParts(): WordPart[] {
    const text = this.text;
    const parts: MutablePart[] = [];
    while (this.pos < text.length) {
      const c = text[this.pos];
      const next = text[this.pos + 1];
      if (c === '\\' && (next === '$' || next === '`' || next === '\\')) this.literal(parts, next, true, 2);
      else if (c === '\\' && next === '\n') this.pos += 2;
      else if (c === '$') this.dollar(parts, true);
      else if (c === '`') this.backtick(parts, true);
      else this.literal(parts, c, true, 1);
    }
    return parts;
  }

  private skipBlanks(): void {
    const text = this.text;
    for (;;) {
      const c = text[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') this.pos++;
      else if (c === '\\' && text[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '\\' && text[this.pos + 1] === '\r' && text[this.pos + 2] === '\n') this.pos += 3;
      else return;
    }
  }

  /** Offset just after the `))` closing an arithmetic form whose body starts at `from`, or -1. */
  private findArithmeticEnd(from: number): number {
    const text = this.text;
    let depth = 0;
    // Arithmetic stays on one line in practice; the bound keeps runs of `(` linear.
    const limit = Math.min(text.length, from + MAX_ARITHMETIC_LENGTH);
    for (let i = from; i < limit; i++) {
      const c = text[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth > 0) depth--;
        else return text[i + 1] === ')' ? i + 2 : -1;
      } else if (c === '\n' && text[i - 1] !== '\\') return -1;
    }
    return -1;
  }

  private queueHereDoc(op: OperatorToken, word: WordToken): void {
    let delimiter = '';
    let quoted = false;
    for (const part of word.parts) {
      if (part.kind === 'literal') {
        delimiter += part.text;
        if (part.quoted) quoted = true;
      } else {
        delimiter += this.text.slice(part.start, part.end);
      }
    }
    if (!quoted && /["'\\]/.test(this.text.slice(word.start, word.end))) quoted = true;
    this.pendingHereDocs.push({ op, delimiter, quoted, delimiterEnd: word.end });
  }

  private readHereDocBodies(): void {
    const text = this.text;
    while (this.pendingHereDocs.length > 0) {
      const pending = this.pendingHereDocs.shift() as PendingHereDoc;
      const stripTabs = pending.op.op === '<<-';
      const heredoc: HereDoc = {
        delimiter: pending.delimiter,
        quoted: pending.quoted,
        stripTabs,
        bodyStart: this.pos,
        bodyEnd: text.length,
        terminated: false,
      };
      pending.op.heredoc = heredoc;
      for (;;) {
        const lineStart = this.pos;
        if (lineStart >= text.length) break;
        let lineEnd = text.indexOf('\n', lineStart);
        if (lineEnd < 0) lineEnd = text.length;
        let line = text.slice(lineStart, lineEnd);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (stripTabs) line = line.replace(/^\t+/, '');
        this.pos = Math.min(lineEnd + 1, text.length);
        if (line === pending.delimiter) {
          heredoc.bodyEnd = lineStart;
          heredoc.terminated = true;
          break;
        }
      }
      if (!heredoc.terminated) {
        this.diagnostics.push(
          syntaxError(
            this.lines,
            pending.op.start,
            pending.delimiterEnd,
            `Unterminated here-document: no line reads '${pending.delimiter}' before the end of the file.`,
          ),
        );
      }
    }
  }

  private lexWord(): WordToken {
    const text = this.text;
    const start = this.pos;
    const parts: MutablePart[] = [];
    let array: WordToken[] | undefined;
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (WORD_BREAK.has(c)) {
        if ((c === '<' || c === '>') && text[this.pos + 1] === '(' && this.pos === start) {
          const open = this.pos;
          this.nested(open, 2, parts, () => this.substitution(parts, open + 2, false));
          continue;
        }
        if (c === '(' && !array && parts.length === 1 && parts[0].kind === 'literal' && !parts[0].quoted &&
          ARRAY_ASSIGNMENT.test(parts[0].text)) {
          array = this.lexArray();
          continue;
        }
        break;
      }
      if (c === '\\') {
        const next = text[this.pos + 1];
        if (next === '\n') this.pos += 2;
        else if (next === '\r' && text[this.pos + 2] === '\n') this.pos += 3;
        else if (next === undefined) this.literal(parts, '\\', false, 1);
        else this.literal(parts, next, true, 2);
      } else if (c === "'") {
        this.singleQuoted(parts);
      } else if (c === '"') {
        this.doubleQuoted(parts);
      } else if (c === '$') {
        this.dollar(parts, false);
      } else if (c === '`') {
        this.backtick(parts, false);
      } else {
        this.literal(parts, c, false, 1);
      }
    }
    if (this.pos === start) {
      // Defensive: never return an empty token, or the caller would loop.
      this.literal(parts, text[this.pos], false, 1);
    }
    return array ? { kind: 'word', parts, start, end: this.pos, array } : { kind: 'word', parts, start, end: this.pos };
  }

  private lexArray(): WordToken[] {
    const text = this.text;
    const open = this.pos;
    this.pos++;
    const elements: WordToken[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.pos >= text.length) {
        this.diagnostics.push(syntaxError(this.lines, open, open + 1, 'Unterminated array assignment: missing `)`.'));
        return elements;
      }
      const c = text[this.pos];
      if (c === ')') {
        this.pos++;
        return elements;
      }
      if (c === '\n') {
        this.pos++;
        continue;
      }
      if (c === '#') {
        while (this.pos < text.length && text[this.pos] !== '\n') this.pos++;
        continue;
      }
      if (WORD_BREAK.has(c)) {
        this.pos++;
        continue;
      }
      elements.push(this.lexWord());
    }
  }

  private literal(parts: MutablePart[], value: string, quoted: boolean, length: number): void {
    const start = this.pos;
    this.pos += length;
    pushLiteral(parts, value, quoted, start, this.pos);
  }

  private singleQuoted(parts: MutablePart[]): void {
    const open = this.pos;
    const close = this.text.indexOf("'", open + 1);
    if (close < 0) {
      this.unterminated(parts, open, 1, 'Unterminated single quote: the string opened here never closes.');
      return;
    }
    pushLiteral(parts, this.text.slice(open + 1, close), true, open, close + 1);
    this.pos = close + 1;
  }

  private doubleQuoted(parts: MutablePart[]): void {
    const text = this.text;
    const open = this.pos;
    const partsBefore = parts.length;
    const diagnosticsBefore = this.diagnostics.length;
    this.pos++;
    pushLiteral(parts, '', true, open, this.pos);
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === '"') {
        this.pos++;
        return;
      }
      if (c === '\\') {
        const next = text[this.pos + 1];
        if (next === '\n') this.pos += 2;
        else if (next === '\r' && text[this.pos + 2] === '\n') this.pos += 3;
        else if (next === '$' || next === '`' || next === '"' || next === '\\') this.literal(parts, next, true, 2);
        else this.literal(parts, '\\', true, 1);
      } else if (c === '$') {
        this.dollar(parts, true);
      } else if (c === '`') {
        this.backtick(parts, true);
      } else {
        this.literal(parts, c, true, 1);
      }
    }
    parts.length = partsBefore;
    this.diagnostics.length = diagnosticsBefore;
    this.unterminated(parts, open, 1, 'Unterminated double quote: the string opened here never closes.');
  }

  /** Reports an unterminated construct and recovers by ending it at the end of its line. */
  private unterminated(parts: MutablePart[], open: number, openLength: number, message: string): void {
    this.diagnostics.push(syntaxError(this.lines, open, open + openLength, message));
    const end = this.lines.lineEnd(open);
    pushLiteral(parts, this.text.slice(open + openLength, end), true, open, end);
    this.pos = end;
  }

  private dollar(parts: MutablePart[], quoted: boolean): void {
    const text = this.text;
    const start = this.pos;
    const next = text[start + 1] ?? '';
    if (next === '(' && text[start + 2] === '(') {
      const end = this.findArithmeticEnd(start + 3);
      if (end >= 0) {
        parts.push({ kind: 'arith', quoted, start, end });
        this.pos = end;
        return;
      }
    }
    if (next === '(') {
      this.nested(start, 2, parts, () => this.substitution(parts, start + 2, quoted));
      return;
    }
    if (next === '{') {
      this.nested(start, 2, parts, () => this.braced(parts, quoted));
      return;
    }
    if (next === "'" && !quoted) {
      this.ansiCString(parts);
      return;
    }
    if (next === '"' && !quoted) {
      this.pos++;
      this.doubleQuoted(parts);
      return;
    }
    if (isNameStart(next)) {
      let end = start + 2;
      while (end < text.length && isNameChar(text[end])) end++;
      parts.push({ kind: 'param', name: text.slice(start + 1, end), quoted, start, end });
      this.pos = end;
      return;
    }
    if (isDigit(next) || (next !== '' && SPECIAL_PARAMS.includes(next))) {
      parts.push({ kind: 'param', name: next, quoted, start, end: start + 2 });
      this.pos = start + 2;
      return;
    }
    this.literal(parts, '$', quoted, 1);
  }

  /** `$(...)` or `<(...)`: the inside is lexed as a nested command list. */
  private substitution(parts: MutablePart[], innerStart: number, quoted: boolean): void {
    const start = this.pos;
    const diagnosticsBefore = this.diagnostics.length;
    const nested = new Lexer(this.text, this.lines, this.diagnostics, innerStart, this.nesting);
    const result = nested.tokenize(true);
    if (result.closed) {
      const inner = this.text.slice(innerStart, result.end - 1);
      parts.push({ kind: 'command', tokens: result.tokens, quoted, start, end: result.end, inner });
      this.pos = result.end;
      return;
    }
    this.diagnostics.length = diagnosticsBefore;
    this.diagnostics.push(
      syntaxError(this.lines, start, innerStart, 'Unterminated command substitution: missing `)`.'),
    );
    const end = Math.max(this.lines.lineEnd(start), innerStart);
    parts.push({ kind: 'command', quoted, start, end, inner: this.text.slice(innerStart, end) });
    this.pos = end;
  }

  private backtick(parts: MutablePart[], quoted: boolean): void {
    const text = this.text;
    const start = this.pos;
    let i = start + 1;
    while (i < text.length && text[i] !== '`') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) {
      this.diagnostics.push(syntaxError(this.lines, start, start + 1, 'Unterminated backquote: missing closing `.'));
      const end = this.lines.lineEnd(start);
      parts.push({ kind: 'command', quoted, start, end, inner: text.slice(start + 1, end) });
      this.pos = end;
      return;
    }
    parts.push({ kind: 'command', quoted, start, end: i + 1, inner: text.slice(start + 1, i) });
    this.pos = i + 1;
  }

  private ansiCString(parts: MutablePart[]): void {
    const text = this.text;
    const start = this.pos;
    let i = start + 2;
    let value = '';
    while (i < text.length && text[i] !== "'") {
      if (text[i] === '\\' && i + 1 < text.length) {
        const e = text[i + 1];
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', e: '\x1b' };
        value += simple[e] ?? '\\' + e;
        i += 2;
      } else {
        value += text[i];
        i++;
      }
    }
    if (i >= text.length) {
      this.unterminated(parts, start, 2, "Unterminated $'...' string: the string opened here never closes.");
      return;
    }
    pushLiteral(parts, value, true, start, i + 1);
    this.pos = i + 1;
  }

  private braced(parts: MutablePart[], quoted: boolean): void {
    const text = this.text;
    const start = this.pos;
    const diagnosticsBefore = this.diagnostics.length;
    let i = start + 2;
    let op: string | undefined;
    if (text[i] === '#' && text[i + 1] !== '}' && (isNameChar(text[i + 1] ?? '') || SPECIAL_PARAMS.includes(text[i + 1] ?? ' '))) {
      op = 'length';
      i++;
    } else if (text[i] === '!' && isNameStart(text[i + 1] ?? '')) {
      op = 'indirect';
      i++;
    }
    let nameEnd = i;
    if (isNameStart(text[i] ?? '')) {
      while (nameEnd < text.length && isNameChar(text[nameEnd])) nameEnd++;
    } else if (isDigit(text[i] ?? '')) {
      while (nameEnd < text.length && isDigit(text[nameEnd])) nameEnd++;
    } else if (SPECIAL_PARAMS.includes(text[i] ?? ' ')) {
      nameEnd = i + 1;
    }
    const name = text.slice(i, nameEnd);
    i = nameEnd;
    let index: string | undefined;
    if (text[i] === '[') {
      const close = text.indexOf(']', i);
      if (close >= 0) {
        index = text.slice(i + 1, close);
        i = close + 1;
      }
    }
    let arg: MutablePart[] | undefined;
    if (text[i] !== '}') {
      const paramOp = op === undefined && name !== '' ? PARAM_OPERATORS.find((o) => text.startsWith(o, i)) : undefined;
      if (paramOp) {
        op = paramOp;
        i += paramOp.length;
      } else {
        op = 'unknown';
      }
      this.pos = i;
      arg = this.paramArgument(quoted);
      i = this.pos;
    }
    if (text[i] !== '}') {
      this.diagnostics.length = diagnosticsBefore;
      this.unterminated(parts, start, 2, 'Unterminated parameter expansion: missing `}`.');
      return;
    }
    this.pos = i + 1;
    const part: MutablePart = { kind: 'param', name, quoted, start, end: this.pos };
    const mutable = part as { op?: string; arg?: WordPart[]; index?: string };
    if (op !== undefined) mutable.op = op;
    if (arg !== undefined) mutable.arg = arg;
    if (index !== undefined) mutable.index = index;
    parts.push(part);
  }

  /** The word after a `${NAME op` up to the matching `}` (left unconsumed). */
  private paramArgument(quoted: boolean): MutablePart[] {
    const text = this.text;
    const parts: MutablePart[] = [];
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === '}') return parts;
      if (c === '\\') {
        const next = text[this.pos + 1];
        if (next === '\n') this.pos += 2;
        else if (next === undefined) this.literal(parts, '\\', quoted, 1);
        else this.literal(parts, next, true, 2);
      } else if (c === "'" && !quoted) {
        this.singleQuoted(parts);
      } else if (c === '"') {
        this.doubleQuoted(parts);
      } else if (c === '$') {
        this.dollar(parts, quoted);
      } else if (c === '`') {
        this.backtick(parts, quoted);
      } else {
        this.literal(parts, c, quoted, 1);
      }
    }
    return parts;
  }
}

function pushLiteral(parts: MutablePart[], value: string, quoted: boolean, start: number, end: number): void {
  const last = parts[parts.length - 1];
  if (last && last.kind === 'literal' && last.quoted === quoted && last.end === start) {
    const merged = last as { text: string; end: number };
    merged.text += value;
    merged.end = end;
    return;
  }
  parts.push({ kind: 'literal', text: value, quoted, start, end });
}

/**
 * Splits a here-document body into word parts: expansions are live unless the
 * delimiter was quoted; double quotes are ordinary characters.
 */
export function lexHereDocBody(text: string, lines: LineMap, heredoc: HereDoc): WordPart[] {
  if (heredoc.quoted) {
    return [{ kind: 'literal', text: text.slice(heredoc.bodyStart, heredoc.bodyEnd), quoted: true, start: heredoc.bodyStart, end: heredoc.bodyEnd }];
  }
  // Lexed on a copy that ends with the body, so no expansion runs past it;
  // diagnostics were already reported when the script was lexed.
  const bounded = text.slice(0, heredoc.bodyEnd);
  return new Lexer(bounded, lines, [], heredoc.bodyStart).hereDocParts();
}
