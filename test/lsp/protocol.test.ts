// The real server over stdio: lifecycle, diagnostics for each dialect,
// outline, navigation, hover and the editor-facing rules (debounce, versions,
// configuration, shell scripts without iptables).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, DocumentSymbol, Hover, Location, Position, TextDocumentEdit } from 'vscode-languageserver/node';
import { explainPort } from '../../server/src/explain/index';
import { IPTABLES_KEYWORDS } from '../../server/src/dialects/iptables/keywords';
import { NFTABLES_KEYWORDS } from '../../server/src/dialects/nftables/keywords';
import { PF_KEYWORDS } from '../../server/src/dialects/pf/keywords';
import { fixtureText, fixtureUri, LspTestClient, REPO_ROOT } from './lspClient';

/** The position of the `nth` occurrence of `needle` on the line that contains `lineText`, plus `offset` characters. */
function positionOf(text: string, lineText: string, needle: string, offset = 1): Position {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(lineText));
  assert.ok(line >= 0, `fixture has a line containing ${lineText}`);
  const character = lines[line].indexOf(needle);
  assert.ok(character >= 0, `line ${line} contains ${needle}`);
  return { line, character: character + offset };
}

function lineOf(text: string, lineText: string): number {
  return text.split('\n').findIndex((l) => l.includes(lineText));
}

function hoverText(hover: Hover | null): string {
  assert.ok(hover, 'a hover is returned');
  return typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover.contents);
}

function flatten(symbols: readonly DocumentSymbol[]): DocumentSymbol[] {
  return symbols.flatMap((s) => [s, ...flatten(s.children ?? [])]);
}

function fw001On(diagnostics: readonly Diagnostic[], line: number): Diagnostic | undefined {
  return diagnostics.find((d) => d.code === 'FW001' && d.range.start.line === line);
}

