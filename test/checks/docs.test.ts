// docs/checks/<CODE>.md are rendered from the checks' own documentation; this
// test fails when a page is missing or stale. FWLINT_UPDATE_DOCS=1 rewrites them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECKS } from '../../server/src/checks/registry';
import { checkDocUrl, renderDoc } from '../../server/src/checks/docs';
import { FRONTEND_CODES } from '../../server/src/checks/frontend-codes';
import { REPO_ROOT } from './harness';

const DOCS_DIR = path.join(REPO_ROOT, 'docs', 'checks');
const documented = [...FRONTEND_CODES, ...CHECKS];

for (const { meta, docs } of documented) {
  test(`docs/checks/${meta.code}.md is up to date`, () => {
    const file = path.join(DOCS_DIR, `${meta.code}.md`);
    const rendered = renderDoc(meta, docs);
    if (process.env.FWLINT_UPDATE_DOCS === '1') {
      fs.mkdirSync(DOCS_DIR, { recursive: true });
      fs.writeFileSync(file, rendered);
    }
    assert.ok(fs.existsSync(file), `${file} is missing: run the tests with FWLINT_UPDATE_DOCS=1`);
    assert.equal(fs.readFileSync(file, 'utf8'), rendered, `${file} is stale: run the tests with FWLINT_UPDATE_DOCS=1`);
  });
}

test('every check documents every section, with an example per dialect it applies to', () => {
  for (const { meta, docs } of CHECKS) {
    for (const section of ['whatItDoes', 'whyThisBreaksFtp', 'howToFix', 'fixSafety'] as const) {
      assert.ok(docs[section].trim().length > 40, `${meta.code}: section ${section} is empty or too short`);
    }
    for (const dialect of meta.dialects) {
      const ex = docs.examples[dialect];
      assert.ok(ex && ex.bad.trim() && ex.good.trim(), `${meta.code}: no ${dialect} example`);
      assert.notEqual(ex.bad.trim(), ex.good.trim(), `${meta.code}: ${dialect} example shows no change`);
    }
    assert.ok(docs.references.length > 0, `${meta.code}: no references`);
  }
});

test('codes and names are unique and well formed', () => {
  const codes = documented.map((d) => d.meta.code);
  const names = documented.map((d) => d.meta.name);
  assert.equal(new Set(codes).size, codes.length);
  assert.equal(new Set(names).size, names.length);
  for (const { meta } of documented) {
    assert.match(meta.code, /^(FW|FTP)\d{3}$/);
    assert.match(meta.name, /^[a-z]+(-[a-z0-9]+)*$/);
  }
});

test('doc URLs point at the page of the code', () => {
  assert.match(checkDocUrl('FTP001'), /\/FTP001\.md$/);
  assert.notEqual(checkDocUrl('FTP001'), checkDocUrl('FTP002'));
});

test('no stray pages for codes that do not exist', () => {
  const pages = fs.existsSync(DOCS_DIR) ? fs.readdirSync(DOCS_DIR).filter((f) => /^(FW|FTP)\d{3}\.md$/.test(f)) : [];
  const known = new Set(documented.map((d) => `${d.meta.code}.md`));
  assert.deepEqual(pages.filter((p) => !known.has(p)), []);
});
