// The two diagnostics the iptables front end reports itself.
import type { Range, SourceDiagnostic } from '../../model/source';

export function syntaxError(range: Range, message: string): SourceDiagnostic {
  return { code: 'FW001', severity: 'error', message, range };
}

export function undefinedReference(range: Range, message: string): SourceDiagnostic {
  return { code: 'FW002', severity: 'warning', message, range };
}
