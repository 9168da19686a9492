// replace-ports intents: rewrite only the port tokens of one rule in place,
// keeping the user's notation (`50000:50099`, `50000-50099`). When the rule
// names its ports through a macro or define, the definition is edited instead.
import type { FixIntent } from '../checks/types';
import type { PortInterval } from '../model/ports';
import { InsertionPlan, TextLines, type PortNotation } from './rule-spec';

type ReplacePorts = Extract<FixIntent, { kind: 'replace-ports' }>;

interface PortToken {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly interval: PortInterval;
  readonly separator: string;
  readonly field?: 'sport' | 'dport';
}

/** Words that say which field the port tokens after them belong to. */
const FIELD_WORDS: Readonly<Record<PortNotation, Readonly<Record<string, 'sport' | 'dport'>>>> = {
  iptables: {
    '--dport': 'dport', '--dports': 'dport', '--destination-port': 'dport', '--destination-ports': 'dport',
    '--sport': 'sport', '--sports': 'sport', '--source-port': 'sport', '--source-ports': 'sport',
  },
  nftables: { dport: 'dport', sport: 'sport' },
  pf: { to: 'dport', from: 'sport' },
};

function scanTokens(doc: TextLines, firstLine: number, lastLine: number, firstChar: number, notation: PortNotation): PortToken[] {
  const tokens: PortToken[] = [];
  let field: 'sport' | 'dport' | undefined;
  const words = FIELD_WORDS[notation];
  for (let line = firstLine; line <= lastLine; line++) {
    const text = doc.line(line);
    const word = /[^\s,{}();"]+/g;
    word.lastIndex = line === firstLine ? firstChar : 0;
    for (let m = word.exec(text); m; m = word.exec(text)) {
      if (m[0].startsWith('#')) break;
      if (words[m[0]]) {
        field = words[m[0]];
        continue;
      }
      // Another option (iptables) or keyword (nft) ends the port list; pf keeps it until the next from/to.
      if ((notation === 'iptables' && m[0].startsWith('-')) || (notation === 'nftables' && !/^\d/.test(m[0]))) field = undefined;
      const p = /^(\d{1,5})(?:([:-])(\d{1,5}))?$/.exec(m[0]);
      if (!p) continue;
      const lo = Number(p[1]);
      const hi = p[3] !== undefined ? Number(p[3]) : lo;
      tokens.push({ line, start: m.index, end: m.index + m[0].length, interval: { lo, hi }, separator: p[2] ?? '', field });
    }
  }
  return tokens;
}

export function renderReplacePorts(doc: TextLines, plan: InsertionPlan, intent: ReplacePorts, notation: PortNotation): void {
  const r = intent.rule.range;
  let tokens = scanTokens(doc, r.start.line, r.end.line, r.start.character, notation).filter((t) => t.field === intent.field);
  if (!tokens.some((t) => matchesFrom(t, intent))) tokens = definitionTokens(doc, intent, notation);
  const wanted = tokens.filter((t) => matchesFrom(t, intent));
  if (wanted.length === 0 || intent.to.intervals.length !== intent.from.intervals.length) return;
  for (const t of wanted) {
    const to = intent.to.intervals.find((i) => i.lo <= t.interval.lo && t.interval.hi <= i.hi);
    if (!to || (to.lo === t.interval.lo && to.hi === t.interval.hi)) continue;
    const separator = t.separator || (notation === 'nftables' ? '-' : ':');
    plan.replace({ start: { line: t.line, character: t.start }, end: { line: t.line, character: t.end } }, to.lo === to.hi ? `${to.lo}` : `${to.lo}${separator}${to.hi}`);
  }
}

function matchesFrom(t: PortToken, intent: ReplacePorts): boolean {
  return intent.from.intervals.some((i) => i.lo === t.interval.lo && i.hi === t.interval.hi);
}

/** Port tokens in the definitions of the macros/defines/variables the rule uses (`$PASV`). */
function definitionTokens(doc: TextLines, intent: ReplacePorts, notation: PortNotation): PortToken[] {
  const r = intent.rule.range;
  const names = new Set<string>();
  for (let line = r.start.line; line <= r.end.line; line++) {
    for (const m of doc.line(line).matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)) names.add(m[1]);
  }
  const tokens: PortToken[] = [];
  for (let line = 0; line < doc.count; line++) {
    const m = /^\s*(?:define\s+|redefine\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(doc.line(line));
    if (m && names.has(m[1])) {
      const values = scanTokens(doc, line, line, m[0].length, notation);
      tokens.push(...values.map((t) => ({ ...t, field: intent.field })));
    }
  }
  return tokens;
}
