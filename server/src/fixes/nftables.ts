// Renders fix intents into an nftables file: statements go inside the right
// chain, indented like their neighbours, before the shadowing rule. Helper
// assignment declares (or reuses) a `ct helper` object and assigns it in a
// prerouting/output chain that runs after conntrack (never priority raw).
// Flat files (`add rule ...`) get flat commands.
import { singleSpaced } from '../model/text';
import type { FixIntent, InsertPosition, RuleSpec } from '../checks/types';
import type { FrontendResult } from '../dialects/frontend';
import type { Ruleset } from '../model/ruleset';
import type { TextEdit } from './edit';
import { perObject } from '../model/per-object';
import { lastDocumentCache } from './document-cache';
import { baseChainOf, chainDecl, ruleStatements, scanNft, tableFamily, tablesOf, type NftBlock, type NftStatement } from './nft-structure';
import { renderReplacePorts } from './replace-ports';
import { InsertionPlan, TextLines, anchorOf, atChainStart, commentText, formatPorts, indentOf, indentUnit, takesEffectFirstMatch, type Anchor } from './rule-spec';

/** Conntrack runs at -200: a helper assigned earlier never sees a connection. */
const CONNTRACK_PRIORITY = -200;
const HELPER_OBJECT = 'ftp-standard';

// Scanned blocks and statements never change: what fixes ask of them is computed once per document.
const rulesOf = perObject(ruleStatements);
const declOf = perObject(chainDecl);
const keyOf = perObject((s: NftStatement) => statementKey(s.words));

interface NftStyle {
  readonly semicolons: boolean;
  readonly inlineComments: boolean;
  readonly unit: string;
}

function detectStyle(doc: TextLines, root: NftBlock): NftStyle {
  const rules = tablesOf(root).flatMap((t) => t.blocks.filter((b) => b.header[0] === 'chain').flatMap((b) => rulesOf(b)));
  const withSemicolon = rules.filter((s) => s.semicolon).length;
  return {
    semicolons: rules.length > 0 && withSemicolon * 2 > rules.length,
    inlineComments: /\scomment\s+"/.test(doc.text),
    unit: indentUnit(doc.lines),
  };
}

/** The rule body (matches and verdict) in nft syntax, for a table of `family`. */
export function nftRuleBody(spec: RuleSpec, helperName: string, family: string): string | undefined {
  const parts: string[] = [];
  if (spec.inInterface) parts.push('iifname', quote(spec.inInterface));
  if (spec.outInterface) parts.push('oifname', quote(spec.outInterface));
  if (spec.src) parts.push(addressFamily(spec.src), 'saddr', spec.src);
  if (spec.dst) parts.push(addressFamily(spec.dst), 'daddr', spec.dst);
  if (spec.sport || spec.dport) {
    // Each port match names its protocol: `tcp sport 20 tcp dport 1024-65535`.
    if (spec.sport) parts.push(spec.protocol, 'sport', formatPorts(spec.sport, 'nftables'));
    if (spec.dport) parts.push(spec.protocol, 'dport', formatPorts(spec.dport, 'nftables'));
  } else {
    parts.push('meta', 'l4proto', spec.protocol);
  }
  if (spec.ctState && spec.ctState.length > 0) parts.push('ct', 'state', spec.ctState.length === 1 ? spec.ctState[0] : `{ ${spec.ctState.join(', ')} }`);
  if (spec.ctHelper) parts.push('ct', 'helper', quote(spec.ctHelper));
  const a = spec.action;
  switch (a.kind) {
    case 'accept':
    case 'drop':
    case 'reject':
      parts.push(a.kind);
      break;
    case 'dnat': {
      const i = a.ports?.intervals[0];
      const port = i ? `:${i.lo === i.hi ? i.lo : `${i.lo}-${i.hi}`}` : '';
      const address = a.address.includes(':') && port ? `[${a.address}]` : a.address;
      // inet tables must say which address family the translation is for.
      parts.push('dnat', ...(family === 'inet' ? [addressFamily(a.address)] : []), 'to', `${address}${port}`);
      break;
    }
    case 'ct-helper':
      parts.push('ct', 'helper', 'set', quote(helperName));
      break;
    case 'anchor':
    case 'divert':
      return undefined;
  }
  return parts.join(' ');
}

function quote(s: string): string {
  return s.startsWith('"') ? s : `"${s}"`;
}

function addressFamily(address: string): string {
  return address.includes(':') ? 'ip6' : 'ip';
}

