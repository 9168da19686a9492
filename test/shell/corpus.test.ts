// Every shell script of the shared corpus (real firewall scripts by other
// people): extraction finishes, finds at least the measured number of
// commands, reports no syntax error, and sees the FTP rules that matter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ExtractedIptablesCommands } from '../../server/src/dialects/shell';
import { extract } from './helpers';

const repoRoot = path.resolve(__dirname, '../../..');
const corpusDir = path.resolve(repoRoot, '../shared/corpus/iptables');
const corpusPresent = existsSync(corpusDir);

/** Commands found when this table was measured; a floor, so improvements never fail it. */
const MINIMUM_COMMANDS: Readonly<Record<string, number>> = {
  '0xdea-rc.iptables.sh': 22,
  'ahmedxabubakar-firewall.sh': 20,
  'andreotec-firewall-andreo.sh': 21, // two for loops of two items each; `iptables -S` is a listing
  'b00men-drop-mother-ftp.sh': 4,
  'b00men-forvard.sh': 109,
  'brentonearl-rpi-router.sh': 41,
  'comp8006-standalone-firewall.sh': 64, // loops unrolled, including records split with IFS="," and `set`
  'free5gc-upf-iptables.sh': 2,
  'gammag-start.fw.sh': 144,
  'gldex-iptables.sh': 17,
  'irsec-firewall_rules_ftp.sh': 14, // `iptables -L -v` is a listing
  'muntaza-iptables-nat.sh': 11,
  'napoleonwils0n-tor-redirect.sh': 13, // loops over "$NON_TOR 127.0.0.0/9 ..."
  'pengym-host-2-0_firewall.sh': 13,
  'poppy-iptables.sh': 17,
  'rolfeb-3-outgoing-ftp.sh': 6,
};

/** FW002 the scripts really deserve: variables used in rules and set nowhere. */
const EXPECTED_UNDEFINED: Readonly<Record<string, readonly string[]>> = {
  'gammag-start.fw.sh': ['OUTER', 'CLASS_A', 'CLASS_B', 'CLASS_C', 'LOOPBACK', 'OUTERNET_BROADCAST'],
};

const results = new Map<string, ExtractedIptablesCommands>();
function analysed(file: string): ExtractedIptablesCommands {
  let result = results.get(file);
  if (!result) {
    result = extract(readFileSync(path.join(corpusDir, file), 'utf8'), { uri: `file:///corpus/${file}` });
    results.set(file, result);
  }
  return result;
}

/** The commands (as word lists) containing `sequence` as consecutive words. */
function withWords(result: ExtractedIptablesCommands, ...sequence: string[]): string[][] {
  return result.commands
    .map((c) => c.words.map((w) => w.text))
    .filter((words) => words.some((_, i) => sequence.every((s, j) => words[i + j] === s)));
}

test('corpus: every shell script is listed in the floor table', (t) => {
  if (!corpusPresent) {
    t.skip('shared corpus not present');
    return;
  }
  const scripts = readdirSync(corpusDir).filter((f) => f.endsWith('.sh')).sort();
  assert.deepEqual(scripts, Object.keys(MINIMUM_COMMANDS).sort());
});

