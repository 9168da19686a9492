// A tiny builder for rulesets in the shared model, so engine tests do not
// depend on any dialect's parser.
import { addressMatch, concreteAddress, type AddressMatch, type ConcreteAddress } from '../../server/src/model/addresses';
import { PortSet } from '../../server/src/model/ports';
import {
  chainKey,
  type Action,
  type BaseChainInfo,
  type Chain,
  type CtState,
  type Family,
  type Rule,
  type Ruleset,
  type Verdict,
} from '../../server/src/model/ruleset';
import { range, type Dialect } from '../../server/src/model/source';
import type { PacketQuestion } from '../../server/src/engine/api';

export interface RuleSpecLite {
  proto?: string;
  sport?: string;
  dport?: string;
  src?: string;
  dst?: string;
  iif?: string;
  oif?: string;
  state?: CtState[];
  notState?: boolean;
  status?: string[];
  ctHelper?: string;
  opaque?: string[];
  ipv?: 4 | 6;
  dir?: 'in' | 'out';
  syn?: boolean;
  quick?: boolean;
  skipsFilter?: boolean;
  helper?: string;
  dnat?: { address?: string; ports?: string };
  redirect?: string;
  divert?: { address: string; port: number };
  log?: boolean;
  text?: string;
}

export type VerdictLite = 'accept' | 'drop' | 'reject' | 'return' | 'continue' | { jump: string } | { goto: string } | { anchor: string; inline: boolean };

/** `21`, `50000-50999`, `21,50000-50999`, `!21` (complement). */
export function ports(text: string): PortSet {
  const negated = text.startsWith('!');
  const body = negated ? text.slice(1) : text;
  const set = PortSet.fromIntervals(
    body.split(',').map((part) => {
      const [lo, hi] = part.split('-').map(Number);
      return { lo, hi: hi ?? lo };
    }),
  );
  return negated ? set.complement() : set;
}

function address(text: string | undefined): AddressMatch {
  if (text === undefined) return { kind: 'any' };
  const negated = text.startsWith('!');
  return addressMatch((negated ? text.slice(1) : text).split(','), negated);
}

function iface(text: string | undefined) {
  if (text === undefined) return undefined;
  const negated = text.startsWith('!');
  return { names: (negated ? text.slice(1) : text).split(','), negated };
}

function verdictOf(v: VerdictLite): Verdict {
  if (typeof v === 'string') return { kind: v };
  if ('jump' in v) return { kind: 'jump', target: v.jump };
  if ('goto' in v) return { kind: 'goto', target: v.goto };
  return { kind: 'anchor', name: v.anchor, inline: v.inline };
}

export class RulesetBuilder {
  readonly chains: Chain[] = [];
  private nextId = 1;
  private line = 0;

  constructor(
    readonly dialect: Dialect,
    readonly family: Family = dialect === 'pf' ? 'pf' : 'ip',
  ) {}

  chain(name: string, opts: { table?: string; family?: Family; base?: Partial<BaseChainInfo> & Pick<BaseChainInfo, 'hook'> } = {}): Chain {
    const family = opts.family ?? this.family;
    const table = opts.table ?? 'filter';
    const base: BaseChainInfo | undefined = opts.base
      ? { type: 'filter', priority: 0, policy: 'accept', ...opts.base }
      : undefined;
    const chain: Chain = {
      key: chainKey(family, table, name),
      name,
      table,
      family,
      base,
      evaluation: this.dialect === 'pf' ? 'last-match' : 'first-match',
      rules: [],
      range: range(this.line, 0, this.line, 1),
    };
    this.line++;
    this.chains.push(chain);
    return chain;
  }

  rule(chain: Chain, spec: RuleSpecLite, verdict: VerdictLite, at?: number): Rule {
    const r = range(this.line, 0, this.line, 10);
    this.line++;
    const actions: Action[] = [];
    if (spec.log) actions.push({ kind: 'log', range: r });
    if (spec.helper) actions.push({ kind: 'ct-helper', helper: spec.helper, range: r });
    if (spec.dnat) actions.push({ kind: 'dnat', address: spec.dnat.address, ports: spec.dnat.ports ? ports(spec.dnat.ports) : undefined, range: r });
    if (spec.redirect) actions.push({ kind: 'redirect', ports: ports(spec.redirect), range: r });
    if (spec.divert) actions.push({ kind: 'divert', address: spec.divert.address, port: spec.divert.port, range: r });
    const rule: Rule = {
      id: this.nextId++,
      chainKey: chain.key,
      range: r,
      text: spec.text ?? JSON.stringify({ ...spec, verdict }),
      match: {
        ipVersion: spec.ipv,
        protocol: spec.proto ? { names: spec.proto.replace(/^!/, '').split(','), negated: spec.proto.startsWith('!') } : undefined,
        src: address(spec.src),
        dst: address(spec.dst),
        sport: spec.sport ? ports(spec.sport) : undefined,
        dport: spec.dport ? ports(spec.dport) : undefined,
        inInterface: iface(spec.iif),
        outInterface: iface(spec.oif),
        direction: spec.dir,
        ctState: spec.state ? new Set(spec.state) : undefined,
        ctStateNegated: spec.notState,
        ctStatus: spec.status ? new Set(spec.status) : undefined,
        ctHelper: spec.ctHelper,
        synOnly: spec.syn,
        opaque: spec.opaque ?? [],
      },
      actions,
      verdict: verdictOf(verdict),
      quick: spec.quick,
      skipsFilter: spec.skipsFilter,
    };
    if (at === undefined) chain.rules.push(rule);
    else chain.rules.splice(at, 0, rule);
    return rule;
  }

  helperObject(name: string, type: string, table = 'filter', family: Family = this.family): void {
    this.helpers.push({ name, type, table, family, protocol: 'tcp', range: range(0, 0, 0, 1) });
  }

  readonly helpers: Ruleset['helpers'] = [];

  build(): Ruleset {
    return { dialect: this.dialect, form: this.dialect === 'pf' ? 'conf' : this.dialect === 'nftables' ? 'block' : 'save', chains: this.chains, helpers: this.helpers };
  }
}

/** iptables filter table with the three built-in chains. */
export function iptablesFilter(b: RulesetBuilder, policies: { input?: 'accept' | 'drop'; forward?: 'accept' | 'drop'; output?: 'accept' | 'drop' } = {}) {
  return {
    INPUT: b.chain('INPUT', { base: { hook: 'input', policy: policies.input ?? 'accept' } }),
    FORWARD: b.chain('FORWARD', { base: { hook: 'forward', policy: policies.forward ?? 'accept' } }),
    OUTPUT: b.chain('OUTPUT', { base: { hook: 'output', policy: policies.output ?? 'accept' } }),
  };
}

export function addr(text: string): ConcreteAddress {
  const a = concreteAddress(text);
  if (!a) throw new Error(`not an address: ${text}`);
  return a;
}

export function question(overrides: Partial<PacketQuestion> = {}): PacketQuestion {
  return {
    path: 'input',
    ipVersion: 4,
    protocol: 'tcp',
    sport: PortSet.range(1024, 65535),
    dport: PortSet.of(21),
    ctState: 'new',
    ...overrides,
  };
}
