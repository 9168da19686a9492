// Scripts: the iptables front end hands them to the shell extractor and lowers
// the commands it finds with the same lowering as save files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerIptablesCommands } from '../../server/src/dialects/iptables/lower';
import { analyzeSave, chainOf, commandsOf, errors } from './helpers';

const SCRIPT = [
  '#!/bin/sh',
  'IPT=/sbin/iptables',
  'FTP=21',
  '$IPT -P INPUT DROP',
  '$IPT -A INPUT -p tcp \\',
  '   --dport $FTP -j ACCEPT',
  'for p in 20 21; do',
  '  $IPT -A OUTPUT -p tcp --sport $p -j ACCEPT',
  'done',
  '$IPT -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp',
  '',
].join('\n');

test('shell: commands become rules with variables resolved and continuation lines in the range', () => {
  const r = analyzeSave(SCRIPT, 'firewall.sh');
  assert.equal(r.form, 'shell');
  assert.deepEqual(errors(r.diagnostics), []);
  const input = chainOf(r, 'ip filter INPUT');
  assert.equal(input.base?.policy, 'drop');
  assert.equal(input.rules[0].match.dport?.toString(), '21');
  assert.deepEqual([input.rules[0].range.start.line, input.rules[0].range.end.line], [4, 5]);
  assert.deepEqual(chainOf(r, 'ip filter OUTPUT').rules.map((x) => x.match.sport?.toString()), ['20', '21']);
  assert.equal(chainOf(r, 'ip raw PREROUTING').rules[0].actions[0].kind, 'ct-helper');
});

test('shell: a bad command inside a loop is reported once', () => {
  const [command] = commandsOf('iptables -A INPUT -p tcp --dport 99999 -j ACCEPT');
  const lowered = lowerIptablesCommands([command, command, command], 'shell');
  assert.equal(errors(lowered.diagnostics).length, 1);
  assert.equal(lowered.ruleset.chains[0].rules.length, 3);
});

test('getopt abbreviations of long options are understood', () => {
  const r = lowerIptablesCommands(commandsOf('iptables -t nat -A PREROUTING -p tcp --dport 21 -j DNAT --to 10.0.0.2:21'), 'shell');
  assert.deepEqual(errors(r.diagnostics), []);
  const dnat = r.ruleset.chains[0].rules[0].actions[0];
  assert.ok(dnat.kind === 'dnat' && dnat.address === '10.0.0.2');
});
