// The full server path over one text, with every invariant the editor relies
// on checked: analysis finishes without throwing or reporting an internal
// error, every range it returns lies inside the document, hovers, the outline
// and every rendered fix can be computed. Shared by the CI fuzz tests and
// `npm run fuzz`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDocument, INTERNAL_ERROR_CODE, type DocumentAnalysis } from '../../server/src/analysis';
import { applyEdits } from '../../server/src/fixes/index';
import { hoverAt } from '../../server/src/lsp/hover';
import { documentSymbols } from '../../server/src/lsp/symbols';
import { allRules } from '../../server/src/model/ruleset';
import type { Dialect, Position, Range } from '../../server/src/model/source';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const CORPUS_DIR = path.resolve(REPO_ROOT, '../shared/corpus');

export type CaseName = 'iptables-save' | 'iptables-shell' | 'nftables' | 'pf';

export interface DialectCase {
  readonly name: CaseName;
  readonly dialect: Dialect;
  /** A file name that makes detection agree with the forced dialect. */
  readonly fileName: string;
  readonly languageId: string;
  /** Shell scripts are analysed only when they call iptables: random text gets this first line. */
  readonly prefix: string;
}

export const CASES: readonly DialectCase[] = [
  { name: 'iptables-save', dialect: 'iptables', fileName: 'rules.v4', languageId: 'iptables', prefix: '' },
  { name: 'iptables-shell', dialect: 'iptables', fileName: 'firewall.sh', languageId: 'shellscript', prefix: 'iptables -F\n' },
  { name: 'nftables', dialect: 'nftables', fileName: 'ruleset.nft', languageId: 'nftables', prefix: '' },
  { name: 'pf', dialect: 'pf', fileName: 'pf.conf', languageId: 'pf', prefix: '' },
];

export function caseNamed(name: CaseName): DialectCase {
  const found = CASES.find((c) => c.name === name);
  if (!found) throw new Error(`no case ${name}`);
  return found;
}

/** Corpus files of one case (absolute paths), or undefined when the corpus is not beside the repository. */
export function corpusFiles(c: DialectCase): string[] | undefined {
  const dir = path.join(CORPUS_DIR, c.dialect);
  if (!fs.existsSync(dir)) return undefined;
  const isShell = (f: string): boolean => f.endsWith('.sh');
  return fs
    .readdirSync(dir)
    .filter((f) => (c.name === 'iptables-shell' ? isShell(f) : c.name === 'iptables-save' ? !isShell(f) : true))
    .sort()
    .map((f) => path.join(dir, f));
}

export class InvariantError extends Error {}

/** Line lengths as an editor counts lines: `\r\n`, `\r` and `\n` each end one (LSP). */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

function checkPosition(lengths: readonly number[], p: Position, what: string): void {
  if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) throw new InvariantError(`${what}: non-integer position ${JSON.stringify(p)}`);
  if (p.line < 0 || p.line >= lengths.length) throw new InvariantError(`${what}: line ${p.line} outside 0..${lengths.length - 1}`);
  if (p.character < 0 || p.character > lengths[p.line]) throw new InvariantError(`${what}: character ${p.character} outside 0..${lengths[p.line]} on line ${p.line}`);
}

function checkRange(lengths: readonly number[], r: Range, what: string): void {
  checkPosition(lengths, r.start, `${what} start`);
  checkPosition(lengths, r.end, `${what} end`);
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) {
    throw new InvariantError(`${what}: range ends before it starts ${JSON.stringify(r)}`);
  }
}

export interface ExerciseOptions {
  /** Hover positions to try besides the start of every diagnostic (default 4 spread over the text). */
  readonly hoverSamples?: number;
}

/** Runs the full analysis path over `text` as a document of case `c`; throws InvariantError on any broken promise. */
export function exercise(text: string, c: DialectCase, options: ExerciseOptions = {}): DocumentAnalysis {
  const uri = `file:///fuzz/${c.fileName}`;
  const analysis = analyzeDocument({ uri, path: `/fuzz/${c.fileName}`, text, version: 7, languageId: c.languageId, dialect: c.dialect, settings: {} });
  if (analysis.error !== undefined) throw new InvariantError(`analysis reported an error: ${analysis.error}`);
  const internal = analysis.diagnostics.find((d) => d.code === INTERNAL_ERROR_CODE);
  if (internal) throw new InvariantError(`internal error diagnostic: ${internal.message}`);
  const lengths = lineLengths(text);
  for (const d of analysis.diagnostics) {
    checkRange(lengths, d.range, `${d.code} diagnostic`);
    for (const r of d.related ?? []) if (r.uri === undefined || r.uri === uri) checkRange(lengths, r.range, `${d.code} related`);
    for (const fix of d.fixes) {
      for (const e of fix.edits) checkRange(lengths, e.range, `${d.code} fix "${fix.title}" edit`);
      applyEdits(text, fix.edits);
    }
  }
  const frontend = analysis.frontend;
  if (frontend) {
    for (const def of frontend.definitions) {
      checkRange(lengths, def.range, `definition ${def.name}`);
      checkRange(lengths, def.nameRange, `definition name ${def.name}`);
    }
    for (const ref of frontend.references) checkRange(lengths, ref.range, `reference ${ref.name}`);
    for (const inc of frontend.includes) checkRange(lengths, inc.range, `include ${inc.path}`);
    for (const rule of allRules(frontend.ruleset)) if (rule.uri === undefined || rule.uri === uri) checkRange(lengths, rule.range, `rule ${rule.id}`);
    documentSymbols(frontend.definitions);
    const samples = options.hoverSamples ?? 4;
    const positions: Position[] = analysis.diagnostics.slice(0, 8).map((d) => d.range.start);
    for (let i = 0; i < samples; i++) {
      const line = Math.floor((lengths.length * i) / Math.max(1, samples));
      positions.push({ line, character: Math.floor(lengths[line] / 2) });
    }
    for (const p of positions) {
      const hover = hoverAt(analysis, text, p);
      if (hover?.range) checkRange(lengths, hover.range, 'hover');
    }
  }
  return analysis;
}
