// How two versions of a list compare at their ends: what an edit left alone
// before and after the part it changed (`text.ts` has the same for strings).

/** How many leading items of `a` and `b` are `same`. */
export function commonPrefixCount<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): number {
  const n = Math.min(a.length, b.length);
  let k = 0;
  while (k < n && same(a[k], b[k])) k++;
  return k;
}

/** How many trailing items of `a` and `b` are `same`, not reaching into the first `prefix` of either. */
export function commonSuffixCount<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let k = 0;
  while (k < n && same(a[a.length - 1 - k], b[b.length - 1 - k])) k++;
  return k;
}
