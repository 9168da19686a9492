// FTP002: port 21 is forwarded to an inside server, its passive range is not.
import { concreteAddress } from '../model/addresses';
import { PortSet } from '../model/ports';
import type { Rule } from '../model/ruleset';
import type { Check, CheckContext } from './check';
import { ephemeral, fixPassiveRange, hasPassiveCandidate, helperTypeOf, ipVersions, mayForwardControl, openDports, serverPassiveRange, serverRangeName, translatedPorts } from './ftp-paths';
import { assignedControlHelper } from './helper-control-ports';
import type { Finding, FixProposal } from './types';

export const ftp002: Check = {
  meta: {
    code: 'FTP002',
    name: 'nat-forwards-control-only',
    defaultSeverity: 'error',
    summary: 'Port 21 is forwarded (DNAT, rdr, rdr-to) to an inside FTP server, but its passive port range is not, and no NAT helper follows the session.',
    dialects: ['iptables', 'nftables', 'pf'],
    fixable: true,
  },
  docs: {
    whatItDoes: `Follows destination NAT for every port: when a port is translated to port 21 of an inside host, checks that a high-port range is translated to the same host and accepted on the forward path. When the server's own passive range is known (the \`passiveRange\` setting, or its configuration beside the file), all of that range must be translated unchanged and accepted; the ports that are not are named. It stays quiet when the FTP conntrack helper is assigned to the forwarded control connection (then the kernel's NAT helper translates the data connections itself).`,
    whyThisBreaksFtp: `The server behind the NAT tells each passive client "connect to port N": that data connection arrives at the firewall's public address. If only 21 is forwarded, the firewall has nowhere to send it: login works, every listing and transfer hangs.

A forwarded port other than 21 outside (say 2521 -> 21) also defeats the kernel's FTP helper, which watches port 21 only unless it is assigned explicitly.`,
    howToFix: `Forward the server's passive range to the same inside host (DNAT/rdr-to with the same ports) and accept it on the forward path; make the server advertise the public address (vsftpd \`pasv_address\`, ProFTPD \`MasqueradeAddress\`). Or assign the \`ftp\` helper to the forwarded control connection and accept RELATED on forward, and let the server advertise its own address.`,
    examples: {
      iptables: {
        bad: `*nat
-A PREROUTING -i eth0 -p tcp --dport 21 -j DNAT --to-destination 192.168.1.10
COMMIT
*filter
:FORWARD DROP [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A FORWARD -d 192.168.1.10 -p tcp --dport 21 -j ACCEPT
COMMIT`,
        good: `*nat
-A PREROUTING -i eth0 -p tcp --dport 21 -j DNAT --to-destination 192.168.1.10
-A PREROUTING -i eth0 -p tcp --dport 50000:50999 -j DNAT --to-destination 192.168.1.10
COMMIT
*filter
:FORWARD DROP [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A FORWARD -d 192.168.1.10 -p tcp --dport 21 -j ACCEPT
-A FORWARD -d 192.168.1.10 -p tcp --dport 50000:50999 -j ACCEPT
COMMIT`,
      },
      nftables: {
        bad: `table ip nat {
  chain prerouting {
    type nat hook prerouting priority dstnat;
    iifname "eth0" tcp dport 21 dnat to 192.168.1.10
  }
}`,
        good: `table ip nat {
  chain prerouting {
    type nat hook prerouting priority dstnat;
    iifname "eth0" tcp dport { 21, 50000-50999 } dnat to 192.168.1.10
  }
}`,
      },
      pf: {
        bad: `pass in on egress proto tcp to port 21 rdr-to 192.168.1.10`,
        good: `pass in on egress proto tcp to port 21 rdr-to 192.168.1.10
pass in on egress proto tcp to port 50000:50999 rdr-to 192.168.1.10`,
      },
    },
    fixSafety: `Unsafe: forwarding a range exposes the inside host on those ports, and the range must equal the server's configured passive range (set \`passiveRange\` to make the fix use it).`,
    references: ['RFC 959, RFC 2428', 'iptables-extensions(8): DNAT; nft(8): dnat', 'pf.conf(5): rdr-to', 'vsftpd.conf(5): pasv_address'],
  },
  run(ctx: CheckContext): Finding[] {
    // Mapping every port through the NAT rules is the expensive part: skip it when no rule can forward port 21 to a host.
    if (!mayForwardControl(ctx)) return [];
    const findings: Finding[] = [];
    const reported = new Set<number>();
    const high = ephemeral(ctx);
    const serverRange = serverPassiveRange(ctx);
    for (const ipVersion of ipVersions(ctx.ruleset)) {
      const segments = ctx.engine.translateDestination({ ipVersion, protocol: 'tcp', dport: PortSet.ALL });
      for (const control of segments.filter((s) => s.toAddress && translatedPorts(s).has(21))) {
        const rule = control.decidedBy;
        const host = control.toAddress as string;
        if (!rule || reported.has(rule.id)) continue;
        const dst = concreteAddress(host);
        // Ports forwarded to the host unchanged: where its passive data can arrive.
        const forwarded = PortSet.unionAll(segments.filter((s) => s.toAddress === host && (!s.toPorts || s.toPorts.equals(s.dport))).map((s) => s.dport));
        const forwardedHigh = forwarded.intersect(high);
        const forwardQuestion = { path: 'forward' as const, ipVersion, protocol: 'tcp' as const, ...(dst ? { dst } : {}), sport: high, ctState: 'new' as const, dnatted: true };
        const skipping = PortSet.unionAll(segments.filter((s) => s.toAddress === host && s.skipsFilter).map((s) => s.dport));
        /** The ports of `forwarded` the forward path accepts (pf `rdr pass` skips the filter rules). */
        const acceptedOf = (forwarded: PortSet): PortSet =>
          forwarded.isEmpty() ? PortSet.EMPTY : openDports(ctx.engine.evaluate({ ...forwardQuestion, dport: forwarded })).union(skipping.intersect(forwarded));
        // With the server's own range known, all of it must be forwarded and accepted; else any passive-looking range will do.
        const gap = serverRange ? serverRangeGap(serverRange, forwarded.intersect(serverRange), acceptedOf) : undefined;
        if (gap ? gap.notForwarded.isEmpty() && gap.notAccepted.isEmpty() : hasPassiveCandidate(acceptedOf(forwardedHigh))) continue;
        const helperQuestion = { ...forwardQuestion, dport: PortSet.of(21) };
        // Also as it arrives on this rule's outside ports: the arrivals assignedControlHelper reads need the server as one address.
        const helper = assignedControlHelper(ctx, helperQuestion) ?? ctx.engine.assignedHelper({ ...helperQuestion, path: 'input', dport: control.toPorts ? control.dport : PortSet.of(21), dst: undefined });
        if (helper && helperTypeOf(ctx, helper.helper) === 'ftp') continue;
        reported.add(rule.id);
        const range = fixPassiveRange(ctx);
        // The outside port(s) that reach the server's port 21.
        const outside = control.toPorts ? control.dport : control.dport.intersect(PortSet.of(21));
        const nonstandard = !outside.has(21);
        const why = gap
          ? gapText(serverRangeName(ctx, gap.serverRange), gap)
          : forwardedHigh.isEmpty()
            ? 'no passive port range is forwarded to it'
            : `ports ${forwardedHigh} are forwarded to it but not accepted on the forward path`;
        const missing = gap ? gap.notForwarded.union(gap.notAccepted) : undefined;
        const toOpen = missing ? (missing.intervals.length === 1 ? missing : range.ports) : hasPassiveCandidate(forwardedHigh) ? forwardedHigh : range.ports;
        const addNat = gap ? !gap.notForwarded.isEmpty() : !hasPassiveCandidate(forwardedHigh);
        findings.push({
          code: 'FTP002',
          message: `FTP control (port ${outside}) is forwarded to ${host}, but ${why}: passive clients will log in and then hang on LIST/RETR. Forward the server's PASV range (${gap ? range.ports : `e.g. ${range.ports}`}) to ${host} and accept it on forward, or assign the ftp conntrack helper to the forwarded control connection.${nonstandard ? ' The outside port is not 21, so the kernel FTP helper does not follow this session unless it is assigned explicitly.' : ''}`,
          range: rule.range,
          related: [],
          fixes: fixes(ctx, rule, host, toOpen, addNat, segments.some((s) => s.decidedBy?.id === rule.id && s.skipsFilter)),
        });
      }
    }
    return findings;
  },
};

