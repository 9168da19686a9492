// Child process: every regular expression literal in server/src, run against
// adversarial 50,000-character inputs. Prints one line per expression before
// running it, so a parent that kills a hung run knows which one hung.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const LENGTH = 50_000;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

export interface FoundRegex {
  readonly where: string;
  readonly literal: string;
}

export function regexLiterals(): FoundRegex[] {
  const out: FoundRegex[] = [];
  for (const file of files(path.join(ROOT, 'server/src'))) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        out.push({ where: `${path.relative(ROOT, file)}:${line}`, literal: node.getText() });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

/** Inputs that make backtracking engines explode: long runs of what the pattern itself matches, then a character it does not expect. */
function adversarial(re: RegExp): string[] {
  const literalChars = [...new Set(re.source.replace(/\\[dswDSWbB]/g, '').replace(/[\\^$.*+?()[\]{}|]/g, '').split(''))].slice(0, 12);
  const units = ['a', '0', ' ', '\t', '-', '.', ':', '/', '$', '\\', '"', '#', 'a ', '0.', ' -', ...literalChars];
  const tails = ['', '!', '\n', '\u0000'];
  const out: string[] = [];
  for (const u of units) for (const tail of tails) out.push(u.repeat(Math.ceil(LENGTH / u.length)).slice(0, LENGTH) + tail);
  return out;
}

function main(): void {
  const found = regexLiterals();
  for (const { where, literal } of found) {
    const lastSlash = literal.lastIndexOf('/');
    const flags = literal.slice(lastSlash + 1).replace(/[gy]/g, '');
    const re = new RegExp(literal.slice(1, lastSlash), flags);
    process.stdout.write(`RUN ${where} ${literal}\n`);
    const started = Date.now();
    for (const input of adversarial(re)) {
      re.test(input);
      input.replace(new RegExp(re.source, `${flags}g`), '');
    }
    const ms = Date.now() - started;
    if (ms > 1000) process.stdout.write(`SLOW ${ms} ms ${where} ${literal}\n`);
  }
  process.stdout.write(`DONE ${found.length}\n`);
}

if (require.main === module) main();
