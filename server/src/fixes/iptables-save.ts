// Renders fix intents into an iptables-save/iptables-restore file: each rule
// goes into its table's section before COMMIT (a missing section is created),
// as an `-A CHAIN` line in the file's style, with a `# fwlint:` line above.
import type { FixIntent, InsertPosition, RuleSpec } from '../checks/types';
import type { FrontendResult } from '../dialects/frontend';
import type { Ruleset } from '../model/ruleset';
import type { TextEdit } from './edit';
import { BUILTIN_CHAINS, builtinChainFor, detectIptablesStyle, iptablesRuleArgs, iptablesRuleKey, type IptablesStyle } from './iptables-rule';
import { InsertionPlan, TextLines, anchorOf, atChainStart, commentText, takesEffectFirstMatch } from './rule-spec';
import { lastDocumentCache } from './document-cache';
import { renderReplacePorts } from './replace-ports';

interface SaveRule {
  readonly line: number;
  readonly chain: string;
  /** Arguments after `-A CHAIN`. */
  readonly args: string;
}

interface SaveSection {
  readonly table: string;
  readonly start: number;
  /** The COMMIT line, or where the section ends when COMMIT is missing. */
  end: number;
  readonly headers: Map<string, number>;
  readonly rules: SaveRule[];
}

function scanSections(doc: TextLines): SaveSection[] {
  const sections: SaveSection[] = [];
  let current: SaveSection | undefined;
  for (let i = 0; i < doc.count; i++) {
    const line = doc.line(i).trim();
    if (line.startsWith('*')) {
      if (current) current.end = i;
      current = { table: line.slice(1).trim(), start: i, end: doc.count, headers: new Map(), rules: [] };
      sections.push(current);
    } else if (!current) {
      continue;
    } else if (line === 'COMMIT') {
      current.end = i;
      current = undefined;
    } else if (line.startsWith(':')) {
      current.headers.set(line.slice(1).split(/\s+/)[0], i);
    } else {
      const m = /^-[AI]\s+(\S+)\s*(.*)$/.exec(line);
      if (m) current.rules.push({ line: i, chain: m[1], args: m[2] });
    }
  }
  return sections;
}

const scanDocument = lastDocumentCache((text) => {
  const doc = new TextLines(text);
  return { doc, sections: scanSections(doc), style: detectIptablesStyle(text) };
});

export function renderIptablesSave(text: string, frontend: FrontendResult, intents: readonly FixIntent[]): TextEdit[] {
  const { doc, sections, style } = scanDocument(text);
  const plan = new InsertionPlan(doc);
  for (const intent of intents) {
    if (intent.kind === 'replace-ports') {
      renderReplacePorts(doc, plan, intent, 'iptables');
      continue;
    }
    for (const spec of intent.rules) insertRule(doc, frontend.ruleset, sections, style, plan, spec, intent.position);
  }
  return plan.toEdits();
}

function insertRule(doc: TextLines, ruleset: Ruleset, sections: SaveSection[], style: IptablesStyle, plan: InsertionPlan, spec: RuleSpec, position: InsertPosition): void {
  const args = iptablesRuleArgs(spec, style);
  if (!args) return;
  const target = placeRule(doc, sections, spec, position);
  if (!target) return;
  const ruleLine = `-A ${target.chain} ${args}`;
  const key = iptablesRuleKey(args);
  // Rules in a save file are listed in chain order.
  if (target.section?.rules.some((r) => r.chain === target.chain && iptablesRuleKey(r.args) === key && (!target.anchored || takesEffectFirstMatch(ruleset, anchorOf(position), r.line, r.line)))) return;
  if (plan.plans(ruleLine)) return;
  const lines = style.commentModule ? [ruleLine] : [`# fwlint: ${commentText(spec.comment)}`, ruleLine];
  if (target.section) {
    if (!target.section.headers.has(target.chain)) {
      const afterHeaders = Math.max(target.section.start, ...target.section.headers.values()) + 1;
      plan.block(`header ${spec.table} ${target.chain}`, afterHeaders, () => ({ head: [`:${target.chain} ACCEPT [0:0]`], tail: [] }));
    }
    plan.insertLines(target.line, lines);
    return;
  }
  // No section for this table yet: create it ahead of the first one, as iptables-save lists raw and nat before filter.
  const before = sections.length > 0 ? sections[0].start : doc.count;
  const body = plan.block(`section ${spec.table}`, before, () => ({
    head: [`*${spec.table}`, ...(BUILTIN_CHAINS[spec.table] ?? [target.chain]).map((c) => `:${c} ACCEPT [0:0]`)],
    tail: ['COMMIT'],
  }));
  body.push(...lines);
}

interface Placement {
  readonly chain: string;
  /** Undefined when the section must be created. */
  readonly section?: SaveSection;
  /** Insert before this line. */
  readonly line: number;
  /** Placed against the intent's rule, in that rule's chain. */
  readonly anchored?: boolean;
}

function placeRule(doc: TextLines, sections: SaveSection[], spec: RuleSpec, position: InsertPosition): Placement | undefined {
  const anchor = anchorOf(position);
  if (anchor) {
    const at = anchor.rule.range.start.line;
    const section = sections.find((s) => s.start <= at && at < s.end);
    const rule = section?.rules.find((r) => r.line === at);
    // A rule that shadows in another table (filter vs raw) says nothing about where this one goes.
    if (section && rule && section.table === spec.table) return { chain: rule.chain, section, line: anchor.line, anchored: true };
  }
  const chain = builtinChainFor(spec);
  if (!chain) return undefined;
  const section = sections.find((s) => s.table === spec.table);
  if (!section) return { chain, line: doc.count };
  const own = section.rules.filter((r) => r.chain === chain);
  if (own.length === 0) return { chain, section, line: section.end };
  return { chain, section, line: atChainStart(position) ? own[0].line : own[own.length - 1].line + 1 };
}

