// Every rule form of pf.conf(5) this front end claims to read, in one file:
// no syntax error, and each statement lands in the chain it belongs to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze, assertNoErrors, chain } from './helpers';

const fixture = path.resolve(__dirname, '../../../test/pf/fixtures/forms.pf');

test('forms: every documented rule form reads without a syntax error', () => {
  const text = readFileSync(fixture, 'utf8');
  const result = analyze(text);
  assertNoErrors(result);
  const lines = text.split('\n');
  const starts = (prefix: RegExp): number => lines.filter((l) => prefix.test(l)).length;
  const filterStatements = starts(/^(pass|block|match|anchor) /);
  assert.equal(chain(result, 'filter').rules.length, filterStatements);
  // nat and nat-anchor on the way out, binat both ways
  assert.equal(chain(result, 'nat').rules.length, starts(/^(nat|nat-anchor|binat) /));
  assert.equal(chain(result, 'rdr').rules.length, starts(/^(rdr|binat) /));
});

test('forms: pool options and static-port do not hide the translation', () => {
  const result = analyze(readFileSync(fixture, 'utf8'));
  const roundRobin = chain(result, 'nat').rules.find((r) => r.text.includes('round-robin'));
  assert.deepEqual(roundRobin?.actions.map((a) => (a.kind === 'snat' ? a.address : a.kind)), ['192.0.2.1, 192.0.2.2']);
  const staticPort = chain(result, 'filter').rules.find((r) => r.text.includes('static-port'));
  assert.deepEqual(staticPort?.actions.map((a) => (a.kind === 'snat' ? a.address : a.kind)), ['(egress:0)']);
});
