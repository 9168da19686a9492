// `npm run bench`: how fast fwlint is on large generated rulesets, and how
// quickly the language server answers an edit. It reports; it never fails on a
// target (exit 0 unless something crashes). Results go to test-artifacts/bench.json.
//
//   node out/bench/bench.js [--quick] [--only=iptables,nftables,pf] [--scales=1,2,4] [--no-lsp] [--edits=N]
//
// Each size runs in its own process, so peak memory belongs to that case alone.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchDialect } from './generate';
import { measureLatency, type EditStyle, type LatencyResult } from './lsp-latency';
import type { CaseResult } from './measure-case';

const REPO_ROOT = path.resolve(__dirname, '../..');
const CASE_SCRIPT = path.join(__dirname, 'measure-case.js');
const OUTPUT = path.join(REPO_ROOT, 'test-artifacts', 'bench.json');

/** The sizes the targets speak of ("1x"); growth is measured at 2x and 4x. */
const BASE_RULES: Readonly<Record<BenchDialect, number>> = { iptables: 50_000, nftables: 20_000, pf: 10_000 };
const SCALES = [1, 2, 4];
const LSP_RULES = 5_000;
const CASE_TIMEOUT_MS = 600_000;

/** The targets speak of a person's edits; the stress style shows how a file full of findings weighs on each edit. */
const TARGET_STYLE: EditStyle = 'whole-ranges';
const EDIT_STYLES: readonly EditStyle[] = [TARGET_STYLE, 'first-port'];

const TARGETS = {
  iptablesAnalysisMs: 1000,
  iptablesRssMb: 300,
  editP95Ms: 50,
};

interface Options {
  readonly quick: boolean;
  readonly dialects: readonly BenchDialect[];
  readonly lsp: boolean;
  readonly edits: number;
  readonly scales: readonly number[];
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const only = value('only');
  return {
    quick: argv.includes('--quick'),
    dialects: only ? (only.split(',') as BenchDialect[]) : ['iptables', 'nftables', 'pf'],
    lsp: !argv.includes('--no-lsp'),
    edits: Number(value('edits') ?? 200),
    scales: (value('scales') ?? SCALES.join(',')).split(',').map(Number),
  };
}

/** CPU milliseconds for a fixed piece of work, so figures from a busy machine can be read in proportion. */
function calibrate(): number {
  const start = process.cpuUsage();
  let x = 0;
  for (let i = 0; i < 20_000_000; i++) x = (x + i * 31) % 1_000_003;
  const used = process.cpuUsage(start);
  if (x < 0) console.log(x); // keeps the loop from being optimised away
  return (used.user + used.system) / 1000;
}

type CaseOutcome = CaseResult | { readonly dialect: BenchDialect; readonly requested: number; readonly failed: string };

function runCase(dialect: BenchDialect, rules: number): CaseOutcome {
  const run = spawnSync(process.execPath, [CASE_SCRIPT, dialect, String(rules)], { encoding: 'utf8', timeout: CASE_TIMEOUT_MS, maxBuffer: 1 << 24 });
  if (run.status !== 0) {
    const why = run.error ? run.error.message : `exit ${run.status ?? run.signal}: ${run.stderr.slice(-2000)}`;
    return { dialect, requested: rules, failed: why };
  }
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as CaseResult;
}

function ok(outcome: CaseOutcome): outcome is CaseResult {
  return !('failed' in outcome);
}

const fmt = (n: number, digits = 0): string => n.toFixed(digits);

