// Renders fix intents into pf.conf. pf is last-match: a rule inserted before
// the rule it must beat is made `quick`; one inserted after it wins plainly.
// Rules reuse the file's macros (`on $ext_if`), and ftp-proxy plumbing follows
// the file's generation: `divert-to` (OpenBSD 4.7+) or `rdr ... ->` with
// nat-/rdr-anchors, which strict-order files need before the filter rules.
import { singleSpaced } from '../model/text';
import type { FixIntent, InsertPosition, RuleSpec } from '../checks/types';
import type { FrontendResult } from '../dialects/frontend';
import { PortSet } from '../model/ports';
import type { TextEdit } from './edit';
import { lastDocumentCache } from './document-cache';
import { renderReplacePorts } from './replace-ports';
import { InsertionPlan, TextLines, anchorOf, commentText, formatPorts, indentOf, onIntendedSide } from './rule-spec';

interface PfLayout {
  /** `name = value` definitions, value unquoted. */
  readonly macros: Map<string, string>;
  /** Lines that hold translation rules (`nat`, `rdr`, `binat`, their anchors). */
  readonly translation: number[];
  /** Lines that hold filter rules (`pass`, `block`, `match`, `anchor`, `antispoof`). */
  readonly filter: number[];
  /** Old-style NAT: `rdr ... ->` / `nat ... ->` rules or their anchors. */
  readonly oldStyle: boolean;
  /** Normalized text of every statement and the lines each copy spans, for idempotence. */
  readonly statements: Map<string, Array<{ start: number; end: number }>>;
}

const FTP_CONTROL = PortSet.of(21);
/** Where translation and filter insertions meet on one line, translation goes first (strict order). */
const TRANSLATION_RANK = -1;
const TRANSLATION = /^(no\s+)?(nat|rdr|binat)(-anchor)?\b/;
const FILTER = /^(pass|block|match|anchor|antispoof|load\s+anchor)\b/;

function scanLayout(doc: TextLines): PfLayout {
  const macros = new Map<string, string>();
  const translation: number[] = [];
  const filter: number[] = [];
  const statements = new Map<string, Array<{ start: number; end: number }>>();
  let oldStyle = false;
  for (let i = 0; i < doc.count; i++) {
    const first = i;
    let text = withoutComment(doc.line(i));
    while (/\\\s*$/.test(text) && i + 1 < doc.count) text = text.replace(/\\\s*$/, ' ') + withoutComment(doc.line(++i));
    const t = text.trim();
    if (t === '') continue;
    const key = singleSpaced(t);
    const copies = statements.get(key);
    if (copies) copies.push({ start: first, end: i });
    else statements.set(key, [{ start: first, end: i }]);
    const macro = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(t);
    if (macro) macros.set(macro[1], macro[2].replace(/^"(.*)"$/, '$1').trim());
    else if (TRANSLATION.test(t)) {
      translation.push(first);
      if (t.includes('->') || /^(nat|rdr)-anchor\b/.test(t)) oldStyle = true;
    } else if (FILTER.test(t)) filter.push(first);
  }
  return { macros, translation, filter, oldStyle, statements };
}

/** `$ext_if` when a macro is defined as exactly this value. */
function macroFor(layout: PfLayout, value: string): string {
  for (const [name, v] of layout.macros) if (v === value || v === `{ ${value} }`) return `$${name}`;
  return value;
}

const scanDocument = lastDocumentCache((text) => {
  const doc = new TextLines(text);
  return { doc, layout: scanLayout(doc) };
});

export function renderPf(text: string, _doc: FrontendResult, intents: readonly FixIntent[]): TextEdit[] {
  const { doc, layout } = scanDocument(text);
  const plan = new InsertionPlan(doc);
  for (const intent of intents) {
    if (intent.kind === 'replace-ports') renderReplacePorts(doc, plan, intent, 'pf');
    else for (const spec of intent.rules) insertPf(doc, layout, plan, spec, intent.position);
  }
  return plan.toEdits();
}

