// FW001 on exact ranges with recovery at the next line, and FW002 undefined references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, chain, errors, span } from './helpers';

const fw001: Array<{ name: string; text: string; message: string; at: [number, number, number] }> = [
  { name: 'misspelt keyword', text: 'pass in proto tcp frm any to port 21', message: "unexpected 'frm'; did you mean 'from'?", at: [0, 18, 21] },
  { name: 'swapped letters', text: 'pass in proto tcp form any', message: "unexpected 'form'; did you mean 'from'?", at: [0, 18, 22] },
  { name: 'misspelt statement', text: 'pas in all', message: "unexpected 'pas'; did you mean 'pass'?", at: [0, 0, 3] },
  { name: 'unknown word without suggestion', text: 'pass in zzzzzz', message: "unexpected 'zzzzzz'; expected a rule option", at: [0, 8, 14] },
  { name: 'range missing its end', text: 'pass in proto tcp to port 50000:', message: 'port range needs two ports', at: [0, 26, 32] },
  { name: 'range missing its start', text: 'pass in proto tcp to port :50000', message: 'port range needs two ports', at: [0, 26, 32] },
  { name: 'reversed range', text: 'pass in proto tcp to port 15852:14761', message: 'port range 15852:14761 is reversed: the first port must not be above the last (pfctl refuses it)', at: [0, 26, 37] },
  { name: 'reversed range of service names', text: 'pass in proto tcp to port http:ftp', message: 'port range http:ftp is reversed: the first port must not be above the last (pfctl refuses it)', at: [0, 26, 34] },
  { name: 'exclusive range missing its end', text: 'pass in proto tcp to port 1000 ><', message: 'port range needs two ports', at: [0, 26, 33] },
  { name: 'unterminated string', text: 'pass in all label "oops\npass out', message: 'unterminated string', at: [0, 18, 23] },
  { name: 'missing port', text: 'pass in proto tcp to port', message: "missing a port after 'port'", at: [0, 21, 25] },
  { name: 'missing state word', text: 'pass in keep stat', message: "unexpected 'stat'; did you mean 'state'?", at: [0, 13, 17] },
  { name: 'unclosed table name', text: 'table <bad persist', message: "unexpected 'persist'; expected '>' after the table name", at: [0, 11, 18] },
  { name: 'stray closing paren', text: "altq on em0 priq bandwidth 6Mb queue { a }\nqueue a priority 3 priq(default,ecn))", message: "unexpected ')'", at: [1, 36, 37] },
  { name: 'unclosed list', text: 'pass in proto tcp to port { 21 22', message: "missing '}' to close the list opened here", at: [0, 26, 27] },
  { name: 'empty macro where an address is needed', text: 'ws = ""\npass in proto tcp to port 80 rdr-to $ws', message: "missing an address after 'rdr-to' ($ws is empty)", at: [1, 29, 35] },
  { name: 'arrow outside translation rules', text: 'pass in -> 10.0.0.1', message: "unexpected '->'; expected a rule option", at: [0, 8, 10] },
  { name: 'no with something else', text: 'no pass', message: "unexpected 'pass'; expected 'nat', 'rdr' or 'binat'", at: [0, 3, 7] },
  { name: 'stray closing brace', text: 'pass }', message: "unexpected '}'; expected the end of the line", at: [0, 5, 6] },
  { name: 'unclosed anchor', text: 'anchor "a" {\n pass', message: "missing '}' to close the anchor opened here", at: [0, 11, 12] },
  { name: 'self-referencing macro', text: 'a = "$a"\npass to $a', message: "macro '$a' refers to itself", at: [1, 8, 10] },
];

for (const c of fw001) {
  test(`FW001: ${c.name}`, () => {
    const result = analyze(c.text);
    const found = errors(result);
    assert.equal(found.length, 1, found.map((d) => d.message).join('; '));
    assert.equal(found[0].message, c.message);
    assert.deepEqual(span(found[0]), c.at);
    assert.equal(found[0].severity, 'error');
  });
}

test('FW001: parsing resumes at the next line', () => {
  const result = analyze('block all\npass in proto tcp frm any to port 21\npass in proto tcp to port 22\nbogus line here\npass out');
  assert.deepEqual(errors(result).map((d) => d.range.start.line), [1, 3]);
  assert.deepEqual(chain(result, 'filter').rules.map((r) => r.text), ['block all', 'pass in proto tcp to port 22', 'pass out']);
});

test('FW001: an error inside a continued rule skips the whole statement', () => {
  const result = analyze('pass in proto tcp \\\n  frm any \\\n  to port 21\npass out');
  assert.deepEqual(errors(result).map(span), [[1, 2, 5]]);
  assert.deepEqual(chain(result, 'filter').rules.map((r) => r.text), ['pass out']);
});