function printCases(cases: readonly CaseOutcome[]): void {
  const header = ['dialect', 'rules', 'lines', 'parse ms', 'checks ms', 'analysis ms (cold)', 'analysis ms (warm)', 'CPU ms (warm)', 'RSS MB (one analysis)', 'maxRSS MB (all steps)', 'heap MB', 'diags'];
  const rows = cases.map((c) =>
    ok(c)
      ? [c.dialect, String(c.rules), String(c.lines), fmt(c.parse.wallMs), fmt(c.checks.wallMs), fmt(c.analysisCold.wallMs), fmt(c.analysisWarm.wallMs), fmt(c.analysisWarm.cpuMs), fmt(c.analysisRssMb), fmt(c.maxRssMb), fmt(c.peakHeapMb), c.refused ? 'REFUSED (too large)' : String(c.diagnostics)]
      : [c.dialect, String(c.requested), '', `FAILED: ${c.failed.split('\n')[0]}`, '', '', '', '', '', '', '', ''],
  );
  printTable(header, rows);
}

function printTable(header: readonly string[], rows: readonly string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

interface Growth {
  readonly dialect: BenchDialect;
  readonly scales: readonly number[];
  /** What `analysisRatios` compares: warm analysis CPU time, or front end + checks CPU when a size was refused (it has no analysis to time). */
  readonly measure: 'warm analysis' | 'front end + checks';
  /** That measure at each scale over the previous one (2.0 is linear for a doubling). */
  readonly analysisRatios: readonly number[];
  readonly parseRatios: readonly number[];
}

function growthOf(dialect: BenchDialect, cases: readonly CaseOutcome[]): Growth | undefined {
  const mine = cases.filter((c): c is CaseResult => ok(c) && c.dialect === dialect);
  if (mine.length < 2) return undefined;
  const ratios = (f: (c: CaseResult) => number): number[] => mine.slice(1).map((c, i) => f(c) / f(mine[i]));
  // Like is compared with like: one refused size puts every size of the dialect on front end + checks.
  const measure = mine.some((c) => c.refused) ? 'front end + checks' : 'warm analysis';
  return {
    dialect,
    scales: mine.map((c) => c.requested),
    measure,
    analysisRatios: ratios((c) => (measure === 'warm analysis' ? c.analysisWarm.cpuMs : c.parse.cpuMs + c.checks.cpuMs)),
    parseRatios: ratios((c) => c.parse.cpuMs),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const scales = options.scales;
  const calibrationMs = calibrate();
  console.log(`fwlint benchmark (node ${process.version}, ${options.quick ? 'quick: 1/10 sizes' : 'full sizes'})`);
  console.log(`calibration: a fixed loop took ${fmt(calibrationMs)} ms CPU (about 60 ms on an idle modern machine; larger means a slower or busier machine)\n`);

  const cases: CaseOutcome[] = [];
  for (const dialect of options.dialects) {
    for (const scale of scales) {
      const rules = Math.round((BASE_RULES[dialect] * scale) / (options.quick ? 10 : 1));
      process.stderr.write(`  ${dialect} ${rules} rules...\n`);
      cases.push(runCase(dialect, rules));
    }
  }
  console.log('Full analysis (analyzeDocument: front end + every check + fixes), each size in a fresh process');
  printCases(cases);

  const growth = options.dialects.map((d) => growthOf(d, cases)).filter((g): g is Growth => g !== undefined);
  console.log('\nGrowth (CPU time, each size over the previous; 2.00 is linear)');
  printTable(
    ['dialect', 'sizes', 'measure', 'x2, x4', 'parse x2, x4'],
    growth.map((g) => [g.dialect, g.scales.join(' / '), g.measure, g.analysisRatios.map((r) => fmt(r, 2)).join(', '), g.parseRatios.map((r) => fmt(r, 2)).join(', ')]),
  );

  const latency: LatencyResult[] = [];
  if (options.lsp) {
    for (const style of EDIT_STYLES) {
      for (const dialect of options.dialects) {
        process.stderr.write(`  LSP ${dialect} ${LSP_RULES} rules, ${options.edits} edits (${style})...\n`);
        try {
          latency.push(await measureLatency(dialect, LSP_RULES, options.edits, style));
        } catch (e) {
          console.log(`LSP ${dialect} (${style}): FAILED: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    }
    console.log(`\nEdit-to-diagnostics latency through \`fwlint lsp --stdio\` (${LSP_RULES}-rule files; each edit waited for): one line changed, then a rule line inserted and deleted`);
    console.log('  whole-ranges: a port or a whole range moved, as a person edits; first-port (stress): only a range\'s first port moved, so ranges widen and reverse and findings pile up');
    printTable(
      ['dialect', 'edits', 'open ms', 'p50 ms', 'p95 ms', 'max ms', 'inserted/deleted', 'p50 ms', 'p95 ms', 'max ms', 'diags at end'],
      latency.map((l) => [`${l.dialect} ${l.style}`, String(l.edits), fmt(l.openMs), fmt(l.p50Ms), fmt(l.p95Ms), fmt(l.maxMs), String(l.insertDelete.edits), fmt(l.insertDelete.p50Ms), fmt(l.insertDelete.p95Ms), fmt(l.insertDelete.maxMs), String(l.diagnosticsAtEnd)]),
    );
  }

  const headline = cases.find((c): c is CaseResult => ok(c) && c.dialect === 'iptables' && c.requested === BASE_RULES.iptables);
  console.log('\nTargets');
  const verdict = (met: boolean | undefined): string => (met === undefined ? 'not measured' : met ? 'met' : 'MISSED');
  if (headline?.refused) {
    const below = headline.parse.wallMs + headline.checks.wallMs;
    console.log(`  iptables ${BASE_RULES.iptables} rules: analyzeDocument REFUSED the file (${headline.refused}); front end + checks took ${fmt(below)} ms -> ${verdict(below < TARGETS.iptablesAnalysisMs)}`);
  } else {
    console.log(`  iptables ${BASE_RULES.iptables} rules, full analysis < ${TARGETS.iptablesAnalysisMs} ms: ${headline ? `${fmt(headline.analysisCold.wallMs)} ms cold, ${fmt(headline.analysisWarm.wallMs)} ms warm` : '-'} -> ${verdict(headline && headline.analysisCold.wallMs < TARGETS.iptablesAnalysisMs)}`);
  }
  console.log(`  iptables ${BASE_RULES.iptables} rules, peak memory of one analysis < ${TARGETS.iptablesRssMb} MB: ${headline ? `${fmt(headline.analysisRssMb)} MB` : '-'} -> ${verdict(headline && headline.analysisRssMb < TARGETS.iptablesRssMb)}`);
  for (const l of latency.filter((m) => m.style === TARGET_STYLE)) {
    console.log(`  ${l.dialect} edit-to-diagnostics p95 < ${TARGETS.editP95Ms} ms: ${fmt(l.p95Ms)} ms -> ${verdict(l.p95Ms < TARGETS.editP95Ms)}`);
    console.log(`  ${l.dialect} edit-to-diagnostics p95 < ${TARGETS.editP95Ms} ms, lines inserted and deleted: ${fmt(l.insertDelete.p95Ms)} ms -> ${verdict(l.insertDelete.p95Ms < TARGETS.editP95Ms)}`);
  }
  for (const l of latency.filter((m) => m.style !== TARGET_STYLE)) {
    console.log(`  ${l.dialect} ${l.style} stress (reported, no target): p95 ${fmt(l.p95Ms)} ms one line, ${fmt(l.insertDelete.p95Ms)} ms inserted/deleted, ${l.diagnosticsAtEnd} diagnostics at the end`);
  }
  for (const g of growth) {
    const worst = Math.max(...g.analysisRatios);
    console.log(`  ${g.dialect} growth close to linear (each doubling <= 2.5x, ${g.measure} CPU): worst ${fmt(worst, 2)} -> ${verdict(worst <= 2.5)}`);
  }

  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(
    OUTPUT,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, quick: options.quick, calibrationCpuMs: calibrationMs, targets: TARGETS, cases, growth, latency }, null, 2)}\n`,
  );
  console.log(`\nwrote ${path.relative(REPO_ROOT, OUTPUT)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
