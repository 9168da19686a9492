// Runs one fixture (dialect text) through its front end and the checks, the
// way the editor and the CLI do.
import * as path from 'node:path';
import { FRONTENDS } from '../../server/src/dialects';
import type { Dialect } from '../../server/src/model/source';
import { runChecks, type CheckedFinding } from '../../server/src/checks/run';
import { resolveSettings } from '../../server/src/settings';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface Analysed {
  readonly findings: CheckedFinding[];
  /** Front-end diagnostics (FW001/FW002): fixtures must parse cleanly. */
  readonly syntax: string[];
}

export function analyse(dialect: Dialect, text: string, settings: unknown = {}, uri = 'file:///fixture'): Analysed {
  const result = FRONTENDS[dialect].analyze(text, { uri });
  return {
    findings: runChecks(result, text, resolveSettings(settings)),
    syntax: result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} line ${d.range.start.line + 1}: ${d.message}`),
  };
}

/** `FTP001@4` per finding (one-based lines), sorted: compact and readable in assertion output. */
export function summary(findings: readonly CheckedFinding[], code?: string): string[] {
  return findings.filter((f) => !code || f.code === code).map((f) => `${f.code}@${f.range.start.line + 1}`);
}
