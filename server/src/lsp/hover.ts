// Hover text: what the word under the cursor means (a name the file defines,
// a keyword, a port or service), then what the rule under the cursor does and
// what fwlint found on it.
import type { DocumentAnalysis } from '../analysis';
import { allRules, type Rule, type Ruleset } from '../model/ruleset';
import { containsPosition, type Position, type Range } from '../model/source';
import { IPTABLES_KEYWORDS } from '../dialects/iptables/keywords';
import { NFTABLES_KEYWORDS } from '../dialects/nftables/keywords';
import { PF_KEYWORDS } from '../dialects/pf/keywords';
import type { Dialect } from '../model/source';
import { explainPort, explainRule } from '../explain/index';
import { parsePortToken, serviceNamePort } from '../model/services';
import { definitionsOf, symbolAt } from './navigation';

export interface HoverResult {
  readonly markdown: string;
  readonly range?: Range;
}

interface WordAt {
  readonly text: string;
  readonly range: Range;
}

const WORD_CHAR = /[A-Za-z0-9_.-]/;

export function wordAt(text: string, position: Position): WordAt | undefined {
  const lines = text.split(/\r\n|\r|\n/); // the editor's lines: a lone \r ends one too
  const line = lines[position.line];
  if (line === undefined) return undefined;
  let start = Math.min(position.character, line.length);
  let end = start;
  while (start > 0 && WORD_CHAR.test(line[start - 1])) start--;
  while (end < line.length && WORD_CHAR.test(line[end])) end++;
  if (start === end) return undefined;
  return {
    text: line.slice(start, end),
    range: { start: { line: position.line, character: start }, end: { line: position.line, character: end } },
  };
}

export function hoverAt(analysis: DocumentAnalysis, text: string, position: Position): HoverResult | undefined {
  const frontend = analysis.frontend;
  if (!frontend) return undefined;
  const parts: string[] = [];
  let range: Range | undefined;

  const thing = symbolAt(frontend.definitions, frontend.references, position);
  if (thing) {
    const def = definitionsOf(frontend.definitions, thing)[0];
    parts.push(`**${thing.kind}** \`${thing.name}\`${def?.detail ? `: \`${def.detail}\`` : def ? '' : ' (not defined in this file)'}`);
  } else {
    const word = wordAt(text, position);
    const about = word ? explainWord(word.text, analysis) : undefined;
    if (word && about) {
      parts.push(about);
      range = word.range;
    }
  }

  const rule = ruleAt(allRules(frontend.ruleset), position, analysis.uri);
  if (rule) parts.push(explainRuleText(rule, frontend.ruleset));
  for (const d of analysis.diagnostics) {
    if (rule ? overlapsLines(d.range, rule.range) : containsPosition(d.range, position)) {
      parts.push(`**${d.code}**: ${d.message}`);
    }
  }
  return parts.length === 0 ? undefined : { markdown: parts.join('\n\n---\n\n'), range };
}

function ruleAt(rules: readonly Rule[], position: Position, uri: string): Rule | undefined {
  return rules.find((r) => (r.uri === undefined || r.uri === uri) && containsPosition(r.range, position));
}

function overlapsLines(a: Range, b: Range): boolean {
  return a.start.line <= b.end.line && b.start.line <= a.end.line;
}

const KEYWORDS: Readonly<Record<Dialect, Readonly<Record<string, string>>>> = {
  iptables: IPTABLES_KEYWORDS,
  nftables: NFTABLES_KEYWORDS,
  pf: PF_KEYWORDS,
};

function keywordText(dialect: Dialect, word: string): string | undefined {
  const table = KEYWORDS[dialect];
  for (const key of [word, word.toLowerCase()]) if (Object.hasOwn(table, key)) return table[key];
  return undefined;
}

function explainWord(word: string, analysis: DocumentAnalysis): string | undefined {
  const keyword = analysis.kind ? keywordText(analysis.kind.dialect, word) : undefined;
  if (keyword) return `\`${word}\`: ${keyword}`;
  const port = /^\d+$/.test(word) ? parsePortToken(word) : serviceNamePort(word);
  return port === undefined ? undefined : explainPort(port);
}

function explainRuleText(rule: Rule, ruleset: Ruleset): string {
  return '```\n' + rule.text + '\n```\n\n' + explainRule(rule, ruleset);
}
