// Every fixture through its real front end and the checks: raise cases must
// produce exactly the expected findings of their check (line and related
// locations), near-miss cases none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from './harness';
import { ALL_CASES } from './cases';

for (const [code, cases] of Object.entries(ALL_CASES)) {
  for (const c of cases) {
    const kind = c.expect.length > 0 ? 'raises' : 'stays quiet on';
    test(`${code} ${kind} ${c.dialect}: ${c.name}`, () => {
      const { findings, syntax } = analyse(c.dialect, c.text, c.settings);
      assert.deepEqual(syntax, [], 'fixture must parse cleanly');
      const mine = findings.filter((f) => f.code === code);
      assert.deepEqual(
        mine.map((f) => f.range.start.line + 1),
        c.expect.map((e) => e.line),
        `findings: ${mine.map((f) => `${f.range.start.line + 1}: ${f.message}`).join(' | ')}`,
      );
      c.expect.forEach((e, i) => {
        const relatedLines = mine[i].related.map((r) => r.range.start.line + 1);
        for (const line of e.related ?? []) assert.ok(relatedLines.includes(line), `related line ${line} expected in ${JSON.stringify(relatedLines)}`);
        if (e.messageIncludes !== undefined) assert.ok(mine[i].message.includes(e.messageIncludes), `message should include ${JSON.stringify(e.messageIncludes)}: ${mine[i].message}`);
        assert.ok(mine[i].message.length > 20);
        // pf has no helper: FTP006 there would only be fixed by a broad allow from port 20, so none is proposed.
        const noFixExpected = code === 'FW003' || (code === 'FTP006' && (c.dialect === 'pf' || /--sport 21|sport 21/.test(c.text)));
        assert.equal(mine[i].fixes.length > 0, !noFixExpected, 'a finding of a fixable check proposes a fix');
      });
    });
  }
}
