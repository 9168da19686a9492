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
