// Text helpers the front ends share.

/**
 * `text` from `start` to `end` when it is already trimmed and single-spaced
 * (no tabs, line breaks, backslashes or non-ASCII characters, which may be
 * whitespace or continuations); undefined otherwise. Rule texts are kept
 * whitespace-collapsed, and most are written that way already: this lets a
 * front end slice them instead of running its general rewrite.
 */
export function singleSpacedSlice(text: string, start: number, end: number): string | undefined {
  let afterSpace = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (afterSpace) return undefined;
      afterSpace = true;
    } else if (c < 32 || c === 92 || c >= 127) {
      return undefined;
    } else {
      afterSpace = false;
    }
  }
  return afterSpace && end > start ? undefined : text.slice(start, end);
}

/** `text` trimmed, every run of whitespace one space (`-A  INPUT` and `-A INPUT` compare equal); most texts are so already and are returned as they are. */
export function singleSpaced(text: string): string {
  return singleSpacedSlice(text, 0, text.length) ?? text.trim().replace(/\s+/g, ' ');
}

/** Compared a block at a time (one native comparison each), then a character at a time in the block that differs. */
const COMPARED_BLOCK = 1024;

/** The length of the common start of `a` and `b`. */
export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + COMPARED_BLOCK <= n && a.slice(i, i + COMPARED_BLOCK) === b.slice(i, i + COMPARED_BLOCK)) i += COMPARED_BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the common end of `a` and `b`, not reaching into the first `prefix` characters of either. */
export function commonSuffixLength(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let k = 0;
  while (k + COMPARED_BLOCK <= n && a.slice(a.length - k - COMPARED_BLOCK, a.length - k) === b.slice(b.length - k - COMPARED_BLOCK, b.length - k)) k += COMPARED_BLOCK;
  while (k < n && a.charCodeAt(a.length - k - 1) === b.charCodeAt(b.length - k - 1)) k++;
  return k;
}
