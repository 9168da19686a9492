// FTP004: the accepted passive range is smaller than the configured minimum.
import { MAX_PORT, PortSet, type PortInterval } from '../model/ports';
import type { Rule } from '../model/ruleset';
import type { Check, CheckContext } from './check';
import { admitsNew, controlAccepts, isFilterRule, ipVersions, mentionsTcp, openDports, pathsOf, questionFor, ephemeral } from './ftp-paths';
import { selectCarried, selectionSlot } from './carried-selection';
import { ruleCensus } from './rule-census';
import type { Finding } from './types';

/** Unlabelled passive ranges sit here in practice (vsftpd examples 30000+, Linux ephemeral 32768+); lower blocks (game servers at 27015) are services unless labelled as FTP. */
const TYPICAL_PASSIVE_FLOOR = 30000;
const FTP_WORDS = /\b(pasv|passive|ftp|ftpd|vsftpd|proftpd|pure-?ftpd)\b/;

export const ftp004: Check = {
  meta: {
    code: 'FTP004',
    name: 'passive-range-too-narrow',
    defaultSeverity: 'warning',
    summary: 'The accepted FTP passive port range is smaller than the configured minimum (default 256 ports).',
    dialects: ['iptables', 'nftables', 'pf'],
    fixable: true,
  },
  docs: {
    whatItDoes: `Finds the high-port range an FTP server's rules accept for passive data and reports it when it holds fewer ports than \`minPassiveRangeSize\` (default 256). A range counts as the passive range when it is accepted by the same rule as port 21, when a comment on or above the rule mentions FTP or passive mode, or when it lies in the usual passive area (ports ${TYPICAL_PASSIVE_FLOOR} and up) in a ruleset that accepts port 21 on the same path. Single ports (8080, 8443) are services, never passive ranges.`,
    whyThisBreaksFtp: `Every directory listing and every transfer takes a passive port, and a closed connection keeps its port in TIME_WAIT for minutes. With a handful of ports, a few clients (or one client mirroring a tree) exhaust the range: the server then fails with "425 Can't open data connection" or clients hang, intermittently and under load, which makes it hard to trace back to the firewall.`,
    howToFix: `Widen both the server's passive range (vsftpd \`pasv_min_port\`/\`pasv_max_port\`, ProFTPD \`PassivePorts\`) and the firewall rule to the same larger range, for example 50000-50999.`,
    examples: {
      iptables: {
        bad: `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50009 -j ACCEPT
COMMIT`,
        good: `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
COMMIT`,
      },
      nftables: {
        bad: `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport { 21, 40000-40020 } accept
  }
}`,
        good: `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport { 21, 40000-40999 } accept
  }
}`,
      },
      pf: {
        bad: `block in all
pass in proto tcp to port 21
pass in proto tcp to port 30000:30010 # passive ftp`,
        good: `block in all
pass in proto tcp to port 21
pass in proto tcp to port 30000:30999 # passive ftp`,
      },
    },
    fixSafety: `Unsafe: the fix widens the firewall rule only; the FTP server's own passive range must be widened to match, and more ports become reachable.`,
    references: ['vsftpd.conf(5): pasv_min_port, pasv_max_port', 'proftpd: PassivePorts', 'RFC 959'],
  },
  run(ctx: CheckContext): Finding[] {
    const min = ctx.settings.minPassiveRangeSize;
    const high = ephemeral(ctx);
    const controls = [...controlAccepts(ctx, 'input'), ...controlAccepts(ctx, 'forward')];
    if (controls.length === 0) return [];
    const controlPaths = new Set(controls.map((c) => c.path));
    const findings: Finding[] = [];
    // What a rule says about itself is carried between edits; its chain and the engine's answer are not.
    const narrow = selectCarried(ctx, NARROW_ACCEPTS, ruleCensus(ctx).portAccepts, `${high} ${min}`, (rule) => isNarrowAccept(rule, high, min));
    for (const rule of narrow) {
      const dport = rule.match.dport;
      if (!dport || !isFilterRule(ctx, rule)) continue;
      const paths = pathsOf(ctx, rule).filter((p) => controlPaths.has(p));
      if (paths.length === 0) continue;
      const sameAsControl = dport.has(21);
      // Read only when it decides: the comments are scanned on first use.
      let labelled: boolean | undefined;
      for (const block of dport.intersect(high).intervals) {
        const size = block.hi - block.lo + 1;
        if (size < 2 || size >= min) continue;
        if (!sameAsControl && block.lo < TYPICAL_PASSIVE_FLOOR && !(labelled ??= labelledFtp(ctx, rule))) continue;
        if (!acceptedByRule(ctx, rule, paths[0], block)) continue;
        const widened = widen(block, min);
        findings.push({
          code: 'FTP004',
          message: `The FTP passive range ${block.lo}-${block.hi} has only ${size} ports (fewer than ${min}): each listing and transfer takes a port that then waits minutes in TIME_WAIT, so a few busy clients exhaust it and transfers fail under load. Widen it (and the server's pasv_min_port/pasv_max_port) to ${widened.lo}-${widened.hi}.`,
          range: rule.range,
          related: [],
          fixes: [
            {
              title: `Widen the passive range to ${widened.lo}-${widened.hi}`,
              preferred: true,
              safety: 'unsafe',
              intents: [
                {
                  kind: 'replace-ports',
                  rule,
                  field: 'dport',
                  from: dport,
                  to: dport.union(PortSet.range(widened.lo, widened.hi)),
                },
              ],
            },
          ],
        });
      }
    }
    return findings;
  },
};

