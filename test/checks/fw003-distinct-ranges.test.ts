// The pf front end says when no two rules share a range, and FW003 then takes
// every unreachable rule as a group of its own. Over random documents, with
// statements that give several rules (antispoof, binat) and a memo replaying
// edits, the claim must hold and FW003 must report what it reports when it
// groups the rules by range itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runChecks } from '../../server/src/checks/index';
import { fw003 } from '../../server/src/checks/fw003-unreachable-rule';
import { FrontendMemo } from '../../server/src/dialects/memo';
import { pfFrontend } from '../../server/src/dialects/pf';
import type { Rule } from '../../server/src/model/ruleset';
import { resolveSettings } from '../../server/src/settings';
import { applyEdit, lineEdit } from '../helpers/document-edits';

const line = fc.oneof(
  fc.integer({ min: 1, max: 3000 }).map((p) => `pass in on em0 proto tcp to port ${p}`),
  fc.integer({ min: 1, max: 3000 }).map((p) => `block in on em0 proto tcp to port ${p}:${p + 500}`),
  fc.constantFrom('antispoof for em0', 'antispoof quick for { em0 em1 }', 'binat on em0 from 10.0.0.7 to any -> 192.0.2.7', 'block in on em0 all', 'anchor inner {\n pass in proto tcp to port 21\n}', '# a comment', ''),
);

const rangeKey = (r: Rule) => `${r.uri ?? ''} ${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character}`;

test('pf: rules said to have distinct ranges have them, and FW003 reports the same as when it groups them', () => {
  let distinct = 0;
  let shared = 0;
  let reported = 0;
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), fc.array(lineEdit(line), { maxLength: 6 }), (base, edits) => {
      const memo = new FrontendMemo();
      let lines: readonly string[] = base;
      for (let e = 0; e <= edits.length; e++) {
        if (e > 0) lines = applyEdit(lines, edits[e - 1]);
        const text = lines.join('\n');
        const result = pfFrontend.analyze(text, { uri: 'file:///m/pf.conf', memo });
        const rules = result.ruleset.chains.flatMap((c) => c.rules);
        const keys = new Set(rules.map(rangeKey));
        if (result.ruleset.rangesDistinct) {
          distinct++;
          assert.equal(keys.size, rules.length, text);
        } else if (keys.size < rules.length) {
          shared++;
        }
        const settings = resolveSettings({});
        const findings = runChecks(result, text, settings, { checks: [fw003] });
        const { rangesDistinct: _, ...grouped } = result.ruleset;
        assert.deepEqual(findings, runChecks({ ...result, ruleset: grouped }, text, settings, { checks: [fw003] }), text);
        reported += findings.length;
      }
    }),
    { numRuns: 200 },
  );
  assert.ok(distinct > 50 && shared > 50 && reported > 100, `distinct ${distinct}, shared ${shared}, findings ${reported}`);
});
