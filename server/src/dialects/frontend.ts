// What every dialect front end (parse + lower) produces. Front ends never
// throw: errors become FW001/FW002 diagnostics and parsing goes on.
import type { Ruleset } from '../model/ruleset';
import type { Dialect, SourceDiagnostic, SourceForm } from '../model/source';
import type { IncludeReference, SymbolDefinition, SymbolReference } from '../model/symbols';
import type { FrontendMemo } from './memo';

export interface FrontendOptions {
  /** The document's URI or path; used in related locations and include resolution. */
  readonly uri: string;
  /**
   * Reads an included file. Absent means includes are not followed. The host
   * decides what may be read (the workspace only) and guards against cycles.
   */
  readonly readInclude?: (path: string, fromUri: string) => { uri: string; text: string } | undefined;
  /**
   * How the host believes the document is written (from its file name, language
   * mode or content): `shell` for a script calling iptables. A hint; absent
   * means the front end decides.
   */
  readonly form?: SourceForm;
  /** What earlier analyses of the same document left for this one (absent: read everything afresh). */
  readonly memo?: FrontendMemo;
}

export interface FrontendResult {
  readonly dialect: Dialect;
  readonly form: SourceForm;
  readonly ruleset: Ruleset;
  /** FW001 syntax-error and FW002 undefined-reference, on exact ranges. */
  readonly diagnostics: SourceDiagnostic[];
  readonly definitions: SymbolDefinition[];
  readonly references: SymbolReference[];
  readonly includes: IncludeReference[];
}

export interface Frontend {
  readonly dialect: Dialect;
  analyze(text: string, options: FrontendOptions): FrontendResult;
}
