// The language server: binds each LSP request to one method, the way
// bash-language-server does. Analysis lives in ../analysis.ts and never sees
// the connection; this folder is the only code that knows LSP.
import { FrontendMemo } from '../dialects/memo';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type DefinitionParams,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type MessageReader,
  type ReferenceParams,
  type ServerCapabilities,
  type TextDocumentPositionParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument, type DocumentAnalysis } from '../analysis';
import type { FrontendResult } from '../dialects/frontend';
import { createIncludeReader, uriToPath, CONFIG_FILE_NAME } from '../workspace';
import { codeActions, FIX_ALL_KIND } from './codeActions';
import { toLspDiagnostic } from './convert';
import { Debouncer } from './debounce';
import { consoleToClient, diagnosticsTextWriter, keepDiagnosticsText } from './diagnosticsJson';
import { hoverAt } from './hover';
import { definitionsOf, referencesOf, symbolAt, type NamedThing } from './navigation';
import { SettingsStore } from './settings';
import { documentSymbols } from './symbols';

/**
 * Quiet time after an edit before the document is re-analysed: long enough to
 * fold edits a client sends together (they arrive, and are read one event-loop
 * turn each, within a millisecond) into one analysis, short, because it is part of every edit's latency
 * (budget 50 ms). Keystrokes are further apart than this, and analysis is
 * synchronous: edits that arrive while it runs wait, then reschedule this
 * timer, so only the newest version is analysed next, and a result whose
 * version is no longer current is never published.
 */
const ANALYSIS_DELAY_MS = 2;