test('FW001: an unterminated string only swallows its own line', () => {
  const result = analyze('pass in all label "oops\npass out');
  assert.deepEqual(chain(result, 'filter').rules.map((r) => r.text), ['pass in all label "oops', 'pass out']);
});

test('FW001: an error inside an inline anchor keeps the anchor', () => {
  const result = analyze('anchor "a" {\n  pass frm any\n  pass out\n}\npass');
  assert.deepEqual(errors(result).map(span), [[1, 7, 10]]);
  assert.equal(chain(result, 'a').rules.length, 1);
  assert.equal(chain(result, 'filter').rules.length, 2);
});

test('FW001: a list left open ends where the next statement starts', () => {
  const result = analyze('pass in proto tcp to port { 21 22\npass out\nblock in');
  assert.deepEqual(errors(result).map((d) => [d.message, span(d)]), [["missing '}' to close the list opened here", [0, 26, 27]]]);
  assert.deepEqual(chain(result, 'filter').rules.map((r) => r.text), ['pass out', 'block in']);
});

test('FW001: an option left open ends where the next statement starts', () => {
  const result = analyze('set timeout { tcp.established 3600,\n  tcp.closing 60\npass out');
  assert.deepEqual(errors(result).map((d) => [d.message, span(d)]), [["missing '}' to close this", [0, 12, 13]]]);
  assert.deepEqual(chain(result, 'filter').rules.map((r) => r.text), ['pass out']);
});

test('FW001: an unclosed parenthesis ends with its line', () => {
  const result = analyze('pass in proto tcp to port 22 keep state (max 10\npass out');
  assert.deepEqual(errors(result).map((d) => [d.message, span(d)]), [["missing ')' to close the group opened here", [0, 40, 41]]]);
  assert.deepEqual(chain(result, 'filter').rules.map((r) => r.text), ['pass out']);
});

test('FW002: undefined macro, on the $name', () => {
  const result = analyze('block on $ext_if proto tcp to $webserver port 80\next_if = "em0"');
  const found = errors(result, 'FW002');
  assert.deepEqual(found.map((d) => d.message), [
    "macro '$ext_if' is used before it is defined on line 2",
    "macro '$webserver' is not defined",
  ]);
  assert.deepEqual(found.map(span), [[0, 9, 16], [0, 30, 40]]);
  assert.equal(errors(result).length, 0, 'an undefined macro causes no syntax error');
});

test('FW002: an unread include may define macros and tables', () => {
  const result = analyze('include "/etc/pf.conf.macro.public"\ntable <x> persist\npass to $pub\npass from <y>');
  assert.deepEqual(errors(result, 'FW002'), []);
});

test('FW002: undeclared table is a warning; tables created by overload count', () => {
  const text = 'table <bruteforce> persist\npass in proto tcp to port 22 keep state (max-src-conn 5, overload <flooders> flush global)\nblock quick from <flooders>\nblock quick from <bruteforse>';
  const found = errors(analyze(text), 'FW002');
  assert.equal(found.length, 1);
  assert.equal(found[0].message, 'table <bruteforse> is never declared; pf will create it empty');
  assert.equal(found[0].severity, 'warning');
  assert.deepEqual(span(found[0]), [3, 17, 29]);
});

test('FW002: no table warnings where the parent may declare the table', () => {
  assert.deepEqual(errors(analyze('block quick from <bad>'), 'FW002'), [], 'a file without table declarations');
  assert.deepEqual(errors(analyze('table <a> persist\nblock quick from <bad>', { uri: 'file:///etc/pf.anchors/x' }), 'FW002'), [], 'an anchor file');
  assert.deepEqual(errors(analyze('table <a> persist\nanchor "x" {\n block quick from <bad>\n}'), 'FW002'), [], 'inside an inline anchor');
});

test('deep nesting is an error, not a crash', () => {
  const lists = analyze(`pass in proto tcp to port ${'{ '.repeat(5000)}21${' }'.repeat(5000)}\npass out`);
  assert.deepEqual(errors(lists).map((d) => d.message), ['lists nested too deeply']);
  assert.equal(chain(lists, 'filter').rules.length, 1);
  const anchors = analyze(`${'anchor {\n'.repeat(200)}pass\n${'}\n'.repeat(200)}`);
  assert.ok(errors(anchors).some((d) => d.message === 'anchors nested too deeply'));
});

test('never throws on hostile input', () => {
  const inputs = ['{{{{', '}}}}', '((((', '"', "'", '\\', '$', '$$$', '<', '>', '!', '->', 'pass \uFFFD\uFFFD', 'a = "$b"\nb = "$a"\npass to $a', 'table <', 'anchor {', 'pass in on {', '\0\0'];
  for (const text of inputs) {
    const result = analyze(text);
    assert.ok(Array.isArray(result.diagnostics), text);
  }
});
