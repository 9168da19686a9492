import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iptablesFrontend } from '../../server/src/dialects/iptables';

// A word continued across lines with a backslash (`-\` newline `j#`) is one
// word to the shell; pieces split out of it (getopt bundles, --opt=value) must
// not get columns computed as if it were written on one line.
const CASES: Array<{ name: string; text: string }> = [
  { name: 'bundled -j split across a continuation', text: '$IPTABLES -A INPUT -p tcp --tcp-flags ALL FIN,URG,PSH -\\\nj# DROP\n' },
  { name: '--opt=value split across a continuation', text: 'iptables -A INPUT -p tcp --dport=\\\n2\\\n1 -j ACCEPT\n' },
  { name: 'quoted bundle', text: 'iptables -A INPUT "-ptcp" --dport 21 -j ACCEPT\n' },
];

for (const c of CASES) {
  test(`ranges stay inside the document: ${c.name}`, () => {
    const lines = c.text.split('\n');
    const result = iptablesFrontend.analyze(c.text, { uri: 'file:///fw.sh' });
    const ranges = [...result.diagnostics.map((d) => d.range), ...result.ruleset.chains.flatMap((ch) => ch.rules.map((r) => r.range))];
    assert.ok(ranges.length > 0);
    for (const r of ranges) {
      for (const p of [r.start, r.end]) {
        assert.ok(p.line < lines.length, `line ${p.line} exists`);
        assert.ok(p.character <= lines[p.line].length, `character ${p.character} is inside line ${p.line} (${lines[p.line].length} long)`);
      }
    }
  });
}
