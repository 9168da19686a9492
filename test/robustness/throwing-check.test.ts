// A check that throws becomes one FW000 diagnostic on its file; the other
// checks' findings stay, and the next file is analysed as if nothing happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from '../../server/src/checks/run';
import { CHECKS } from '../../server/src/checks/registry';
import type { Check } from '../../server/src/checks/check';
import { FRONTENDS } from '../../server/src/dialects/index';
import { DEFAULT_SETTINGS } from '../../server/src/settings';

const RULES = '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 21 -j ACCEPT\nCOMMIT\n';

const exploding: Check = { ...CHECKS[0], meta: { ...CHECKS[0].meta, code: 'FTP999', name: 'exploding' }, run: () => { throw new Error('boom'); } };

test('a throwing check becomes FW000 on its file; the other checks still report; the next file is unaffected', () => {
  const frontend = FRONTENDS.iptables.analyze(RULES, { uri: 'file:///a.rules', form: 'save' });
  const normal = runChecks(frontend, RULES, DEFAULT_SETTINGS);
  assert.ok(normal.some((f) => f.code === 'FTP001'), 'the fixture raises FTP001');
  const withBomb = runChecks(frontend, RULES, DEFAULT_SETTINGS, { checks: [exploding, ...CHECKS] });
  const internal = withBomb.filter((f) => f.code === 'FW000');
  assert.equal(internal.length, 1);
  assert.match(internal[0].message, /FTP999.*boom/);
  assert.deepEqual(internal[0].range.start, { line: 0, character: 0 });
  assert.deepEqual(withBomb.filter((f) => f.code !== 'FW000').map((f) => f.code), normal.map((f) => f.code), 'every other finding is kept');
  const next = FRONTENDS.iptables.analyze(RULES, { uri: 'file:///b.rules', form: 'save' });
  assert.deepEqual(runChecks(next, RULES, DEFAULT_SETTINGS).map((f) => f.code), normal.map((f) => f.code));
});
