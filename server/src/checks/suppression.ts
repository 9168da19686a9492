// Suppression comments, read once from the text for every dialect (iptables,
// nftables and pf all write comments with `#`):
//   `# fwlint: disable=FTP004,FTP006` on a rule's line or on the line(s) above it
//   `# fwlint: disable-file=FTP006` anywhere in the file.
import type { Range } from '../model/source';

export interface Suppressions {
  /** Codes disabled for the whole file. */
  readonly fileCodes: ReadonlySet<string>;
  /** Line a directive applies to -> codes disabled there. */
  readonly lineCodes: ReadonlyMap<number, ReadonlySet<string>>;
}

export interface LineComments {
  /** Zero-based line -> comment text after `#`. */
  readonly byLine: ReadonlyMap<number, string>;
  /** Lines that hold only a comment (or nothing). */
  readonly commentOnly: ReadonlySet<number>;
  readonly blank: ReadonlySet<number>;
  readonly lineCount: number;
}

/** Index of the `#` that starts a comment, ignoring `#` inside quotes; -1 if none. */
function commentStart(line: string): number {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#') {
      // In shell, `#` only starts a comment at the start of a word.
      if (i === 0 || /\s/.test(line[i - 1])) return i;
    }
  }
  return -1;
}

export function scanComments(text: string): LineComments {
  const lines = text.split(/\r?\n/);
  const byLine = new Map<number, string>();
  const commentOnly = new Set<number>();
  const blank = new Set<number>();
  lines.forEach((line, n) => {
    const at = commentStart(line);
    if (at >= 0) byLine.set(n, line.slice(at + 1));
    const code = at >= 0 ? line.slice(0, at) : line;
    if (code.trim() === '') {
      if (at >= 0) commentOnly.add(n);
      else blank.add(n);
    }
  });
  return { byLine, commentOnly, blank, lineCount: lines.length };
}

const DIRECTIVE = /fwlint:\s*(disable-file|disable)\s*=\s*([A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)/g;

export function readSuppressions(comments: LineComments): Suppressions {
  const fileCodes = new Set<string>();
  const lineCodes = new Map<number, Set<string>>();
  for (const [line, comment] of comments.byLine) {
    for (const m of comment.matchAll(DIRECTIVE)) {
      const codes = m[2].split(',').map((c) => c.trim().toUpperCase());
      if (m[1] === 'disable-file') {
        codes.forEach((c) => fileCodes.add(c));
        continue;
      }
      const target = comments.commentOnly.has(line) ? nextStatementLine(comments, line) : line;
      const set = lineCodes.get(target) ?? new Set<string>();
      codes.forEach((c) => set.add(c));
      lineCodes.set(target, set);
    }
  }
  return { fileCodes, lineCodes };
}

/** The first line after `line` that holds code (a directive above a rule may be followed by more comments). */
function nextStatementLine(comments: LineComments, line: number): number {
  let n = line + 1;
  while (n < comments.lineCount && (comments.commentOnly.has(n) || comments.blank.has(n))) n++;
  return n;
}

export function isSuppressed(s: Suppressions, code: string, range: Range): boolean {
  // Most files have no directive: nothing to look up for each of their findings.
  if (s.fileCodes.size === 0 && s.lineCodes.size === 0) return false;
  if (s.fileCodes.has(code)) return true;
  for (let line = range.start.line; line <= range.end.line; line++) {
    if (s.lineCodes.get(line)?.has(code)) return true;
  }
  return false;
}

/** Comment text on the rule's lines and on the comment lines directly above it, lower-cased. */
export function commentsAround(comments: LineComments, range: Range): string {
  const parts: string[] = [];
  let n = range.start.line - 1;
  while (n >= 0 && comments.commentOnly.has(n)) {
    parts.unshift(comments.byLine.get(n) ?? '');
    n--;
  }
  for (let line = range.start.line; line <= range.end.line; line++) {
    const c = comments.byLine.get(line);
    if (c !== undefined) parts.push(c);
  }
  return parts.join('\n').toLowerCase();
}