/** The ports of the server's passive range that are not forwarded to it unchanged, and those forwarded but not accepted on the forward path. */
interface RangeGap {
  readonly serverRange: PortSet;
  readonly notForwarded: PortSet;
  readonly notAccepted: PortSet;
}

/** `forwarded`: the ports of the server's range forwarded to it unchanged. */
function serverRangeGap(serverRange: PortSet, forwarded: PortSet, acceptedOf: (forwarded: PortSet) => PortSet): RangeGap {
  return { serverRange, notForwarded: serverRange.subtract(forwarded), notAccepted: forwarded.subtract(acceptedOf(forwarded)) };
}

function gapText(named: string, gap: RangeGap): string {
  const which = (ports: PortSet): string => (ports.equals(gap.serverRange) ? `${named} is` : `ports ${ports} of ${named} are`);
  const parts: string[] = [];
  if (!gap.notForwarded.isEmpty()) parts.push(`${which(gap.notForwarded)} not forwarded to it`);
  if (!gap.notAccepted.isEmpty()) parts.push(`${which(gap.notAccepted)} forwarded to it but not accepted on the forward path`);
  return parts.join(', and ');
}

/** Forward the range (when it is not yet) and accept it on the forward path (iptables, nftables; pf `rdr-to` on a pass rule does both). */
function fixes(ctx: CheckContext, rule: Rule, host: string, ports: PortSet, addNat: boolean, skipsFilter: boolean): FixProposal[] {
  const inInterface = rule.match.inInterface && !rule.match.inInterface.negated ? rule.match.inInterface.names[0] : undefined;
  const common = { protocol: 'tcp' as const, ...(inInterface ? { inInterface } : {}), ...(rule.match.dst.kind !== 'any' ? { dst: rule.match.dst.text } : {}) };
  const nat = { ...common, path: 'prerouting' as const, table: 'nat' as const, dport: ports, action: { kind: 'dnat' as const, address: host }, comment: 'FTP passive data to the inside server (must match its passive port range)' };
  const forward = { protocol: 'tcp' as const, path: 'forward' as const, table: 'filter' as const, dst: host, dport: ports, action: { kind: 'accept' as const }, comment: 'FTP passive data to the inside server' };
  const intents: FixProposal['intents'][number][] = [];
  if (addNat) intents.push({ kind: 'insert-rules', position: { after: rule }, rules: [nat] });
  if (ctx.dialect !== 'pf' && !skipsFilter) intents.push({ kind: 'insert-rules', position: { at: 'start' }, rules: [forward] });
  if (intents.length === 0) return [];
  return [{ title: addNat ? `Forward FTP passive ports ${ports} to ${host}` : `Accept the forwarded FTP passive ports ${ports} to ${host}`, preferred: true, safety: 'unsafe', intents }];
}
