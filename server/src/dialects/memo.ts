// What a front end may keep between analyses of one document, so an edit
// re-reads only the statements it changed. The host (the language server)
// holds one per open document and drops it when the document closes; the CLI
// analyses each file once and passes none. Each front end keeps its own kind of
// entry under its own slot.

import { commonPrefixLength, commonSuffixLength } from '../model/text';

/** Strings this short are copied when sliced; longer slices keep the whole text they were cut from alive. */
const SLICE_MIN_LENGTH = 13;

/**
 * `s` as a string of its own. A slice of a document keeps the whole document
 * alive: what a memo keeps from one version must not keep that version.
 */
export function detached(s: string): string {
  // Slicing a concatenation copies it first: the slice then refers to the copy.
  return s.length < SLICE_MIN_LENGTH ? s : (' ' + s).slice(1);
}

/** A copy of plain data (objects, arrays, strings, numbers) with every string detached from the document. */
export function detachedData<T>(value: T): T {
  // The walk builds the same shape it reads.
  return detachData(value) as T;
}

function detachData(value: unknown): unknown {
  if (typeof value === 'string') return detached(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(detachData);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = detachData(v);
  return out;
}

/** A front end's kind of memo, made on first use. */
export interface MemoSlot<T> {
  readonly name: string;
  create(): T;
}

export class FrontendMemo {
  private readonly slots = new Map<MemoSlot<unknown>, unknown>();

  slot<T>(kind: MemoSlot<T>): T {
    let value = this.slots.get(kind as MemoSlot<unknown>);
    if (value === undefined) {
      value = kind.create();
      this.slots.set(kind as MemoSlot<unknown>, value);
    }
    // The map only ever holds, under each slot, what that slot created.
    return value as T;
  }
}

/**
 * What an edit changed, in lines: lines before `firstChanged` are unchanged at
 * the same index; lines from `firstUnchangedAfter` on are unchanged and were,
 * in the previous text, at their index minus `shift`.
 */
export interface LineChange {
  /** The new text's lines (split at `\n`). */
  readonly lines: readonly string[];
  readonly firstChanged: number;
  readonly firstUnchangedAfter: number;
  readonly shift: number;
  /** The previous text's lines. */
  readonly previousLines: readonly string[];
}

/**
 * A document's text as lines, kept between analyses: the next text is compared
 * with it line by line from both ends, so an edit costs a split of the changed
 * lines only and tells which lines are still the same (and where they moved).
 */
export class DocumentLines {
  private lines: string[] = [];
  /** Where each line starts in the text. */
  private starts: number[] = [];
  private text: string | undefined;

  update(text: string): LineChange {
    const previousLines = this.lines;
    const oldText = this.text;
    if (oldText === undefined) return this.replace(text, text.split('\n'), previousLines);
    const old = this.lines;
    const oldStarts = this.starts;
    const m = old.length;
    const prefix = commonPrefixLength(text, oldText);
    // The common end may overlap the common start; the overlap is resolved by lines below.
    const suffix = commonSuffixLength(text, oldText, 0);
    // Lines before the one the first difference is on are unchanged.
    const a = Math.max(0, firstAbove(oldStarts, prefix) - 1);
    const middleStart = oldStarts[a];
    // Lines whose preceding line break is in the common end are unchanged,
    // provided they do not overlap the unchanged start in either text.
    const moved = text.length - oldText.length;
    let b = Math.max(a, firstAbove(oldStarts, oldText.length - suffix));
    while (b < m && oldStarts[b] + moved < middleStart) b++;
    const middleEnd = b < m ? oldStarts[b] + moved - 1 : text.length;
    const middle = middleEnd < middleStart ? [] : text.slice(middleStart, middleEnd).split('\n');
    const lines = old.slice(0, a);
    const starts = oldStarts.slice(0, a);
    let offset = middleStart;
    for (const line of middle) {
      lines.push(line);
      starts.push(offset);
      offset += line.length + 1;
    }
    for (let j = b; j < m; j++) {
      lines.push(old[j]);
      starts.push(oldStarts[j] + moved);
    }
    this.lines = lines;
    this.starts = starts;
    this.text = text;
    return { lines, firstChanged: a, firstUnchangedAfter: a + middle.length, shift: a + middle.length - b, previousLines };
  }

  /** Forgets the text: the next update reads every line as new. */
  clear(): void {
    this.lines = [];
    this.starts = [];
    this.text = undefined;
  }

  private replace(text: string, lines: string[], previousLines: readonly string[]): LineChange {
    const starts: number[] = new Array<number>(lines.length);
    let offset = 0;
    for (let i = 0; i < lines.length; i++) {
      starts[i] = offset;
      offset += lines[i].length + 1;
    }
    this.lines = lines;
    this.starts = starts;
    this.text = text;
    return { lines, firstChanged: 0, firstUnchangedAfter: lines.length, shift: 0, previousLines };
  }
}

/** The index of the first of the ascending `values` above `limit` (values.length if none). */
function firstAbove(values: readonly number[], limit: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] > limit) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
