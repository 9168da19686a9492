// The kernel's own parsers judge what the fix renderers emit: every fixture's
// fixed output is checked with `nft -c -f` / `iptables-restore --test` in a
// throwaway namespace, and shell scripts are run there for real (`sh -e`), so
// a rule the kernel refuses fails the test. pf has no checker on Linux.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIX_FIXTURES } from '../fixes/fixtures';
import { labUnavailableReason, runScriptInNamespace, validateRuleset } from './lab';

const unavailable = labUnavailableReason();

for (const fx of FIX_FIXTURES.filter((f) => f.dialect !== 'pf')) {
  test(`kernel accepts the fixed ${fx.name} (${fx.code})`, (t) => {
    if (unavailable) {
      if (process.env.FWLINT_REQUIRE_KERNEL === '1') assert.fail(`kernel validation not run: ${unavailable} (FWLINT_REQUIRE_KERNEL=1)`);
      console.log(`kernel validation not run: ${unavailable}`);
      t.skip(unavailable);
      return;
    }
    const shell = fx.name.endsWith('.sh');
    for (const [label, text] of [['original', fx.text], ['fixed', fx.fixed]] as const) {
      const r = shell ? runScriptInNamespace(text) : validateRuleset(fx.dialect === 'nftables' ? 'nftables' : 'iptables', text);
      assert.equal(r.status, 0, `${label} ${fx.name} rejected by the kernel: ${r.stderr}\n${text}`);
    }
  });
}

// The validator must be able to say no, or the tests above prove nothing.
const KNOWN_BAD: ReadonlyArray<{ name: string; dialect: 'nftables' | 'iptables'; text: string }> = [
  { name: 'a misspelt iptables target (passes iptables-restore --test on nf_tables)', dialect: 'iptables', text: '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCPET\nCOMMIT\n' },
  { name: 'nft `accept }` on one line (nft 1.0.6 syntax error)', dialect: 'nftables', text: 'table inet t {\n\tchain c {\n\t\ttype filter hook input priority 0;\n\t\ttcp dport 21 accept }\n}\n' },
];

for (const bad of KNOWN_BAD) {
  test(`kernel validation rejects ${bad.name}`, (t) => {
    if (unavailable) {
      if (process.env.FWLINT_REQUIRE_KERNEL === '1') assert.fail(`kernel validation not run: ${unavailable} (FWLINT_REQUIRE_KERNEL=1)`);
      t.skip(unavailable);
      return;
    }
    assert.notEqual(validateRuleset(bad.dialect, bad.text).status, 0);
  });
}
