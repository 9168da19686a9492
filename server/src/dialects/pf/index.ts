// The pf front end: parse pf.conf (following `include` and `load anchor` when
// the host can read files), lower it, and report FW001/FW002.
import type { SourceDiagnostic } from '../../model/source';
import type { IncludeReference } from '../../model/symbols';
import type { Frontend, FrontendOptions, FrontendResult } from '../frontend';
import type { IncludeNode, LoadAnchorNode, Statement } from './ast';
import type { LowerFile } from './lower';
import { lowerPf } from './lower';
import type { ParsedFile, ParseState } from './parser';
import { parsePf } from './parser';
import { PF_STATEMENT_MEMO } from './memo';
import { collectSymbols } from './symbols';

const MAX_INCLUDE_DEPTH = 8;

export const pfFrontend: Frontend = {
  dialect: 'pf',
  analyze(text: string, options: FrontendOptions): FrontendResult {
    return analyzePf(text, options);
  },
};

export function analyzePf(text: string, options: FrontendOptions): FrontendResult {
  const state: ParseState = { macros: new Map() };
  const includes = new Map<IncludeNode, LowerFile>();
  const loadedAnchors = new Map<LoadAnchorNode, LowerFile>();
  const includeRefs: IncludeReference[] = [];
  const reading = [options.uri];

  const readFile = (path: string, fromUri: string): { uri: string; text: string } | undefined => {
    if (!options.readInclude || reading.length > MAX_INCLUDE_DEPTH) return undefined;
    const file = options.readInclude(path, fromUri);
    return file && !reading.includes(file.uri) ? file : undefined;
  };

  /** Included files share macros with the file that includes them, as pfctl reads them in place. */
  const includeHandler =
    (fromUri: string, top: boolean) =>
    (node: IncludeNode): boolean => {
      const file = readFile(node.path.text, fromUri);
      if (top) includeRefs.push({ path: node.path.text, range: node.range, resolved: file !== undefined });
      if (!file) return false;
      reading.push(file.uri);
      const parsed = parsePf(file.text, file.uri, state, includeHandler(file.uri, false));
      reading.pop();
      includes.set(node, { uri: file.uri, lines: parsed.lines, statements: parsed.statements });
      loadAnchors(parsed.statements, file.uri, false);
      return true;
    };

  /** `load anchor NAME from FILE`: the file's rules become the anchor's chain. */
  const loadAnchors = (statements: readonly Statement[], fromUri: string, top: boolean): void => {
    for (const s of statements) {
      if (s.type !== 'load-anchor') continue;
      const file = readFile(s.path.text, fromUri);
      if (top) includeRefs.push({ path: s.path.text, range: s.range, resolved: file !== undefined });
      if (!file) continue;
      reading.push(file.uri);
      const parsed = parsePf(file.text, file.uri, state, includeHandler(file.uri, false));
      loadedAnchors.set(s, { uri: file.uri, lines: parsed.lines, statements: parsed.statements });
      loadAnchors(parsed.statements, file.uri, false);
      reading.pop();
    }
  };

  // The memo serves the document itself: included files are read afresh.
  const memo = options.memo?.slot(PF_STATEMENT_MEMO);
  memo?.begin(text);
  const main = parsePf(text, options.uri, state, includeHandler(options.uri, true), memo);
  loadAnchors(main.statements, options.uri, true);

  const ruleset = lowerPf({ main: { lines: main.lines, statements: main.statements, ...(main.entries && { entries: main.entries, detach: memo?.detaching, log: main.log, replayed: main.replayed }) }, includes, loadedAnchors });
  const symbols = collectSymbols(main.statements, main.macroDefinitions, main.macroReferences, options.uri, main.entries, main);
  memo?.end();
  const diagnostics: SourceDiagnostic[] = main.errors.map((e) => ({ code: 'FW001', severity: 'error', message: e.message, range: e.range }));
  // A loop, not push(...): a large file can have more undefined references than a call has room for arguments.
  for (const d of undefinedReferences(main, symbols, includes, options.uri)) diagnostics.push(d);
  includeRefs.sort((a, b) => a.range.start.line - b.range.start.line);
  return {
    dialect: 'pf',
    form: 'conf',
    ruleset,
    diagnostics,
    definitions: symbols.definitions,
    references: symbols.references,
    includes: includeRefs,
  };
}

/**
 * FW002. Macros: pfctl refuses a macro used before it is defined, so those are
 * errors unless an unread include may define them. Tables: pf creates an
 * undeclared table empty, so a missing declaration is only a warning, and only
 * where the declaration could not be elsewhere.
 */
function undefinedReferences(
  main: ParsedFile,
  symbols: ReturnType<typeof collectSymbols>,
  includes: ReadonlyMap<IncludeNode, LowerFile>,
  uri: string,
): SourceDiagnostic[] {
  const out: SourceDiagnostic[] = [];
  const laterDefinition = new Map(main.macroDefinitions.filter((d) => d.uri === uri).map((d) => [d.name, d]));
  for (const use of main.macroUses) {
    if (use.defined) continue;
    const later = laterDefinition.get(use.name);
    if (later) {
      out.push({
        code: 'FW002',
        severity: 'error',
        message: `macro '$${use.name}' is used before it is defined on line ${later.nameRange.start.line + 1}`,
        range: use.range,
        related: [{ range: later.range, message: `'${use.name}' is defined here` }],
      });
    } else if (!use.afterUnreadInclude) {
      out.push({ code: 'FW002', severity: 'error', message: `macro '$${use.name}' is not defined`, range: use.range });
    }
  }
  const inAnchorFile = /(^|[\\/])pf\.anchors[\\/]/.test(uri);
  const includedTables = [...includes.values()].flatMap((f) => f.statements.filter((s) => s.type === 'table').map((s) => (s.type === 'table' ? s.name.text : '')));
  const unreadInclude = main.statements.some((s) => s.type === 'include' && !includes.has(s));
  if (inAnchorFile || unreadInclude || symbols.declaredTableCount + includedTables.length === 0) return out;
  const known = new Set([...symbols.tableNames, ...includedTables]);
  for (const use of symbols.tableUses) {
    if (use.inAnchor || known.has(use.reference.name)) continue;
    out.push({
      code: 'FW002',
      severity: 'warning',
      message: `table <${use.reference.name}> is never declared; pf will create it empty`,
      range: use.reference.range,
    });
  }
  return out;
}
