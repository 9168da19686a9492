// Measures the engine on a generated 50,000-rule iptables-like ruleset.
// Not a test (timings are never asserted): run it after compile-tests with
//   node out/test/engine/bench-evaluate.js [rules]
import { performance } from 'node:perf_hooks';
import { assignedHelper, evaluate } from '../../server/src/engine/evaluate';
import { translateDestination } from '../../server/src/engine/nat';
import { findUnreachableRules } from '../../server/src/engine/shadowing';
import { PortSet } from '../../server/src/model/ports';
import { FRONTENDS } from '../../server/src/dialects';
import { RulesetBuilder, iptablesFilter, question } from './build';

function host(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

export function generate(total: number) {
  const b = new RulesetBuilder('iptables');
  const raw = b.chain('PREROUTING', { table: 'raw', base: { hook: 'prerouting', priority: -300 } });
  b.rule(raw, { proto: 'tcp', dport: '21', helper: 'ftp' }, 'continue');
  const nat = b.chain('PREROUTING', { table: 'nat', base: { hook: 'prerouting', type: 'nat', priority: -100 } });
  const { INPUT, FORWARD, OUTPUT } = iptablesFilter(b, { input: 'drop', forward: 'drop' });
  const users = Array.from({ length: 50 }, (_, i) => b.chain(`svc${i}`));
  b.rule(INPUT, { iif: 'lo' }, 'accept');
  b.rule(INPUT, { state: ['established', 'related'] }, 'accept');
  let n = 6;
  for (let i = 0; n < total; i++, n++) {
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        // Blocklist entries.
        b.rule(INPUT, { src: host(i) }, 'drop');
        break;
      case 4:
      case 5:
      case 6:
        // Per-host service openings.
        b.rule(INPUT, { src: host(i), proto: 'tcp', dport: String(1 + (i % 9000)) }, 'accept');
        break;
      case 7:
        b.rule(users[i % users.length], { proto: 'tcp', dport: `${2000 + (i % 30000)}-${2010 + (i % 30000)}` }, 'accept');
        break;
      case 8:
        if (i % 100 === 8) b.rule(INPUT, { proto: 'tcp', dport: String(3000 + (i % 500)) }, { jump: users[i % users.length].name });
        else b.rule(FORWARD, { dst: host(i), proto: 'tcp', dport: String(20 + (i % 60000)) }, 'accept');
        break;
      default:
        if (i % 1000 === 9) b.rule(nat, { proto: 'tcp', dport: String(8000 + (i % 1000)), dnat: { address: host(i) } }, 'accept');
        else b.rule(OUTPUT, { dst: host(i), proto: 'udp', dport: '53' }, 'accept');
    }
  }
  b.rule(INPUT, { proto: 'tcp', dport: '21' }, 'accept');
  b.rule(INPUT, { proto: 'tcp', dport: '50000-50999' }, 'accept');
  return b.build();
}

/** Runs `f` a few times and prints the first run and the best run, in CPU milliseconds (the machine may be shared). */
function time<T>(label: string, f: () => T, runs = 3): T {
  let result: T | undefined;
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    result = f();
    const used = process.cpuUsage(start);
    cpu.push((used.user + used.system) / 1000);
  }
  console.log(`${label}: first ${cpu[0].toFixed(1)} ms, best ${Math.min(...cpu).toFixed(1)} ms (CPU)`);
  return result as T;
}

function main(): void {
  const total = Number(process.argv[2] ?? 50000);
  const rs = time(`generate ${total} rules`, () => generate(total), 1);
  console.log(`rules: ${rs.chains.reduce((k, c) => k + c.rules.length, 0)}`);
  const all = question({ sport: PortSet.ALL, dport: PortSet.ALL });
  const a = time('evaluate input, any sport x any dport', () => evaluate(rs, all));
  console.log(`  segments: ${a.segments.length}`);
  time('evaluate input, dport 21', () => evaluate(rs, question()));
  time('evaluate input, related ftp data 1024-65535', () => evaluate(rs, question({ ctState: 'related', ctHelper: 'ftp', dport: PortSet.range(1024, 65535) })));
  const f = time('evaluate forward, any dport', () => evaluate(rs, question({ path: 'forward', dport: PortSet.ALL })));
  console.log(`  segments: ${f.segments.length}`);
  time('evaluate output, from port 20 to high ports', () => evaluate(rs, question({ path: 'output', sport: PortSet.of(20), dport: PortSet.range(1024, 65535) })));
  time('assignedHelper dport 21', () => assignedHelper(rs, question()));
  time('translateDestination any dport', () => translateDestination(rs, { ipVersion: 4, protocol: 'tcp', dport: PortSet.ALL }));
  const u = time('findUnreachableRules', () => findUnreachableRules(rs));
  console.log(`  unreachable: ${u.length}`);
  const fresh = generate(total);
  time('cold full analysis (8 questions + FW003 on a fresh ruleset)', () => fullAnalysis(fresh), 1);
}

