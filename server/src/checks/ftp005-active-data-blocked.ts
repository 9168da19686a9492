// FTP005: an FTP server whose restrictive output path drops the active-mode
// data connections it opens from port 20.
import { PortSet } from '../model/ports';
import type { Check, CheckContext } from './check';
import { describeRefusal } from './describe';
import { controlAccepts, ephemeral, FTP_DATA_ACTIVE, firstRefusal, helperCoversData, mostlyOpen, positionToOverride, reverseQuestion } from './ftp-paths';
import type { Finding } from './types';

export const ftp005: Check = {
  meta: {
    code: 'FTP005',
    name: 'active-data-blocked',
    defaultSeverity: 'warning',
    summary: "An FTP server's restrictive output path drops the active-mode data connections it opens from port 20 to clients.",
    dialects: ['iptables', 'nftables', 'pf'],
    fixable: true,
  },
  docs: {
    whatItDoes: `For each rule that accepts FTP control connections (port 21) on the input path, asks whether the server may open a new TCP connection from port 20 back to the same clients' high ports on the output path. Reported only when the output path is restrictive (a drop policy or a final drop) and refuses it, and no FTP helper with RELATED accepted on output covers it.`,
    whyThisBreaksFtp: `In active mode (PORT/EPRT) the client listens and the server connects to it, traditionally from port 20. A server whose output chain only lets replies out (ESTABLISHED) cannot open that connection: PORT succeeds, then \`LIST\`/\`RETR\` fail with "425 Can't open data connection". Clients that default to active mode, and many scripted transfers, break.`,
    howToFix: `Accept new TCP connections from port 20 to high ports on output (the sending socket is local, so this opens nothing inbound), or assign the FTP helper to port 21 and accept RELATED on output. Note that not every server uses port 20 (vsftpd \`connect_from_port_20\`).`,
    examples: {
      iptables: {
        bad: `*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
COMMIT`,
        good: `*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -p tcp --sport 20 --dport 1024:65535 -j ACCEPT
COMMIT`,
      },
      nftables: {
        bad: `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport { 21, 50000-50999 } accept
  }
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established accept
  }
}`,
        good: `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport { 21, 50000-50999 } accept
  }
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established accept
    tcp sport 20 tcp dport 1024-65535 accept
  }
}`,
      },
      pf: {
        bad: `block all
pass in proto tcp to port { 21, 50000:50999 }`,
        good: `block all
pass in proto tcp to port { 21, 50000:50999 }
pass out proto tcp from port 20 to port > 1023`,
      },
    },
    fixSafety: `Safe: the added rule only lets the host itself open connections from port 20, which only a privileged process (the FTP server) can bind.`,
    references: ['RFC 959 (PORT), RFC 2428 (EPRT)', 'vsftpd.conf(5): connect_from_port_20'],
  },
  run(ctx: CheckContext): Finding[] {
    const findings: Finding[] = [];
    const high = ephemeral(ctx);
    for (const control of controlAccepts(ctx, 'input')) {
      const data = reverseQuestion(control.question, 'output', { sport: FTP_DATA_ACTIVE, dport: high, ctState: 'new' });
      const answer = ctx.engine.evaluate(data);
      if (mostlyOpen(answer, high)) continue;
      if (helperCoversData(ctx, control.question, data)) continue;
      const refusal = firstRefusal(answer, high);
      findings.push({
        code: 'FTP005',
        message: `This host accepts FTP control connections, but its output path drops the active-mode data connections it opens from port 20 to the clients' high ports: PORT/EPRT transfers fail with "425 Can't open data connection". Accept new TCP from port 20 on output, or assign the ftp helper and accept RELATED on output.`,
        range: control.rule.range,
        related: describeRefusal(ctx, refusal, 'Active FTP data from port 20 is refused here'),
        fixes: [
          {
            title: 'Accept active FTP data from port 20 on output',
            preferred: true,
            safety: 'safe',
            intents: [
              {
                kind: 'insert-rules',
                position: positionToOverride(ctx, refusal),
                rules: [
                  {
                    path: 'output',
                    table: 'filter',
                    protocol: 'tcp',
                    ...(control.rule.match.src.kind !== 'any' ? { dst: control.rule.match.src.text } : {}),
                    sport: PortSet.of(20),
                    dport: high,
                    action: { kind: 'accept' },
                    comment: 'FTP active-mode data opened by this server',
                  },
                ],
              },
            ],
          },
        ],
      });
    }
    return findings;
  },
};
