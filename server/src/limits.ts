// The input limits, in one place. Real rulesets are far below every number
// here (the largest public ones are a few hundred kilobytes, lines of a few
// hundred characters, blocks nested four or five deep); the limits exist so a
// generated, corrupted or hostile file gets a clear diagnostic instead of a
// stalled editor or a stack overflow.

/**
 * Documents longer than this (in UTF-16 code units) are not analysed: FW004 on
 * the first line. An iptables-save of a container host with 50,000 rules is
 * about 5.4 MB; this admits it and refuses what takes many seconds to analyse.
 */
export const MAX_DOCUMENT_LENGTH = 6_000_000;

/** Documents with a line longer than this are not analysed: FW004 on that line. */
export const MAX_LINE_LENGTH = 100_000;

/** Blocks, lists and parentheses nested deeper than this are an FW001 on the opening that goes too deep. */
export const MAX_NESTING_DEPTH = 256;

/** Macros (pf) and defines (nft) expanding through more than this many levels are an FW001 at the reference. */
export const MAX_MACRO_NESTING = 32;

/**
 * Characters one document may produce by expanding macros and defines. Each
 * level of `m2 = "$m1 $m1"` doubles the text; past this budget references are
 * left unexpanded with an FW001 instead of growing without bound. A large file
 * that uses a macro or two per rule (`on $ext_if`) needs a budget that grows
 * with it: the budget is the larger of this and EXPANSION_PER_CHARACTER times
 * the document's length (`expansionBudget`).
 */
export const MAX_EXPANDED_LENGTH = 200_000;
export const EXPANSION_PER_CHARACTER = 4;

/** Characters macro expansion may produce for a document of `length` characters. */
export function expansionBudget(length: number): number {
  return Math.max(MAX_EXPANDED_LENGTH, EXPANSION_PER_CHARACTER * length);
}

/** An nft define whose value, written out, has more nodes than this is an FW001 and stays unexpanded. */
export const MAX_EXPANDED_ELEMENTS = 10_000;

/** The diagnostic code for input beyond these limits (documented in checks/frontend-codes.ts). */
export const INPUT_TOO_LARGE_CODE = 'FW004';

export interface LimitViolation {
  readonly message: string;
  readonly line: number;
  /** The length of the offending line (0 for the whole document), so the range covers it. */
  readonly endCharacter: number;
}

/** The first limit `text` exceeds, or undefined. Linear, one pass, no regular expression. */
export function inputLimitViolation(text: string): LimitViolation | undefined {
  if (text.length > MAX_DOCUMENT_LENGTH) {
    const firstLineEnd = text.search(/\r|\n/);
    return {
      message: `File too large to analyse: ${text.length} characters, the limit is ${MAX_DOCUMENT_LENGTH}. fwlint checked nothing in it.`,
      line: 0,
      endCharacter: Math.min(firstLineEnd < 0 ? text.length : firstLineEnd, MAX_LINE_LENGTH),
    };
  }
  if (!text.includes('\r')) return longLineAtNewlines(text);
  let line = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c !== 10 && c !== 13) continue;
    if (i - start > MAX_LINE_LENGTH) return lineTooLong(line, i - start);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    line++;
    start = i + 1;
  }
  return undefined;
}

/** The first line over the limit when only `\n` ends lines: found by native searches, not a loop over characters. */
function longLineAtNewlines(text: string): LimitViolation | undefined {
  for (let line = 0, start = 0; ; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    if (end - start > MAX_LINE_LENGTH) return lineTooLong(line, end - start);
    if (newline < 0) return undefined;
    start = newline + 1;
  }
}

function lineTooLong(line: number, length: number): LimitViolation {
  return {
    message: `Line too long to analyse: ${length} characters, the limit is ${MAX_LINE_LENGTH}. fwlint checked nothing in this file.`,
    line,
    endCharacter: length,
  };
}
