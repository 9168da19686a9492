// FW002 for shell scripts, kept deliberately quiet: scripts often take
// variables from the environment, so a use is reported only when it sits in
// an iptables command, the script never sets the name in any way, sources no
// other file, runs no eval, and the name is not one the environment provides.
import type { SourceDiagnostic } from '../../model/source';
import type { LineMap } from './lineMap';
import type { SymbolIndex } from './symbols';
import type { ParamPart } from './tokens';

const ENVIRONMENT_VARIABLES = new Set([
  'HOME', 'PATH', 'USER', 'LOGNAME', 'UID', 'EUID', 'GROUPS', 'SHELL', 'PWD', 'OLDPWD', 'HOSTNAME', 'HOSTTYPE',
  'OSTYPE', 'MACHTYPE', 'LANG', 'LANGUAGE', 'TERM', 'IFS', 'PPID', 'RANDOM', 'LINENO', 'SECONDS', 'TMPDIR',
  'MAIL', 'EDITOR', 'VISUAL', 'PAGER', 'DISPLAY', 'SUDO_USER', 'SUDO_UID', 'SUDO_GID', 'SUDO_COMMAND',
  'SSH_CLIENT', 'SSH_CONNECTION', 'SSH_TTY', 'REPLY', 'OPTARG', 'OPTIND', 'FUNCNAME', 'PS1', 'PS2', 'PS4',
  'SHLVL', 'COLUMNS', 'LINES', 'EPOCHSECONDS', 'EPOCHREALTIME', 'PIPESTATUS', 'DIRSTACK', 'HISTFILE', 'CDPATH',
]);
const ENVIRONMENT_PREFIXES = ['BASH', 'LC_', 'XDG_', 'SUDO_', 'SSH_'];

function fromEnvironment(name: string): boolean {
  return ENVIRONMENT_VARIABLES.has(name) || ENVIRONMENT_PREFIXES.some((p) => name.startsWith(p));
}

export function undefinedVariableDiagnostics(uses: readonly ParamPart[], index: SymbolIndex, lines: LineMap): SourceDiagnostic[] {
  if (index.sources || index.evaluates) return [];
  const byName = new Map<string, ParamPart[]>();
  for (const use of uses) {
    if (index.assigned.has(use.name) || fromEnvironment(use.name)) continue;
    const list = byName.get(use.name) ?? [];
    if (!list.some((u) => u.start === use.start)) list.push(use);
    byName.set(use.name, list);
  }
  const diagnostics: SourceDiagnostic[] = [];
  for (const [name, list] of byName) {
    list.sort((a, b) => a.start - b.start);
    const [first, ...others] = list;
    const diagnostic: SourceDiagnostic = {
      code: 'FW002',
      severity: 'warning',
      message: `Variable \`${name}\` is never set in this script, so this iptables command gets an empty value here.`,
      range: lines.range(first.start, first.end),
    };
    diagnostics.push(
      others.length > 0
        ? { ...diagnostic, related: others.map((u) => ({ range: lines.range(u.start, u.end), message: `\`${name}\` is also used here` })) }
        : diagnostic,
    );
  }
  return diagnostics;
}
