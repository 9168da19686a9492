// Turns the PATH arguments into the files to check: files as given,
// directories searched for files fwlint recognises by name or by content.
import * as fs from 'fs';
import * as path from 'path';
import { kindFromContent, kindFromFileName } from '../dialects/detect';

/** Files bigger than this are not opened during a directory search (firewall files are small). */
const MAX_SEARCHED_FILE_BYTES = 2 * 1024 * 1024;
const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', 'out', 'dist']);

export interface FileList {
  readonly files: string[];
  /** Arguments that could not be read. */
  readonly errors: string[];
}

export function collectFiles(args: readonly string[]): FileList {
  const files: string[] = [];
  const errors: string[] = [];
  for (const arg of args) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch (e) {
      errors.push(`${arg}: ${describeError(e)}`);
      continue;
    }
    if (stat.isDirectory()) walk(arg, files, errors);
    else files.push(arg);
  }
  return { files, errors };
}

function walk(dir: string, files: string[], errors: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    errors.push(`${dir}: ${describeError(e)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) walk(p, files, errors);
    } else if (entry.isFile() && isRecognised(p)) {
      files.push(p);
    }
  }
}

function isRecognised(file: string): boolean {
  if (kindFromFileName(file)) return true;
  try {
    if (fs.statSync(file).size > MAX_SEARCHED_FILE_BYTES) return false;
    return kindFromContent(fs.readFileSync(file, 'utf8')) !== undefined;
  } catch {
    return false;
  }
}

export function describeError(e: unknown): string {
  if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return 'no such file or directory';
  if (e instanceof Error && 'code' in e && e.code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
