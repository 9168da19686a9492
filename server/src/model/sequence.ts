// How two versions of a list compare at their ends: what an edit left alone
// before and after the part it changed (`text.ts` has the same for strings).

// `same` holds for an item and itself; the loops test that first, without a
// call: most items of a list an edit left alone are the same objects.

/** How many leading items of `a` and `b` are `same`. */
export function commonPrefixCount<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): number {
  const n = Math.min(a.length, b.length);
  let k = 0;
  while (k < n && (a[k] === b[k] || same(a[k], b[k]))) k++;
  return k;
}

/** How many trailing items of `a` and `b` are `same`, not reaching into the first `prefix` of either. */
export function commonSuffixCount<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let k = 0;
  for (; k < n; k++) {
    const x = a[a.length - 1 - k];
    const y = b[b.length - 1 - k];
    if (x !== y && !same(x, y)) break;
  }
  return k;
}

/** The first index of ascending `sorted` whose item is `value` or more (its length when none is). */
export function lowerBound<T extends number | bigint>(sorted: ArrayLike<T>, value: T): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
