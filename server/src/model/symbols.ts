// Named things a document defines and uses, for the outline, go to definition,
// find references and FW002 undefined-reference.
import type { Range } from './source';

export type SymbolKind =
  | 'macro' // pf macro
  | 'define' // nft define/redefine
  | 'variable' // shell variable
  | 'function' // shell function
  | 'set' // nft set, pf table
  | 'map'
  | 'table' // nft table, iptables-save table section
  | 'chain'
  | 'anchor'
  | 'helper' // nft ct helper object
  | 'flowtable'
  | 'meter';

export interface SymbolDefinition {
  readonly kind: SymbolKind;
  readonly name: string;
  /** The name token. */
  readonly nameRange: Range;
  /** The whole definition (for the outline's selection). */
  readonly range: Range;
  /** Enclosing table or chain name, when there is one. */
  readonly container?: string;
  /** One line shown in the outline and on hover: the value of a macro, a chain's hook. */
  readonly detail?: string;
}

export interface SymbolReference {
  readonly kind: SymbolKind;
  readonly name: string;
  readonly range: Range;
  /** Same container rule as SymbolDefinition (nft sets are per table). */
  readonly container?: string;
}

/** A file pulled in by `include` (nft, pf) or `load anchor ... from` (pf) or `source`/`.` (shell). */
export interface IncludeReference {
  readonly path: string;
  readonly range: Range;
  /** Whether the file was found and read. */
  readonly resolved: boolean;
}
