// The iptables front end: iptables-save/restore files and shell scripts that
// call iptables both become commands, lowered by one function.
import type { SourceDiagnostic, SourceForm } from '../../model/source';
import { comparePositions } from '../../model/source';
import type { Frontend, FrontendOptions, FrontendResult } from '../frontend';
import { extractIptablesCommands } from '../shell';
import { lowerIptablesCommands } from './lower';
import { readSaveFile } from './saveFormat';

export { lowerIptablesCommands } from './lower';

/** Whether the text is an iptables-save/restore file rather than a shell script. */
export function detectIptablesForm(text: string): Extract<SourceForm, 'save' | 'shell'> {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    // The first statement decides: a script starts with a command, a save file with these.
    return /^(\*[a-z]+$|:\S+\s+(ACCEPT|DROP|-)\b|COMMIT$|(\[\d+:\d+\]\s+)?-[AINP]\s)/.test(line) ? 'save' : 'shell';
  }
  return 'save';
}

/**
 * ip6tables-save output says so in its header comment; restore files are named
 * rules.v6; otherwise IPv6-only addresses or ICMPv6 give it away.
 */
function saveFileProgram(text: string, uri: string): 'iptables' | 'ip6tables' {
  if (/\.v6$|ip6tables|rules6/i.test(uri) || /^#.*ip6tables-save/m.test(text.slice(0, 500))) return 'ip6tables';
  const ipv6 = /(^|\s)(-[sd]|--to-destination|--to-source)\s+!?\s*\[?[0-9a-fA-F]*:[0-9a-fA-F]*:|ipv6-icmp|icmpv6/m.test(text);
  const ipv4 = /(^|\s)(-[sd]|--to-destination|--to-source)\s+!?\s*\d+\.\d+\.\d+\.\d+/m.test(text);
  return ipv6 && !ipv4 ? 'ip6tables' : 'iptables';
}

function inSourceOrder(diagnostics: SourceDiagnostic[]): SourceDiagnostic[] {
  return diagnostics.sort((a, b) => comparePositions(a.range.start, b.range.start));
}

export const iptablesFrontend: Frontend = {
  dialect: 'iptables',
  analyze(text: string, options: FrontendOptions): FrontendResult {
    const form = detectIptablesForm(text);
    if (form === 'save') {
      const read = readSaveFile(text, saveFileProgram(text, options.uri));
      const lowered = lowerIptablesCommands(read.commands, 'save');
      return {
        dialect: 'iptables',
        form,
        ruleset: lowered.ruleset,
        diagnostics: inSourceOrder([...read.diagnostics, ...lowered.diagnostics]),
        definitions: [...read.definitions, ...lowered.definitions],
        references: lowered.references,
        includes: [],
      };
    }
    const extracted = extractIptablesCommands(text, options);
    const lowered = lowerIptablesCommands(extracted.commands, 'shell');
    return {
      dialect: 'iptables',
      form,
      ruleset: lowered.ruleset,
      diagnostics: inSourceOrder([...extracted.diagnostics, ...lowered.diagnostics]),
      definitions: [...extracted.definitions, ...lowered.definitions],
      references: [...extracted.references, ...lowered.references],
      includes: extracted.includes,
    };
  },
};
