// Placeholder until the shell-script front end lands: finds no iptables commands.
import type { IptablesCommand } from '../iptables/command';
import type { FrontendOptions } from '../frontend';
import type { SourceDiagnostic } from '../../model/source';
import type { IncludeReference, SymbolDefinition, SymbolReference } from '../../model/symbols';

export interface ExtractedIptablesCommands {
  commands: IptablesCommand[];
  diagnostics: SourceDiagnostic[];
  definitions: SymbolDefinition[];
  references: SymbolReference[];
  includes: IncludeReference[];
}

export function extractIptablesCommands(_text: string, _options: FrontendOptions): ExtractedIptablesCommands {
  return { commands: [], diagnostics: [], definitions: [], references: [], includes: [] };
}
