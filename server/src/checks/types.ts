// What a check is, what it reports and how it proposes a fix. Checks read the
// shared model and the engine's answers only; fixes are dialect-neutral intents
// that server/src/fixes renders in the file's own dialect and style.
import type { PortSet } from '../model/ports';
import type { CtState, Rule } from '../model/ruleset';
import type { Dialect, Range, RelatedLocation, Severity } from '../model/source';

export interface CheckMeta {
  /** Stable code: FTP001, FW003. */
  readonly code: string;
  /** kebab-case name: passive-data-blocked. */
  readonly name: string;
  readonly defaultSeverity: Severity;
  /** One sentence: what is flagged. */
  readonly summary: string;
  readonly dialects: readonly Dialect[];
  readonly fixable: boolean;
}

/** Where in the packet path an inserted rule must go. */
export type RulePath = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

/** A rule to insert, independent of dialect. */
export interface RuleSpec {
  readonly path: RulePath;
  /** The kind of chain: filtering, address translation, or iptables' raw table (helper assignment). */
  readonly table: 'filter' | 'nat' | 'raw';
  readonly ipVersion?: 4 | 6;
  readonly protocol: 'tcp' | 'udp';
  readonly src?: string;
  readonly dst?: string;
  readonly sport?: PortSet;
  readonly dport?: PortSet;
  readonly inInterface?: string;
  readonly outInterface?: string;
  readonly ctState?: readonly CtState[];
  /** Match on the master connection's helper (`-m helper --helper ftp`). */
  readonly ctHelper?: string;
  readonly action:
    | { readonly kind: 'accept' }
    | { readonly kind: 'drop' }
    | { readonly kind: 'reject' }
    | { readonly kind: 'dnat'; readonly address: string; readonly ports?: PortSet }
    /** Assign the conntrack helper (`-j CT --helper ftp`, nft `ct helper set`, declaring the helper object). */
    | { readonly kind: 'ct-helper'; readonly helper: string }
    /** pf: `anchor "ftp-proxy/*"` (and nat-anchor/rdr-anchor for old-style NAT files). */
    | { readonly kind: 'anchor'; readonly name: string }
    /** pf: divert to a local proxy (`divert-to 127.0.0.1 port 8021`, or old `rdr pass ... ->`). */
    | { readonly kind: 'divert'; readonly address: string; readonly port: number };
  /** pf only: add `quick`. */
  readonly quick?: boolean;
  /** Written next to the inserted rule: what it is for. */
  readonly comment: string;
}

export type InsertPosition =
  /** Before this rule, so that it takes effect first (first-match dialects, pf quick). */
  | { readonly before: Rule }
  /** After this rule (pf last-match: a later rule wins). */
  | { readonly after: Rule }
  /** At the start or end of the chain that handles this path (created if missing). */
  | { readonly at: 'start' | 'end' };

export type FixIntent =
  | { readonly kind: 'insert-rules'; readonly rules: readonly RuleSpec[]; readonly position: InsertPosition }
  /** Change the port match of an existing rule in place (FTP004 widens a range). */
  | { readonly kind: 'replace-ports'; readonly rule: Rule; readonly field: 'sport' | 'dport'; readonly from: PortSet; readonly to: PortSet };

export interface FixProposal {
  readonly title: string;
  readonly preferred: boolean;
  /** Safe fixes keep meaning apart from the problem they fix; unsafe ones open or close traffic a person should review. */
  readonly safety: 'safe' | 'unsafe';
  readonly intents: readonly FixIntent[];
}

export interface Finding {
  readonly code: string;
  readonly message: string;
  /** The rule a person would change (or the place a missing rule belongs). */
  readonly range: Range;
  readonly related: readonly RelatedLocation[];
  readonly unnecessary?: boolean;
  readonly fixes: readonly FixProposal[];
}
