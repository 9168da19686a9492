// Child process: analyses one named pathological input through the full path
// and prints what came out as one JSON line. The parent kills it if it hangs.
import { exercise, caseNamed } from '../fuzz/harness';
import { PATHOLOGICAL } from './pathological';

const name = process.argv[2];
const input = PATHOLOGICAL[name];
if (!input) throw new Error(`no pathological input named ${name}`);
const text = input.text();
const started = process.hrtime.bigint();
const analysis = exercise(text, caseNamed(input.dialect), { hoverSamples: 1 });
const ms = Number(process.hrtime.bigint() - started) / 1e6;
const diagnostics = analysis.diagnostics.map((d) => ({ code: d.code, message: d.message, line: d.range.start.line }));
process.stdout.write(`${JSON.stringify({ length: text.length, ms, count: diagnostics.length, diagnostics: diagnostics.slice(0, 20) })}\n`);
