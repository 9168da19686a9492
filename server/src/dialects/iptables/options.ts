import { closestWord } from '../../model/suggest';
import { nameMap, nameTable } from '../../model/table';

// What iptables options exist and how many words each takes. Modules listed
// in STRICT_MODULES are known completely, so an option none of the loaded
// modules owns is a typo; any other module may own options we do not list
// (lenient: its unlisted options take the words up to the next option).

/** 0 or 1 or 2 words; 'optional': one word when the next does not start with '-'. */
export type Arity = 0 | 1 | 2 | 'optional';
export type OptionTable = Readonly<Record<string, Arity>>;

const PORT_OPTIONS: OptionTable = { '--sport': 1, '--source-port': 1, '--dport': 1, '--destination-port': 1 };

export const MODULE_OPTIONS: Readonly<Record<string, OptionTable>> = nameTable<OptionTable>({
  tcp: { ...PORT_OPTIONS, '--syn': 0, '--tcp-flags': 2, '--tcp-option': 1 },
  udp: PORT_OPTIONS,
  udplite: PORT_OPTIONS,
  multiport: { '--sports': 1, '--source-ports': 1, '--dports': 1, '--destination-ports': 1, '--ports': 1 },
  state: { '--state': 1 },
  conntrack: {
    '--ctstate': 1, '--ctproto': 1, '--ctorigsrc': 1, '--ctorigdst': 1, '--ctreplsrc': 1, '--ctrepldst': 1,
    '--ctorigsrcport': 1, '--ctorigdstport': 1, '--ctreplsrcport': 1, '--ctrepldstport': 1, '--ctstatus': 1,
    '--ctexpire': 1, '--ctdir': 1,
  },
  helper: { '--helper': 1 },
  comment: { '--comment': 1 },
  iprange: { '--src-range': 1, '--dst-range': 1 },
  icmp: { '--icmp-type': 1 },
  icmp6: { '--icmpv6-type': 1 },
  mac: { '--mac-source': 1 },
  limit: { '--limit': 1, '--limit-burst': 1 },
  mark: { '--mark': 1 },
  connmark: { '--mark': 1 },
  length: { '--length': 1 },
  addrtype: { '--src-type': 1, '--dst-type': 1, '--limit-iface-in': 0, '--limit-iface-out': 0 },
  set: {
    '--match-set': 2, '--set': 2, '--return-nomatch': 0, '--update-counters': 0, '--update-subcounters': 0,
    '--packets-eq': 1, '--packets-lt': 1, '--packets-gt': 1, '--bytes-eq': 1, '--bytes-lt': 1, '--bytes-gt': 1,
  },
  recent: {
    '--name': 1, '--set': 0, '--rcheck': 0, '--update': 0, '--remove': 0, '--seconds': 1, '--reap': 0,
    '--hitcount': 1, '--rttl': 0, '--rsource': 0, '--rdest': 0, '--mask': 1,
  },
  owner: { '--uid-owner': 1, '--gid-owner': 1, '--socket-exists': 0, '--suppl-groups': 0 },
  connlimit: { '--connlimit-upto': 1, '--connlimit-above': 1, '--connlimit-mask': 1, '--connlimit-saddr': 0, '--connlimit-daddr': 0 },
  hashlimit: {
    '--hashlimit-upto': 1, '--hashlimit-above': 1, '--hashlimit-burst': 1, '--hashlimit-mode': 1,
    '--hashlimit-srcmask': 1, '--hashlimit-dstmask': 1, '--hashlimit-name': 1, '--hashlimit-htable-size': 1,
    '--hashlimit-htable-max': 1, '--hashlimit-htable-expire': 1, '--hashlimit-htable-gcinterval': 1,
    '--hashlimit-rate-match': 0, '--hashlimit-rate-interval': 1, '--hashlimit': 1,
  },
  string: { '--algo': 1, '--from': 1, '--to': 1, '--string': 1, '--hex-string': 1, '--icase': 0 },
  time: {
    '--datestart': 1, '--datestop': 1, '--timestart': 1, '--timestop': 1, '--monthdays': 1, '--weekdays': 1,
    '--contiguous': 0, '--kerneltz': 0, '--utc': 0, '--localtz': 0,
  },
  physdev: {
    '--physdev-in': 1, '--physdev-out': 1, '--physdev-is-in': 0, '--physdev-is-out': 0, '--physdev-is-bridged': 0,
  },
  pkttype: { '--pkt-type': 1 },
});

