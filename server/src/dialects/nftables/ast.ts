// Syntax tree of an nft file. Every node keeps its range; rules keep their
// statements as parsed expressions, lowering gives them meaning.
import type { Range } from '../../model/source';
import type { StatementEntry } from './memo';

export type Expr =
  | { readonly kind: 'word'; readonly text: string; readonly range: Range }
  | { readonly kind: 'string'; readonly text: string; readonly range: Range }
  | { readonly kind: 'var'; readonly name: string; readonly range: Range }
  | { readonly kind: 'setref'; readonly name: string; readonly range: Range }
  /** `ip saddr`, `ct original ip saddr`, `iifname`, `@th,16,16`. */
  | { readonly kind: 'selector'; readonly words: readonly string[]; readonly range: Range }
  /** `{ a, b : c }`; elements may be `key : value` pairs (binary ':'). */
  | { readonly kind: 'set'; readonly elements: readonly Expr[]; readonly range: Range }
  /** `a,b,c` written without braces (`ct state new,established`). */
  | { readonly kind: 'list'; readonly items: readonly Expr[]; readonly range: Range }
  /** '.', '-', ':', '&', '|', '^', '<<', '>>', '/' (prefix), '+' (priority offset). */
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly range: Range }
  /** `expr map { }` / `expr vmap @m`. */
  | { readonly kind: 'lookup'; readonly verdict: boolean; readonly key: Expr; readonly map: Expr; readonly range: Range }
  | { readonly kind: 'paren'; readonly inner: Expr; readonly range: Range }
  /** A verdict in map value position: `22 : accept`, `80 : jump web`. */
  | { readonly kind: 'verdict'; readonly verdict: string; readonly target?: string; readonly targetRange?: Range; readonly range: Range };

export type Statement =
  /** `lhs [op] rhs`, `lhs @set`, bare `lhs` (existence checks). */
  | { readonly kind: 'match'; readonly left: Expr; readonly op?: string; readonly right?: Expr; readonly range: Range }
  | { readonly kind: 'vmap'; readonly key: Expr; readonly map: Expr; readonly range: Range }
  /** `meta mark set 1`, `ct helper set "ftp-standard"`. */
  | { readonly kind: 'assign'; readonly left: Expr; readonly value: Expr; readonly range: Range }
  | {
      readonly kind: 'verdict';
      readonly verdict: string;
      readonly target?: string;
      readonly targetRange?: Range;
      readonly range: Range;
    }
  /** dnat/snat/masquerade/redirect/tproxy: `to` expression when present. */
  | { readonly kind: 'nat'; readonly nat: string; readonly to?: Expr; readonly range: Range }
  /** `meter NAME { key stmt }`. */
  | { readonly kind: 'meter'; readonly name: string; readonly nameRange: Range; readonly range: Range }
  /** `add @s { ip saddr }`, `update @s {...}`, `delete @s {...}`. */
  | { readonly kind: 'setUpdate'; readonly set: string; readonly setRange: Range; readonly range: Range }
  /** `flow add @ft`, `flow offload @ft`. */
  | { readonly kind: 'flow'; readonly flowtable: string; readonly flowtableRange: Range; readonly range: Range }
  /** counter, log, limit, quota, notrack, comment...: keyword plus options as written. */
  | { readonly kind: 'other'; readonly keyword: string; readonly args: readonly Expr[]; readonly range: Range };

export interface RuleNode {
  readonly statements: readonly Statement[];
  readonly range: Range;
  readonly text: string;
}

export interface NamedNode {
  readonly name: string;
  readonly nameRange: Range;
}

export interface ChainSpec {
  type?: string;
  hook?: string;
  hookRange?: Range;
  priority?: Expr;
  device?: string;
  policy?: string;
  policyRange?: Range;
}

/** Key-value lines of a set, map, flowtable or object body. */
export interface Property {
  readonly key: string;
  readonly value: readonly Expr[];
  readonly range: Range;
}

export type TableItem =
  | { readonly kind: 'chain'; readonly chain: ChainBlock }
  | { readonly kind: 'set'; readonly set: ObjectBlock }
  | { readonly kind: 'object'; readonly object: ObjectBlock }
  | { readonly kind: 'include'; readonly include: IncludeNode }
  | { readonly kind: 'define'; readonly define: DefineNode };

export interface ChainBlock extends NamedNode {
  readonly spec: ChainSpec;
  readonly items: readonly ChainItem[];
  readonly range: Range;
}

export type ChainItem =
  /** `remembered`: the memo entry the rule was replayed from or kept in (a document analysed with a memo), which is `rule` itself. */
  | { readonly kind: 'rule'; readonly rule: RuleNode; readonly remembered?: StatementEntry }
  | { readonly kind: 'object'; readonly object: ObjectBlock }
  | { readonly kind: 'include'; readonly include: IncludeNode }
  | { readonly kind: 'define'; readonly define: DefineNode };

/** Sets, maps, flowtables, ct helpers, counters, quotas...: `objectType` says which. */
export interface ObjectBlock extends NamedNode {
  /** 'set' | 'map' | 'flowtable' | 'ct helper' | 'ct timeout' | 'counter' | 'quota' | 'limit' | ... */
  readonly objectType: string;
  readonly properties: readonly Property[];
  readonly range: Range;
}

export interface TableBlock extends NamedNode {
  readonly family: string;
  readonly items: readonly TableItem[];
  readonly range: Range;
}

export interface DefineNode extends NamedNode {
  readonly op: 'define' | 'redefine' | 'undefine';
  readonly value?: Expr;
  readonly range: Range;
}

export interface IncludeNode {
  readonly path: string;
  readonly range: Range;
}

/** Flat commands: `add rule ip filter input ...`, `flush ruleset`, `delete chain ...`. */
export interface CommandNode {
  readonly verb: string;
  readonly object: string;
  /** `ip` when left out, except for `ruleset` commands, where '' means every family. */
  readonly family: string;
  readonly table?: NamedNode;
  /** Chain name for chain/rule commands; set name for set/element commands. */
  readonly target?: NamedNode;
  readonly chainSpec?: ChainSpec;
  /** Body of `add table ... { }` and `add chain ... { }`. */
  readonly tableItems?: readonly TableItem[];
  readonly chainItems?: readonly ChainItem[];
  readonly rule?: RuleNode;
  /** The memo entry of `rule`, as for a chain's rule items. */
  readonly remembered?: StatementEntry;
  readonly objectBlock?: ObjectBlock;
  /** `add element t s { ... }` elements. */
  readonly elements?: Expr;
  /** `position N` / `handle N` / `index N` given with insert/add/replace rule. */
  readonly anchored?: boolean;
  readonly range: Range;
}

export type TopItem =
  | { readonly kind: 'table'; readonly table: TableBlock }
  | { readonly kind: 'command'; readonly command: CommandNode }
  | { readonly kind: 'define'; readonly define: DefineNode }
  | { readonly kind: 'include'; readonly include: IncludeNode };

export interface FileNode {
  readonly items: readonly TopItem[];
  /** Set when the file was parsed as the body of a table (an include inside a table block). */
  readonly tableItems?: readonly TableItem[];
  /** Set when the file was parsed as the body of a chain. */
  readonly chainItems?: readonly ChainItem[];
}

/** Where a file's text sits: the top level, or included inside a table or chain block. */
export type ParseContext = 'top' | 'table' | 'chain';

