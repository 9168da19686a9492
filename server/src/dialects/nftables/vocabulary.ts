// Words of the nft rule language the parser must recognise: what may start a
// match (selectors), which words continue a selector (fields), which
// statements exist and which options each takes. Values are never listed
// here: anything in value position is read as a value.
import { nameMap } from '../../model/table';

export const FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);

export const VERDICTS = new Set(['accept', 'drop', 'reject', 'continue', 'return', 'jump', 'goto', 'queue']);

/** Selectors that stand alone (meta shorthands) or take fields after them. */
export const SELECTORS = new Set([
  'ip', 'ip6', 'inet', 'tcp', 'udp', 'udplite', 'sctp', 'dccp', 'th', 'icmp', 'icmpv6', 'icmpx', 'igmp', 'ah', 'esp', 'comp',
  'ipcomp', 'ether', 'vlan', 'arp', 'meta', 'ct', 'rt', 'fib', 'socket', 'osf', 'numgen', 'jhash', 'symhash', 'hbh', 'rt0', 'rt2',
  'rt4', 'srh', 'frag', 'dst', 'mh', 'exthdr', 'tunnel', 'ipsec', 'gre', 'gretap', 'geneve', 'vxlan', 'dccp', 'cgroupv2',
  // meta shorthands
  'iif', 'oif', 'iifname', 'oifname', 'iiftype', 'oiftype', 'mark', 'skuid', 'skgid', 'l4proto', 'nfproto', 'iifgroup', 'oifgroup',
  'cgroup', 'cpu', 'pkttype', 'length', 'priority', 'nftrace', 'rtclassid', 'ibrname', 'obrname', 'ibriport', 'obriport',
  'ibrpvid', 'ibrvlanproto', 'time', 'day', 'hour', 'sdif', 'sdifname', 'secpath', 'random', 'protocol', 'iifkind', 'oifkind',
  'broute', 'secmark', 'ipsec', 'dscp', 'last',
]);

/** Words that continue a selector: `ip saddr`, `ct original ip saddr`, `tcp option maxseg size`. */
export const FIELDS = new Set([
  'saddr', 'daddr', 'sport', 'dport', 'protocol', 'version', 'hdrlength', 'dscp', 'ecn', 'length', 'id', 'frag-off', 'ttl',
  'checksum', 'nexthdr', 'hoplimit', 'flowlabel', 'priority', 'sequence', 'ackseq', 'doff', 'reserved', 'flags', 'window',
  'urgptr', 'option', 'options', 'type', 'code', 'mtu', 'gateway', 'max-delay', 'group', 'csumcov', 'vtag', 'spi', 'cpi',
  'pcp', 'cfi', 'dei', 'htype', 'ptype', 'hlen', 'plen', 'operation', 'mark', 'state', 'direction', 'status', 'expiration',
  'helper', 'l3proto', 'proto-src', 'proto-dst', 'label', 'bytes', 'packets', 'avgpkt', 'zone', 'count', 'event', 'original',
  'reply', 'ip', 'ip6', 'iif', 'oif', 'iifname', 'oifname', 'iiftype', 'oiftype', 'skuid', 'skgid', 'l4proto', 'nfproto',
  'iifgroup', 'oifgroup', 'cgroup', 'cpu', 'pkttype', 'nftrace', 'rtclassid', 'ibrname', 'obrname', 'ibriport', 'obriport',
  'ibrpvid', 'ibrvlanproto', 'time', 'day', 'hour', 'sdif', 'sdifname', 'secpath', 'random', 'secmark', 'nexthop', 'classid',
  'mss', 'tcpmss', 'transparent', 'wildcard', 'cgroupv2', 'level', 'name', 'version', 'ttl', 'skip', 'inc', 'mod', 'offset',
  'seed', 'exists', 'missing', 'in', 'out', 'reqid', 'ihl', 'tos', 'seg-left', 'last-entry', 'tag', 'sid', 'hdr', 'addr',
  'maxseg', 'mptcp', 'subtype', 'sack-perm', 'sack', 'sack0', 'sack1', 'sack2', 'sack3', 'timestamp', 'window', 'left',
  'right', 'tsval', 'tsecr', 'kind', 'size', 'count', 'nop', 'eol', 'fastopen', 'md5sig', 'echo', 'sequence', 'chunk', 'data',
  'init', 'init-ack', 'heartbeat', 'heartbeat-ack', 'abort', 'shutdown', 'shutdown-ack', 'error', 'cookie-echo', 'cookie-ack',
  'ecne', 'cwr', 'shutdown-complete', 'asconf-ack', 'forward-tsn', 'asconf', 'tsn', 'stream', 'ssn', 'ppid', 'a-rwnd',
  'num-gap-ack-blocks', 'num-dup-tsns', 'init-tag', 'num-outbound-streams', 'num-inbound-streams', 'initial-tsn',
  'cum-tsn-ack', 'new-cum-tsn', 'lsb', 'sfid', 'rr', 'lsrr', 'ssrr', 'ra', 'ptr', 'value', 'hoplimit', 'res1', 'res2', 'more-fragments',
  'frag-off', 'pointer', 'vni', 'ip-version', 'ibrvlanproto', 'avgpkt', 'iptables', 'reasm', 'uid', 'gid', 'hbh', 'rt', 'rt0', 'rt2', 'rt4', 'srh', 'frag', 'dst', 'mh', 'spnum',
  'nexthdr', 'hbh', 'rt', 'ts', 'us', 'ns', 'ether', 'timeout', 'expectation', 'lowest-tsn', 'seqno', 'mrt', 'reserved2',
  'loose', 'mptcp', 'sid', 'proto', 'ip-src', 'ip-dst', 'ipsec', 'ibrvproto', 'broute', 'iifkind', 'oifkind', 'nftrace',
]);

