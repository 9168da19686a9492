// Memoising a function of an object that does not change once built: a
// ruleset after lowering, a chain, a packet view, a scanned block. The value
// lives as long as the object does.

export function perObject<K extends object, T>(compute: (key: K) => T): (key: K) => T {
  const known = new WeakMap<K, T>();
  return (key) => {
    const found = known.get(key);
    // `has` only when the remembered value itself may be undefined.
    if (found !== undefined || known.has(key)) return found as T;
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}
