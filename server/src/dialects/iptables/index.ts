// The iptables front end: iptables-save/restore files and shell scripts that
// call iptables both become commands, lowered by one function.
import type { SourceDiagnostic, SourceForm } from '../../model/source';
import { comparePositions } from '../../model/source';
import type { Range } from '../../model/source';
import type { SymbolDefinition } from '../../model/symbols';
import type { IptablesCommand } from './command';
import type { Frontend, FrontendOptions, FrontendResult } from '../frontend';
import { extractIptablesCommands, type ExtractedIptablesCommands } from '../shell';
import { lowerIptablesCommands, SAVE_LINE_MEMO } from './lower';
import { mayDeclareChainLine, mayDeleteRule, readSaveFile, saveFileCommands, saveFileDeclarations, type SaveFileSink } from './saveFormat';

export { lowerIptablesCommands } from './lower';

/** Whether the text is an iptables-save/restore file rather than a shell script. */
export function detectIptablesForm(text: string): Extract<SourceForm, 'save' | 'shell'> {
  // Line by line up to the first statement, not a split of the whole (possibly large) file.
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end).trim();
    start = end + 1;
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
  // IPv4 addresses settle it, and come early in most files: look for IPv6 only without them.
  if (/(^|\s)(-[sd]|--to-destination|--to-source)\s+!?\s*\d+\.\d+\.\d+\.\d+/m.test(text)) return 'iptables';
  const ipv6 = /(^|\s)(-[sd]|--to-destination|--to-source)\s+!?\s*\[?[0-9a-fA-F]*:[0-9a-fA-F]*:|ipv6-icmp|icmpv6/m.test(text);
  return ipv6 ? 'ip6tables' : 'iptables';
}

function inSourceOrder(diagnostics: SourceDiagnostic[]): SourceDiagnostic[] {
  return diagnostics.sort((a, b) => comparePositions(a.range.start, b.range.start));
}

export const iptablesFrontend: Frontend = {
  dialect: 'iptables',
  analyze(text: string, options: FrontendOptions): FrontendResult {
    const form = detectIptablesForm(text);
    if (form === 'save') return analyzeSaveFile(text, options);
    const extracted = extractIptablesCommands(text, options);
    const restored = readRestoreBlocks(text, extracted.restoreBlocks);
    const lowered = lowerIptablesCommands([...extracted.commands, ...restored.commands], 'shell');
    return {
      dialect: 'iptables',
      form,
      ruleset: lowered.ruleset,
      diagnostics: inSourceOrder([...extracted.diagnostics, ...restored.diagnostics, ...lowered.diagnostics]),
      definitions: [...extracted.definitions, ...restored.definitions, ...lowered.definitions],
      references: [...extracted.references, ...lowered.references],
      includes: extracted.includes,
    };
  },
};

/**
 * An iptables-save file. `plainAppends` false reads every rule line the
 * general way (the plain reading of plainAppend.ts must give the same).
 */
export function analyzeSaveFile(text: string, options: FrontendOptions, plainAppends = true): FrontendResult {
  const program = saveFileProgram(text, options.uri);
  const read: SaveFileSink = { diagnostics: [], definitions: [] };
  const memo = options.memo?.slot(SAVE_LINE_MEMO);
  const lines = memo ? memo.begin(text, program, mayDeclareChainLine) : text.split('\n');
  // The pass that looks for declarations sees every command line (the lowering asks
  // only without a memo, which always reads them): it also looks for deletions.
  let deletes = false;
  const declaresOrDeletes = (content: string): boolean => {
    if (!deletes && mayDeleteRule(content)) deletes = true;
    return mayDeclareChainLine(content);
  };
  const lowered = lowerIptablesCommands(
    {
      mayDeclareChain: (visit) => saveFileDeclarations(lines, program, declaresOrDeletes, memo, visit),
      all: (visit) => saveFileCommands(lines, program, read, { memo, plainAppends }, visit),
      mayDelete: () => deletes,
    },
    'save',
    memo,
  );
  return {
    dialect: 'iptables',
    form: 'save',
    ruleset: lowered.ruleset,
    diagnostics: inSourceOrder([...read.diagnostics, ...lowered.diagnostics]),
    definitions: [...read.definitions, ...lowered.definitions],
    references: lowered.references,
    includes: [],
  };
}

/**
 * `iptables-restore <<EOF ... EOF` bodies inside scripts are save files: read
 * them with the save reader and move their ranges onto the script's lines.
 * The expanded body is used when the shell expansions kept its line structure;
 * columns are clamped to the written line so every range stays in the document.
 */
function readRestoreBlocks(
  text: string,
  blocks: ExtractedIptablesCommands['restoreBlocks'],
): { commands: IptablesCommand[]; diagnostics: SourceDiagnostic[]; definitions: SymbolDefinition[] } {
  const commands: IptablesCommand[] = [];
  const diagnostics: SourceDiagnostic[] = [];
  const definitions: SymbolDefinition[] = [];
  if (blocks.length === 0) return { commands, diagnostics, definitions };
  const docLines = text.split('\n');
  for (const block of blocks) {
    const body =
      block.expandedText !== undefined && block.expandedText.split('\n').length === block.text.split('\n').length
        ? block.expandedText
        : block.text;
    const shift = (r: Range): Range => {
      const at = (p: Range['start']): Range['start'] => {
        const line = p.line + block.startLine;
        return { line, character: Math.min(p.character, (docLines[line] ?? '').length) };
      };
      return { start: at(r.start), end: at(r.end) };
    };
    const read = readSaveFile(body, block.program);
    for (const c of read.commands) {
      commands.push({ ...c, range: shift(c.range), words: c.words.map((w) => ({ ...w, range: shift(w.range) })) });
    }
    for (const d of read.diagnostics) {
      diagnostics.push({ ...d, range: shift(d.range), related: d.related?.map((r) => ({ ...r, range: shift(r.range) })) });
    }
    for (const d of read.definitions) definitions.push({ ...d, range: shift(d.range), nameRange: shift(d.nameRange) });
  }
  return { commands, diagnostics, definitions };
}
