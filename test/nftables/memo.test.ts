// An analysis that replays rules the previous analysis of the document read
// (the language server keeps them per document) must give exactly what a
// fresh analysis gives, whatever the edit: changed, inserted, deleted and
// moved lines, changed defines, sets, maps, helpers and chains, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrontendMemo } from '../../server/src/dialects/memo';
import { analyzeNftables } from '../../server/src/dialects/nftables';
import { NFTABLES_MEMO } from '../../server/src/dialects/nftables/memo';
import { readAlike } from '../../server/src/model/ruleset';
import { analysedParts, applyEdit, assertMemoMatchesFresh, lineEdit } from '../helpers/document-edits';

const BASE = [
  'define web = { 80, 443 }',
  'define admin = 10.0.0.0/8',
  'table inet filter {',
  '  set blocked {',
  '    type ipv4_addr',
  '    elements = { 192.0.2.1, 192.0.2.2 }',
  '  }',
  '  map svc {',
  '    type inet_service : verdict',
  '    elements = { 22 : jump ssh, 8080 : accept }',
  '  }',
  '  ct helper ftp-standard {',
  '    type "ftp" protocol tcp',
  '  }',
  '  chain input {',
  '    type filter hook input priority filter; policy drop;',
  '    ct state established,related accept',
  '    ip saddr @blocked drop',
  '    tcp dport $web accept',
  '    ip saddr $admin tcp dport 22 accept',
  '    tcp dport vmap @svc',
  '    tcp dport 21 ct helper set "ftp-standard"',
  '    tcp dport 21 accept',
  '    jump ssh',
  '  }',
  '  chain ssh {',
  '    tcp dport 22 accept',
  '  }',
  '}',
  'add rule inet filter ssh ip saddr $admin accept',
  'add rule inet filter input tcp dport 50000-50999 accept',
];

/** Rules the memo keeps: alone on a line that a line break ends, parsed without errors. */
const REMEMBERED = 10;

const port = fc.integer({ min: 1, max: 65535 });
const lineText = fc.oneof(
  port.map((p) => `    tcp dport ${p} accept`),
  port.map((p) => `    ip saddr $admin tcp dport ${p} drop`),
  port.map((p) => `add rule inet filter input tcp dport ${p} accept`),
  port.map((p) => `define web = { 80, ${p} }`),
  // reversed when p is below 30000: an error the memo must report again
  port.map((p) => `    tcp dport 30000-${p} accept`),
  fc.constantFrom(
    // the lines of the base, so lines move and repeat
    ...BASE,
    'define admin = 192.168.0.0/16',
    'redefine web = 8080',
    'undefine admin',
    '    elements = { 192.0.2.9 }',
    '    elements = { 22 : jump nowhere, 21 : drop }',
    '    type "sip" protocol udp',
    '  chain extra {',
    '  chain ssh {',
    '  }',
    '    jump extra',
    '    goto nowhere',
    'insert rule inet filter input udp dport 53 accept',
    'add element inet filter blocked { 198.51.100.1 }',
    'add chain inet filter extra',
    'flush chain inet filter input',
    'delete chain inet filter ssh',
    '    tcp dport $undefined accept',
    '    tcp dport 21 acept',
    '    ct helper set "ftp-standard"',
    '    ip saddr . tcp dport { 10.0.0.1 . 22, 10.0.0.2 . 80 } accept',
    '    tcp dport { 21, 990 } log accept',
    '    meter m { ip saddr limit rate 10/second } accept',
    '    add @blocked { ip saddr } drop',
    '    ip saddr @nosuchset drop',
    '  set dyn { type ipv4_addr; flags dynamic; }',
    'include "missing.nft"',
    '# a comment',
    '',
    '\ttcp dport 22 accept\t# tabs',
    '    tcp dport 22 accept; udp dport 53 accept',
    '    tcp dport 23 \\',
    '    iif "lo" accept',
    '    ct state new tcp dport 21 ct helper set "ftp-standard" accept',
    'table ip nat {',
    '  chain pre {',
    '    type nat hook prerouting priority dstnat;',
    '    tcp dport 8080 dnat to 10.0.0.2:80',
    '}',
  ),
);

const edit = lineEdit(lineText);

function analyse(text: string, memo?: FrontendMemo) {
  return analysedParts('/m/rules.nft', text, memo);
}

test('nftables: analysing edit after edit with the document memo gives what a fresh analysis gives', () => {
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) =>
      assertMemoMatchesFresh(BASE, edits, applyEdit, analyse, (memo) =>
        // The memo is in use: every rule alone on its line is remembered.
        assert.equal(memo.slot(NFTABLES_MEMO).lines.filter((e) => e !== undefined).length, REMEMBERED),
      ),
    ),
    { numRuns: 300 },
  );
});

