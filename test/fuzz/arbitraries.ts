// Generators of hostile input: random bytes, random sequences of a dialect's
// own words (from its keyword table plus ports, addresses and punctuation) and
// mutations of real rule files (deletions, duplications, truncations).
import fc from 'fast-check';
import { IPTABLES_KEYWORDS } from '../../server/src/dialects/iptables/keywords';
import { NFTABLES_KEYWORDS } from '../../server/src/dialects/nftables/keywords';
import { PF_KEYWORDS } from '../../server/src/dialects/pf/keywords';
import type { CaseName } from './harness';

/** Values every dialect writes: ports, ranges, addresses, names, numbers at the edges. */
const VALUES = [
  '21', '20', '0', '65535', '65536', '70000', '-1', '1024:65535', '50000-50999', '50000:50999', '1024:', ':1024', '21,22,80',
  'ftp', 'ftp-data', 'ssh', '10.0.0.1', '10.0.0.0/8', '192.168.1.0/24', '0.0.0.0/0', '::1', 'fe80::/10', '::/0', '2001:db8::1/64',
  '999.1.1.1', '10.0.0.1/33', 'eth0', 'em0', 'lo', 'x', '$x', '${x}', '$ext_if', '@set', '<tbl>', 'INPUT', 'OUTPUT', 'FORWARD',
];

const PUNCTUATION = ['{', '}', '(', ')', '[', ']', '<', '>', '"', "'", '`', '#', ';', ',', ':', '=', '!', '\\', '-', '--', '/', '*', '$', '&', '|', '\t', '\r', ' '];
const NEWLINES = ['\n', '\n', '\n', '\r\n', '\\\n'];

const DIALECT_WORDS: Readonly<Record<CaseName, readonly string[]>> = {
  'iptables-save': [
    ...Object.keys(IPTABLES_KEYWORDS),
    '*filter', '*nat', '*mangle', '*raw', 'COMMIT', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':mychain - [0:0]', '-A', '-I', '-N', '-P', '-j', '-m', '-p',
    '--dport', '--sport', '--dports', '--ctstate', '--state', 'RELATED,ESTABLISHED', 'NEW', '--helper', '-t', 'mychain',
  ],
  'iptables-shell': [
    ...Object.keys(IPTABLES_KEYWORDS),
    'iptables', 'ip6tables', '$IPT', 'IPT=/sbin/iptables', 'iptables-restore', '<<EOF', 'EOF', 'for', 'in', 'do', 'done', 'if', 'then', 'fi',
    'case', 'esac', 'f()', 'function', 'while', 'until', 'local', 'export', '$(', '$((', '))', '${', '&&', '||', '.', 'source', 'set', '-e',
    '-A', '-I', '-N', '-P', '-j', '-m', '-p', '--dport', '--ctstate', 'RELATED,ESTABLISHED', 'PORTS="21 50000:50999"', '$PORTS', '$1',
  ],
  nftables: [
    ...Object.keys(NFTABLES_KEYWORDS),
    'table', 'chain', 'inet', 'ip', 'ip6', 'filter', 'nat', 'type', 'hook', 'input', 'priority', 'policy', 'accept;', 'drop;', 'tcp', 'dport',
    'ct', 'state', 'helper', 'established,related', 'define', 'redefine', 'include', '"x.nft"', 'set', 'elements', '=', 'flags', 'interval',
    'jump', 'goto', 'counter', 'meta', 'iifname', 'oifname', 'vmap', ':', '$LAN', '@allowed', '{ 21, 50000-50999 }', 'add', 'rule', 'flush', 'ruleset',
  ],
  pf: [
    ...Object.keys(PF_KEYWORDS),
    'pass', 'block', 'match', 'in', 'out', 'quick', 'on', 'proto', 'tcp', 'from', 'to', 'any', 'port', 'keep', 'state', 'rdr', 'nat', '->',
    'anchor', '"ftp-proxy/*"', 'divert-to', 'nat-to', 'rdr-to', 'table', 'persist', 'set', 'skip', 'include', 'load', 'ext_if = "em0"',
    'ports = "{ 21 50000:50999 }"', '$ports', 'flags', 'S/SA', 'user', 'group', '><', '<>', '>=', 'label', 'tag', 'tagged', 'self', '(egress)',
  ],
};

/** Random code units, including controls, lone surrogates and non-ASCII. */
export const randomBytes = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    fc.uint8Array({ maxLength }).map((bytes) => Buffer.from(bytes).toString('utf8')),
  );

/** Random sequences of one dialect's words, values and punctuation, in lines. */
export function dialectTokens(name: CaseName, maxLines: number, maxTokensPerLine = 14): fc.Arbitrary<string> {
  const word = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...DIALECT_WORDS[name]) },
    { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
    { weight: 2, arbitrary: fc.constantFrom(...PUNCTUATION) },
    { weight: 1, arbitrary: fc.nat(70000).map(String) },
  );
  const line = fc.array(fc.tuple(word, fc.constantFrom(' ', ' ', ' ', '', '\t')), { maxLength: maxTokensPerLine }).map((parts) => parts.map(([w, s]) => w + s).join(''));
  return fc.array(fc.tuple(line, fc.constantFrom(...NEWLINES)), { maxLength: maxLines }).map((lines) => lines.map(([l, nl]) => l + nl).join(''));
}

export type Mutation =
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly to: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string };

export function applyMutation(text: string, m: Mutation): string {
  const clamp = (n: number): number => Math.min(Math.max(0, n), text.length);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, clamp(m.at)) + text.slice(clamp(m.at + m.length));
    case 'duplicate': {
      const piece = text.slice(clamp(m.at), clamp(m.at + m.length));
      return text.slice(0, clamp(m.to)) + piece + text.slice(clamp(m.to));
    }
    case 'truncate':
      return text.slice(0, clamp(m.at));
    case 'insert':
      return text.slice(0, clamp(m.at)) + m.text + text.slice(clamp(m.at));
  }
}

/** Up to `max` mutations at positions anywhere in a text of `length` characters. */
export function mutations(length: number, max: number): fc.Arbitrary<Mutation[]> {
  const at = fc.nat(Math.max(0, length));
  const size = fc.nat(Math.max(1, Math.min(400, length)));
  const one: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at, length: size }),
    fc.record({ kind: fc.constant('duplicate' as const), at, length: size, to: at }),
    fc.record({ kind: fc.constant('truncate' as const), at }),
    fc.record({ kind: fc.constant('insert' as const), at, text: fc.constantFrom(...PUNCTUATION, ...NEWLINES, '{{{', '}}}', '"', '$(', '\\') }),
  );
  return fc.array(one, { minLength: 1, maxLength: max });
}
