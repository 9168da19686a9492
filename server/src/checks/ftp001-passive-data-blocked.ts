// FTP001: an FTP server whose control port is open but whose passive data
// connections are not.
import { PortSet } from '../model/ports';
import type { Rule } from '../model/ruleset';
import type { Check, CheckContext } from './check';
import {
  controlAccepts,
  ephemeral,
  fixPassiveRange,
  serverPassiveRange,
  serverRangeName,
  openDports,
  opensPassiveRange,
  helperCoversData,
  helperWithoutRelated,
  missingHelperReported,
  helperFixIntents,
  needsQuick,
  positionToOverride,
  fromOutsider,
  questionFor,
  refusingSegment,
  usesFtpProxy,
} from './ftp-paths';
import { describeRefusal } from './describe';
import type { Finding, FixProposal, InsertPosition } from './types';
import type { PacketQuestion, Segment } from '../engine/api';

export const ftp001: Check = {
  meta: {
    code: 'FTP001',
    name: 'passive-data-blocked',
    defaultSeverity: 'error',
    summary: 'An FTP server accepts control connections on port 21, but not the passive data connections that follow.',
    dialects: ['iptables', 'nftables', 'pf'],
    fixable: true,
  },
  docs: {
    whatItDoes: `Finds rules that accept new TCP connections to port 21 on the input path while no passive data connection from the same clients can get in: no high-port range is accepted for them, no FTP conntrack helper is assigned to the control connection with RELATED accepted, and (pf) no ftp-proxy handles the session. When a rule assigns the FTP helper to the control connection but RELATED is not accepted, the cause is the missing RELATED accept: FTP009 reports it on the helper rule, and this check stays silent. Likewise when RELATED is accepted but no helper is assigned: FTP008 reports it on the rule that accepts RELATED (this check reports the blocked data again only when FTP008 is turned off).

A control rule open to everyone needs a passive range open to everyone: a range accepted only from the LAN leaves other clients hanging and is reported. A ruleset that accepts all new TCP from those clients is fine and is not reported. When the server's own passive range is known (the \`passiveRange\` setting, or a vsftpd, ProFTPD or Pure-FTPd configuration found beside the file), exactly that range must get in: a range opened for another configuration, or only part of the server's range, is reported, with the ports that are refused.

A pf rule that redirects port 21 to an inside host (\`rdr-to\`, \`rdr pass\`) is FTP002's business, and how wide the accepted range is, FTP004's.`,
    whyThisBreaksFtp: `In passive mode (PASV/EPSV, what almost every client uses) the client opens a second TCP connection to a port the server names, somewhere in the server's passive range. If the firewall accepts only port 21, login works and then \`LIST\`, \`RETR\` and \`STOR\` hang until the client times out.

Accepting \`RELATED\` alone does not help: since Linux 4.7 no conntrack helper is assigned automatically, so nothing marks the data connection as related unless the ruleset assigns the \`ftp\` helper. With FTP over TLS no helper can read the PASV reply at all, and only an open passive range works.`,
    howToFix: `Preferred: accept the server's passive range (the same range as vsftpd \`pasv_min_port\`/\`pasv_max_port\`, ProFTPD \`PassivePorts\`, Pure-FTPd \`-p\`) from the same sources as port 21, placed where it takes effect (before the rule that would drop it; in pf after any plain \`block\`, or \`quick\`).

Alternative (plain FTP only): assign the \`ftp\` conntrack helper to port 21 (iptables \`-t raw ... -j CT --helper ftp\`; nft \`ct helper set\` in a chain at filter priority, not \`priority raw\`) and accept \`ct state related\`. On pf, use ftp-proxy(8) with \`anchor "ftp-proxy/*"\`.`,
    examples: {
      iptables: {
        bad: `*filter
:INPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT`,
        good: `*filter
:INPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
COMMIT`,
      },
      nftables: {
        bad: `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established accept
    tcp dport 21 accept
  }
}`,
        good: `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established accept
    tcp dport { 21, 50000-50999 } accept
  }
}`,
      },
      pf: {
        bad: `block in all
pass in proto tcp to port 21`,
        good: `block in all
pass in proto tcp to port 21
pass in proto tcp to port 50000:50999`,
      },
    },
    fixSafety: `Accepting a passive range opens ports: the fix is marked unsafe unless \`fwlint.passiveRange\` (or \`passiveRange\` in \`.fwlint.json\`) names the server's range, because the firewall range must equal the server's. The helper alternative is unsafe too: it accepts RELATED traffic the helper expects.`,
    references: [
      'RFC 959 (FTP), RFC 2428 (EPSV/EPRT)',
      'vsftpd.conf(5): pasv_min_port, pasv_max_port',
      'netfilter: "Secure use of iptables and connection tracking helpers"',
      'ftp-proxy(8), pf.conf(5)',
    ],
  },
  run(ctx: CheckContext): Finding[] {
    if (ctx.dialect === 'pf' && usesFtpProxy(ctx)) return [];
    const findings: Finding[] = [];
    const seen = new Set<number>();
    const high = ephemeral(ctx);
    const serverRange = serverPassiveRange(ctx);
    for (const control of controlAccepts(ctx, 'input')) {
      if (seen.has(control.rule.id)) continue;
      // pf `pass ... rdr-to` / `rdr pass`: the server is the inside host, FTP002's case.
      if (control.rule.actions.some((a) => a.kind === 'dnat')) continue;
      const outsider = fromOutsider(ctx, control);
      const passive = questionFor(ctx.ruleset, control.rule, 'input', control.question.ipVersion, { sport: high, dport: high, ctState: 'new' });
      const data = { ...passive, ...(serverRange ? { dport: high.union(serverRange) } : {}), ...(outsider?.src ? { src: outsider.src } : {}) };
      const answer = ctx.engine.evaluate(data);
      // With the server's own range known, exactly that range must get in; else any passive-looking range will do.
      const missing = serverRange?.subtract(openDports(answer));
      if (missing ? missing.isEmpty() : opensPassiveRange(answer)) continue;
      if (helperCoversData(ctx, control.question, data) || helperWithoutRelated(ctx, control.question, data)) continue;
      if (missingHelperReported(ctx, { control, mode: 'passive', question: passive })) continue;
      seen.add(control.rule.id);
      const range = fixPassiveRange(ctx);
      const toOpen = missing && missing.intervals.length === 1 ? { ports: missing, configured: true } : range;
      const refusal = refusingSegment(answer, toOpen.ports.intervals[0].lo);
      const related = describeRefusal(ctx, refusal, `Passive data to ${toOpen.ports} is refused here`);
      findings.push({
        code: 'FTP001',
        message: missing && serverRange ? serverRangeMessage(serverRangeName(ctx, serverRange), serverRange, missing, openDports(answer).intersect(high)) : `Port 21 is accepted but passive FTP data is not: clients will log in and then hang on LIST/RETR. Accept the server's PASV range (e.g. ${range.ports}) from the same sources, or assign the ftp conntrack helper and accept RELATED.`,
        range: control.rule.range,
        related,
        fixes: fixes(ctx, control.rule, data, refusal, toOpen),
      });
    }
    return findings;
  },
};

