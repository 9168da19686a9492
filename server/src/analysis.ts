// The one function that turns a document into everything the renderers need:
// which dialect it is, what the front end read, what the checks found and the
// text edits of every fix. The language server and the CLI both call it, so an
// editor and `fwlint check` always agree. Plain TypeScript, no I/O: includes
// come through the `readInclude` callback the host provides.
import { CHECKS, checkDocUrl, FRONTEND_CODES, runChecks, type CheckedFinding } from './checks/index';
import { INTERNAL_CHECK_ERROR } from './checks/frontend-codes';
import type { FixProposal } from './checks/types';
import { detectDocumentKind, callsIptables, sourceFormOf, type DocumentKind } from './dialects/detect';
import type { FrontendOptions, FrontendResult } from './dialects/frontend';
import { FRONTENDS } from './dialects/index';
import type { FrontendMemo, MemoSlot } from './dialects/memo';
import { renderFix, type TextEdit } from './fixes/index';
import { inputLimitViolation, INPUT_TOO_LARGE_CODE } from './limits';
import type { Dialect, SourceDiagnostic } from './model/source';
import { resolveSettings, type Settings } from './settings';

export type { TextEdit } from './fixes/index';

export interface RenderedFix {
  readonly title: string;
  readonly preferred: boolean;
  readonly safety: 'safe' | 'unsafe';
  readonly edits: readonly TextEdit[];
}

export interface AnalysedDiagnostic extends SourceDiagnostic {
  /** Stable within one analysis: code actions find a diagnostic's fixes by it. */
  readonly id: number;
  readonly fixes: readonly RenderedFix[];
}

/** The analysis reporting on itself: an internal error (shared with the check runner) and an include it did not follow. */
export const INTERNAL_ERROR_CODE = INTERNAL_CHECK_ERROR;
export const INCLUDE_CODE = 'include-not-followed';

export interface AnalysisInput {
  readonly uri: string;
  readonly text: string;
  /** Document version (LSP) or 0 (CLI); carried into the result so stale answers can be refused. */
  readonly version: number;
  /** Path used for name-based detection (defaults to the URI). */
  readonly path?: string;
  readonly languageId?: string;
  /** Forces the dialect (CLI `--dialect`), before any detection. */
  readonly dialect?: Dialect;
  /** Settings as JSON from the client and `.fwlint.json`; anything malformed falls back to defaults. */
  readonly settings: unknown;
  readonly readInclude?: FrontendOptions['readInclude'];
  /** Why an include was refused, keyed by the path as written (filled by the include reader during analysis). */
  readonly refusedIncludes?: ReadonlyMap<string, string>;
  /** Kept by the host per document between analyses, so an edit re-reads only what it changed. */
  readonly memo?: FrontendMemo;
}

export interface DocumentAnalysis {
  readonly uri: string;
  readonly version: number;
  /** Undefined when the document is not a firewall file (or a script without iptables commands). */
  readonly kind?: DocumentKind;
  readonly frontend?: FrontendResult;
  readonly findings: readonly CheckedFinding[];
  readonly diagnostics: readonly AnalysedDiagnostic[];
  /**
   * Set when part of the analysis threw, for the host's log. When the whole
   * analysis failed the message is also a diagnostic; a fix that failed to
   * render (fixes render when first read) is only left out, and named here.
   */
  readonly error?: string;
}

