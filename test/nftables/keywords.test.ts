import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NFTABLES_KEYWORDS } from '../../server/src/dialects/nftables/keywords';
import { namedPriorities, resolvePriority } from '../../server/src/dialects/nftables/priorities';

test('keyword hovers exist for the words FTP rulesets hinge on', () => {
  for (const word of ['accept', 'drop', 'priority', 'ct', 'helper', 'related', 'policy', 'vmap', 'goto', 'jump', 'define', 'include']) {
    assert.ok((NFTABLES_KEYWORDS[word] ?? '').length > 20, word);
  }
  assert.match(NFTABLES_KEYWORDS.goto, /jump/);
  assert.match(NFTABLES_KEYWORDS.jump, /goto/);
});

test('the priority hover lists every named value the resolver knows', () => {
  for (const [name, value] of Object.entries(namedPriorities('inet'))) {
    assert.ok(NFTABLES_KEYWORDS.priority.includes(`${name} ${value}`), name);
  }
  for (const [name, value] of Object.entries(namedPriorities('bridge'))) {
    assert.ok(NFTABLES_KEYWORDS.priority.includes(`${name} ${value}`), `bridge ${name}`);
  }
});

test('priorities: numbers, names, offsets, unknowns', () => {
  assert.equal(resolvePriority('-150', 'ip'), -150);
  assert.equal(resolvePriority('mangle', 'inet'), -150);
  assert.equal(resolvePriority('filter + 10', 'ip'), 10);
  assert.equal(resolvePriority('dstnat-5', 'ip'), -105);
  assert.equal(resolvePriority('out', 'bridge'), 100);
  assert.equal(resolvePriority('out', 'ip'), undefined);
  assert.equal(resolvePriority('soon', 'ip'), undefined);
});
