// getopt's short-option forms, which iptables accepts like any getopt program.
import type { Word } from './command';

/** Short options that take a value, which getopt also reads attached: `-ptcp`, `-jACCEPT`. */
const SHORT_WITH_VALUE = new Set(['A', 'C', 'D', 'E', 'I', 'N', 'P', 'R', 't', 'p', 's', 'd', 'i', 'o', 'j', 'g', 'm', 'c', 'W']);
/** Short flags that may be bundled: `-nvL`. */
const SHORT_FLAGS = new Set(['v', 'n', 'x', 'L', 'F', 'X', 'Z', 'S', 'h', 'V', '4', '6', 'w', 'f']);

/**
 * The range of `text.slice(from, to)` inside the written word. Only a word
 * written exactly as its text (one line, no quotes, escapes or expansions)
 * maps characters one to one; any other keeps the whole word's range, so a
 * range never points past the end of a line.
 */
export function subRange(w: Word, from: number, to: number): Word['range'] {
  const { start, end } = w.range;
  if (start.line !== end.line || end.character - start.character !== w.text.length) return w.range;
  return { start: { line: start.line, character: start.character + from }, end: { line: start.line, character: start.character + to } };
}

/** Splits getopt bundles: `-nvL` is `-n -v -L`, `-ptcp` is `-p tcp`. */
export function expandBundles(input: readonly Word[]): readonly Word[] {
  // Most commands bundle nothing: they keep their own array.
  if (!input.some(isBundle)) return input;
  const out: Word[] = [];
  for (const w of input) {
    const text = w.text;
    if (!isBundle(w)) {
      out.push(w);
      continue;
    }
    const piece = (from: number, to: number, t: string): Word => ({ text: t, range: subRange(w, from, to) });
    const parts: Word[] = [];
    let k = 1;
    for (; k < text.length; k++) {
      const ch = text[k];
      if (SHORT_WITH_VALUE.has(ch)) {
        parts.push(piece(k === 1 ? 0 : k, k + 1, `-${ch}`));
        if (k + 1 < text.length) parts.push(piece(k + 1, text.length, text.slice(k + 1)));
        k = text.length + 1;
        break;
      }
      if (!SHORT_FLAGS.has(ch)) break;
      parts.push(piece(k === 1 ? 0 : k, k + 1, `-${ch}`));
    }
    if (k === text.length || k === text.length + 1) out.push(...parts);
    else out.push(w);
  }
  return out;
}

/** A word getopt may split: one dash, more than one letter, not a negative number. */
function isBundle(w: Word): boolean {
  const text = w.text;
  return !w.dynamic && text.length > 2 && text[0] === '-' && text[1] !== '-' && !isDigit(text.charCodeAt(1));
}

/** `-1`, `-5`: a negative number, not an option (what `/^-\d/` says of a word starting with `-`). */
export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