/** A statement without comment, trailing `;` and whitespace differences: what "already present" compares. */
function statementKey(words: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'comment') {
      i++;
      continue;
    }
    out.push(words[i].replace(/^"(.*)"$/, '$1'));
  }
  return singleSpaced(out.join(' '));
}

function bodyKey(body: string): string {
  return statementKey(body.split(/\s+/));
}

interface ScannedDocument {
  readonly doc: TextLines;
  readonly root: NftBlock;
  readonly flat: boolean;
  readonly style: NftStyle;
}

const scanDocument = lastDocumentCache((text): ScannedDocument => {
  const doc = new TextLines(text);
  const root = scanNft(doc);
  const flat = tablesOf(root).length === 0 && root.statements.some((s) => ['add', 'insert', 'create'].includes(s.words[0]));
  return { doc, root, flat, style: detectStyle(doc, root) };
});

export function renderNftables(text: string, frontend: FrontendResult, intents: readonly FixIntent[]): TextEdit[] {
  const { doc, root, flat, style } = scanDocument(text);
  const plan = new InsertionPlan(doc);
  const ctx: Context = { doc, root, plan, style, ruleset: frontend.ruleset, planned: new Set() };
  for (const intent of intents) {
    if (intent.kind === 'replace-ports') renderReplacePorts(doc, plan, intent, 'nftables');
    else for (const spec of intent.rules) (flat ? insertFlat : insertBlock)(ctx, spec, intent.position);
  }
  return plan.toEdits();
}

interface Context {
  readonly doc: TextLines;
  readonly root: NftBlock;
  readonly plan: InsertionPlan;
  readonly style: NftStyle;
  /** The front end's model of the file: which rules refuse (see takesEffectFirstMatch). */
  readonly ruleset: Ruleset;
  /** Rules this render adds, per chain (see planOnce). */
  readonly planned: Set<string>;
}

// ---------------------------------------------------------------- block form

function chainsOf(table: NftBlock): NftBlock[] {
  return table.blocks.filter((b) => b.header[0] === 'chain');
}

function chainAt(root: NftBlock, line: number): NftBlock | undefined {
  for (const t of tablesOf(root)) for (const c of chainsOf(t)) if (c.openLine <= line && line <= c.closeLine) return c;
  return undefined;
}

function familyFits(table: NftBlock, spec: RuleSpec): boolean {
  const f = tableFamily(table);
  if (f === 'inet') return true;
  if (spec.ipVersion === 6) return f === 'ip6';
  return f === 'ip' || (spec.ipVersion === undefined && f === 'ip6');
}

/** The chain type an action needs: translation in nat chains, everything else in filter chains. */
function chainTypeFor(spec: RuleSpec): string {
  return spec.action.kind === 'dnat' ? 'nat' : 'filter';
}

function baseChainFor(root: NftBlock, spec: RuleSpec, tableHint?: NftBlock): NftBlock | undefined {
  const tables = tableHint ? [tableHint] : tablesOf(root).filter((t) => familyFits(t, spec));
  for (const t of tables) {
    const chain = chainsOf(t).find((c) => {
      const d = declOf(c);
      return d && d.hook === spec.path && d.type === chainTypeFor(spec) && (spec.action.kind !== 'ct-helper' || d.priority > CONNTRACK_PRIORITY);
    });
    if (chain) return chain;
  }
  return undefined;
}

function childIndent(ctx: Context, block: NftBlock): string {
  const inner = block.statements[0] ?? rulesOf(block)[0];
  if (inner && inner.startLine !== block.openLine) return indentOf(ctx.doc.line(inner.startLine));
  const child = block.blocks[0];
  if (child && child.openLine !== block.openLine) return indentOf(ctx.doc.line(child.openLine));
  return indentOf(ctx.doc.line(block.openLine)) + ctx.style.unit;
}

function ruleLines(ctx: Context, indent: string, body: string, comment: string): string[] {
  const end = ctx.style.semicolons ? ';' : '';
  if (ctx.style.inlineComments) return [`${indent}${body} comment "fwlint: ${commentText(comment)}"${end}`];
  return [`${indent}# fwlint: ${commentText(comment)}`, `${indent}${body}${end}`];
}

/** Inserts before line `line` of a chain, or before its closing brace when that shares a line with a statement. */
function insertInChain(ctx: Context, chain: NftBlock, line: number, lines: string[]): void {
  const closeText = ctx.doc.line(chain.closeLine);
  if (line >= chain.closeLine && closeText.slice(0, chain.closeChar).trim() !== '') {
    // `... accept; }` on one line: move the brace to its own line rather than emit `accept }`.
    // The spaces before the brace go too, so the user's statement keeps no trailing blank.
    const start = { line: chain.closeLine, character: closeText.slice(0, chain.closeChar).trimEnd().length };
    const end = { line: chain.closeLine, character: chain.closeChar };
    const eol = ctx.doc.eol;
    const body = ctx.plan.replacementBody(`brace ${chain.closeLine}`, { start, end }, eol, `${eol}${indentOf(ctx.doc.line(chain.openLine))}`);
    body.push(...lines);
    return;
  }
  ctx.plan.insertLines(line, lines);
}

