// File-system access shared by the language server and the CLI: following
// includes (inside one root folder only, with a cycle guard) and finding the
// nearest `.fwlint.json`. Analysis itself never touches the disk.
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { FrontendOptions } from './dialects/frontend';
import { FTP_SERVER_CONFIG_FILES, parseFtpServerConfig, type FtpServerConfig } from './ftp-server-config';

export const CONFIG_FILE_NAME = '.fwlint.json';

/** Includes deeper than this are refused: real configurations nest two or three levels. */
const MAX_INCLUDES = 64;

export type ReadInclude = NonNullable<FrontendOptions['readInclude']>;

export interface IncludeReader {
  readonly read: ReadInclude;
  /** Includes refused on purpose, by the path as written, with the reason to show the user. */
  readonly refused: ReadonlyMap<string, string>;
}

export function uriToPath(uriOrPath: string): string | undefined {
  if (uriOrPath.startsWith('file:')) {
    try {
      return fileURLToPath(uriOrPath);
    } catch {
      return undefined;
    }
  }
  return uriOrPath.includes('://') ? undefined : uriOrPath;
}

export function pathToUri(filePath: string): string {
  return pathToFileURL(filePath).toString();
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * A `readInclude` for one analysis. Relative paths resolve against the
 * including file's folder. Files outside `root` (or anywhere, when there is no
 * root) are not read, and a file already read is not read again, which also
 * ends include cycles. Answers in the caller's style: URIs for URIs, paths for paths.
 */
export function createIncludeReader(root: string | undefined, documentUriOrPath: string): IncludeReader {
  const refused = new Map<string, string>();
  const seen = new Set<string>();
  const own = uriToPath(documentUriOrPath);
  if (own !== undefined) seen.add(path.resolve(own));
  const read: ReadInclude = (written, fromUri) => {
    const fromPath = uriToPath(fromUri);
    if (fromPath === undefined) return undefined;
    const target = path.resolve(path.dirname(fromPath), written);
    if (root === undefined || !isInside(path.resolve(root), target)) {
      refused.set(written, root === undefined ? 'includes are not followed outside a workspace folder' : `${target} is outside the workspace folder; not followed`);
      return undefined;
    }
    if (seen.has(target)) {
      refused.set(written, `${written} is already included (include cycle); not followed again`);
      return undefined;
    }
    if (seen.size >= MAX_INCLUDES) {
      refused.set(written, `more than ${MAX_INCLUDES} included files; not followed`);
      return undefined;
    }
    let text: string;
    try {
      text = fs.readFileSync(target, 'utf8');
    } catch {
      // Missing or unreadable: the front end reports the include as unresolved.
      return undefined;
    }
    seen.add(target);
    return { uri: fromUri.startsWith('file:') ? pathToUri(target) : target, text };
  };
  return { read, refused };
}

/** The nearest `.fwlint.json` in `startDir` or its ancestors (not above `stopDir` when given). */
export function findConfigFile(startDir: string, stopDir?: string): string | undefined {
  for (const dir of folderAndAncestors(startDir, stopDir)) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** `startDir`, then each parent up to `stopDir` (included) or the file-system root. */
function* folderAndAncestors(startDir: string, stopDir?: string): Generator<string> {
  let dir = path.resolve(startDir);
  const stop = stopDir === undefined ? undefined : path.resolve(stopDir);
  for (;;) {
    yield dir;
    const parent = path.dirname(dir);
    if (parent === dir || dir === stop) return;
    dir = parent;
  }
}

export type ConfigRead = { readonly json: unknown } | { readonly error: string };

export function readConfigFile(file: string): ConfigRead {
  try {
    return { json: JSON.parse(fs.readFileSync(file, 'utf8')) as unknown };
  } catch (e) {
    return { error: `${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Whether `file` is a regular file. Asked on every analysis for places that
 * mostly hold nothing: a stat that answers "none" costs far less than a read
 * that throws. Any other answer (`etc` a file, not a folder; no permission)
 * counts as no file too.
 */
function isFile(file: string): boolean {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

/** Where FTP server configurations usually sit relative to a folder of firewall files. */
const FTP_SERVER_CONFIG_PLACES = ['', 'etc', 'etc/vsftpd', 'etc/proftpd', 'etc/pure-ftpd', 'etc/pure-ftpd/conf'];

/**
 * The passive range of an FTP server configuration (vsftpd, ProFTPD,
 * Pure-FTPd) kept beside the firewall files: in the file's folder or an
 * ancestor (not above `stopDir` when given), directly or under etc/.
 */
export function findFtpServerConfig(startDir: string, stopDir?: string): (FtpServerConfig & { readonly file: string }) | undefined {
  for (const dir of folderAndAncestors(startDir, stopDir)) {
    for (const place of FTP_SERVER_CONFIG_PLACES) {
      for (const { name, server } of FTP_SERVER_CONFIG_FILES) {
        const file = path.join(dir, place, name);
        if (!isFile(file)) continue;
        let text: string;
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch {
          continue;
        }
        const config = parseFtpServerConfig(server, text);
        if (config) return { ...config, file };
      }
    }
  }
  return undefined;
}

/**
 * Settings JSON completed with the FTP server's passive range when the user
 * did not set one: fixes then open exactly the range the server hands out.
 */
export function withFtpServerPassiveRange(json: unknown, startDir: string, stopDir?: string): unknown {
  const record = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  if (record.passiveRange !== undefined) return json;
  const found = findFtpServerConfig(startDir, stopDir);
  return found ? { ...record, passiveRange: { lo: found.passiveRange.lo, hi: found.passiveRange.hi, from: found.file } } : json;
}

/** The check documentation shipped beside the bundles (dist/../docs/checks in the repository and the .vsix). */
const BUNDLED_DOCS = path.resolve(__dirname, '..', 'docs', 'checks');
const docUrlCache = new Map<string, string | undefined>();

/**
 * The link a diagnostic's code points to: the documentation page shipped with
 * fwlint when it is on disk (opens in the editor, works offline), else the
 * published page.
 */
export function documentationUrl(code: string, published: (code: string) => string | undefined): string | undefined {
  if (!docUrlCache.has(code)) {
    const remote = published(code);
    const local = path.join(BUNDLED_DOCS, `${code}.md`);
    docUrlCache.set(code, remote !== undefined && fs.existsSync(local) ? pathToUri(local) : remote);
  }
  return docUrlCache.get(code);
}
