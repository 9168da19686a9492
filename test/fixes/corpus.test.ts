// Every fix fwlint proposes for the shared corpus of real firewall files, held
// to the renderer's invariants: edits never overlap, user lines are kept in
// order (only port tokens change in place), line endings are kept, the result
// parses without new FW001, and rendering the same fix again changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FRONTENDS } from '../../server/src/dialects';
import { runChecks } from '../../server/src/checks/run';
import { applyEdits, renderFix } from '../../server/src/fixes';
import { detectLineEnding } from '../../server/src/fixes/rule-spec';
import type { Dialect } from '../../server/src/model/source';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { shiftFix } from './helpers';

const repoRoot = resolve(__dirname, '../../..');
const corpus = resolve(repoRoot, '../shared/corpus');

/** Whether `before`'s lines all appear in `after`, in order. */
function keepsLines(before: string, after: string): boolean {
  const old = before.split(/\r?\n/);
  let k = 0;
  for (const line of after.split(/\r?\n/)) if (k < old.length && line === old[k]) k++;
  return k === old.length;
}

function fw001(dialect: Dialect, text: string, uri: string): number {
  return FRONTENDS[dialect].analyze(text, { uri }).diagnostics.filter((d) => d.code === 'FW001').length;
}

test('corpus: every proposed fix keeps the renderer invariants', (t) => {
  if (!existsSync(corpus)) {
    t.skip('shared corpus not present');
    return;
  }
  let fixes = 0;
  let files = 0;
  for (const dialect of ['iptables', 'nftables', 'pf'] as const) {
    for (const name of readdirSync(join(corpus, dialect)).sort()) {
      const uri = join(corpus, dialect, name);
      const text = readFileSync(uri, 'utf8');
      const doc = FRONTENDS[dialect].analyze(text, { uri });
      const errorsBefore = fw001(dialect, text, uri);
      files++;
      for (const finding of runChecks(doc, text, DEFAULT_SETTINGS)) {
        for (const fix of finding.fixes) {
          const where = `${dialect}/${name} ${finding.code} "${fix.title}"`;
          const edits = renderFix(text, doc, fix);
          assert.ok(edits.length > 0, `${where}: renders to nothing`);
          const fixed = applyEdits(text, edits);
          fixes++;
          const changesPorts = fix.intents.some((i) => i.kind === 'replace-ports');
          if (!changesPorts) assert.ok(keepsLines(text, fixed), `${where}: a user line was changed, moved or lost`);
          assert.equal(detectLineEnding(fixed), detectLineEnding(text), `${where}: line endings changed`);
          assert.ok(fw001(dialect, fixed, uri) <= errorsBefore, `${where}: the fixed file has new syntax errors:\n${fixed}`);
          const again = renderFix(fixed, FRONTENDS[dialect].analyze(fixed, { uri }), shiftFix(fix, edits));
          assert.deepEqual(again, [], `${where}: applying the fix twice changes the file again`);
        }
      }
    }
  }
  t.diagnostic(`${fixes} fixes over ${files} corpus files`);
  assert.ok(files > 0, 'the corpus has files');
});
