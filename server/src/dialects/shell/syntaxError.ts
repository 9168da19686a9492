// FW001 diagnostics for shell text the analyser cannot read.
import type { SourceDiagnostic } from '../../model/source';
import type { LineMap } from './lineMap';

export function syntaxError(lines: LineMap, start: number, end: number, message: string): SourceDiagnostic {
  return { code: 'FW001', severity: 'error', message, range: lines.range(start, Math.max(end, start)) };
}
