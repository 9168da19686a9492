// Definitions and references pf files declare: macros, tables, anchors.
import type { SymbolDefinition, SymbolReference } from '../../model/symbols';
import type { Host, RuleNode, Statement, TableNode } from './ast';
import type { MacroDefinition, ReplayedRunAt } from './parser';
import type { ReadLog } from './read-log';

export interface TableUse {
  readonly reference: SymbolReference;
  /** Inside an inline anchor: its parent may declare the table. */
  readonly inAnchor: boolean;
}

export interface PfSymbols {
  readonly definitions: SymbolDefinition[];
  readonly references: SymbolReference[];
  readonly tableUses: TableUse[];
  /** Declared with `table` or created by a rule (`overload <bad>`). */
  readonly tableNames: Set<string>;
  readonly declaredTableCount: number;
}

/** What one statement adds to the document's symbols; kept with a remembered statement. */
export class StatementSymbols {
  readonly definitions: SymbolDefinition[] = [];
  readonly references: SymbolReference[] = [];
  readonly tableUses: TableUse[] = [];
  /** Tables declared with `table`. */
  readonly declared: string[] = [];
  /** Tables rules create (`overload <bad>`), each with the definition it gets if no `table` line declares it. */
  readonly created: SymbolDefinition[] = [];

  /** `line`: the line the statement was on when these were collected. */
  constructor(readonly line: number) {}

  /** Nothing at all (most rules), known without looking into the lists. */
  empty = true;
}

/** The statements' symbols cached with the memo entries of the top-level ones (same order), when there are entries. */
export type SymbolCache = ReadonlyArray<{ symbols: StatementSymbols | undefined; readonly line: number; positioned(): Statement } | undefined>;

/**
 * With a memo: what reading the top-level statements did (the symbols are noted
 * there), and the runs of them replayed whole. A run whose statements had no
 * symbols last time has none now: they are the same statements.
 */
export interface SymbolRuns {
  readonly log?: ReadLog;
  readonly replayed?: readonly ReplayedRunAt[];
}

export function collectSymbols(
  statements: readonly Statement[],
  macroDefinitions: readonly MacroDefinition[],
  macroReferences: readonly SymbolReference[],
  uri: string,
  cache?: SymbolCache,
  runs: SymbolRuns = {},
): PfSymbols {
  const out: PfSymbols = { definitions: [], references: [], tableUses: [], tableNames: new Set(), declaredTableCount: 0 };
  for (const m of macroDefinitions) {
    if (m.uri !== uri) continue;
    out.definitions.push({ kind: 'macro', name: m.name, nameRange: m.nameRange, range: m.range, detail: m.value });
  }
  for (const r of macroReferences) out.references.push(r);
  let declared = 0;
  const created = new Map<string, SymbolDefinition>();
  let nonEmpty = 0;
  const add = (found: StatementSymbols): void => {
    if (found.empty) return;
    nonEmpty++;
    for (const d of found.definitions) out.definitions.push(d);
    for (const r of found.references) out.references.push(r);
    for (const u of found.tableUses) out.tableUses.push(u);
    for (const name of found.declared) {
      declared++;
      out.tableNames.add(name);
    }
    for (const def of found.created) if (!created.has(def.name)) created.set(def.name, def);
  };
  const walk = (list: readonly Statement[], inAnchor: boolean, container: string | undefined): void => {
    const entries = list === statements ? cache : undefined;
    const noted = list === statements && runs.log ? ([] as number[]) : undefined;
    const replayed = noted && runs.replayed && runs.replayed.length > 0 ? runs.replayed : undefined;
    let nextRun = 0;
    for (let i = 0; i < list.length; i++) {
      if (noted) {
        const run = replayed?.[nextRun];
        if (run?.at === i) {
          nextRun++;
          const before = run.run.log.symbolsBefore;
          if (before && before[run.run.to] === before[run.run.from]) {
            for (let k = run.run.from; k < run.run.to; k++) noted.push(nonEmpty);
            i += run.run.to - run.run.from - 1;
            continue;
          }
        }
        noted.push(nonEmpty);
      }
      const s = list[i];
      const entry = entries?.[i];
      if (entry) {
        // An entry's statement reads the same wherever it is: only the ranges of its symbols move.
        let kept = entry.symbols;
        if (kept === undefined || (!kept.empty && kept.line !== entry.line)) {
          kept = statementSymbols(entry.positioned(), inAnchor, container, entry.line);
          entry.symbols = kept;
        }
        add(kept);
      } else {
        add(statementSymbols(s, inAnchor, container, 0));
      }
      if (s.type === 'rule' && s.body) walk(s.body, true, s.anchorName?.text);
    }
    if (noted && runs.log) {
      noted.push(nonEmpty);
      runs.log.symbolsBefore = noted;
    }
  };
  walk(statements, false, undefined);
  // a table that rules create counts as defined; it is listed only when no `table` line declares it
  for (const [name, def] of created) {
    if (!out.tableNames.has(name)) out.definitions.push(def);
    out.tableNames.add(name);
  }
  return { ...out, declaredTableCount: declared };
}

