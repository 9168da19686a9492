// Runs a whole configuration through the same pipeline as the editor and the
// CLI (`analyzeDocument`) and reduces the result to what an admin reads:
// `CODE@line` for every finding that judges the ruleset.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument, type DocumentAnalysis } from '../../server/src/analysis';
import { applyEdits } from '../../server/src/fixes/index';
import type { Dialect } from '../../server/src/model/source';
import { preferredFixEdits } from '../../server/src/preferredFixes';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const CORPUS = path.resolve(REPO_ROOT, '../shared/corpus');

/** Codes an expert would call a false alarm when they appear on a correct config. */
export const JUDGING = /^(FTP\d{3}|FW00[123])$/;

/** How a file is handed to fwlint: its dialect and a name that detection would see. */
export interface Config {
  readonly dialect: Dialect;
  /** `rules.v4`, `firewall.sh`, `nftables.conf`, `pf.conf`...: shell scripts are recognised by name. */
  readonly file: string;
  readonly text: string;
}

export function analyseConfig(config: Config): DocumentAnalysis {
  return analyzeDocument({ uri: `file:///etc/${config.file}`, path: `/etc/${config.file}`, text: config.text, version: 0, settings: {}, dialect: config.dialect });
}

/** `CODE@line` (one-based) for every judging diagnostic, in document order. */
export function judged(config: Config): string[] {
  return analyseConfig(config)
    .diagnostics.filter((d) => JUDGING.test(String(d.code)))
    .map((d) => `${d.code}@${d.range.start.line + 1}`);
}

/** The text after every preferred fix has been applied (at most `passes` rounds, like `fwlint check --fix`). */
export function fixAll(config: Config, passes = 5): string {
  let text = config.text;
  for (let i = 0; i < passes; i++) {
    const edits = preferredFixEdits(analyseConfig({ ...config, text }).diagnostics);
    if (edits.length === 0) break;
    text = applyEdits(text, edits);
  }
  return text;
}

/** A file of the shared corpus, or undefined when the corpus is not beside the clone. */
export function corpusText(relative: string): string | undefined {
  const p = path.join(CORPUS, relative);
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
}

/** Lines joined with newlines and a final newline, so configs read like files in the test source. */
export function lines(...l: string[]): string {
  return `${l.join('\n')}\n`;
}
