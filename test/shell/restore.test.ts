// `iptables-restore <<EOF` bodies are iptables-save text handed to the save parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, extract } from './helpers';

test('an iptables-restore here-document is returned with its first line', () => {
  const script = '#!/bin/sh\niptables-restore <<EOF\n*filter\n-A INPUT -p tcp --dport 21 -j ACCEPT\nCOMMIT\nEOF\niptables -F\n';
  const result = extract(script);
  assert.equal(result.restoreBlocks.length, 1);
  const [block] = result.restoreBlocks;
  assert.equal(block.program, 'iptables');
  assert.equal(block.text, '*filter\n-A INPUT -p tcp --dport 21 -j ACCEPT\nCOMMIT\n');
  assert.equal(block.startLine, 2);
  assert.equal(at(block.range), '2:0-5:0');
  assert.equal(block.expandedText, undefined);
  assert.deepEqual(result.commands.map((c) => c.words.map((w) => w.text).join(' ')), ['-F']);
});

test('variables in an unquoted body are expanded in expandedText; the text stays as written', () => {
  const script = 'WAN=eth0\nip6tables-restore -n <<-END\n\t*filter\n\t-A INPUT -i $WAN -j ACCEPT\n\tCOMMIT\n\tEND\n';
  const [block] = extract(script).restoreBlocks;
  assert.equal(block.program, 'ip6tables');
  assert.equal(block.text, '\t*filter\n\t-A INPUT -i $WAN -j ACCEPT\n\tCOMMIT\n');
  assert.equal(block.expandedText, '\t*filter\n\t-A INPUT -i eth0 -j ACCEPT\n\tCOMMIT\n');
});

test('a quoted delimiter keeps the body literal', () => {
  const [block] = extract("iptables-restore <<'EOF'\n-A INPUT -i $WAN -j ACCEPT\nEOF\n").restoreBlocks;
  assert.equal(block.text, '-A INPUT -i $WAN -j ACCEPT\n');
  assert.equal(block.expandedText, undefined);
});

test('cat <<EOF | iptables-restore and $IPTR-style variables', () => {
  const script = 'IPTR=/sbin/iptables-restore\ncat <<EOF | $IPTR\n*nat\nCOMMIT\nEOF\n';
  const [block] = extract(script).restoreBlocks;
  assert.equal(block.text, '*nat\nCOMMIT\n');
  assert.equal(block.startLine, 2);
});

test('restore from a file or other here-documents yields no block', () => {
  const result = extract('iptables-restore < /etc/iptables.rules\ncat <<EOF\n*filter\nEOF\n');
  assert.deepEqual(result.restoreBlocks, []);
});

test('a restore body with CRLF line ends keeps them in the text', () => {
  const [block] = extract('iptables-restore <<EOF\r\n*filter\r\nCOMMIT\r\nEOF\r\n').restoreBlocks;
  assert.equal(block.text, '*filter\r\nCOMMIT\r\n');
  assert.equal(block.startLine, 1);
});