describe('language server over stdio', () => {
  let client: LspTestClient;

  before(async () => {
    client = LspTestClient.start();
    const init = await client.initialize();
    const caps = init.capabilities;
    assert.equal(caps.hoverProvider, true);
    assert.equal(caps.documentSymbolProvider, true);
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    assert.ok(caps.codeActionProvider, 'code actions are offered');
  });

  after(async () => {
    const code = await client.stop();
    assert.equal(code, 0, 'the server exits cleanly after shutdown + exit');
  });

  describe('iptables-save file', () => {
    const uri = fixtureUri('server.rules');
    const text = fixtureText('server.rules');

    test('publishes FW001 on the invalid line with source, link and data', async () => {
      await client.open(uri, 'iptables', text);
      const published = await client.waitForDiagnostics(uri);
      assert.equal(published.version, 1);
      const bad = lineOf(text, 'this line is not');
      const d = fw001On(published.diagnostics, bad);
      assert.ok(d, `FW001 on line ${bad}: ${JSON.stringify(published.diagnostics)}`);
      assert.equal(d.source, 'fwlint');
      assert.match(d.codeDescription?.href ?? '', /FW001/);
      // The link opens the documentation shipped with fwlint, offline.
      const href = d.codeDescription?.href ?? '';
      assert.ok(href.startsWith('file:') && fs.existsSync(fileURLToPath(href)), `${href} is a page on disk`);
      assert.ok(d.data !== undefined, 'data lets code actions find the fixes');
      assert.ok(published.diagnostics.every((x) => x.range.start.line !== lineOf(text, ':SERVICES')), 'valid lines are not flagged');
    });

    test('outline nests the chains in their table', async () => {
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      const all = flatten(symbols);
      const services = all.find((s) => s.name === 'SERVICES');
      assert.ok(services, `SERVICES in ${JSON.stringify(symbols.map((s) => s.name))}`);
      const filter = symbols.find((s) => s.name === 'filter');
      assert.ok(filter, 'the filter table is a top-level symbol');
      assert.ok(flatten(filter.children ?? []).includes(services), 'SERVICES sits inside filter');
    });

    test('definition and references of a user chain', async () => {
      const jump = positionOf(text, '-j SERVICES', 'SERVICES');
      const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: jump });
      assert.equal(defs.length, 1);
      assert.equal(defs[0].range.start.line, lineOf(text, ':SERVICES'));
      const refs = await client.request<Location[]>('textDocument/references', {
        textDocument: { uri },
        position: jump,
        context: { includeDeclaration: false },
      });
      assert.ok(refs.some((r) => r.range.start.line === jump.line), 'the jump is a reference');
      assert.ok(refs.every((r) => r.uri === uri));
    });

    test('hover on a port explains it', async () => {
      const hover = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(text, '--dport 21 -j SERVICES', '21'),
      });
      assert.ok(hoverText(hover).includes(explainPort(21)));
    });

    test('hover on an option shows its keyword documentation', async () => {
      const hover = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(text, '--dport 21 -j SERVICES', '--dport', 3),
      });
      assert.ok(hoverText(hover).includes(IPTABLES_KEYWORDS['--dport']));
    });
  });

  describe('nftables file', () => {
    const uri = fixtureUri('server.nft');
    const text = fixtureText('server.nft');

    test('publishes FW001 on the invalid statement', async () => {
      await client.open(uri, 'nftables', text);
      const published = await client.waitForDiagnostics(uri);
      const bad = lineOf(text, 'frobnicate');
      assert.ok(fw001On(published.diagnostics, bad), `FW001 on line ${bad}: ${JSON.stringify(published.diagnostics)}`);
    });

    test('outline: table > set and chain, plus the define', async () => {
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      const table = symbols.find((s) => s.name === 'filter');
      assert.ok(table, `table filter in ${JSON.stringify(symbols.map((s) => s.name))}`);
      const inside = (table.children ?? []).map((c) => c.name);
      assert.ok(inside.includes('admins') && inside.includes('input'), `children: ${inside}`);
      assert.ok(flatten(symbols).some((s) => s.name === 'ftp_port'), 'the define is listed');
    });

    test('definition of a named set and of a define', async () => {
      const setUse = positionOf(text, 'ip saddr @admins', 'admins');
      const setDefs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: setUse });
      assert.deepEqual(setDefs.map((d) => d.range.start.line), [lineOf(text, 'set admins')]);
      const defineUse = positionOf(text, 'tcp dport $ftp_port', 'ftp_port');
      const defineDefs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: defineUse });
      assert.deepEqual(defineDefs.map((d) => d.range.start.line), [lineOf(text, 'define ftp_port')]);
      const refs = await client.request<Location[]>('textDocument/references', {
        textDocument: { uri },
        position: positionOf(text, 'set admins', 'admins'),
        context: { includeDeclaration: true },
      });
      const lines = refs.map((r) => r.range.start.line).sort((a, b) => a - b);
      assert.deepEqual(lines, [lineOf(text, 'set admins'), setUse.line]);
    });
  });

  test('nftables: hover on a keyword shows its documentation', async () => {
    const uri = fixtureUri('server.nft');
    const text = fixtureText('server.nft');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'policy drop', 'policy') });
    assert.ok(hoverText(hover).includes(NFTABLES_KEYWORDS.policy));
  });

  describe('pf file', () => {
    const uri = fixtureUri('server.pf');
    const text = fixtureText('server.pf');

    test('publishes FW001 on the invalid line', async () => {
      await client.open(uri, 'pf', text);
      const published = await client.waitForDiagnostics(uri);
      const bad = lineOf(text, 'this is not');
      assert.ok(fw001On(published.diagnostics, bad), `FW001 on line ${bad}: ${JSON.stringify(published.diagnostics)}`);
    });

    test('macro and table: outline, definition, references', async () => {
      const symbols = flatten(await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } }));
      assert.ok(symbols.some((s) => s.name === 'ext_if'), 'macro ext_if listed');
      assert.ok(symbols.some((s) => s.name === 'admins'), 'table admins listed');
      const use = positionOf(text, 'from <admins>', 'admins');
      const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: use });
      assert.deepEqual(defs.map((d) => d.range.start.line), [lineOf(text, 'table <admins>')]);
      const macroUse = positionOf(text, 'to port 21', 'ext_if');
      const macroRefs = await client.request<Location[]>('textDocument/references', {
        textDocument: { uri },
        position: macroUse,
        context: { includeDeclaration: false },
      });
      assert.equal(macroRefs.length, 2, 'both uses of $ext_if');
    });

    test('hover on a keyword shows its documentation', async () => {
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'block all', 'block') });
      assert.ok(hoverText(hover).includes(PF_KEYWORDS.block));
    });
  });

  describe('shell scripts', () => {
    test('a script calling iptables is analysed', async () => {
      const uri = fixtureUri('firewall.sh');
      const text = fixtureText('firewall.sh');
      await client.open(uri, 'shellscript', text);
      const published = await client.waitForDiagnostics(uri);
      const bad = lineOf(text, '--bogus-option');
      assert.ok(fw001On(published.diagnostics, bad), `FW001 on line ${bad}: ${JSON.stringify(published.diagnostics)}`);
    });

    test('a script without iptables gets no diagnostics and no outline', async () => {
      const uri = fixtureUri('backup.sh');
      await client.open(uri, 'shellscript', fixtureText('backup.sh'));
      const published = await client.waitForDiagnostics(uri);
      assert.deepEqual(published.diagnostics, []);
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepEqual(symbols, []);
    });
  });

  describe('editing', () => {
    const uri = fixtureUri('edited.nft');
    const good = '#!/usr/sbin/nft -f\ntable inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t}\n}\n';
    const bad = good.replace('policy accept;', 'policy accept;\n\t\tnot a statement');

    test('edits sent together publish the newest version only', async () => {
      await client.open(uri, 'nftables', good);
      await client.waitForDiagnostics(uri, (p) => p.version === 1);
      const last = await client.changeTogether(uri, [bad, good, bad]);
      const published = await client.waitForDiagnostics(uri, (p) => p.version === last);
      assert.ok(fw001On(published.diagnostics, 4), `FW001 on line 4: ${JSON.stringify(published.diagnostics)}`);
      const stale = client.published.filter((p) => p.uri === uri && p.version !== undefined && p.version > 1 && p.version < last);
      assert.deepEqual(stale, [], 'versions replaced by edits sent with them are never published');
    });

    test('a code action request with a diagnostic of an older version offers nothing', async () => {
      const current = client.published.filter((p) => p.uri === uri).at(-1);
      assert.ok(current && current.diagnostics.length > 0);
      const old = { ...current.diagnostics[0], data: { id: 0, version: 1 } };
      const actions = await client.request<unknown[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: old.range,
        context: { diagnostics: [old] },
      });
      assert.deepEqual(actions, []);
    });

    test('closing a document clears its diagnostics', async () => {
      const before = client.published.length;
      await client.close(uri);
      const cleared = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0 && client.published.indexOf(p) >= before);
      assert.deepEqual(cleared.diagnostics, []);
    });
  });

  describe('configuration', () => {
    test('a check disabled in the settings disappears after didChangeConfiguration', async () => {
      const uri = fixtureUri('server.pf');
      const bad = lineOf(fixtureText('server.pf'), 'this is not');
      await client.waitForDiagnostics(uri, (p) => fw001On(p.diagnostics, bad) !== undefined);
      client.settings = { checks: { FW001: { enabled: false } } };
      const before = client.published.length;
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const after = await client.waitForDiagnostics(uri, (p) => client.published.indexOf(p) >= before);
      assert.equal(fw001On(after.diagnostics, bad), undefined);
      client.settings = {};
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.waitForDiagnostics(uri, (p) => fw001On(p.diagnostics, bad) !== undefined);
    });
  });

  describe('includes', () => {
    test('an include outside the workspace folder is reported, not read', async () => {
      const uri = fixtureUri('include-outside.nft');
      const text = fixtureText('include-outside.nft');
      await client.open(uri, 'nftables', text);
      const published = await client.waitForDiagnostics(uri);
      const d = published.diagnostics.find((x) => x.code === 'include-not-followed');
      assert.ok(d, JSON.stringify(published.diagnostics));
      assert.equal(d.range.start.line, lineOf(text, 'include'));
      assert.equal(d.severity, 3, 'information');
    });
  });
});

