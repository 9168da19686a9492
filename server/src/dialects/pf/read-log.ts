// What reading a document's top-level statements did, statement by statement,
// kept with the memo so that the next analysis can replay a run of statements
// that followed each other in the unchanged start or end as a whole: their
// statements, entries and macro uses are taken from the lists of the previous
// reading, without reading each statement's entry for them.
import type { SymbolReference } from '../../model/symbols';
import type { Statement } from './ast';
import type { LowerLog } from './lower-log';
import type { StatementEntry } from './memo';
import type { MacroUse } from './parser';

export class ReadLog {
  /** Per statement, the errors reported before it. */
  readonly errorsBefore: number[] = [];
  /** Per statement with a memo entry (-1 for one without): where its text starts and where its line ends, and its macro uses' place in `macroUses`. */
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly usesFrom: number[] = [];
  readonly usesTo: number[] = [];
  /** Per memo entry, in order: the statement it stands for. */
  readonly statementOfEntry: number[] = [];
  /** What lowering these statements gave, once it is over. */
  lowered: LowerLog | undefined = undefined;
  /** Per statement, and once more after the last: how many statements before it declare or use symbols (once they are collected). */
  symbolsBefore: number[] | undefined = undefined;

  constructor(
    /** The lists the reading built (top-level statements, their entries, macro uses), filled as it goes. */
    readonly statements: readonly Statement[],
    readonly entries: ReadonlyArray<StatementEntry | undefined>,
    readonly macroUses: readonly MacroUse[],
    readonly macroReferences: readonly SymbolReference[],
  ) {}

  /** A statement is about to be pushed, after `errors` errors. */
  statement(errors: number): void {
    this.errorsBefore.push(errors);
    this.starts.push(-1);
    this.ends.push(-1);
    this.usesFrom.push(-1);
    this.usesTo.push(-1);
  }

  /** The statement just noted stands for memo entry number `entryIndex`, read from [start, end), its macro uses at [usesFrom, usesTo). */
  entry(start: number, end: number, usesFrom: number, usesTo: number, entryIndex: number): void {
    const i = this.starts.length - 1;
    this.starts[i] = start;
    this.ends[i] = end;
    this.usesFrom[i] = usesFrom;
    this.usesTo[i] = usesTo;
    this.statementOfEntry[entryIndex] = i;
  }
}