/** The same mix as `generate`, written as an iptables-save file. */
export function generateSaveText(total: number): string {
  const lines = ['*raw', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', '-A PREROUTING -p tcp --dport 21 -j CT --helper ftp', 'COMMIT'];
  lines.push('*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]');
  const filter: string[] = ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]'];
  for (let i = 0; i < 50; i++) filter.push(`:svc${i} - [0:0]`);
  filter.push('-A INPUT -i lo -j ACCEPT', '-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT');
  let n = 6;
  for (let i = 0; n < total; i++, n++) {
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        filter.push(`-A INPUT -s ${host(i)}/32 -j DROP`);
        break;
      case 4:
      case 5:
      case 6:
        filter.push(`-A INPUT -s ${host(i)}/32 -p tcp -m tcp --dport ${1 + (i % 9000)} -j ACCEPT`);
        break;
      case 7:
        filter.push(`-A svc${i % 50} -p tcp -m tcp --dport ${2000 + (i % 30000)}:${2010 + (i % 30000)} -j ACCEPT`);
        break;
      case 8:
        if (i % 100 === 8) filter.push(`-A INPUT -p tcp -m tcp --dport ${3000 + (i % 500)} -j svc${i % 50}`);
        else filter.push(`-A FORWARD -d ${host(i)}/32 -p tcp -m tcp --dport ${20 + (i % 60000)} -j ACCEPT`);
        break;
      default:
        if (i % 1000 === 9) lines.push(`-A PREROUTING -p tcp -m tcp --dport ${8000 + (i % 1000)} -j DNAT --to-destination ${host(i)}`);
        else filter.push(`-A OUTPUT -d ${host(i)}/32 -p udp -m udp --dport 53 -j ACCEPT`);
    }
  }
  filter.push('-A INPUT -p tcp -m tcp --dport 21 -j ACCEPT', '-A INPUT -p tcp -m multiport --dports 50000:50999 -j ACCEPT', 'COMMIT');
  lines.push('COMMIT', ...filter);
  return `${lines.join('\n')}\n`;
}

function fromText(total: number): void {
  const text = generateSaveText(total);
  const start = process.cpuUsage();
  const rs = FRONTENDS.iptables.analyze(text, { uri: 'file:///bench.rules' }).ruleset;
  const parsed = process.cpuUsage(start);
  console.log(`parse ${total}-rule iptables-save (${(text.length / 1e6).toFixed(1)} MB): ${((parsed.user + parsed.system) / 1000).toFixed(1)} ms (CPU)`);
  time('engine on the parsed file (8 questions + FW003), cold', () => fullAnalysis(rs), 1);
}

function fullAnalysis(rs: ReturnType<typeof generate>): void {
  evaluate(rs, question());
  evaluate(rs, question({ dport: PortSet.range(50000, 50999) }));
  evaluate(rs, question({ dport: PortSet.range(1024, 65535) }));
  evaluate(rs, question({ ctState: 'related', ctHelper: 'ftp', dport: PortSet.range(1024, 65535) }));
  evaluate(rs, question({ path: 'output', sport: PortSet.of(20), dport: PortSet.range(1024, 65535) }));
  evaluate(rs, question({ path: 'forward', dport: PortSet.of(21) }));
  assignedHelper(rs, question());
  translateDestination(rs, { ipVersion: 4, protocol: 'tcp', dport: PortSet.of(21, { lo: 50000, hi: 50999 }) });
  findUnreachableRules(rs);
}

if (require.main === module) {
  main();
  fromText(Number(process.argv[2] ?? 50000));
}
