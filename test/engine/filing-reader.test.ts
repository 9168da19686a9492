// The test FW003 asks of every rule after an edit (does the rule read a list
// the edit changed?) is made once per list: it must answer as ListsRead, which
// tells the same of a set of rules, does for that rule alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { filingOf, filingReader, ListsRead } from '../../server/src/engine/cover-index';
import { RulesetBuilder } from './build';

const ADDRESSES = ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.3', '10.1.2.0/24', '192.0.2.7', '!10.1.2.3', '2001:db8::/32', '2001:db8::7', '2001:db8:1::/48', '0.0.0.0/0'];
const PORTS = ['21', '80', '1024-1100', '50000-50999', '20,21', '3000-9000'];

const specArb = fc.record({
  src: fc.option(fc.constantFrom(...ADDRESSES), { nil: undefined }),
  dst: fc.option(fc.constantFrom(...ADDRESSES), { nil: undefined }),
  dport: fc.option(fc.constantFrom(...PORTS), { nil: undefined }),
});

test('property: a filing reader answers as ListsRead of the one match', () => {
  let read = 0;
  fc.assert(
    fc.property(fc.array(specArb, { minLength: 2, maxLength: 12 }), (specs) => {
      const b = new RulesetBuilder('pf');
      const chain = b.chain('filter', { base: { hook: 'pf-filter' } });
      const matches = specs.map((s) => b.rule(chain, { ...s, proto: s.dport ? 'tcp' : undefined }, 'accept').match);
      for (const filed of matches) {
        const f = filingOf(filed);
        const reads = filingReader(f);
        for (const m of matches) {
          const expected = new ListsRead([m]).has(f);
          assert.equal(reads(m), expected, `${JSON.stringify(f, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
          if (expected && f.kind !== 'general') read++;
        }
      }
    }),
    { numRuns: 300 },
  );
  assert.ok(read > 500, `only ${read} reads of a specific list`);
});
