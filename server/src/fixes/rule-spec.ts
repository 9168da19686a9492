// What every fix renderer shares: the document's lines and line ending, its
// indentation, port notation per dialect, comment text, whitespace-insensitive
// rule comparison (for idempotence) and an insertion plan that merges the
// lines several intents add at one place into a single edit.
import type { InsertPosition } from '../checks/types';
import type { PortSet } from '../model/ports';
import type { Rule, Ruleset } from '../model/ruleset';
import type { Range } from '../model/source';
import { singleSpaced } from '../model/text';
import type { TextEdit } from './edit';

export type LineEnding = '\r\n' | '\n';

/** The rule an insertion is placed against, and the line the new text goes before. */
export interface Anchor {
  readonly rule: Rule;
  readonly before: boolean;
  readonly line: number;
}

export function anchorOf(position: InsertPosition): Anchor | undefined {
  const rule = 'before' in position ? position.before : 'after' in position ? position.after : undefined;
  // A rule read through an include lives in another document: its lines mean nothing here.
  if (!rule || rule.uri !== undefined) return undefined;
  const before = 'before' in position;
  return { rule, before, line: before ? rule.range.start.line : rule.range.end.line + 1 };
}

/**
 * Whether an equivalent rule already in the anchor's chain does what the intent
 * asks: it must come before the anchor rule (or after it, for last-match
 * dialects). A copy on the other side is shadowed, like a PASV accept after a
 * final DROP, and does nothing. `start` and `end` are the existing rule's
 * place in chain order; the anchor's is its own lines unless `anchorAt` says.
 * Without an anchor, any copy in the chain counts.
 */
export function onIntendedSide(anchor: Anchor | undefined, start: number, end: number, anchorAt?: { start: number; end: number }): boolean {
  if (!anchor) return true;
  const at = anchorAt ?? { start: anchor.rule.range.start.line, end: anchor.rule.range.end.line };
  return anchor.before ? end < at.start : start > at.end;
}

/**
 * onIntendedSide for first-match dialects (iptables, nftables): a copy placed
 * after the anchor rule (beside a control accept) also needs no refusing rule
 * between them, or a DROP in between shadows it. The model's rules of the
 * anchor's chain tell which lines refuse.
 */
export function takesEffectFirstMatch(ruleset: Ruleset, anchor: Anchor | undefined, start: number, end: number, anchorAt?: { start: number; end: number }): boolean {
  if (!onIntendedSide(anchor, start, end, anchorAt)) return false;
  if (!anchor || anchor.before) return true;
  const from = anchor.rule.range.end.line;
  const refuses = (r: Rule): boolean => r.uri === undefined && r.range.start.line > from && r.range.start.line < start && (r.verdict.kind === 'drop' || r.verdict.kind === 'reject');
  return !ruleset.chains.some((c) => c.key === anchor.rule.chainKey && c.rules.some(refuses));
}

export function atChainStart(position: InsertPosition): boolean {
  return 'at' in position && position.at === 'start';
}

/** The document split into lines, remembering how it ends them. */
export class TextLines {
  readonly lines: string[];
  readonly eol: LineEnding;
  /** Whether the last line is terminated (most files end with a newline). */
  readonly endsWithEol: boolean;

  constructor(readonly text: string) {
    this.eol = detectLineEnding(text);
    this.endsWithEol = text.endsWith('\n');
    const body = this.endsWithEol ? text.slice(0, text.endsWith('\r\n') ? -2 : -1) : text;
    this.lines = text.length === 0 ? [] : body.split(/\r?\n/);
  }

  get count(): number {
    return this.lines.length;
  }

  line(index: number): string {
    return this.lines[index] ?? '';
  }
}

