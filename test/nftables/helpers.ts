// Shared helpers for the nftables front-end tests.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FrontendOptions, FrontendResult } from '../../server/src/dialects/frontend';
import { analyzeNftables } from '../../server/src/dialects/nftables';
import type { Chain, Rule } from '../../server/src/model/ruleset';
import type { SourceDiagnostic } from '../../server/src/model/source';

export function analyze(text: string, options: Partial<FrontendOptions> = {}): FrontendResult {
  return analyzeNftables(text, { uri: 'file:///test.nft', ...options });
}

export function syntaxErrors(result: FrontendResult): SourceDiagnostic[] {
  return result.diagnostics.filter((d) => d.code === 'FW001');
}

export function undefinedReferences(result: FrontendResult): SourceDiagnostic[] {
  return result.diagnostics.filter((d) => d.code === 'FW002');
}

export function chain(result: FrontendResult, key: string): Chain {
  const found = result.ruleset.chains.find((c) => c.key === key);
  if (!found) throw new Error(`no chain ${key}; have ${result.ruleset.chains.map((c) => c.key).join(', ')}`);
  return found;
}

/** The rules of a chain `table { chain c { ... } }` built around the given rule lines. */
export function rulesOf(body: string, family = 'inet'): Rule[] {
  const result = analyze(`table ${family} t {\n  chain c {\n    ${body}\n  }\n}\n`);
  const errors = syntaxErrors(result);
  if (errors.length > 0) throw new Error(`unexpected FW001: ${errors.map((e) => e.message).join('; ')}`);
  return chain(result, `${family} t c`).rules;
}

export function oneRule(body: string, family = 'inet'): Rule {
  const rules = rulesOf(body, family);
  if (rules.length !== 1) throw new Error(`expected one rule, got ${rules.length}`);
  return rules[0];
}

/** `line:character-line:character`, one-based lines as editors show them. */
export function where(d: SourceDiagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character}-${d.range.end.line + 1}:${d.range.end.character}`;
}

const repoRoot = path.resolve(__dirname, '../../..');
export const sharedDir = path.resolve(repoRoot, '../shared');

export function sharedPath(...parts: string[]): string | undefined {
  const p = path.join(sharedDir, ...parts);
  return existsSync(p) ? p : undefined;
}
