// Every command and word points back at its exact text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, extract } from './helpers';

test('a command continued over lines has one range covering all of them', () => {
  const script = '# head\niptables -A INPUT \\\n    -p tcp \\\n    --dport 21 -j ACCEPT\necho done\n';
  const [command] = extract(script).commands;
  assert.equal(at(command.range), '1:0-3:24');
  assert.deepEqual(
    command.words.map((w) => `${w.text}@${at(w.range)}`),
    ['-A@1:9-1:11', 'INPUT@1:12-1:17', '-p@2:4-2:6', 'tcp@2:7-2:10', '--dport@3:4-3:11', '21@3:12-3:14', '-j@3:15-3:17', 'ACCEPT@3:18-3:24'],
  );
});

test('a quoted word ranges over its quotes', () => {
  const [command] = extract(`iptables -A INPUT -j LOG --log-prefix "FTP in: "\n`).commands;
  const last = command.words[command.words.length - 1];
  assert.equal(last.text, 'FTP in: ');
  assert.equal(at(last.range), '0:38-0:48');
});

test('an expanded variable word ranges over the variable as written', () => {
  const [command] = extract('PORT=21\niptables -A INPUT --dport ${PORT} -j ACCEPT\n').commands;
  assert.equal(command.words[3].text, '21');
  assert.equal(at(command.words[3].range), '1:26-1:33');
});

test('words split from one expansion share its range', () => {
  const [command] = extract('IPT="iptables -w"\nOPTS="-p tcp"\n$IPT -A INPUT $OPTS\n').commands;
  assert.deepEqual(command.words.map((w) => `${w.text}@${at(w.range)}`), ['-w@2:0-2:4', '-A@2:5-2:7', 'INPUT@2:8-2:13', '-p@2:14-2:19', 'tcp@2:14-2:19']);
  assert.equal(at(command.programWord.range), '2:0-2:4');
});

test('CRLF line ends are not part of words or ranges', () => {
  const [command] = extract('iptables -A INPUT \\\r\n  -j ACCEPT\r\niptables -F\r\n').commands;
  assert.equal(at(command.range), '0:0-1:11');
  assert.equal(command.words[command.words.length - 1].text, 'ACCEPT');
});

test('a command from a function body points at the body, called once per call', () => {
  const script = 'allow() {\n  iptables -A INPUT --dport $1 -j ACCEPT\n}\nallow 21\nallow 22\n';
  const commands = extract(script).commands;
  assert.equal(commands.length, 2);
  for (const command of commands) assert.equal(at(command.range), '1:2-1:40');
  assert.equal(at(commands[1].words[3].range), '1:28-1:30');
});

test('a loop body command repeats with the same range', () => {
  const commands = extract('for p in 20 21; do\n  iptables -A INPUT --dport $p\ndone\n').commands;
  assert.deepEqual(commands.map((c) => at(c.range)), ['1:2-1:30', '1:2-1:30']);
});

test('columns count UTF-16 code units after non-ASCII text', () => {
  const [command] = extract('echo "Aplicando política" ; iptables -F # ação\n').commands;
  assert.equal(at(command.range), '0:28-0:39');
});
