// Builds iptables input for the tests: whole save files through the front
// end, or single command lines lowered as a script would give them.
import type { IptablesCommand } from '../../server/src/dialects/iptables/command';
import { iptablesFrontend } from '../../server/src/dialects/iptables';
import type { LoweredIptables } from '../../server/src/dialects/iptables/lower';
import { lowerIptablesCommands } from '../../server/src/dialects/iptables/lower';
import { splitWords } from '../../server/src/dialects/iptables/words';
import type { FrontendResult } from '../../server/src/dialects/frontend';
import type { Chain, Rule } from '../../server/src/model/ruleset';
import type { SourceDiagnostic } from '../../server/src/model/source';

export function analyzeSave(text: string, uri = 'test.rules'): FrontendResult {
  return iptablesFrontend.analyze(text, { uri });
}

/** One command per line, e.g. `iptables -t nat -A PREROUTING ...`; `$NAME` words are dynamic. */
export function commandsOf(script: string): IptablesCommand[] {
  const commands: IptablesCommand[] = [];
  script.split('\n').forEach((line, lineNo) => {
    const split = splitWords(line, lineNo);
    // Quoting errors are the shell front end's to report; such lines are no command here.
    if (split.error) return;
    const [program, ...words] = split.words;
    if (!program || (program.text !== 'iptables' && program.text !== 'ip6tables')) return;
    commands.push({
      program: program.text,
      words: words.map((w) => (w.text.startsWith('$') ? { text: w.text, range: w.range, dynamic: true } : w)),
      range: { start: { line: lineNo, character: program.range.start.character }, end: { line: lineNo, character: line.length } },
    });
  });
  return commands;
}

export function lowerScript(script: string): LoweredIptables {
  return lowerIptablesCommands(commandsOf(script), 'shell');
}

export function chainOf(result: { ruleset: { chains: Chain[] } }, key: string): Chain {
  const chain = result.ruleset.chains.find((c) => c.key === key);
  if (!chain) throw new Error(`no chain ${key}; have ${result.ruleset.chains.map((c) => c.key).join(', ')}`);
  return chain;
}

/** The only rule of a one-rule script, with its diagnostics. */
export function ruleOf(line: string): { rule: Rule; diagnostics: SourceDiagnostic[] } {
  const lowered = lowerScript(line);
  const rules = lowered.ruleset.chains.flatMap((c) => c.rules);
  if (rules.length !== 1) throw new Error(`expected one rule, got ${rules.length}: ${JSON.stringify(lowered.diagnostics)}`);
  return { rule: rules[0], diagnostics: lowered.diagnostics };
}

export function errors(diagnostics: readonly SourceDiagnostic[]): SourceDiagnostic[] {
  return diagnostics.filter((d) => d.code === 'FW001');
}

/** The text a diagnostic's range covers in a one-line or multi-line source. */
export function covered(source: string, d: SourceDiagnostic): string {
  const lines = source.split('\n');
  if (d.range.start.line !== d.range.end.line) throw new Error('multi-line range');
  return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
}
