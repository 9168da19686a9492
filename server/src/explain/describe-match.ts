// The words for a rule's conditions: "new TCP connections to port 21 (ftp)
// from 192.0.2.0/24 arriving on eth0". Shared by the rule explanation.
import { formatAddress } from '../model/addresses';
import type { PortSet } from '../model/ports';
import type { CtState, InterfaceMatch, Match } from '../model/ruleset';
import { portServiceName } from '../model/services';

const STATE_ORDER: readonly CtState[] = ['new', 'established', 'related', 'invalid', 'untracked'];

export function describePorts(set: PortSet): string {
  if (set.isAll()) return 'any port';
  const single = set.size() === 1;
  const text = set.intervals
    .map((i) => {
      if (i.lo !== i.hi) return `${i.lo}-${i.hi}`;
      const name = portServiceName(i.lo);
      return name ? `${i.lo} (${name})` : `${i.lo}`;
    })
    .join(', ');
  return `${single ? 'port' : 'ports'} ${text}`;
}

function joinWords(words: readonly string[], last = 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}

function describeStates(m: Match): string | undefined {
  if (!m.ctState) return undefined;
  const states = STATE_ORDER.filter((s) => m.ctState?.has(s));
  const text = joinWords(states.map((s) => s.toUpperCase()), m.ctStateNegated ? 'or' : 'and');
  return m.ctStateNegated ? `not ${text}` : text;
}

function describeProtocol(m: Match): string {
  const p = m.protocol;
  if (!p) return '';
  const names = p.names.map((n) => (n.toLowerCase() === 'all' ? 'IP' : n.toUpperCase()));
  return p.negated ? `non-${joinWords(names, 'or')}` : joinWords(names, 'or');
}

function describeInterface(m: InterfaceMatch, verb: string): string {
  const names = joinWords(m.names.map((n) => `\`${n}\``), 'or');
  return m.negated ? `not ${verb} ${names}` : `${verb} ${names}`;
}

/** "new TCP connections", "packets", "RELATED TCP packets". */
export function describeSubject(m: Match): string {
  const states = describeStates(m);
  const protocol = describeProtocol(m);
  const onlyFirstPackets = m.synOnly || (!m.ctStateNegated && m.ctState !== undefined && [...m.ctState].every((s) => s === 'new' || s === 'related'));
  const noun = onlyFirstPackets ? 'connections' : 'packets';
  return [states, protocol, noun].filter((w) => w && w.length > 0).join(' ');
}

/** The conditions after the subject: ports, addresses, interfaces, helper, status (uninterpreted ones: describeOpaque). */
export function describeConditions(m: Match): string[] {
  const parts: string[] = [];
  if (m.dport) parts.push(`to ${describePorts(m.dport)}`);
  if (m.sport) parts.push(`from source ${describePorts(m.sport)}`);
  parts.push(m.src.kind === 'any' ? 'from any address' : `from ${formatAddress(m.src)}`);
  if (m.dst.kind !== 'any') parts.push(`to ${formatAddress(m.dst)}`);
  if (m.ipVersion) parts.push(`(IPv${m.ipVersion} only)`);
  if (m.direction) parts.push(m.direction === 'in' ? 'inbound' : 'outbound');
  if (m.inInterface) parts.push(describeInterface(m.inInterface, 'arriving on'));
  if (m.outInterface) parts.push(describeInterface(m.outInterface, 'leaving via'));
  if (m.ctHelper) parts.push(`whose control connection uses the \`${m.ctHelper}\` helper`);
  if (m.ctStatus && m.ctStatus.size > 0) parts.push(`with conntrack status ${joinWords([...m.ctStatus].map((s) => s.toUpperCase()), 'or')}`);
  if (m.synOnly) parts.push('(first SYN only)');
  return parts;
}

/** Conditions fwlint does not interpret, as a trailing clause; empty when there are none. */
export function describeOpaque(m: Match): string {
  return m.opaque.length > 0 ? `, when ${joinWords(m.opaque.map((o) => `\`${o}\``))} also holds (not interpreted by fwlint)` : '';
}