/** Modules whose option list above is complete. */
export const STRICT_MODULES: ReadonlySet<string> = new Set([
  'tcp', 'udp', 'udplite', 'multiport', 'state', 'conntrack', 'helper', 'comment', 'iprange', 'icmp', 'mac', 'limit',
  'mark', 'length', 'addrtype', 'owner', 'physdev', 'pkttype', 'connlimit', 'recent', 'set', 'string', 'time',
  'hashlimit', 'connmark',
]);

export const TARGET_OPTIONS: Readonly<Record<string, OptionTable>> = nameTable<OptionTable>({
  ACCEPT: {},
  DROP: {},
  RETURN: {},
  QUEUE: {},
  REJECT: { '--reject-with': 1 },
  LOG: {
    '--log-level': 1, '--log-prefix': 1, '--log-tcp-sequence': 0, '--log-tcp-options': 0, '--log-ip-options': 0,
    '--log-uid': 0, '--log-macdecode': 0,
  },
  NFLOG: { '--nflog-group': 1, '--nflog-prefix': 1, '--nflog-range': 1, '--nflog-size': 1, '--nflog-threshold': 1 },
  ULOG: { '--ulog-nlgroup': 1, '--ulog-prefix': 1, '--ulog-cprange': 1, '--ulog-qthreshold': 1 },
  DNAT: { '--to-destination': 1, '--random': 0, '--random-fully': 0, '--persistent': 0 },
  SNAT: { '--to-source': 1, '--random': 0, '--random-fully': 0, '--persistent': 0 },
  MASQUERADE: { '--to-ports': 1, '--random': 0, '--random-fully': 0 },
  REDIRECT: { '--to-ports': 1, '--random': 0 },
  CT: {
    '--notrack': 0, '--helper': 1, '--ctevents': 1, '--expevents': 1, '--zone': 1, '--zone-orig': 1, '--zone-reply': 1,
    '--timeout': 1,
  },
  NOTRACK: {},
  MARK: { '--set-mark': 1, '--set-xmark': 1, '--and-mark': 1, '--or-mark': 1, '--xor-mark': 1 },
  CONNMARK: {
    '--set-mark': 1, '--set-xmark': 1, '--save-mark': 0, '--restore-mark': 0, '--and-mark': 1, '--or-mark': 1,
    '--xor-mark': 1, '--nfmask': 1, '--ctmask': 1, '--mask': 1,
  },
  TCPMSS: { '--set-mss': 1, '--clamp-mss-to-pmtu': 0 },
  TOS: { '--set-tos': 1, '--and-tos': 1, '--or-tos': 1, '--xor-tos': 1 },
  DSCP: { '--set-dscp': 1, '--set-dscp-class': 1 },
  CLASSIFY: { '--set-class': 1 },
});

/** Targets whose option list above is complete. */
export const STRICT_TARGETS: ReadonlySet<string> = new Set([
  'ACCEPT', 'DROP', 'RETURN', 'QUEUE', 'REJECT', 'LOG', 'DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'CT', 'NOTRACK',
]);

