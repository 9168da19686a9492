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
    const byRange = new Map<string, UnreachableRule[]>();
    for (const u of unreachable) {
      const key = rangeKey(u.rule);
      const group = byRange.get(key);
      if (group) group.push(u);
      else byRange.set(key, [u]);
    }
    // A shell loop writes several rules from one line: report the line once,
    // and only when every rule written there is unreachable. Only the lines of
    // unreachable rules need counting.
    const lines = new Set(unreachable.map((u) => u.rule.range.start.line));
    const rulesAt = new Map<string, number>();
    for (const r of allRules(ctx.ruleset)) {
      if (!lines.has(r.range.start.line)) continue;
      const key = rangeKey(r);
      if (byRange.has(key)) rulesAt.set(key, (rulesAt.get(key) ?? 0) + 1);
    }
    const findings: Finding[] = [];
    for (const [key, group] of byRange) {
      if (group.length < (rulesAt.get(key) ?? 0)) continue;
      const { rule } = group[0];
      const shadowedBy = [...new Map(group.flatMap((u) => u.shadowedBy).map((r) => [r.id, r])).values()];
      const first = shadowedBy[0];
      const by = first ? `the rule on ${lineRef(first)}${shadowedBy.length > 1 ? ` (and ${shadowedBy.length - 1} more)` : ''}` : 'the rules before it';
      findings.push({
        code: 'FW003',
        message: `This rule is never reached: ${by} already decides every packet it matches. Move it, narrow the shadowing rule, or remove it.`,
        range: rule.range,
        related: shadowedBy.map((r) => ruleLocation(r, 'Shadowing rule: decides these packets first')),
        unnecessary: true,
        fixes: [],
      });
    }
    return findings;
  },
};

function rangeKey(rule: Rule): string {
  const r = rule.range;
  return `${rule.uri ?? ''}:${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;
}
