// Splits one iptables-restore line into words the way iptables-restore does:
// whitespace separates, "double" and 'single' quotes group, a backslash escapes
// the next character inside double quotes. Linear in the line length.
import type { Range } from '../../model/source';
import { range } from '../../model/source';
import type { Word } from './command';

export interface SplitResult {
  readonly words: Word[];
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

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v';
}

/** `line` is the text of document line `lineNo`; words start at or after `from`. */
export function splitWords(line: string, lineNo: number, from = 0): SplitResult {
  const words: Word[] = [];
  let i = from;
  while (i < line.length) {
    while (i < line.length && isSpace(line[i])) i++;
    if (i >= line.length) break;
    const start = i;
    while (i < line.length && !isSpace(line[i]) && line[i] !== '"' && line[i] !== "'") i++;
    // Most words have no quotes: one slice, not a string built character by character.
    let text = line.slice(start, i);
    while (i < line.length && !isSpace(line[i])) {
      const ch = line[i];
      if (ch === '"' || ch === "'") {
        const close = readQuoted(line, i + 1, ch);
        if (close.end < 0) {
          return { words, error: { range: range(lineNo, i, lineNo, line.length), message: `unterminated ${ch} quote` } };
        }
        text += close.text;
        i = close.end + 1;
      } else {
        text += ch;
        i++;
      }
    }
    words.push(new LineWord(text, lineNo, start, i));
  }
  return { words };
}

function readQuoted(line: string, from: number, quote: string): { text: string; end: number } {
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