/** Whether the chain has this rule where it takes effect (on the intent's side of `anchor`, when placed against it). */
function chainHas(ctx: Context, chain: NftBlock, body: string, anchor?: Anchor): boolean {
  const key = bodyKey(body);
  return rulesOf(chain).some((s) => keyOf(s) === key && takesEffectFirstMatch(ctx.ruleset, anchor, s.startLine, s.endLine));
}

/**
 * Whether this render already adds the rule to this chain. Keyed by chain, not
 * by line text: the same RELATED accept may be wanted on input and on output.
 */
function planOnce(ctx: Context, chain: NftBlock, body: string): boolean {
  const key = `${chain.openLine} ${bodyKey(body)}`;
  if (ctx.planned.has(key)) return false;
  ctx.planned.add(key);
  return true;
}

function insertBlock(ctx: Context, spec: RuleSpec, position: InsertPosition): void {
  if (spec.action.kind === 'ct-helper') {
    assignHelperBlock(ctx, spec, position);
    return;
  }
  const anchor = anchorOf(position);
  let chain = anchor ? chainAt(ctx.root, anchor.rule.range.start.line) : undefined;
  const anchorDecl = chain ? declOf(chain) : undefined;
  // The shadowing rule's chain serves when it is a regular chain or a base chain of the right kind.
  if (chain && anchorDecl && anchorDecl.type !== chainTypeFor(spec)) chain = undefined;
  let line: number;
  const anchored = chain !== undefined && anchor !== undefined;
  if (chain && anchor) {
    line = anchor.line;
  } else {
    chain = baseChainFor(ctx.root, spec);
    if (!chain) {
      addToNewNatChain(ctx, spec);
      return;
    }
    const rules = rulesOf(chain);
    line = rules.length === 0 ? chain.closeLine : atChainStart(position) ? rules[0].startLine : rules[rules.length - 1].endLine + 1;
  }
  const table = chain.parent;
  if (!table) return;
  const body = nftRuleBody(spec, HELPER_OBJECT, tableFamily(table));
  if (!body || chainHas(ctx, chain, body, anchored ? anchor : undefined)) return;
  if (!planOnce(ctx, chain, body)) return;
  insertInChain(ctx, chain, line, ruleLines(ctx, ruleIndent(ctx, chain), body, spec.comment));
}

function ruleIndent(ctx: Context, chain: NftBlock): string {
  const rule = rulesOf(chain).find((s) => s.startLine !== chain.openLine);
  return rule ? indentOf(ctx.doc.line(rule.startLine)) : childIndent(ctx, chain);
}

/** DNAT needs a nat chain on prerouting; files without one get a small one. Other actions have nowhere to go. */
function addToNewNatChain(ctx: Context, spec: RuleSpec): void {
  if (spec.action.kind !== 'dnat') return;
  const table = tablesOf(ctx.root).find((t) => familyFits(t, spec));
  if (!table) return;
  const indent = childIndent(ctx, table);
  const inner = indent + ctx.style.unit;
  const body = nftRuleBody(spec, HELPER_OBJECT, tableFamily(table));
  if (!body) return;
  const rules = ctx.plan.block(`chain ${table.header.join(' ')} fwlint-dnat`, table.closeLine, () => ({
    head: [`${indent}chain fwlint-dnat {`, `${inner}type nat hook prerouting priority dstnat; policy accept;`],
    tail: [`${indent}}`],
  }));
  rules.push(...ruleLines(ctx, inner, body, spec.comment));
}

function helperObjectIn(table: NftBlock): string | undefined {
  const obj = table.blocks.find((b) => b.header[0] === 'ct' && b.header[1] === 'helper' && b.statements.some((s) => s.words.includes('"ftp"') || s.words.includes('ftp')));
  return obj?.header[2];
}

