// Shared helpers for the pf front-end tests: analyse text, find rules and diagnostics.
import type { FrontendOptions, FrontendResult } from '../../server/src/dialects/frontend';
import { pfFrontend } from '../../server/src/dialects/pf';
import type { Chain, Rule } from '../../server/src/model/ruleset';
import type { SourceDiagnostic } from '../../server/src/model/source';

export function analyze(text: string, options: Partial<FrontendOptions> = {}): FrontendResult {
  return pfFrontend.analyze(text, { uri: 'file:///etc/pf.conf', ...options });
}

export function chain(result: FrontendResult, name: string): Chain {
  const c = result.ruleset.chains.find((x) => x.name === name);
  if (!c) throw new Error(`no chain ${name}; have ${result.ruleset.chains.map((x) => x.name).join(', ')}`);
  return c;
}

/** The only filter rule of a one-rule document (macros and tables may precede it). */
export function onlyRule(text: string, chainName = 'filter'): Rule {
  const result = analyze(text);
  assertNoErrors(result);
  const rules = chain(result, chainName).rules;
  if (rules.length !== 1) throw new Error(`expected one rule in ${chainName}, got ${rules.length}`);
  return rules[0];
}

export function errors(result: FrontendResult, code = 'FW001'): SourceDiagnostic[] {
  return result.diagnostics.filter((d) => d.code === code);
}

export function assertNoErrors(result: FrontendResult): void {
  const found = result.diagnostics.filter((d) => d.code === 'FW001' || d.code === 'FW002');
  if (found.length > 0) throw new Error(`unexpected diagnostics: ${found.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`).join('; ')}`);
}

/** `[line, startChar, endChar]` of a single-line range, for compact assertions. */
export function span(d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }): [number, number, number] | string {
  if (d.range.start.line !== d.range.end.line) return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
  return [d.range.start.line, d.range.start.character, d.range.end.character];
}
