// Runs the pf TextMate grammar tests (*.test.pf beside this file) with
// vscode-tmgrammar-test, so the node test runner covers the grammar too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');

test('grammar: pf syntax tests pass', () => {
  const cli = path.join(repoRoot, 'node_modules/vscode-tmgrammar-test/dist/unit.js');
  const run = spawnSync(process.execPath, [cli, '--config', 'test/grammar/pf/grammar.config.json', 'test/grammar/pf/*.test.pf'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /rules\.test\.pf run successfuly/);
  assert.match(run.stdout, /nat\.test\.pf run successfuly/);
});
