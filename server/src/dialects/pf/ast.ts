// The pf syntax tree: just what lowering, symbols and checks need, each node
// with its document range. Values keep the text as expanded (`em0`) and the
// range as written (`$ext_if`).
import type { Range } from '../../model/source';

export interface Value {
  readonly text: string;
  readonly range: Range;
}

export type HostKind =
  | 'any'
  | 'address' // literal address, CIDR, range; or a name pf resolves: hostname, interface, if:network, self, egress
  | 'table' // <name>
  | 'dynamic' // (if), (if:network)
  | 'no-route'
  | 'urpf-failed'
  | 'route'
  | 'unresolved';

export interface Host {
  readonly kind: HostKind;
  /** As pf reads it after macro expansion: `10.0.0.0/8`, `<bad>`, `(em0)`. */
  readonly text: string;
  readonly negated: boolean;
  readonly range: Range;
}

export type PortOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | ':' | '><' | '<>';

export interface PortItem {
  readonly op: PortOp;
  readonly a: Value;
  readonly b?: Value;
  readonly range: Range;
}

export interface Endpoint {
  readonly hosts: Host[];
  readonly ports?: PortItem[];
  readonly range: Range;
}

export type TranslationKind = 'nat-to' | 'rdr-to' | 'binat-to' | 'divert-to' | 'af-to' | 'arrow' | 'divert-packet';

export interface Translation {
  readonly kind: TranslationKind;
  readonly hosts: Host[];
  readonly ports?: PortItem[];
  readonly range: Range;
}

export type RuleAction = 'pass' | 'block' | 'match' | 'anchor' | 'nat' | 'rdr' | 'binat' | 'nat-anchor' | 'rdr-anchor' | 'binat-anchor';

export interface RuleNode {
  readonly type: 'rule';
  readonly action: RuleAction;
  /** The whole statement; set when the statement ends. */
  range: Range;
  /** For an inline anchor: the line up to its `{`. */
  headerRange?: Range;
  readonly keywordRange: Range;
  /** `block drop|return|return-rst|return-icmp...` as written; undefined for plain `block`. */
  blockMode?: string;
  /** `no nat`, `no rdr`. */
  negatedTranslation?: boolean;
  /** `nat pass`, `rdr pass`. */
  passThrough?: boolean;
  direction?: 'in' | 'out';
  log?: boolean;
  quick?: boolean;
  interfaces?: { names: Value[]; negated: boolean };
  af?: 4 | 6;
  protocols?: Value[];
  from?: Endpoint;
  to?: Endpoint;
  /** `flags S/SA`; `any` for `flags any`. */
  flags?: Value;
  state?: 'keep' | 'modulate' | 'synproxy' | 'no';
  translations: Translation[];
  /** Conditions the model does not interpret, as written: `user _pbuild`, `tagged X`. */
  opaque: string[];
  /** Actions the model records without interpreting: `route-to ...`, `tag X`. */
  otherActions: Value[];
  /** Anchor name as written (`ftp-proxy/*`), or a generated one for an unnamed inline anchor. */
  anchorName?: Value;
  /** Statements of an inline anchor `{ ... }`. */
  body?: Statement[];
  /** Tables a rule creates (`overload <bad>`). */
  createdTables: Value[];
}

export interface MacroNode {
  readonly type: 'macro';
  readonly name: Value;
  readonly value: string;
  readonly range: Range;
}

export interface TableNode {
  readonly type: 'table';
  readonly name: Value;
  readonly flags: string[];
  readonly entries: Host[];
  readonly files: Value[];
  readonly range: Range;
}

export interface OptionNode {
  readonly type: 'option';
  /** `set block-policy return` -> name `block-policy`, args [`return`]. */
  readonly name: string;
  readonly args: string[];
  readonly range: Range;
}

export interface IncludeNode {
  readonly type: 'include';
  readonly path: Value;
  readonly range: Range;
}

export interface LoadAnchorNode {
  readonly type: 'load-anchor';
  readonly name: Value;
  readonly path: Value;
  readonly range: Range;
}

export interface AntispoofNode {
  readonly type: 'antispoof';
  readonly interfaces: Value[];
  readonly quick: boolean;
  readonly log: boolean;
  readonly af?: 4 | 6;
  readonly range: Range;
}

/** Statements read but not modelled: scrub, altq, queue, ether rules. */
export interface OtherNode {
  readonly type: 'other';
  readonly keyword: string;
  readonly range: Range;
}

export type Statement = RuleNode | MacroNode | TableNode | OptionNode | IncludeNode | LoadAnchorNode | AntispoofNode | OtherNode;
