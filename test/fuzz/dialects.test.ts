// CI-sized fuzzing of every dialect through the full analysis path: random
// bytes, random tokens of the dialect, real files mutated and truncated at
// every position. `npm run fuzz` runs the same generators much longer.
import { describe, test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { applyMutation, dialectTokens, mutations, randomBytes } from './arbitraries';
import { CASES, corpusFiles, exercise } from './harness';

/** fast-check's seed is fixed per run by FWLINT_FUZZ_SEED when set, to replay a failure. */
const seed = process.env.FWLINT_FUZZ_SEED === undefined ? undefined : Number(process.env.FWLINT_FUZZ_SEED);
const params = (numRuns: number): fc.Parameters<unknown> => ({ numRuns, seed });

/** The smallest corpus file of at least `min` characters: cheap enough to truncate at every position. */
function smallSample(files: readonly string[], min: number): string | undefined {
  return [...files].filter((f) => fs.statSync(f).size >= min).sort((a, b) => fs.statSync(a).size - fs.statSync(b).size)[0];
}

for (const c of CASES) {
  describe(`fuzz ${c.name}`, () => {
    test('random bytes', () => {
      let tried = 0;
      fc.assert(
        fc.property(randomBytes(400), (text) => {
          tried++;
          exercise(c.prefix + text, c);
        }),
        params(150),
      );
      console.log(`# fuzz ${c.name} random bytes: ${tried} inputs`);
    });

    test('random tokens of the dialect', () => {
      let tried = 0;
      fc.assert(
        fc.property(dialectTokens(c.name, 14), (text) => {
          tried++;
          exercise(c.prefix + text, c);
        }),
        params(300),
      );
      console.log(`# fuzz ${c.name} tokens: ${tried} inputs`);
    });

    test('corpus files mutated at random', (t) => {
      const files = corpusFiles(c);
      if (!files || files.length === 0) return t.skip('shared corpus not present');
      const texts = files.map((f) => fs.readFileSync(f, 'utf8')).filter((text) => text.length < 20_000);
      let tried = 0;
      const input = fc.nat(texts.length - 1).chain((i) => fc.tuple(fc.constant(i), mutations(texts[i].length, 4)));
      fc.assert(
        fc.property(input, ([i, ms]) => {
          tried++;
          exercise(ms.reduce(applyMutation, texts[i]), c, { hoverSamples: 2 });
        }),
        params(120),
      );
      console.log(`# fuzz ${c.name} corpus mutations: ${tried} inputs over ${texts.length} files`);
    });

    test('a small corpus file truncated at every position', (t) => {
      const files = corpusFiles(c);
      const sample = files && smallSample(files, 200);
      if (!sample) return t.skip('shared corpus not present');
      const text = fs.readFileSync(sample, 'utf8');
      for (let end = 0; end <= text.length; end++) exercise(text.slice(0, end), c, { hoverSamples: 1 });
      console.log(`# fuzz ${c.name} truncations: ${text.length + 1} inputs of ${path.basename(sample)}`);
    });
  });
}
