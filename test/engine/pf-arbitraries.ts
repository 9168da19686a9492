// Random pf rules and questions for the engine's property tests: ports at
// the edges FTP cares about, every kind of verdict, anchors, rdr-to, maybe-conditions.
import fc from 'fast-check';
import { concreteAddress, type ConcreteAddress } from '../../server/src/model/addresses';
import { PortSet } from '../../server/src/model/ports';
import type { PacketQuestion } from '../../server/src/engine/api';
import { question, type RuleSpecLite, type VerdictLite } from './build';

export const EDGES = [0, 20, 21, 22, 1023, 1024, 3128, 4127, 50000, 50999, 65535];

const portText = fc.tuple(fc.constantFrom(...EDGES), fc.constantFrom(...EDGES)).map(([a, b]) => (a <= b ? `${a}-${b}` : `${b}`));

export const filterRuleArb = fc.record({
  dir: fc.constantFrom<'in' | 'out' | undefined>('in', 'out', undefined),
  dport: fc.option(portText, { nil: undefined }),
  sport: fc.option(portText, { nil: undefined, freq: 3 }),
  iif: fc.constantFrom(undefined, undefined, 'em0', 'em1', 'egress', '!em1'),
  dst: fc.constantFrom(undefined, undefined, '192.0.2.1', '10.0.0.0/8'),
  src: fc.constantFrom(undefined, undefined, '198.51.100.7', '!198.51.100.0/24'),
  proto: fc.constantFrom(undefined, 'tcp', 'udp', 'tcp,udp'),
  opaque: fc.boolean(),
  quick: fc.boolean(),
  verdict: fc.constantFrom<VerdictLite>('accept', 'accept', 'drop', 'reject', 'continue', { anchor: 'a', inline: true }, { anchor: 'ftp-proxy/*', inline: false }),
  rdrTo: fc.constantFrom(undefined, undefined, { address: '10.0.0.5', ports: '8000' }, { address: '127.0.0.1' }, { address: '10.0.0.6', ports: '3128-4127' }),
  divert: fc.boolean(),
});

export const rdrRuleArb = fc.record({
  dport: fc.option(portText, { nil: undefined }),
  iif: fc.constantFrom(undefined, 'em0', 'em1'),
  opaque: fc.boolean(),
  kind: fc.constantFrom('dnat', 'redirect', 'none', 'anchor'),
  ports: fc.constantFrom(undefined, '8000', '3128-4127'),
  skipsFilter: fc.boolean(),
});

export type FilterRule = typeof filterRuleArb extends fc.Arbitrary<infer T> ? T : never;

export const questionArb = fc.record({
  path: fc.constantFrom<PacketQuestion['path']>('input', 'output', 'forward'),
  protocol: fc.constantFrom<'tcp' | 'udp'>('tcp', 'udp'),
  inInterface: fc.constantFrom(undefined, 'em0'),
  outInterface: fc.constantFrom(undefined, 'em1'),
  dst: fc.constantFrom(undefined, '192.0.2.1', '10.1.2.3'),
  src: fc.constantFrom(undefined, '198.51.100.7', '203.0.113.9'),
  sport: fc.constantFrom('all', '1024-65535', '20'),
  dport: fc.constantFrom('all', '1024-65535', '21', '3000-60000'),
});

export function filterSpec(r: FilterRule): RuleSpecLite {
  const acts = r.verdict === 'accept' || r.verdict === 'continue';
  return {
    dir: r.dir,
    dport: r.dport,
    sport: r.sport,
    iif: r.iif,
    dst: r.dst,
    src: r.src,
    proto: r.dport || r.sport ? (r.proto ?? 'tcp') : r.proto,
    opaque: r.opaque ? ['probability 50%'] : [],
    quick: r.quick,
    dnat: acts && r.rdrTo ? r.rdrTo : undefined,
    divert: acts && r.divert ? { address: '127.0.0.1', port: 8021 } : undefined,
  };
}

export function address(text: string | undefined): ConcreteAddress | undefined {
  return text === undefined ? undefined : concreteAddress(text);
}

export function portsOf(text: string): PortSet {
  if (text === 'all') return PortSet.ALL;
  const [lo, hi] = text.split('-').map(Number);
  return PortSet.range(lo, hi ?? lo);
}

export type QuestionSpec = typeof questionArb extends fc.Arbitrary<infer T> ? T : never;

export function questionOf(qs: QuestionSpec): PacketQuestion {
  return question({
    path: qs.path,
    protocol: qs.protocol,
    inInterface: qs.inInterface,
    outInterface: qs.outInterface,
    dst: address(qs.dst),
    src: address(qs.src),
    sport: portsOf(qs.sport),
    dport: portsOf(qs.dport),
  });
}

