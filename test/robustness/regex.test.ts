// No regular expression in server/src backtracks catastrophically. Each one
// runs against adversarial 50,000-character inputs in a child process that is
// killed after a very generous time: a hang detector, not a speed test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { regexLiterals } from './regex-scan';

const HANG_MS = 120_000;

test('regex: the scan finds the expressions of server/src', () => {
  const found = regexLiterals();
  assert.ok(found.length > 20, `found ${found.length}`);
  assert.ok(found.some((r) => r.where.startsWith('server/src/dialects/detect.ts')), 'detection regexes are scanned');
});

test('regex: no expression in server/src hangs on adversarial 50,000-character input', { timeout: HANG_MS + 10_000 }, async () => {
  const output = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'regex-scan.js')], { timeout: HANG_MS, killSignal: 'SIGKILL', maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      const lines = stdout.trim().split('\n');
      if (error) reject(new Error(`${error.killed ? 'hang' : 'failure'} at ${lines[lines.length - 1]}\n${stderr.slice(0, 2000)}`));
      else resolve(stdout);
    });
  });
  const done = /DONE (\d+)/.exec(output);
  assert.ok(done, output.slice(-500));
  console.log(`# regex: ${done[1]} expressions scanned`);
});
