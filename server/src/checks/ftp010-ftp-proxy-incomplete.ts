// FTP010 (pf): ftp-proxy(8) needs both halves: FTP diverted (or redirected) to
// the proxy, and the `ftp-proxy/*` anchor where the proxy adds its rules.
import { PortSet } from '../model/ports';
import { allRules, chainByKey, type Chain, type Rule } from '../model/ruleset';
import { CarriedSelection, selectionSlot } from './carried-selection';
import type { Check, CheckContext } from './check';
import { ruleLocation } from './describe';
import { FTP_PROXY_PORT } from './ftp-paths';
import type { Finding, FixProposal } from './types';

export const ftp010: Check = {
  meta: {
    code: 'FTP010',
    name: 'ftp-proxy-incomplete',
    defaultSeverity: 'warning',
    summary: 'pf: FTP is diverted to ftp-proxy without `anchor "ftp-proxy/*"`, or the anchor is present with nothing diverted to the proxy.',
    dialects: ['pf'],
    fixable: true,
  },
  docs: {
    whatItDoes: `Finds rules that hand FTP control connections to ftp-proxy(8) (\`divert-to 127.0.0.1 port 8021\`, or the older \`rdr ... -> 127.0.0.1 port 8021\`) and checks that the proxy's anchors are evaluated: \`anchor "ftp-proxy/*"\` for filter rules and, for the old \`rdr\`/\`nat\` syntax, \`nat-anchor "ftp-proxy/*"\` and \`rdr-anchor "ftp-proxy/*"\` too. Conversely reports \`ftp-proxy/*\` anchors when nothing sends FTP to the proxy.`,
    whyThisBreaksFtp: `ftp-proxy works by watching the control connection and adding, for each data connection, rules to its anchor. Without the anchor those rules are never evaluated: login through the proxy works, every data connection is blocked. Without the divert, the anchor stays empty and the proxy is never used: FTP behaves as if no proxy existed, usually with data connections blocked or, behind NAT, addressed to the wrong host.`,
    howToFix: `Use both halves. OpenBSD 4.7 and later: \`anchor "ftp-proxy/*"\` and \`pass in quick on $int_if inet proto tcp to port ftp divert-to 127.0.0.1 port 8021\`. Older OpenBSD and FreeBSD: \`nat-anchor "ftp-proxy/*"\`, \`rdr-anchor "ftp-proxy/*"\`, \`rdr pass on $int_if proto tcp to port ftp -> 127.0.0.1 port 8021\` and \`anchor "ftp-proxy/*"\`. And run ftp-proxy(8).`,
    examples: {
      pf: {
        bad: `pass in quick on em1 inet proto tcp to port ftp divert-to 127.0.0.1 port 8021
pass out all`,
        good: `anchor "ftp-proxy/*"
pass in quick on em1 inet proto tcp to port ftp divert-to 127.0.0.1 port 8021
pass out all`,
      },
    },
    fixSafety: `Adding the missing anchor is safe: it only evaluates rules ftp-proxy adds for sessions it handles. Adding a divert rule is unsafe: it changes where FTP connections go, and the interface it applies to must be checked.`,
    references: ['ftp-proxy(8)', 'pf.conf(5): anchors, divert-to, rdr', 'OpenBSD PF FAQ: "Issues with FTP"'],
  },
  run(ctx: CheckContext): Finding[] {
    if (ctx.dialect !== 'pf') return [];
    // Both lists are carried between edits: only the rules an edit replaced are read again.
    const [proxied, anchorRules] = (ctx.memo?.slot(PROXY_RULES) ?? new CarriedSelection()).select(allRules(ctx.ruleset), '', [sendsToProxy, isProxyAnchor]);
    const anchors = anchorRules.flatMap((rule) => {
      const chain = chainByKey(ctx.ruleset, rule.chainKey);
      return chain ? [{ rule, chain }] : [];
    });
    const findings: Finding[] = [];
    if (proxied.length > 0) {
      const filterAnchor = anchors.some(({ chain }) => !isNatChain(chain));
      const natAnchors = anchors.filter(({ chain }) => isNatChain(chain)).length;
      const oldStyle = proxied.some((rule) => rule.actions.some((a) => a.kind === 'dnat' || a.kind === 'redirect'));
      const first = proxied[0];
      const missing: string[] = [];
      if (!filterAnchor) missing.push('anchor "ftp-proxy/*"');
      // The old rdr syntax also needs the proxy's nat and rdr rules evaluated.
      if (oldStyle && natAnchors < 2) missing.push('nat-anchor "ftp-proxy/*" and rdr-anchor "ftp-proxy/*"');
      if (missing.length > 0) {
        findings.push({
          code: 'FTP010',
          message: `FTP is sent to ftp-proxy here, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: the rules the proxy adds for each data connection are never evaluated, so transfers through the proxy hang. Add the anchor(s).`,
          range: first.range,
          related: [],
          fixes: [anchorFix(missing.includes('anchor "ftp-proxy/*"'), oldStyle && natAnchors < 2)],
        });
      }
    } else {
      for (const { rule } of anchors.slice(0, 1)) {
        findings.push({
          code: 'FTP010',
          message: `The ftp-proxy anchor is here, but nothing diverts or redirects FTP to ftp-proxy (127.0.0.1 port ${FTP_PROXY_PORT}): the anchor stays empty and FTP is not proxied. Add a divert-to (or rdr) rule for port 21 on the inside interface, or remove the anchor.`,
          range: rule.range,
          related: anchors.slice(1).map((a) => ruleLocation(a.rule, 'Another ftp-proxy anchor')),
          fixes: [
            {
              title: 'Divert FTP control connections to ftp-proxy',
              preferred: true,
              safety: 'unsafe',
              intents: [
                {
                  kind: 'insert-rules',
                  position: { after: rule },
                  rules: [{ path: 'input', table: 'filter', protocol: 'tcp', dport: PortSet.of(21), quick: true, action: { kind: 'divert', address: '127.0.0.1', port: FTP_PROXY_PORT }, comment: 'FTP control to ftp-proxy (restrict to the inside interface)' }],
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

const PROXY_RULES = selectionSlot('checks: FTP010 rules sending to ftp-proxy, ftp-proxy anchors');

function isProxyAnchor(rule: Rule): boolean {
  return rule.verdict.kind === 'anchor' && /^ftp-proxy(\/\*)?$/.test(rule.verdict.name);
}

function sendsToProxy(rule: Rule): boolean {
  return rule.actions.some(
    (a) =>
      (a.kind === 'divert' && a.port === FTP_PROXY_PORT) ||
      (a.kind === 'dnat' && a.ports?.has(FTP_PROXY_PORT) === true && isLoopback(a.address)) ||
      (a.kind === 'redirect' && a.ports?.has(FTP_PROXY_PORT) === true),
  );
}

function isLoopback(address: string | undefined): boolean {
  return address === undefined || address.startsWith('127.') || address === '::1';
}

function isNatChain(chain: Chain): boolean {
  return chain.base?.type === 'nat';
}

function anchorFix(filter: boolean, nat: boolean): FixProposal {
  const spec = (name: string) => ({ path: 'input' as const, table: 'filter' as const, protocol: 'tcp' as const, action: { kind: 'anchor' as const, name }, comment: 'rules ftp-proxy adds for each session' });
  const natSpec = (path: 'prerouting' | 'postrouting') => ({ ...spec('ftp-proxy/*'), path, table: 'nat' as const });
  return {
    title: 'Add the ftp-proxy anchor(s)',
    preferred: true,
    safety: 'safe',
    intents: [
      {
        kind: 'insert-rules',
        position: { at: 'start' },
        rules: [...(nat ? [natSpec('postrouting'), natSpec('prerouting')] : []), ...(filter ? [spec('ftp-proxy/*')] : [])],
      },
    ],
  };
}
