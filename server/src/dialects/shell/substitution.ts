// Command substitutions are never run; they are parsed (for references) and
// recognised when they only locate the iptables binary: `$(which iptables)`.
import type { Statement } from './ast';
import type { LineMap } from './lineMap';
import { parseShell } from './parser';
import { classifyProgram } from './programs';
import type { CommandPart, Token } from './tokens';
import { plainWord } from './tokens';
import type { SourceDiagnostic } from '../../model/source';

const parsed = new WeakMap<CommandPart, { statements: Statement[]; diagnostics: SourceDiagnostic[] }>();

/** The statements inside `$(...)`; empty for backticks, whose text is escaped. */
export function parseSubstitution(part: CommandPart, lines: LineMap): { statements: Statement[]; diagnostics: SourceDiagnostic[] } {
  const cached = parsed.get(part);
  if (cached) return cached;
  let result: { statements: Statement[]; diagnostics: SourceDiagnostic[] } = { statements: [], diagnostics: [] };
  if (part.tokens) {
    const tokens: Token[] = [...part.tokens, { kind: 'eof', start: part.end, end: part.end }];
    result = parseShell(tokens, lines);
  }
  parsed.set(part, result);
  return result;
}

const LOCATE_IN_BACKTICKS = /^\s*(?:which|command\s+-v|type\s+-[pP])\s+([\w./-]+)\s*(?:2>\s*\/dev\/null\s*)?$/;

/** `iptables` for `$(which iptables)`, `$(command -v iptables)`, `` `type -p iptables` ``. */
export function locatedProgram(part: CommandPart, lines: LineMap): string | undefined {
  if (!part.tokens) {
    const match = LOCATE_IN_BACKTICKS.exec(part.inner);
    return match && classifyProgram(match[1]) ? match[1] : undefined;
  }
  const { statements } = parseSubstitution(part, lines);
  const command = statements[0]?.andOr.pipelines[0]?.commands[0];
  if (!command || command.kind !== 'simple') return undefined;
  const words = command.words.map((w) => plainWord(w));
  const target = words[words.length - 1];
  if (target === undefined || !classifyProgram(target)) return undefined;
  const head = words.slice(0, -1).join(' ');
  return head === 'which' || head === 'command -v' || head === 'type -p' || head === 'type -P' ? target : undefined;
}