const NARROW_ACCEPTS = selectionSlot('checks: FTP004 narrow accepts');

/** An accept of new TCP connections to a block of high ports smaller than `min`. */
function isNarrowAccept(rule: Rule, high: PortSet, min: number): boolean {
  const dport = rule.match.dport;
  return rule.verdict.kind === 'accept' && dport !== undefined && mentionsTcp(rule) && admitsNew(rule) && hasNarrowBlock(dport, high, min);
}

/** Whether the rule's text or the comments on and above it speak of FTP. */
function labelledFtp(ctx: CheckContext, rule: Rule): boolean {
  return FTP_WORDS.test(rule.text.toLowerCase()) || FTP_WORDS.test(ctx.commentsNear(rule));
}

/** Whether some block of `dport` inside `high` holds at least 2 and fewer than `min` ports (no allocation: this runs for every accept rule). */
function hasNarrowBlock(dport: PortSet, high: PortSet, min: number): boolean {
  for (const iv of dport.intervals) {
    for (const h of high.intervals) {
      const size = Math.min(iv.hi, h.hi) - Math.max(iv.lo, h.lo) + 1;
      if (size >= 2 && size < min) return true;
    }
  }
  return false;
}

/** The same start, `min` ports long; shifted down when it would run past 65535. */
function widen(block: PortInterval, min: number): PortInterval {
  const lo = Math.min(block.lo, MAX_PORT - min + 1);
  return { lo, hi: lo + min - 1 };
}

/** Whether the engine confirms the rule really accepts the block (it is not shadowed or dropped elsewhere). */
function acceptedByRule(ctx: CheckContext, rule: Rule, path: 'input' | 'forward' | 'output', block: PortInterval): boolean {
  for (const v of ipVersions(ctx.ruleset)) {
    if (rule.match.ipVersion && rule.match.ipVersion !== v) continue;
    const answer = ctx.engine.evaluate(questionFor(ctx.ruleset, rule, path, v, { sport: rule.match.sport ?? ephemeral(ctx), dport: PortSet.range(block.lo, block.hi), ctState: 'new' }));
    if (!openDports(answer).isEmpty()) return true;
  }
  return false;
}
