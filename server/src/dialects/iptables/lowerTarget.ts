// Lowers -j / -g into the model's verdict and actions. Built-in verdicts and
// the NAT, logging and conntrack targets are understood; other UPPERCASE names
// are extension targets that do not decide the packet (TPROXY, SECMARK...);
// any other name is a user chain.
import { isAddressLiteral } from '../../model/addresses';
import { PortSet } from '../../model/ports';
import { serviceNamePort } from '../../model/services';
import type { Action, Verdict } from '../../model/ruleset';
import type { Range, SourceDiagnostic } from '../../model/source';
import type { Word } from './command';
import { syntaxError } from './diagnostics';
import { TARGET_OPTION_MAPS } from './options';
import type { ParsedOption, ParsedTarget, RuleSpec } from './parse';
import { isPortNumber, readPorts } from './values';

export interface LoweredTarget {
  readonly verdict: Verdict;
  readonly actions: readonly Action[];
  /** The chain jumped to or gone to, for references and FW002. */
  readonly chainWord?: Word;
}

const LOG_TARGETS = new Set(['LOG', 'NFLOG', 'ULOG']);
const REJECT_WITH = new Set([
  'icmp-net-unreachable', 'icmp-host-unreachable', 'icmp-port-unreachable', 'icmp-proto-unreachable', 'icmp-net-prohibited',
  'icmp-host-prohibited', 'icmp-admin-prohibited', 'tcp-reset', 'net-unreach', 'host-unreach', 'port-unreach',
  'proto-unreach', 'net-prohib', 'host-prohib', 'admin-prohib', 'icmp6-no-route', 'no-route', 'icmp6-adm-prohibited',
  'adm-prohibited', 'icmp6-addr-unreachable', 'addr-unreach', 'icmp6-port-unreachable', 'icmp6-policy-fail',
  'policy-fail', 'icmp6-reject-route', 'reject-route',
]);
/** The kernel truncates longer log prefixes; iptables refuses them. */
const LOG_PREFIX_MAX = 29;

export function isExtensionTargetName(name: string): boolean {
  return TARGET_OPTION_MAPS.has(name) || /^[A-Z][A-Z0-9_]*$/.test(name);
}

// Most rules end in one of these: one shared object each, not one per rule
// (nothing mutates a lowered rule's verdict or actions).
const CONTINUE: Verdict = { kind: 'continue' };
const ACCEPT: Verdict = { kind: 'accept' };
const DROP: Verdict = { kind: 'drop' };
const REJECT: Verdict = { kind: 'reject' };
const RETURN: Verdict = { kind: 'return' };
const NO_ACTIONS: readonly Action[] = [];
const ACCEPTED: LoweredTarget = { verdict: ACCEPT, actions: NO_ACTIONS };
const DROPPED: LoweredTarget = { verdict: DROP, actions: NO_ACTIONS };
const REJECTED: LoweredTarget = { verdict: REJECT, actions: NO_ACTIONS };
const RETURNED: LoweredTarget = { verdict: RETURN, actions: NO_ACTIONS };
const CONTINUED: LoweredTarget = { verdict: CONTINUE, actions: NO_ACTIONS };

/** The target's option named one of these (no rest array or closure: this runs for every rule). */
function option(target: ParsedTarget, name: string, alias?: string, alias2?: string): ParsedOption | undefined {
  for (const o of target.options) if (o.name === name || o.name === alias || o.name === alias2) return o;
  return undefined;
}