/** CRLF when the first line break is CRLF; files rarely mix them. */
export function detectLineEnding(text: string): LineEnding {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

export function indentOf(line: string): string {
  const m = /^[ \t]*/.exec(line);
  return m ? m[0] : '';
}

/** One level of indentation as the file writes it: a tab, or the smallest space step seen. */
export function indentUnit(lines: readonly string[]): string {
  let tabs = 0;
  let spaces = 0;
  let step = Infinity;
  for (const l of lines) {
    const ind = indentOf(l);
    if (ind.length === 0 || ind.length === l.length) continue;
    if (ind[0] === '\t') tabs++;
    else {
      spaces++;
      step = Math.min(step, ind.length);
    }
  }
  if (spaces > tabs && Number.isFinite(step)) return ' '.repeat(step);
  return '\t';
}


/** Comment text safe inside double quotes and on one line. */
export function commentText(comment: string): string {
  return comment.replace(/[\r\n]+/g, ' ').replace(/["\\]/g, "'").trim();
}

export type PortNotation = 'iptables' | 'nftables' | 'pf';

/** Range separator each dialect writes between the two ends of a port range. */
export const RANGE_SEPARATOR: Readonly<Record<PortNotation, string>> = { iptables: ':', nftables: '-', pf: ':' };

/** Each interval as the dialect writes one port or one range: `21`, `50000:50999`, `50000-50999`. */
export function portItems(ports: PortSet, notation: PortNotation, separator = RANGE_SEPARATOR[notation]): string[] {
  return ports.intervals.map((i) => (i.lo === i.hi ? `${i.lo}` : `${i.lo}${separator}${i.hi}`));
}

/** A port match operand: one item bare, several as the dialect lists them. */
export function formatPorts(ports: PortSet, notation: PortNotation): string {
  const items = portItems(ports, notation);
  if (items.length === 1) return items[0];
  switch (notation) {
    case 'iptables':
      return items.join(',');
    case 'nftables':
      return `{ ${items.join(', ')} }`;
    case 'pf':
      return `{ ${items.join(' ')} }`;
  }
}

/** A block created by a fix (a missing section or chain) whose body rules are added to later. */
interface CreatedBlock {
  readonly head: readonly string[];
  readonly body: string[];
  readonly tail: readonly string[];
}

type Segment = (readonly string[] | CreatedBlock) & { rank?: number };

/** Lines to insert before given lines, merged per place so edits never overlap. */
export class InsertionPlan {
  private readonly inserts = new Map<number, Segment[]>();
  private readonly replacements: TextEdit[] = [];
  private readonly created = new Map<string, CreatedBlock>();

  constructor(private readonly doc: TextLines) {}

  private clamp(line: number): number {
    return Math.max(0, Math.min(line, this.doc.count));
  }

  private segments(before: number): Segment[] {
    const at = this.clamp(before);
    let list = this.inserts.get(at);
    if (!list) {
      list = [];
      this.inserts.set(at, list);
    }
    return list;
  }

  /**
   * Inserts whole lines before line `before` (`doc.count` appends at the end).
   * At one place, lower ranks come first (pf translation rules before filter rules).
   */
  insertLines(before: number, lines: readonly string[], rank = 0): void {
    if (lines.length === 0) return;
    const segment: Segment = Object.assign([...lines], { rank });
    const list = this.segments(before);
    let at = list.length;
    while (at > 0 && (list[at - 1].rank ?? 0) > rank) at--;
    list.splice(at, 0, segment);
  }

  /**
   * A block created once per key (a missing section or chain): `make` gives its
   * head and tail; the returned body array receives the rules that go inside.
   */
  block(key: string, before: number, make: () => { head: string[]; tail: string[] }): string[] {
    const existing = this.created.get(key);
    if (existing) return existing.body;
    const { head, tail } = make();
    const block: CreatedBlock = { head, body: [], tail };
    this.created.set(key, block);
    this.segments(before).push(block);
    return block.body;
  }

  replace(range: Range, newText: string): void {
    this.replacements.push({ range, newText });
  }

  /**
   * Lines that go inside one range replacement (once per key), between `prefix`
   * and `suffix`: several rules moved in front of one closing brace share it.
   */
  replacementBody(key: string, range: Range, prefix: string, suffix: string): string[] {
    const existing = this.spliced.get(key);
    if (existing) return existing.body;
    const entry = { range, prefix, suffix, body: [] as string[] };
    this.spliced.set(key, entry);
    return entry.body;
  }

  private readonly spliced = new Map<string, { range: Range; prefix: string; suffix: string; body: string[] }>();

  /** Whether the plan already adds this line (compared without whitespace differences). */
  plans(line: string): boolean {
    const wanted = singleSpaced(line);
    for (const list of this.inserts.values()) {
      for (const seg of list) {
        const lines = isBlock(seg) ? [...seg.head, ...seg.body, ...seg.tail] : seg;
        if (lines.some((l) => singleSpaced(l) === wanted)) return true;
      }
    }
    for (const s of this.spliced.values()) if (s.body.some((l) => singleSpaced(l) === wanted)) return true;
    return false;
  }

  toEdits(): TextEdit[] {
    const eol = this.doc.eol;
    const edits: TextEdit[] = [...this.replacements];
    for (const s of this.spliced.values()) edits.push({ range: s.range, newText: s.prefix + s.body.join(eol) + s.suffix });
    for (const [before, list] of [...this.inserts.entries()].sort((a, b) => a[0] - b[0])) {
      const lines = list.flatMap((seg) => (isBlock(seg) ? [...seg.head, ...seg.body, ...seg.tail] : seg));
      if (lines.length === 0) continue;
      const block = lines.map((l) => l + eol).join('');
      if (before < this.doc.count) {
        edits.push({ range: { start: { line: before, character: 0 }, end: { line: before, character: 0 } }, newText: block });
      } else if (this.doc.count === 0 || this.doc.endsWithEol) {
        const at = { line: this.doc.count, character: 0 };
        edits.push({ range: { start: at, end: at }, newText: block });
      } else {
        // The last line has no line break: start a new line, and leave the file unterminated as it was.
        const last = this.doc.count - 1;
        const at = { line: last, character: this.doc.line(last).length };
        edits.push({ range: { start: at, end: at }, newText: eol + lines.join(eol) });
      }
    }
    return edits;
  }
}

function isBlock(seg: Segment): seg is CreatedBlock {
  return !Array.isArray(seg);
}
