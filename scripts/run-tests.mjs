// Runs the compiled tests with node's test runner. Suites that need root,
// network namespaces or a browser are selected by the caller through
// FWLINT_SUITES (comma-separated folder names under out/test); default: all.
import { readdirSync, statSync } from 'node:fs';
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
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
