// Fixes never lose user text: over generated rulesets in each dialect that
// raise FTP findings, applying every preferred fix keeps each original line
// in order, adds no syntax error, and a second pass changes nothing more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument } from '../../server/src/analysis';
import { applyEdits } from '../../server/src/fixes/index';
import { preferredFixEdits } from '../../server/src/preferredFixes';
import { CASES, type CaseName } from '../fuzz/harness';

const port = fc.integer({ min: 22, max: 9000 });
const extras = (line: (p: number) => string, comment: string): fc.Arbitrary<string[]> =>
  fc.array(fc.oneof(port.map(line), fc.constant(comment), fc.constant('')), { maxLength: 6 });
const withStateful = fc.boolean();

const RULESETS: Readonly<Record<CaseName, fc.Arbitrary<string>>> = {
  'iptables-save': fc.tuple(extras((p) => `-A INPUT -p tcp --dport ${p} -j ACCEPT`, '# local services'), withStateful).map(([more, st]) =>
    ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ...(st ? ['-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT'] : []), ...more, '-A INPUT -p tcp --dport 21 -j ACCEPT', 'COMMIT', ''].join('\n'),
  ),
  'iptables-shell': fc.tuple(extras((p) => `iptables -A INPUT -p tcp --dport ${p} -j ACCEPT`, '# local services'), withStateful).map(([more, st]) =>
    ['#!/bin/sh', 'iptables -F', 'iptables -P INPUT DROP', ...(st ? ['iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT'] : []), ...more, 'iptables -A INPUT -p tcp --dport 21 -j ACCEPT', ''].join('\n'),
  ),
  nftables: fc.tuple(extras((p) => `    tcp dport ${p} accept`, '    # local services'), withStateful).map(([more, st]) =>
    ['table inet filter {', '  chain input {', '    type filter hook input priority 0; policy drop;', ...(st ? ['    ct state established,related accept'] : []), ...more, '    tcp dport 21 accept', '  }', '}', ''].join('\n'),
  ),
  pf: fc.tuple(extras((p) => `pass in proto tcp to port ${p}`, '# local services'), withStateful).map(([more]) =>
    ['ext_if = "em0"', 'block in all', ...more, 'pass in on $ext_if proto tcp to port 21', ''].join('\n'),
  ),
};

function analyse(text: string, name: CaseName) {
  const c = CASES.find((x) => x.name === name);
  assert.ok(c);
  return analyzeDocument({ uri: `file:///prop/${c.fileName}`, path: `/prop/${c.fileName}`, text, version: 1, languageId: c.languageId, dialect: c.dialect, settings: {} });
}

/** Whether `lines` appear in `within` in the same order (other lines may sit between them). */
function inOrder(lines: readonly string[], within: readonly string[]): boolean {
  let j = 0;
  for (const line of within) if (j < lines.length && line === lines[j]) j++;
  return j === lines.length;
}

for (const c of CASES) {
  test(`fix properties (${c.name}): every original line kept in order, no new FW001, a second pass changes nothing`, () => {
    let fixedSome = 0;
    fc.assert(
      fc.property(RULESETS[c.name], (text) => {
        const before = analyse(text, c.name);
        assert.ok(before.diagnostics.some((d) => d.code.startsWith('FTP')), `an FTP finding: ${text}`);
        const edits = preferredFixEdits(before.diagnostics);
        if (edits.length === 0) return;
        fixedSome++;
        const fixed = applyEdits(text, edits);
        assert.ok(inOrder(text.split('\n').filter((l) => l.trim() !== ''), fixed.split('\n')), `lines kept:\n${text}\n---\n${fixed}`);
        const after = analyse(fixed, c.name);
        const fw001 = (a: typeof after): number => a.diagnostics.filter((d) => d.code === 'FW001').length;
        assert.ok(fw001(after) <= fw001(before), `no new FW001:\n${fixed}\n${JSON.stringify(after.diagnostics.filter((d) => d.code === 'FW001'))}`);
        const fixedCodes = new Set(before.diagnostics.filter((d) => d.fixes.some((f) => f.preferred)).map((d) => d.code));
        const again = after.diagnostics.filter((d) => fixedCodes.has(d.code)).flatMap((d) => d.fixes.filter((f) => f.preferred).flatMap((f) => f.edits));
        assert.equal(applyEdits(fixed, again), fixed, `the same fixes change nothing the second time:\n${fixed}`);
      }),
      { numRuns: 40 },
    );
    assert.ok(fixedSome > 0, 'some generated ruleset had a preferred fix');
  });
}
