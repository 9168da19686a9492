// Shared helpers for the shell front-end tests: run the extractor on a string
// and render commands compactly (`~` marks a dynamic word).
import { extractIptablesCommands } from '../../server/src/dialects/shell';
import type { ExtractedIptablesCommands } from '../../server/src/dialects/shell';
import type { FrontendOptions } from '../../server/src/dialects/frontend';
import type { Range } from '../../server/src/model/source';

export function extract(script: string, options: Partial<FrontendOptions> = {}): ExtractedIptablesCommands {
  return extractIptablesCommands(script, { uri: 'file:///test.sh', ...options });
}

export function render(result: ExtractedIptablesCommands): string[] {
  return result.commands.map((c) => [c.program, ...c.words.map((w) => (w.dynamic ? '~' : '') + w.text)].join(' '));
}

export function commandsOf(script: string, options: Partial<FrontendOptions> = {}): string[] {
  return render(extract(script, options));
}

/** `line:char-line:char`, zero-based, for compact range assertions. */
export function at(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

export function codes(result: ExtractedIptablesCommands): string[] {
  return result.diagnostics.map((d) => `${d.code}@${at(d.range)}`);
}