export function analyzeDocument(input: AnalysisInput): DocumentAnalysis {
  const kind = input.dialect
    ? { dialect: input.dialect, shell: isShellPath(input.path ?? input.uri) || input.languageId === 'shellscript', reason: 'option' as const }
    : detectDocumentKind({ path: input.path ?? input.uri, languageId: input.languageId, text: input.text });
  if (!kind || (kind.shell && !callsIptables(input.text))) {
    return { uri: input.uri, version: input.version, kind: undefined, findings: [], diagnostics: [] };
  }
  const tooLarge = inputLimitViolation(input.text);
  if (tooLarge) {
    const range = { start: { line: tooLarge.line, character: 0 }, end: { line: tooLarge.line, character: tooLarge.endCharacter } };
    const diagnostic: AnalysedDiagnostic = { id: 0, code: INPUT_TOO_LARGE_CODE, severity: 'warning', message: tooLarge.message, range, fixes: [] };
    return { uri: input.uri, version: input.version, kind, findings: [], diagnostics: [diagnostic] };
  }
  try {
    return analyzeKnownKind(input, kind);
  } catch (e) {
    // Front ends and checks must not throw; if one does, the user sees it on
    // the first line and everything else keeps working.
    const message = `fwlint could not analyse this file: ${e instanceof Error ? e.message : String(e)}`;
    const diagnostic: AnalysedDiagnostic = {
      id: 0,
      code: INTERNAL_ERROR_CODE,
      severity: 'error',
      message,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      fixes: [],
    };
    return { uri: input.uri, version: input.version, kind, findings: [], diagnostics: [diagnostic], error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}

/**
 * Editors (LSP) end a line at `\r\n`, `\r` or `\n`; the front ends expect
 * `\n`. Both rewrites keep every line and character position the same in the
 * editor's terms, so ranges computed on the result fit the document as the
 * editor holds it. Fixes see the CRLF text (to answer in the file's style),
 * the front ends plain `\n`.
 */
function editorLines(text: string): { forFixes: string; forParsing: string } {
  if (!text.includes('\r')) return { forFixes: text, forParsing: text };
  return { forFixes: text.replace(/\r(?!\n)/g, '\n'), forParsing: text.replace(/\r\n?/g, '\n') };
}

function isShellPath(p: string): boolean {
  return /\.(sh|bash)$/i.test(p);
}

/** The rendered fixes of a diagnostic without any: one list for all of them. */
const NO_RENDERED_FIXES: readonly RenderedFix[] = [];
/** What a diagnostic without fixes renders. */
const noFixes = (): readonly RenderedFix[] => NO_RENDERED_FIXES;

function analyzeKnownKind(input: AnalysisInput, kind: DocumentKind): DocumentAnalysis {
  const text = editorLines(input.text);
  const frontend = FRONTENDS[kind.dialect].analyze(text.forParsing, {
    uri: input.uri,
    readInclude: input.readInclude,
    form: sourceFormOf(kind),
    memo: input.memo,
  });
  const settings = resolveSettings(input.settings);
  const findings = runChecks(frontend, text.forParsing, settings, { memo: input.memo });
  // Fixes are rendered when first asked for (a quick-fix request, `--fix`):
  // most diagnostics are looked at without them, and rendering reads the text.
  const sources: SourceDiagnostic[] = [];
  const renders: Array<() => readonly RenderedFix[]> = [];
  const add = (d: SourceDiagnostic, render: () => readonly RenderedFix[]): void => {
    const configured = settings.checks[d.code];
    if (configured?.enabled === false) return;
    const severity = configured?.severity ?? d.severity;
    sources.push(severity === d.severity ? d : { ...d, severity });
    renders.push(render);
  };
  for (const d of frontend.diagnostics) add(d, noFixes);
  const fixErrors: string[] = [];
  for (const f of findings) {
    add(findingToDiagnostic(f), f.fixes.length === 0 ? noFixes : () => f.fixes.flatMap((fix) => renderFixProposal(text.forFixes, frontend, fix, fixErrors)));
  }
  for (const inc of frontend.includes) {
    const reason = input.refusedIncludes?.get(inc.path);
    if (!inc.resolved && reason !== undefined) {
      add({ code: INCLUDE_CODE, severity: 'information', message: `Include not followed: ${reason}.`, range: inc.range }, noFixes);
    }
  }
  sortByPosition(sources, renders);
  return {
    uri: input.uri,
    version: input.version,
    kind,
    frontend,
    findings,
    diagnostics: analysedDiagnostics(sources, renders, input.memo?.slot(PUBLISHED)),
    get error(): string | undefined {
      return fixErrors.length > 0 ? fixErrors.join('\n') : undefined;
    },
  };
}

/** Orders diagnostics (and their renderers alongside) by start position, keeping the order of those at the same place. */
function sortByPosition(sources: SourceDiagnostic[], renders: Array<() => readonly RenderedFix[]>): void {
  // Checks report in position order: most lists need only this one pass.
  let sorted = true;
  for (let i = 1; i < sources.length && sorted; i++) sorted = startsBefore(sources[i - 1], sources[i]) <= 0;
  if (sorted) return;
  const pairs = sources.map((diagnostic, i) => ({ diagnostic, render: renders[i] }));
  pairs.sort((a, b) => startsBefore(a.diagnostic, b.diagnostic));
  for (let i = 0; i < pairs.length; i++) {
    sources[i] = pairs[i].diagnostic;
    renders[i] = pairs[i].render;
  }
}

function startsBefore(a: SourceDiagnostic, b: SourceDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/**
 * The diagnostics a document's previous analysis published, kept in its memo:
 * after an edit of a large file most of them come again from the same kept
 * findings (FW003), at the same place in the list.
 */
class PublishedDiagnostics {
  /** Per position: the diagnostic without fixes an analysed one was made from (undefined for one with fixes). */
  sources: ReadonlyArray<SourceDiagnostic | undefined> = [];
  analysed: readonly AnalysedDiagnostic[] = [];
}

const PUBLISHED: MemoSlot<PublishedDiagnostics> = { name: 'published diagnostics', create: () => new PublishedDiagnostics() };

/**
 * The analysed diagnostics, numbered by position. One made from the same
 * diagnostic, without fixes, at the same position as in the previous analysis
 * is that analysis's object: it holds the same fields and the same id.
 */
function analysedDiagnostics(
  sources: readonly SourceDiagnostic[],
  renders: ReadonlyArray<() => readonly RenderedFix[]>,
  published: PublishedDiagnostics | undefined,
): AnalysedDiagnostic[] {
  const out = new Array<AnalysedDiagnostic>(sources.length);
  const keptSources = published?.sources ?? [];
  const keptAnalysed = published?.analysed ?? [];
  const plain = published ? new Array<SourceDiagnostic | undefined>(sources.length) : undefined;
  for (let id = 0; id < sources.length; id++) {
    const source = sources[id];
    const render = renders[id];
    if (render === noFixes) {
      out[id] = keptSources[id] === source ? keptAnalysed[id] : withLazyFixes(source, id, render);
      if (plain) plain[id] = source;
    } else {
      out[id] = withLazyFixes(source, id, render);
    }
  }
  if (published && plain) {
    published.sources = plain;
    published.analysed = out;
  }
  return out;
}

/** The diagnostic each analysed one was made from (the same object between analyses while its finding is kept). */
const madeFrom = new WeakMap<AnalysedDiagnostic, SourceDiagnostic>();

/**
 * The diagnostic `d` was made from. A check that keeps a finding between
 * analyses (FW003) gets the same one back, so renderers may keep what they
 * made of it, checking the positions (an edit may move a kept range).
 */
export function sourceOfDiagnostic(d: AnalysedDiagnostic): SourceDiagnostic | undefined {
  return madeFrom.get(d);
}

function withLazyFixes(diagnostic: SourceDiagnostic, id: number, render: () => readonly RenderedFix[]): AnalysedDiagnostic {
  // Object.assign and a defined property, not an object literal that spreads
  // and has a getter: a large file has thousands of diagnostics per edit, and
  // that literal takes the engine's slow path.
  const d = Object.assign({}, diagnostic) as SourceDiagnostic & { id: number; fixes: readonly RenderedFix[] };
  d.id = id;
  madeFrom.set(d, diagnostic);
  if (render === noFixes) {
    d.fixes = NO_RENDERED_FIXES;
    return d;
  }
  let fixes: readonly RenderedFix[] | undefined;
  Object.defineProperty(d, 'fixes', {
    get(): readonly RenderedFix[] {
      fixes ??= render();
      return fixes;
    },
    enumerable: true,
    configurable: true,
  });
  return d;
}

/** Per finding: a check that keeps a finding between analyses (FW003) gets the same diagnostic back. */
const diagnosticOf = new WeakMap<CheckedFinding, SourceDiagnostic>();

function findingToDiagnostic(f: CheckedFinding): SourceDiagnostic {
  let d = diagnosticOf.get(f);
  if (!d) {
    d = newDiagnostic(f);
    diagnosticOf.set(f, d);
  }
  return d;
}

function newDiagnostic(f: CheckedFinding): SourceDiagnostic {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    range: f.range,
    related: f.related.length > 0 ? [...f.related] : undefined,
    unnecessary: f.unnecessary,
  };
}

/** A fix that renders to nothing (already applied) or fails to render is not offered. */
function renderFixProposal(text: string, frontend: FrontendResult, fix: FixProposal, errors: string[]): RenderedFix[] {
  let edits: TextEdit[];
  try {
    edits = renderFix(text, frontend, fix);
  } catch (e) {
    errors.push(`fix "${fix.title}" could not be rendered: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return [];
  }
  return edits.length === 0 ? [] : [{ title: fix.title, preferred: fix.preferred, safety: fix.safety, edits }];
}

const DOCUMENTED = [...FRONTEND_CODES.map((c) => c.meta), ...CHECKS.map((c) => c.meta)];

/** The documentation page of a diagnostic code; undefined for codes without one. */
export function diagnosticDocUrl(code: string): string | undefined {
  return DOCUMENTED.some((m) => m.code === code) ? checkDocUrl(code) : undefined;
}

export interface CheckDescription {
  readonly code: string;
  readonly name: string;
  readonly summary: string;
  readonly defaultSeverity: SourceDiagnostic['severity'];
}

/** Every code fwlint reports with documentation (front-end codes and checks), for SARIF rule metadata. */
export function describeChecks(): CheckDescription[] {
  return DOCUMENTED.map((m) => ({ code: m.code, name: m.name, summary: m.summary, defaultSeverity: m.defaultSeverity }));
}
