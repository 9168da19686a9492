// Chain headers are lowered from a parse built without reading their words:
// it must be exactly what the command parser reads from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChainHeader, parseCommand } from '../../server/src/dialects/iptables/parse';
import { readSaveFile } from '../../server/src/dialects/iptables/saveFormat';

const HEADERS = [
  ':INPUT ACCEPT [0:0]',
  ':FORWARD DROP [12:3456]',
  ':OUTPUT ACCEPT',
  ':DOCKER - [0:0]',
  ':KUBE-SVC-ABC - [0:0]',
  ':--x=y - [0:0]',
  ':"quoted name" - [0:0]',
  ':PREROUTING - [0:0]',
  ':user ACCEPT [0:0]',
];

test('a chain header parses the same with and without reading its words', () => {
  for (const table of ['filter', 'nat', 'mangle', 'raw']) {
    const text = `*${table}\n${HEADERS.join('\n')}\nCOMMIT\n`;
    const headers = readSaveFile(text, 'iptables').commands.filter((c) => c.chainHeader);
    assert.ok(headers.length >= HEADERS.length - 1, `${table}: the headers are read`);
    for (const header of headers) {
      assert.deepEqual(parseChainHeader(header.words), parseCommand(header.words), `${table}: ${header.text}`);
    }
  }
});

test('a header names its chain as written: iptables-restore does not read it as getopt options', () => {
  const [header] = readSaveFile('*filter\n:-odd - [0:0]\nCOMMIT\n', 'iptables').commands.filter((c) => c.chainHeader);
  const parsed = parseChainHeader(header.words);
  assert.equal(parsed.kind, 'new-chain');
  assert.equal(parsed.chain?.text, '-odd');
  assert.deepEqual(parsed.diagnostics, []);
});
