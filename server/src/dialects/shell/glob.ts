// Shell pattern matching (`*`, `?`, `[...]`, `\x`) for `${X#pattern}` and
// friends. Iterative with single-star backtracking: O(pattern x text), no
// regular expressions, so no catastrophic backtracking.

export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starT = t;
      continue;
    }
    if (p < pattern.length) {
      const step = matchOne(pattern, p, text[t]);
      if (step > 0) {
        p += step;
        t++;
        continue;
      }
    }
    if (starP < 0) return false;
    p = starP + 1;
    t = ++starT;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Length of the pattern element at `p` if it matches `c`, else 0. */
function matchOne(pattern: string, p: number, c: string): number {
  const pc = pattern[p];
  if (pc === '?') return 1;
  if (pc === '\\' && p + 1 < pattern.length) return pattern[p + 1] === c ? 2 : 0;
  if (pc === '[') {
    const close = pattern.indexOf(']', p + 2);
    if (close > 0) {
      let body = pattern.slice(p + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      let found = false;
      for (let i = 0; i < body.length; i++) {
        if (body[i + 1] === '-' && i + 2 < body.length) {
          if (c >= body[i] && c <= body[i + 2]) found = true;
          i += 2;
        } else if (body[i] === c) {
          found = true;
        }
      }
      return found !== negate ? close - p + 1 : 0;
    }
  }
  return pc === c ? 1 : 0;
}

export function hasGlobCharacters(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}

/** `${X#p}` / `${X##p}` / `${X%p}` / `${X%%p}`. */
export function trimByPattern(text: string, pattern: string, op: string): string {
  const fromStart = op[0] === '#';
  const longest = op.length === 2;
  const lengths: number[] = [];
  for (let n = 0; n <= text.length; n++) lengths.push(n);
  if (longest) lengths.reverse();
  for (const n of lengths) {
    const piece = fromStart ? text.slice(0, n) : text.slice(text.length - n);
    if (globMatch(pattern, piece)) return fromStart ? text.slice(n) : text.slice(0, text.length - n);
  }
  return text;
}
