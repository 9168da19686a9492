// Which commands are iptables, which merely wrap another command (sudo,
// env ...), and which iptables invocations only read the ruleset.
import type { Field } from './expand';
import { nameTable } from '../../model/table';

export type IptablesProgram = 'iptables' | 'ip6tables';

export interface ProgramKind {
  readonly program: IptablesProgram;
  /** rules: changes the ruleset; save: prints it; restore: loads iptables-save text. */
  readonly role: 'rules' | 'save' | 'restore';
}

const PROGRAM = /^(ip6?tables)(?:-(?:legacy|nft))?(?:-(save|restore))?$/;

/** `iptables`, `/usr/sbin/ip6tables-legacy`, `iptables-nft-restore` ... */
export function classifyProgram(path: string): ProgramKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const match = PROGRAM.exec(name);
  if (!match) return undefined;
  const program = match[1] as IptablesProgram;
  const role = match[2] === 'save' ? 'save' : match[2] === 'restore' ? 'restore' : 'rules';
  return { program, role };
}

const IPV4_VARIABLE = /^(ipt|ipt4|ip4t|iptables|iptables4)(_?(bin|cmd|exe|path|command))?$/i;
const IPV6_VARIABLE = /^(ip6t|ipt6|ip6tables|iptables6)(_?(bin|cmd|exe|path|command))?$/i;

/** A variable set outside the script, but named like the iptables binary: `$IPT`, `$IPTABLES`. */
export function programFromVariableName(name: string): IptablesProgram | undefined {
  if (IPV4_VARIABLE.test(name)) return 'iptables';
  if (IPV6_VARIABLE.test(name)) return 'ip6tables';
  return undefined;
}

const LISTING_OPTIONS = new Set(['-L', '--list', '-S', '--list-rules', '-C', '--check', '-h', '--help', '-V', '--version']);

/** `iptables -L`, `-nvL`, `-S`, `-C` (checks a rule exists): nothing is changed. */
export function isListingCommand(words: readonly string[]): boolean {
  return words.some((w) => LISTING_OPTIONS.has(w) || /^-[nvxZ]*[LS][nvxZ]*$/.test(w));
}

/** Options of wrapper commands that take a separate argument. */
const WRAPPER_OPTIONS_WITH_ARGUMENT: Readonly<Record<string, ReadonlySet<string>>> = nameTable({
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T']),
  doas: new Set(['-u', '-C']),
  nice: new Set(['-n']),
  ionice: new Set(['-c', '-n', '-p']),
  env: new Set(['-u', '-C', '-S']),
  timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
  command: new Set(),
  exec: new Set(['-a']),
  nohup: new Set(),
  builtin: new Set(),
  time: new Set(['-f', '-o']),
  stdbuf: new Set(['-i', '-o', '-e']),
  'xtables-legacy-multi': new Set(),
  'xtables-nft-multi': new Set(),
});

/**
 * When `fields[0]` only wraps another command (`sudo iptables ...`), the index
 * of the wrapped command; -1 when the wrapper does not run one (`command -v`).
 * undefined when fields[0] is not a wrapper.
 */
export function wrappedCommandIndex(fields: readonly Field[]): number | undefined {
  const head = fields[0].text;
  const name = head.slice(head.lastIndexOf('/') + 1);
  if (name === 'ip' && fields[1]?.text === 'netns' && fields[2]?.text === 'exec') return fields.length > 4 ? 4 : -1;
  const withArgument = WRAPPER_OPTIONS_WITH_ARGUMENT[name];
  if (!withArgument) return undefined;
  let i = 1;
  while (i < fields.length) {
    const word = fields[i].text;
    if (word === '--') {
      i++;
      break;
    }
    if (name === 'command' && (word === '-v' || word === '-V')) return -1;
    if (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      i++;
      continue;
    }
    if (!word.startsWith('-') || word === '-') break;
    i += withArgument.has(word) ? 2 : 1;
  }
  if (name === 'timeout' && i < fields.length) i++; // the duration
  return i < fields.length ? i : -1;
}
