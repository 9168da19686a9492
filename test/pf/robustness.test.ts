// The front end never throws and always returns ranges inside the document,
// whatever it is given: random text, and real rules cut and spliced at random.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from './helpers';

const SAMPLES = [
  'ext_if = "em0"',
  'ports = "{ 21 50000:50999 }"',
  'table <bad> persist { 10/8, !10.1.0.0/16 }',
  'pass in on $ext_if proto tcp from any to ($ext_if) port $ports flags S/SA keep state (max-src-conn 10, overload <bad> flush global)',
  'rdr pass on $ext_if proto tcp to port 21 -> 127.0.0.1 port 8021',
  'anchor "ftp-proxy/*"',
  'anchor "x" in on em0 {\n pass\n}',
  'match out on egress nat-to (egress:0)',
  'block return in quick from <bad> to any port 1000 >< 2000 label "$if"',
  'pass in \\\n  proto tcp',
];

function checkRanges(text: string): void {
  const result = analyze(text);
  const lines = text.split('\n');
  for (const d of result.diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(p.line >= 0 && p.line < lines.length, `line ${p.line} in ${JSON.stringify(text)}`);
      assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `character ${p.character} in ${JSON.stringify(text)}`);
    }
  }
}

test('robustness: random text', () => {
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'pass in{}()<>!=,"\'#\\$ \n\t:/-abc0129'.split('')), maxLength: 200 }), (text) => checkRanges(text)), { numRuns: 400 });
});

test('robustness: real rules spliced at random', () => {
  const pieces = fc.array(fc.tuple(fc.constantFrom(...SAMPLES), fc.nat(200), fc.nat(200)), { maxLength: 8 });
  fc.assert(
    fc.property(pieces, (parts) => checkRanges(parts.map(([s, a, b]) => s.slice(Math.min(a, b) % (s.length + 1), Math.max(a, b))).join('\n'))),
    { numRuns: 300 },
  );
});
