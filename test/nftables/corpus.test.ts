// Real rulesets and nftables' own test suites, read from the shared folder
// beside the repository (never copied into it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, sharedPath, syntaxErrors } from './helpers';

/**
 * Corpus files that are not valid nft, with the lines (one-based) real nft
 * rejects and why. Every other corpus file must read without FW001.
 */
const INVALID_LINES: Readonly<Record<string, { lines: number[]; why: string }>> = {
  // Rules start with a bare `saddr`/`daddr` (the `ip`/`ip6` was lost): nft says "syntax error, unexpected saddr".
  'lehaeivc-tables.nft': { lines: [39, 61, 86, 89, 195, 199], why: 'bare saddr/daddr without a protocol' },
  // `limit rate over { 15/minute, 3/second }`: limit takes one rate, not a set.
  'svyatbeloz-all.nft': { lines: [58], why: 'limit rate with a set of rates' },
};

/**
 * A syntax-highlighter stress file: it mixes valid rulesets with deliberately
 * incomplete fragments (`map` alone, `table_identifier`, keyword lists), so
 * nft rejects it as a whole. These fragments must be reported; the valid
 * parts around them must still be read.
 */
const HIGHLIGHTER_FILE = 'egberts-all-syntaxes-good.nft';
const HIGHLIGHTER_FRAGMENTS = [
  { line: 273, text: 'map' },
  { line: 1261, text: 'table_identifier' },
  { line: 1267, text: 'ip T C' },
];

test('corpus: every nftables file reads without FW001 (known-invalid lines excepted)', (t) => {
  const dir = sharedPath('corpus', 'nftables');
  if (!dir) {
    t.skip('shared corpus not present');
    return;
  }
  const files = readdirSync(dir).filter((f) => f !== HIGHLIGHTER_FILE);
  assert.ok(files.length >= 20, `only ${files.length} corpus files`);
  for (const file of files) {
    const result = analyze(readFileSync(path.join(dir, file), 'utf8'), { uri: `file:///${file}` });
    const lines = [...new Set(syntaxErrors(result).map((d) => d.range.start.line + 1))];
    assert.deepEqual(lines, INVALID_LINES[file]?.lines ?? [], `${file}: ${syntaxErrors(result).map((d) => `${d.range.start.line + 1}: ${d.message}`).join('; ')}`);
    // some files hold only defines and includes
    assert.ok(result.definitions.length + result.includes.length > 0, `${file}: nothing defined or included`);
  }
  t.diagnostic(`${files.length} corpus files read; ${Object.keys(INVALID_LINES).length} with known-invalid lines`);
});

test('corpus: the highlighter stress file reports its broken fragments and reads the rest', (t) => {
  const file = sharedPath('corpus', 'nftables', HIGHLIGHTER_FILE);
  if (!file) {
    t.skip('shared corpus not present');
    return;
  }
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const result = analyze(text);
  const errorLines = new Set(syntaxErrors(result).map((d) => d.range.start.line + 1));
  for (const f of HIGHLIGHTER_FRAGMENTS) {
    assert.equal(lines[f.line - 1].trim(), f.text);
    assert.ok(errorLines.has(f.line), `line ${f.line} '${f.text}' should be reported`);
  }
  // the ct helper declared inside a chain, and the chains around the noise, are still read
  assert.ok(result.ruleset.helpers.some((h) => h.name === 'ftp-standard' && h.type === 'ftp'));
  assert.ok(result.ruleset.chains.length > 50);
  t.diagnostic(`${errorLines.size} of ${lines.length} lines reported`);
});

test('corpus: FTP files lower the facts the checks need', (t) => {
  const dir = sharedPath('corpus', 'nftables');
  if (!dir) {
    t.skip('shared corpus not present');
    return;
  }
  const read = (f: string) => analyze(readFileSync(path.join(dir, f), 'utf8'));
  const skgid = read('spaceport-skgid.nft');
  const output = skgid.ruleset.chains.find((c) => c.key === 'inet filter output');
  assert.equal(output?.base?.policy, 'drop');
  assert.ok(output?.rules.some((r) => r.match.dport?.toString() === '21' && r.verdict.kind === 'accept'));
  const ct = read('nftables-tests-expr-ct.nft');
  assert.equal(ct.form, 'flat');
  assert.ok(ct.ruleset.chains[0].rules.some((r) => r.match.ctHelper === 'ftp'));
  const meter = read('linfo-chechi-ftp-bruteforce-meter.nft');
  const forward = meter.ruleset.chains[0];
  assert.equal(forward.base?.priority, -10);
  assert.ok(forward.rules.some((r) => r.match.dport?.toString() === '21' && r.match.opaque.some((o) => o.startsWith('meter '))));
});

/** `*family;table;chain` and `:chain;type ...` lines set the context of the rule lines after them. */
function conformanceCases(text: string): Array<{ family: string; rule: string; status: string; line: number }> {
  const out: Array<{ family: string; rule: string; status: string; line: number }> = [];
  let family = 'ip';
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line.startsWith('*')) {
      family = line.slice(1).split(';')[0];
      return;
    }
    // `:` chain headers, `#` comments, `-` disabled cases, `!`/`%`/`?` set and object setup lines
    if (line === '' || /^[:#\-!%?]/.test(line)) return;
    const [rule, status] = line.split(';');
    if (status === 'ok' || status === 'fail') out.push({ family, rule, status, line: index + 1 });
  });
  return out;
}

test('conformance: every ;ok rule of nftables tests/py reads without FW001', (t) => {
  const dir = sharedPath('conformance', 'nftables-py');
  if (!dir) {
    t.skip('shared conformance suite not present');
    return;
  }
  let ok = 0;
  let fail = 0;
  let failFlagged = 0;
  const failures: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.t'))) {
    for (const c of conformanceCases(readFileSync(path.join(dir, file), 'utf8'))) {
      const result = analyze(`table ${c.family} t {\n\tchain c {\n\t\t${c.rule}\n\t}\n}\n`);
      const errors = syntaxErrors(result);
      if (c.status === 'ok') {
        ok++;
        if (errors.length > 0) failures.push(`${file}:${c.line} ${c.rule} -- ${errors[0].message}`);
      } else {
        fail++;
        if (errors.length > 0) failFlagged++;
      }
    }
  }
  const passed = ok - failures.length;
  t.diagnostic(`;ok rules read without FW001: ${passed}/${ok} (${((100 * passed) / ok).toFixed(1)}%)`);
  t.diagnostic(`;fail rules given FW001: ${failFlagged}/${fail} (informational: most fail for semantic reasons)`);
  for (const f of failures) t.diagnostic(`failing: ${f}`);
  assert.ok(ok > 1500, `only ${ok} ;ok rules found`);
  // the floor reached: all of them
  assert.deepEqual(failures, []);
});

test('conformance: every nftables tests/shell dump reads without FW001', (t) => {
  const dir = sharedPath('conformance', 'nftables-dumps');
  if (!dir) {
    t.skip('shared conformance suite not present');
    return;
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.nft'));
  const failures: string[] = [];
  let chains = 0;
  for (const file of files) {
    const result = analyze(readFileSync(path.join(dir, file), 'utf8'));
    chains += result.ruleset.chains.length;
    const errors = syntaxErrors(result);
    if (errors.length > 0) failures.push(`${file}:${errors[0].range.start.line + 1} ${errors[0].message}`);
  }
  t.diagnostic(`dumps read without FW001: ${files.length - failures.length}/${files.length}; ${chains} chains`);
  assert.ok(files.length > 150);
  assert.deepEqual(failures, []);
});
