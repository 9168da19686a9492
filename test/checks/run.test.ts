// The runner: settings, suppression and a failing check, over the real front ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRONTENDS } from '../../server/src/dialects';
import { runChecks } from '../../server/src/checks/run';
import { CHECKS } from '../../server/src/checks/registry';
import type { Check } from '../../server/src/checks/check';
import { resolveSettings } from '../../server/src/settings';
import { summary } from './harness';
import { ENGINE } from '../../server/src/checks/engine-binding';

const TEXT = `*filter
:INPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`;

function run(text: string, settings: unknown, checks?: readonly Check[]) {
  const result = FRONTENDS.iptables.analyze(text, { uri: 'file:///t.rules' });
  return runChecks(result, text, resolveSettings(settings), checks ? { checks } : {});
}

test('default severities come from the checks', () => {
  // One root cause, one finding: FTP008 names the missing helper, and FTP001 leaves the blocked data to it.
  const findings = run(TEXT, {});
  assert.deepEqual(summary(findings), ['FTP008@3']);
  assert.equal(findings[0].severity, 'error');
});

test('settings turn a check off or change its severity (FTP001 reports the blocked data once FTP008 is off)', () => {
  const findings = run(TEXT, { checks: { FTP008: { enabled: false }, FTP001: { severity: 'hint' } } });
  assert.deepEqual(summary(findings), ['FTP001@4']);
  assert.equal(findings[0].severity, 'hint');
});

test('a client relying on RELATED without a helper: FTP008 alone, FTP006 and FTP007 once it is off', () => {
  const client = `*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`;
  assert.deepEqual(summary(run(client, {})), ['FTP008@4', 'FTP008@5']);
  assert.deepEqual(summary(run(client, { checks: { FTP008: { enabled: false } } })), ['FTP006@6', 'FTP007@6']);
});

test('a suppression comment above the rule silences that code only', () => {
  const text = TEXT.replace('-A INPUT -p tcp --dport 21', '# fwlint: disable=FTP001\n-A INPUT -p tcp --dport 21');
  assert.deepEqual(summary(run(text, {})), ['FTP008@3']);
});

test('a file-wide suppression silences every finding of the code', () => {
  assert.deepEqual(summary(run(`# fwlint: disable-file=FTP008,FTP001\n${TEXT}`, {})), []);
});

test('a check that throws becomes one FW000 and the others still run', () => {
  const broken: Check = {
    ...CHECKS[0],
    meta: { ...CHECKS[0].meta, code: 'FTP999', name: 'broken' },
    run: () => {
      throw new Error('boom');
    },
  };
  const findings = run(TEXT, {}, [broken, ...CHECKS]);
  const internal = findings.filter((f) => f.code === 'FW000');
  assert.equal(internal.length, 1);
  assert.match(internal[0].message, /FTP999.*boom/);
  assert.equal(internal[0].range.start.line, 0);
  assert.ok(findings.some((f) => f.code === 'FTP008'));
});

test('checks that do not apply to the dialect do not run', () => {
  const text = 'anchor "ftp-proxy/*"\npass out all\n';
  const result = FRONTENDS.pf.analyze(text, { uri: 'file:///pf.conf' });
  assert.deepEqual(summary(runChecks(result, text, resolveSettings({}))), ['FTP010@1']);
  const nft = FRONTENDS.nftables.analyze('table inet t {\n}\n', { uri: 'file:///t.nft' });
  assert.deepEqual(runChecks(nft, '', resolveSettings({})), []);
});

test('engine answers are shared between checks (memoised facade)', () => {
  let calls = 0;
  const result = FRONTENDS.iptables.analyze(TEXT, { uri: 'file:///t.rules' });
  const counting = { ...ENGINE, evaluate: (...args: Parameters<typeof ENGINE.evaluate>) => (calls++, ENGINE.evaluate(...args)) };
  runChecks(result, TEXT, resolveSettings({}), { engine: counting });
  const once = calls;
  calls = 0;
  // A fresh ruleset, so nothing remembered per ruleset from the first run helps the second.
  const again = FRONTENDS.iptables.analyze(TEXT, { uri: 'file:///t.rules' });
  runChecks(again, TEXT, resolveSettings({}), { engine: counting, checks: [...CHECKS, ...CHECKS] });
  assert.equal(calls, once, 'running every check twice asks the engine nothing new');
});

test('no check maps every port through NAT unless a rule may forward FTP control', () => {
  // A container host: DNAT of published ports, none of them 21; FTP control only on input.
  const text = `*nat
-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
-A INPUT -p tcp --dport 21 -j ACCEPT
-A INPUT -p tcp --dport 50000:50999 -j ACCEPT
-A FORWARD -d 172.17.0.2 -p tcp --dport 80 -j ACCEPT
COMMIT
`;
  let translations = 0;
  const counting = { ...ENGINE, translateDestination: (...args: Parameters<typeof ENGINE.translateDestination>) => (translations++, ENGINE.translateDestination(...args)) };
  runChecks(FRONTENDS.iptables.analyze(text, { uri: 'file:///t.rules' }), text, resolveSettings({}), { engine: counting });
  assert.equal(translations, 0);
  // Once a rule forwards port 21 the mapping is made, for FTP002 and FTP007 alike.
  const forwarding = text.replace('--dport 8080 -j DNAT --to-destination 172.17.0.2:80', '--dport 21 -j DNAT --to-destination 172.17.0.2');
  runChecks(FRONTENDS.iptables.analyze(forwarding, { uri: 'file:///t.rules' }), forwarding, resolveSettings({}), { engine: counting });
  assert.ok(translations > 0);
});
