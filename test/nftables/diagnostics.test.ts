// FW001 on exact ranges with recovery, FW002 undefined references, includes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, chain, syntaxErrors, undefinedReferences, where } from './helpers';

interface ErrorCase {
  readonly name: string;
  readonly text: string;
  /** `line:char-line:char message` for each FW001, lines one-based. */
  readonly errors: readonly string[];
  /** Rules still lowered after recovery, per chain. */
  readonly rules?: Readonly<Record<string, number>>;
}

const ERRORS: readonly ErrorCase[] = [
  {
    name: 'reversed ranges, written as one word and with spaces (an equal start and end is a range of one)',
    text: 'table inet f {\n  chain input {\n    tcp dport 50000-49000 accept\n    tcp dport 80 - 79 accept\n    tcp dport 80-80 accept\n  }\n}\n',
    errors: [
      '3:14-3:25 range 50000-49000 is reversed: the first value must not be above the last (nft refuses it: "Range has zero or negative size")',
      '4:14-4:21 range 80-79 is reversed: the first value must not be above the last (nft refuses it: "Range has zero or negative size")',
    ],
    rules: { 'inet f input': 3 },
  },
  {
    name: 'misspelt verdict, with the next rule still read',
    text: 'table inet f {\n  chain input {\n    tcp dport 21 acept\n    tcp dport 22 accept\n  }\n}\n',
    errors: ["3:17-3:22 unknown statement 'acept'; did you mean 'accept'?"],
    rules: { 'inet f input': 1 },
  },
  {
    name: 'something after the policy',
    text: 'table inet f {\n  chain input {\n    type filter hook input priority 0; policy drop foo\n    accept\n  }\n}\n',
    errors: ["3:51-3:54 expected ';' or newline after policy"],
    rules: { 'inet f input': 1 },
  },
  {
    name: 'policy that is not a verdict',
    text: 'table ip t { chain c { type filter hook input priority 0; policy dorp; } }',
    errors: ["1:65-1:69 policy must be 'accept' or 'drop'; did you mean 'drop'?"],
  },
  {
    name: 'missing priority value',
    text: 'table ip t { chain c { type filter hook input priority; policy accept; } }',
    errors: ["1:54-1:55 expected a priority after 'priority', found ';'"],
  },
  {
    name: 'unclosed chain: reported at its brace, next chain still read',
    text: 'table ip t {\n  chain a {\n    tcp dport 21 accept\n\n  chain b {\n    drop\n  }\n}\n',
    errors: ["2:10-2:11 '{' of chain 'a' is never closed before 'chain' on line 5"],
    rules: { 'ip t a': 1, 'ip t b': 1 },
  },
  {
    name: 'one closing brace too many',
    text: 'table ip t {\n  chain a {\n    drop\n  }\n}\n}\ntable ip u { chain x { accept; } }\n',
    errors: ["6:0-6:1 unexpected '}' with no open block"],
    rules: { 'ip t a': 1, 'ip u x': 1 },
  },
  {
    name: 'table never closed at end of file',
    text: 'table ip t {\n  chain a {\n    drop\n  }\n',
    errors: ["1:11-1:12 '{' of table 't' is never closed"],
    rules: { 'ip t a': 1 },
  },
  {
    name: 'misspelt command',
    text: 'tabel ip t { }\ntable ip t { chain c { accept } }\n',
    errors: ["1:0-1:5 unknown command 'tabel'; did you mean 'table'?"],
    rules: { 'ip t c': 1 },
  },
  {
    name: 'flat rule with a misspelt verdict',
    text: 'add table ip t\nadd chain ip t c\nadd rule ip t c tcp dport 21 acept\nadd rule ip t c drop\n',
    errors: ["3:29-3:34 unknown statement 'acept'; did you mean 'accept'?"],
    rules: { 'ip t c': 1 },
  },
  {
    name: 'verdict after a trailing comma',
    text: 'table ip t { chain c { ct state new, accept; drop } }',
    errors: ["1:35-1:36 unexpected ',' at the start of a statement"],
    rules: { 'ip t c': 1 },
  },
  {
    name: 'jump without a target',
    text: 'table ip t {\n  chain c {\n    jump\n    drop\n  }\n}\n',
    errors: ["3:4-3:8 expected a chain name after 'jump'"],
    rules: { 'ip t c': 2 },
  },
  {
    name: 'set element list not closed before the verdict',
    text: 'table ip t {\n  chain c {\n    tcp dport { 21, 22 accept }\n    drop\n  }\n}\n',
    errors: ["3:23-3:29 expected ',' or '}' in set, found 'accept'"],
    rules: { 'ip t c': 2 },
  },
  {
    name: 'define without =',
    text: 'define X 21\ntable ip t { chain c { drop } }\n',
    errors: ["1:9-1:11 expected '=' after 'define X', found '21'"],
    rules: { 'ip t c': 1 },
  },
  {
    name: 'chain outside a table',
    text: 'chain input {\n  drop\n}\ntable ip t { chain c { drop } }\n',
    errors: ["1:0-1:5 'chain' must be inside a table block (or written 'add chain FAMILY TABLE NAME')"],
    rules: { 'ip t c': 1 },
  },
  {
    name: 'misspelt field after a protocol',
    text: 'table ip t {\n  chain c {\n    tcp dprt 21 accept\n    tpc dport 22 accept\n    drop\n  }\n}\n',
    errors: ["3:8-3:12 unknown field 'dprt' after 'tcp'; did you mean 'dport'?", "4:4-4:7 unknown statement 'tpc'; did you mean 'tcp'?"],
    rules: { 'ip t c': 1 },
  },
  {
    name: 'a set where a single rate belongs',
    text: 'table ip t { chain c { limit rate over { 15/minute, 3/second } drop } }',
    errors: ["1:39-1:40 'limit' takes a single value here, not a set"],
  },
  {
    name: 'two chains on one line need a separator',
    text: 'table ip t {\n  chain a { drop } chain b { accept }\n}\n',
    errors: ["2:19-2:24 expected ';' or newline, found 'chain'"],
  },
];