function assignHelperBlock(ctx: Context, spec: RuleSpec, position: InsertPosition): void {
  const anchor = anchorOf(position);
  const anchorChain = anchor ? chainAt(ctx.root, anchor.rule.range.start.line) : undefined;
  const table = anchorChain?.parent ?? tablesOf(ctx.root).find((t) => familyFits(t, spec) && chainsOf(t).some((c) => declOf(c) !== undefined));
  if (!table) return;
  const indent = childIndent(ctx, table);
  const inner = indent + ctx.style.unit;
  let helper = helperObjectIn(table);
  if (!helper) {
    helper = HELPER_OBJECT;
    ctx.plan.block(`helper ${table.header.join(' ')}`, table.openLine + 1, () => ({
      head: [`${indent}ct helper ${HELPER_OBJECT} {`, `${inner}type "ftp" protocol tcp;`, `${indent}}`],
      tail: [],
    }));
  }
  const body = nftRuleBody(spec, helper, tableFamily(table));
  if (!body) return;
  const chain = baseChainFor(ctx.root, spec, table);
  if (chain) {
    if (chainHas(ctx, chain, body) || !planOnce(ctx, chain, body)) return;
    const rules = rulesOf(chain);
    // First in the chain: an earlier accept of port 21 would end the chain before the assignment.
    insertInChain(ctx, chain, rules.length > 0 ? rules[0].startLine : chain.closeLine, ruleLines(ctx, ruleIndent(ctx, chain), body, spec.comment));
    return;
  }
  const name = spec.path === 'output' ? 'fwlint-ftp-helper-out' : 'fwlint-ftp-helper';
  const rules = ctx.plan.block(`chain ${table.header.join(' ')} ${name}`, table.closeLine, () => ({
    head: [`${indent}chain ${name} {`, `${inner}type filter hook ${spec.path} priority filter; policy accept;`],
    tail: [`${indent}}`],
  }));
  const lines = ruleLines(ctx, inner, body, spec.comment);
  if (!rules.some((l) => l === lines[lines.length - 1])) rules.push(...lines);
}

// ----------------------------------------------------------------- flat form

interface FlatChain {
  readonly family: string;
  readonly table: string;
  readonly name: string;
  readonly decl?: ReturnType<typeof baseChainOf>;
  readonly declLine: number;
  readonly rules: NftStatement[];
}

/** `add rule inet filter input ...`: family is optional (defaults to ip). */
function flatTarget(words: readonly string[], kind: string): { family: string; table: string; name: string; rest: readonly string[] } | undefined {
  if (!['add', 'insert', 'create'].includes(words[0]) || words[1] !== kind) return undefined;
  const families = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];
  const hasFamily = families.includes(words[2]);
  const family = hasFamily ? words[2] : 'ip';
  const k = hasFamily ? 3 : 2;
  if (words[k + 1] === undefined) return undefined;
  return { family, table: words[k], name: words[k + 1], rest: words.slice(k + 2) };
}

const flatChainsOf = perObject(flatChains);
/** The key of an `add rule [family] table chain ...` statement's rule body, undefined for other statements. */
const flatRuleKeyOf = perObject((r: NftStatement): string | undefined => {
  const rest = flatTarget(r.words, 'rule')?.rest;
  return rest === undefined ? undefined : statementKey(rest);
});

function flatChains(root: NftBlock): FlatChain[] {
  const chains = new Map<string, FlatChain>();
  for (const s of root.statements) {
    const c = flatTarget(s.words, 'chain');
    if (c) {
      const key = `${c.family} ${c.table} ${c.name}`;
      chains.set(key, { family: c.family, table: c.table, name: c.name, decl: baseChainOf(c.rest), declLine: s.startLine, rules: chains.get(key)?.rules ?? [] });
      continue;
    }
    const r = flatTarget(s.words, 'rule');
    if (r) {
      const key = `${r.family} ${r.table} ${r.name}`;
      const chain = chains.get(key) ?? { family: r.family, table: r.table, name: r.name, declLine: s.startLine, rules: [] };
      chain.rules.push(s);
      chains.set(key, chain);
    }
  }
  return [...chains.values()];
}

function flatFamilyFits(family: string, spec: RuleSpec): boolean {
  return family === 'inet' || (spec.ipVersion === 6 ? family === 'ip6' : family === 'ip');
}

