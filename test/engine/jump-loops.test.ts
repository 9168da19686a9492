// Jump graphs the kernel refuses (loops) or that branch at every level must
// give an answer, never a hang: a loop is read as falling through, and a walk
// that would visit too many rules stops with an uncertain answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRONTENDS } from '../../server/src/dialects/index';
import { evaluate } from '../../server/src/engine/index';
import { PortSet } from '../../server/src/model/ports';

function answerFor(text: string) {
  const { ruleset } = FRONTENDS.iptables.analyze(text, { uri: 'file:///loops.rules' });
  return evaluate(ruleset, { path: 'input', ipVersion: 4, protocol: 'tcp', sport: PortSet.range(1024, 65535), dport: PortSet.of(21), ctState: 'new' });
}

test('a chain that jumps to itself twice is a loop: read as falling through, the answer uncertain', { timeout: 30_000 }, () => {
  const answer = answerFor(`*filter
:INPUT DROP [0:0]
:SERVICES - [0:0]
-A INPUT -j SERVICES
-A SERVICES -j SERVICES
-A SERVICES -j SERVICES
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`);
  assert.equal(answer.segments.length, 1);
  assert.equal(answer.segments[0].verdict, 'accept');
  assert.equal(answer.segments[0].decidedBy?.text, '-A INPUT -p tcp --dport 21 -j ACCEPT');
  assert.equal(answer.segments[0].uncertain, true);
});

test('forty levels of chains that each jump twice to the next finish with an answer', { timeout: 30_000 }, () => {
  const levels = 40;
  const headers = Array.from({ length: levels }, (_, i) => `:L${i} - [0:0]`);
  const jumps = Array.from({ length: levels - 1 }, (_, i) => [`-A L${i} -j L${i + 1}`, `-A L${i} -j L${i + 1}`]).flat();
  const answer = answerFor(['*filter', ':INPUT DROP [0:0]', ...headers, '-A INPUT -j L0', ...jumps, '-A INPUT -p tcp --dport 21 -j ACCEPT', 'COMMIT', ''].join('\n'));
  assert.equal(answer.segments[0].verdict, 'accept');
  assert.equal(answer.segments[0].uncertain, true);
});
