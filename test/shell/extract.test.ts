// Data-driven: a script and the iptables commands it runs, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandsOf, extract } from './helpers';

interface Case {
  readonly name: string;
  readonly script: string;
  readonly commands: readonly string[];
}

const CASES: readonly Case[] = [
  // Programs
  { name: 'plain iptables', script: 'iptables -A INPUT -p tcp --dport 21 -j ACCEPT\n', commands: ['iptables -A INPUT -p tcp --dport 21 -j ACCEPT'] },
  { name: 'ip6tables', script: 'ip6tables -P INPUT DROP', commands: ['ip6tables -P INPUT DROP'] },
  { name: 'absolute paths', script: '/sbin/iptables -F\n/usr/sbin/ip6tables -X\n', commands: ['iptables -F', 'ip6tables -X'] },
  { name: 'legacy and nft variants', script: 'iptables-legacy -F\niptables-nft -X\nip6tables-nft -Z\n', commands: ['iptables -F', 'iptables -X', 'ip6tables -Z'] },
  { name: 'other programs are ignored', script: 'echo iptables -F\nmodprobe ip_conntrack_ftp\nip6 -F\n', commands: [] },
  { name: 'listing commands are ignored', script: 'iptables -L -n\niptables -nvL\niptables -S\niptables -t nat --list\niptables -C INPUT -j ACCEPT\niptables -F\n', commands: ['iptables -F'] },
  { name: 'save is ignored', script: 'iptables-save > /etc/iptables.rules\n/sbin/ip6tables-save\n', commands: [] },
  { name: 'sudo, command and exec prefixes', script: 'sudo -u root iptables -F\ncommand iptables -X\nexec ip6tables -Z\nenv LANG=C iptables -N x\n', commands: ['iptables -F', 'iptables -X', 'ip6tables -Z', 'iptables -N x'] },
  { name: 'command -v only looks the program up', script: 'command -v iptables\n', commands: [] },
  { name: 'ip netns exec', script: 'ip netns exec fw iptables -P INPUT DROP\n', commands: ['iptables -P INPUT DROP'] },

  // Lexing
  { name: 'comments', script: '# iptables -F\niptables -A INPUT -j ACCEPT # trailing comment\n', commands: ['iptables -A INPUT -j ACCEPT'] },
  { name: 'hash inside a word is not a comment', script: 'iptables -A INPUT -m comment --comment a#b -j ACCEPT\n', commands: ['iptables -A INPUT -m comment --comment a#b -j ACCEPT'] },
  { name: 'single and double quotes', script: `iptables -A INPUT -j LOG --log-prefix "dropped: " -m comment --comment 'a "b" c'\n`, commands: ['iptables -A INPUT -j LOG --log-prefix dropped:  -m comment --comment a "b" c'] },
  { name: 'empty quoted word is kept', script: 'iptables -A INPUT -m comment --comment "" -j ACCEPT\n', commands: ['iptables -A INPUT -m comment --comment  -j ACCEPT'] },
  { name: 'backslash escapes', script: 'iptables -A INPUT -m comment --comment a\\ b\\"c -j ACCEPT\n', commands: ['iptables -A INPUT -m comment --comment a b"c -j ACCEPT'] },
  { name: 'line continuations', script: 'iptables -A INPUT \\\n  -p tcp \\\n  --dport 21 -j ACCEPT\n', commands: ['iptables -A INPUT -p tcp --dport 21 -j ACCEPT'] },
  { name: 'continuation inside a word joins it', script: 'iptables -A INP\\\nUT -j ACCEPT\n', commands: ['iptables -A INPUT -j ACCEPT'] },
  { name: 'separators', script: 'iptables -F; iptables -X && iptables -Z || iptables -N a & iptables -N b\n', commands: ['iptables -F', 'iptables -X', 'iptables -Z', 'iptables -N a', 'iptables -N b'] },
  { name: 'pipes', script: 'iptables -A INPUT -j ACCEPT 2>&1 | logger\n', commands: ['iptables -A INPUT -j ACCEPT'] },
  { name: 'redirections are not arguments', script: 'iptables -A INPUT -j DROP >/dev/null 2>&1\niptables -F 2> /dev/null\n', commands: ['iptables -A INPUT -j DROP', 'iptables -F'] },
  { name: 'subshell and group', script: '( iptables -F )\n{ iptables -X; }\n', commands: ['iptables -F', 'iptables -X'] },
  { name: 'CRLF line ends', script: '#!/bin/bash\r\nIPT=/sbin/iptables\r\n$IPT -A INPUT -j ACCEPT\r\n', commands: ['iptables -A INPUT -j ACCEPT'] },
  { name: 'shebang and no final newline', script: '#!/bin/sh\niptables -A OUTPUT -j REJECT', commands: ['iptables -A OUTPUT -j REJECT'] },
  { name: 'command substitution is dynamic', script: 'iptables -A INPUT -s $(cat /etc/admin) -j ACCEPT\niptables -A INPUT -s `hostname -i` -j ACCEPT\n', commands: ['iptables -A INPUT -s ~$(cat /etc/admin) -j ACCEPT', 'iptables -A INPUT -s ~`hostname -i` -j ACCEPT'] },
  { name: 'commands inside $(...) are not run', script: 'X=$(iptables -F)\n', commands: [] },
  { name: 'here-document bodies are skipped', script: 'cat <<EOF\niptables -F\nEOF\ncat <<-END\n\tiptables -X\n\tEND\ncat <<"Q"\niptables -Z\nQ\niptables -N after\n', commands: ['iptables -N after'] },
  { name: 'two here-documents on one line', script: 'cmd <<A <<B\niptables -F\nA\niptables -X\nB\niptables -Z\n', commands: ['iptables -Z'] },

  // Variables
  { name: 'variable expansion', script: 'WAN=eth0\nPORT="21"\niptables -A INPUT -i $WAN -p tcp --dport ${PORT} -j ACCEPT\n', commands: ['iptables -A INPUT -i eth0 -p tcp --dport 21 -j ACCEPT'] },
  { name: 'unknown variable is dynamic', script: 'iptables -A INPUT -s $ADMIN_NET -j ACCEPT\n', commands: ['iptables -A INPUT -s ~$ADMIN_NET -j ACCEPT'] },
  { name: 'default values', script: 'iptables -A INPUT -i ${WAN:-eth0} -j ACCEPT\nLAN=\niptables -A INPUT -i ${LAN:-eth1} -j ACCEPT\niptables -A INPUT -i ${LAN-eth2} -j ACCEPT\n', commands: ['iptables -A INPUT -i eth0 -j ACCEPT', 'iptables -A INPUT -i eth1 -j ACCEPT', 'iptables -A INPUT -i -j ACCEPT'] },
  { name: 'assign-default sets the variable', script: ': ${PORT:=2121}\niptables -A INPUT -p tcp --dport $PORT -j ACCEPT\n', commands: ['iptables -A INPUT -p tcp --dport 2121 -j ACCEPT'] },
  { name: 'unquoted expansion is split into words', script: 'OPTS="-p tcp --dport 21"\niptables -A INPUT $OPTS -j ACCEPT\n', commands: ['iptables -A INPUT -p tcp --dport 21 -j ACCEPT'] },
  { name: 'quoted expansion stays one word', script: 'MSG="ftp drop: "\niptables -A INPUT -j LOG --log-prefix "$MSG"\n', commands: ['iptables -A INPUT -j LOG --log-prefix ftp drop: '] },
  { name: 'empty unquoted expansion disappears', script: 'EXTRA=""\niptables -A INPUT $EXTRA -j ACCEPT\n', commands: ['iptables -A INPUT -j ACCEPT'] },
  { name: 'concatenation', script: 'LAN=192.168.1\niptables -t nat -A PREROUTING -j DNAT --to-destination ${LAN}.10:21\n', commands: ['iptables -t nat -A PREROUTING -j DNAT --to-destination 192.168.1.10:21'] },
  { name: 'export, local, readonly, declare', script: 'export A=1\nreadonly B=2\ndeclare C=3\ntypeset -r D=4\niptables -A INPUT -p tcp --dport $A$B$C$D -j ACCEPT\n', commands: ['iptables -A INPUT -p tcp --dport 1234 -j ACCEPT'] },
  { name: 'last assignment in text order wins', script: 'if [ -x /usr/sbin/iptables ]; then IPT=/usr/sbin/iptables; else IPT=/sbin/ip6tables; fi\n$IPT -F\n', commands: ['ip6tables -F'] },
  { name: 'read makes a variable dynamic', script: 'P=21\nread P\niptables -A INPUT --dport $P -j ACCEPT\n', commands: ['iptables -A INPUT --dport ~$P -j ACCEPT'] },
  { name: 'arithmetic over known values', script: 'MIN=50000\nMAX=$((MIN + 99))\niptables -A INPUT --dport $MIN:$MAX\niptables -A INPUT --dport $(( (MIN - 1) * 2 % 7 ))\niptables -A INPUT --dport $((MIN + UNKNOWN_N))\n', commands: ['iptables -A INPUT --dport 50000:50099', 'iptables -A INPUT --dport 3', 'iptables -A INPUT --dport ~$((MIN + UNKNOWN_N))'] },
  { name: 'pattern trimming', script: 'NET=10.0.0.0/8\niptables -A INPUT -s ${NET%/*} -j ACCEPT\niptables -A INPUT -s ${NET#*/} -j ACCEPT\n', commands: ['iptables -A INPUT -s 10.0.0.0 -j ACCEPT', 'iptables -A INPUT -s 8 -j ACCEPT'] },
  { name: 'arrays', script: 'PORTS=(20 21)\niptables -A INPUT -p tcp --dport ${PORTS[1]} -j ACCEPT\nfor p in "${PORTS[@]}"; do iptables -A INPUT --dport $p; done\n', commands: ['iptables -A INPUT -p tcp --dport 21 -j ACCEPT', 'iptables -A INPUT --dport 20', 'iptables -A INPUT --dport 21'] },
  { name: 'subshell assignments do not leak', script: 'P=21\n( P=22 )\niptables -A INPUT --dport $P\n', commands: ['iptables -A INPUT --dport 21'] },

  // $IPT-style programs
  { name: '$IPT with options', script: 'IPT="/sbin/iptables -w"\n$IPT -A INPUT -j ACCEPT\n', commands: ['iptables -w -A INPUT -j ACCEPT'] },
  { name: '${IPT}', script: 'IPT=iptables\n${IPT} -F\n', commands: ['iptables -F'] },
  { name: '$(which iptables)', script: 'IPT=$(which iptables)\n$IPT -F\nIP6T=`which ip6tables`\n$IP6T -X\nI=$(command -v iptables)\n$I -Z\n', commands: ['iptables -F', 'ip6tables -X', 'iptables -Z'] },
  { name: 'unset $IPT from the environment', script: '$IPT -A INPUT -j ACCEPT\n$IPTABLES -F\n$IP6TABLES -X\n', commands: ['iptables -A INPUT -j ACCEPT', 'iptables -F', 'ip6tables -X'] },
  { name: 'other unknown programs are not iptables', script: '$FW -F\n$IPTS > /tmp/x\n', commands: [] },
  { name: 'save and restore variables are not rule changes', script: 'IPTS=/sbin/iptables-save\nIPTR=/sbin/iptables-restore\n$IPTS > f\n$IPTR < f\n', commands: [] },
  { name: 'a program default', script: 'IPT=${IPTABLES:-/sbin/iptables}\n$IPT -F\n', commands: ['iptables -F'] },

  // Functions
  { name: 'function with positional parameters', script: 'allow() {\n  iptables -A INPUT -p tcp --dport "$1" -j ACCEPT\n}\nallow 21\nallow 50000:50100\n', commands: ['iptables -A INPUT -p tcp --dport 21 -j ACCEPT', 'iptables -A INPUT -p tcp --dport 50000:50100 -j ACCEPT'] },
  { name: 'function keyword and $@', script: 'function ipt { iptables "$@"; }\nipt -A INPUT -s "10.0.0.1" -j DROP\n', commands: ['iptables -A INPUT -s 10.0.0.1 -j DROP'] },
  { name: 'function with dynamic argument', script: 'allow() { iptables -A INPUT --dport $1 -j ACCEPT; }\nallow "$PORT"\n', commands: ['iptables -A INPUT --dport ~$1 -j ACCEPT'] },
  { name: 'missing argument is empty', script: 'f() { iptables -A INPUT $2 -j ACCEPT; }\nf a\n', commands: ['iptables -A INPUT -j ACCEPT'] },
  { name: 'function never called is analysed once', script: 'start() {\n  iptables -P INPUT DROP\n  iptables -A INPUT --dport $1\n}\n', commands: ['iptables -P INPUT DROP', 'iptables -A INPUT --dport ~$1'] },
  { name: 'functions called from functions', script: 'rule() { iptables -A "$1" -j ACCEPT; }\nsetup() { rule INPUT; rule OUTPUT; }\nsetup\n', commands: ['iptables -A INPUT -j ACCEPT', 'iptables -A OUTPUT -j ACCEPT'] },
  { name: 'local variables', script: 'X=outer\nf() { local X=inner; iptables -A $X; }\nf\niptables -A $X\n', commands: ['iptables -A inner', 'iptables -A outer'] },
  { name: 'shift', script: 'f() { shift; iptables -A INPUT --dport $1; }\nf x 21\n', commands: ['iptables -A INPUT --dport 21'] },
  { name: 'positional parameters at top level are dynamic', script: 'iptables -A INPUT -i $1 -j ACCEPT\n', commands: ['iptables -A INPUT -i ~$1 -j ACCEPT'] },
  { name: 'a wrapper function named iptables', script: 'iptables() { command iptables -w "$@"; }\niptables -A INPUT -j ACCEPT\n', commands: ['iptables -w -A INPUT -j ACCEPT'] },
  { name: 'function defined then called', script: 'f() { iptables -F; }\nf\n', commands: ['iptables -F'] },

  // Control flow
  { name: 'every if branch', script: 'if [ "$1" = a ]; then\n iptables -A A\nelif true; then\n iptables -A B\nelse\n iptables -A C\nfi\n', commands: ['iptables -A A', 'iptables -A B', 'iptables -A C'] },
  { name: 'every case branch', script: 'case "$1" in\n start|restart) iptables -A S ;;\n stop) iptables -F ;;\n (*) echo usage ;;\nesac\n', commands: ['iptables -A S', 'iptables -F'] },
  { name: 'case with fall-through terminators', script: 'case $x in\n a) iptables -A A ;&\n b) iptables -A B ;;&\n *) iptables -A C\nesac\n', commands: ['iptables -A A', 'iptables -A B', 'iptables -A C'] },
  { name: 'while and until bodies', script: 'while read ip; do iptables -A INPUT -s $ip -j DROP; done < list\nuntil false; do iptables -N x; done\n', commands: ['iptables -A INPUT -s ~$ip -j DROP', 'iptables -N x'] },
  { name: 'for over literal items', script: 'for p in 20 21; do\n iptables -A INPUT -p tcp --dport $p -j ACCEPT\ndone\n', commands: ['iptables -A INPUT -p tcp --dport 20 -j ACCEPT', 'iptables -A INPUT -p tcp --dport 21 -j ACCEPT'] },
  { name: 'for over a variable list', script: 'PORTS="21 990"\nfor p in $PORTS; do iptables -A INPUT --dport $p; done\n', commands: ['iptables -A INPUT --dport 21', 'iptables -A INPUT --dport 990'] },
  { name: 'for over a quoted variable is one item', script: 'PORTS="21 990"\nfor p in "$PORTS"; do iptables -A INPUT --dport "$p"; done\n', commands: ['iptables -A INPUT --dport 21 990'] },
  { name: 'for over a dynamic list is one pass', script: 'for ip in $(cat /etc/blocked); do iptables -A INPUT -s $ip -j DROP; done\n', commands: ['iptables -A INPUT -s ~$ip -j DROP'] },
  { name: 'for over an empty list never runs', script: 'LIST=""\nfor p in $LIST; do iptables -A x; done\n', commands: [] },
  { name: 'for over program names', script: 'for ipt in iptables ip6tables; do $ipt -P INPUT DROP; done\n', commands: ['iptables -P INPUT DROP', 'ip6tables -P INPUT DROP'] },
  { name: 'nested loops', script: 'for a in 1 2; do for b in x y; do iptables -A $a$b; done; done\n', commands: ['iptables -A 1x', 'iptables -A 1y', 'iptables -A 2x', 'iptables -A 2y'] },
  { name: 'for without in uses the arguments', script: 'f() { for p; do iptables -A INPUT --dport $p; done; }\nf 21 22\n', commands: ['iptables -A INPUT --dport 21', 'iptables -A INPUT --dport 22'] },
  { name: 'IFS and set split records', script: 'S="21,10.0.0.2,2121"\nIFS=","\nset $S\nIFS=" "\niptables -t nat -A PREROUTING --dport $1 -j DNAT --to $2:$3\n', commands: ['iptables -t nat -A PREROUTING --dport 21 -j DNAT --to 10.0.0.2:2121'] },
  { name: 'conditions with [[ ]] and (( ))', script: 'if [[ $UID -ne 0 && -n "$x" ]]; then exit 1; fi\n(( n = 1 ))\niptables -F\n', commands: ['iptables -F'] },
  { name: 'negation and time', script: '! iptables -N x\ntime iptables -X\n', commands: ['iptables -N x', 'iptables -X'] },
];

