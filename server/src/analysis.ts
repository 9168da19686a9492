// The one function that turns a document into everything the renderers need:
// which dialect it is, what the front end read, what the checks found and the
// text edits of every fix. The language server and the CLI both call it, so an
// editor and `fwlint check` always agree. Plain TypeScript, no I/O: includes
// come through the `readInclude` callback the host provides.
import type { Finding, FixProposal } from './checks/types';
import { detectDocumentKind, callsIptables, sourceFormOf, type DocumentKind } from './dialects/detect';
import type { FrontendOptions, FrontendResult } from './dialects/frontend';
import { FRONTENDS } from './dialects/index';
import type { Dialect, Range, SourceDiagnostic } from './model/source';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

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

/** Codes that are not checks: the analysis reporting on itself. */
export const INTERNAL_ERROR_CODE = 'internal-error';
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
  /** Settings object as the checks expect it (resolved from defaults, client and `.fwlint.json`). */
  readonly settings: unknown;
  readonly readInclude?: FrontendOptions['readInclude'];
  /** Why an include was refused, keyed by the path as written (filled by the include reader during analysis). */
  readonly refusedIncludes?: ReadonlyMap<string, string>;
}

export interface DocumentAnalysis {
  readonly uri: string;
  readonly version: number;
  /** Undefined when the document is not a firewall file (or a script without iptables commands). */
  readonly kind?: DocumentKind;
  readonly frontend?: FrontendResult;
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly AnalysedDiagnostic[];
  /** Set when the analysis threw: the message is also one of the diagnostics. */
  readonly error?: string;
}

export function analyzeDocument(input: AnalysisInput): DocumentAnalysis {
  const kind = input.dialect
    ? { dialect: input.dialect, shell: isShellPath(input.path ?? input.uri) || input.languageId === 'shellscript', reason: 'option' as const }
    : detectDocumentKind({ path: input.path ?? input.uri, languageId: input.languageId, text: input.text });
  if (!kind || (kind.shell && !callsIptables(input.text))) {
    return { uri: input.uri, version: input.version, kind: undefined, findings: [], diagnostics: [] };
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

function isShellPath(p: string): boolean {
  return /\.(sh|bash)$/i.test(p);
}

function analyzeKnownKind(input: AnalysisInput, kind: DocumentKind): DocumentAnalysis {
  const frontend = FRONTENDS[kind.dialect].analyze(input.text, {
    uri: input.uri,
    readInclude: input.readInclude,
    form: sourceFormOf(kind),
  });
  const findings = runChecksOn(frontend, input.text, input.settings);
  const diagnostics: AnalysedDiagnostic[] = [];
  const add = (d: SourceDiagnostic, fixes: readonly RenderedFix[]): void => {
    diagnostics.push({ ...d, id: diagnostics.length, fixes });
  };
  for (const d of frontend.diagnostics) add(d, []);
  for (const f of findings) add(findingToDiagnostic(f), f.fixes.flatMap((fix) => renderFixProposal(input.text, frontend, fix)));
  for (const inc of frontend.includes) {
    const reason = input.refusedIncludes?.get(inc.path);
    if (!inc.resolved && reason !== undefined) {
      add({ code: INCLUDE_CODE, severity: 'information', message: `Include not followed: ${reason}.`, range: inc.range }, []);
    }
  }
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { uri: input.uri, version: input.version, kind, frontend, findings, diagnostics: diagnostics.map((d, id) => ({ ...d, id })) };
}

function findingToDiagnostic(f: Finding): SourceDiagnostic {
  return {
    code: f.code,
    severity: checkSeverity(f.code),
    message: f.message,
    range: f.range,
    related: f.related.length > 0 ? [...f.related] : undefined,
    unnecessary: f.unnecessary,
  };
}

// ---------------------------------------------------------------------------
// Plug-in point: checks (server/src/checks) and fix rendering (server/src/fixes).
// Everything else in the product reaches them only through these three functions.
// ---------------------------------------------------------------------------

function runChecksOn(_frontend: FrontendResult, _text: string, _settings: unknown): Finding[] {
  return [];
}

function checkSeverity(_code: string): SourceDiagnostic['severity'] {
  return 'warning';
}

function renderFixProposal(_text: string, _frontend: FrontendResult, _fix: FixProposal): RenderedFix[] {
  return [];
}

const CHECK_CODE = /^(FW|FTP)\d{3}$/;
const DOCS_BASE = 'https://example.invalid/fwlint/docs/checks/';

/** The documentation page of a diagnostic code; undefined for codes that are not checks. */
export function diagnosticDocUrl(code: string): string | undefined {
  return CHECK_CODE.test(code) ? `${DOCS_BASE}${code}.md` : undefined;
}

export interface CheckDescription {
  readonly code: string;
  readonly name?: string;
  readonly summary?: string;
  readonly defaultSeverity: SourceDiagnostic['severity'];
}

/** Every check fwlint has, for SARIF rule metadata. */
export function describeChecks(): CheckDescription[] {
  return [];
}
