// The analyser always finishes: recursion, loops and expansions are bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LOOP_ITEMS } from '../../server/src/dialects/shell/interpreter';
import { commandsOf, extract } from './helpers';

test('a function calling itself is expanded a bounded number of times', () => {
  const commands = commandsOf('f() { iptables -N "$1"; f "x$1"; }\nf a\n');
  assert.ok(commands.length >= 1 && commands.length <= 3, `got ${commands.length}`);
  assert.equal(commands[0], 'iptables -N a');
});

test('mutual recursion ends', () => {
  const commands = commandsOf('a() { iptables -N a; b; }\nb() { iptables -N b; a; }\na\n');
  assert.ok(commands.length > 0 && commands.length < 40, `got ${commands.length}`);
});

test(`a loop over more than ${MAX_LOOP_ITEMS} items runs once with a dynamic variable`, () => {
  const items = Array.from({ length: MAX_LOOP_ITEMS + 1 }, (_, i) => String(1000 + i)).join(' ');
  assert.deepEqual(commandsOf(`for p in ${items}; do iptables -A INPUT --dport $p; done\n`), ['iptables -A INPUT --dport ~$p']);
  const exactly = Array.from({ length: MAX_LOOP_ITEMS }, (_, i) => String(i)).join(' ');
  assert.equal(commandsOf(`for p in ${exactly}; do iptables -A INPUT --dport $p; done\n`).length, MAX_LOOP_ITEMS);
});

test('deeply nested loops stop at the work limit instead of exploding', () => {
  const list = Array.from({ length: 60 }, (_, i) => String(i)).join(' ');
  const script = `for a in ${list}; do for b in ${list}; do for c in ${list}; do for d in ${list}; do iptables -A x$a$b$c$d; done; done; done; done\n`;
  const result = extract(script);
  assert.ok(result.commands.length > 1000, 'the first iterations are still analysed');
  assert.ok(result.commands.length <= 100_001, `bounded, got ${result.commands.length}`);
});

test('self-doubling variables stay bounded', () => {
  const script = 'X=ab\n' + 'X="$X$X"\n'.repeat(40) + 'iptables -A INPUT -m comment --comment "$X"\n';
  const [command] = extract(script).commands;
  assert.ok(command.words[4].text.length <= 65536);
});

test('pathological input finishes without syntax-error floods', () => {
  const inputs = ['((((((((((', '$($($($($(', '"\'"\'"\'', '<<<<<<<<', '${${${${', 'case in esac esac', ')))))'.repeat(100), '\\'.repeat(1001)];
  for (const input of inputs) {
    const result = extract(input);
    assert.ok(result.diagnostics.length < 200, input);
  }
});