for (const [file, minimum] of Object.entries(MINIMUM_COMMANDS)) {
  test(`corpus: ${file} yields at least ${minimum} commands and no syntax error`, (t) => {
    if (!corpusPresent) {
      t.skip('shared corpus not present');
      return;
    }
    const result = analysed(file);
    assert.ok(result.commands.length >= minimum, `${result.commands.length} < ${minimum}`);
    assert.deepEqual(result.diagnostics.filter((d) => d.code === 'FW001'), []);
    const undefinedNames = result.diagnostics
      .filter((d) => d.code === 'FW002')
      .map((d) => /`([^`]+)`/.exec(d.message)?.[1]);
    assert.deepEqual(undefinedNames, EXPECTED_UNDEFINED[file] ?? []);
    for (const command of result.commands) {
      assert.ok(command.words.length > 0, 'every command has arguments');
      assert.ok(command.range.start.line <= command.range.end.line);
    }
  });
}

function corpusTest(name: string, body: () => void): void {
  test(`corpus FTP: ${name}`, (t) => {
    if (!corpusPresent) {
      t.skip('shared corpus not present');
      return;
    }
    body();
  });
}

corpusTest('b00men-forvard.sh accepts control port 21, source port 20 and the passive range 62000:64000 via $IPT', () => {
  const result = analysed('b00men-forvard.sh');
  assert.equal(withWords(result, '--destination-port', '21').length, 1);
  assert.equal(withWords(result, '--source-port', '20', '-j', 'ACCEPT').length, 1);
  const passive = withWords(result, '--destination-port', '62000:64000');
  assert.deepEqual(passive, [['-A', 'tcp_inbound', '-p', 'TCP', '-s', '0/0', '--destination-port', '62000:64000', '-j', 'ACCEPT']]);
  const passiveCommand = result.commands.find((c) => c.words.some((w) => w.text === '62000:64000'));
  assert.equal(passiveCommand?.range.start.line, 627);
  // The save/restore branch ($IPTS, $IPTR) is not a rule change.
  assert.ok(result.commands.every((c) => c.programWord.text === '/sbin/iptables'));
});

corpusTest('gldex-iptables.sh (CRLF) has no port-21 rule in the stored copy; its other ports are all seen', () => {
  const result = analysed('gldex-iptables.sh');
  assert.deepEqual(withWords(result, '--dport', '21'), []);
  const ports = result.commands.flatMap((c) => c.words.filter((_, i) => c.words[i - 1]?.text === '--dport').map((w) => w.text));
  assert.deepEqual(ports, ['22', '25', '53', '53', '80', '443']);
  assert.ok(result.commands.every((c) => c.words.every((w) => !w.text.includes('\r'))));
});

corpusTest('irsec-firewall_rules_ftp.sh accepts --dport 20 and 21 on INPUT', () => {
  const result = analysed('irsec-firewall_rules_ftp.sh');
  assert.equal(withWords(result, '-A', 'INPUT', '-p', 'tcp', '--dport', '21', '-j', 'ACCEPT').length, 1);
  assert.equal(withWords(result, '--dport', '20').length, 1);
});

corpusTest('comp8006-standalone-firewall.sh forwards 21 and 20 with DNAT after IFS="," record splitting', () => {
  const result = analysed('comp8006-standalone-firewall.sh');
  const dnat = withWords(result, '-j', 'DNAT').map((w) => `${w[w.indexOf('--dport') + 1]}->${w[w.indexOf('--to') + 1]}`);
  assert.deepEqual(dnat, ['21->192.168.56.101:21', '20->192.168.56.101:20', '22->192.168.56.101:22', '80->192.168.56.101:80', '22->192.168.56.101:22']);
});

corpusTest('b00men-drop-mother-ftp.sh forwards outside port 2521 to the FTP server port 21', () => {
  const result = analysed('b00men-drop-mother-ftp.sh');
  assert.deepEqual(withWords(result, '--dport', '2521', '-j', 'DNAT', '--to-destination', '192.168.30.101:21').length, 1);
});

corpusTest('rolfeb-3-outgoing-ftp.sh uses service names and sourced variables stay dynamic', () => {
  const result = analysed('rolfeb-3-outgoing-ftp.sh');
  assert.equal(withWords(result, '--dport', 'ftp').length, 1);
  assert.equal(withWords(result, '--sport', 'ftp-data').length, 1);
  assert.equal(withWords(result, '--sport', '1024:', '--dport', '1024:').length, 2);
  assert.deepEqual(result.includes.map((i) => i.path), ['functions.sh']);
  const dynamicWords = result.commands.flatMap((c) => c.words.filter((w) => w.dynamic).map((w) => w.text));
  assert.deepEqual([...new Set(dynamicWords)].sort(), ['$FROM_INSIDE', '$FROM_OUTSIDE', '$TO_INSIDE', '$TO_OUTSIDE']);
  const [first] = result.commands;
  assert.deepEqual([first.range.start.line, first.range.end.line], [13, 15]);
});

corpusTest('poppy-iptables.sh and pengym-host-2-0_firewall.sh: the FTP source-port rules', () => {
  assert.equal(withWords(analysed('poppy-iptables.sh'), '--sport', '20').length, 1);
  assert.equal(withWords(analysed('pengym-host-2-0_firewall.sh'), '--sport', '21', '-j', 'ACCEPT').length, 3);
});
