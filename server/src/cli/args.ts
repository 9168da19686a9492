// Command-line parsing for `fwlint check`. No library: the grammar is small
// and the errors should name exactly what was wrong.
import type { Dialect } from '../model/source';
import { DIALECTS, isDialect } from '../dialects/detect';

export type OutputFormat = 'text' | 'json' | 'sarif';
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export interface CheckOptions {
  readonly format: OutputFormat;
  readonly dialect?: Dialect;
  readonly fix: boolean;
  readonly paths: readonly string[];
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const USAGE = `usage: fwlint check [--format text|json|sarif] [--dialect ${DIALECTS.join('|')}] [--fix] PATH...
       fwlint lsp --stdio
Checks iptables, nftables and pf rule files (directories are searched for them).
Exit status: 0 nothing found, 1 findings remain, 2 usage error or unreadable input.`;

export function parseCheckArgs(args: readonly string[]): Parsed<CheckOptions> {
  let format: OutputFormat = 'text';
  let dialect: Dialect | undefined;
  let fix = false;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--format') {
      const v = value();
      if (!v || !(FORMATS as readonly string[]).includes(v)) return { ok: false, error: `--format expects one of ${FORMATS.join(', ')}` };
      format = v as OutputFormat;
    } else if (flag === '--dialect') {
      const v = value();
      if (!v || !isDialect(v)) return { ok: false, error: `--dialect expects one of ${DIALECTS.join(', ')}` };
      dialect = v;
    } else if (flag === '--fix') {
      fix = true;
    } else if (flag === '--') {
      paths.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { ok: false, error: `unknown option ${arg}` };
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) return { ok: false, error: 'no PATH given' };
  return { ok: true, value: { format, dialect, fix, paths } };
}
