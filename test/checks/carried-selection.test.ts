// The checks carry their selections of rules (the rule census, FTP002's,
// FTP003's, FTP004's and FTP010's candidates, the rules using ftp-proxy) and
// FTP003's counts of restricted ports from one version of a document to the
// next, reading only the rules an edit replaced. Over random edits, what they
// carry must equal what a fresh pass gives, and an analysis with the document
// memo must equal a fresh one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CarriedSelection } from '../../server/src/checks/carried-selection';
import { PortCounts } from '../../server/src/checks/port-counts';
import { PortSet } from '../../server/src/model/ports';
import type { FrontendMemo } from '../../server/src/dialects/memo';
import type { Rule } from '../../server/src/model/ruleset';
import { RulesetBuilder, type VerdictLite } from '../engine/build';
import { analysedParts, applyEdit, assertMemoMatchesFresh, lineEdit } from '../helpers/document-edits';

type ListEdit = { kind: 'replace' | 'insert' | 'delete'; at: number; port: number; verdict: VerdictLite };

const LIST_EDIT: fc.Arbitrary<ListEdit> = fc.record({
  kind: fc.constantFrom('replace', 'insert', 'delete'),
  at: fc.nat(),
  port: fc.integer({ min: 1, max: 40 }),
  verdict: fc.constantFrom<VerdictLite>('accept', 'drop'),
}) as fc.Arbitrary<ListEdit>;

const TESTS: ReadonlyArray<(rule: Rule) => boolean> = [
  (r) => r.verdict.kind === 'accept',
  (r) => r.match.dport?.has(21) === true,
  (r) => (r.match.dport?.size() ?? 0) > 1,
];

/** Versions of a rule list, each made by a few edits of the one before (kept rules stay the same objects). */
function* versionsOf(edits: readonly (readonly ListEdit[])[]): Generator<Rule[]> {
  const b = new RulesetBuilder('pf');
  const chain = b.chain('filter', { base: { hook: 'pf-filter' } });
  const make = (port: number, verdict: VerdictLite) => b.rule(chain, { proto: 'tcp', dport: port % 3 === 0 ? `${port}-${port + 5}` : `${port}` }, verdict);
  let rules: Rule[] = [make(21, 'accept'), make(22, 'drop'), make(30, 'accept'), make(21, 'drop')];
  yield rules;
  for (const version of edits) {
    rules = [...rules];
    for (const e of version) {
      const at = rules.length === 0 ? 0 : e.at % rules.length;
      if (e.kind === 'replace' && rules.length > 0) rules[at] = make(e.port, e.verdict);
      else if (e.kind === 'delete' && rules.length > 0) rules.splice(at, 1);
      else rules.splice(at, 0, make(e.port, e.verdict));
    }
    yield rules;
  }
}

const VERSIONS = fc.array(fc.array(LIST_EDIT, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 });

test('a carried selection equals a fresh filter over random edits of the list', () => {
  fc.assert(
    fc.property(VERSIONS, fc.boolean(), (edits, changeKey) => {
      const carried = new CarriedSelection();
      let n = 0;
      for (const rules of versionsOf(edits)) {
        const key = changeKey && n++ % 2 === 1 ? 'other' : 'k';
        const got = carried.select(rules, key, TESTS);
        assert.deepEqual(
          got.map((list) => list.map((r) => r.id)),
          TESTS.map((t) => rules.filter(t).map((r) => r.id)),
        );
        // Kept rules are the same objects, not copies.
        got.forEach((list, t) => list.forEach((r, i) => assert.equal(r, rules.filter(TESTS[t])[i])));
      }
    }),
    { numRuns: 300 },
  );
});

test('carried port counts give the ports a fresh count gives over random edits of the list', () => {
  const portsOf = (r: Rule) => r.match.dport ?? PortSet.EMPTY;
  const drops = (r: Rule) => r.verdict.kind === 'drop';
  fc.assert(
    fc.property(VERSIONS, (edits) => {
      const carried = new PortCounts();
      for (const rules of versionsOf(edits)) {
        const got = carried.update(rules, portsOf, drops);
        assert.equal(got.named.toString(), PortSet.unionAll(rules.map(portsOf)).toString());
        assert.equal(got.namedBySecond.toString(), PortSet.unionAll(rules.filter(drops).map(portsOf)).toString());
        assert.deepEqual(got.named.intervals, PortSet.unionAll(rules.map(portsOf)).intervals);
      }
    }),
    { numRuns: 300 },
  );
});

