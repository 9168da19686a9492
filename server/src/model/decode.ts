// Firewall files come from many editors and eras: most are UTF-8, some carry
// Latin-1 or Big5 comments. Decoding never fails: text that is not valid UTF-8
// is read as Latin-1, so every byte maps to one character and ranges stay
// stable, instead of sprinkling U+FFFD through the document.

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('latin1');

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Decodes file bytes: UTF-8 when valid (a leading BOM is dropped), Latin-1 otherwise. */
export function decodeText(bytes: Uint8Array): string {
  try {
    const text = UTF8.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return LATIN1.decode(bytes);
  }
}
