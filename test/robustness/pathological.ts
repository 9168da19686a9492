// Inputs at and past the limits in server/src/limits.ts, by name, so a child
// process can build and analyse one while its parent watches the clock.
import { MAX_DOCUMENT_LENGTH, MAX_LINE_LENGTH, MAX_NESTING_DEPTH } from '../../server/src/limits';
import type { CaseName } from '../fuzz/harness';

export interface Pathological {
  readonly dialect: CaseName;
  readonly text: () => string;
}

const DEEP = 10_000;
const MANY = 100_000;
const repeat = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('\n');

/** One valid-looking rule per dialect, each line its own pair of ports so no rule shadows another. */
const FILLER: Readonly<Record<CaseName, (port: number, sport?: number) => string>> = {
  'iptables-save': (p, s = 1) => `-A INPUT -p tcp --sport ${s} --dport ${p} -j ACCEPT`,
  'iptables-shell': (p, s = 1) => `iptables -A INPUT -p tcp --sport ${s} --dport ${p} -j ACCEPT`,
  nftables: (p, s = 1) => `add rule inet t c tcp sport ${s} tcp dport ${p} accept`,
  pf: (p, s = 1) => `pass in quick proto tcp from any port ${s} to port ${p}`,
};
/** nft flat rules need their table and chain declared first. */
const HEADER: Readonly<Record<CaseName, string>> = { 'iptables-save': '*filter\n', 'iptables-shell': '', nftables: 'add table inet t\nadd chain inet t c\n', pf: '' };
const bigFile = (d: CaseName, size: number): string =>
  HEADER[d] + repeat(Math.ceil(size / (FILLER[d](60000, 999).length + 1)), (i) => FILLER[d](1 + (i % 60000), 1 + Math.floor(i / 60000)));

