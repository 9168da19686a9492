// FW001 on exact ranges with recovery, and FW002 only where it is certain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, commandsOf, extract } from './helpers';

const FW001_CASES: readonly { name: string; script: string; diagnostics: string[]; commands: string[] }[] = [
  {
    name: 'unterminated single quote',
    script: "iptables -F\necho 'oops\niptables -X\n",
    diagnostics: ['FW001@1:5-1:6'],
    commands: ['iptables -F', 'iptables -X'],
  },
  {
    name: 'unterminated double quote',
    script: 'iptables -F\niptables -A INPUT -j LOG --log-prefix "oops\niptables -X\n',
    diagnostics: ['FW001@1:38-1:39'],
    commands: ['iptables -F', 'iptables -A INPUT -j LOG --log-prefix oops', 'iptables -X'],
  },
  {
    name: 'unterminated here-document',
    script: 'iptables -F\ncat <<EOF\niptables -X\n',
    diagnostics: ['FW001@1:4-1:9'],
    commands: ['iptables -F'],
  },
  {
    name: 'unterminated command substitution',
    script: 'X=$(date\niptables -F\n',
    diagnostics: ['FW001@0:2-0:4'],
    commands: ['iptables -F'],
  },
  {
    name: 'unterminated parameter expansion',
    script: 'iptables -A ${X\niptables -F\n',
    diagnostics: ['FW001@0:12-0:14'],
    commands: ['iptables -A X', 'iptables -F'],
  },
  {
    name: 'unterminated backquote',
    script: 'X=`date\niptables -F\n',
    diagnostics: ['FW001@0:2-0:3'],
    commands: ['iptables -F'],
  },
  {
    name: 'if never closed',
    script: 'if true; then\n  iptables -F\n',
    diagnostics: ['FW001@0:0-0:2'],
    commands: ['iptables -F'],
  },
  {
    name: 'loop never closed',
    script: 'for p in 21; do\n  iptables -A INPUT --dport $p\n',
    diagnostics: ['FW001@0:0-0:3'],
    commands: ['iptables -A INPUT --dport 21'],
  },
  {
    name: 'stray fi',
    script: 'iptables -F\nfi\niptables -X\n',
    diagnostics: ['FW001@1:0-1:2'],
    commands: ['iptables -F', 'iptables -X'],
  },
  {
    name: 'missing then',
    script: 'if true\n  iptables -F\nfi\niptables -X\n',
    diagnostics: ['FW001@2:0-2:2'],
    // Without `then`, the condition list runs on over the newline.
    commands: ['iptables -F', 'iptables -X'],
  },
  {
    name: 'stray ;;',
    script: 'iptables -F ;;\niptables -X\n',
    diagnostics: ['FW001@0:12-0:14'],
    commands: ['iptables -F', 'iptables -X'],
  },
];

for (const c of FW001_CASES) {
  test(`FW001: ${c.name}, then recovers`, () => {
    const result = extract(c.script);
    assert.deepEqual(codes(result), c.diagnostics);
    assert.deepEqual(commandsOf(c.script), c.commands);
    for (const d of result.diagnostics) assert.equal(d.severity, 'error');
  });
}

test('valid scripts produce no FW001', () => {
  const scripts = [
    'case $1 in\n  start) ;;\n  *) exit 1 ;;\nesac\n',
    'f() (\n  iptables -F\n)\n',
    'x=$(case $y in a) echo 1;; esac)\n',
    'echo $(( 1 + (2 * 3) ))\n',
    'while read -r a b; do :; done < <(grep x file)\n',
    'A=(one "two three")\n',
    "echo $'tab\\there'\n",
    'if [[ $x =~ ^(a|b)$ ]]; then :; fi\n',
    '{ if true; then echo; fi; }\n',
    'cat <<EOF | iptables-restore\n*filter\nCOMMIT\nEOF\n',
    'echo "${x//\\//-}" ${#y} ${z:1:2}\n',
    'for ((i = 0; i < 3; i++)); do echo $i; done\n',
    'exec 3>&1 &>/dev/null\n',
  ];
  for (const script of scripts) assert.deepEqual(codes(extract(script)), [], script);
});

test('FW002: an iptables command using a variable the script never sets', () => {
  const result = extract('iptables -A INPUT -i $OUTER -j DROP\niptables -A INPUT -i $OUTER -s $NET -j LOG\n');
  const fw002 = result.diagnostics.filter((d) => d.code === 'FW002');
  assert.deepEqual(codes({ ...result, diagnostics: fw002 }), ['FW002@0:21-0:27', 'FW002@1:31-1:35']);
  assert.match(fw002[0].message, /OUTER/);
  assert.equal(fw002[0].related?.length, 1, 'second use of OUTER is a related location');
});

test('FW002 stays quiet whenever the variable may be set', () => {
  const quiet = [
    ['sourced file', '. ./vars.sh\niptables -A INPUT -i $WAN -j DROP\n'],
    ['source', 'source /etc/fw.conf\niptables -A INPUT -i $WAN -j DROP\n'],
    ['eval', 'eval "$(cat conf)"\niptables -A INPUT -i $WAN -j DROP\n'],
    ['environment variable', 'iptables -A INPUT -m owner --uid-owner $UID -j ACCEPT\niptables -A INPUT -m comment --comment $HOME\n'],
    ['default value', 'iptables -A INPUT -i ${WAN:-eth0} -j DROP\niptables -A INPUT -i ${LAN:?set LAN} -j DROP\n'],
    ['assigned later', 'f() { iptables -A INPUT -i $WAN -j DROP; }\nWAN=eth0\nf\n'],
    ['assigned in a branch', 'if x; then WAN=eth0; fi\niptables -A INPUT -i $WAN -j DROP\n'],
    ['read', 'read WAN\niptables -A INPUT -i $WAN -j DROP\n'],
    ['exported name', 'export WAN\niptables -A INPUT -i $WAN -j DROP\n'],
    ['loop variable', 'for ip in $(cat f); do iptables -A INPUT -s $ip -j DROP; done\n'],
    ['positional', 'iptables -A INPUT -i $1 -j DROP\n'],
    ['arithmetic for', 'for ((i = 0; i < 3; i++)); do iptables -N chain$i; done\n'],
    ['arithmetic', '(( N = 5 ))\niptables -A INPUT -m limit --limit $N/s\nlet M=2\niptables -A INPUT --limit-burst $M\n'],
    ['not an iptables command', 'echo $UNSET_THING\n'],
  ];
  for (const [name, script] of quiet) {
    assert.deepEqual(extract(script).diagnostics.filter((d) => d.code === 'FW002'), [], name);
  }
});
