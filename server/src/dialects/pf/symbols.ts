// Definitions and references pf files declare: macros, tables, anchors.
import type { SymbolDefinition, SymbolReference } from '../../model/symbols';
import type { Host, RuleNode, Statement, TableNode } from './ast';
import type { MacroDefinition, MacroUse } from './parser';

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

export function collectSymbols(statements: readonly Statement[], macroDefinitions: readonly MacroDefinition[], macroUses: readonly MacroUse[], uri: string): PfSymbols {
  const out: PfSymbols = { definitions: [], references: [], tableUses: [], tableNames: new Set(), declaredTableCount: 0 };
  for (const m of macroDefinitions) {
    if (m.uri !== uri) continue;
    out.definitions.push({ kind: 'macro', name: m.name, nameRange: m.nameRange, range: m.range, detail: m.value });
  }
  for (const u of macroUses) out.references.push({ kind: 'macro', name: u.name, range: u.range });
  let declared = 0;
  const created = new Map<string, SymbolDefinition>();
  const walk = (list: readonly Statement[], inAnchor: boolean, container: string | undefined): void => {
    for (const s of list) {
      if (s.type === 'table') {
        declared++;
        out.tableNames.add(s.name.text);
        out.definitions.push({ kind: 'set', name: s.name.text, nameRange: s.name.range, range: s.range, detail: tableDetail(s), ...(container ? { container } : {}) });
        useHosts(s.entries, inAnchor);
      } else if (s.type === 'load-anchor') {
        out.references.push({ kind: 'anchor', name: s.name.text, range: s.name.range });
      } else if (s.type === 'rule') {
        ruleSymbols(s, inAnchor, container);
        if (s.body) walk(s.body, true, s.anchorName?.text);
      }
    }
  };
  const useHosts = (hosts: readonly Host[], inAnchor: boolean): void => {
    for (const h of hosts) {
      if (h.kind !== 'table') continue;
      const reference: SymbolReference = { kind: 'set', name: h.text.slice(1, -1), range: h.range };
      out.references.push(reference);
      out.tableUses.push({ reference, inAnchor });
    }
  };
  const ruleSymbols = (r: RuleNode, inAnchor: boolean, container: string | undefined): void => {
    useHosts(r.from?.hosts ?? [], inAnchor);
    useHosts(r.to?.hosts ?? [], inAnchor);
    for (const t of r.translations) useHosts(t.hosts, inAnchor);
    for (const t of r.createdTables) {
      out.references.push({ kind: 'set', name: t.text, range: t.range });
      if (!created.has(t.text)) created.set(t.text, { kind: 'set', name: t.text, nameRange: t.range, range: r.range, detail: 'created by this rule', ...(container ? { container } : {}) });
    }
    if (r.anchorName) {
      if (r.action === 'anchor') {
        const detail = r.body ? 'inline anchor' : r.anchorName.text.endsWith('*') ? 'anchors filled at run time' : 'anchor';
        out.definitions.push({ kind: 'anchor', name: r.anchorName.text, nameRange: r.anchorName.range, range: r.range, detail, ...(container ? { container } : {}) });
      } else {
        out.references.push({ kind: 'anchor', name: r.anchorName.text, range: r.anchorName.range });
      }
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

function tableDetail(t: TableNode): string {
  const parts = [...t.flags, ...t.files.map((f) => `file "${f.text}"`)];
  if (t.entries.length > 0) {
    const shown = t.entries.slice(0, 4).map((h) => `${h.negated ? '!' : ''}${h.text}`);
    parts.push(`{ ${shown.join(' ')}${t.entries.length > 4 ? ` ... (${t.entries.length})` : ''} }`);
  }
  return parts.join(' ');
}
