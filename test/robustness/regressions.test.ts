// Inputs the fuzzers found that broke a promise, kept as regression tests.
// Each name says what went wrong; each input is the shrunk counterexample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../server/src/analysis';
import { hoverAt } from '../../server/src/lsp/hover';
import { caseNamed, exercise, lineLengths } from '../fuzz/harness';

test('nft: an error at the end of a line ends on that line, not one past it ("table \\n")', () => {
  const analysis = exercise('table \n', caseNamed('nftables'));
  const d = analysis.diagnostics.find((x) => x.code === 'FW001');
  assert.ok(d, 'the missing table name is reported');
  assert.deepEqual(d.range.end, { line: 0, character: 6 });
});

test('CRLF: a range reaching the end of a line stays before the \\r (shell "! \\r\\n", pf "\' \\r\\n")', () => {
  for (const [name, text] of [['iptables-shell', 'iptables -F\n! \r\n'], ['pf', "' \r\n"]] as const) {
    const analysis = exercise(text, caseNamed(name));
    assert.ok(analysis.diagnostics.some((d) => d.code === 'FW001'), `${name}: the bad line is still reported`);
  }
});

test('lone CR ends a line as in the editor: diagnostics land on the editor\'s line ("+\\r\\u0003P")', () => {
  const text = 'table inet t {\rchain c {\rbogus\r}\r}\r';
  const analysis = exercise(text, caseNamed('nftables'));
  const bogus = analysis.diagnostics.find((d) => d.code === 'FW001');
  assert.ok(bogus, 'the bad statement is reported');
  assert.equal(bogus.range.start.line, 2, 'line 2 in the editor\'s count, where "bogus" is');
  assert.equal(lineLengths(text).length, 6);
});

test('hover with lone CR: the word range is on the line the editor shows ("\\r \\n21 \\n")', () => {
  const text = '\r \n21 \n';
  const analysis = analyzeDocument({ uri: 'file:///x/rules.v4', text, version: 1, languageId: 'iptables', settings: {} });
  const hover = hoverAt(analysis, text, { line: 2, character: 1 });
  if (hover?.range) assert.deepEqual(hover.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 2 } });
  const none = hoverAt(analysis, text, { line: 1, character: 0 });
  assert.ok(!none?.range || none.range.end.character <= 1, `no word past the end of line 1: ${JSON.stringify(none?.range)}`);
});

test('CRLF files keep CRLF in fixes (the front ends read plain \\n, fixes the original text)', () => {
  const text = '*filter\r\n:INPUT DROP [0:0]\r\n-A INPUT -p tcp --dport 21 -j ACCEPT\r\nCOMMIT\r\n';
  const analysis = exercise(text, caseNamed('iptables-save'));
  const inserted = analysis.diagnostics.flatMap((d) => d.fixes.flatMap((f) => f.edits.map((e) => e.newText))).filter((t) => t.includes('\n'));
  assert.ok(inserted.length > 0, 'some fix inserts a line');
  for (const t of inserted) assert.ok(!/[^\r]\n/.test(t) && !t.startsWith('\n'), `CRLF kept: ${JSON.stringify(t)}`);
});

test('names every object inherits (constructor, toString, __proto__) are unknown words, not crashes', () => {
  for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    const inputs = [
      ['iptables-save', `*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m ${word} -j ACCEPT\n-A INPUT -j ${word}\n-A INPUT -p ${word} -j ACCEPT\n-A INPUT -p tcp --dport ${word} -j LOG --log-level ${word}\nCOMMIT\n`],
      ['iptables-shell', `iptables -t ${word} -A INPUT -j ACCEPT\niptables -A INPUT -m ${word} -j ${word}\n`],
      ['nftables', `table inet t {\n chain c {\n  type filter hook input priority ${word}; policy drop;\n  meta l4proto ${word} accept\n  tcp dport ${word} counter ${word} accept\n }\n}\n`],
      ['pf', `pass in proto ${word} from any to any port ${word} keep state\nblock ${word} all\n`],
    ] as const;
    for (const [name, text] of inputs) {
      const analysis = exercise(text, caseNamed(name));
      assert.ok(analysis.diagnostics.some((d) => d.code === 'FW001'), `${name} with ${word}: the unknown word is reported`);
    }
  }
});
