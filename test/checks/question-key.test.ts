// The engine's answers are cached by question key: two questions must share a
// key exactly when the engine reads them alike (every field it reads equal;
// an absent `dnatted` reads as false).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { natQuestionKey, questionKey } from '../../server/src/checks/engine-facade';
import type { NatQuestion, PacketQuestion } from '../../server/src/engine/api';
import { concreteAddress } from '../../server/src/model/addresses';
import { PortSet } from '../../server/src/model/ports';

const address = fc.constantFrom(undefined, '192.0.2.1', '192.0.2.10', '2001:db8::1').map((text) => (text === undefined ? undefined : concreteAddress(text)));
const ports = fc.constantFrom(PortSet.ALL, PortSet.range(1024, 65535), PortSet.of(21), PortSet.of(2, 1), PortSet.of(21, 1));
const name = fc.constantFrom(undefined, '', 'em0', 'em0 ', 'ftp');

const packetQuestion: fc.Arbitrary<PacketQuestion> = fc.record({
  path: fc.constantFrom<PacketQuestion['path']>('input', 'output', 'forward'),
  ipVersion: fc.constantFrom<4 | 6>(4, 6),
  protocol: fc.constantFrom<'tcp' | 'udp'>('tcp', 'udp'),
  src: address,
  dst: address,
  sport: ports,
  dport: ports,
  ctState: fc.constantFrom<PacketQuestion['ctState']>('new', 'related', 'established'),
  ctHelper: name,
  inInterface: name,
  outInterface: name,
  dnatted: fc.constantFrom(undefined, false, true),
});

/** What the engine reads of a question, written plainly: fields in one order, an absent `dnatted` as false. */
function reading(q: object): string {
  const fields: Record<string, unknown> = { ...q };
  if ('path' in fields) fields.dnatted = fields.dnatted === true;
  return JSON.stringify(
    Object.keys(fields)
      .filter((k) => fields[k] !== undefined)
      .sort()
      .map((k) => [k, fields[k]]),
    (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value instanceof PortSet ? `ports:${value.toString()}` : value),
  );
}

/** Absent and false `dnatted` read alike. */
const samePair: PacketQuestion = { path: 'input', ipVersion: 4, protocol: 'tcp', sport: PortSet.ALL, dport: PortSet.of(21), ctState: 'new' };

test('question keys: equal exactly when the engine reads the questions alike', () => {
  let equal = 0;
  fc.assert(
    fc.property(packetQuestion, packetQuestion, (a, b) => {
      const sameKey = questionKey(a) === questionKey(b);
      if (sameKey) equal++;
      assert.equal(sameKey, reading(a) === reading(b));
    }),
    { numRuns: 3000, examples: [[{ ...samePair }, { ...samePair, dnatted: false }]] },
  );
  fc.assert(
    fc.property(packetQuestion, fc.constantFrom<keyof PacketQuestion>('src', 'dst', 'ctHelper', 'inInterface', 'outInterface', 'sport', 'dport', 'ctState', 'ipVersion', 'path', 'protocol', 'dnatted'), packetQuestion, (a, field, other) => {
      const b = { ...a, [field]: other[field] };
      assert.equal(questionKey(a) === questionKey(b), reading(a) === reading(b), field);
    }),
    { numRuns: 3000 },
  );
  assert.ok(equal > 0);
});

test('NAT question keys: equal exactly when the questions are', () => {
  const natQuestion: fc.Arbitrary<NatQuestion> = fc.record({ ipVersion: fc.constantFrom<4 | 6>(4, 6), protocol: fc.constantFrom<'tcp' | 'udp'>('tcp', 'udp'), dst: address, dport: ports, inInterface: name });
  fc.assert(
    fc.property(natQuestion, fc.constantFrom<keyof NatQuestion>('ipVersion', 'protocol', 'dst', 'dport', 'inInterface'), natQuestion, (a, field, other) => {
      const b = { ...a, [field]: other[field] };
      assert.equal(natQuestionKey(a) === natQuestionKey(b), reading(a) === reading(b), field);
    }),
    { numRuns: 2000 },
  );
});
