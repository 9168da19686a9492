// Source positions and diagnostics shared by every layer. Shapes match LSP
// (zero-based line/character, UTF-16 columns) so the wiring layer can pass them
// through unchanged, but nothing here depends on the LSP library.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Dialect = 'iptables' | 'nftables' | 'pf';

/** How the iptables dialect was written: an iptables-save/restore file or a shell script. */
export type SourceForm = 'save' | 'shell' | 'block' | 'flat' | 'conf';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedLocation {
  range: Range;
  message: string;
  /** Another file (an include); absent means the same document. */
  uri?: string;
}

/** A finding in the shape every renderer (LSP, CLI text/json/sarif) understands. */
export interface SourceDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  related?: RelatedLocation[];
  /** Marks a range the editor should fade (unreachable rules). */
  unnecessary?: boolean;
}

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: pos(startLine, startChar), end: pos(endLine, endChar) };
}

/** `r` moved `lines` lines down (up when negative), as a new range: for what an edit moved. */
export function shiftRange(r: Range, lines: number): Range {
  return { start: pos(r.start.line + lines, r.start.character), end: pos(r.end.line + lines, r.end.character) };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

export function containsPosition(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}

/** The smallest range covering both. */
export function spanRanges(a: Range, b: Range): Range {
  return {
    start: comparePositions(a.start, b.start) <= 0 ? a.start : b.start,
    end: comparePositions(a.end, b.end) >= 0 ? a.end : b.end,
  };
}
