// Lowers the match part of a parsed rule (-p, -s, -d, -i, -o and the -m
// modules) into the model's Match. What the model cannot express becomes an
// `opaque` entry, written as the user wrote it: such a rule may or may not match.
import type { AddressMatch } from '../../model/addresses';
import { ANY_ADDRESS, parseAddressInterval } from '../../model/addresses';
import type { PortSet } from '../../model/ports';
import type { CtState, InterfaceMatch, Match, ProtocolMatch } from '../../model/ruleset';
import type { SourceDiagnostic } from '../../model/source';
import type { Word } from './command';
import { syntaxError } from './diagnostics';
import type { CoreMatch, ParsedModule, ParsedOption, RuleSpec } from './parse';
import { checkInterfaceName, readAddresses, readPorts } from './values';
import { nameMap, nameTable } from '../../model/table';

const PROTOCOL_NUMBERS: ReadonlyMap<string, string> = nameMap({ '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'ipv6-icmp', '132': 'sctp', '33': 'dccp', '136': 'udplite', '50': 'esp', '51': 'ah', '47': 'gre' });
const CT_STATES: Readonly<Record<string, CtState>> = nameTable({ NEW: 'new', ESTABLISHED: 'established', RELATED: 'related', INVALID: 'invalid', UNTRACKED: 'untracked' });
const CT_STATUS_IN_STATE = new Set(['SNAT', 'DNAT']);
const CT_STATUSES = new Set(['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED']);
const TCP_FLAGS = new Set(['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'ALL', 'NONE']);
/** Modules that only label the rule. */
const NEUTRAL_MODULES = new Set(['comment']);

/** A rule without opaque conditions shares this (nothing mutates a lowered match). */
const NO_OPAQUE: readonly string[] = [];

/**
 * Protocol and interface matches of one name, shared by the rules that say
 * the same (`-p tcp`, `! -i docker0`): a large file names few of them, and
 * each rule would otherwise keep two objects for each. Bounded, as names
 * come from the documents a server sees.
 */
type NamedMatch = { readonly names: readonly string[]; readonly negated: boolean };
/** By kind (protocol, interface) and negation, then by name: no key string built per rule. */
const namedMatches = { p: [new Map<string, NamedMatch>(), new Map<string, NamedMatch>()], i: [new Map<string, NamedMatch>(), new Map<string, NamedMatch>()] };
const NAMED_MATCHES_MAX = 1024;

function namedMatch(kind: 'p' | 'i', name: string, negated: boolean): NamedMatch {
  const byName = namedMatches[kind][negated ? 1 : 0];
  let found = byName.get(name);
  if (found === undefined) {
    if (byName.size >= NAMED_MATCHES_MAX) byName.clear();
    found = { names: [name], negated };
    byName.set(name, found);
  }
  return found;
}

/** A match as it is being read; `finishMatch` makes the model's Match of it. */
export interface MatchBuilder {
  ipVersion: 4 | 6;
  protocol?: ProtocolMatch;
  src: AddressMatch;
  dst: AddressMatch;
  sport?: PortSet;
  dport?: PortSet;
  inInterface?: InterfaceMatch;
  outInterface?: InterfaceMatch;
  ctState?: Set<CtState>;
  ctStateNegated?: boolean;
  ctStatus?: Set<string>;
  ctHelper?: string;
  synOnly?: boolean;
  opaque: string[];
}

export function lowerMatch(rule: RuleSpec, ipVersion: 4 | 6, diagnostics: SourceDiagnostic[]): Match {
  const m: MatchBuilder = { ipVersion, src: ANY_ADDRESS, dst: ANY_ADDRESS, opaque: [] };
  if (rule.protocol) m.protocol = lowerProtocol(rule.protocol, m, diagnostics);
  if (rule.source) m.src = readAddresses(rule.source.value, rule.source.negated, diagnostics) ?? ANY_ADDRESS;
  if (rule.destination) m.dst = readAddresses(rule.destination.value, rule.destination.negated, diagnostics) ?? ANY_ADDRESS;
  if (rule.inInterface) m.inInterface = interfaceMatch(rule.inInterface.value, rule.inInterface.negated, diagnostics);
  if (rule.outInterface) m.outInterface = interfaceMatch(rule.outInterface.value, rule.outInterface.negated, diagnostics);
  if (rule.fragment) m.opaque.push(`${rule.fragment.negated ? '! ' : ''}-f`);
  for (const w of rule.dynamicWords) m.opaque.push(w.text);
  for (const module of rule.modules) lowerModule(module, m, diagnostics);
  return finishMatch(m);
}

export function finishMatch(m: MatchBuilder): Match {
  // Built field by field (not with conditional spreads): this runs once per rule of large files.
  const match: Writable<Match> = { ipVersion: m.ipVersion, src: m.src, dst: m.dst, opaque: m.opaque.length > 0 ? m.opaque : NO_OPAQUE };
  if (m.protocol) match.protocol = m.protocol;
  if (m.sport) match.sport = m.sport;
  if (m.dport) match.dport = m.dport;
  if (m.inInterface) match.inInterface = m.inInterface;
  if (m.outInterface) match.outInterface = m.outInterface;
  if (m.ctState) {
    match.ctState = m.ctState;
    match.ctStateNegated = m.ctStateNegated ?? false;
  }
  if (m.ctStatus) match.ctStatus = m.ctStatus;
  if (m.ctHelper !== undefined) match.ctHelper = m.ctHelper;
  if (m.synOnly) match.synOnly = true;
  return match;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function lowerProtocol(p: CoreMatch, m: MatchBuilder, diagnostics: SourceDiagnostic[]): ProtocolMatch | undefined {
  const raw = p.value.text.toLowerCase();
  if (p.value.dynamic) {
    m.opaque.push(`${p.negated ? '! ' : ''}-p ${p.value.text}`);
    return undefined;
  }
  if (/^\d+$/.test(raw) && Number(raw) > 255) {
    diagnostics.push(syntaxError(p.value.range, `protocol number ${raw} is out of range (0-255)`));
    return undefined;
  }
  if (raw === 'all' || raw === '0') {
    if (p.negated) m.opaque.push(`! -p ${p.value.text}`);
    return undefined;
  }
  const name = PROTOCOL_NUMBERS.get(raw) ?? (raw === 'icmpv6' || raw === 'icmp6' ? 'ipv6-icmp' : raw);
  return namedMatch('p', name, p.negated);
}

/** `-i NAME` / `-o NAME` (`!` negated). */
export function interfaceMatch(value: Word, negated: boolean, diagnostics: SourceDiagnostic[]): InterfaceMatch | undefined {
  if (!checkInterfaceName(value, diagnostics)) return undefined;
  // A lone `+` is every interface.
  if (value.text === '+' && !negated) return undefined;
  return namedMatch('i', value.text, negated);
}

/** `-p NAME` for a protocol written by its lowercase name (`tcp`, `udp`), as `lowerProtocol` reads it. */
export function protocolNameMatch(name: string, negated: boolean): ProtocolMatch {
  return namedMatch('p', name, negated);
}

function optionText(module: ParsedModule, o: ParsedOption): string {
  return `${o.negated ? '! ' : ''}${o.name}${o.args.map((a) => ` ${/\s/.test(a.text) || a.text === '' ? JSON.stringify(a.text) : a.text}`).join('')}`;
}

function addPorts(current: PortSet | undefined, next: PortSet): PortSet {
  return current ? current.intersect(next) : next;
}

/** An option the model cannot express: kept as written, so the rule may or may not match. */
function pushOpaque(m: MatchBuilder, module: ParsedModule, o: ParsedOption): void {
  m.opaque.push(`-m ${module.name} ${optionText(module, o)}`);
}

/** Modules that mean something without options (`-m tcp` after `-p tcp`). */
const MODULES_WITHOUT_OPTIONS = new Set(['tcp', 'udp', 'udplite', 'sctp', 'dccp', 'icmp', 'icmp6', 'multiport']);

function lowerModule(module: ParsedModule, m: MatchBuilder, diagnostics: SourceDiagnostic[]): void {
  if (NEUTRAL_MODULES.has(module.name)) return;
  if (module.options.length === 0 && module.word && !MODULES_WITHOUT_OPTIONS.has(module.name)) {
    m.opaque.push(`-m ${module.name}`);
    return;
  }
  for (const o of module.options) {
    switch (module.name) {
      case 'tcp':
      case 'udp':
      case 'udplite':
      case 'sctp':
      case 'dccp':
        lowerProtocolOption(module, o, m, diagnostics);
        break;
      case 'multiport':
        lowerMultiport(module, o, m, diagnostics);
        break;
      case 'state':
      case 'conntrack':
        lowerConntrack(module, o, m, diagnostics);
        break;
      case 'helper':
        if (o.negated || o.args[0].dynamic) pushOpaque(m, module, o);
        else m.ctHelper = o.args[0].text;
        break;
      case 'iprange':
        lowerIprange(module, o, m, diagnostics);
        break;
      default:
        pushOpaque(m, module, o);
    }
  }
}

function portOption(name: string): 'sport' | 'dport' | undefined {
  if (name === '--sport' || name === '--source-port') return 'sport';
  if (name === '--dport' || name === '--destination-port') return 'dport';
  return undefined;
}

function applyPorts(which: 'sport' | 'dport', module: ParsedModule, o: ParsedOption, list: boolean, m: MatchBuilder, diagnostics: SourceDiagnostic[]): void {
  const word = o.args[0];
  const negated = o.negated;
  const value = readPorts(word, list, diagnostics);
  if (!value) return;
  if (!value.ports) {
    pushOpaque(m, module, o);
    return;
  }
  const set = negated ? value.ports.complement() : value.ports;
  m[which] = addPorts(m[which], set);
}

function lowerProtocolOption(module: ParsedModule, o: ParsedOption, m: MatchBuilder, diagnostics: SourceDiagnostic[]): void {
  const name = module.name;
  const which = portOption(o.name);
  if (which) {
    // sctp and dccp also take port lists.
    applyPorts(which, module, o, name === 'sctp' || name === 'dccp', m, diagnostics);
    return;
  }
  if (name === 'tcp' && o.name === '--syn') {
    if (o.negated) pushOpaque(m, module, o);
    else m.synOnly = true;
    return;
  }
  if (name === 'tcp' && o.name === '--tcp-flags') {
    const [mask, comp] = o.args;
    const maskFlags = mask.dynamic ? [] : mask.text.toUpperCase().split(',');
    const compFlags = comp.dynamic ? [] : comp.text.toUpperCase().split(',');
    for (const [w, flags] of [[mask, maskFlags], [comp, compFlags]] as const) {
      const bad = flags.find((f) => !TCP_FLAGS.has(f));
      if (bad !== undefined) {
        diagnostics.push(syntaxError(w.range, `unknown TCP flag ${JSON.stringify(bad)}; expected FIN, SYN, RST, PSH, ACK, URG, ECE, CWR, ALL or NONE`));
        return;
      }
    }
    const examined = new Set(maskFlags.includes('ALL') ? ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'] : maskFlags);
    // --syn is `--tcp-flags SYN,RST,ACK,FIN SYN`: SYN set, ACK (and RST) clear.
    if (!o.negated && compFlags.length === 1 && compFlags[0] === 'SYN' && examined.has('SYN') && examined.has('ACK')) m.synOnly = true;
    else pushOpaque(m, module, o);
    return;
  }
  pushOpaque(m, module, o);
}

function lowerMultiport(module: ParsedModule, o: ParsedOption, m: MatchBuilder, diagnostics: SourceDiagnostic[]): void {
  const which = o.name === '--dports' || o.name === '--destination-ports' ? 'dport' : o.name === '--sports' || o.name === '--source-ports' ? 'sport' : undefined;
  if (which) {
    applyPorts(which, module, o, true, m, diagnostics);
    return;
  }
  // --ports: source OR destination port in the list, which a Match cannot say.
  if (readPorts(o.args[0], true, diagnostics)) pushOpaque(m, module, o);
}

function lowerConntrack(module: ParsedModule, o: ParsedOption, m: MatchBuilder, diagnostics: SourceDiagnostic[]): void {
  const word = o.args[0];
  if (o.name === '--state' || o.name === '--ctstate') {
    if (word.dynamic) {
      pushOpaque(m, module, o);
      return;
    }
    const states = new Set<CtState>();
    const statuses = new Set<string>();
    for (const raw of word.text.split(',')) {
      const name = raw.toUpperCase();
      if (CT_STATES[name]) states.add(CT_STATES[name]);
      else if (CT_STATUS_IN_STATE.has(name) && o.name === '--ctstate') statuses.add(name.toLowerCase());
      else {
        diagnostics.push(syntaxError(word.range, `unknown connection state ${JSON.stringify(raw)}; expected NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED${o.name === '--ctstate' ? ', SNAT or DNAT' : ''}`));
        return;
      }
    }
    // `--ctstate NEW,DNAT` means NEW or DNAT, which a Match (all conditions) cannot say.
    if (statuses.size > 0 && (states.size > 0 || o.negated)) {
      pushOpaque(m, module, o);
      return;
    }
    if (statuses.size > 0) {
      m.ctStatus = m.ctStatus ? new Set([...m.ctStatus].filter((s) => statuses.has(s))) : statuses;
      return;
    }
    if (m.ctState) {
      // Two state matches in one rule: both must hold.
      if (!m.ctStateNegated && !o.negated) m.ctState = new Set([...m.ctState].filter((s) => states.has(s)));
      else pushOpaque(m, module, o);
      return;
    }
    m.ctState = states;
    m.ctStateNegated = o.negated;
    return;
  }
  if (/^--ct(orig|repl)(src|dst)port$/.test(o.name)) {
    // Checked like any port, kept opaque: the model matches the packet's own ports only.
    if (readPorts(word, false, diagnostics)) pushOpaque(m, module, o);
    return;
  }
  if (o.name === '--ctstatus') {
    if (word.dynamic) {
      pushOpaque(m, module, o);
      return;
    }
    const statuses = word.text.split(',').map((s) => s.toUpperCase());
    const bad = statuses.find((s) => !CT_STATUSES.has(s));
    if (bad !== undefined) {
      diagnostics.push(syntaxError(word.range, `unknown connection status ${JSON.stringify(bad)}; expected NONE, EXPECTED, SEEN_REPLY, ASSURED or CONFIRMED`));
      return;
    }
    if (o.negated) pushOpaque(m, module, o);
    else m.ctStatus = new Set(statuses.map((s) => s.toLowerCase()));
    return;
  }
  pushOpaque(m, module, o);
}

function lowerIprange(module: ParsedModule, o: ParsedOption, m: MatchBuilder, diagnostics: SourceDiagnostic[]): void {
  const word = o.args[0];
  if (word.dynamic) {
    pushOpaque(m, module, o);
    return;
  }
  const interval = parseAddressInterval(word.text);
  if (!interval || !word.text.includes('-')) {
    diagnostics.push(syntaxError(word.range, `invalid address range ${JSON.stringify(word.text)}; expected FROM-TO like 10.0.0.1-10.0.0.9`));
    return;
  }
  const which = o.name === '--src-range' ? 'src' : 'dst';
  if (m[which].kind !== 'any') {
    pushOpaque(m, module, o);
    return;
  }
  m[which] = { kind: 'intervals', intervals: [interval], negated: o.negated, text: word.text };
}
