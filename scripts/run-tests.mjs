// Runs the compiled tests with node's test runner. Suites that need root,
// network namespaces or a browser are selected by the caller through
// FWLINT_SUITES (comma-separated folder names under out/test); default: all.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = 'out/test';
const wanted = process.env.FWLINT_SUITES ? process.env.FWLINT_SUITES.split(',') : undefined;
const files = [];
function walk(dir) {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.test.js')) files.push(p);
  }
}
for (const suite of readdirSync(root)) {
  if (wanted && !wanted.includes(suite)) continue;
  const p = join(root, suite);
  if (statSync(p).isDirectory()) walk(p);
  else if (p.endsWith('.test.js')) files.push(p);
}
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// CI installs the editor suite's tools in the background while the project
// builds; FWLINT_SETUP_DONE names the file that appears when that is over.
const setupDone = process.env.FWLINT_SETUP_DONE;
if (setupDone && !existsSync(setupDone)) {
  console.log('waiting for the background setup of the editor tools...');
  const deadline = Date.now() + 30 * 60_000;
  while (!existsSync(setupDone) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2000));
}
if (setupDone && existsSync(setupDone) && readFileSync(setupDone, 'utf8').trim() !== '0') {
  console.log(`the background setup failed; see ${setupDone.replace(/setup\.done$/, 'setup.log')}`);
}

const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