test('nftables: the front end reading CRLF and CR line breaks with the memo gives what it gives without', () => {
  const analyseText = (text: string, memo?: FrontendMemo) => analyzeNftables(text, { uri: 'file:///m/rules.nft', ...(memo && { memo }) });
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.constantFrom('\r\n', '\r'), (edits, lineBreak) =>
      assertMemoMatchesFresh(BASE, edits, applyEdit, analyseText, () => undefined, lineBreak),
    ),
    { numRuns: 100 },
  );
});

test('nftables: rules inserted and deleted among copies of themselves give what a fresh analysis gives', () => {
  // Where the edit ends inside a copy, the line after it reads as the previous line there and as the line it was
  // before the edit: one remembered rule must not stand for both.
  const copies = lineEdit(fc.constantFrom('  tcp dport 22 accept', '  udp dport 53 accept', ''));
  const base = ['table ip t {', 'chain c {', '  tcp dport 22 accept', '  tcp dport 22 accept', '}', '}'];
  const analyseText = (text: string, memo?: FrontendMemo) => analyzeNftables(text, { uri: 'file:///m/rules.nft', ...(memo && { memo }) });
  fc.assert(
    fc.property(fc.array(copies, { minLength: 1, maxLength: 6 }), (edits) => assertMemoMatchesFresh(base, edits, applyEdit, analyseText, () => undefined)),
    { numRuns: 200 },
  );
});

test('nftables: an unchanged rule is replayed with the same match, actions and verdict objects', () => {
  const memo = new FrontendMemo();
  // every rule's line ends with a line break, the last one's too
  const first = analyse(`${BASE.join('\n')}\n`, memo).ruleset;
  const edited = [...BASE];
  edited[22] = '    tcp dport 2121 accept';
  const second = analyse(`${edited.join('\n')}\n`, memo).ruleset;
  const rulesOf = (r: typeof first) => (r ? r.chains.flatMap((c) => c.rules) : []);
  const before = rulesOf(first);
  const after = rulesOf(second);
  assert.equal(after.length, before.length);
  const kept = after.filter((r, k) => r.match === before[k].match && r.actions === before[k].actions && r.verdict === before[k].verdict);
  // every rule but the edited one
  assert.equal(kept.length, after.length - 1);
  assert.ok(!kept.some((r) => r.text === 'tcp dport 2121 accept'));
});

test('nftables: a rule read after an edit is replayed through any number of later edits', () => {
  const memo = new FrontendMemo();
  const lines = [...BASE];
  const rulesOf = () => analyse(`${lines.join('\n')}\n`, memo).ruleset?.chains.flatMap((c) => c.rules) ?? [];
  rulesOf();
  lines[22] = '    tcp dport 2121 accept';
  const edited = rulesOf().find((r) => r.text === 'tcp dport 2121 accept');
  assert.ok(edited);
  // Twenty more edits, each of another line and each read in a version of the document of its own.
  for (let k = 0; k < 20; k++) {
    lines[23] = `    tcp dport ${3000 + k} accept`;
    assert.equal(rulesOf().find((r) => r.text === 'tcp dport 2121 accept'), edited, `after ${k + 1} later edits`);
  }
});

test('nftables: a rule that only moved reads alike, the one right after an inserted or deleted line too', () => {
  const memo = new FrontendMemo();
  const rulesOf = (lines: readonly string[]) => analyse(`${lines.join('\n')}\n`, memo).ruleset?.chains.flatMap((c) => c.rules) ?? [];
  const before = rulesOf(BASE);
  // the line starts as the rule after it does: the edit ends inside that rule's line
  const inserted = [...BASE.slice(0, 22), '    tcp dport 2121 accept', ...BASE.slice(22)];
  const after = rulesOf(inserted).filter((r) => r.text !== 'tcp dport 2121 accept');
  assert.equal(after.length, before.length);
  after.forEach((r, k) => assert.ok(readAlike(before[k], r), r.text));
  rulesOf(BASE).forEach((r, k) => assert.ok(readAlike(after[k], r), r.text));
});

test('nftables: a rule that moved is replayed on its new line', () => {
  const memo = new FrontendMemo();
  analyse(BASE.join('\n'), memo);
  const moved = ['# a new first line', '', ...BASE];
  const withMemo = analyse(moved.join('\n'), memo);
  assert.deepEqual(withMemo, analyse(moved.join('\n')));
  const remembered = memo.slot(NFTABLES_MEMO).lines;
  assert.equal(remembered.filter((e) => e !== undefined).length, REMEMBERED);
  // the entries sit on the lines the rules are on now
  for (const [line, entry] of remembered.entries()) if (entry) assert.equal(entry.range.start.line, line);
});
