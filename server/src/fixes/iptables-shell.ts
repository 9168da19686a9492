// Renders fix intents into a shell script that calls iptables: new commands are
// written the way the script calls iptables (`$IPT`, `iptables`, `/sbin/iptables`),
// indented like the neighbouring command, with a `# fwlint:` line above.
import type { FixIntent, InsertPosition, RuleSpec } from '../checks/types';
import type { FrontendResult } from '../dialects/frontend';
import type { Ruleset } from '../model/ruleset';
import type { TextEdit } from './edit';
import { builtinChainFor, detectIptablesStyle, iptablesRuleArgs, iptablesRuleKey, type IptablesStyle } from './iptables-rule';
import { lastDocumentCache } from './document-cache';
import { renderReplacePorts } from './replace-ports';
import { InsertionPlan, TextLines, anchorOf, atChainStart, commentText, indentOf, takesEffectFirstMatch } from './rule-spec';

interface ShellCommand {
  readonly line: number;
  /** Last line, continuation lines included. */
  readonly endLine: number;
  readonly indent: string;
  /** The program as the script writes it: `$IPT`, `iptables`, `/sbin/ip6tables`. */
  readonly invoker: string;
  readonly ip6: boolean;
  readonly table: string;
  readonly op?: string;
  readonly chain?: string;
  /** `-I CHAIN N`: the position, when given. */
  readonly insertIndex?: number;
  /** Everything after the operation and chain (and position). */
  readonly rest: string;
}

const PROGRAM = /^(?:\S*\/)?(ip6?tables)(?:-legacy|-nft)?$/;

