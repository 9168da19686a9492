// FTP006: an FTP client whose input path drops the active-mode data
// connections servers open back to it from port 20.
import type { Check, CheckContext } from './check';
import { describeRefusal } from './describe';
import {
  controlAccepts,
  controlReplyAccepts,
  ephemeral,
  FTP_CONTROL,
  FTP_DATA_ACTIVE,
  firstRefusal,
  helperCoversData,
  helperWithoutRelated,
  explicitControl,
  missingHelperReported,
  clientHelperFix,
  routedControlAccepts,
  mostlyOpen,
  reverseQuestion,
  usesFtpProxy,
  type ControlAccept,
} from './ftp-paths';
import type { Finding } from './types';

export const ftp006: Check = {
  meta: {
    code: 'FTP006',
    name: 'client-active-data-blocked',
    defaultSeverity: 'information',
    summary: 'An FTP client, or a router forwarding FTP: the active-mode data connections from port 20 back to the clients are dropped (active mode fails; passive may still work).',
    dialects: ['iptables', 'nftables', 'pf'],
    fixable: true,
  },
  docs: {
    whatItDoes: `Looks for a host acting as an FTP client: a rule that explicitly lets FTP control connections out (port 21 on the output path), or, in stateless rulesets, accepts replies from source port 21. For those servers it asks whether their active-mode data connection (new TCP from port 20 to this host's high ports) gets in, and reports when it is dropped and no FTP helper with RELATED accepted covers it. A server-only ruleset is never reported: accepting port 21 inbound does not make a host a client.

The same on a router (Linux): a rule that explicitly forwards FTP control connections (clients behind the router, or a server behind it reached by its own address) needs the servers' active data connections back to the same clients forwarded too, or the helper assigned in prerouting with RELATED accepted on forward. Control connections that a DNAT rule forwards to an inside server are not read here.

When a rule assigns the FTP helper to the control connection but RELATED is not accepted, the cause is the missing RELATED accept: FTP009 reports it on the helper rule, and this check stays silent. Likewise when RELATED is accepted but no helper is assigned to an explicit FTP client rule: FTP008 reports it on the rule that accepts RELATED (this check reports the blocked data again only when FTP008 is turned off).`,
    whyThisBreaksFtp: `In active mode the client sends PORT/EPRT and waits for the server to connect back, usually from port 20. An input chain that only accepts ESTABLISHED traffic drops that new connection: the transfer fails with "425" or hangs. Passive mode still works, which is why this is informational: most clients use passive mode by default.`,
    howToFix: `Prefer passive mode on the client. If active mode is needed, assign the FTP helper to the outgoing control connection (iptables \`-t raw -A OUTPUT -p tcp --dport 21 -j CT --helper ftp\`; nft \`ct helper set\` in an output chain at filter priority) and accept RELATED on input. Accepting everything from source port 20 is not a fix: anyone can send from port 20 (see FTP003).`,
    examples: {
      iptables: {
        bad: `*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT`,
        good: `*raw
-A OUTPUT -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED -m helper --helper ftp -p tcp -j ACCEPT
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT`,
      },
      nftables: {
        bad: `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established accept
  }
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established accept
    tcp dport 21 accept
  }
}`,
        good: `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
  }
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established accept
    tcp dport 21 ct helper set "ftp-standard" accept
  }
}`,
      },
      pf: {
        bad: `block all
pass out proto tcp to port 21`,
        good: `block all
pass out proto tcp to port 21
pass in proto tcp from port 20 to port > 1023`,
      },
    },
    fixSafety: `Unsafe: the proposed fix admits RELATED (helper-expected) connections inbound. No fix is proposed in pf (there is no helper; the only rule that would admit active data is a broad allow from port 20, which anyone can send from) nor for stateless rulesets that accept replies from port 21.`,
    references: ['RFC 959 (PORT), RFC 2428 (EPRT)', 'netfilter: "Secure use of iptables and connection tracking helpers"', 'ftp-proxy(8)'],
  },
  run(ctx: CheckContext): Finding[] {
    if (ctx.dialect === 'pf' && usesFtpProxy(ctx)) return [];
    const findings: Finding[] = [];
    const high = ephemeral(ctx);
    const clients: Array<{ control: ControlAccept; toServer: boolean }> = [
      ...controlAccepts(ctx, 'output').filter((c) => explicitControl(c)).map((control) => ({ control, toServer: true })),
      ...controlReplyAccepts(ctx, 'input').map((control) => ({ control, toServer: false })),
      // A router: the servers' data connections come back through it, on forward.
      ...routedControlAccepts(ctx).map((control) => ({ control, toServer: true })),
    ];
    const seen = new Set<number>();
    for (const { control, toServer } of clients) {
      if (seen.has(control.rule.id)) continue;
      // The server's data connection comes from the server's address to ours.
      const q = control.question;
      const forwarded = control.path === 'forward';
      const data = toServer
        ? reverseQuestion(q, forwarded ? 'forward' : 'input', { sport: FTP_DATA_ACTIVE, dport: high, ctState: 'new' })
        : { ...q, path: 'input' as const, sport: FTP_DATA_ACTIVE, dport: high, ctState: 'new' as const };
      const answer = ctx.engine.evaluate(data);
      if (mostlyOpen(answer, high)) continue;
      // A stateless client names only the server's replies; its own control
      // connection (new, to port 21 on output) is the one a helper would watch.
      const outgoingControl = toServer ? q : reverseQuestion(q, 'output', { sport: high, dport: FTP_CONTROL, ctState: 'new' });
      if (helperCoversData(ctx, outgoingControl, data) || helperWithoutRelated(ctx, outgoingControl, data)) continue;
      if (toServer && missingHelperReported(ctx, { control, mode: 'active', question: data })) continue;
      seen.add(control.rule.id);
      const refusal = firstRefusal(answer, high);
      findings.push({
        code: 'FTP006',
        message: forwarded
          ? `FTP control (port 21) is forwarded through this host, but the active-mode data connections that follow (new TCP from the servers' port 20 back to the clients' high ports) are dropped on forward: active transfers fail; passive mode still works. Use passive mode, or assign the ftp helper to port 21 in prerouting and accept RELATED on forward.`
          : `This host makes FTP connections, but active-mode data connections from the server (new TCP from port 20 to this host's high ports) are dropped on input: active transfers fail; passive mode still works. Use passive mode, or assign the ftp helper to the outgoing control connection and accept RELATED on input.`,
        range: control.rule.range,
        related: describeRefusal(ctx, refusal, 'Active FTP data from port 20 is refused here'),
        fixes:
          // pf has no helper: the only rule that admits active data is a broad allow from port 20 (FTP003), so none is proposed.
          ctx.dialect === 'pf' || !toServer
            ? []
            : [clientHelperFix(ctx, control, data)],
      });
    }
    return findings;
  },
};

