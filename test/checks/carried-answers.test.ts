// The engine's answers are carried to a document's next version: kept whole
// while its rules are the same objects in the same chains (an edit of a
// comment, or of a line read as before), and handed to the engine after an
// edit of a few rules. They must be carried exactly then, and an analysis with
// the document memo must equal a fresh one over edits of both kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CarriedAnswers } from '../../server/src/checks/carried-answers';
import type { FrontendMemo } from '../../server/src/dialects/memo';
import type { Rule, Ruleset } from '../../server/src/model/ruleset';
import { RulesetBuilder } from '../engine/build';
import { analysedParts, applyEdit, assertMemoMatchesFresh, lineEdit } from '../helpers/document-edits';

function twoRules(): { b: RulesetBuilder; ruleset: Ruleset } {
  const b = new RulesetBuilder('pf');
  const chain = b.chain('filter', { base: { hook: 'pf-filter' } });
  b.rule(chain, { proto: 'tcp', dport: '21' }, 'accept');
  b.rule(chain, { proto: 'tcp', dport: '50000-50999' }, 'drop');
  return { b, ruleset: b.build() };
}

test('answers are carried while every chain holds the same rule objects, and handed over after an edit of a few rules', () => {
  const engine = {};
  const { ruleset } = twoRules();
  const carried = new CarriedAnswers();
  const first = carried.cachesFor(ruleset, engine);
  assert.equal(first.beforeEdit, undefined);
  // A new ruleset with the same chains and rules (what a comment edit gives).
  const again: Ruleset = { ...ruleset, chains: ruleset.chains.map((c) => ({ ...c, rules: [...c.rules] })) };
  const second = carried.cachesFor(again, engine);
  assert.equal(second.caches, first.caches);
  assert.equal(second.beforeEdit, undefined);
  // One rule moved (a line inserted above it: another range and id, the same reading): new caches, the old answers beside them, the rule noted as moved.
  const movedDown = (r: Rule): Rule => ({ ...r, id: r.id + 1, range: { start: { line: r.range.start.line + 1, character: 0 }, end: { line: r.range.end.line + 1, character: 0 } } });
  const moved: Ruleset = { ...again, chains: again.chains.map((c) => ({ ...c, rules: c.rules.map((r, k) => (k === 1 ? movedDown(r) : r)) })) };
  const third = carried.cachesFor(moved, engine);
  assert.notEqual(third.caches, first.caches);
  assert.equal(third.beforeEdit?.evaluate, first.caches.evaluate);
  assert.deepEqual(third.beforeEdit?.edited, []);
  assert.deepEqual([...(third.beforeEdit?.moved ?? [])], [[again.chains[0].rules[1], moved.chains[0].rules[1]]]);
  // One rule replaced by one the engine reads otherwise (another match, another action): both versions handed over as edited.
  const otherMatch: Ruleset = { ...moved, chains: moved.chains.map((c) => ({ ...c, rules: c.rules.map((r, k) => (k === 1 ? { ...r, match: { ...r.match } } : r)) })) };
  const edited = carried.cachesFor(otherMatch, engine);
  assert.deepEqual(edited.beforeEdit?.edited, [moved.chains[0].rules[1], otherMatch.chains[0].rules[1]]);
  assert.equal(edited.beforeEdit?.moved.size, 0);
  const log = (r: Rule): Rule => ({ ...r, actions: [{ kind: 'log', range: r.range }] });
  const logged: Ruleset = { ...otherMatch, chains: otherMatch.chains.map((c) => ({ ...c, rules: c.rules.map((r, k) => (k === 0 ? log(r) : r)) })) };
  assert.deepEqual(carried.cachesFor(logged, engine).beforeEdit?.edited, [otherMatch.chains[0].rules[0], logged.chains[0].rules[0]]);
  const loggedBelow: Ruleset = { ...logged, chains: logged.chains.map((c) => ({ ...c, rules: c.rules.map((r, k) => (k === 0 ? log(movedDown(r)) : r)) })) };
  assert.deepEqual(carried.cachesFor(loggedBelow, engine).beforeEdit?.edited, [], 'an action that only moved');
  // An action with another field, or of another kind, in the same place: edited.
  const withHelper = (helper: string) => (r: Rule): Rule => ({ ...r, actions: [{ kind: 'ct-helper', helper, range: r.range }] });
  const ftpHelper: Ruleset = { ...loggedBelow, chains: loggedBelow.chains.map((c) => ({ ...c, rules: c.rules.map((r, k) => (k === 0 ? withHelper('ftp')(r) : r)) })) };
  assert.equal(carried.cachesFor(ftpHelper, engine).beforeEdit?.edited.length, 2, 'a log action replaced by a helper assignment');
  const sipHelper: Ruleset = { ...ftpHelper, chains: ftpHelper.chains.map((c) => ({ ...c, rules: c.rules.map((r, k) => (k === 0 ? withHelper('sip')(movedDown(r)) : r)) })) };
  assert.equal(carried.cachesFor(sipHelper, engine).beforeEdit?.edited.length, 2, 'another helper, on another line');
  const replaced = sipHelper;
  // Another chain policy, another engine, another helper: nothing carried.
  const policy: Ruleset = { ...replaced, chains: replaced.chains.map((c) => ({ ...c, base: c.base && { ...c.base, policy: 'drop' } })) };
  const fourth = carried.cachesFor(policy, engine);
  assert.notEqual(fourth.caches, third.caches);
  assert.equal(fourth.beforeEdit, undefined);
  const otherEngine = carried.cachesFor(policy, {});
  assert.notEqual(otherEngine.caches, fourth.caches);
  assert.equal(otherEngine.beforeEdit, undefined);
  const helper: Ruleset = { ...policy, helpers: [{ name: 'ftp-standard', table: 'filter', family: 'inet', type: 'ftp', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }] };
  const fifth = carried.cachesFor(policy, engine);
  const sixth = carried.cachesFor(helper, engine);
  assert.notEqual(sixth.caches, fifth.caches);
  assert.equal(sixth.beforeEdit, undefined);
  // Many rules replaced: computed afresh.
  const many: Ruleset = { ...helper, chains: helper.chains.map((c) => ({ ...c, rules: Array.from({ length: 80 }, (_, k) => ({ ...c.rules[k % c.rules.length], id: 100 + k })) })) };
  assert.equal(carried.cachesFor(many, engine).beforeEdit, undefined);
});

