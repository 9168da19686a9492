// An analysis that reuses the previous analysis's lowering (the language
// server keeps it per document) must give exactly what a fresh analysis gives,
// whatever the edit: changed, inserted and deleted lines, new chains, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument } from '../../server/src/analysis';
import { FrontendMemo } from '../../server/src/dialects/memo';
import { SAVE_LINE_MEMO } from '../../server/src/dialects/iptables/lineMemo';
import { analysedParts, applyEdit, assertMemoMatchesFresh, lineEdit } from '../helpers/document-edits';

const BASE = [
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':DOCKER - [0:0]',
  '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
  '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
  'COMMIT',
  '*filter',
  ':INPUT DROP [0:0]',
  ':FORWARD DROP [0:0]',
  ':SERVICES - [0:0]',
  '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-A INPUT -p tcp -m tcp --dport 21 -j ACCEPT',
  '-A INPUT -j SERVICES',
  '-A SERVICES -p tcp --dport 22 -j ACCEPT',
  '-A SERVICES -s 10.0.0.0/8 -p tcp --dport 8080 -j ACCEPT',
  'COMMIT',
];

const lineText = fc.oneof(
  fc.integer({ min: 1, max: 65535 }).map((p) => `-A INPUT -p tcp --dport ${p} -j ACCEPT`),
  fc.integer({ min: 1, max: 65535 }).map((p) => `-A SERVICES -p tcp --dport 50000:${p} -j ACCEPT`),
  fc.constantFrom(
    '-A INPUT -j EXTRA',
    ':EXTRA - [0:0]',
    '-A EXTRA -p tcp --dport 3128 -j DROP',
    '-I INPUT 1 -p tcp --dport 990 -j ACCEPT',
    '-A INPUT -p tcp --dport 70000 -j ACCEPT',
    '-A INPUT --dprot 21 -j ACCEPT',
    '-A SERVICES -j SERVICES',
    '-D INPUT -p tcp -m tcp --dport 21 -j ACCEPT',
    '# a comment',
    '',
    'COMMIT',
    '*raw',
  ),
);

const edit = lineEdit(lineText);

function analyse(text: string, memo?: FrontendMemo) {
  return analysedParts('/m/rules.v4', text, memo);
}

test('iptables-save: analysing edit after edit with the document memo gives what a fresh analysis gives', () => {
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) =>
      assertMemoMatchesFresh(BASE, edits, applyEdit, analyse, (memo) =>
        // The memo is in use: every plain append of the file is remembered.
        assert.equal(memo.slot(SAVE_LINE_MEMO).entryCount('append'), BASE.filter((l) => l.startsWith('-A ')).length),
      ),
    ),
    { numRuns: 300 },
  );
});

test('iptables-save: after a line is inserted or deleted above them, unchanged rules are replayed (same match objects), on their new lines', () => {
  const memo = new FrontendMemo();
  const rulesOf = (text: string) => {
    const a = analyzeDocument({ uri: 'file:///m/rules.v4', path: '/m/rules.v4', text, version: 1, settings: {}, memo });
    return a.frontend?.ruleset.chains.flatMap((c) => c.rules) ?? [];
  };
  const before = rulesOf(BASE.join('\n'));
  const inserted = ['# a comment above everything', ...BASE];
  const after = rulesOf(inserted.join('\n'));
  assert.equal(after.length, before.length);
  for (let k = 0; k < after.length; k++) {
    assert.equal(after[k].match, before[k].match, `rule ${after[k].text} replayed`);
    assert.equal(after[k].verdict, before[k].verdict);
    assert.equal(after[k].range.start.line, BASE.indexOf(after[k].text) + 1);
  }
  assert.deepEqual(analyse(inserted.join('\n'), memo), analyse(inserted.join('\n')));
  const deleted = rulesOf(BASE.slice(1).join('\n').replace('COMMIT', '*nat\nCOMMIT'));
  assert.ok(deleted.length > 0);
  const again = rulesOf(BASE.join('\n'));
  assert.deepEqual(again.map((r) => r.range.start.line), before.map((r) => BASE.indexOf(r.text)));
});
