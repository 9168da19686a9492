// Real iptables-save files written by other people: all must read without FW001.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeSave, errors } from './helpers';

const repoRoot = path.resolve(__dirname, '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/iptables');

/** Chains these files use that are defined in a file not in the corpus. */
const KNOWN_FW002: Readonly<Record<string, readonly string[]>> = {
  // ufw loads before.rules after its own file that declares ufw-logging-deny.
  'ufw-before.rules': ['ufw-logging-deny', 'ufw-logging-deny'],
};

if (!existsSync(corpus)) {
  test('iptables corpus: shared corpus not present', (t) => t.skip('shared corpus not present'));
} else {
  const files = readdirSync(corpus).filter((f) => f.endsWith('.rules')).sort();
  test('iptables corpus: the save-format files are there', () => {
    assert.ok(files.length >= 9, `found ${files.length}`);
  });
  for (const file of files) {
    test(`iptables corpus: ${file} reads without FW001`, () => {
      const text = readFileSync(path.join(corpus, file), 'utf8');
      const result = analyzeSave(text, file);
      assert.equal(result.form, 'save');
      assert.deepEqual(errors(result.diagnostics).map((d) => `${d.range.start.line + 1}: ${d.message}`), []);
      const fw002 = result.diagnostics.filter((d) => d.code === 'FW002').map((d) => text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character));
      assert.deepEqual(fw002, KNOWN_FW002[file] ?? []);
      // Every -A and -I line became a rule.
      const appends = text.split('\n').filter((l) => /^\s*(\[\d+:\d+\]\s*)?-[AI]\s/.test(l)).length;
      assert.equal(result.ruleset.chains.reduce((n, c) => n + c.rules.length, 0), appends);
    });
  }
}