for (const c of ERRORS) {
  test(`FW001: ${c.name}`, () => {
    const result = analyze(c.text);
    assert.deepEqual(
      syntaxErrors(result).map((d) => `${where(d)} ${d.message}`),
      c.errors,
    );
    assert.ok(syntaxErrors(result).every((d) => d.severity === 'error'));
    for (const [key, count] of Object.entries(c.rules ?? {})) assert.equal(chain(result, key).rules.length, count, key);
  });
}

test("FW001: nft 1.0.6 rejects 'accept }' on one line, but it is not reported", () => {
  assert.deepEqual(syntaxErrors(analyze('table ip t { chain c { tcp dport 21 accept } }')), []);
});

test('the parser never throws on arbitrary input', () => {
  const samples = ['{', '}', '{{{', 'table', 'table ip', 'table ip t {', 'add rule', '"unterminated', '$', '@', 'define = ', 'tcp dport {', '\\', 'table ip t { chain c { tcp dport { 1, { 2, ( } } }'];
  for (const s of samples) {
    const result = analyze(s);
    assert.ok(Array.isArray(result.diagnostics), s);
  }
  let text = '';
  for (let i = 0; i < 200; i++) text += `table ip t${i} { chain c { tcp dport ${i} accept }\n`;
  assert.equal(syntaxErrors(analyze(text)).length, 200);
});

test('FW002: undefined chain, set, define, helper and flowtable', () => {
  const result = analyze(
    'table ip t { chain a { tcp dport 21 jump nowhere; ip saddr @nope drop; tcp dport $UNDEF accept; ct helper set "nohelper"; flow add @noft } }',
  );
  assert.deepEqual(
    undefinedReferences(result).map((d) => `${where(d)} ${d.message}`).sort(),
    [
      "1:41-1:48 undefined chain 'nowhere' in table ip t",
      "1:59-1:64 undefined set '@nope' in table ip t",
      "1:81-1:87 undefined variable '$UNDEF'",
      "1:110-1:120 undefined ct helper 'nohelper' in table ip t",
      "1:131-1:136 undefined flowtable '@noft' in table ip t",
    ].sort(),
  );
});

