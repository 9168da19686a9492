// Edit-to-diagnostics latency through the real server over stdio: open a
// generated file, then change one line at a time and time each didChange until
// the publishDiagnostics for that version arrives. Then lines inserted and
// deleted, as typing a new rule does: every rule below moves.
//
// Two styles of editing a port. A person moves a range as a whole, so the
// file stays one the firewall loads ('whole-ranges'). The stress style moves
// only a range's first port: ranges widen and reverse, and by the end the pf
// file has about a thousand findings, each published again on every edit.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver/node';
import { GENERATORS, FILE_NAMES, type BenchDialect } from './generate';

const REPO_ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(REPO_ROOT, 'bin/fwlint.js');
/** An edit whose diagnostics take longer than this is reported as a failure, not waited for. */
const EDIT_TIMEOUT_MS = 120_000;

/** How an edit changes a port: see the file's head. */
export type EditStyle = 'whole-ranges' | 'first-port';

export interface LatencyResult {
  readonly dialect: BenchDialect;
  readonly style: EditStyle;
  readonly rules: number;
  readonly edits: number;
  /** Milliseconds from didOpen to the first diagnostics. */
  readonly openMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  /** A new rule line inserted below a rule, then deleted again: each timed. */
  readonly insertDelete: { readonly edits: number; readonly p50Ms: number; readonly p95Ms: number; readonly maxMs: number };
  /** Diagnostics published for the last edit: how much each publication carried by the end. */
  readonly diagnosticsAtEnd: number;
  /** Peak memory of the server process, in MB (from its own report). */
  readonly serverMaxRssMb?: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The line to rewrite for edit number `k`: a rule line, cycling through the file. */
function pickRuleLine(lines: readonly string[], k: number): number {
  const ruleLines = lines.length;
  for (let step = 0; step < ruleLines; step++) {
    const line = (k * 7919 + step) % ruleLines;
    if (/\b(dport|port)\b/.test(lines[line]) && /\d/.test(lines[line])) return line;
  }
  return 0;
}

/** The same rule with its first port (or range) moved to another number, in the given style. */
function editedLine(text: string, k: number, style: EditStyle): string {
  return text.replace(/(dport |port )(\d+)(?:([-:])(\d+))?/, (_m, key: string, first: string, separator?: string, last?: string) => {
    const moved = (Number(first) + k) % 60000 + 1024;
    if (separator === undefined || last === undefined) return `${key}${moved}`;
    const end = style === 'whole-ranges' ? moved + Number(last) - Number(first) : Number(last);
    return `${key}${moved}${separator}${end}`;
  });
}

export async function measureLatency(dialect: BenchDialect, rules: number, edits: number, style: EditStyle): Promise<LatencyResult> {
  const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: REPO_ROOT, stdio: 'pipe' });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  let lastPublished = 0;
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    if (p.version !== undefined) waiting.get(p.version)?.(p);
  });
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();

  const diagnosticsFor = (version: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version} within ${EDIT_TIMEOUT_MS} ms`)), EDIT_TIMEOUT_MS);
      waiting.set(version, (p) => {
        clearTimeout(timer);
        lastPublished = p.diagnostics.length;
        waiting.delete(version);
        resolve();
      });
    });

  try {
    const rootUri = `file://${path.join(REPO_ROOT, 'test-artifacts')}`;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } } },
    });
    await connection.sendNotification('initialized', {});

    const uri = `${rootUri}/${FILE_NAMES[dialect]}`;
    const lines = GENERATORS[dialect](rules).split('\n');
    let version = 1;
    let start = performance.now();
    const opened = diagnosticsFor(version);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: dialect, version, text: lines.join('\n') } });
    await opened;
    const openMs = performance.now() - start;

    const timedChange = async (range: Range, text: string): Promise<number> => {
      version++;
      const published = diagnosticsFor(version);
      const began = performance.now();
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
      await published;
      return performance.now() - began;
    };

    const latencies: number[] = [];
    for (let k = 1; k <= edits; k++) {
      const line = pickRuleLine(lines, k);
      const oldText = lines[line];
      const newText = editedLine(oldText, k, style);
      lines[line] = newText;
      latencies.push(await timedChange({ start: { line, character: 0 }, end: { line, character: oldText.length } }, newText));
    }

    // Typing a new rule: a line break after a rule with the new rule's text, then the same taken away.
    const insertDelete: number[] = [];
    for (let k = 1; k <= Math.ceil(edits / 4); k++) {
      const line = pickRuleLine(lines, edits + k);
      const end = { line, character: lines[line].length };
      const added = editedLine(lines[line], k, style);
      insertDelete.push(await timedChange({ start: end, end }, `\n${added}`));
      insertDelete.push(await timedChange({ start: end, end: { line: line + 1, character: added.length } }, ''));
    }
    const sorted = (values: number[]): number[] => values.sort((a, b) => a - b);
    sorted(latencies);
    sorted(insertDelete);
    return {
      dialect,
      style,
      diagnosticsAtEnd: lastPublished,
      rules,
      edits,
      openMs,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      maxMs: latencies[latencies.length - 1],
      insertDelete: { edits: insertDelete.length, p50Ms: percentile(insertDelete, 50), p95Ms: percentile(insertDelete, 95), maxMs: insertDelete[insertDelete.length - 1] },
    };
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\nserver stderr:\n${stderr.join('')}`);
  } finally {
    connection.dispose();
    child.kill();
  }
}
