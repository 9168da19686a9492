// `include` and `load anchor ... from`: followed through options.readInclude, with a cycle guard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertNoErrors, chain } from './helpers';

function reader(files: Record<string, string>) {
  const calls: string[] = [];
  const read = (path: string): { uri: string; text: string } | undefined => {
    calls.push(path);
    return path in files ? { uri: `file://${path}`, text: files[path] } : undefined;
  };
  return { read, calls };
}

test('include: macros from an included file are known to later lines', () => {
  const { read } = reader({ '/etc/pf.macros': 'pub = "192.0.2.1"\ntable <attackers> persist' });
  const result = analyze('include "/etc/pf.macros"\ntable <x> persist\npass in proto tcp to $pub port 22\nblock from <attackers>', { readInclude: read });
  assertNoErrors(result);
  assert.deepEqual(result.includes, [{ path: '/etc/pf.macros', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 24 } }, resolved: true }]);
  const rule = chain(result, 'filter').rules[0];
  assert.equal(rule.match.dst.kind === 'intervals' && rule.match.dst.text, '192.0.2.1');
});

test('include: rules from an included file keep their uri and come where the include is', () => {
  const { read } = reader({ '/etc/pf.extra': 'pass in proto tcp to port 21' });
  const result = analyze('block\ninclude "/etc/pf.extra"\npass out', { readInclude: read });
  const rules = chain(result, 'filter').rules;
  assert.deepEqual(rules.map((r) => [r.text, r.uri]), [
    ['block', undefined],
    ['pass in proto tcp to port 21', 'file:///etc/pf.extra'],
    ['pass out', undefined],
  ]);
});

test('include: an include cycle stops', () => {
  const { read, calls } = reader({ '/a': 'include "/b"\npass in', '/b': 'include "/a"\npass out' });
  const result = analyze('include "/a"', { readInclude: read, uri: 'file:///main' });
  assert.ok(calls.length < 10);
  assert.deepEqual(chain(result, 'filter').rules.map((r) => r.text), ['pass out', 'pass in']);
});

test('load anchor: the file becomes the anchor chain and the anchor is then known', () => {
  const { read } = reader({ '/etc/pf.anchors/proxy-ftp': 'anchor "ftp-proxy/*"\npass in inet proto tcp to port ftp divert-to 127.0.0.1 port 8021' });
  const result = analyze('anchor "proxy/ftp"\nload anchor "proxy/ftp" from "/etc/pf.anchors/proxy-ftp"', { readInclude: read });
  assertNoErrors(result);
  assert.deepEqual(chain(result, 'filter').rules[0].verdict, { kind: 'anchor', name: 'proxy/ftp', inline: true });
  const anchor = chain(result, 'proxy/ftp');
  assert.equal(anchor.evaluation, 'last-match');
  assert.deepEqual(anchor.rules.map((r) => r.verdict.kind), ['anchor', 'accept']);
  assert.equal(anchor.rules[1].uri, 'file:///etc/pf.anchors/proxy-ftp');
  assert.deepEqual(result.includes.map((i) => [i.path, i.resolved]), [['/etc/pf.anchors/proxy-ftp', true]]);
});

test('load anchor: not followed without a reader', () => {
  const result = analyze('anchor "x"\nload anchor "x" from "/etc/pf.anchors/x"');
  assert.deepEqual(chain(result, 'filter').rules[0].verdict, { kind: 'anchor', name: 'x', inline: false });
  assert.deepEqual(result.includes.map((i) => i.resolved), [false]);
  assert.deepEqual(result.references.filter((r) => r.kind === 'anchor').map((r) => r.name), ['x']);
});