// Lines that the FTP checks' selections pick up: control accepts, narrow and
// broad passive ranges, restrictions, redirects, ftp-proxy anchors and diverts,
// and a rule naming the first documentation address a check asks from.
const PF_BASE = [
  'ext_if = "em0"',
  'block in all',
  'pass in on $ext_if proto tcp to port 21',
  'pass in on $ext_if proto tcp to port 50000:50010',
  'block in on $ext_if proto tcp to port 3306',
  'pass in on $ext_if proto tcp from 10.0.0.1 to port 5432',
  'pass in on $ext_if proto tcp to port 2121 rdr-to 192.168.1.10 port 21',
  'pass in on $ext_if proto tcp to port 1024:65535',
];

const PF_LINES = fc.oneof(
  fc.integer({ min: 1, max: 65000 }).map((p) => `pass in on $ext_if proto tcp to port ${p}:${p + 20}`),
  fc.integer({ min: 30000, max: 65000 }).map((p) => `pass in on $ext_if proto tcp to port ${p}:${p + 300}`),
  fc.integer({ min: 1, max: 65000 }).map((p) => `block in on $ext_if proto tcp to port ${p}`),
  fc.integer({ min: 1, max: 65000 }).map((p) => `pass in on $ext_if proto tcp from 10.0.0.2 to port ${p}`),
  fc.constantFrom(
    'pass in on $ext_if proto tcp to port 21',
    'pass in on $ext_if proto tcp from 203.0.113.45 to port 21',
    'pass in on $ext_if proto tcp to port 21 rdr-to 192.168.1.10',
    'pass in quick on em1 inet proto tcp to port ftp divert-to 127.0.0.1 port 8021',
    'anchor "ftp-proxy/*"',
    'pass in on $ext_if proto tcp to port 1024:65535',
    '# passive ftp',
    '',
  ),
);

const IPTABLES_BASE = [
  '*filter',
  ':INPUT DROP [0:0]',
  ':FORWARD DROP [0:0]',
  '-A INPUT -p tcp --dport 21 -j ACCEPT',
  '-A INPUT -p tcp --dport 50000:50010 -j ACCEPT',
  '-A INPUT -p tcp --dport 3306 -j DROP',
  '-A INPUT -p tcp --dport 1024:65535 -j ACCEPT',
  'COMMIT',
];

const IPTABLES_LINES = fc.oneof(
  fc.integer({ min: 1, max: 65000 }).map((p) => `-A INPUT -p tcp --dport ${p}:${p + 20} -j ACCEPT`),
  fc.integer({ min: 1, max: 65000 }).map((p) => `-A INPUT -p tcp --dport ${p} -j DROP`),
  fc.integer({ min: 1, max: 65000 }).map((p) => `-A INPUT -s 10.0.0.2 -p tcp --dport ${p} -j ACCEPT`),
  fc.constantFrom('-A INPUT -p tcp --dport 21 -j ACCEPT', '-A INPUT -s 203.0.113.45 -p tcp --dport 21 -j ACCEPT', '-A INPUT -p tcp --dport 1024:65535 -j ACCEPT', '# passive ftp', ''),
);

for (const [dialect, path, base, lines] of [
  ['pf', '/m/pf.conf', PF_BASE, PF_LINES],
  ['iptables', '/m/rules.v4', IPTABLES_BASE, IPTABLES_LINES],
] as const) {
  test(`FTP checks (${dialect}): carried selections give the findings of a fresh analysis over random edits`, () => {
    const seen = new Set<string>();
    const analyse = (text: string, memo?: FrontendMemo) => {
      const parts = analysedParts(path, text, memo);
      if (!memo) for (const d of parts.diagnostics) seen.add(d.code);
      return parts;
    };
    fc.assert(
      fc.property(fc.array(lineEdit(lines), { minLength: 1, maxLength: 10 }), (edits) => assertMemoMatchesFresh(base, edits, applyEdit, analyse, () => undefined)),
      { numRuns: 150 },
    );
    // The edits did reach the checks that read carried selections.
    for (const code of dialect === 'pf' ? ['FTP001', 'FTP002', 'FTP003', 'FTP004', 'FTP010'] : ['FTP001', 'FTP003', 'FTP004']) assert.ok(seen.has(code), `no ${code} seen (saw ${[...seen].join(', ')})`);
  });
}
