// Whatever the text, the front end returns a result: errors are diagnostics
// with ranges inside the document, never exceptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeSave, lowerScript } from './helpers';

const TOKENS = [
  '*filter', '*nat', '*raw', 'COMMIT', ':INPUT', 'ACCEPT', 'DROP', '-', '[0:0]', '-A', '-I', '-D', '-R', '-N', '-P', '-F', '-X',
  'INPUT', 'FORWARD', 'mychain', '-p', 'tcp', 'udp', '!', '-s', '10.0.0.0/8', '-d', '::1', '--dport', '--sport', '21',
  '1024:', ':', '70000', '-m', 'multiport', '--dports', '21,22', 'state', '--state', 'NEW,RELATED', 'conntrack',
  '--ctstate', '-j', '-g', 'CT', '--helper', 'ftp', 'DNAT', '--to-destination', '10.0.0.2:21', '"a b', "'x'", '#', '\r',
  '-t', 'nat', '--to', '=', '--dport=', '-ptcp', '-nvL', '$VAR', '\\', '"', '0', '1', '2',
];

const documents = fc.array(fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }).map((t) => t.join(' ')), { maxLength: 12 }).map((lines) => lines.join('\n'));

function inside(text: string, line: number, character: number): boolean {
  const lines = text.split('\n');
  return line >= 0 && line < lines.length && character >= 0 && character <= lines[line].length;
}

test('robustness: any mix of iptables tokens analyses without throwing, ranges inside the text', () => {
  fc.assert(
    fc.property(documents, (text) => {
      const result = analyzeSave(text);
      for (const d of result.diagnostics) {
        assert.ok(inside(text, d.range.start.line, d.range.start.character), JSON.stringify(d));
        assert.ok(inside(text, d.range.end.line, d.range.end.character), JSON.stringify(d));
      }
      const script = text.split('\n').map((l) => `iptables ${l}`).join('\n');
      lowerScript(script);
    }),
    { numRuns: 500 },
  );
});

test('robustness: arbitrary unicode does not throw', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (text) => {
      analyzeSave(`*filter\n${text}\nCOMMIT\n`);
    }),
    { numRuns: 300 },
  );
});
