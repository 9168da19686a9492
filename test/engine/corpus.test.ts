// The engine over every real firewall file in the shared corpus: answers are
// disjoint and complete, a range answer agrees with single-port answers, FW003
// reports only proven coverage, and every rule can be explained.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FRONTENDS } from '../../server/src/dialects';
import type { PacketPath } from '../../server/src/engine/api';
import { matchCovers } from '../../server/src/engine/covers';
import { evaluate } from '../../server/src/engine/evaluate';
import { findUnreachableRules } from '../../server/src/engine/shadowing';
import { explainRule } from '../../server/src/explain/explain-rule';
import { decodeText } from '../../server/src/model/decode';
import { PortSet } from '../../server/src/model/ports';
import { allRules } from '../../server/src/model/ruleset';
import type { Dialect } from '../../server/src/model/source';
import { question } from './build';
import { assertDisjoint } from './answers';

const repoRoot = path.resolve(__dirname, '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const DIALECTS: readonly Dialect[] = ['iptables', 'nftables', 'pf'];

const files = DIALECTS.flatMap((dialect) => {
  const dir = path.join(corpus, dialect);
  return existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')).sort().map((f) => ({ dialect, file: path.join(dir, f) })) : [];
});

test('engine corpus: shared corpus present', (t) => {
  if (files.length === 0) {
    t.skip('shared corpus not present');
    return;
  }
  assert.ok(files.length >= 30, `only ${files.length} files`);
});

const PATHS: readonly PacketPath[] = ['input', 'forward', 'output'];

for (const { dialect, file } of files) {
  test(`engine corpus: ${dialect}/${path.basename(file)}`, () => {
    const text = decodeText(readFileSync(file));
    const ruleset = FRONTENDS[dialect].analyze(text, { uri: `file://${file}` }).ruleset;
    const rules = new Set(allRules(ruleset));
    for (const p of PATHS) {
      const q = question({ path: p, sport: PortSet.ALL, dport: PortSet.ALL });
      const answer = evaluate(ruleset, q);
      assertDisjoint(answer);
      for (const s of answer.segments) {
        if (s.decidedBy) assert.ok(rules.has(s.decidedBy), 'the deciding rule is one of the ruleset');
        // A range answer agrees with the answer for one port pair of the segment.
        const sport = s.sport.intervals[s.sport.intervals.length - 1].hi;
        const dport = s.dport.intervals[0].lo;
        const single = evaluate(ruleset, { ...q, sport: PortSet.of(sport), dport: PortSet.of(dport) }).segments;
        assert.equal(single.length, 1);
        assert.equal(single[0].verdict, s.verdict, `${p} sport ${sport} dport ${dport}`);
        assert.equal(single[0].decidedBy, s.decidedBy, `${p} sport ${sport} dport ${dport}`);
      }
    }
    for (const u of findUnreachableRules(ruleset)) {
      assert.ok(u.shadowedBy.length > 0);
      for (const by of u.shadowedBy) {
        assert.equal(by.chainKey, u.rule.chainKey, 'shadowed within its own chain');
        assert.ok(by.match.opaque.length === 0, 'a rule with uninterpreted conditions never shadows');
        assert.ok(matchCovers(by.match, u.rule.match), `${by.text} covers ${u.rule.text}`);
      }
    }
    for (const rule of rules) {
      const words = explainRule(rule, ruleset);
      assert.ok(words.length > 0);
      assert.doesNotMatch(words, /undefined|NaN|\[object/, rule.text);
    }
  });
}
