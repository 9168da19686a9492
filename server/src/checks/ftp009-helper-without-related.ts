// FTP009: the FTP helper is assigned, but the RELATED data connections it
// expects are refused where they arrive.
import type { Rule } from '../model/ruleset';
import type { RelatedLocation } from '../model/source';
import type { Check, CheckContext } from './check';
import { describeRefusal } from './describe';
import { dataFlows, dataOpenAsNew, firstRefusal, helperWithoutRelated, positionToOverride, relatedAnswer } from './ftp-paths';
import { assignedControlHelper } from './helper-control-ports';
import type { Finding, FixIntent } from './types';

export const ftp009: Check = {
  meta: {
    code: 'FTP009',
    name: 'helper-without-related',
    defaultSeverity: 'error',
    summary: 'An FTP helper is assigned, but RELATED connections are not accepted where the data arrives.',
    dialects: ['iptables', 'nftables'],
    fixable: true,
  },
  docs: {
    whatItDoes: `For every rule that assigns the FTP conntrack helper, finds the FTP control connections that really get it (the engine follows chain order and, for nftables, chain priority), follows the data connections they imply (passive data in for a server, passive out and active in for a client, forwarded for a router), and reports the helper rule when those data connections are refused both as new connections and as RELATED.`,
    whyThisBreaksFtp: `The helper only marks data connections as RELATED; something must still accept them. A ruleset that assigns the helper but accepts only ESTABLISHED (or accepts RELATED on input while the data is forwarded) drops every data connection: login works, transfers hang.`,
    howToFix: `Accept RELATED connections of the FTP helper on the path where data arrives: \`-m conntrack --ctstate RELATED -m helper --helper ftp -p tcp -j ACCEPT\` (iptables), \`ct state related ct helper "ftp" accept\` or simply \`ct state established,related accept\` (nftables), before any rule that drops them.`,
    examples: {
      iptables: {
        bad: `*raw
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT`,
        good: `*raw
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED -m helper --helper ftp -p tcp -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT`,
      },
      nftables: {
        bad: `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established accept
    tcp dport 21 ct helper set "ftp-standard" accept
  }
}`,
        good: `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    tcp dport 21 ct helper set "ftp-standard" accept
  }
}`,
      },
    },
    fixSafety: `Safe: the added rule accepts only connections the FTP helper expects.`,
    references: ['netfilter: "Secure use of iptables and connection tracking helpers"', 'iptables-extensions(8): helper, conntrack; nft(8): ct state, ct helper'],
  },
  run(ctx: CheckContext): Finding[] {
    if (ctx.dialect === 'pf') return [];
    const byHelperRule = new Map<number, { rule: Rule; related: RelatedLocation[]; intents: FixIntent[]; paths: Set<string> }>();
    for (const flow of dataFlows(ctx, { explicitClientsOnly: true })) {
      // The same test the blocked-data checks defer on, so exactly one of them reports.
      if (dataOpenAsNew(ctx, flow) || !helperWithoutRelated(ctx, flow.control.question, flow.question)) continue;
      const assigned = assignedControlHelper(ctx, flow.control.question);
      if (!assigned?.rule) continue;
      const related = relatedAnswer(ctx, flow);
      const entry = byHelperRule.get(assigned.rule.id) ?? { rule: assigned.rule, related: [], intents: [], paths: new Set<string>() };
      const key = `${flow.mode} data on ${flow.question.path}`;
      if (!entry.paths.has(key)) {
        entry.paths.add(key);
        const refusal = firstRefusal(related, flow.question.dport);
        entry.related.push(...describeRefusal(ctx, refusal, `RELATED ${flow.mode} FTP data on ${flow.question.path} is refused`));
        entry.intents.push({
          kind: 'insert-rules',
          position: positionToOverride(ctx, refusal),
          rules: [{ path: flow.question.path, table: 'filter', protocol: 'tcp', ctState: ['related'], ctHelper: 'ftp', action: { kind: 'accept' }, comment: 'FTP data expected by the ftp helper' }],
        });
      }
      byHelperRule.set(assigned.rule.id, entry);
    }
    return [...byHelperRule.values()].map(({ rule, related, intents, paths }) => ({
      code: 'FTP009',
      message: `The ftp helper is assigned here, but RELATED connections are not accepted where the data arrives (${[...paths].join(', ')}): the data connections the helper expects are dropped and transfers hang. Accept ct state related (for the ftp helper) on that path.`,
      range: rule.range,
      related,
      fixes: [{ title: 'Accept RELATED FTP data where it arrives', preferred: true, safety: 'safe', intents }],
    }));
  },
};