function insertPf(doc: TextLines, layout: PfLayout, plan: InsertionPlan, spec: RuleSpec, position: InsertPosition): void {
  const near = anchorOf(position);
  const neighbour = near ? doc.line(near.rule.range.start.line) : undefined;
  const indent = neighbour !== undefined ? indentOf(neighbour) : '';
  // Helper assignment is a Linux conntrack notion; pf's answer is ftp-proxy (anchor and divert intents).
  if (spec.action.kind === 'ct-helper') return;
  // Old-style files translate with `rdr ... ->` rules, which must precede filtering.
  const translation = (spec.action.kind === 'divert' || spec.action.kind === 'dnat') && layout.oldStyle;
  const lines: string[] = [];
  if (spec.action.kind === 'anchor') {
    const name = spec.action.name;
    if (layout.oldStyle) {
      for (const kind of ['nat-anchor', 'rdr-anchor']) {
        const anchor = `${kind} "${name}"`;
        if (!layout.statements.has(anchor) && !plan.plans(anchor)) plan.insertLines(translationLine(doc, layout), [anchor], TRANSLATION_RANK);
      }
    }
    const anchor = `anchor "${name}"`;
    if (layout.statements.has(anchor) || plan.plans(anchor)) return;
    lines.push(`${indent}# fwlint: ${commentText(spec.comment)}`, `${indent}${anchor}`);
  } else {
    const rule = pfRule(layout, spec, near?.before === true, neighbour);
    // A copy on the wrong side of the rule it must beat is overridden and does nothing.
    const existing = layout.statements.get(singleSpaced(rule)) ?? [];
    if (existing.some((at) => onIntendedSide(translation ? undefined : near, at.start, at.end)) || plan.plans(rule)) return;
    lines.push(`${indent}# fwlint: ${commentText(spec.comment)}`, `${indent}${rule}`);
  }
  if (translation) {
    plan.insertLines(translationLine(doc, layout), lines, TRANSLATION_RANK);
    return;
  }
  if (near && spec.action.kind !== 'anchor') {
    plan.insertLines(near.line, lines);
    return;
  }
  // Anchors (and rules without a usable neighbour) start the filter section unless the end is asked for.
  const atEnd = 'at' in position && position.at === 'end';
  plan.insertLines(atEnd ? doc.count : (layout.filter[0] ?? doc.count), lines);
}

/** Translation rules go after the last one, or before the first filter rule (pf's strict order). */
function translationLine(doc: TextLines, layout: PfLayout): number {
  const last = layout.translation[layout.translation.length - 1];
  if (last !== undefined) return last + 1;
  return layout.filter[0] ?? doc.count;
}

function pfRule(layout: PfLayout, spec: RuleSpec, placedBefore: boolean, neighbour: string | undefined): string {
  const a = spec.action;
  const onNeighbour = neighbour ? /\bon\s+(\$?[A-Za-z0-9_.]+|\{[^}]*\})/.exec(neighbour)?.[1] : undefined;
  const iface = spec.inInterface ?? spec.outInterface;
  const on = iface ? macroFor(layout, iface) : onNeighbour;
  const family = spec.ipVersion === 6 ? 'inet6' : spec.ipVersion === 4 || a.kind === 'divert' ? 'inet' : undefined;
  // ftp-proxy rules are conventionally written with the service name.
  const dport = spec.dport ? (a.kind === 'divert' && spec.dport.equals(FTP_CONTROL) ? 'ftp' : formatPorts(spec.dport, 'pf')) : undefined;
  if ((a.kind === 'divert' || a.kind === 'dnat') && layout.oldStyle) {
    const target = a.kind === 'divert' ? [a.address, 'port', `${a.port}`] : [macroFor(layout, a.address)];
    return ['rdr pass', ...(on ? ['on', on] : []), 'proto', spec.protocol, 'from', spec.src ? macroFor(layout, spec.src) : 'any', 'to', spec.dst ? macroFor(layout, spec.dst) : 'any', 'port', dport ?? 'ftp', '->', ...target].join(' ');
  }
  const verb = a.kind === 'accept' || a.kind === 'divert' ? 'pass' : a.kind === 'drop' ? 'block' : a.kind === 'reject' ? 'block return' : 'pass';
  const direction = spec.path === 'output' || spec.path === 'postrouting' ? 'out' : 'in';
  // Placed before the rule it must beat, only `quick` lets it win.
  const quick = spec.quick === true || placedBefore || a.kind === 'divert';
  const parts = [verb, direction, ...(quick ? ['quick'] : []), ...(on ? ['on', on] : []), ...(family ? [family] : []), 'proto', spec.protocol];
  if (spec.src || spec.sport) parts.push('from', spec.src ? macroFor(layout, spec.src) : 'any', ...(spec.sport ? ['port', formatPorts(spec.sport, 'pf')] : []));
  if (spec.dst || dport) parts.push('to', ...(spec.dst ? [macroFor(layout, spec.dst)] : spec.src || spec.sport ? ['any'] : []), ...(dport ? ['port', dport] : []));
  if (a.kind === 'dnat') parts.push('rdr-to', macroFor(layout, a.address));
  if (a.kind === 'divert') parts.push('divert-to', a.address, 'port', `${a.port}`);
  return parts.join(' ');
}

/** The line up to its `#`. Not `/#.*$/`: `.` stops at a `\r`, and the regex then retries from every `#` (quadratic). */
function withoutComment(line: string): string {
  const at = line.indexOf('#');
  return at < 0 ? line : line.slice(0, at);
}
