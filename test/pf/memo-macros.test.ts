// Statements found by place in the unchanged start or end of a document are
// replayed without reading their macros again when the macros there are as
// the previous analysis had them. What may make them differ is tried here at
// random: definitions and redefinitions anywhere, includes whose text changes
// between analyses, and macro expansion near the document's budget (which
// grows with its length), so that an edit far away decides what is expanded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrontendMemo } from '../../server/src/dialects/memo';
import { pfFrontend } from '../../server/src/dialects/pf';
import { expansionBudget } from '../../server/src/limits';
import { frontendView } from '../helpers/document-edits';

const BIG = 'a'.repeat(1000);
const PAD = `# ${'p'.repeat(998)}`;

/** Enough padding that the budget is set by the length, and enough uses of $big to come near it. */
function base(): string[] {
  const lines = [`big = "${BIG}"`, 'ext_if = "em0"', 'port = "21"'];
  for (let i = 0; i < 60; i++) lines.push(PAD);
  for (let i = 0; i < 120; i++) lines.push(i % 40 === 0 ? `m${i} = $big` : `pass in on $ext_if proto tcp to port ${1000 + i}`);
  // Padding at the end too: removing it lowers the budget for everything before.
  const end = Array.from({ length: 20 }, () => PAD);
  // Uses of $big, and definitions expanding it with rules using them, up to just past the budget.
  let expanded = 3 * BIG.length;
  for (let i = 0; expanded < expansionBudget([...lines, ...end].join('\n').length) + 2 * BIG.length; i++) {
    if (i % 50 === 0) {
      lines.push('port = "2121"');
    } else if (i % 3 === 0) {
      lines.push(`late${i} = $big`, `pass in on $late${i} proto tcp`);
      expanded += 2 * BIG.length;
    } else {
      lines.push('pass in on $big proto tcp to port $port');
      expanded += BIG.length;
    }
  }
  return [...lines, ...end];
}

const lineText = fc.oneof(
  fc.constant(PAD),
  fc.constant(PAD),
  fc.constant('pass in on $big proto tcp to port $port'),
  fc.constantFrom('ext_if = "em1"', 'port = "{ 21, 990 }"', 'big = "b"', 'm0 = $big', 'include "/etc/pf.macros"', 'pass in on $ext_if proto tcp to port $port', 'pass in on $inc proto tcp', '# a comment', ''),
);

interface Splice {
  readonly at: number;
  readonly removed: number;
  readonly added: readonly string[];
}

const splice: fc.Arbitrary<Splice> = fc.record({ at: fc.nat(), removed: fc.integer({ min: 0, max: 2 }), added: fc.array(lineText, { maxLength: 2 }) });

function spliced(lines: readonly string[], s: Splice): string[] {
  const out = lines.slice();
  out.splice(s.at % (lines.length + 1), s.removed, ...s.added);
  return out;
}

/** The included file's text changes with the document's length: the same for a document, different after most edits. */
function analyse(text: string, memo?: FrontendMemo) {
  const readInclude = () => ({ uri: 'file:///etc/pf.macros', text: `inc = "em${text.length % 3}"\nport = "${text.length % 2 === 0 ? 22 : 23}"` });
  return frontendView(pfFrontend.analyze(text, { uri: 'file:///etc/pf.conf', readInclude, ...(memo && { memo }) }));
}

test('pf: replaying macros by place gives what a fresh analysis gives, near the expansion budget and with includes', () => {
  const lines = base();
  // The uses of $big come near the budget: a few padding lines more or less decide whether the last ones expand.
  const uses = lines.filter((l) => /\$(big|late)/.test(l)).length;
  const budget = expansionBudget(lines.join('\n').length);
  assert.ok(Math.abs(uses * BIG.length - budget) < 5 * BIG.length, `${uses} uses of $big against a budget of ${budget}`);
  let refused = 0;
  fc.assert(
    fc.property(fc.array(splice, { minLength: 1, maxLength: 5 }), (splices) => {
      const memo = new FrontendMemo();
      let now = lines as readonly string[];
      analyse(now.join('\n'), memo);
      for (const s of splices) {
        now = spliced(now, s);
        const text = now.join('\n');
        const fresh = analyse(text);
        if (fresh.diagnostics.some((d) => /exceeds/.test(d.message))) refused++;
        assert.deepEqual(analyse(text, memo), fresh, JSON.stringify(s));
      }
    }),
    { numRuns: 60 },
  );
  // Some analyses did refuse expansions for the budget.
  assert.ok(refused > 5, `only ${refused} analyses refused an expansion`);
});
