// fwlint command line: `fwlint check ...` and `fwlint lsp --stdio`.
import { startServer } from '../lsp/server';

const [command] = process.argv.slice(2);
if (command === 'lsp') {
  startServer();
} else {
  process.stderr.write('usage: fwlint check [--format text|json|sarif] PATH... | fwlint lsp --stdio\n');
  process.exitCode = 2;
}
