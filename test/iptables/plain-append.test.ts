// The plain reading of rule lines (plainAppend.ts) must give exactly what the
// general reading gives: the same rules, diagnostics, definitions and
// references, and the same -D specifications. Compared over the corpus, the
// iptables conformance rules, the benchmark's container-host file and random
// lines near the plain shape; and it must take the plain lines it was made for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyzeSaveFile } from '../../server/src/dialects/iptables/index';
import { readPlainAppend } from '../../server/src/dialects/iptables/plainAppend';
import { GENERATORS } from '../../bench/generate';
import type { FrontendResult } from '../../server/src/dialects/frontend';

const repoRoot = path.resolve(__dirname, '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/iptables');
const conformance = path.resolve(repoRoot, '../shared/conformance/iptables-extensions');

/** Everything a reading gives, as plain data (references and words are classes with lazily made ranges). */
function reading(result: FrontendResult): unknown {
  return JSON.parse(
    JSON.stringify({
      ruleset: result.ruleset,
      diagnostics: result.diagnostics,
      definitions: result.definitions,
      references: result.references.map((r) => ({ kind: r.kind, name: r.name, range: r.range, container: r.container })),
    }, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value instanceof Set ? [...(value as Set<unknown>)] : value)),
  );
}

function assertSameReading(text: string, uri = 'file:///test/rules.v4'): void {
  const plain = analyzeSaveFile(text, { uri });
  const general = analyzeSaveFile(text, { uri }, false);
  assert.deepEqual(reading(plain), reading(general));
}

function plainRead(line: string): boolean {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: line.length } };
  return readPlainAppend(line, 0, 0, line.length, range, 'filter', 'iptables', undefined) !== undefined;
}

test('plain reading: takes the lines of a container host and a kube-proxy', () => {
  for (const line of [
    '-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 8080 -j ACCEPT',
    '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
    '-A KUBE-SVC-ABC -m comment --comment "default/web:http" -j KUBE-SEP-XYZ',
    '-A KUBE-SEP-XYZ -s 10.244.1.5/32 -m comment --comment "default/web:http" -j MARK --set-xmark 0x4000/0x4000',
    '-A INPUT -p udp --sport 53 -j ACCEPT',
    '-A INPUT -s 10.0.0.0/8 -j DROP',
  ]) {
    assert.ok(plainRead(line), line);
  }
  for (const line of [
    '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A INPUT -p tcp  --dport 21 -j ACCEPT',
    '-A INPUT -p tcp --dport=21 -j ACCEPT',
    '-A INPUT -p tcp -m udp --dport 21 -j ACCEPT',
    "-A INPUT -m comment --comment 'single' -j ACCEPT",
    '-A INPUT -j ACCEPT --unknown 1',
    '-A INPUT -p tcp --dport 21 --dport 22 -j ACCEPT',
  ]) {
    assert.ok(!plainRead(line), line);
  }
});

test('plain reading: the benchmark container-host file reads the same both ways', () => {
  assertSameReading(GENERATORS.iptables(2000));
});

if (existsSync(corpus)) {
  test('plain reading: every corpus save file reads the same both ways', () => {
    const files = readdirSync(corpus).filter((f) => f.endsWith('.rules'));
    assert.ok(files.length >= 9);
    for (const file of files) assertSameReading(readFileSync(path.join(corpus, file), 'utf8'), `file:///corpus/${file}`);
  });
} else {
  test('plain reading: shared corpus not present', (t) => t.skip('shared corpus not present'));
}

if (existsSync(conformance)) {
  test('plain reading: every iptables conformance rule reads the same both ways', () => {
    let lines = 0;
    for (const file of readdirSync(conformance).filter((f) => f.endsWith('.t') && !/^lib(ebt|arpt)_/.test(f))) {
      const rules: string[] = [];
      for (const line of readFileSync(path.join(conformance, file), 'utf8').split('\n')) {
        const parts = line.split(';');
        if (parts.length >= 3 && !/^[:*#@]/.test(line)) rules.push(`-A INPUT ${parts.slice(0, -2).join(';')}`);
      }
      lines += rules.length;
      const program = file.startsWith('libip6t_') ? 'file:///c/rules.v6' : 'file:///c/rules.v4';
      assertSameReading(['*filter', ':INPUT ACCEPT [0:0]', ...rules, 'COMMIT'].join('\n'), program);
    }
    assert.ok(lines > 1000, `read ${lines} rules`);
  });
} else {
  test('plain reading: shared conformance data not present', (t) => t.skip('shared conformance data not present'));
}

/** Option words near the plain shape: good and bad values, negations, repeats, quoting and spacing the plain reading refuses. */
const optionText = fc.oneof(
  fc.constantFrom('-s', '-d', '! -s', '! -d').chain((o) =>
    fc.constantFrom('10.0.0.0/8', '192.0.2.1', '0.0.0.0/0', '300.1.1.1', 'host.example', '10.0.0.1,10.0.0.2', '::1', '10.0.0.0/255.0.255.0').map((v) => `${o} ${v}`),
  ),
  fc.constantFrom('-i', '-o', '! -i', '! -o').chain((o) => fc.constantFrom('eth0', 'docker0', '+', 'eth+', 'averyveryverylongname').map((v) => `${o} ${v}`)),
  fc.constantFrom('-p tcp', '-p udp', '-p TCP', '! -p tcp', '-p icmp', '-m tcp', '-m udp', '-m comment --comment x', '-m comment --comment "a b"', '-m comment --comment ""'),
  fc.constantFrom('--dport', '--sport', '! --dport', '! --sport').chain((o) => fc.constantFrom('21', '65536', '1024:65535', '2000:1000', 'ftp', 'nosuchservice', '0').map((v) => `${o} ${v}`)),
  fc.constantFrom('-j ACCEPT', '-j DROP', '-j RETURN', '-j SERVICES', '-j NOCHAIN', '-j LOG', '-j DNAT', '-j DNAT --to-destination 10.0.0.2:8080', '-j DNAT --to-destination 10.0.0.2:99999', '-j SNAT --to-source 192.0.2.1', '-j MARK --set-xmark 0x1/0x1', '-j MARK --set-xmark 0x100000000', '-j TPROXY'),
  fc.constantFrom('-m conntrack --ctstate NEW', '!', '"', '  ', '-j'),
);

const ruleLine = fc.tuple(fc.constantFrom('INPUT', 'SERVICES', 'NOCHAIN'), fc.array(optionText, { maxLength: 7 })).map(([chain, options]) => `-A ${chain} ${options.join(' ')}`.trimEnd());

test('plain reading: random lines near the plain shape read the same both ways, -D included', () => {
  fc.assert(
    fc.property(fc.array(ruleLine, { minLength: 1, maxLength: 8 }), fc.boolean(), (lines, deleteOne) => {
      const body = deleteOne ? [...lines, lines[0].replace(/^-A /, '-D ')] : lines;
      assertSameReading(['*filter', ':INPUT ACCEPT [0:0]', ':SERVICES - [0:0]', ...body, 'COMMIT'].join('\n'));
    }),
    { numRuns: 400 },
  );
});