/** Long and short spellings of the options iptables itself (not a module) owns. */
export const CORE_OPTION_NAMES: Readonly<Record<string, string>> = nameTable({
  '-A': '-A', '--append': '-A', '-I': '-I', '--insert': '-I', '-D': '-D', '--delete': '-D', '-R': '-R',
  '--replace': '-R', '-N': '-N', '--new-chain': '-N', '--new': '-N', '-X': '-X', '--delete-chain': '-X',
  '-P': '-P', '--policy': '-P', '-F': '-F', '--flush': '-F', '-Z': '-Z', '--zero': '-Z', '-L': '-L',
  '--list': '-L', '-S': '-S', '--list-rules': '-S', '-C': '-C', '--check': '-C', '-E': '-E',
  '--rename-chain': '-E', '-h': '-h', '--help': '-h', '-V': '-V', '--version': '-V',
  '-t': '-t', '--table': '-t', '-w': '-w', '--wait': '-w', '-W': '-W', '--wait-interval': '-W', '-v': '-v',
  '--verbose': '-v', '-n': '-n', '--numeric': '-n', '-x': '-x', '--exact': '-x', '--line-numbers': '--line-numbers',
  '--modprobe': '--modprobe', '-4': '-4', '--ipv4': '-4', '-6': '-6', '--ipv6': '-6', '-c': '-c',
  '--set-counters': '-c', '-p': '-p', '--protocol': '-p', '-s': '-s', '--source': '-s', '--src': '-s',
  '-d': '-d', '--destination': '-d', '--dst': '-d', '-i': '-i', '--in-interface': '-i', '-o': '-o',
  '--out-interface': '-o', '-f': '-f', '--fragment': '-f', '-m': '-m', '--match': '-m', '-j': '-j', '--jump': '-j',
  '-g': '-g', '--goto': '-g',
});

/** Protocols whose same-named match module iptables loads implicitly with `-p`. */
export const IMPLICIT_PROTOCOL_MODULES: ReadonlyMap<string, string> = nameMap({
  tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp', udplite: 'udplite', '136': 'udplite', icmp: 'icmp', '1': 'icmp',
  'ipv6-icmp': 'icmp6', icmpv6: 'icmp6', icmp6: 'icmp6', '58': 'icmp6', sctp: 'sctp', '132': 'sctp', dccp: 'dccp', '33': 'dccp',
  esp: 'esp', '50': 'esp', ah: 'ah', '51': 'ah', mh: 'mh', 'ipv6-mh': 'mh', '135': 'mh',
});

/**
 * The tables above as maps, for the reader: it looks them up with words just
 * read from a file, which a map answers by hash while an object first has to
 * find each new string in the engine's table of property names.
 */
export const CORE_OPTIONS: ReadonlyMap<string, string> = new Map(Object.entries(CORE_OPTION_NAMES));

/** An option of a module or target: its name as the table spells it (one string, shared by every rule that names it). */
export interface OptionSpec {
  readonly name: string;
  readonly arity: Arity;
}
export type OptionMap = ReadonlyMap<string, OptionSpec>;
function optionMap(table: OptionTable): OptionMap {
  return new Map(Object.entries(table).map(([name, arity]) => [name, { name, arity }]));
}
export const MODULE_OPTION_MAPS: ReadonlyMap<string, OptionMap> = new Map(Object.entries(MODULE_OPTIONS).map(([name, table]) => [name, optionMap(table)]));
export const TARGET_OPTION_MAPS: ReadonlyMap<string, OptionMap> = new Map(Object.entries(TARGET_OPTIONS).map(([name, table]) => [name, optionMap(table)]));

/** Every option name some table above knows, for "did you mean" suggestions. */
export function allKnownOptionNames(): string[] {
  const names = new Set<string>(Object.keys(CORE_OPTION_NAMES));
  for (const table of [...Object.values(MODULE_OPTIONS), ...Object.values(TARGET_OPTIONS)]) {
    for (const name of Object.keys(table)) names.add(name);
  }
  return [...names];
}

/** The closest known option, for "did you mean". */
export function suggestOption(name: string): string | undefined {
  return closestWord(name, allKnownOptionNames().filter((candidate) => candidate !== name));
}
