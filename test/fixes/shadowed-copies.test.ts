// Idempotence is judged where a rule takes effect: a copy of the wanted rule
// that sits behind the rule it must beat (a PASV accept after a final DROP)
// does nothing, so the fix still inserts; a copy in the right place stops it.
// And one rule wanted in two chains is written in both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RuleSpec } from '../../server/src/checks/types';
import { FRONTENDS } from '../../server/src/dialects';
import { applyEdits, renderFix } from '../../server/src/fixes';
import { PortSet } from '../../server/src/model/ports';
import type { Rule } from '../../server/src/model/ruleset';
import type { Dialect } from '../../server/src/model/source';
import { docFor, insert, lines, proposal, ruleAt } from './helpers';

const passive: RuleSpec = {
  path: 'input', table: 'filter', protocol: 'tcp', dport: PortSet.range(50000, 50999), action: { kind: 'accept' }, comment: 'FTP passive data',
};

function related(path: 'input' | 'output'): RuleSpec {
  return { path, table: 'filter', protocol: 'tcp', ctState: ['related'], ctHelper: 'ftp', action: { kind: 'accept' }, comment: 'FTP data expected by the ftp helper' };
}

/** The front end's own result, so renderers see which rules refuse. */
function parsed(dialect: Dialect, text: string) {
  return FRONTENDS[dialect].analyze(text, { uri: 'file:///fixture' });
}

/** The front end's rule on the first line containing `needle` (its chain known, unlike ruleAt's). */
function modelRuleAt(text: string, needle: string): Rule {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  const rule = parsed('iptables', text).ruleset.chains.flatMap((c) => c.rules).find((r) => r.range.start.line === line);
  if (!rule) throw new Error(`no rule on the line of ${needle}`);
  return rule;
}

const saveShadowed = lines('*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -p tcp --dport 21 -j ACCEPT', '-A INPUT -p tcp -j DROP', '-A INPUT -p tcp --dport 50000:50999 -j ACCEPT', 'COMMIT');

test('iptables-save: a copy after the DROP it must precede does not count', () => {
  const edits = renderFix(saveShadowed, parsed('iptables', saveShadowed), proposal(insert({ before: ruleAt(saveShadowed, '-j DROP') }, passive)));
  assert.equal(applyEdits(saveShadowed, edits), saveShadowed.replace('-A INPUT -p tcp -j DROP', '# fwlint: FTP passive data\n-A INPUT -p tcp --dport 50000:50999 -j ACCEPT\n-A INPUT -p tcp -j DROP'));
});

test('iptables-save: placed after the control accept, a copy behind a DROP in between does not count', () => {
  const edits = renderFix(saveShadowed, parsed('iptables', saveShadowed), proposal(insert({ after: modelRuleAt(saveShadowed, '--dport 21') }, passive)));
  assert.equal(applyEdits(saveShadowed, edits), saveShadowed.replace('-A INPUT -p tcp -j DROP', '# fwlint: FTP passive data\n-A INPUT -p tcp --dport 50000:50999 -j ACCEPT\n-A INPUT -p tcp -j DROP'));
  const fixed = applyEdits(saveShadowed, edits);
  assert.deepEqual(renderFix(fixed, parsed('iptables', fixed), proposal(insert({ after: modelRuleAt(fixed, '--dport 21') }, passive))), [], 'applying it twice changes nothing');
});

test('iptables-save: a copy before the DROP counts, so nothing is added', () => {
  const text = lines('*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -p tcp --dport 50000:50999 -j ACCEPT', '-A INPUT -p tcp -j DROP', 'COMMIT');
  assert.deepEqual(renderFix(text, parsed('iptables', text), proposal(insert({ before: ruleAt(text, '-j DROP') }, passive))), []);
});

test('shell: -I puts a later command first, so a copy inserted after the DROP command still takes effect', () => {
  const text = lines('iptables -A INPUT -p tcp -j DROP', 'iptables -I INPUT -p tcp --dport 50000:50999 -j ACCEPT');
  assert.deepEqual(renderFix(text, parsed('iptables', text), proposal(insert({ before: ruleAt(text, '-j DROP') }, passive))), []);
  const appended = lines('iptables -A INPUT -p tcp -j DROP', 'iptables -A INPUT -p tcp --dport 50000:50999 -j ACCEPT');
  const edits = renderFix(appended, parsed('iptables', appended), proposal(insert({ before: ruleAt(appended, '-j DROP') }, passive)));
  assert.equal(edits.length, 1, 'an appended copy after the DROP is shadowed');
});

test('nft: a copy after the final drop does not count; one before it does', () => {
  const shadowed = lines('table inet filter {', '\tchain input {', '\t\ttype filter hook input priority filter; policy accept;', '\t\ttcp dport 21 accept', '\t\tdrop', '\t\ttcp dport 50000-50999 accept', '\t}', '}');
  const edits = renderFix(shadowed, parsed('nftables', shadowed), proposal(insert({ before: ruleAt(shadowed, '\tdrop') }, passive)));
  assert.equal(applyEdits(shadowed, edits), shadowed.replace('\t\tdrop\n', '\t\t# fwlint: FTP passive data\n\t\ttcp dport 50000-50999 accept\n\t\tdrop\n'));
  const effective = lines('table inet filter {', '\tchain input {', '\t\ttype filter hook input priority filter; policy accept;', '\t\ttcp dport 50000-50999 accept', '\t\tdrop', '\t}', '}');
  assert.deepEqual(renderFix(effective, parsed('nftables', effective), proposal(insert({ before: ruleAt(effective, '\tdrop') }, passive))), []);
});

test('nft flat: an `add rule` copy after the drop does not count', () => {
  const text = lines('add table inet filter', 'add chain inet filter input { type filter hook input priority 0 ; policy accept ; }', 'add rule inet filter input drop', 'add rule inet filter input tcp dport 50000-50999 accept');
  const edits = renderFix(text, parsed('nftables', text), proposal(insert({ before: ruleAt(text, 'input drop') }, passive)));
  assert.equal(edits.length, 1);
  assert.match(edits[0].newText, /add rule inet filter input tcp dport 50000-50999 accept/);
});

test('pf: a quick pass after the quick block it must precede does not count', () => {
  const text = lines('block in quick proto tcp to port 50000:50999', 'pass in quick proto tcp to port 50000:50999');
  const edits = renderFix(text, docFor('pf', 'conf'), proposal(insert({ before: ruleAt(text, 'block in') }, { ...passive, quick: true })));
  assert.equal(applyEdits(text, edits), lines('# fwlint: FTP passive data', 'pass in quick proto tcp to port 50000:50999', 'block in quick proto tcp to port 50000:50999', 'pass in quick proto tcp to port 50000:50999'));
});

test('nft: the same RELATED accept wanted on input and on output is written in both chains', () => {
  const text = lines('table inet filter {', '\tchain input {', '\t\ttype filter hook input priority 0; policy drop;', '\t}', '\tchain output {', '\t\ttype filter hook output priority 0; policy drop;', '\t}', '}');
  const once = applyEdits(text, renderFix(text, docFor('nftables', 'block'), proposal(insert({ at: 'end' }, related('output')), insert({ at: 'end' }, related('input')))));
  const body = '\t\tmeta l4proto tcp ct state related ct helper "ftp" accept\n';
  assert.equal(once.split(body).length - 1, 2, once);
  assert.ok(once.indexOf(body) < once.indexOf('chain output'), 'one in input');
  assert.ok(once.lastIndexOf(body) > once.indexOf('chain output'), 'one in output');
});
