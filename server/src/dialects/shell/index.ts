// The shell-script front end of the iptables dialect: finds the iptables and
// ip6tables commands a script runs (statically, never executing anything) and
// hands them to the iptables lowering as IptablesCommand records.
import type { SourceDiagnostic } from '../../model/source';
import type { IncludeReference, SymbolDefinition, SymbolReference } from '../../model/symbols';
import type { FrontendOptions } from '../frontend';
import type { SourceUnit } from './expand';
import { Interpreter } from './interpreter';
import type { RestoreBlock, ShellIptablesCommand } from './interpreter';
import { lexShell } from './lexer';
import { LineMap } from './lineMap';
import { parseShell } from './parser';
import { indexSymbols } from './symbols';
import { undefinedVariableDiagnostics } from './undefinedVariables';

const MAX_SYNTAX_ERRORS = 100;

export type { RestoreBlock, ShellIptablesCommand } from './interpreter';

export interface ExtractedIptablesCommands {
  /** In the order the script runs them (function bodies at their call sites). */
  commands: ShellIptablesCommand[];
  /** FW001 syntax errors and FW002 undefined variables. */
  diagnostics: SourceDiagnostic[];
  definitions: SymbolDefinition[];
  references: SymbolReference[];
  includes: IncludeReference[];
  /** `iptables-restore <<EOF ... EOF` bodies: iptables-save text for the save-format parser. */
  restoreBlocks: RestoreBlock[];
}

export function extractIptablesCommands(text: string, options: FrontendOptions): ExtractedIptablesCommands {
  const lines = new LineMap(text);
  const unit: SourceUnit = { text, lines, uri: options.uri, main: true };
  const lexed = lexShell(text, lines);
  const parsed = parseShell(lexed.tokens, lines);
  const symbols = indexSymbols(parsed.statements, unit);
  const interpreter = new Interpreter(options);
  interpreter.run(unit, parsed.statements);
  const diagnostics = [
    // Past this many syntax errors the text is not a shell script; more would only flood the editor.
    ...[...lexed.diagnostics, ...parsed.diagnostics, ...symbols.diagnostics].slice(0, MAX_SYNTAX_ERRORS),
    ...undefinedVariableDiagnostics(interpreter.unknownInIptables, symbols, lines),
  ];
  return {
    commands: interpreter.commands,
    diagnostics,
    definitions: symbols.definitions,
    references: symbols.references,
    includes: interpreter.includes,
    restoreBlocks: interpreter.restoreBlocks,
  };
}