/** Shell variables assigned an iptables program: `IPT=/sbin/iptables`, `IPT6="ip6tables"`, `IPT=$(which iptables)`. */
function programVariables(doc: TextLines): Map<string, boolean> {
  const vars = new Map<string, boolean>();
  for (const line of doc.lines) {
    const m = /^\s*(?:export\s+|local\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    const value = m[2].replace(/["'`]|\$\(|\)|which\s+|command\s+-v\s+/g, ' ').trim().split(/\s+/)[0] ?? '';
    const p = PROGRAM.exec(value);
    if (p) vars.set(m[1], p[1] === 'ip6tables');
  }
  return vars;
}

function scanCommands(doc: TextLines): ShellCommand[] {
  const vars = programVariables(doc);
  const commands: ShellCommand[] = [];
  for (let i = 0; i < doc.count; i++) {
    const first = i;
    let joined = doc.line(i);
    while (/\\\s*$/.test(joined) && i + 1 < doc.count) joined = joined.replace(/\\\s*$/, ' ') + doc.line(++i);
    const words = joined.trim().split(/\s+/);
    let k = words[0] === 'sudo' ? 1 : 0;
    const invoker = words[k] ?? '';
    const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(invoker);
    const program = PROGRAM.exec(invoker);
    if (!program && !(variable && vars.has(variable[1]))) continue;
    const ip6 = program ? program[1] === 'ip6tables' : vars.get(variable?.[1] ?? '') === true;
    let table = 'filter';
    let op: string | undefined;
    let chain: string | undefined;
    let insertIndex: number | undefined;
    const rest: string[] = [];
    for (k++; k < words.length; k++) {
      const w = words[k];
      if ((w === '-t' || w === '--table') && k + 1 < words.length) table = words[++k];
      else if (!op && /^(-[AIDRPNFXZL]|--(append|insert|delete|policy|new-chain|flush))$/.test(w)) {
        op = w;
        chain = words[k + 1];
        k++;
        if ((op === '-I' || op === '--insert') && /^\d+$/.test(words[k + 1] ?? '')) insertIndex = Number(words[++k]);
      } else rest.push(w);
    }
    commands.push({ line: first, endLine: i, indent: indentOf(doc.line(first)), invoker, ip6, table, op, chain, insertIndex, rest: rest.join(' ') });
  }
  return commands;
}

const scanDocument = lastDocumentCache((text) => {
  const doc = new TextLines(text);
  return { doc, commands: scanCommands(doc), style: detectIptablesStyle(text) };
});

export function renderIptablesShell(text: string, frontend: FrontendResult, intents: readonly FixIntent[]): TextEdit[] {
  const { doc, commands, style } = scanDocument(text);
  const plan = new InsertionPlan(doc);
  for (const intent of intents) {
    if (intent.kind === 'replace-ports') renderReplacePorts(doc, plan, intent, 'iptables');
    else for (const spec of intent.rules) insertCommand(doc, frontend.ruleset, commands, style, plan, spec, intent.position);
  }
  return plan.toEdits();
}

function isAppend(c: ShellCommand): boolean {
  return c.op === '-A' || c.op === '--append';
}

function isInsert(c: ShellCommand): boolean {
  return c.op === '-I' || c.op === '--insert';
}

interface Placement {
  readonly chain: string;
  readonly op: string;
  /** Insert before this line. */
  readonly line: number;
  readonly like?: ShellCommand;
  /** The command of the intent's rule, when placed against it in its chain. */
  readonly anchor?: ShellCommand;
}

function placeCommand(doc: TextLines, commands: ShellCommand[], spec: RuleSpec, position: InsertPosition): Placement | undefined {
  const anchor = anchorOf(position);
  if (anchor) {
    const at = anchor.rule.range.start.line;
    const c = commands.find((x) => x.line <= at && at <= x.endLine);
    if (c && c.chain && c.table === spec.table && (isAppend(c) || isInsert(c))) {
      const wantsBefore = anchor.before;
      // A bare `-I CHAIN` puts each command ahead of the earlier ones, so "before it in the chain" means "after it in the script".
      const reversed = isInsert(c) && (c.insertIndex === undefined || c.insertIndex === 1);
      const scriptBefore = reversed ? !wantsBefore : wantsBefore;
      const op = isInsert(c) ? (c.insertIndex !== undefined && !reversed ? `-I ${c.chain} ${c.insertIndex}` : `-I ${c.chain}`) : `-A ${c.chain}`;
      return { chain: c.chain, op, line: scriptBefore ? c.line : c.endLine + 1, like: c, anchor: c };
    }
  }
  const chain = builtinChainFor(spec);
  if (!chain) return undefined;
  const sameChain = commands.filter((c) => c.table === spec.table && c.chain === chain);
  const like = sameChain[sameChain.length - 1] ?? commands[commands.length - 1];
  if (atChainStart(position)) {
    // Inserted at position 1 after everything that touches the chain (flushes included), it ends up first.
    return { chain, op: `-I ${chain} 1`, line: like ? like.endLine + 1 : doc.count, like };
  }
  const appended = sameChain.filter(isAppend);
  const last = appended[appended.length - 1] ?? like;
  return { chain, op: `-A ${chain}`, line: last ? last.endLine + 1 : doc.count, like: last };
}

function insertCommand(doc: TextLines, ruleset: Ruleset, commands: ShellCommand[], style: IptablesStyle, plan: InsertionPlan, spec: RuleSpec, position: InsertPosition): void {
  const args = iptablesRuleArgs(spec, style);
  if (!args) return;
  const place = placeCommand(doc, commands, spec, position);
  if (!place) return;
  const key = iptablesRuleKey(args);
  const ip6 = spec.ipVersion === 6;
  const anchor = anchorOf(position);
  const inEffect = (c: ShellCommand): boolean => {
    const at = place.anchor ? chainOrder(place.anchor) : undefined;
    const here = chainOrder(c);
    return at === undefined || here === undefined || takesEffectFirstMatch(ruleset, anchor, here, here, { start: at, end: at });
  };
  if (commands.some((c) => c.table === spec.table && c.chain === place.chain && c.ip6 === ip6 && (isAppend(c) || isInsert(c)) && iptablesRuleKey(c.rest) === key && inEffect(c))) return;
  const invoker = invokerFor(commands, place.like, ip6);
  const table = spec.table === 'filter' ? '' : `-t ${spec.table} `;
  const indent = place.like?.indent ?? '';
  const command = `${indent}${invoker} ${table}${place.op} ${args.replace(/[$`]/g, '')}`;
  if (plan.plans(command)) return;
  plan.insertLines(place.line, [`${indent}# fwlint: ${commentText(spec.comment).replace(/[$`]/g, '')}`, command]);
}

/**
 * A command's place in its chain once the script has run: `-I CHAIN` (or at 1)
 * goes ahead of everything before it, `-A` after; undefined for `-I CHAIN N`.
 */
function chainOrder(c: ShellCommand): number | undefined {
  if (isAppend(c)) return c.line;
  if (c.insertIndex === undefined || c.insertIndex === 1) return -1 - c.line;
  return undefined;
}

/** The neighbour's program when it is the right IP version; otherwise how the script calls the other one. */
function invokerFor(commands: ShellCommand[], like: ShellCommand | undefined, ip6: boolean): string {
  if (like && like.ip6 === ip6) return like.invoker;
  const same = commands.find((c) => c.ip6 === ip6);
  if (same) return same.invoker;
  const base = like?.invoker ?? 'iptables';
  return PROGRAM.test(base) ? base.replace(/ip6?tables/, ip6 ? 'ip6tables' : 'iptables') : ip6 ? 'ip6tables' : 'iptables';
}
