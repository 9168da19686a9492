// The iptables rule text both iptables renderers emit (iptables-save lines and
// shell commands differ only in what surrounds these arguments), written in
// the style the file already uses: `-m tcp`, conntrack or state, comment module.
import type { RuleSpec } from '../checks/types';
import { commentText, formatPorts } from './rule-spec';
import { nameTable } from '../model/table';

export interface IptablesStyle {
  /** The file writes `-p tcp -m tcp --dport` (iptables-save always does). */
  readonly explicitProtocolModule: boolean;
  /** `-m conntrack --ctstate` or the older `-m state --state`. */
  readonly stateModule: 'conntrack' | 'state';
  /** The file labels rules with `-m comment --comment` rather than `#` lines. */
  readonly commentModule: boolean;
}

export function detectIptablesStyle(text: string): IptablesStyle {
  const usesState = /-m\s+state\s+--state\b/.test(text);
  const usesConntrack = /--ctstate\b/.test(text);
  return {
    explicitProtocolModule: /-p\s+(tcp|udp)\s+-m\s+(tcp|udp)\b/.test(text),
    stateModule: usesState && !usesConntrack ? 'state' : 'conntrack',
    commentModule: /-m\s+comment\s+--comment\b/.test(text),
  };
}

/** Built-in chains per table, in the order iptables-save lists them. */
export const BUILTIN_CHAINS: Readonly<Record<string, readonly string[]>> = nameTable({
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
});

/** The built-in chain a rule for this path goes to, or undefined when the table has no such hook. */
export function builtinChainFor(spec: RuleSpec): string | undefined {
  const chain = spec.path.toUpperCase();
  return BUILTIN_CHAINS[spec.table]?.includes(chain) ? chain : undefined;
}

/** The matches and target after `-A CHAIN`; undefined for actions iptables cannot express (pf anchors). */
export function iptablesRuleArgs(spec: RuleSpec, style: IptablesStyle): string | undefined {
  const target = iptablesTarget(spec);
  if (!target) return undefined;
  const parts: string[] = [];
  if (spec.src) parts.push('-s', spec.src);
  if (spec.dst) parts.push('-d', spec.dst);
  if (spec.inInterface) parts.push('-i', spec.inInterface);
  if (spec.outInterface) parts.push('-o', spec.outInterface);
  parts.push('-p', spec.protocol);
  const multi = (spec.sport?.intervals.length ?? 0) > 1 || (spec.dport?.intervals.length ?? 0) > 1;
  if (multi) {
    parts.push('-m', 'multiport');
    if (spec.sport) parts.push('--sports', formatPorts(spec.sport, 'iptables'));
    if (spec.dport) parts.push('--dports', formatPorts(spec.dport, 'iptables'));
  } else if (spec.sport || spec.dport) {
    if (style.explicitProtocolModule) parts.push('-m', spec.protocol);
    if (spec.sport) parts.push('--sport', formatPorts(spec.sport, 'iptables'));
    if (spec.dport) parts.push('--dport', formatPorts(spec.dport, 'iptables'));
  }
  if (spec.ctState && spec.ctState.length > 0) {
    const states = spec.ctState.map((s) => s.toUpperCase()).join(',');
    parts.push(...(style.stateModule === 'state' ? ['-m', 'state', '--state', states] : ['-m', 'conntrack', '--ctstate', states]));
  }
  if (spec.ctHelper) parts.push('-m', 'helper', '--helper', spec.ctHelper);
  if (style.commentModule) parts.push('-m', 'comment', '--comment', `"fwlint: ${commentText(spec.comment)}"`);
  parts.push(...target);
  return parts.join(' ');
}

function iptablesTarget(spec: RuleSpec): string[] | undefined {
  const a = spec.action;
  switch (a.kind) {
    case 'accept':
      return ['-j', 'ACCEPT'];
    case 'drop':
      return ['-j', 'DROP'];
    case 'reject':
      return spec.protocol === 'tcp' ? ['-j', 'REJECT', '--reject-with', 'tcp-reset'] : ['-j', 'REJECT'];
    case 'dnat': {
      // DNAT writes a port range with a dash, unlike --dport.
      const ports = a.ports && !a.ports.isEmpty() ? `:${a.ports.intervals[0].lo}${a.ports.intervals[0].hi !== a.ports.intervals[0].lo ? `-${a.ports.intervals[0].hi}` : ''}` : '';
      const address = a.address.includes(':') && ports ? `[${a.address}]` : a.address;
      return ['-j', 'DNAT', '--to-destination', `${address}${ports}`];
    }
    case 'ct-helper':
      return ['-j', 'CT', '--helper', a.helper];
    case 'anchor':
    case 'divert':
      return undefined;
  }
}

/** A rule's arguments without its comment module, whitespace collapsed: what "already present" compares. */
export function iptablesRuleKey(args: string): string {
  return args
    .replace(/-m\s+comment\s+--comment\s+("[^"]*"|'[^']*'|\S+)/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}
