// The pass that looks for declared chains reads plain chain headers by their
// name and policy alone (saveFormat.ts headerDeclaration). It must find the
// same chains as reading every header as a command: the rules then jump to
// the same chains and the same undefined chains are reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeSaveFile } from '../../server/src/dialects/iptables/index';
import { lowerIptablesCommands } from '../../server/src/dialects/iptables/lower';
import { readSaveFile } from '../../server/src/dialects/iptables/saveFormat';

const NAMES = ['FOO', 'BAR', 'INPUT', 'PREROUTING', 'x"y', "a'b", 'back\\slash', 'tab\there'];

/** Header lines as people and tools write them, and as they should not. */
const header = fc.tuple(
  fc.constantFrom(...NAMES, ''),
  fc.constantFrom(' - [0:0]', ' ACCEPT [0:0]', ' DROP', '', '\t-', ' -  [0:0]', ' "-" [0:0]', ' - "[0:0]'),
).map(([name, rest]) => `:${name}${rest}`);

const rule = fc.constantFrom(...NAMES).map((name) => `-A INPUT -p tcp --dport 22 -j ${name}`);

function fullReading(text: string): { rules: unknown; missing: string[] } {
  const read = readSaveFile(text, 'iptables');
  const lowered = lowerIptablesCommands(read.commands, 'save');
  return { rules: JSON.parse(JSON.stringify(lowered.ruleset.chains.map((c) => ({ key: c.key, verdicts: c.rules.map((r) => r.verdict) })))), missing: lowered.diagnostics.filter((d) => d.code === 'FW002').map((d) => d.message) };
}

function frontEndReading(text: string): { rules: unknown; missing: string[] } {
  const result = analyzeSaveFile(text, { uri: 'file:///test/rules.v4' });
  return { rules: JSON.parse(JSON.stringify(result.ruleset.chains.map((c) => ({ key: c.key, verdicts: c.rules.map((r) => r.verdict) })))), missing: result.diagnostics.filter((d) => d.code === 'FW002').map((d) => d.message) };
}

test('declared chains: plain headers read by name and policy declare what reading them as commands declares', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(header, rule), { minLength: 1, maxLength: 10 }), fc.constantFrom('filter', 'nat'), (lines, table) => {
      const text = [`*${table}`, ...lines, 'COMMIT'].join('\n');
      assert.deepEqual(frontEndReading(text), fullReading(text));
    }),
    { numRuns: 500 },
  );
});

test('declared chains: a jump to a chain declared after it is a jump', () => {
  const text = ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -j LATER', ':LATER - [0:0]', 'COMMIT'].join('\n');
  const rule = analyzeSaveFile(text, { uri: 'file:///test/rules.v4' }).ruleset.chains.find((c) => c.name === 'INPUT')?.rules[0];
  assert.equal(rule?.verdict.kind, 'jump');
});