/** The symbols one statement declares and uses (not those of an anchor's body). */
function statementSymbols(s: Statement, inAnchor: boolean, container: string | undefined, line: number): StatementSymbols {
  const out = new StatementSymbols(line);
  const useHosts = (hosts: readonly Host[]): void => {
    for (const h of hosts) {
      if (h.kind !== 'table') continue;
      const reference: SymbolReference = { kind: 'set', name: h.text.slice(1, -1), range: h.range };
      out.references.push(reference);
      out.tableUses.push({ reference, inAnchor });
    }
  };
  if (s.type === 'table') {
    out.declared.push(s.name.text);
    out.definitions.push({ kind: 'set', name: s.name.text, nameRange: s.name.range, range: s.range, detail: tableDetail(s), ...(container ? { container } : {}) });
    useHosts(s.entries);
  } else if (s.type === 'load-anchor') {
    out.references.push({ kind: 'anchor', name: s.name.text, range: s.name.range });
  } else if (s.type === 'rule') {
    ruleSymbols(s, container, useHosts, out);
  }
  out.empty = out.definitions.length + out.references.length + out.declared.length + out.created.length === 0;
  return out;
}

function ruleSymbols(r: RuleNode, container: string | undefined, useHosts: (hosts: readonly Host[]) => void, out: StatementSymbols): void {
  if (r.from) useHosts(r.from.hosts);
  if (r.to) useHosts(r.to.hosts);
  for (const t of r.translations) useHosts(t.hosts);
  for (const t of r.createdTables) {
    out.references.push({ kind: 'set', name: t.text, range: t.range });
    out.created.push({ kind: 'set', name: t.text, nameRange: t.range, range: r.range, detail: 'created by this rule', ...(container ? { container } : {}) });
  }
  if (r.anchorName) {
    if (r.action === 'anchor') {
      const detail = r.body ? 'inline anchor' : r.anchorName.text.endsWith('*') ? 'anchors filled at run time' : 'anchor';
      out.definitions.push({ kind: 'anchor', name: r.anchorName.text, nameRange: r.anchorName.range, range: r.range, detail, ...(container ? { container } : {}) });
    } else {
      out.references.push({ kind: 'anchor', name: r.anchorName.text, range: r.anchorName.range });
    }
  }
}

function tableDetail(t: TableNode): string {
  const parts = [...t.flags, ...t.files.map((f) => `file "${f.text}"`)];
  if (t.entries.length > 0) {
    const shown = t.entries.slice(0, 4).map((h) => `${h.negated ? '!' : ''}${h.text}`);
    parts.push(`{ ${shown.join(' ')}${t.entries.length > 4 ? ` ... (${t.entries.length})` : ''} }`);
  }
  return parts.join(' ');
}
