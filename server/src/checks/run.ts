// Runs every enabled check over one front-end result: applies the settings
// (enabled, severity), the suppression comments, and turns a check that throws
// into one FW000 diagnostic instead of losing the other checks' findings.
import type { FrontendResult } from '../dialects/frontend';
import type { FrontendMemo } from '../dialects/memo';
import type { Severity } from '../model/source';
import type { Settings } from '../settings';
import type { Check, CheckContext } from './check';
import { ENGINE } from './engine-binding';
import { createEngineFacade, type EngineFunctions } from './engine-facade';
import { INTERNAL_CHECK_ERROR } from './frontend-codes';
import { CHECKS } from './registry';
import { commentsAround, isSuppressed, readSuppressions, scanComments, type LineComments } from './suppression';
import type { Finding } from './types';

export interface CheckedFinding extends Finding {
  readonly severity: Severity;
}

export interface RunOptions {
  /** Defaults to the real engine; tests may pass another. */
  readonly engine?: EngineFunctions;
  /** Defaults to every check. */
  readonly checks?: readonly Check[];
  /** The host's memo of this document: answers that depend on one chain are kept there for the next analysis. */
  readonly memo?: FrontendMemo;
}

const NO_COMMENTS = scanComments('');

export function runChecks(result: FrontendResult, text: string, settings: Settings, options: RunOptions = {}): CheckedFinding[] {
  // Comments are read only when something asks: a file without `fwlint:` has no directives.
  let comments: LineComments | undefined;
  const commentsOf = (): LineComments => (comments ??= scanComments(text));
  const suppressions = readSuppressions(text.includes('fwlint:') ? commentsOf() : NO_COMMENTS);
  const ctx: CheckContext = {
    ruleset: result.ruleset,
    dialect: result.dialect,
    settings,
    engine: createEngineFacade(result.ruleset, options.engine ?? ENGINE, options.memo),
    commentsNear: (rule) => commentsAround(commentsOf(), rule.range),
    memo: options.memo,
  };
  const out: CheckedFinding[] = [];
  for (const check of options.checks ?? CHECKS) {
    const configured = settings.checks[check.meta.code];
    if (configured?.enabled === false || !check.meta.dialects.includes(result.dialect)) continue;
    const severity = configured?.severity ?? check.meta.defaultSeverity;
    let findings: Finding[];
    try {
      findings = check.run(ctx);
    } catch (e) {
      if (settings.checks[INTERNAL_CHECK_ERROR]?.enabled === false) continue;
      out.push({
        code: INTERNAL_CHECK_ERROR,
        severity: 'error',
        message: `internal error in check ${check.meta.code} (${check.meta.name}): ${e instanceof Error ? e.message : String(e)}`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        related: [],
        fixes: [],
      });
      continue;
    }
    for (const f of findings) {
      if (!isSuppressed(suppressions, f.code, f.range)) out.push(withSeverity(f, severity));
    }
  }
  // Codes compared only when they differ: a rule with several findings of one code is common, and localeCompare is slow.
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.code === b.code ? 0 : a.code.localeCompare(b.code)));
}

/** The checked form of each finding a check kept from its previous run (FW003 keeps those of unchanged rules). */
const checked = new WeakMap<Finding, CheckedFinding>();

function withSeverity(f: Finding, severity: Severity): CheckedFinding {
  const known = checked.get(f);
  if (known?.severity === severity) return known;
  const c = { ...f, severity };
  checked.set(f, c);
  return c;
}

/** The default severity of a code, for renderers that only have the code. */
export function defaultSeverityOf(code: string): Severity {
  return CHECKS.find((c) => c.meta.code === code)?.meta.defaultSeverity ?? 'error';
}
