// FTP008: FTP data relies on RELATED being accepted, but nothing assigns the
// FTP conntrack helper, so no data connection is ever RELATED.
import type { Rule } from '../model/ruleset';
import type { RelatedLocation } from '../model/source';
import type { Check, CheckContext } from './check';
import { lineRef, ruleLocation } from './describe';
import { dataFlows, ephemeral, FTP_CONTROL, helperTypeOf, ipVersions, questionFor, relatedWithoutHelper } from './ftp-paths';
import { helperControlPorts } from './helper-control-ports';
import { ruleCensus } from './rule-census';
import type { Finding, RuleSpec } from './types';

export const ftp008: Check = {
  meta: {
    code: 'FTP008',
    name: 'related-without-helper',
    defaultSeverity: 'error',
    summary: 'FTP data relies on RELATED being accepted, but no FTP helper is assigned (explicit assignment is required on current Linux kernels).',
    dialects: ['iptables', 'nftables'],
    fixable: true,
  },
  docs: {
    whatItDoes: `For each FTP control connection the ruleset accepts (port 21 in, out or forwarded), follows the data connections it implies. When such a data connection is refused as a new connection but would be accepted as RELATED, the ruleset relies on the FTP conntrack helper; if no helper is assigned to that control connection, the rule that accepts RELATED is reported. The data is then blocked, but FTP001, FTP006 and FTP007 leave it to this check: one cause, one finding, and one fix (assign the helper) that completes what the ruleset meant without opening a passive range besides.

Also reports an iptables \`-j CT\` rule on port 21 without \`--helper\` (seen in OpenWrt fw3 dumps): it looks like a helper assignment but assigns none. Placed before a \`-j CT --helper ftp\` for the same connections it even cancels that one (the kernel keeps the first CT target a connection meets); placed after it, it changes nothing and is not reported. Only a rule that names RELATED counts as relying on the helper.`,
    whyThisBreaksFtp: `A data connection is RELATED only when the \`ftp\` helper read the PORT/PASV exchange on the control connection and set up an expectation. Since Linux 4.7 helpers are no longer attached automatically by port (\`nf_conntrack_helper\` defaults to 0, and the automatic mode has since been removed): loading \`nf_conntrack_ftp\` is not enough. Rulesets written for older kernels, which accept \`ESTABLISHED,RELATED\` and nothing else for FTP data, now log in and hang on every listing.`,
    howToFix: `Assign the helper explicitly, only where FTP is expected: iptables \`-t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp\` (raw OUTPUT for a local client); nftables \`ct helper ftp-standard { type "ftp" protocol tcp; }\` in the table and \`tcp dport 21 ct helper set "ftp-standard"\` in a chain at filter priority (not \`priority raw\`, where it silently does nothing). A router that publishes the server on another outside port (\`--dport 2121 -j DNAT --to-destination 10.0.0.5:21\`) must match that port too: the raw table runs before DNAT and sees 2121 (the fix matches both). Or open the passive range as a plain NEW accept instead.`,
    examples: {
      iptables: {
        bad: `*filter
:INPUT DROP [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT`,
        good: `*raw
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT`,
      },
      nftables: {
        bad: `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    tcp dport 21 accept
  }
}`,
        good: `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain pre {
    type filter hook prerouting priority filter;
    tcp dport 21 ct helper set "ftp-standard"
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    tcp dport 21 accept
  }
}`,
      },
    },
    fixSafety: `Safe: assigning the helper to the FTP control connections makes the existing RELATED rule do what it was written for, and nothing else.`,
    references: [
      'netfilter: "Secure use of iptables and connection tracking helpers"',
      'Linux 4.7 changelog: nf_conntrack_helper default 0',
      'iptables-extensions(8): CT --helper; nft(8): ct helper',
    ],
  },
  run(ctx: CheckContext): Finding[] {
    if (ctx.dialect === 'pf') return [];
    const findings: Finding[] = [...ctWithoutHelper(ctx)];
    const byRelatedRule = new Map<number, { rule: Rule; controls: Map<number, Rule>; paths: Set<string> }>();
    for (const flow of dataFlows(ctx, { explicitClientsOnly: true })) {
      const rule = relatedWithoutHelper(ctx, flow);
      if (!rule) continue;
      const entry = byRelatedRule.get(rule.id) ?? { rule, controls: new Map<number, Rule>(), paths: new Set<string>() };
      entry.controls.set(flow.control.rule.id, flow.control.rule);
      entry.paths.add(`${flow.mode} data on ${flow.question.path}`);
      byRelatedRule.set(rule.id, entry);
    }
    for (const { rule, controls, paths } of byRelatedRule.values()) {
      const controlRules = [...controls.values()];
      const related: RelatedLocation[] = controlRules.map((c) => ruleLocation(c, 'FTP control connections accepted here get no helper'));
      findings.push({
        code: 'FTP008',
        message: `RELATED is accepted here, but no ftp conntrack helper is assigned to the FTP control connection (${controlRules.map(lineRef).join(', ')}): since Linux 4.7 helpers are not attached automatically, so ${[...paths].join(' and ')} never becomes RELATED and is dropped. Assign the helper (iptables raw table -j CT --helper ftp; nft ct helper set at filter priority).`,
        range: rule.range,
        related,
        fixes: [
          {
            title: 'Assign the ftp conntrack helper to FTP control connections',
            preferred: true,
            safety: 'safe',
            intents: [{ kind: 'insert-rules', position: { at: 'start' }, rules: helperSpecs(controlRules, ctx) }],
          },
        ],
      });
    }
    return findings;
  },
};

