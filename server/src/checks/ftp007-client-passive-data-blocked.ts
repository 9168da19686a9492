// FTP007: an FTP client on a restrictive output path lets port 21 out but not
// the passive data connections to the server's high ports.
import type { Check, CheckContext } from './check';
import { describeRefusal } from './describe';
import { controlAccepts, ephemeral, explicitControl, missingHelperReported, routedControlAccepts, clientHelperFix, firstRefusal, opensPassiveRange, helperCoversData, helperWithoutRelated, needsQuick, positionToOverride, questionFor, usesFtpProxy } from './ftp-paths';
import type { Finding } from './types';

export const ftp007: Check = {
  meta: {
    code: 'FTP007',
    name: 'client-passive-data-blocked',
    defaultSeverity: 'warning',
    summary: 'An FTP client with a restrictive output path, or a router forwarding FTP: port 21 gets through, passive data connections to high ports do not.',
    dialects: ['iptables', 'nftables', 'pf'],
    fixable: true,
  },
  docs: {
    whatItDoes: `For each rule that explicitly lets FTP control connections out (port 21 on the output path), asks whether a new TCP connection to the same servers' high ports may leave too. Reported when the output path refuses it and no FTP helper with RELATED accepted on output covers it.

The same on a router (Linux): a rule that explicitly forwards FTP control connections (clients behind the router going out, or a server behind it reached by its own address) needs the passive data from the same clients to the same servers' high ports forwarded too, or the helper assigned in prerouting with RELATED accepted on forward. Control connections that a DNAT rule forwards to an inside server are FTP002's.

When a rule assigns the FTP helper to the control connection but RELATED is not accepted, the cause is the missing RELATED accept: FTP009 reports it on the helper rule, and this check stays silent. Likewise when RELATED is accepted but no helper is assigned to an explicit FTP client rule: FTP008 reports it on the rule that accepts RELATED (this check reports the blocked data again only when FTP008 is turned off).`,
    whyThisBreaksFtp: `In passive mode the client opens the data connection itself, to the port the server names in its PASV/EPSV reply. An output chain that allows only port 21 (plus replies) lets the client log in, then drops the data connection: \`ls\` and \`get\` hang. With FTP over TLS no helper can read the reply, so only an open range works.`,
    howToFix: `Assign the FTP helper to the outgoing control connection (iptables raw OUTPUT, nft an output chain at filter priority) and accept RELATED on output; or accept new TCP to the servers' high ports on output. On pf, pass out to the high ports (pf keeps state) or use ftp-proxy.`,
    examples: {
      iptables: {
        bad: `*filter
:OUTPUT DROP [0:0]
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT`,
        good: `*raw
-A OUTPUT -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:OUTPUT DROP [0:0]
-A OUTPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT`,
      },
      nftables: {
        bad: `table inet filter {
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established accept
    tcp dport { 21, 22, 80, 443 } accept
  }
}`,
        good: `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established,related accept
    tcp dport 21 ct helper set "ftp-standard"
    tcp dport { 21, 22, 80, 443 } accept
  }
}`,
      },
      pf: {
        bad: `block all
pass out proto tcp to port { 22 80 443 ftp }`,
        good: `block all
pass out proto tcp to port { 22 80 443 ftp }
pass out proto tcp to port > 1023`,
      },
    },
    fixSafety: `Unsafe: the fix lets this host open more outgoing connections (RELATED ones the helper expects, or in pf new ones to high ports).`,
    references: ['RFC 959 (PASV), RFC 2428 (EPSV)', 'iptables-extensions(8): CT, helper', 'nft(8): ct helper', 'ftp-proxy(8)'],
  },
  run(ctx: CheckContext): Finding[] {
    if (ctx.dialect === 'pf' && usesFtpProxy(ctx)) return [];
    const findings: Finding[] = [];
    const high = ephemeral(ctx);
    for (const control of [...controlAccepts(ctx, 'output').filter(explicitControl), ...routedControlAccepts(ctx)]) {
      const forwarded = control.path === 'forward';
      const data = questionFor(ctx.ruleset, control.rule, control.path, control.question.ipVersion, { sport: high, dport: high, ctState: 'new' });
      const answer = ctx.engine.evaluate(data);
      if (opensPassiveRange(answer)) continue;
      if (helperCoversData(ctx, control.question, data) || helperWithoutRelated(ctx, control.question, data)) continue;
      if (missingHelperReported(ctx, { control, mode: 'passive', question: data })) continue;
      const refusal = firstRefusal(answer, high);
      findings.push({
        code: 'FTP007',
        message: forwarded
          ? `FTP control (port 21) is forwarded through this host, but the passive data connections that follow (new TCP from the same clients to the servers' high ports) are dropped on forward: the clients log in, then hang on ls/get. Assign the ftp helper to port 21 in prerouting and accept RELATED on forward, or accept the servers' passive range on forward.`
          : `FTP control (port 21) is allowed out, but passive data connections to the server's high ports are dropped on output: the client logs in, then hangs on ls/get. Assign the ftp helper to outgoing port 21 and accept RELATED on output, or allow new TCP to the servers' high ports.`,
        range: control.rule.range,
        related: describeRefusal(ctx, refusal, 'Passive FTP data to high ports is refused here'),
        fixes: [
          ctx.dialect === 'pf'
            ? {
                title: 'Pass passive FTP data to high ports out',
                preferred: true,
                safety: 'unsafe',
                intents: [
                  {
                    kind: 'insert-rules',
                    position: positionToOverride(ctx, refusal),
                    rules: [
                      {
                        path: 'output',
                        table: 'filter',
                        protocol: 'tcp',
                        ...(control.rule.match.dst.kind !== 'any' ? { dst: control.rule.match.dst.text } : {}),
                        dport: high,
                        action: { kind: 'accept' },
                        ...(needsQuick(ctx, refusal) ? { quick: true } : {}),
                        comment: 'FTP passive data to the server',
                      },
                    ],
                  },
                ],
              }
            : clientHelperFix(ctx, control, data),
        ],
      });
    }
    return findings;
  },
};
