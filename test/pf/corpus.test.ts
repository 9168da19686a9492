// Every real pf file in the shared corpus parses without a syntax error, except
// the ones pfctl itself would refuse, asserted with their reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeText } from '../../server/src/model/decode';
import { analyze } from './helpers';

const repoRoot = path.resolve(__dirname, '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/pf');

/** Files pfctl refuses, with the FW001 messages expected and why. */
const KNOWN_INVALID: Record<string, string[]> = {
  // `ws_inet = ""` is a placeholder the owner fills in; as published, `rdr-to $ws_inet` has no address.
  '115100-openbsd-router.conf': [
    "104: missing an address after 'rdr-to' ($ws_inet is empty)",
    "105: missing an address after 'rdr-to' ($ws_inet is empty)",
    "109: missing an address after 'rdr-to' ($ws_inet is empty)",
  ],
  // `queue std_in priority 3 priq(default,ecn))`: one parenthesis too many.
  'jrockway-openbsd-router.conf': ["22: unexpected ')'"],
};

const files = existsSync(corpus) ? readdirSync(corpus).filter((f) => !f.startsWith('.')).sort() : [];

test('corpus: shared pf corpus present', (t) => {
  if (files.length === 0) {
    t.skip('shared corpus not present');
    return;
  }
  assert.ok(files.length >= 20, `only ${files.length} files`);
});

for (const file of files) {
  test(`corpus: ${file} parses with the expected syntax errors only`, () => {
    const text = decodeText(readFileSync(path.join(corpus, file)));
    const result = analyze(text, { uri: `file://${path.join(corpus, file)}` });
    const fw001 = result.diagnostics.filter((d) => d.code === 'FW001').map((d) => `${d.range.start.line + 1}: ${d.message}`);
    assert.deepEqual(fw001, KNOWN_INVALID[file] ?? []);
    const rules = result.ruleset.chains.reduce((n, c) => n + c.rules.length, 0);
    assert.ok(rules > 0, 'some rules were read');
  });
}

test('corpus: non-UTF-8 files decode without replacement characters', (t) => {
  const file = path.join(corpus, 'brightshine-freebsd5.conf');
  if (!existsSync(file)) {
    t.skip('shared corpus not present');
    return;
  }
  const text = decodeText(readFileSync(file));
  assert.ok(!text.includes('\uFFFD'));
  assert.ok(/[\u0080-\u00ff]/.test(text), 'high bytes kept as Latin-1');
});
