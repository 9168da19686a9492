// Tables of names (options, protocols, services, keywords) are looked up with
// words from the document. A plain object literal would also answer for the
// names every object inherits (`constructor`, `toString`, `__proto__`): a rule
// saying `-m constructor` must find nothing, not a function.

/** `entries` as a table with no inherited names. */
export function nameTable<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/**
 * `entries` as a map, for tables asked once per rule of large files: a map
 * answers a word just read from a document by its hash, where an object
 * first has to find the word among the engine's property names.
 */
export function nameMap<T>(entries: Readonly<Record<string, T>>): ReadonlyMap<string, T> {
  return new Map(Object.entries(entries));
}
