// FW003 keeps the finding of an unreachable rule between analyses while the
// rule and the rules shadowing it are the same objects, and the runner and the
// analysis keep what they derive from a kept finding. Over random edits that
// change, insert and delete lines (so that kept rules move), an analysis with
// the document memo must report exactly what a fresh one reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FrontendMemo } from '../../server/src/dialects/memo';
import { analysedParts, applyEdit, assertMemoMatchesFresh, lineEdit } from '../helpers/document-edits';

// Many rules that later rules override (pf) or that earlier rules shadow (iptables).
const PF_BASE = [
  'ext_if = "em0"',
  'pass in on $ext_if proto tcp to port 21',
  'pass in on $ext_if proto tcp to port 2121',
  'pass in on $ext_if proto tcp from 10.0.0.1 to port 50000',
  'pass in on $ext_if proto tcp to port 50010:50020',
  'block in on $ext_if proto tcp to port 2000:3000',
  'block in on $ext_if proto tcp to port 50000:50999',
  'pass in on $ext_if proto tcp to port 22',
  'block in on $ext_if proto tcp to port 1:1024',
];

const PF_LINES = fc.oneof(
  fc.integer({ min: 1, max: 60000 }).map((p) => `pass in on $ext_if proto tcp to port ${p}`),
  fc.integer({ min: 1, max: 60000 }).map((p) => `block in on $ext_if proto tcp to port ${p}:${p + 40}`),
  fc.integer({ min: 1, max: 60000 }).map((p) => `block in quick on $ext_if proto tcp to port ${p}:60000`),
  fc.constantFrom('pass in on $ext_if proto tcp to port 21', 'block in on $ext_if all', '# a comment', ''),
);

const IPTABLES_BASE = [
  '*filter',
  ':INPUT DROP [0:0]',
  '-A INPUT -p tcp --dport 1:1024 -j ACCEPT',
  '-A INPUT -p tcp --dport 21 -j ACCEPT',
  '-A INPUT -p tcp --dport 22 -j ACCEPT',
  '-A INPUT -p tcp --dport 50000:50999 -j DROP',
  '-A INPUT -p tcp --dport 50010 -j ACCEPT',
  'COMMIT',
];

const IPTABLES_LINES = fc.oneof(
  fc.integer({ min: 1, max: 60000 }).map((p) => `-A INPUT -p tcp --dport ${p} -j ACCEPT`),
  fc.integer({ min: 1, max: 60000 }).map((p) => `-A INPUT -p tcp --dport ${p}:${p + 40} -j DROP`),
  fc.constantFrom('-A INPUT -p tcp -j DROP', '# a comment', ''),
);

for (const [dialect, path, base, lines] of [
  ['pf', '/m/pf.conf', PF_BASE, PF_LINES],
  ['iptables', '/m/rules.v4', IPTABLES_BASE, IPTABLES_LINES],
] as const) {
  test(`FW003 (${dialect}): findings kept between analyses equal fresh findings over random edits`, () => {
    let unreachable = 0;
    const analyse = (text: string, memo?: FrontendMemo) => {
      const parts = analysedParts(path, text, memo);
      if (!memo) unreachable += parts.diagnostics.filter((d) => d.code === 'FW003').length;
      return parts;
    };
    fc.assert(
      fc.property(fc.array(lineEdit(lines), { minLength: 1, maxLength: 10 }), (edits) =>
        assertMemoMatchesFresh(base, edits, applyEdit, analyse, () => undefined),
      ),
      { numRuns: 200 },
    );
    // The edits did leave unreachable rules to report (and to keep).
    assert.ok(unreachable > 200, `only ${unreachable} FW003 findings seen`);
  });
}
