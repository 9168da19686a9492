// iptables' own extension tests (extensions/*.t): every rule iptables accepts
// must lower without FW001; of the rules it refuses, we must flag at least the
// share measured when this test was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { lowerIptablesCommands } from '../../server/src/dialects/iptables/lower';
import { splitWords } from '../../server/src/dialects/iptables/words';
import type { SourceDiagnostic } from '../../server/src/model/source';
import { errors } from './helpers';

const repoRoot = path.resolve(__dirname, '../../..');
const dir = path.resolve(repoRoot, '../shared/conformance/iptables-extensions');
/** Measured: 225 of 287 refused rules get FW001 (78%). The rest are refused by the kernel (unknown sets, labels, helpers) or by checks we do not model. */
const FAIL_FLOOR = 0.75;

interface Case {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly status: 'OK' | 'FAIL';
  readonly program: 'iptables' | 'ip6tables';
  readonly table: string;
}

/** `:CHAINS` picks the chain, `*table` the table; `rule;result;OK|FAIL`. ebtables/arptables files are other tools. */
function readCases(): Case[] {
  const cases: Case[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.t') && !/^lib(ebt|arpt)_/.test(f)).sort()) {
    const program = file.startsWith('libip6t_') ? 'ip6tables' : 'iptables';
    let chain = 'INPUT';
    let table = 'filter';
    readFileSync(path.join(dir, file), 'utf8').split('\n').forEach((line, n) => {
      if (line.startsWith(':')) chain = line.slice(1).split(',')[0].trim();
      else if (line.startsWith('*')) table = line.slice(1).trim();
      else if (line !== '' && !line.startsWith('#') && !line.startsWith('@')) {
        const parts = line.split(';');
        if (parts.length < 3) return;
        const status = parts[parts.length - 1].trim();
        if (status !== 'OK' && status !== 'FAIL') return;
        cases.push({ file, line: n + 1, text: `-A ${chain} ${parts.slice(0, -2).join(';')}`, status, program, table });
      }
    });
  }
  return cases;
}

function fw001(c: Case): SourceDiagnostic[] {
  const split = splitWords(c.text, 0);
  if (split.error) return [{ code: 'FW001', severity: 'error', message: split.error.message, range: split.error.range }];
  const command = { program: c.program, words: split.words, table: c.table, range: { start: { line: 0, character: 0 }, end: { line: 0, character: c.text.length } } };
  return errors(lowerIptablesCommands([command], 'shell').diagnostics);
}

if (!existsSync(dir)) {
  test('iptables conformance: shared conformance data not present', (t) => t.skip('shared conformance data not present'));
} else {
  const cases = readCases();
  test('iptables conformance: every rule iptables accepts lowers without FW001', () => {
    const ok = cases.filter((c) => c.status === 'OK');
    assert.ok(ok.length > 700, `only ${ok.length} OK rules found`);
    const wrong = ok.map((c) => ({ c, e: fw001(c) })).filter((x) => x.e.length > 0).map((x) => `${x.c.file}:${x.c.line} ${x.c.text} => ${x.e[0].message}`);
    assert.deepEqual(wrong, []);
  });
  test(`iptables conformance: at least ${FAIL_FLOOR * 100}% of the rules iptables refuses get FW001`, () => {
    const fail = cases.filter((c) => c.status === 'FAIL');
    const flagged = fail.filter((c) => fw001(c).length > 0).length;
    const ratio = flagged / fail.length;
    console.log(`iptables conformance: ${flagged}/${fail.length} refused rules flagged (${(ratio * 100).toFixed(1)}%)`);
    assert.ok(fail.length > 250, `only ${fail.length} FAIL rules found`);
    assert.ok(ratio >= FAIL_FLOOR, `${flagged}/${fail.length} = ${ratio}`);
  });
}