export class FwlintServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly analyses = new Map<string, DocumentAnalysis>();
  /** Per open document: what the front end keeps between analyses of it. */
  private readonly memos = new Map<string, FrontendMemo>();
  private readonly debouncer = new Debouncer();
  private readonly settings: SettingsStore;
  private canPullConfiguration = false;
  private canWatchFiles = false;

  constructor(private readonly connection: Connection) {
    this.settings = new SettingsStore(connection, () => this.canPullConfiguration);
  }

  register(): void {
    const c = this.connection;
    c.onInitialize((p) => this.onInitialize(p));
    c.onInitialized(() => this.onInitialized());
    c.onDidChangeConfiguration(() => this.onSettingsChanged());
    c.onDidChangeWatchedFiles(() => this.onSettingsChanged());
    c.onDocumentSymbol((p) => this.guard('documentSymbol', () => this.onDocumentSymbol(p), []));
    c.onDefinition((p) => this.guard('definition', () => this.onDefinition(p), []));
    c.onReferences((p) => this.guard('references', () => this.onReferences(p), []));
    c.onHover((p) => this.guard('hover', () => this.onHover(p), null));
    c.onCodeAction((p) => this.guard('codeAction', () => this.onCodeAction(p), []));
    c.onShutdown(() => this.debouncer.cancelAll());
    this.documents.onDidChangeContent((e) => this.scheduleDiagnostics(e.document, ANALYSIS_DELAY_MS));
    this.documents.onDidClose((e) => this.onDidClose(e.document.uri));
    this.documents.listen(c);
  }

  capabilities(): ServerCapabilities {
    return {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentSymbolProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
  }

  private onInitialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.canPullConfiguration = caps.workspace?.configuration === true;
    this.canWatchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    this.settings.setFolders(folders);
    return { capabilities: this.capabilities(), serverInfo: { name: 'fwlint', version: '0.1.0' } };
  }

  private onInitialized(): void {
    if (this.canWatchFiles) {
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] });
    }
    if (this.canPullConfiguration) {
      this.connection.workspace.onDidChangeWorkspaceFolders((e) => {
        this.settings.addRemoveFolders(e.added, e.removed);
        this.onSettingsChanged();
      });
    }
  }

  private onSettingsChanged(): void {
    this.settings.invalidate();
    this.analyses.clear();
    for (const doc of this.documents.all()) this.scheduleDiagnostics(doc, 0);
  }

  private onDidClose(uri: string): void {
    this.debouncer.cancel(uri);
    this.analyses.delete(uri);
    this.memos.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private scheduleDiagnostics(document: TextDocument, delayMs: number): void {
    this.debouncer.schedule(document.uri, delayMs, () => void this.publishDiagnostics(document.uri));
  }

  private async publishDiagnostics(uri: string): Promise<void> {
    const analysis = await this.analysisFor(uri);
    // A newer edit arrived while settings were fetched: its own run will publish.
    if (!analysis || this.documents.get(uri)?.version !== analysis.version) return;
    const diagnostics = analysis.diagnostics.map((d) => toLspDiagnostic(d, uri, analysis.version));
    keepDiagnosticsText(diagnostics, analysis.diagnostics, uri);
    void this.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
  }

  /** The analysis of the document's current version, computed at most once per version. */
  private async analysisFor(uri: string): Promise<DocumentAnalysis | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const cached = this.analyses.get(uri);
    if (cached && cached.version === document.version) return cached;
    const settings = await this.settings.forDocument(uri);
    const current = this.documents.get(uri);
    if (!current || current.version !== document.version) return undefined;
    for (const problem of settings.problems) this.connection.console.warn(problem);
    const includes = createIncludeReader(settings.root, uri);
    const analysis = analyzeDocument({
      uri,
      path: uriToPath(uri),
      text: document.getText(),
      version: document.version,
      languageId: document.languageId,
      settings: settings.json,
      readInclude: includes.read,
      refusedIncludes: includes.refused,
      memo: this.memoFor(uri),
    });
    if (analysis.error) this.connection.console.error(`fwlint: analysis of ${uri} failed: ${analysis.error}`);
    this.analyses.set(uri, analysis);
    return analysis;
  }

  private memoFor(uri: string): FrontendMemo {
    let memo = this.memos.get(uri);
    if (!memo) {
      memo = new FrontendMemo();
      this.memos.set(uri, memo);
    }
    return memo;
  }

  /** A failing handler answers with an empty result and a log line; the server keeps running. */
  private async guard<T>(name: string, run: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await run();
    } catch (e) {
      this.connection.console.error(`fwlint: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  }

  private async onDocumentSymbol(params: DocumentSymbolParams): Promise<DocumentSymbol[]> {
    const analysis = await this.analysisFor(params.textDocument.uri);
    return analysis?.frontend ? documentSymbols(analysis.frontend.definitions) : [];
  }

  /** The front end's result and the named thing under the cursor, for definition and references. */
  private async symbolUnderCursor(params: TextDocumentPositionParams): Promise<{ frontend: FrontendResult; thing: NamedThing } | undefined> {
    const frontend = (await this.analysisFor(params.textDocument.uri))?.frontend;
    const thing = frontend ? symbolAt(frontend.definitions, frontend.references, params.position) : undefined;
    return frontend && thing ? { frontend, thing } : undefined;
  }

  private async onDefinition(params: DefinitionParams): Promise<Location[]> {
    const uri = params.textDocument.uri;
    const found = await this.symbolUnderCursor(params);
    if (!found) return [];
    return definitionsOf(found.frontend.definitions, found.thing).map((d) => ({ uri, range: d.nameRange }));
  }

  private async onReferences(params: ReferenceParams): Promise<Location[]> {
    const uri = params.textDocument.uri;
    const found = await this.symbolUnderCursor(params);
    if (!found) return [];
    const refs = referencesOf(found.frontend.references, found.thing).map((r) => ({ uri, range: r.range }));
    const defs = params.context.includeDeclaration ? definitionsOf(found.frontend.definitions, found.thing).map((d) => ({ uri, range: d.nameRange })) : [];
    return [...defs, ...refs];
  }

  private async onHover(params: HoverParams): Promise<Hover | null> {
    const uri = params.textDocument.uri;
    const analysis = await this.analysisFor(uri);
    const document = this.documents.get(uri);
    if (!analysis || !document) return null;
    const hover = hoverAt(analysis, document.getText(), params.position);
    return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: hover.range } : null;
  }

  private async onCodeAction(params: CodeActionParams): Promise<CodeAction[]> {
    const analysis = await this.analysisFor(params.textDocument.uri);
    if (!analysis) return [];
    const actions = codeActions(analysis, params.context.diagnostics, params.context.only);
    // Fixes render on demand: one that failed to is left out of the menu, and logged.
    if (analysis.error) this.connection.console.error(`fwlint: quick fixes for ${params.textDocument.uri}: ${analysis.error}`);
    return actions;
  }
}

/** Starts the server on the transport named on the command line (`--stdio`, `--node-ipc`, `--socket=N`). */
export function startServer(): void {
  const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);
  new FwlintServer(connection).register();
  connection.listen();
}

/**
 * Over stdio, messages are written by diagnosticsTextWriter (diagnostics from
 * kept text). The input stays the stream itself, which createConnection reads
 * as it does for `--stdio` (ending the process when it closes); its typings
 * pair a stream only with another stream, hence the cast.
 */
function stdioConnection(): Connection {
  const input = process.stdin as unknown as MessageReader;
  const connection = createConnection(ProposedFeatures.all, input, diagnosticsTextWriter(process.stdout));
  consoleToClient(connection);
  return connection;
}
