// The JSON report, exactly the shape docs/architecture.md and README.md
// document: zero-based positions as in LSP.
import type { FileResult } from './check';

export function formatJson(results: readonly FileResult[]): string {
  const files = results.map((r) => ({
    path: r.path,
    dialect: r.analysis.kind?.dialect,
    diagnostics: r.analysis.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      range: d.range,
      fixes: d.fixes.map((f) => ({ title: f.title, preferred: f.preferred, edits: f.edits.map((e) => ({ range: e.range, newText: e.newText })) })),
    })),
  }));
  return JSON.stringify({ files }, null, 2) + '\n';
}