export const PATHOLOGICAL: Readonly<Record<string, Pathological>> = {
  ...Object.fromEntries(
    (['iptables-save', 'iptables-shell', 'nftables', 'pf'] as const).flatMap((d) => [
      [`10 MB file (${d})`, { dialect: d, text: () => bigFile(d, 10_000_000) }],
      [`1 MB line (${d})`, { dialect: d, text: () => `${FILLER[d](1)}\n${FILLER[d](2)}\n${FILLER[d](3)}\n# ${'x'.repeat(1_000_000)}\n${FILLER[d](4)}\n` }],
      [`just under the limits (${d})`, { dialect: d, text: () => bigFile(d, MAX_DOCUMENT_LENGTH - 200_000) + `\n# ${'y'.repeat(MAX_LINE_LENGTH - 10)}\n` }],
    ]),
  ),
  'nft 10,000-deep braces in a set': { dialect: 'nftables', text: () => `define X = ${'{ '.repeat(DEEP)}1${' }'.repeat(DEEP)}\n` },
  'nft 10,000-deep parentheses': { dialect: 'nftables', text: () => `table inet t {\nchain c {\ntcp dport ${'('.repeat(DEEP)}21${')'.repeat(DEEP)} accept\n}\n}\n` },
  'nft 10,000-deep blocks': { dialect: 'nftables', text: () => `table inet t {\nchain c {\n${'{'.repeat(DEEP)}${'}'.repeat(DEEP)}\n}\n}\n` },
  'pf 10,000-deep lists': { dialect: 'pf', text: () => `pass in proto tcp to port ${'{ '.repeat(DEEP)}21${' }'.repeat(DEEP)}\n` },
  'pf 10,000-deep anchors': { dialect: 'pf', text: () => `${'anchor "a" {\n'.repeat(DEEP)}${'}\n'.repeat(DEEP)}` },
  'shell 10,000-deep braces': { dialect: 'iptables-shell', text: () => `iptables -F\n${'{ '.repeat(DEEP)}iptables -A INPUT -j ACCEPT;${' }'.repeat(DEEP)}\n` },
  'shell 10,000-deep subshells': { dialect: 'iptables-shell', text: () => `iptables -F\n${'('.repeat(DEEP)}iptables -A INPUT${')'.repeat(DEEP)}\n` },
  'shell 10,000-deep ifs': { dialect: 'iptables-shell', text: () => `iptables -F\n${'if true; then\n'.repeat(DEEP)}${'fi\n'.repeat(DEEP)}` },
  'shell 10,000-deep arithmetic': { dialect: 'iptables-shell', text: () => `iptables -F\nX=$((${'('.repeat(DEEP)}1${')'.repeat(DEEP)}))\n` },
  'iptables-save 10,000 negations': { dialect: 'iptables-save', text: () => `*filter\n-A INPUT ${'! '.repeat(DEEP)}-p tcp -j ACCEPT\nCOMMIT\n` },
  'pf 100,000 macros': { dialect: 'pf', text: () => `${repeat(MANY, (i) => `m${i} = "${i % 65535}"`)}\npass in proto tcp to port $m5\n` },
  'nft 100,000 defines': { dialect: 'nftables', text: () => `${repeat(MANY, (i) => `define d${i} = ${i % 9}`)}\ntable inet t {\nchain c {\ntcp dport $d5 accept\n}\n}\n` },
  'shell 100,000 variables': { dialect: 'iptables-shell', text: () => `${repeat(MANY, (i) => `V${i}=${i}`)}\niptables -A INPUT -p tcp --dport $V5 -j ACCEPT\n` },
  'iptables-save 100,000 chains': { dialect: 'iptables-save', text: () => `*filter\n${repeat(MANY, (i) => `:c${i} - [0:0]`)}\nCOMMIT\n` },
  'pf macro that refers to itself': { dialect: 'pf', text: () => 'm = "$m $m"\npass in proto tcp to port $m\n' },
  'pf macros that refer to each other': { dialect: 'pf', text: () => 'a = "$b"\nb = "$a"\npass in proto tcp to port $a\n' },
  'pf 5,000 macros in a chain': { dialect: 'pf', text: () => `m0 = "21"\n${repeat(5000, (i) => `m${i + 1} = "$m${i}"`)}\npass in proto tcp to port $m5000\n` },
  'pf macros doubling 60 times': { dialect: 'pf', text: () => `m0 = "21"\n${repeat(60, (i) => `m${i + 1} = "$m${i} $m${i}"`)}\npass in proto tcp to port { $m60 }\n` },
  'nft define that refers to itself': { dialect: 'nftables', text: () => 'define d = $d\ntable inet t {\nchain c {\ntcp dport $d accept\n}\n}\n' },
  'nft defines doubling 60 times': { dialect: 'nftables', text: () => `define d0 = 21\n${repeat(60, (i) => `define d${i + 1} = { $d${i}, $d${i} }`)}\ntable inet t {\nchain c {\ntcp dport $d60 accept\n}\n}\n` },
  'shell variable doubling 60 times': { dialect: 'iptables-shell', text: () => `X=21\n${'X="$X $X"\n'.repeat(60)}iptables -A INPUT -p tcp --dport "$X" -j ACCEPT\n` },
  // Was quadratic in the name's length (a regex restarting at every letter): minutes, now milliseconds.
  'shell arithmetic over ten 99,000-letter names': { dialect: 'iptables-shell', text: () => `iptables -F\n${`(( ${'a'.repeat(99_000)} ))\n`.repeat(10)}` },
  // Was quadratic per line in the pf fix renderer (`/#.*$/` retried from every `#` when `.` stopped at the \r).
  'pf CRLF file with ten 99,000-character # banners and a fix to render': { dialect: 'pf', text: () => `block in all\r\n${`${'#'.repeat(99_000)}\r\n`.repeat(10)}pass in proto tcp to port 21\r\n` },
  'shell function calling itself': { dialect: 'iptables-shell', text: () => 'f() { iptables -A INPUT -j ACCEPT; f; f; }\nf\n' },
};

export const NESTING = MAX_NESTING_DEPTH;
