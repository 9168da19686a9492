// Check documentation: one Markdown page per code under docs/checks/, rendered
// from the `docs` object beside each check's logic (the checks are the single
// source; a test keeps the pages in step). Diagnostics link to these pages.
import type { Check, CheckDocs } from './check';
import type { CheckMeta } from './types';

/** Where the documentation pages are published: the one place to change it. */
export const CHECK_DOCS_BASE_URL = 'https://example.invalid/fwlint/docs/checks/';

export function checkDocUrl(code: string): string {
  return `${CHECK_DOCS_BASE_URL}${code}.md`;
}

const FENCE = '```';

function fenceLanguage(dialect: string): string {
  return dialect === 'iptables' ? 'sh' : dialect === 'nftables' ? 'nft' : 'pf';
}

export function renderDoc(meta: CheckMeta, docs: CheckDocs): string {
  const out: string[] = [];
  out.push(`# ${meta.code}: ${meta.name}`, '');
  out.push(
    `Default severity: **${meta.defaultSeverity}**. Dialects: ${meta.dialects.join(', ')}. Fix: ${meta.fixable ? 'proposed (quick-fix and `fwlint check --fix`)' : 'none'}.`,
    '',
  );
  out.push(meta.summary, '');
  out.push('## What it does', '', docs.whatItDoes.trim(), '');
  out.push('## Why this breaks FTP', '', docs.whyThisBreaksFtp.trim(), '');
  const dialects = Object.keys(docs.examples) as Array<keyof CheckDocs['examples']>;
  if (dialects.length > 0) {
    out.push('## Example', '');
    for (const d of dialects) {
      const ex = docs.examples[d];
      if (!ex) continue;
      out.push(`### ${d}`, '', 'Raises the check:', '', FENCE + fenceLanguage(d), ex.bad.trim(), FENCE, '', 'Use instead:', '', FENCE + fenceLanguage(d), ex.good.trim(), FENCE, '');
    }
  }
  out.push('## How to fix', '', docs.howToFix.trim(), '');
  out.push('## Fix safety', '', docs.fixSafety.trim(), '');
  if (docs.references.length > 0) {
    out.push('## References', '', ...docs.references.map((r) => `- ${r}`), '');
  }
  out.push(
    '## Turning it off',
    '',
    `For one rule: write \`# fwlint: disable=${meta.code}\` on the rule's line or on the line above it. For the whole file: \`# fwlint: disable-file=${meta.code}\`. Everywhere: set \`"checks": { "${meta.code}": { "enabled": false } }\` in \`.fwlint.json\` or \`fwlint.checks\` in the editor settings.`,
    '',
  );
  return out.join('\n');
}

export function renderCheckDoc(check: Check): string {
  return renderDoc(check.meta, check.docs);
}