/** `isChain` says whether a name is a chain declared in the rule's table. */
export function lowerTarget(rule: RuleSpec, ruleRange: Range, isChain: (name: string) => boolean, diagnostics: SourceDiagnostic[]): LoweredTarget {
  const target = rule.target;
  if (!target) return CONTINUED;
  const name = target.name;
  if (target.goto) return { verdict: { kind: 'goto', target: name, targetRange: target.word.range }, actions: NO_ACTIONS, chainWord: target.word };
  if (!target.word.dynamic && !isChain(name)) {
    switch (name) {
      case 'ACCEPT':
        return ACCEPTED;
      case 'DROP':
        return DROPPED;
      case 'REJECT': {
        const w = option(target, '--reject-with')?.args[0];
        if (w && !w.dynamic && !REJECT_WITH.has(w.text)) diagnostics.push(syntaxError(w.range, `unknown --reject-with type ${JSON.stringify(w.text)}`));
        return REJECTED;
      }
      case 'RETURN':
        return RETURNED;
      case 'CT':
        return lowerCt(target, ruleRange, diagnostics) ?? otherTarget(target, ruleRange);
      case 'DNAT':
        return lowerDnat(rule, target, ruleRange, diagnostics);
      case 'SNAT': {
        const to = option(target, '--to-source');
        if (!to) diagnostics.push(syntaxError(target.word.range, 'SNAT needs --to-source ADDRESS'));
        else checkNatAddress(rule, to.args[0], diagnostics);
        return { verdict: ACCEPT, actions: [{ kind: 'snat', ...(to && { address: to.args[0].text }), range: ruleRange }] };
      }
      case 'MASQUERADE': {
        const ports = option(target, '--to-ports')?.args[0];
        if (ports) readNatPorts(rule, ports, ports.text, diagnostics);
        return { verdict: ACCEPT, actions: [{ kind: 'masquerade', range: ruleRange }] };
      }
      case 'REDIRECT': {
        const w = option(target, '--to-ports')?.args[0];
        const ports: PortSet | undefined = w ? readNatPorts(rule, w, w.text, diagnostics) : undefined;
        return { verdict: ACCEPT, actions: [{ kind: 'redirect', ...(ports && { ports }), range: ruleRange }] };
      }
    }
    if (LOG_TARGETS.has(name)) {
      const prefix = option(target, '--log-prefix');
      if (prefix && prefix.args[0].text.length > LOG_PREFIX_MAX && !prefix.args[0].dynamic) {
        diagnostics.push(syntaxError(prefix.args[0].range, `--log-prefix is longer than ${LOG_PREFIX_MAX} characters`));
      }
      return { verdict: CONTINUE, actions: [{ kind: 'log', range: ruleRange }] };
    }
    if (isExtensionTargetName(name)) return otherTarget(target, ruleRange);
  }
  return { verdict: { kind: 'jump', target: name, targetRange: target.word.range }, actions: NO_ACTIONS, chainWord: target.word };
}

/** A target the model has no verdict or action for (MARK, TPROXY...): it does not decide the packet. */
function otherTarget(target: ParsedTarget, ruleRange: Range): LoweredTarget {
  return { verdict: CONTINUE, actions: [{ kind: 'other', text: targetText(target), range: ruleRange }] };
}

function targetText(target: ParsedTarget): string {
  return [target.name, ...target.options.map((o) => [o.name, ...o.args.map((a) => a.text)].join(' '))].join(' ');
}

/** `-j CT --helper ftp` assigns a helper; `-j CT` alone or `--notrack` does not. */
function lowerCt(target: ParsedTarget, ruleRange: Range, diagnostics: SourceDiagnostic[]): LoweredTarget | undefined {
  const zone = option(target, '--zone', '--zone-orig', '--zone-reply')?.args[0];
  if (zone && !zone.dynamic && !(/^\d+$/.test(zone.text) && Number(zone.text) <= 65535) && zone.text !== 'mark') {
    diagnostics.push(syntaxError(zone.range, `conntrack zone ${JSON.stringify(zone.text)} is out of range (0-65535)`));
  }
  const helper = option(target, '--helper');
  if (!helper || option(target, '--notrack')) return undefined;
  return { verdict: CONTINUE, actions: [{ kind: 'ct-helper', helper: helper.args[0].text, range: ruleRange }] };
}