test('FW002: sets and chains are per table; defines must come first', () => {
  const result = analyze(
    'table ip a { set s { type ipv4_addr; } chain x { drop } }\ntable ip b { chain c { ip saddr @s jump x; tcp dport $P accept } }\ndefine P = 21\n',
  );
  assert.deepEqual(undefinedReferences(result).map((d) => d.message).sort(), [
    "undefined chain 'x' in table ip b",
    "undefined set '@s' in table ip b",
    "undefined variable '$P'",
  ]);
});

test('FW002: chains declared later in the file resolve', () => {
  const result = analyze('table ip t {\n  chain a { jump b }\n  chain b { accept }\n}\n');
  assert.deepEqual(undefinedReferences(result), []);
});

test('FW002: undefine removes a define', () => {
  const result = analyze('define P = 21\nundefine P\ntable ip t { chain c { tcp dport $P accept } }\n');
  assert.deepEqual(undefinedReferences(result).map((d) => d.message), ["undefined variable '$P'"]);
});

test('unresolved include: names that could come from it are not reported', () => {
  const result = analyze('include "/etc/nftables.d/*.nft"\ntable ip t { chain a { tcp dport $PORTS jump elsewhere; ip saddr @maybe accept } }\n');
  assert.deepEqual(undefinedReferences(result), []);
  assert.deepEqual(result.includes.map((i) => [i.path, i.resolved]), [['/etc/nftables.d/*.nft', false]]);
  assert.deepEqual(result.includes[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 31 } });
});

test('includes are followed with readInclude: defines, sets and chains come through', () => {
  const files: Record<string, string> = {
    'vars.nft': 'define FTP = 21\ndefine PASV = 50000-50999\n',
    'sets.nft': 'set admins { type ipv4_addr; elements = { 192.0.2.7 } }\nchain extra { tcp dport $PASV accept }\n',
  };
  const result = analyze('include "vars.nft"\ntable inet t {\n  include "sets.nft"\n  chain c { ip saddr @admins tcp dport $FTP jump extra }\n}\n', {
    readInclude: (p) => (files[p] === undefined ? undefined : { uri: `file:///${p}`, text: files[p] }),
  });
  assert.deepEqual(result.diagnostics, []);
  assert.ok(result.includes.every((i) => i.resolved));
  const c = chain(result, 'inet t c').rules[0];
  assert.equal(c.match.dport?.toString(), '21');
  assert.equal(c.match.src.kind, 'intervals');
  const extra = chain(result, 'inet t extra').rules[0];
  assert.equal(extra.uri, 'file:///sets.nft');
  assert.equal(extra.match.dport?.toString(), '50000-50999');
  assert.equal(c.uri, undefined);
});

test('include cycles are cut', () => {
  const files: Record<string, string> = {
    'a.nft': 'include "b.nft"\ndefine A = 1\n',
    'b.nft': 'include "a.nft"\ndefine B = 2\n',
  };
  let reads = 0;
  const result = analyze('include "a.nft"\ntable ip t { chain c { tcp dport { $A, $B } accept } }\n', {
    uri: 'file:///main.nft',
    readInclude: (p) => {
      reads++;
      return { uri: `file:///${p}`, text: files[p] };
    },
  });
  assert.ok(reads < 10);
  assert.deepEqual(undefinedReferences(result), []);
  assert.equal(chain(result, 'ip t c').rules[0].match.dport?.toString(), '1-2');
});

test('FW002: a rule added to a chain that was never declared', () => {
  const result = analyze('add table ip t\nadd rule ip t input tcp dport 21 accept\n');
  assert.deepEqual(undefinedReferences(result).map((d) => `${where(d)} ${d.message}`), ["2:14-2:19 undefined chain 'input' in table ip t"]);
});
