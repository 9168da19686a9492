// SARIF 2.1.0 for code-scanning tools: one run, the checks as rules (with
// their documentation link), one result per diagnostic. Columns are one-based
// UTF-16 code units, SARIF's default.
import { describeChecks, diagnosticDocUrl } from '../analysis';
import type { Range, Severity } from '../model/source';
import type { FileResult } from './check';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

interface SarifRule {
  readonly id: string;
  readonly name?: string;
  readonly shortDescription?: { readonly text: string };
  readonly helpUri?: string;
  readonly defaultConfiguration: { readonly level: string };
}

function region(r: Range): Record<string, number> {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function artifactUri(p: string): string {
  return p.split('\\').join('/');
}

export function formatSarif(results: readonly FileResult[], toolVersion: string): string {
  const rules: SarifRule[] = describeChecks().map((c) => ({
    id: c.code,
    name: c.name,
    shortDescription: { text: c.summary },
    helpUri: diagnosticDocUrl(c.code),
    defaultConfiguration: { level: LEVEL[c.defaultSeverity] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const ruleIndex = (code: string): number => {
    let i = index.get(code);
    if (i === undefined) {
      // Codes outside the catalogue (internal errors, includes) still need a rule entry.
      i = rules.length;
      rules.push({ id: code, helpUri: diagnosticDocUrl(code), defaultConfiguration: { level: 'warning' } });
      index.set(code, i);
    }
    return i;
  };
  const sarifResults = results.flatMap((r) =>
    r.analysis.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: ruleIndex(d.code),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(r.path) }, region: region(d.range) } }],
      relatedLocations: d.related?.map((rel, id) => ({
        id,
        message: { text: rel.message },
        physicalLocation: { artifactLocation: { uri: rel.uri ?? artifactUri(r.path) }, region: region(rel.range) },
      })),
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'fwlint', version: toolVersion, informationUri: 'https://example.invalid/fwlint', rules } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