function insertFlat(ctx: Context, spec: RuleSpec, position: InsertPosition): void {
  const chains = flatChainsOf(ctx.root);
  const anchor = anchorOf(position);
  let chain = anchor ? chains.find((c) => c.rules.some((r) => r.startLine === anchor.rule.range.start.line)) : undefined;
  if (chain?.decl && chain.decl.type !== chainTypeFor(spec)) chain = undefined;
  if (spec.action.kind === 'ct-helper') {
    assignHelperFlat(ctx, spec, chains, chain);
    return;
  }
  let line: number;
  const anchored = chain !== undefined && anchor !== undefined;
  if (chain && anchor) {
    line = anchor.line;
  } else {
    chain = chains.find((c) => c.decl?.hook === spec.path && c.decl.type === chainTypeFor(spec) && flatFamilyFits(c.family, spec));
    if (!chain) return;
    line = chain.rules.length === 0 ? chain.declLine + 1 : atChainStart(position) ? chain.rules[0].startLine : chain.rules[chain.rules.length - 1].endLine + 1;
  }
  const body = nftRuleBody(spec, HELPER_OBJECT, chain.family);
  if (!body) return;
  const prefix = `add rule ${chain.family} ${chain.table} ${chain.name}`;
  if (flatHas(ctx, chain, body, anchored ? anchor : undefined)) return;
  const lines = flatLines(ctx, prefix, body, spec.comment);
  if (!ctx.plan.plans(lines[lines.length - 1])) ctx.plan.insertLines(line, lines);
}

/**
 * Whether the chain already has a rule with this body (the `add rule [family]
 * table chain` part aside), where it takes effect when placed against `anchor`.
 */
function flatHas(ctx: Context, chain: FlatChain, body: string, anchor?: Anchor): boolean {
  const key = bodyKey(body);
  const anchorRule = anchor ? chain.rules.find((r) => r.startLine === anchor.rule.range.start.line) : undefined;
  const at = anchorRule ? flatChainOrder(anchorRule) : undefined;
  return chain.rules.some((r) => {
    if (flatRuleKeyOf(r) !== key) return false;
    const here = flatChainOrder(r);
    return at === undefined || here === undefined || takesEffectFirstMatch(ctx.ruleset, anchor, here, here, { start: at, end: at });
  });
}

/**
 * A rule's place in its chain once the file is loaded: `insert rule` goes
 * ahead of everything before it, `add rule` after; undefined when the rule
 * names its own position (`index`, `position`, `handle`).
 */
function flatChainOrder(r: NftStatement): number | undefined {
  const placement = flatTarget(r.words, 'rule')?.rest[0];
  if (placement === 'index' || placement === 'position' || placement === 'handle') return undefined;
  return r.words[0] === 'insert' ? -1 - r.startLine : r.startLine;
}

function flatLines(ctx: Context, prefix: string, body: string, comment: string): string[] {
  if (ctx.style.inlineComments) return [`${prefix} ${body} comment "fwlint: ${commentText(comment)}"`];
  return [`# fwlint: ${commentText(comment)}`, `${prefix} ${body}`];
}

function assignHelperFlat(ctx: Context, spec: RuleSpec, chains: FlatChain[], near: FlatChain | undefined): void {
  const host = near ?? chains.find((c) => c.decl !== undefined && flatFamilyFits(c.family, spec));
  if (!host) return;
  const { family, table } = host;
  // `add ct helper inet filter NAME { type "ftp" ... }`: reuse NAME.
  const helperDecl = ctx.root.statements.find(
    (s) => ['add', 'create'].includes(s.words[0]) && s.words[1] === 'ct' && s.words[2] === 'helper' && s.words.includes(table) && s.words.includes('"ftp"'),
  );
  const helper = helperDecl ? (helperDecl.words[helperDecl.words.indexOf('{') - 1] ?? HELPER_OBJECT) : HELPER_OBJECT;
  const body = nftRuleBody(spec, helper, family);
  if (!body) return;
  const assigner = chains.find((c) => c.family === family && c.table === table && c.decl?.hook === spec.path && c.decl.type === 'filter' && c.decl.priority > CONNTRACK_PRIORITY);
  const name = assigner?.name ?? (spec.path === 'output' ? 'fwlint-ftp-helper-out' : 'fwlint-ftp-helper');
  const prefix = `add rule ${family} ${table} ${name}`;
  if (assigner && flatHas(ctx, assigner, body)) return;
  const lines: string[] = [];
  if (!helperDecl) lines.push(`add ct helper ${family} ${table} ${HELPER_OBJECT} { type "ftp" protocol tcp ; }`);
  if (!assigner) lines.push(`add chain ${family} ${table} ${name} { type filter hook ${spec.path} priority filter ; policy accept ; }`);
  lines.push(...flatLines(ctx, prefix, body, spec.comment));
  if (ctx.plan.plans(lines[lines.length - 1])) return;
  const after = assigner ? (assigner.rules[0]?.startLine ?? assigner.declLine + 1) : Math.max(host.declLine, ...chains.filter((c) => c.family === family && c.table === table).map((c) => c.declLine)) + 1;
  ctx.plan.insertLines(after, lines);
}
