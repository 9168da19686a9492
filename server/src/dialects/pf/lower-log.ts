// What lowering the document's top-level statements gave, statement by
// statement, kept with the memo. A run of statements the parser replayed whole
// (see ReadLog) lowers to the rules it lowered to last time when everything
// lowering reads besides the statements is as it was: those rules are taken
// from the previous filter chain as a slice, without reading each statement's
// remembered lowering.
import type { Rule } from '../../model/ruleset';
import type { Host } from './ast';

export class LowerLog {
  /** Per top-level statement, and once more after the last: the next rule id, and how many rules the filter chain held, before it. */
  readonly idBefore: number[] = [];
  readonly filterBefore: number[] = [];
  /** The filter chain's rules once lowering was over. */
  filterRules: readonly Rule[] = [];

  constructor(
    /** What lowering read besides the statements: the block policy, the anchors loaded from files, the const tables. */
    readonly blockPolicy: string,
    readonly loaded: ReadonlySet<string>,
    readonly constTables: ReadonlyMap<string, readonly Host[]>,
  ) {}

  note(nextId: number, filterRules: number): void {
    this.idBefore.push(nextId);
    this.filterBefore.push(filterRules);
  }

  /** Whether lowering reads the same besides the statements as when `previous` was kept. */
  readsAsBefore(previous: LowerLog, content: (hosts: readonly Host[]) => string): boolean {
    if (previous.blockPolicy !== this.blockPolicy || previous.loaded.size !== this.loaded.size || previous.constTables.size !== this.constTables.size) return false;
    for (const name of this.loaded) if (!previous.loaded.has(name)) return false;
    for (const [name, hosts] of this.constTables) {
      const before = previous.constTables.get(name);
      if (before === undefined) return false;
      if (before !== hosts && content(before) !== content(hosts)) return false;
    }
    return true;
  }
}
