// Conversions from the analysis' plain shapes to LSP types. The only place
// where a SourceDiagnostic becomes a Diagnostic.
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver/node';
import type { AnalysedDiagnostic } from '../analysis';
import type { Severity } from '../model/source';
import { diagnosticDocUrl } from '../analysis';
import { documentationUrl } from '../workspace';

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries so a code action can find its fixes again. */
export interface DiagnosticData {
  readonly id: number;
  readonly version: number;
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'number' && typeof v.version === 'number';
}

export function toLspDiagnostic(d: AnalysedDiagnostic, uri: string, version: number): Diagnostic {
  const href = documentationUrl(d.code, diagnosticDocUrl);
  const related: DiagnosticRelatedInformation[] | undefined = d.related?.map((r) => ({
    location: { uri: r.uri ?? uri, range: r.range },
    message: r.message,
  }));
  const data: DiagnosticData = { id: d.id, version };
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: href ? { href } : undefined,
    source: 'fwlint',
    message: d.message,
    relatedInformation: related && related.length > 0 ? related : undefined,
    tags: d.unnecessary ? [DiagnosticTag.Unnecessary] : undefined,
    data,
  };
}
