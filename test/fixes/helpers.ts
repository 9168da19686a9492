// Builds the inputs renderFix needs without a front end: a document result and
// rules located by the line they start on, as the front ends will produce them.
import type { FixIntent, FixProposal, RuleSpec } from '../../server/src/checks/types';
import type { FrontendResult } from '../../server/src/dialects/frontend';
import { applyEdits, renderFix } from '../../server/src/fixes';
import { emptyMatch, type Rule } from '../../server/src/model/ruleset';
import type { Dialect, SourceForm } from '../../server/src/model/source';

export function docFor(dialect: Dialect, form: SourceForm): FrontendResult {
  return { dialect, form, ruleset: { dialect, form, chains: [], helpers: [] }, diagnostics: [], definitions: [], references: [], includes: [] };
}

/** The rule whose text is the first line containing `needle` (a whole-line range). */
export function ruleAt(text: string, needle: string): Rule {
  const lines = text.split(/\r?\n/);
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`no line contains ${needle}`);
  return {
    id: line,
    chainKey: 'test',
    range: { start: { line, character: lines[line].length - lines[line].trimStart().length }, end: { line, character: lines[line].length } },
    text: lines[line].trim(),
    match: emptyMatch(),
    actions: [],
    verdict: { kind: 'drop' },
  };
}

export function proposal(...intents: FixIntent[]): FixProposal {
  return { title: 'test fix', preferred: true, safety: 'safe', intents };
}

export function insert(position: Extract<FixIntent, { kind: 'insert-rules' }>['position'], ...rules: RuleSpec[]): FixIntent {
  return { kind: 'insert-rules', rules, position };
}

/**
 * Applies the fix built for `text`, then builds it again for the fixed text (rules
 * found anew, as a re-check would) and reports how many edits a second pass makes.
 */
export function fixTwice(text: string, doc: FrontendResult, makeFix: (text: string) => FixProposal): { once: string; secondEdits: number } {
  const once = applyEdits(text, renderFix(text, doc, makeFix(text)));
  return { once, secondEdits: renderFix(once, doc, makeFix(once)).length };
}

export function lines(...l: string[]): string {
  return l.map((x) => `${x}\n`).join('');
}
