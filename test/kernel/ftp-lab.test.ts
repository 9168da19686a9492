// Real FTP transfers through real kernel firewalls: for each scenario the
// broken ruleset stops the passive transfer, and both a hand-written fix and
// fwlint's own preferred fix make it work. Needs root, ip netns, nft,
// iptables-restore, vsftpd and curl; without them the suite says why and
// skips, unless FWLINT_REQUIRE_KERNEL=1 makes that a failure (CI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lab, helperSupportProblem, labUnavailableReason, runScriptInNamespace, validateRuleset, type ProbeResult, type RulesetForm, type Topology } from './lab';
import { fwlintFix } from './fwlint-fix';
import { SCENARIOS, type Scenario } from './scenarios';

interface Row {
  readonly scenario: string;
  readonly stage: string;
  readonly probes: string;
  readonly ok: boolean;
}

const rows: Row[] = [];

function describeProbes(results: readonly ProbeResult[]): string {
  return results.map((r) => `${r.mode}:${r.ok ? 'ok' : `fail(exit ${r.status})`} ${Math.round(r.ms)}ms`).join(', ');
}

function printSummary(log: (line: string) => void): void {
  const width = Math.max(...rows.map((r) => r.scenario.length), 8);
  log(`${'scenario'.padEnd(width)} | ${'stage'.padEnd(14)} | result`);
  for (const r of rows) log(`${r.scenario.padEnd(width)} | ${r.stage.padEnd(14)} | ${r.ok ? 'as expected' : 'UNEXPECTED'}: ${r.probes}`);
}

function formOf(s: Scenario): RulesetForm {
  return s.shell ? 'shell' : s.dialect;
}

function kernelCheck(s: Scenario, text: string): ReturnType<typeof validateRuleset> {
  return s.shell ? runScriptInNamespace(text) : validateRuleset(s.dialect, text);
}

/** Where the scenario's clients connect: the lab's FTP address, on the scenario's port when it is not 21. */
function targetOf(lab: Lab, s: Scenario): string {
  const host = s.routedToServer ? lab.addresses.server : lab.addresses.ftpTarget;
  return s.controlPort === undefined ? host : `${host}:${s.controlPort}`;
}

function hostOf(lab: Lab, s: Scenario): string {
  const ns = s.host === 'router' ? lab.router : lab.server;
  if (!ns) throw new Error(`${s.name} needs a router`);
  return ns;
}

/** Loads a ruleset after checking it with the kernel, then runs the transfers that must work. */
function provesFixed(lab: Lab, s: Scenario, stage: string, text: string): void {
  const check = kernelCheck(s, text);
  assert.equal(check.status, 0, `${stage}: the kernel rejects the fixed ruleset: ${check.stderr}\n${text}`);
  lab.load(hostOf(lab, s), formOf(s), lab.writeFile(`${stage}.rules`, text));
  const results = s.mustWork.map((m) => lab.probe(m, targetOf(lab, s)));
  const ok = results.every((r) => r.ok);
  rows.push({ scenario: s.name, stage, probes: describeProbes(results), ok });
  assert.ok(ok, `${stage}: transfers still fail: ${describeProbes(results)}\n${text}`);
}

test('kernel FTP lab', async (t) => {
  const unavailable = labUnavailableReason();
  if (unavailable) {
    const message = `kernel FTP lab not run: ${unavailable}`;
    if (process.env.FWLINT_REQUIRE_KERNEL === '1') assert.fail(`${message} (FWLINT_REQUIRE_KERNEL=1)`);
    console.log(message);
    t.skip(message);
    return;
  }
  const helperProblem = helperSupportProblem();
  assert.equal(helperProblem, undefined, helperProblem);

  const labs = new Map<Topology, Lab>();
  const labFor = (topology: Topology): Lab => {
    let lab = labs.get(topology);
    if (!lab) {
      lab = Lab.create(topology);
      labs.set(topology, lab);
    }
    return lab;
  };
  const started = performance.now();
  try {
    await t.test('without a firewall every transfer works (the lab itself is sound)', () => {
      for (const topology of ['two-host', 'routed'] as const) {
        const lab = labFor(topology);
        lab.clearAll();
        // Without the router's DNAT there is nothing at its public address: talk to the server itself.
        const results = (['passive', 'pasv', 'active', 'lftp'] as const).map((m) => lab.probe(m, lab.addresses.server));
        rows.push({ scenario: `no firewall (${topology})`, stage: 'baseline', probes: describeProbes(results), ok: results.every((r) => r.ok) });
        assert.ok(results.every((r) => r.ok), describeProbes(results));
      }
    });
    for (const s of SCENARIOS) {
      await t.test(s.name, async (st) => {
        const scenarioStart = performance.now();
        st.after(() => rows.push({ scenario: s.name, stage: 'scenario total', probes: `${Math.round(performance.now() - scenarioStart)}ms`, ok: true }));
        const lab = labFor(s.topology);
        lab.clearAll();
        const ns = hostOf(lab, s);
        const check = kernelCheck(s, s.broken);
        assert.equal(check.status, 0, `the kernel rejects the broken ruleset: ${check.stderr}`);
        lab.load(ns, formOf(s), lab.writeFile('broken.rules', s.broken));
        const mode = s.brokenMode ?? 'passive';
        const broken = lab.probe(mode, targetOf(lab, s));
        // A dropped data connection shows as curl's timeout (28); anything but success proves the point.
        rows.push({ scenario: s.name, stage: 'broken', probes: describeProbes([broken]), ok: !broken.ok });
        assert.ok(!broken.ok, `the broken ruleset lets the ${mode} transfer through, so it proves nothing`);

        await st.test('hand-written fix', () => provesFixed(lab, s, 'hand fix', s.handFixed));
        await st.test("fwlint's preferred fix", () => {
          let result;
          try {
            result = fwlintFix(s.dialect, s.broken, s.code);
          } catch (e) {
            rows.push({ scenario: s.name, stage: 'fwlint fix', probes: e instanceof Error ? e.message : String(e), ok: false });
            throw e;
          }
          st.diagnostic(`${s.name}: "${result.title}"\n${result.fixed}`);
          assert.deepEqual(result.syntaxErrorsAfter, [], 'the fixed file re-parses without FW001');
          assert.ok(!result.codesAfter.includes(s.code), `${s.code} is still reported after the fix`);
          const added = result.codesAfter.filter((c) => !result.codesBefore.includes(c));
          assert.deepEqual(added, [], `the fix brings new findings: ${added.join(', ')}`);
          provesFixed(lab, s, 'fwlint fix', result.fixed);
        });
      });
    }
  } finally {
    for (const lab of labs.values()) lab.close();
    assert.deepEqual(Lab.leftovers(), [], 'every namespace the lab created is gone');
    rows.push({ scenario: 'whole lab run', stage: 'time', probes: `${Math.round(performance.now() - started)}ms`, ok: true });
    printSummary((line) => t.diagnostic(line));
  }
});
