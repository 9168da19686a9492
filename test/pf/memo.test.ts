// An analysis that reuses the statements the previous analysis read (the
// language server keeps them per document) must give exactly what a fresh
// analysis gives, whatever the edit: changed, inserted and deleted lines,
// lines that move, macros and tables that change under the rules using them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrontendMemo } from '../../server/src/dialects/memo';
import { pfFrontend } from '../../server/src/dialects/pf';
import { PF_STATEMENT_MEMO } from '../../server/src/dialects/pf/memo';
import { analysedParts, assertMemoMatchesFresh, frontendView } from '../helpers/document-edits';

const BASE = [
  'ext_if = "em0"',
  'lan = "10.0.0.0/16"',
  'ports = "{ 21, 50000:50999 }"',
  'loop = "$loop"',
  'table <trusted> const { 192.0.2.0/24, 198.51.100.0/24 }',
  'table <bad> persist',
  'set skip on lo',
  'block log all',
  'match out on $ext_if inet from $lan nat-to ($ext_if)',
  'pass in quick on $ext_if inet proto tcp from <trusted> to ($ext_if) port ssh',
  'block in quick from <bad>',
  // kept despite an error (the macro refers to itself, a reversed range): remembered with its error
  'pass in on $loop proto tcp to port 2121',
  'pass in on $ext_if proto tcp to port 50999:50000',
  'pass in on $ext_if inet proto tcp to ($ext_if) port $ports',
  'pass in on $ext_if proto tcp to port 8080 rdr-to 10.0.0.5 port 80',
  'block in on $ext_if proto tcp from <trusted> to any port 21',
  'anchor "ftp-proxy/*"',
  'pass out quick on $ext_if inet proto udp from ($ext_if) to 10.0.0.1 port domain',
  'block in on $ext_if inet proto tcp to ($ext_if) port 21',
];

const lineText = fc.oneof(
  fc.integer({ min: 1, max: 65535 }).map((p) => `pass in on $ext_if proto tcp to port ${p}`),
  // reversed ranges (50000:p for p below 50000; 65535:p, and below 30000 also 30000:p): errors the memo must report again, two in one statement
  fc.integer({ min: 1, max: 65535 }).map((p) => `block in quick on $ext_if proto tcp from <trusted> to any port 50000:${p}`),
  fc.integer({ min: 1, max: 65535 }).map((p) => `pass in proto tcp from any port 30000:${p} to port 65535:${p}`),
  fc.integer({ min: 0, max: 255 }).map((n) => `table <trusted> const { 192.0.2.${n} }`),
  fc.constantFrom(
    'ext_if = "em1"',
    'ext_if = "{ em0 em1 }"',
    'lan = "192.168.0.0/24"',
    'ports = "21"',
    'ports = ""',
    'empty = ""',
    'pass in on $ext_if $empty proto tcp to port 21',
    'pass in on $missing proto tcp to port 21',
    'table <trusted> persist',
    'table <bad> const { 203.0.113.0/24 }',
    'set block-policy return',
    'set block-policy drop',
    'block in log on $ext_if proto tcp to port 21',
    'block return in on $ext_if proto tcp to port 20',
    'pass in on $ext_if proto tcp from <bad> to port 21 keep state (max-src-conn 10, overload <bad> flush global)',
    'pass in on $ext_if inet proto tcp to ($ext_if) port $ports',
    'pass in on $ext_if \\\n  proto tcp to port 2121',
    'pass in proto tcp to port { 21,\n  990 }',
    'anchor "ftp-proxy/*"',
    'anchor inner {\n  pass in proto tcp to port 21\n}',
    'anchor "other"',
    'antispoof quick for $ext_if inet',
    'rdr on $ext_if proto tcp to port 21 -> 127.0.0.1 port 8021',
    'nat on $ext_if from $lan to any -> ($ext_if)',
    'binat on $ext_if from 10.0.0.7 to any -> 192.0.2.7',
    'rdr-anchor "ftp-proxy/*"',
    'pass in on $ext_if proto tcp to port 21 divert-to 127.0.0.1 port 8021',
    'scrub in all',
    'pas in all',
    'pass in proto tcp to port 70000',
    'pass in proto tcp to port "unterminated',
    'loop = "$loop"',
    'loop = "em2"',
    'pass in on $loop proto tcp to port 2121',
    'block in on $ext_if $loop proto tcp',
    '# a comment',
    '',
    '   ',
  ),
);

/** An edit as an editor makes it: some lines at `at` give way to others (none, one or several). */
interface Splice {
  readonly at: number;
  readonly removed: number;
  readonly added: readonly string[];
}
const splice: fc.Arbitrary<Splice> = fc.record({
  at: fc.nat(),
  removed: fc.integer({ min: 0, max: 2 }),
  added: fc.array(lineText, { maxLength: 2 }),
});

function spliced(lines: readonly string[], s: Splice): string[] {
  const out = lines.slice();
  out.splice(s.at % (lines.length + 1), s.removed, ...s.added);
  return out;
}

function outcome(text: string, memo?: FrontendMemo) {
  return analysedParts('/m/pf.conf', text, memo);
}