for (const c of CASES) {
  test(`extracts: ${c.name}`, () => {
    assert.deepEqual(commandsOf(c.script), c.commands);
  });
}

test('a script with cases produces no syntax errors', () => {
  for (const c of CASES) {
    const fw001 = extract(c.script).diagnostics.filter((d) => d.code === 'FW001');
    assert.deepEqual(fw001, [], c.name);
  }
});

test('commands in branches, loops over dynamic lists and uncalled functions are marked conditional', () => {
  const result = extract('iptables -F\nif x; then iptables -X; fi\nf() { iptables -Z; }\nfor i in $(seq 3); do iptables -N $i; done\n');
  assert.deepEqual(result.commands.map((c) => c.conditional === true), [false, true, true, true]);
});

test('commands keep the program word as written', () => {
  const result = extract('IPT=/sbin/iptables\n$IPT -F\n');
  assert.equal(result.commands[0].programWord.text, '/sbin/iptables');
  assert.deepEqual(result.commands[0].programWord.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
});

test('"$@", $@, "$*", $* and arrays split into words as the shell does', () => {
  const script = 'f() { iptables "$@"; iptables $@; iptables "$*"; iptables $*; }\nf "a b" c\nA=(x "y z")\niptables "${A[@]}" ${A[@]} "${A[*]}"\n';
  const words = extract(script).commands.map((c) => c.words.map((w) => w.text));
  assert.deepEqual(words, [['a b', 'c'], ['a', 'b', 'c'], ['a b c'], ['a', 'b', 'c'], ['x', 'y z', 'x', 'y', 'z', 'x y z']]);
});

test('a default word keeps its own quoting', () => {
  const script = 'Y="p q"\niptables ${X:-a b} "${X:-a b}" ${X:-"a b"} ${X:-$Y} ${X:-"$Y"}\n';
  const words = extract(script).commands.map((c) => c.words.map((w) => w.text));
  assert.deepEqual(words, [['a', 'b', 'a b', 'a b', 'p', 'q', 'p q']]);
});