/** Helper assignments for the control rules' connections: prerouting for arriving ones, output for the host's own. */
function helperSpecs(controls: readonly Rule[], ctx: CheckContext): RuleSpec[] {
  const specs = new Map<string, RuleSpec>();
  for (const c of controls) {
    const chain = ctx.ruleset.chains.find((ch) => ch.key === c.chainKey);
    const path = chain?.base?.hook === 'output' || c.match.direction === 'out' ? 'output' : 'prerouting';
    const src = c.match.src.kind !== 'any' ? c.match.src.text : undefined;
    const key = `${path} ${src ?? ''}`;
    specs.set(key, {
      path,
      table: 'raw',
      protocol: 'tcp',
      ...(src ? { src } : {}),
      ...(c.match.ipVersion ? { ipVersion: c.match.ipVersion } : {}),
      dport: helperControlPorts(ctx, path),
      action: { kind: 'ct-helper', helper: 'ftp' },
      comment: 'FTP control: let the ftp helper mark data connections RELATED',
    });
  }
  return [...specs.values()];
}

/** `-j CT` on port 21 with no `--helper`: an assignment that assigns nothing. */
function ctWithoutHelper(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const rule of ruleCensus(ctx).toPort21) {
    const empty = rule.actions.some((a) => (a.kind === 'ct-helper' && a.helper.trim() === '') || (a.kind === 'other' && /^CT\b/.test(a.text) && !/--helper/.test(a.text)));
    if (!empty || helperAssignedAnyway(ctx, rule)) continue;
    out.push({
      code: 'FTP008',
      message: 'This rule sends FTP control connections to the CT target without --helper ftp, so no helper is assigned: FTP data connections never become RELATED. Add --helper ftp.',
      range: rule.range,
      related: [],
      fixes: [
        {
          title: 'Assign the ftp conntrack helper to FTP control connections',
          preferred: true,
          safety: 'safe',
          intents: [{ kind: 'insert-rules', position: { before: rule }, rules: helperSpecs([rule], ctx) }],
        },
      ],
    });
  }
  return out;
}

/**
 * Whether every FTP control connection that reaches this rule already got the
 * ftp helper from an earlier rule: the kernel keeps the first CT target a
 * connection meets, so this one then changes nothing (what the preferred fix
 * leaves behind when it inserts the assignment before it).
 */
function helperAssignedAnyway(ctx: CheckContext, rule: Rule): boolean {
  let reached = false;
  for (const path of ['input', 'forward', 'output'] as const) {
    for (const v of ipVersions(ctx.ruleset)) {
      if (rule.match.ipVersion && rule.match.ipVersion !== v) continue;
      const answer = ctx.engine.evaluate(questionFor(ctx.ruleset, rule, path, v, { sport: ephemeral(ctx), dport: FTP_CONTROL, ctState: 'new' }));
      for (const s of answer.segments) {
        if (!s.trail.includes(rule)) continue;
        reached = true;
        if (!s.helper || helperTypeOf(ctx, s.helper.helper) !== 'ftp') return false;
      }
    }
  }
  return reached;
}