function lowerDnat(rule: RuleSpec, target: ParsedTarget, ruleRange: Range, diagnostics: SourceDiagnostic[]): LoweredTarget {
  const to = option(target, '--to-destination');
  if (!to) {
    diagnostics.push(syntaxError(target.word.range, 'DNAT needs --to-destination ADDRESS[:PORT]'));
    return { verdict: ACCEPT, actions: [{ kind: 'dnat', range: ruleRange }] };
  }
  const parsed = checkNatAddress(rule, to.args[0], diagnostics);
  return { verdict: ACCEPT, actions: [dnatAction(parsed?.address, parsed?.ports, ruleRange)] };
}

/** Without conditional spreads (this runs once per DNAT rule of large files), the fields in one order. */
function dnatAction(address: string | undefined, ports: PortSet | undefined, range: Range): Action {
  if (address) return ports ? { kind: 'dnat', address, ports, range } : { kind: 'dnat', address, range };
  return ports ? { kind: 'dnat', ports, range } : { kind: 'dnat', range };
}

/** `A`, `A-B`, `A:P`, `A:P-Q`, `:P`, `[v6]:P`, plain v6. */
function checkNatAddress(rule: RuleSpec, word: Word, diagnostics: SourceDiagnostic[]): { address?: string; ports?: PortSet } | undefined {
  if (word.dynamic) return { address: word.text };
  const text = word.text;
  let address = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    address = text.slice(1, close < 0 ? text.length : close);
    const rest = close < 0 ? '' : text.slice(close + 1);
    if (rest.startsWith(':')) portText = rest.slice(1);
  } else {
    // Exactly one colon: ADDRESS:PORTS (more is IPv6 without brackets).
    const colon = text.indexOf(':');
    if (colon >= 0 && text.indexOf(':', colon + 1) < 0) {
      address = text.slice(0, colon);
      portText = text.slice(colon + 1);
    }
  }
  if (address !== '' && !isAddressLiteral(address)) {
    diagnostics.push(syntaxError(word.range, `invalid NAT address ${JSON.stringify(address)}`));
    return undefined;
  }
  const ports = portText !== undefined ? readNatPorts(rule, word, portText, diagnostics) : undefined;
  const parsed: { address?: string; ports?: PortSet } = {};
  if (address !== '') parsed.address = address;
  if (ports) parsed.ports = ports;
  return parsed;
}

const NAT_PORT_PROTOCOLS = new Set(['tcp', 'udp', 'udplite', 'sctp', 'dccp', '6', '17', '136', '132', '33']);

/** NAT port ranges `P` or `P-Q` (an optional `/BASE` shift after it): numbers only, and only with a protocol that has ports. */
function readNatPorts(rule: RuleSpec, word: Word, text: string, diagnostics: SourceDiagnostic[]): PortSet | undefined {
  if (word.dynamic) return undefined;
  const slash = text.indexOf('/');
  const spec = slash >= 0 ? text.slice(0, slash) : text;
  // One port by number (`--to-destination 10.0.0.2:8080`), as most are: no name to look up.
  const single = isPortNumber(spec);
  const service = single ? undefined : serviceNamePort(spec);
  const unknownName = !single && service === undefined && /^[A-Za-z][\w.]*$/.test(spec);
  if (!single && !/^\d+(-\d+)?$/.test(spec) && service === undefined && !unknownName) {
    diagnostics.push(syntaxError(word.range, `invalid NAT port range ${JSON.stringify(spec)}; expected PORT or PORT-PORT`));
    return undefined;
  }
  const protocol = rule.protocol;
  if (!protocol || protocol.negated || !NAT_PORT_PROTOCOLS.has(protocol.value.text.toLowerCase())) {
    if (!protocol?.value.dynamic) diagnostics.push(syntaxError(word.range, 'NAT to a port needs -p tcp, udp, sctp or dccp'));
    return undefined;
  }
  if (unknownName) return undefined;
  if (service !== undefined) return PortSet.of(service);
  if (single) return PortSet.single(Number(spec));
  return readPorts({ text: spec, range: word.range }, false, diagnostics, '-')?.ports;
}
