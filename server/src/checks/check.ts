// The shape of one check: its metadata, its user documentation and its logic,
// kept together in one file per check (like ruff's rules and eslint's
// `meta` + `create`). Checks see the shared model and the engine's answers,
// never dialect syntax.
import type { FrontendMemo } from '../dialects/memo';
import type { Answer, NatQuestion, NatSegment, PacketQuestion } from '../engine/api';
import type { Rule, Ruleset } from '../model/ruleset';
import type { Dialect } from '../model/source';
import type { Settings } from '../settings';
import type { CheckMeta, Finding } from './types';

/** User documentation, in Markdown, in the fixed sections every check page has. */
export interface CheckDocs {
  readonly whatItDoes: string;
  readonly whyThisBreaksFtp: string;
  readonly howToFix: string;
  /** A ruleset that raises the check and the corrected one, per dialect the check applies to. */
  readonly examples: Partial<Record<Dialect, { readonly bad: string; readonly good: string }>>;
  readonly fixSafety: string;
  readonly references: readonly string[];
}

/** A helper assignment the engine found for a connection. */
export interface HelperAssignment {
  /** The kernel helper type (`ftp`), resolved through nft helper objects. */
  readonly helper: string;
  /** The rule that assigns it, when one does. */
  readonly rule?: Rule;
}

export interface UnreachableRule {
  readonly rule: Rule;
  readonly shadowedBy: readonly Rule[];
}

/** The engine's answers, memoised per ruleset so checks asking the same question share the work. */
export interface EngineFacade {
  evaluate(question: PacketQuestion): Answer;
  /** The helper assigned to a connection opened by this packet, if any. */
  assignedHelper(question: PacketQuestion): HelperAssignment | undefined;
  translateDestination(question: NatQuestion): readonly NatSegment[];
  unreachableRules(): readonly UnreachableRule[];
}

export interface CheckContext {
  readonly ruleset: Ruleset;
  readonly dialect: Dialect;
  readonly settings: Settings;
  readonly engine: EngineFacade;
  /** Comment text written on the rule's own line or on the comment lines just above it (lower case). */
  commentsNear(rule: Rule): string;
  /** The host's memo of this document, where what outlives one analysis is carried to the next (absent in the CLI). */
  readonly memo?: FrontendMemo;
}

export interface Check {
  readonly meta: CheckMeta;
  readonly docs: CheckDocs;
  run(ctx: CheckContext): Finding[];
}
