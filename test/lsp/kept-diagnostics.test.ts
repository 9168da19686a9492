// The server writes published diagnostics from text it kept for each
// diagnostic of the previous analysis (FW003 keeps unchanged findings). Over
// random edits that change, insert and delete lines (so kept ranges move),
// every publication must be exactly what a fresh analysis of that version
// converts to.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver/node';
import { analyzeDocument } from '../../server/src/analysis';
import { toLspDiagnostic } from '../../server/src/lsp/convert';
import { uriToPath } from '../../server/src/workspace';
import { applyEdit, lineEdit } from '../helpers/document-edits';
import { FIXTURES, LspTestClient } from './lspClient';

let client: LspTestClient;

before(async () => {
  client = LspTestClient.start();
  await client.initialize();
});

after(async () => {
  await client.stop();
});

function fresh(uri: string, text: string, version: number): Diagnostic[] {
  const analysis = analyzeDocument({ uri, path: uriToPath(uri), text, version, settings: {} });
  return analysis.diagnostics.map((d) => toLspDiagnostic(d, uri, version));
}

/** As sent, without the documentation link: the server links its bundled pages, this process has none beside it. */
function comparable(diagnostics: readonly Diagnostic[]): unknown {
  return JSON.parse(JSON.stringify(diagnostics.map(({ codeDescription: _link, ...rest }) => rest)));
}

const DOCUMENTS = [
  {
    languageId: 'pf',
    name: 'kept.pf',
    base: ['pass in proto tcp to port 21', 'pass in proto tcp to port 2121', 'pass in proto tcp to port 50010:50020', 'block in proto tcp to port 2000:3000', 'block in proto tcp to port 1:60000'],
    line: fc.oneof(
      fc.integer({ min: 1, max: 60000 }).map((p) => `pass in proto tcp to port ${p}`),
      fc.integer({ min: 1, max: 60000 }).map((p) => `block in proto tcp to port ${p}:${p + 40}`),
      fc.constantFrom('block in all', '# a comment', ''),
    ),
  },
  {
    languageId: 'iptables',
    name: 'kept.rules',
    base: ['*filter', ':INPUT DROP [0:0]', '-A INPUT -p tcp --dport 1:1024 -j ACCEPT', '-A INPUT -p tcp --dport 21 -j ACCEPT', '-A INPUT -p tcp --dport 22 -j ACCEPT', 'COMMIT'],
    line: fc.oneof(
      fc.integer({ min: 1, max: 60000 }).map((p) => `-A INPUT -p tcp --dport ${p} -j ACCEPT`),
      fc.integer({ min: 1, max: 60000 }).map((p) => `-A INPUT -p tcp --dport ${p}:${p + 40} -j DROP`),
      fc.constantFrom('-A INPUT -p tcp -j DROP', '# a comment'),
    ),
  },
] as const;

for (const doc of DOCUMENTS) {
  test(`${doc.languageId}: diagnostics published from kept text equal a fresh analysis over random edits`, async () => {
    let run = 0;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(lineEdit(doc.line), { minLength: 1, maxLength: 8 }), async (edits) => {
        const uri = `file://${path.join(FIXTURES, `${run++}-${doc.name}`)}`;
        let lines: readonly string[] = doc.base;
        await client.open(uri, doc.languageId, lines.join('\n'));
        try {
          for (const e of edits) {
            lines = applyEdit(lines, e);
            const text = lines.join('\n');
            const version = await client.change(uri, text);
            const published = await client.waitForDiagnostics(uri, (p) => p.version === version);
            assert.deepEqual(comparable(published.diagnostics), comparable(fresh(uri, text, version)), `after ${JSON.stringify(e)}:\n${text}`);
            compared += published.diagnostics.length;
          }
        } finally {
          await client.close(uri);
        }
      }),
      { numRuns: 25 },
    );
    // Diagnostics were published and compared, not only empty lists.
    assert.ok(compared > 50, `only ${compared} diagnostics compared`);
  });
}
