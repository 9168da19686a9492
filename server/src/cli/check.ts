// `fwlint check`: analyses each file exactly as the language server would,
// optionally applies preferred fixes in place, and returns the results for a
// formatter. Reading and writing files happens here, nowhere below.
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, type DocumentAnalysis } from '../analysis';
import type { Dialect } from '../model/source';
import { applyEdits } from '../fixes/index';
import { preferredFixEdits } from '../preferredFixes';
import { createIncludeReader, findConfigFile, readConfigFile, withFtpServerPassiveRange } from '../workspace';
import { describeError } from './files';

/** Fix passes per file: a fix can enable another, but never forever. */
const MAX_FIX_PASSES = 10;

export interface FileResult {
  /** As the user wrote it (or as found under a directory they named). */
  readonly path: string;
  readonly analysis: DocumentAnalysis;
  /** How many fix passes changed the file. */
  readonly fixPasses: number;
}

export interface CheckRun {
  readonly results: FileResult[];
  /** Input that could not be read or used: exit status 2. */
  readonly errors: string[];
  /** Internal failures worth a line on stderr (the findings are still reported). */
  readonly warnings: string[];
}

export interface CheckRequest {
  readonly files: readonly string[];
  readonly dialect?: Dialect;
  readonly fix: boolean;
  /** Whether the file was named on the command line (then an unknown dialect is an error, not a skip). */
  readonly explicit: ReadonlySet<string>;
  readonly cwd: string;
}

export function runCheck(request: CheckRequest): CheckRun {
  const results: FileResult[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const configs = new ConfigCache(request.cwd);
  for (const file of request.files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      errors.push(`${file}: ${describeError(e)}`);
      continue;
    }
    const settings = configs.forFile(file);
    if ('error' in settings) {
      errors.push(settings.error);
      continue;
    }
    const analyse = (current: string): DocumentAnalysis => {
      const absolute = path.resolve(file);
      const includes = createIncludeReader(includeRoot(request.cwd, absolute), absolute);
      return analyzeDocument({
        uri: absolute,
        path: absolute,
        text: current,
        version: 0,
        dialect: request.dialect,
        settings: settings.json,
        readInclude: includes.read,
        refusedIncludes: includes.refused,
      });
    };
    let analysis = analyse(text);
    if (!analysis.kind) {
      if (request.explicit.has(file)) errors.push(`${file}: not a recognised firewall file; name the dialect with --dialect`);
      continue;
    }
    let fixPasses = 0;
    while (request.fix && fixPasses < MAX_FIX_PASSES) {
      const edits = preferredFixEdits(analysis.diagnostics);
      if (edits.length === 0) break;
      const fixed = applyEdits(text, edits);
      if (fixed === text) break;
      try {
        fs.writeFileSync(file, fixed);
      } catch (e) {
        errors.push(`${file}: cannot write fixes: ${describeError(e)}`);
        break;
      }
      text = fixed;
      fixPasses++;
      analysis = analyse(text);
    }
    // Fixes render when first read; the JSON output lists them, so render them now and report any that failed.
    for (const d of analysis.diagnostics) void d.fixes;
    if (analysis.error) warnings.push(`${file}: ${analysis.error}`);
    results.push({ path: file, analysis, fixPasses });
  }
  return { results, errors, warnings };
}

/** Includes are followed inside the current directory, or beside the file when it lies elsewhere. */
function includeRoot(cwd: string, absoluteFile: string): string {
  const rel = path.relative(cwd, absoluteFile);
  return rel.startsWith('..') || path.isAbsolute(rel) ? path.dirname(absoluteFile) : cwd;
}

class ConfigCache {
  private readonly byFile = new Map<string, { json: unknown } | { error: string }>();
  /** Settings per folder: files of one folder share them, so each folder is searched once. */
  private readonly byDir = new Map<string, { json: unknown } | { error: string }>();
  constructor(private readonly cwd: string) {}

  /** The nearest `.fwlint.json` above the file, else the one in the current directory, else defaults. */
  forFile(file: string): { json: unknown } | { error: string } {
    const dir = path.dirname(path.resolve(file));
    const cached = this.byDir.get(dir);
    if (cached) return cached;
    const found = findConfigFile(dir) ?? findConfigFile(this.cwd, this.cwd);
    let read: { json: unknown } | { error: string } = { json: {} };
    if (found !== undefined) {
      read = this.byFile.get(found) ?? readConfigFile(found);
      this.byFile.set(found, read);
    }
    const settings = 'error' in read ? read : { json: withFtpServerPassiveRange(read.json, dir, includeRoot(this.cwd, path.resolve(file))) };
    this.byDir.set(dir, settings);
    return settings;
  }
}
