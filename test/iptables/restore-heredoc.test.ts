import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iptablesFrontend } from '../../server/src/dialects/iptables';

const SCRIPT = [
  '#!/bin/sh',
  'PASV=50000:50999',
  'iptables-restore <<EOF',
  '*filter',
  ':INPUT DROP [0:0]',
  '-A INPUT -p tcp --dport 21 -j ACCEPT',
  '-A INPUT -p tcp --dport $PASV -j ACCEPT',
  'COMMIT',
  'EOF',
  '',
].join('\n');

test('an iptables-restore heredoc in a script is read as a save file on the script lines', () => {
  const result = iptablesFrontend.analyze(SCRIPT, { uri: 'file:///fw.sh' });
  assert.equal(result.form, 'shell');
  const input = result.ruleset.chains.find((c) => c.name === 'INPUT' && c.table === 'filter');
  assert.ok(input, 'the filter INPUT chain exists');
  assert.equal(input.base?.policy, 'drop');
  assert.deepEqual(input.rules.map((r) => r.range.start.line), [5, 6]);
  assert.equal(input.rules[1].match.dport?.toString(), '50000-50999', 'the shell variable is expanded in the body');
  assert.deepEqual(result.diagnostics.filter((d) => d.code === 'FW001'), []);
});