describe('code actions', () => {
  let client: LspTestClient;
  const file = path.join(REPO_ROOT, 'examples/iptables/ftp-server-no-passive-range.rules');
  const uri = pathToFileURL(file).toString();

  before(async () => {
    client = LspTestClient.start();
    await client.initialize(path.join(REPO_ROOT, 'examples'));
    await client.open(uri, 'iptables', fs.readFileSync(file, 'utf8'));
  });

  after(async () => {
    await client.stop();
  });

  test('a finding offers its fix as a quick fix bound to the document version', async () => {
    const published = await client.waitForDiagnostics(uri);
    const ftp001 = published.diagnostics.find((d) => d.code === 'FTP001');
    assert.ok(ftp001, JSON.stringify(published.diagnostics));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: ftp001.range,
      context: { diagnostics: [ftp001] },
    });
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred, JSON.stringify(actions));
    assert.equal(preferred.kind, 'quickfix');
    const change = preferred.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
    assert.ok(change && 'textDocument' in change, 'a versioned TextDocumentEdit');
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.ok(change.edits.some((e) => e.newText.includes('50000')), JSON.stringify(change.edits));
  });

  test('hover on a rule shows the findings on it', async () => {
    const text = fs.readFileSync(file, 'utf8');
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(text, '--dport 21 -j ACCEPT', '-A', 0),
    });
    const value = hoverText(hover);
    assert.match(value, /FTP001/);
    assert.match(value, /--dport 21/);
  });

  test('source.fixAll.fwlint applies the preferred fixes', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.fwlint');
    const change = actions[0].edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
    assert.ok(change && change.edits.length > 0);
  });

  test('an edit makes the old diagnostics stale: their fixes are no longer offered', async () => {
    const published = await client.waitForDiagnostics(uri);
    const old = published.diagnostics.find((d) => d.code === 'FTP001');
    assert.ok(old);
    const version = await client.change(uri, fs.readFileSync(file, 'utf8') + '\n');
    await client.waitForDiagnostics(uri, (p) => p.version === version);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: old.range,
      context: { diagnostics: [old] },
    });
    assert.deepEqual(actions, []);
  });
});

describe('includes inside the workspace', () => {
  test('an included file is read once: its defines resolve and a cycle ends', async () => {
    const client = LspTestClient.start();
    try {
      await client.initialize();
      const uri = fixtureUri('cycle-a.nft');
      await client.open(uri, 'nftables', fixtureText('cycle-a.nft'));
      const published = await client.waitForDiagnostics(uri);
      const codes = published.diagnostics.map((d) => d.code);
      assert.ok(!codes.includes('FW002'), `$ssh_port comes from the included file: ${JSON.stringify(published.diagnostics)}`);
      assert.ok(!codes.includes('FW000'), 'no internal error');
      assert.ok(!codes.includes('include-not-followed'), 'the include itself is inside the workspace');
    } finally {
      await client.stop();
    }
  });
});