const PF_BASE = [
  'ext_if = "em0"',
  '# ftp',
  'block in all',
  'pass in on $ext_if proto tcp to port 21',
  '# data',
  'pass in on $ext_if proto tcp to port 50000:50010',
  'block in on $ext_if proto tcp to port 3306',
  'pass in on $ext_if proto tcp to port 2121 rdr-to 192.168.1.10 port 21',
];

// Comments (which leave the rules as they were) and rule lines.
const PF_LINES = fc.oneof(
  fc.constantFrom('# ftp', '# passive data', '#', ''),
  fc.constantFrom('# ftp', '# passive data', '#', ''),
  fc.integer({ min: 1, max: 65000 }).map((p) => `pass in on $ext_if proto tcp to port ${p}:${p + 20}`),
  fc.integer({ min: 1, max: 65000 }).map((p) => `block in on $ext_if proto tcp to port ${p}`),
  fc.constantFrom('pass in on $ext_if proto tcp to port 21', 'pass in on $ext_if proto tcp to port 1024:65535', 'block in on $ext_if all'),
);

test('FTP checks (pf): answers carried to the next version give the findings of a fresh analysis', () => {
  const seen = new Set<string>();
  const analyse = (text: string, memo?: FrontendMemo) => {
    const parts = analysedParts('/m/pf.conf', text, memo);
    if (!memo) for (const d of parts.diagnostics) seen.add(d.code);
    return parts;
  };
  fc.assert(
    fc.property(fc.array(lineEdit(PF_LINES), { minLength: 1, maxLength: 12 }), (edits) => assertMemoMatchesFresh(PF_BASE, edits, applyEdit, analyse, () => undefined)),
    { numRuns: 150 },
  );
  for (const code of ['FTP001', 'FTP003', 'FW003']) assert.ok(seen.has(code), `no ${code} seen (saw ${[...seen].join(', ')})`);
});
