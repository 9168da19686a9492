// Tokens of the nft language. Newlines are tokens (they end statements
// outside set literals); `\` + newline joins lines; comments are dropped.
// Addresses, ranges written without spaces (`50000-50999`), prefixes and
// `addr:port` stay one word: the parser and lowering split them by meaning.
import type { Range } from '../../model/source';

export type TokenKind = 'word' | 'string' | 'var' | 'setref' | 'punct' | 'newline' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Words and punctuation as written; strings without quotes; `$x`/`@x` without the sigil. */
  readonly text: string;
  readonly range: Range;
  readonly start: number;
  readonly end: number;
}

const TWO_CHAR_PUNCT = new Set(['==', '!=', '<=', '>=', '<<', '>>']);
const ONE_CHAR_PUNCT = new Set(['{', '}', '(', ')', ';', ',', '=', '<', '>', '&', '|', '^', '!', '.', ':', '-', '/', '+', '*']);

function isWordChar(c: string): boolean {
  return (
    (c >= 'a' && c <= 'z') ||
    (c >= 'A' && c <= 'Z') ||
    (c >= '0' && c <= '9') ||
    c === '_' || c === '.' || c === ':' || c === '/' || c === '-' || c === '*' || c === '%' || c === '[' || c === ']' || c === '~' ||
    c.charCodeAt(0) > 127
  );
}

function isWordStart(c: string, next: string): boolean {
  if (c === '-') return next >= '0' && next <= '9';
  if (c === '.' || c === '/' || c === '-') return false;
  if (c === ':') return (next >= '0' && next <= '9') || next === ':';
  return isWordChar(c) && c !== '*';
}

export interface LexResult {
  readonly tokens: Token[];
  /** Text of each line, for rule text extraction. */
  readonly text: string;
}

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  let line = 0;
  let lineStart = 0;
  const n = text.length;
  const position = (offset: number) => ({ line, character: offset - lineStart });
  const push = (kind: TokenKind, value: string, start: number, end: number, startPos = position(start)) => {
    tokens.push({ kind, text: value, start, end, range: { start: startPos, end: position(end) } });
  };
  const newline = (at: number, width: number) => {
    line++;
    lineStart = at + width;
  };
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\f' || c === '\v') {
      i++;
    } else if (c === '\r' || c === '\n') {
      const width = c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      tokens.push({ kind: 'newline', text: '\n', start: i, end: i + width, range: { start: position(i), end: position(i) } }); // ends where the line does, not past it
      newline(i, width);
      i += width;
    } else if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      const width = text[i + 1] === '\r' && text[i + 2] === '\n' ? 2 : 1;
      newline(i + 1, width);
      i += 1 + width;
    } else if (c === '#') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '"' || c === "'" || (c === '\\' && text[i + 1] === '"')) {
      // `device \"lo\"` (as `nft list` prints some names) is a string too.
      const escaped = c === '\\';
      const quote = escaped ? '"' : c;
      const start = i;
      const startPos = position(i);
      i += escaped ? 2 : 1;
      let value = '';
      while (i < n && text[i] !== quote && text[i] !== '\n' && text[i] !== '\r') {
        if (escaped && text[i] === '\\' && text[i + 1] === '"') {
          i++;
          break;
        }
        if (text[i] === '\\' && i + 1 < n && text[i + 1] !== '\n') {
          value += text[i + 1];
          i += 2;
        } else {
          value += text[i++];
        }
      }
      if (text[i] === quote) i++;
      push('string', value, start, i, startPos);
    } else if ((c === '$' || c === '@') && i + 1 < n && isWordChar(text[i + 1])) {
      const start = i;
      i++;
      while (i < n && isWordChar(text[i]) && text[i] !== '.' && text[i] !== '/' && text[i] !== ':') i++;
      push(c === '$' ? 'var' : 'setref', text.slice(start + 1, i), start, i);
    } else if (isWordStart(c, text[i + 1] ?? '')) {
      const start = i;
      i++;
      while (i < n && isWordChar(text[i])) i++;
      // `ip saddr.tcp dport` is rare; a trailing '.' or ':' belongs to the operator.
      while (i - start > 1 && (text[i - 1] === '.' || text[i - 1] === ':') && !text.slice(start, i).endsWith('::')) i--;
      push('word', text.slice(start, i), start, i);
    } else {
      const two = text.slice(i, i + 2);
      const width = TWO_CHAR_PUNCT.has(two) ? 2 : 1;
      push('punct', ONE_CHAR_PUNCT.has(c) || width === 2 ? text.slice(i, i + width) : c, i, i + width);
      i += width;
    }
  }
  push('eof', '', n, n);
  return { tokens, text };
}
