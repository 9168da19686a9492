// Definitions and references for the outline, and `source`/`.` includes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, commandsOf, extract } from './helpers';

test('variable definitions: first assignment of each name, with its value', () => {
  const result = extract('WAN="eth0"\nexport LAN=eth1\nWAN=eth2\nstart() {\n  local P=21\n}\n');
  const defs = result.definitions.map((d) => `${d.kind} ${d.name} ${at(d.nameRange)} ${d.detail ?? ''} ${d.container ?? ''}`.trim());
  assert.deepEqual(defs, [
    'variable WAN 0:0-0:3 "eth0"',
    'variable LAN 1:7-1:10 eth1',
    'function start 3:0-3:5',
    'variable P 4:8-4:9 21 start',
  ]);
  const start = result.definitions.find((d) => d.name === 'start');
  assert.equal(start && at(start.range), '3:0-5:1');
});

test('references: every variable use, also in quotes, defaults and substitutions', () => {
  const result = extract('echo "$A" ${B:-$C} $(echo $D) $1\nf() { :; }\nf\n');
  const refs = result.references.map((r) => `${r.kind} ${r.name} ${at(r.range)}`);
  assert.deepEqual(refs, [
    'variable A 0:6-0:8',
    'variable B 0:10-0:18',
    'variable C 0:15-0:17',
    'variable D 0:26-0:28',
    'function f 2:0-2:1',
  ]);
});

test('source and . are include references, unresolved without a reader', () => {
  const result = extract('. ./functions.sh\nsource "/etc/fw/vars"\n. $DIR/x.sh\n');
  assert.deepEqual(
    result.includes.map((i) => `${i.path} ${at(i.range)} ${i.resolved}`),
    ['./functions.sh 0:2-0:16 false', '/etc/fw/vars 1:7-1:21 false', '$DIR/x.sh 2:2-2:11 false'],
  );
});

test('an included file read by the host supplies variables and functions', () => {
  const files: Record<string, string> = {
    'vars.sh': 'WAN=eth0\nallow() { iptables -A INPUT -i $WAN -p tcp --dport $1 -j ACCEPT; }\n',
  };
  const reads: string[] = [];
  const result = extract('. vars.sh\niptables -A INPUT -i $WAN -j DROP\nallow 21\n', {
    readInclude: (path, from) => {
      reads.push(`${path} from ${from}`);
      const text = files[path];
      return text === undefined ? undefined : { uri: `file:///${path}`, text };
    },
  });
  assert.deepEqual(reads, ['vars.sh from file:///test.sh']);
  assert.deepEqual(result.includes.map((i) => i.resolved), [true]);
  assert.deepEqual(
    result.commands.map((c) => c.words.map((w) => w.text).join(' ')),
    ['-A INPUT -i eth0 -j DROP', '-A INPUT -i eth0 -p tcp --dport 21 -j ACCEPT'],
  );
  // The rule written in the other file is shown at the call in this one.
  assert.equal(at(result.commands[1].range), '2:0-2:8');
  assert.equal(at(result.commands[1].words[0].range), '2:0-2:8');
});

test('includes that source each other do not loop', () => {
  const files: Record<string, string> = { 'a.sh': '. b.sh\nA=1\n', 'b.sh': '. a.sh\nB=2\n' };
  const commands = commandsOf('. a.sh\niptables -A $A$B\n', {
    readInclude: (path) => ({ uri: path, text: files[path] ?? '' }),
  });
  assert.deepEqual(commands, ['iptables -A 12']);
});

test('a reader that throws leaves the include unresolved', () => {
  const result = extract('. broken.sh\niptables -F\n', {
    readInclude: () => {
      throw new Error('permission denied');
    },
  });
  assert.deepEqual(result.includes.map((i) => i.resolved), [false]);
  assert.equal(result.commands.length, 1);
});
