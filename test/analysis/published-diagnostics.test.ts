// An analysis with the document's memo gives back, where the same diagnostic
// without fixes comes at the same place as in the previous analysis, that
// analysis's object. Over random edits, with settings that change severities
// and findings that carry fixes, every field of every analysed diagnostic
// (id, severity, fixes) must be what a fresh analysis gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument } from '../../server/src/analysis';
import { FrontendMemo } from '../../server/src/dialects/memo';
import { applyEdit, assertMemoMatchesFresh, lineEdit } from '../helpers/document-edits';

// Passes that later blocks override (FW003, without fixes) and port 21 without its passive range (FTP001, with fixes).
const PF_BASE = [
  'ext_if = "em0"',
  'block in on $ext_if all',
  ...[21, 2121, 22, 50000].map((port) => `pass in on $ext_if proto tcp to port ${port}`),
  ...['2000:3000', '1:1024'].map((ports) => `block in on $ext_if proto tcp to port ${ports}`),
];

const PF_LINES = fc.oneof(
  fc.integer({ min: 1, max: 60000 }).map((p) => `pass in on $ext_if proto tcp to port ${p}`),
  fc.integer({ min: 1, max: 60000 }).map((p) => `block in on $ext_if proto tcp to port ${p}:${p + 40}`),
  fc.constantFrom('pass in on $ext_if proto tcp to port 50000:50999', 'block in on $ext_if all', 'pas in all', '# a comment', ''),
);

const SETTINGS = [{}, { checks: { FW003: { severity: 'hint' } } }, { checks: { FTP001: { enabled: false } } }];

function analysed(text: string, settings: unknown, memo?: FrontendMemo) {
  const a = analyzeDocument({ uri: 'file:///m/pf.conf', path: '/m/pf.conf', text, version: 1, settings, ...(memo && { memo }) });
  return a.diagnostics.map((d) => ({ ...d, fixes: d.fixes.map((f) => ({ ...f })) }));
}

for (const [i, settings] of SETTINGS.entries()) {
  test(`analysed diagnostics kept between analyses equal fresh ones over random edits (settings ${i})`, () => {
    let seen = 0;
    let withFixes = 0;
    fc.assert(
      fc.property(fc.array(lineEdit(PF_LINES), { minLength: 1, maxLength: 8 }), (edits) =>
        assertMemoMatchesFresh(PF_BASE, edits, applyEdit, (text, memo) => {
          const out = analysed(text, settings, memo);
          if (!memo) {
            seen += out.length;
            withFixes += out.filter((d) => d.fixes.length > 0).length;
          }
          return out;
        }, () => undefined),
      ),
      { numRuns: 150 },
    );
    // The edits gave diagnostics to keep, and some with fixes (which are never kept).
    assert.ok(seen > 300, `only ${seen} diagnostics seen`);
    if (i !== 2) assert.ok(withFixes > 20, `only ${withFixes} diagnostics with fixes seen`);
  });
}

test('an unchanged diagnostic without fixes is the same object after an edit elsewhere', () => {
  const memo = new FrontendMemo();
  const text = PF_BASE.join('\n');
  const first = analyzeDocument({ uri: 'file:///m/pf.conf', text, version: 1, settings: {}, memo });
  const edited = analyzeDocument({ uri: 'file:///m/pf.conf', text: `${text}\n# a comment`, version: 2, settings: {}, memo });
  const kept = first.diagnostics.filter((d, i) => d.fixes.length === 0 && edited.diagnostics[i] === d);
  assert.ok(kept.length > 0, JSON.stringify(first.diagnostics.map((d) => d.code)));
});
