// `npm run fuzz`: the CI fuzzers run for longer (FWLINT_FUZZ_SECONDS per
// dialect, default 30), then a scaling measurement. Prints inputs tried,
// failures found (with the input, replayable with FWLINT_FUZZ_SEED) and the
// slowest input per kilobyte. Exits 1 when anything failed.
import * as fs from 'node:fs';
import fc from 'fast-check';
import { applyMutation, dialectTokens, mutations, randomBytes } from './arbitraries';
import { CASES, corpusFiles, exercise, type DialectCase } from './harness';

const SECONDS = Number(process.env.FWLINT_FUZZ_SECONDS ?? 30);
const SEED = process.env.FWLINT_FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FWLINT_FUZZ_SEED);

interface Slowest {
  msPerKb: number;
  ms: number;
  length: number;
  sample: string;
}

interface Tally {
  tried: number;
  failures: string[];
  slowest?: Slowest;
}

function timed(text: string, c: DialectCase, tally: Tally): void {
  tally.tried++;
  const start = process.hrtime.bigint();
  try {
    exercise(text, c, { hoverSamples: 2 });
  } catch (e) {
    if (tally.failures.length < 20) tally.failures.push(`${e instanceof Error ? e.message : String(e)}\n    input: ${JSON.stringify(text.slice(0, 400))}`);
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // Tiny inputs are dominated by fixed costs; per-KB figures mean something from 256 characters on.
  const msPerKb = ms / (Math.max(text.length, 256) / 1024);
  if (!tally.slowest || msPerKb > tally.slowest.msPerKb) tally.slowest = { msPerKb, ms, length: text.length, sample: text.slice(0, 120) };
}

function fuzzFor(ms: number, arb: fc.Arbitrary<string>, c: DialectCase, tally: Tally): void {
  const until = Date.now() + ms;
  let round = 0;
  while (Date.now() < until) {
    for (const text of fc.sample(arb, { numRuns: 50, seed: SEED + round++ })) timed(text, c, tally);
  }
}

function corpusArbitrary(c: DialectCase): fc.Arbitrary<string> | undefined {
  const texts = (corpusFiles(c) ?? []).map((f) => fs.readFileSync(f, 'utf8'));
  if (texts.length === 0) return undefined;
  return fc.nat(texts.length - 1).chain((i) => mutations(texts[i].length, 6).map((ms) => ms.reduce(applyMutation, texts[i])));
}

/** Analysis time of the dialect's corpus concatenated 1x, 2x, 4x, 8x: near-linear means each doubling about doubles the time. */
function scaling(c: DialectCase): string {
  const base = (corpusFiles(c) ?? []).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  if (base.length === 0) return 'no corpus';
  const times: string[] = [];
  let previous: number | undefined;
  for (const factor of [1, 2, 4, 8]) {
    const text = Array.from({ length: factor }, () => base).join('\n');
    const start = process.hrtime.bigint();
    exercise(text, c, { hoverSamples: 0 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    times.push(`${Math.round(text.length / 1024)} KB ${Math.round(ms)} ms${previous ? ` (x${(ms / previous).toFixed(2)})` : ''}`);
    previous = ms;
  }
  return times.join(', ');
}

function main(): void {
  console.log(`fwlint fuzz: ${SECONDS} s per dialect, seed ${SEED}${corpusFiles(CASES[0]) ? '' : ' (shared corpus not present: corpus mutations and scaling skipped)'}`);
  let failed = 0;
  let total = 0;
  for (const c of CASES) {
    const tally: Tally = { tried: 0, failures: [] };
    const corpus = corpusArbitrary(c);
    const share = (SECONDS * 1000) / (corpus ? 3 : 2);
    fuzzFor(share, randomBytes(2000).map((t) => c.prefix + t), c, tally);
    fuzzFor(share, dialectTokens(c.name, 40).map((t) => c.prefix + t), c, tally);
    if (corpus) fuzzFor(share, corpus, c, tally);
    total += tally.tried;
    failed += tally.failures.length;
    const s = tally.slowest;
    console.log(`\n${c.name}: ${tally.tried} inputs tried, ${tally.failures.length} failures`);
    if (s) console.log(`  slowest per KB: ${s.msPerKb.toFixed(1)} ms/KB (${s.ms.toFixed(1)} ms for ${s.length} characters): ${JSON.stringify(s.sample)}`);
    console.log(`  scaling: ${scaling(c)}`);
    for (const f of tally.failures) console.log(`  FAILURE: ${f}`);
  }
  console.log(`\n${total} inputs tried, ${failed} failures`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
