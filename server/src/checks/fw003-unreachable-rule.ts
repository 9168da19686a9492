// FW003: a rule that can never decide a packet, from the engine's shadowing analysis.
import type { Rule } from '../model/ruleset';
import { allRules } from '../model/ruleset';
import type { Check, CheckContext, UnreachableRule } from './check';
import { lineRef, ruleLocation } from './describe';
import type { Finding } from './types';

export const fw003: Check = {
  meta: {
    code: 'FW003',
    name: 'unreachable-rule',
    defaultSeverity: 'warning',
    summary: 'A rule can never decide a packet, because rules evaluated before it (after it, for non-quick pf rules) cover everything it matches.',
    dialects: ['iptables', 'nftables', 'pf'],
    fixable: false,
  },
  docs: {
    whatItDoes: `Asks the engine which rules are shadowed: every packet they match is already decided by other rules, following each dialect's order (first match in iptables and nftables chains, last match in pf unless \`quick\`). The unreachable rule is faded in the editor and the shadowing rules are listed as related locations.`,
    whyThisBreaksFtp: `An unreachable rule is usually a rule someone meant to take effect: a deny for a proxy port written after a broad allow, a passive range accepted after a final drop, a pf \`pass\` followed by a wider \`block\`. For FTP this is how a correct-looking passive range or helper rule ends up doing nothing.`,
    howToFix: `Move the rule before the rules that shadow it (in pf: after them, or make it \`quick\`), narrow the shadowing rule, or delete the rule if it is really redundant.`,
    examples: {
      iptables: {
        bad: `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp -j DROP
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
COMMIT`,
        good: `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
-A INPUT -p tcp -j DROP
COMMIT`,
      },
      nftables: {
        bad: `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport 1-65535 drop
    tcp dport 21 accept
  }
}`,
        good: `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport 21 accept
    tcp dport 1-65535 drop
  }
}`,
      },
      pf: {
        bad: `pass in quick proto tcp to port 1:65535
block in quick proto tcp to port 3128`,
        good: `block in quick proto tcp to port 3128
pass in quick proto tcp to port 1:65535`,
      },
    },
    fixSafety: `No automatic fix: whether to move, narrow or delete the rule depends on what was meant.`,
    references: ['iptables(8): rule order', 'nft(8): chains and verdicts', 'pf.conf(5): quick and last-match evaluation'],
  },
  run(ctx: CheckContext): Finding[] {
    const unreachable = ctx.engine.unreachableRules();
    if (unreachable.length === 0) return [];
    // Each rule written apart: every rule is a group of its own.
    if (ctx.ruleset.rangesDistinct) return unreachable.map((u) => findingFor(u.rule, u.shadowedBy));
    // A shell loop writes several rules from one line: report the line once,
    // and only when every rule written there is unreachable.
    const byRange = new RangeGroups();
    for (const u of unreachable) byRange.add(u);
    for (const r of allRules(ctx.ruleset)) byRange.count(r);
    const findings: Finding[] = [];
    for (const group of byRange.groups) {
      const { unreachable: members } = group;
      if (members.length < group.rules) continue;
      const { rule } = members[0];
      const shadowedBy = members.length === 1 ? members[0].shadowedBy : [...new Map(members.flatMap((u) => u.shadowedBy).map((r) => [r.id, r])).values()];
      findings.push(findingFor(rule, shadowedBy));
    }
    return findings;
  },
};

interface KeptFinding {
  readonly shadowedBy: readonly Rule[];
  /** The line the message names (a replayed rule's range may have moved since). */
  readonly firstLine: number | undefined;
  readonly finding: Finding;
}

/**
 * The finding last made for each unreachable rule. After an edit most of a
 * large file's unreachable rules are the same objects, shadowed by the same
 * rules: their findings are kept rather than written again.
 */
const kept = new WeakMap<Rule, KeptFinding>();

function findingFor(rule: Rule, shadowedBy: readonly Rule[]): Finding {
  const first = shadowedBy[0] as Rule | undefined;
  const firstLine = first?.range.start.line;
  const last = kept.get(rule);
  if (last && last.firstLine === firstLine && sameRules(last.shadowedBy, shadowedBy)) return last.finding;
  const by = first ? `the rule on ${lineRef(first)}${shadowedBy.length > 1 ? ` (and ${shadowedBy.length - 1} more)` : ''}` : 'the rules before it';
  const finding: Finding = {
    code: 'FW003',
    message: `This rule is never reached: ${by} already decides every packet it matches. Move it, narrow the shadowing rule, or remove it.`,
    range: rule.range,
    related: shadowedBy.map((r) => ruleLocation(r, 'Shadowing rule: decides these packets first')),
    unnecessary: true,
    fixes: [],
  };
  kept.set(rule, { shadowedBy, firstLine, finding });
  return finding;
}

function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface RangeGroup {
  readonly unreachable: UnreachableRule[];
  /** How many rules of the ruleset have this range. */
  rules: number;
}

/** Unreachable rules grouped by their range (document and position), in the order first seen; looked up by start line, without a text key. */
class RangeGroups {
  readonly groups: RangeGroup[] = [];
  private readonly byLine = new Map<number, RangeGroup[]>();

  add(u: UnreachableRule): void {
    const line = u.rule.range.start.line;
    let onLine = this.byLine.get(line);
    if (!onLine) {
      onLine = [];
      this.byLine.set(line, onLine);
    }
    const found = groupOf(onLine, u.rule);
    if (found) {
      found.unreachable.push(u);
      return;
    }
    const group: RangeGroup = { unreachable: [u], rules: 0 };
    onLine.push(group);
    this.groups.push(group);
  }

  /** Counts `rule` in the group of its range, if there is one. */
  count(rule: Rule): void {
    const onLine = this.byLine.get(rule.range.start.line);
    if (!onLine) return;
    const found = groupOf(onLine, rule);
    if (found) found.rules++;
  }
}

/** The group of `rule`'s range among those starting on its line. */
function groupOf(onLine: readonly RangeGroup[], rule: Rule): RangeGroup | undefined {
  for (const g of onLine) if (sameRange(g.unreachable[0].rule, rule)) return g;
  return undefined;
}

function sameRange(a: Rule, b: Rule): boolean {
  const x = a.range;
  const y = b.range;
  return (
    (a.uri ?? '') === (b.uri ?? '') &&
    x.start.line === y.start.line &&
    x.start.character === y.start.character &&
    x.end.line === y.end.line &&
    x.end.character === y.end.character
  );
}
