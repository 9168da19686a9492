// What a renderer reads from the whole document (its lines, blocks, style)
// depends on the text alone. One analysis renders every fix against the same
// text, so each renderer keeps the scan of the last text it saw: N fixes cost
// one scan, not N.

/** Wraps `scan` so that calls with the text of the previous call reuse its result. */
export function lastDocumentCache<T>(scan: (text: string) => T): (text: string) => T {
  let lastText: string | undefined;
  let lastValue: T | undefined;
  return (text) => {
    if (lastText !== text || lastValue === undefined) {
      lastValue = scan(text);
      lastText = text;
    }
    return lastValue;
  };
}
