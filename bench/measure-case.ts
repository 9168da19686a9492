// One benchmark case, run in a fresh process so its peak memory is its own:
//   node out/bench/measure-case.js <dialect> <rules>
// Prints one JSON line (CaseResult) on stdout.
import { performance } from 'node:perf_hooks';
import { analyzeDocument } from '../server/src/analysis';
import { tuneJavaScriptEngine } from '../server/src/engine-tuning';
import { runChecks } from '../server/src/checks/index';
import { resolveSettings } from '../server/src/settings';
import { FRONTENDS } from '../server/src/dialects/index';
import { allRules } from '../server/src/model/ruleset';
import { FILE_NAMES, GENERATORS, type BenchDialect } from './generate';

export interface CaseResult {
  readonly dialect: BenchDialect;
  /** Rules asked of the generator. */
  readonly requested: number;
  /** Rules in the model the front end built. */
  readonly rules: number;
  readonly lines: number;
  readonly bytes: number;
  /** Front end alone (parse + lower), run after the cold analysis. */
  readonly parse: Timing;
  /** analyzeDocument (front end + every check + fix rendering), first run, then the best of the warm runs. */
  readonly analysisCold: Timing;
  readonly analysisWarm: Timing;
  /** The checks alone on the front end's result (what analyzeDocument runs after the front end, fixes aside). */
  readonly checks: Timing;
  readonly diagnostics: number;
  readonly syntaxErrors: number;
  /** Set when analyzeDocument refused the file as too large (its message); the timings then measure that refusal. */
  readonly refused?: string;
  /** Peak resident set size of the process right after its first analysis (nothing else run yet), in MB. */
  readonly analysisRssMb: number;
  /** Peak resident set size of the process after every step (several results alive at once), in MB. */
  readonly maxRssMb: number;
  /** Peak heapUsed sampled after each step, in MB. */
  readonly peakHeapMb: number;
}

/** Wall-clock and CPU milliseconds: on a shared machine the CPU figure is the steadier one. */
export interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function timed<T>(run: () => T): { value: T; timing: Timing } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = run();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, timing: { wallMs, cpuMs: (used.user + used.system) / 1000 } };
}

const WARM_RUNS = 3;
/** The code analyzeDocument gives a document it refuses to analyse because of its size. */
const INPUT_TOO_LARGE_CODE = 'FW004';

function main(): void {
  // The analysis as the CLI and the language server run it.
  tuneJavaScriptEngine();
  const dialect = process.argv[2] as BenchDialect;
  const requested = Number(process.argv[3]);
  if (!(dialect in GENERATORS) || !Number.isInteger(requested) || requested <= 0) {
    console.error('usage: measure-case <iptables|nftables|pf> <rules>');
    process.exit(2);
  }
  const text = GENERATORS[dialect](requested);
  let peakHeap = process.memoryUsage().heapUsed;
  const sampleHeap = (): void => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const uri = `file:///bench/${FILE_NAMES[dialect]}`;

  // The cold analysis comes first, alone, so the process's peak memory at that
  // point is what one full analysis of the file costs (the editor and the CLI
  // hold one analysis per document). The parts are timed after it.
  const analyse = () => analyzeDocument({ uri, path: `/bench/${FILE_NAMES[dialect]}`, text, version: 1, settings: {} });
  const { value: analysis, timing: analysisCold } = timed(analyse);
  sampleHeap();
  if (analysis.error) console.error(analysis.error);
  // maxRSS is in kilobytes.
  const analysisRssMb = process.resourceUsage().maxRSS / 1024;

  const { value: frontend, timing: parse } = timed(() => FRONTENDS[dialect].analyze(text, { uri }));
  sampleHeap();
  const rules = allRules(frontend.ruleset).length;
  const syntaxErrors = frontend.diagnostics.filter((d) => d.code === 'FW001').length;
  // Timed on its own too: analyzeDocument refuses documents over its size limit.
  const { timing: checks } = timed(() => runChecks(frontend, text, resolveSettings({})));
  sampleHeap();

  let analysisWarm: Timing = { wallMs: Infinity, cpuMs: Infinity };
  for (let i = 0; i < WARM_RUNS; i++) {
    const { timing } = timed(analyse);
    if (timing.cpuMs < analysisWarm.cpuMs) analysisWarm = timing;
    sampleHeap();
  }

  const result: CaseResult = {
    dialect,
    requested,
    rules,
    lines: text.split('\n').length,
    bytes: Buffer.byteLength(text),
    parse,
    analysisCold,
    analysisWarm,
    checks,
    diagnostics: analysis.diagnostics.length,
    syntaxErrors,
    refused: analysis.diagnostics.find((d) => d.code === INPUT_TOO_LARGE_CODE)?.message,
    analysisRssMb,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb: peakHeap / (1024 * 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
