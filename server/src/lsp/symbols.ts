// The outline: every definition the front end found, nested by where it sits
// (a chain inside its table, a set inside its table, an anchor's rules...).
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import { comparePositions, spanRanges, type Range } from '../model/source';
import type { SymbolDefinition, SymbolKind as FwSymbolKind } from '../model/symbols';

const KIND: Readonly<Record<FwSymbolKind, SymbolKind>> = {
  macro: SymbolKind.Constant,
  define: SymbolKind.Constant,
  variable: SymbolKind.Variable,
  function: SymbolKind.Function,
  set: SymbolKind.Array,
  map: SymbolKind.Object,
  table: SymbolKind.Namespace,
  chain: SymbolKind.Class,
  anchor: SymbolKind.Namespace,
  helper: SymbolKind.Object,
  flowtable: SymbolKind.Struct,
  meter: SymbolKind.Event,
};

const CONTAINER_KINDS: ReadonlySet<FwSymbolKind> = new Set(['table', 'chain', 'anchor', 'function']);

function contains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

export function documentSymbols(definitions: readonly SymbolDefinition[]): DocumentSymbol[] {
  const sorted = [...definitions].sort(
    (a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(b.range.end, a.range.end),
  );
  const nodes = sorted.map((d) => ({
    def: d,
    symbol: {
      name: d.name,
      detail: d.detail,
      kind: KIND[d.kind],
      // LSP requires the selection range inside the full range.
      range: spanRanges(d.range, d.nameRange),
      selectionRange: d.nameRange,
      children: [] as DocumentSymbol[],
    } satisfies DocumentSymbol,
  }));
  // Containers by name, so naming a container costs a lookup, not a scan (files define up to 100,000 names).
  const containersByName = new Map<string, (typeof nodes)[number][]>();
  for (const n of nodes) {
    if (!CONTAINER_KINDS.has(n.def.kind)) continue;
    const list = containersByName.get(n.def.name);
    if (list) list.push(n);
    else containersByName.set(n.def.name, [n]);
  }
  const roots: DocumentSymbol[] = [];
  const open: typeof nodes = []; // containers whose range may still enclose what follows
  for (const node of nodes) {
    while (open.length > 0 && !contains(open[open.length - 1].symbol.range, node.symbol.range)) open.pop();
    const enclosing = open.length > 0 && !sameRange(open[open.length - 1].symbol.range, node.symbol.range) ? open[open.length - 1] : undefined;
    // Flat syntax (`add chain inet fw input`) names its container without enclosing it.
    const candidates = enclosing || node.def.container === undefined ? undefined : containersByName.get(node.def.container);
    const named = candidates?.find((n) => n !== node && n.def.kind !== node.def.kind);
    const parent = enclosing ?? named;
    if (parent) parent.symbol.children.push(node.symbol);
    else roots.push(node.symbol);
    if (CONTAINER_KINDS.has(node.def.kind)) open.push(node);
  }
  return roots;
}
