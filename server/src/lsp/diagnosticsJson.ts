// Published diagnostics as JSON text, written once per diagnostic. After an
// edit of a large file most diagnostics are those of the previous analysis
// (FW003 keeps the findings of unchanged unreachable rules), and encoding
// thousands of them on every edit was a large part of an edit's latency: the
// text of each is kept, keyed by the diagnostic it was made from, and reused
// while its severity, document and positions are the same.
import { format } from 'node:util';
import { StreamMessageWriter, type Connection, type Diagnostic, type Message } from 'vscode-languageserver/node';
import { sourceOfDiagnostic, type AnalysedDiagnostic } from '../analysis';
import type { SourceDiagnostic } from '../model/source';

interface KeptText {
  readonly uri: string;
  readonly severity: SourceDiagnostic['severity'];
  /** The diagnostic's range and its related ranges, flattened: a replayed range may have moved in place. */
  readonly positions: readonly number[];
  /** The LSP diagnostic's JSON up to its `data` (id and version change with every analysis), as UTF-8. */
  readonly head: Buffer;
}

const kept = new WeakMap<SourceDiagnostic, KeptText>();
/** Diagnostic lists about to be sent, with how to write them as JSON. */
const pendingText = new WeakMap<readonly Diagnostic[], () => Array<Buffer | string>>();

const DATA = Buffer.from(',"data":');

/** Marks `lsp` (converted from `analysed`, in order) to be written from kept text when a writer of this module sends it. */
export function keepDiagnosticsText(lsp: readonly Diagnostic[], analysed: readonly AnalysedDiagnostic[], uri: string): void {
  pendingText.set(lsp, () => diagnosticsText(lsp, analysed, uri));
}

/** The JSON of the list in pieces (kept text as UTF-8, the rest as strings), copied once into the message. */
function diagnosticsText(lsp: readonly Diagnostic[], analysed: readonly AnalysedDiagnostic[], uri: string): Array<Buffer | string> {
  const pieces: Array<Buffer | string> = [];
  for (let i = 0; i < lsp.length; i++) {
    if (i > 0) pieces.push(',');
    writeDiagnostic(pieces, lsp[i], analysed[i], uri);
  }
  return pieces;
}

function writeDiagnostic(pieces: Array<Buffer | string>, lsp: Diagnostic, analysed: AnalysedDiagnostic, uri: string): void {
  const source = sourceOfDiagnostic(analysed);
  const known = source && kept.get(source);
  const data = JSON.stringify(lsp.data);
  if (known && known.uri === uri && known.severity === analysed.severity && atPositions(analysed, known.positions)) {
    pieces.push(known.head, DATA, `${data}}`);
    return;
  }
  const text = JSON.stringify(lsp);
  const cut = text.lastIndexOf(',"data":');
  // `data` is the diagnostic's last field (and a JSON string cannot hold `,"data":` unescaped).
  if (source && cut > 0 && text.slice(cut) === `,"data":${data}}`) {
    kept.set(source, { uri, severity: analysed.severity, positions: positionsOf(analysed), head: Buffer.from(text.slice(0, cut)) });
  }
  pieces.push(text);
}

function positionsOf(d: AnalysedDiagnostic): number[] {
  const out = [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];
  for (const r of d.related ?? []) out.push(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character);
  return out;
}

/** Whether positionsOf(d) would be `positions` (read in place: this runs for every diagnostic of every edit). */
function atPositions(d: AnalysedDiagnostic, positions: readonly number[]): boolean {
  const related = d.related ?? NO_RELATED;
  if (positions.length !== 4 * (related.length + 1) || !rangeAt(d.range, positions, 0)) return false;
  for (let r = 0; r < related.length; r++) if (!rangeAt(related[r].range, positions, 4 * (r + 1))) return false;
  return true;
}

function rangeAt(range: SourceDiagnostic['range'], positions: readonly number[], at: number): boolean {
  return range.start.line === positions[at] && range.start.character === positions[at + 1] && range.end.line === positions[at + 2] && range.end.character === positions[at + 3];
}

const NO_RELATED: NonNullable<SourceDiagnostic['related']> = [];

/**
 * The JSON of a message, as UTF-8; a diagnostics notification marked by
 * keepDiagnosticsText is written from kept text, anything else as usual.
 */
export function messageBytes(msg: Message): Buffer {
  const params = (msg as { params?: unknown }).params;
  const diagnostics = params && typeof params === 'object' ? (params as { diagnostics?: unknown }).diagnostics : undefined;
  const text = Array.isArray(diagnostics) ? pendingText.get(diagnostics) : undefined;
  if (!text) return Buffer.from(JSON.stringify(msg));
  const rest = JSON.stringify({ ...msg, params: { ...(params as object), diagnostics: [] } });
  // The diagnostics are the last field of the last field: put their text in place of the empty list.
  const tail = '[]}}';
  if (!rest.endsWith(`"diagnostics":${tail}`)) return Buffer.from(JSON.stringify(msg));
  return concatenated([`${rest.slice(0, rest.length - tail.length)}[`, ...text(), ']}}']);
}

/** The pieces one after another in one buffer, strings as UTF-8. */
function concatenated(pieces: ReadonlyArray<Buffer | string>): Buffer {
  let length = 0;
  for (const p of pieces) length += typeof p === 'string' ? Buffer.byteLength(p) : p.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const p of pieces) at += typeof p === 'string' ? out.write(p, at) : p.copy(out, at);
  return out;
}

/** A writer of LSP messages to `output` that encodes them with messageBytes. */
export function diagnosticsTextWriter(output: NodeJS.WritableStream): StreamMessageWriter {
  return new StreamMessageWriter(output, {
    charset: 'utf-8',
    contentTypeEncoder: {
      name: 'application/json',
      // As the library's own encoder: a message that cannot be encoded rejects the write, it does not throw.
      encode: (msg: Message) => {
        try {
          return Promise.resolve(messageBytes(msg));
        } catch (e) {
          return Promise.reject(e instanceof Error ? e : new Error(String(e)));
        }
      },
    },
  });
}

/** Console output goes to the client's log, not into the message stream on stdout. */
export function consoleToClient(connection: Connection): void {
  console.log = (...args: unknown[]) => connection.console.log(format(...args));
  console.info = (...args: unknown[]) => connection.console.info(format(...args));
  console.debug = (...args: unknown[]) => connection.console.log(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
}