test('pf: analysing edit after edit with the document memo gives what a fresh analysis gives', () => {
  fc.assert(
    fc.property(fc.array(splice, { minLength: 1, maxLength: 8 }), (splices) =>
      assertMemoMatchesFresh(BASE, splices, spliced, outcome, (memo) =>
        // The memo is in use: every statement but the macro definitions is remembered, the one read with an error too.
        assert.equal(memo.slot(PF_STATEMENT_MEMO).size, BASE.filter((l) => !l.includes(' = ')).length),
      ),
    ),
    { numRuns: 300 },
  );
});

test('pf: a statement that moves keeps its model objects, and an unchanged one its whole rule', () => {
  const memo = new FrontendMemo();
  const first = outcome(BASE.join('\n'), memo).ruleset;
  const same = outcome(BASE.join('\n'), memo).ruleset;
  const moved = outcome(['# moved down', ...BASE].join('\n'), memo).ruleset;
  const rules = (r: typeof first) => r?.chains.flatMap((c) => c.rules) ?? [];
  assert.ok(rules(first).length > 5);
  rules(first).forEach((rule, i) => {
    assert.equal(rules(same)[i], rule, `rule ${i} replayed whole`);
    const after = rules(moved)[i];
    assert.equal(after.range.start.line, rule.range.start.line + 1);
    assert.equal(after.match, rule.match);
    assert.equal(after.verdict, rule.verdict);
  });
});

test('pf: with the document unchanged, a macro an included file changes is read anew', () => {
  const main = ['include "/etc/pf.macros"', 'pass in on $ext_if proto tcp to port $ftp', 'block in on $ext_if all'].join('\n');
  let included = 'ext_if = "em0"\nftp = "21"';
  const options = { uri: 'file:///etc/pf.conf', readInclude: () => ({ uri: 'file:///etc/pf.macros', text: included }) };
  const memo = new FrontendMemo();
  pfFrontend.analyze(main, { ...options, memo });
  included = 'ext_if = "em1"\nftp = "{ 21, 2121 }"';
  const again = pfFrontend.analyze(main, { ...options, memo });
  assert.deepEqual(frontendView(again), frontendView(pfFrontend.analyze(main, options)));
  assert.deepEqual(again.ruleset.chains[0].rules[0].match.inInterface?.names, ['em1']);
});

test('pf: a document with CRLF line ends and continuations, edited, reads as a fresh analysis does', () => {
  const lines = ['ext_if = "em0"', 'pass in on $ext_if \\', '  proto tcp to port 21', 'block in all', 'pass out all'];
  const memo = new FrontendMemo();
  outcome(lines.join('\r\n'), memo);
  const edited = ['# first', ...lines.slice(0, 3), 'block in log all', ...lines.slice(4)].join('\r\n');
  assert.deepEqual(outcome(edited, memo), outcome(edited));
  const rules = outcome(edited, memo).ruleset?.chains[0].rules ?? [];
  assert.deepEqual(rules.map((r) => r.range.start.line), [2, 4, 5]);
});

test('pf: a statement kept despite an error is replayed, and reports its error again where it now is', () => {
  const lines = ['loop = "$loop"', 'block in all', 'pass in on $loop proto tcp to port 21', 'pass in proto tcp to port 15852:14761', 'pass out all'];
  const memo = new FrontendMemo();
  const rules = (o: ReturnType<typeof outcome>) => o.ruleset?.chains[0].rules.slice(1, 3) ?? [];
  const errors = (o: ReturnType<typeof outcome>) => o.diagnostics.filter((d) => d.code === 'FW001').map((d) => `${d.range.start.line}: ${d.message}`);
  const first = outcome(lines.join('\n'), memo);
  const reversed = 'port range 15852:14761 is reversed: the first port must not be above the last (pfctl refuses it)';
  assert.deepEqual(errors(first), ["2: macro '$loop' refers to itself", `3: ${reversed}`]);
  // an edit below them: they are replayed whole (following the statement before them, or each by its place)
  const below = [...lines.slice(0, 4), 'pass out log all'].join('\n');
  const replayed = outcome(below, memo);
  rules(replayed).forEach((rule, i) => assert.equal(rule, rules(first)[i]));
  assert.deepEqual(replayed, outcome(below));
  // a line inserted above them: they move, and so do their errors
  const above = ['# above', ...lines.slice(0, 4), 'pass out log all'].join('\n');
  const moved = outcome(above, memo);
  rules(moved).forEach((rule, i) => assert.equal(rule.match, rules(first)[i].match));
  assert.deepEqual(errors(moved), ["3: macro '$loop' refers to itself", `4: ${reversed}`]);
  assert.deepEqual(moved, outcome(above));
});

test('pf: a string left unterminated is read afresh: whether a later line closes it depends on the lines after its own', () => {
  const lines = ['pass in proto tcp to port "unterminated', 'pass out all'];
  const memo = new FrontendMemo();
  outcome(lines.join('\n'), memo);
  const closed = [lines[0], 'ext_if = "em1"', 'pass out all'].join('\n');
  assert.deepEqual(outcome(closed, memo), outcome(closed));
});
