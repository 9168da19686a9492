// fwlint command line: `fwlint check ...` and `fwlint lsp --stdio`.
import { tuneJavaScriptEngine } from '../engine-tuning';
import { startServer } from '../lsp/server';
import { parseCheckArgs, USAGE } from './args';
import { runCheck } from './check';
import { collectFiles } from './files';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';

const VERSION = '0.1.0';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

function check(args: readonly string[]): number {
  const parsed = parseCheckArgs(args);
  if (!parsed.ok) {
    process.stderr.write(`fwlint: ${parsed.error}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const options = parsed.value;
  const listed = collectFiles(options.paths);
  const run = runCheck({
    files: listed.files,
    dialect: options.dialect,
    fix: options.fix,
    explicit: new Set(options.paths),
    cwd: process.cwd(),
  });
  const output =
    options.format === 'json' ? formatJson(run.results) : options.format === 'sarif' ? formatSarif(run.results, VERSION) : formatText(run.results);
  process.stdout.write(output);
  for (const w of run.warnings) process.stderr.write(`fwlint: internal error: ${w}\n`);
  const errors = [...listed.errors, ...run.errors];
  for (const e of errors) process.stderr.write(`fwlint: ${e}\n`);
  if (errors.length > 0) return EXIT_USAGE;
  return run.results.some((r) => r.analysis.diagnostics.length > 0) ? EXIT_FINDINGS : EXIT_CLEAN;
}

function main(argv: readonly string[]): void {
  const [command, ...rest] = argv;
  if (command === 'check') {
    process.exitCode = check(rest);
  } else if (command === 'lsp') {
    startServer();
  } else if (command === '--version' || command === '-V') {
    process.stdout.write(`${VERSION}\n`);
  } else if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
  } else {
    process.stderr.write(`${command === undefined ? '' : `fwlint: unknown command ${command}\n`}${USAGE}\n`);
    process.exitCode = EXIT_USAGE;
  }
}

tuneJavaScriptEngine();
main(process.argv.slice(2));
