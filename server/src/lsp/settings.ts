// Settings for one document: the client's `fwlint.*` settings for its
// workspace folder (workspace/configuration), overridden by the nearest
// `.fwlint.json` inside that folder, which the CLI reads too.
import * as path from 'path';
import type { Connection, WorkspaceFolder } from 'vscode-languageserver/node';
import { findConfigFile, readConfigFile, uriToPath, withFtpServerPassiveRange } from '../workspace';

export interface DocumentSettings {
  /** The raw merged object handed to the checks' settings resolver. */
  readonly json: Record<string, unknown>;
  /** The workspace folder (a path) that bounds includes and config lookup. */
  readonly root?: string;
  /** Problems worth telling the user (an unreadable `.fwlint.json`). */
  readonly problems: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class SettingsStore {
  private readonly clientSettings = new Map<string, Promise<Record<string, unknown>>>();
  private folders: WorkspaceFolder[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly canPullConfiguration: () => boolean,
  ) {}

  setFolders(folders: readonly WorkspaceFolder[]): void {
    this.folders = [...folders];
    this.invalidate();
  }

  addRemoveFolders(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    this.folders = this.folders.filter((f) => !removed.some((r) => r.uri === f.uri)).concat(added);
    this.invalidate();
  }

  invalidate(): void {
    this.clientSettings.clear();
  }

  /** The workspace folder holding the document, as a path (longest match wins). */
  folderOf(uri: string): string | undefined {
    const docPath = uriToPath(uri);
    if (docPath === undefined) return undefined;
    let best: string | undefined;
    for (const folder of this.folders) {
      const folderPath = uriToPath(folder.uri);
      if (folderPath === undefined) continue;
      const rel = path.relative(folderPath, docPath);
      if (!rel.startsWith('..') && !path.isAbsolute(rel) && (best === undefined || folderPath.length > best.length)) best = folderPath;
    }
    return best;
  }

  async forDocument(uri: string): Promise<DocumentSettings> {
    const root = this.folderOf(uri);
    const client = await this.fromClient(uri, root);
    const problems: string[] = [];
    let fromFile: Record<string, unknown> = {};
    const docPath = uriToPath(uri);
    const configFile = docPath !== undefined && root !== undefined ? findConfigFile(path.dirname(docPath), root) : undefined;
    if (configFile !== undefined) {
      const read = readConfigFile(configFile);
      if ('error' in read) problems.push(read.error);
      else if (isRecord(read.json)) fromFile = read.json;
      else problems.push(`${configFile}: expected a JSON object`);
    }
    const merged = { ...client, ...fromFile };
    const json = docPath !== undefined && root !== undefined ? (withFtpServerPassiveRange(merged, path.dirname(docPath), root) as Record<string, unknown>) : merged;
    return { json, root, problems };
  }

  private fromClient(uri: string, root: string | undefined): Promise<Record<string, unknown>> {
    if (!this.canPullConfiguration()) return Promise.resolve({});
    const key = root ?? uri;
    let pending = this.clientSettings.get(key);
    if (!pending) {
      pending = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'fwlint' })
        .then((value: unknown) => {
          if (!isRecord(value)) return {};
          // `trace` configures the client's logging, not the analysis.
          const { trace: _trace, ...rest } = value;
          return rest;
        })
        .catch(() => ({}));
      this.clientSettings.set(key, pending);
    }
    return pending;
  }
}
