// Pathological input ends in a clear diagnostic, never a stall or a stack
// overflow. Each input is analysed in a child process killed after a very
// generous time: this is a hang detector, not a speed test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { INPUT_TOO_LARGE_CODE, MAX_DOCUMENT_LENGTH, MAX_LINE_LENGTH } from '../../server/src/limits';
import { PATHOLOGICAL } from './pathological';

const HANG_MS = 60_000;
const CHILD = path.join(__dirname, 'analyse-one.js');

interface Outcome {
  readonly length: number;
  readonly ms: number;
  readonly count: number;
  readonly diagnostics: ReadonlyArray<{ code: string; message: string; line: number }>;
}

function analyseInChild(name: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CHILD, name], { timeout: HANG_MS, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${name}: ${error.killed ? `still running after ${HANG_MS} ms (hang)` : error.message}\n${stderr.slice(0, 2000)}`));
      else resolve(JSON.parse(stdout) as Outcome);
    });
  });
}

const has = (o: Outcome, code: string, message?: RegExp): boolean => o.diagnostics.some((d) => d.code === code && (!message || message.test(d.message)));

/** What each input must produce besides finishing without an internal error. */
function expectation(name: string): (o: Outcome) => void {
  if (name.startsWith('10 MB file')) {
    return (o) => {
      assert.ok(o.length > MAX_DOCUMENT_LENGTH);
      assert.deepEqual(o.diagnostics.map((d) => [d.code, d.line]), [[INPUT_TOO_LARGE_CODE, 0]]);
      assert.match(o.diagnostics[0].message, /too large/);
    };
  }
  if (name.startsWith('1 MB line')) return (o) => assert.deepEqual(o.diagnostics.map((d) => [d.code, d.line]), [[INPUT_TOO_LARGE_CODE, 3]]);
  if (name.startsWith('just under')) return (o) => assert.ok(!has(o, INPUT_TOO_LARGE_CODE), `analysed below ${MAX_DOCUMENT_LENGTH} characters and ${MAX_LINE_LENGTH} per line`);
  if (/10,000-deep (lists|anchors|braces in a set|parentheses|blocks|braces|subshells|ifs|arithmetic)/.test(name)) {
    return (o) => assert.ok(has(o, 'FW001'), `an FW001 on the input: ${JSON.stringify(o.diagnostics.slice(0, 3))}`);
  }
  if (name.includes('refers to itself') || name.includes('refer to each other')) {
    return (o) => assert.ok(has(o, 'FW001', /refers to itself/) || has(o, 'FW002'), JSON.stringify(o.diagnostics));
  }
  if (name === 'pf 5,000 macros in a chain') return (o) => assert.ok(has(o, 'FW001', /nested more than \d+ deep/), JSON.stringify(o.diagnostics));
  if (name.includes('doubling 60 times') && !name.startsWith('shell')) return (o) => assert.ok(has(o, 'FW001', /exceeds|expands to more than|nested more than/), JSON.stringify(o.diagnostics));
  return (o) => assert.ok(!has(o, INPUT_TOO_LARGE_CODE), 'within the limits');
}

for (const name of Object.keys(PATHOLOGICAL)) {
  test(`limits: ${name} finishes with a clear result`, { timeout: HANG_MS + 10_000 }, async () => {
    const outcome = await analyseInChild(name);
    expectation(name)(outcome);
    // Pathological input must not flood the editor either (at most one diagnostic per two lines or so).
    assert.ok(outcome.count <= 20_000, `${outcome.count} diagnostics`);
    console.log(`# ${name}: ${outcome.length} characters, ${outcome.count} diagnostics, ${Math.round(outcome.ms)} ms`);
  });
}