/** The finding when the server's passive range is known (setting or server configuration) and not all of it gets in. */
function serverRangeMessage(named: string, serverRange: PortSet, missing: PortSet, openHigh: PortSet): string {
  const what = missing.equals(serverRange)
    ? `${named} is not: clients will log in and then hang on LIST/RETR`
    : `${missing} of ${named} is not: a transfer hangs whenever the server picks one of those ports`;
  // What the firewall opens that looks like a passive range (more than one port in a row): a range set up for another server configuration.
  const ranges = PortSet.fromIntervals(openHigh.intervals.filter((i) => i.hi > i.lo));
  const instead = !ranges.isEmpty() && !ranges.overlaps(serverRange) ? ` The firewall accepts ${ranges} instead, which is not the range the server uses.` : '';
  return `Port 21 is accepted but ${what}.${instead} Accept the server's range from the same sources, or assign the ftp conntrack helper and accept RELATED.`;
}

function fixes(ctx: CheckContext, rule: Rule, data: PacketQuestion, refusal: Segment | undefined, range: { ports: PortSet; configured: boolean }): FixProposal[] {
  const m = rule.match;
  const common = {
    path: 'input' as const,
    protocol: 'tcp' as const,
    ...(m.src.kind !== 'any' ? { src: m.src.text } : {}),
    ...(m.dst.kind !== 'any' ? { dst: m.dst.text } : {}),
    ...(m.inInterface && !m.inInterface.negated ? { inInterface: m.inInterface.names[0] } : {}),
    ...(m.ipVersion ? { ipVersion: m.ipVersion } : {}),
  };
  // Right after the port-21 rule when nothing before it refuses the data (the
  // passive accept then sits beside the control accept); otherwise where the
  // refusal is overridden (before the dropping rule, in pf at the end or before a quick block).
  const refusedBefore = refusal?.decidedBy && refusal.decidedBy.chainKey === rule.chainKey && refusal.decidedBy.id < rule.id;
  const position: InsertPosition = ctx.dialect !== 'pf' && refusal?.decidedBy && !refusedBefore && refusal.decidedBy.chainKey === rule.chainKey ? { after: rule } : positionToOverride(ctx, refusal);
  const out: FixProposal[] = [
    {
      title: `Accept FTP passive data on ports ${range.ports}`,
      preferred: true,
      safety: range.configured ? 'safe' : 'unsafe',
      intents: [
        {
          kind: 'insert-rules',
          position,
          rules: [
            {
              ...common,
              table: 'filter',
              dport: range.ports,
              action: { kind: 'accept' },
              ...(needsQuick(ctx, refusal) ? { quick: true } : {}),
              comment: 'FTP passive data (must match the server passive port range)',
            },
          ],
        },
      ],
    },
  ];
  if (ctx.dialect === 'pf') {
    out.push({
      title: 'Hand FTP to ftp-proxy(8) with its anchor',
      preferred: false,
      safety: 'unsafe',
      intents: [
        { kind: 'insert-rules', position: { at: 'start' }, rules: [{ path: 'input', table: 'filter', protocol: 'tcp', action: { kind: 'anchor', name: 'ftp-proxy/*' }, comment: 'rules ftp-proxy adds for each session' }] },
        {
          kind: 'insert-rules',
          position: { after: rule },
          rules: [{ ...common, table: 'filter', dport: PortSet.of(21), quick: true, action: { kind: 'divert', address: '127.0.0.1', port: 8021 }, comment: 'FTP control to ftp-proxy' }],
        },
      ],
    });
  } else {
    out.push({
      title: 'Assign the ftp conntrack helper to port 21 and accept RELATED data',
      preferred: false,
      safety: 'unsafe',
      intents: helperFixIntents(ctx, { path: 'prerouting', ...(common.src ? { src: common.src } : {}), ...(m.ipVersion ? { ipVersion: m.ipVersion } : {}) }, [data]),
    });
  }
  return out;
}
