// Splits one iptables-restore line into words the way iptables-restore does:
// whitespace separates, "double" and 'single' quotes group, a backslash escapes
// the next character inside double quotes. Linear in the line length.
import type { Range } from '../../model/source';
import { range } from '../../model/source';
import type { Word } from './command';

export interface SplitResult {
  readonly words: LineWord[];
  /** The line from `from` on is trimmed and single-spaced (as `singleSpacedSlice` tells): the rule's text as written. */
  readonly spaced: boolean;
  /** An unterminated quote: the range from the quote to the end of the line. */
  readonly error?: { readonly range: Range; readonly message: string };
}

/**
 * A word of one line. Its range is made when first asked for: most words of a
 * large file are never located (only those a diagnostic or reference names),
 * and three objects per word are most of what reading a file allocates.
 */
export class LineWord implements Word {
  private located: Range | undefined;

  constructor(
    readonly text: string,
    readonly line: number,
    readonly start: number,
    readonly end: number,
  ) {}

  get range(): Range {
    this.located ??= range(this.line, this.start, this.line, this.end);
    return this.located;
  }
}

/** The whitespace iptables-restore splits on (a line holds no newline). */
export function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12 || c === 11;
}

const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKSLASH = 92;

/** `line` is the text of document line `lineNo`; words start at or after `from`. */
export function splitWords(line: string, lineNo: number, from = 0): SplitResult {
  const words: LineWord[] = [];
  const n = line.length;
  // Single-spaced as `singleSpacedSlice` means it: one space between words, none around them.
  let spaced = true;
  let i = from;
  while (i < n) {
    const gap = i;
    while (i < n && isSpaceCode(line.charCodeAt(i))) i++;
    if (i >= n) {
      if (i > gap) spaced = false;
      break;
    }
    if (words.length === 0 ? i > gap : i - gap !== 1 || line.charCodeAt(gap) !== 32) spaced = false;
    const start = i;
    let c = line.charCodeAt(i);
    // Printable ASCII other than quotes and backslash: the common case, one range test a character.
    while (c > 32 && c < 127 && c !== DOUBLE_QUOTE && c !== SINGLE_QUOTE && c !== BACKSLASH && ++i < n) c = line.charCodeAt(i);
    // Most words have no quotes: one slice, not a string built character by character.
    let text = line.slice(start, i);
    while (i < n) {
      c = line.charCodeAt(i);
      if (isSpaceCode(c)) break;
      if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
        const quote = line[i];
        const close = readQuoted(line, i + 1, quote);
        if (close.end < 0) {
          return { words, spaced: false, error: { range: range(lineNo, i, lineNo, n), message: `unterminated ${quote} quote` } };
        }
        // An escape dropped a backslash: the written text is not the word's.
        if (close.end - i - 1 !== close.text.length || hasUnspaced(close.text)) spaced = false;
        text += close.text;
        i = close.end + 1;
      } else {
        if (c < 32 || c >= 127 || c === BACKSLASH) spaced = false;
        text += line[i];
        i++;
      }
    }
    words.push(new LineWord(text, lineNo, start, i));
  }
  return { words, spaced: spaced && words.length > 0 };
}

/** Whether quoted text holds what a single-spaced text may not (control, backslash, non-ASCII, two spaces). */
function hasUnspaced(text: string): boolean {
  let afterSpace = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 32 || c >= 127 || c === BACKSLASH || (c === 32 && afterSpace)) return true;
    afterSpace = c === 32;
  }
  return false;
}

function readQuoted(line: string, from: number, quote: string): { text: string; end: number } {
  const close = line.indexOf(quote, from);
  // Most quoted words (comments) hold no backslash: one slice, not a string built character by character.
  if (close >= 0 && (quote !== '"' || !hasBackslash(line, from, close))) return { text: line.slice(from, close), end: close };
  let text = '';
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    if (ch === quote) return { text, end: i };
    if (ch === '\\' && quote === '"' && i + 1 < line.length) {
      text += line[i + 1];
      i++;
    } else {
      text += ch;
    }
  }
  return { text, end: -1 };
}

function hasBackslash(line: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (line.charCodeAt(i) === 92) return true;
  return false;
}
