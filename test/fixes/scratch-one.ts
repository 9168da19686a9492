import { readFileSync } from 'node:fs';
import { FRONTENDS } from '../../server/src/dialects';
import { runChecks } from '../../server/src/checks/run';
import { applyEdits, renderFix } from '../../server/src/fixes';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import type { Dialect } from '../../server/src/model/source';
const [dialect, file, code] = process.argv.slice(2) as [Dialect, string, string];
const text = readFileSync(file, 'utf8');
const doc = FRONTENDS[dialect].analyze(text, { uri: file });
const findings = runChecks(doc, text, DEFAULT_SETTINGS);
for (const f of findings.filter((x) => x.code === code)) {
  console.log(f.code, f.message, JSON.stringify(f.range));
  const fix = f.fixes.find((x) => x.preferred)!;
  console.log(JSON.stringify(fix.intents, (k, v) => (k === 'rule' || k === 'before' || k === 'after' ? { line: v.range.start.line, text: v.text } : v && v.intervals ? v.intervals : v), 1));
  const edits = renderFix(text, doc, fix);
  console.log(JSON.stringify(edits));
  const fixed = applyEdits(text, edits);
  const after = runChecks(FRONTENDS[dialect].analyze(fixed, { uri: file }), fixed, DEFAULT_SETTINGS).filter((x) => x.code === code);
  for (const a of after) console.log('AFTER', a.message, JSON.stringify(a.range));
  break;
}
