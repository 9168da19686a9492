import { analyse, summary } from './harness';
import { FRONTENDS } from '../../server/src/dialects';
const text = process.argv[3] ?? '';
const dialect = (process.argv[2] ?? 'iptables') as 'iptables';
const r = analyse(dialect, require('fs').readFileSync(text, 'utf8'));
console.log(r.syntax);
for (const f of r.findings) console.log(f.code, f.range.start.line + 1, f.severity, f.message, JSON.stringify(f.related.map((x) => x.range.start.line + 1)));
if (process.env.DUMP) console.log(JSON.stringify(FRONTENDS[dialect].analyze(require('fs').readFileSync(text, 'utf8'), { uri: 'x' }).ruleset, (k, v) => (typeof v === 'bigint' ? v.toString() : v && v.intervals && !v.kind ? String(v) : v instanceof Set ? [...v] : v), 1).slice(0, 6000));
void summary;
