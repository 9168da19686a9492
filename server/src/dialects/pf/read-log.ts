// What reading a document's top-level statements did, statement by statement,
// kept with the memo so that the next analysis can replay a run of statements
// that followed each other in the unchanged start or end as a whole: their
// statements, entries and macro uses are taken from the lists of the previous
// reading, without reading each statement's entry for them.
import type { Statement } from './ast';
import type { LowerLog } from './lower-log';
import type { StatementEntry } from './memo';
import type { MacroUse } from './parser';

export class ReadLog {
  /** How many statements are noted. */
  count = 0;
  /** Per statement, the errors reported before it. */
  errorsBefore: Int32Array;
  /** Per statement with a memo entry (-1 for one without): where its text starts and where its line ends, and its macro uses' place in `macroUses`. */
  starts: Int32Array;
  ends: Int32Array;
  usesFrom: Int32Array;
  usesTo: Int32Array;
  /** Per memo entry, in order: the statement it stands for. */
  statementOfEntry: Int32Array;
  /** What lowering these statements gave, once it is over. */
  lowered: LowerLog | undefined = undefined;
  /** Per statement, and once more after the last: how many statements before it declare or use symbols (once they are collected). */
  symbolsBefore: number[] | undefined = undefined;

  constructor(
    /** The lists the reading built (top-level statements, their entries, macro uses), filled as it goes. */
    readonly statements: readonly Statement[],
    readonly entries: ReadonlyArray<StatementEntry | undefined>,
    readonly macroUses: readonly MacroUse[],
    /** How many statements to make room for at first (the previous reading's count: most edits keep it). */
    capacity: number,
  ) {
    // Typed arrays: kept from one analysis to the next, and the collector does not copy their contents.
    const n = Math.max(16, capacity + 16);
    this.errorsBefore = new Int32Array(n);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.usesFrom = new Int32Array(n);
    this.usesTo = new Int32Array(n);
    this.statementOfEntry = new Int32Array(n);
  }

  /** A statement is about to be pushed, after `errors` errors. */
  statement(errors: number): void {
    const i = this.count++;
    if (i === this.starts.length) this.grow();
    this.errorsBefore[i] = errors;
    this.starts[i] = -1;
    this.ends[i] = -1;
    this.usesFrom[i] = -1;
    this.usesTo[i] = -1;
  }

  /** The statement just noted stands for memo entry number `entryIndex`, read from [start, end), its macro uses at [usesFrom, usesTo). */
  entry(start: number, end: number, usesFrom: number, usesTo: number, entryIndex: number): void {
    const i = this.count - 1;
    this.starts[i] = start;
    this.ends[i] = end;
    this.usesFrom[i] = usesFrom;
    this.usesTo[i] = usesTo;
    // Entries are fewer than statements: its room is there.
    this.statementOfEntry[entryIndex] = i;
  }

  /**
   * Notes statements `from` to `to` of `previous` again, all at once, as a run
   * replayed whole: each with its memo entry (numbered on from `entryIndex`),
   * its text moved by `shift`, its macro uses moved to start at `usesAt`
   * (where they go in this reading's list), and its errors counted on from
   * `errors` (the only errors between them are their own, as before).
   */
  replay(previous: ReadLog, from: number, to: number, shift: number, usesAt: number, errors: number, entryIndex: number): void {
    const n = to - from;
    while (this.count + n > this.starts.length) this.grow();
    const at = this.count;
    const usesMoved = usesAt - previous.usesFrom[from];
    const errorsMoved = errors - previous.errorsBefore[from];
    for (let k = 0; k < n; k++) {
      const i = at + k;
      const j = from + k;
      this.errorsBefore[i] = previous.errorsBefore[j] + errorsMoved;
      this.starts[i] = previous.starts[j] + shift;
      this.ends[i] = previous.ends[j] + shift;
      this.usesFrom[i] = previous.usesFrom[j] + usesMoved;
      this.usesTo[i] = previous.usesTo[j] + usesMoved;
      this.statementOfEntry[entryIndex + k] = i;
    }
    this.count += n;
  }

  private grow(): void {
    const bigger = (a: Int32Array): Int32Array => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.errorsBefore = bigger(this.errorsBefore);
    this.starts = bigger(this.starts);
    this.ends = bigger(this.ends);
    this.usesFrom = bigger(this.usesFrom);
    this.usesTo = bigger(this.usesTo);
    this.statementOfEntry = bigger(this.statementOfEntry);
  }
}