/** Fields followed by one argument before the selector goes on: `jhash ip saddr mod 2 seed 0x1`. */
export const FIELDS_WITH_ARGUMENT = new Set(['mod', 'seed', 'offset', 'level', 'spnum']);

/** Whether a word continues a selector: a known field, or an indexed one such as `sid[1]`. */
export function isField(word: string): boolean {
  return FIELDS.has(word) || (word.charCodeAt(word.length - 1) === 93 && /^[a-z-]+\[\d+\]$/.test(word)); // ends with ']'
}

/** Qualifiers after `ct`/`rt` that are fields only when another field follows. */
export const SELECTOR_QUALIFIERS = new Set(['original', 'reply', 'ip', 'ip6', 'in', 'out']);

/** Selectors that take no field (meta shorthands). */
export const STANDALONE_SELECTORS = new Set([
  'iif', 'oif', 'iifname', 'oifname', 'iiftype', 'oiftype', 'mark', 'skuid', 'skgid', 'l4proto', 'nfproto', 'iifgroup',
  'oifgroup', 'cgroup', 'cpu', 'pkttype', 'length', 'nftrace', 'rtclassid', 'ibrname', 'obrname', 'ibriport', 'obriport',
  'ibrpvid', 'ibrvlanproto', 'time', 'day', 'hour', 'sdif', 'sdifname', 'secpath', 'random', 'protocol', 'iifkind', 'oifkind',
  'priority', 'secmark', 'dscp',
]);

/**
 * Statements that take keyword options. Each option maps to how many value
 * expressions follow it (0 for flags such as `bypass`).
 */
const STATEMENT_OPTION_LISTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  counter: { packets: 1, bytes: 1, name: 1 },
  log: { prefix: 1, level: 1, group: 1, snaplen: 1, 'queue-threshold': 1, flags: -1 },
  limit: { rate: 1, over: 0, until: 0, burst: 1, name: 1, packets: 0, bytes: 0, kbytes: 0, mbytes: 0 },
  quota: { over: 0, until: 0, used: 1, name: 1, bytes: 0, kbytes: 0, mbytes: 0, gbytes: 0 },
  notrack: {},
  comment: {},
  synproxy: { mss: 1, wscale: 1, timestamp: 0, 'sack-perm': 0, name: 1 },
  dup: { to: 1, device: 1 },
  fwd: { to: 1, ip: 0, ip6: 0, device: 1 },
  xt: {},
  last: { used: 1, never: 0 },
  queue: { num: 1, to: 1, flags: -1, bypass: 0, fanout: 0 },
  secmark: { name: 1 },
};
export const STATEMENT_OPTIONS: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map(
  Object.entries(STATEMENT_OPTION_LISTS).map(([statement, options]) => [statement, nameMap(options)]),
);

export const NAT_STATEMENTS = new Set(['dnat', 'snat', 'masquerade', 'redirect', 'tproxy']);

export const NAT_FLAGS = new Set(['random', 'fully-random', 'persistent', 'netmap', 'prefix']);

export const CHAIN_TYPES = new Set(['filter', 'nat', 'route']);

export const HOOKS = new Set(['prerouting', 'input', 'forward', 'output', 'postrouting', 'ingress', 'egress']);

/** Words that start a statement in a rule, for "did you mean" suggestions. */
export const RULE_STARTERS: readonly string[] = [
  ...new Set([...SELECTORS, ...VERDICTS, ...STATEMENT_OPTIONS.keys(), ...NAT_STATEMENTS, 'meter', 'add', 'update', 'delete', 'flow', 'set']),
];
