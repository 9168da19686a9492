// Builds the inputs renderFix needs without a front end: a document result and
// rules located by the line they start on, as the front ends will produce them.
import type { FixIntent, FixProposal, RuleSpec } from '../../server/src/checks/types';
import type { FrontendResult } from '../../server/src/dialects/frontend';
import { applyEdits, renderFix, type TextEdit } from '../../server/src/fixes';
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

/** A rule moved by the lines that `edits` add above it, as an editor keeps a range in place while text changes. */
function shiftRule(rule: Rule, edits: readonly TextEdit[]): Rule {
  let delta = 0;
  for (const e of edits) {
    if (e.range.start.line > rule.range.start.line) continue;
    if (e.range.start.line === rule.range.start.line && e.range.start.character > rule.range.start.character) continue;
    delta += (e.newText.match(/\n/g)?.length ?? 0) - (e.range.end.line - e.range.start.line);
  }
  const move = (p: { line: number; character: number }) => ({ line: p.line + delta, character: p.character });
  return { ...rule, range: { start: move(rule.range.start), end: move(rule.range.end) } };
}

/** The same fix, its rules' ranges moved to where they are once `edits` are applied. */
export function shiftFix(fix: FixProposal, edits: readonly TextEdit[]): FixProposal {
  const intents = fix.intents.map((intent): FixIntent => {
    if (intent.kind === 'replace-ports') return { ...intent, rule: shiftRule(intent.rule, edits) };
    const p = intent.position;
    const position = 'before' in p ? { before: shiftRule(p.before, edits) } : 'after' in p ? { after: shiftRule(p.after, edits) } : p;
    return { ...intent, position };
  });
  return { ...fix, intents };
}
