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
