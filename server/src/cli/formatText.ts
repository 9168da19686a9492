// `path:line:col: severity CODE message`, one line per diagnostic, one-based
// positions as compilers print them.
import type { FileResult } from './check';

export function formatText(results: readonly FileResult[]): string {
  const lines: string[] = [];
  let count = 0;
  for (const r of results) {
    for (const d of r.analysis.diagnostics) {
      lines.push(`${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}`);
      count++;
    }
  }
  const files = results.length;
  lines.push(count === 0 ? `fwlint: no problems found in ${files} file${files === 1 ? '' : 's'}` : `fwlint: ${count} problem${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
