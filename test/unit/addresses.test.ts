import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAddressInterval, plainIpv4Interval, readAddressInterval } from '../../server/src/model/addresses';

const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('', '0', '00', '010', '0x1f', '256', '-1', ' '));
const candidate = fc
  .tuple(fc.array(octet, { minLength: 1, maxLength: 5 }), fc.option(fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('', '08', '032', '255.0.0.0', 'x'))))
  .map(([parts, prefix]) => parts.join('.') + (prefix === null ? '' : `/${prefix}`));

test('the plain IPv4 reader agrees with the general reader wherever it answers', () => {
  fc.assert(
    fc.property(candidate, (text) => {
      const plain = plainIpv4Interval(text);
      if (plain !== undefined) assert.deepEqual(plain, readAddressInterval(text), text);
      assert.deepEqual(parseAddressInterval(text), plain ?? readAddressInterval(text), text);
    }),
    { numRuns: 5000 },
  );
});

test('the plain IPv4 reader takes the common forms and leaves the rest to the general reader', () => {
  assert.deepEqual(plainIpv4Interval('198.51.100.7'), { version: 4, lo: 0xc6336407n, hi: 0xc6336407n });
  assert.deepEqual(plainIpv4Interval('10.0.0.0/8'), { version: 4, lo: 0x0a000000n, hi: 0x0affffffn });
  for (const other of ['010.0.0.1', '10.1', '0x0a.0.0.1', '10.0.0.0/255.0.0.0', '10.0.0.1-10.0.0.9', '2001:db8::1', '10.0.0.0/33', '256.0.0.1']) {
    assert.equal(plainIpv4Interval(other), undefined, other);
  }
  assert.deepEqual(parseAddressInterval('010.0.0.1'), readAddressInterval('010.0.0.1'));
});
