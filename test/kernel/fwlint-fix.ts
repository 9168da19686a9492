// fwlint's own answer for a scenario: parse, check, render the finding's
// preferred fix, and re-check the result the way `fwlint check --fix` would.
import { FRONTENDS } from '../../server/src/dialects';
import { runChecks } from '../../server/src/checks/run';
import { applyEdits, renderFix } from '../../server/src/fixes';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/settings';
import { PASSIVE_MAX, PASSIVE_MIN } from './lab';

/**
 * The lab's vsftpd range, so fixes open exactly what the server uses. The lab's
 * server is small on purpose (100 ports), so FTP004's minimum is set to match it.
 */
const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  passiveRange: { lo: PASSIVE_MIN, hi: PASSIVE_MAX },
  minPassiveRangeSize: PASSIVE_MAX - PASSIVE_MIN + 1,
};

export interface FwlintFix {
  readonly fixed: string;
  readonly title: string;
  readonly codesBefore: readonly string[];
  readonly codesAfter: readonly string[];
  readonly syntaxErrorsAfter: readonly string[];
}

function codes(dialect: 'nftables' | 'iptables', text: string): { codes: string[]; syntax: string[] } {
  const doc = FRONTENDS[dialect].analyze(text, { uri: `lab.${dialect === 'nftables' ? 'nft' : 'rules'}` });
  const findings = runChecks(doc, text, SETTINGS);
  const syntax = doc.diagnostics.filter((d) => d.code === 'FW001').map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  return { codes: [...new Set([...doc.diagnostics.map((d) => d.code), ...findings.map((f) => f.code)])].sort(), syntax };
}

export function fwlintFix(dialect: 'nftables' | 'iptables', text: string, code: string): FwlintFix {
  const doc = FRONTENDS[dialect].analyze(text, { uri: `lab.${dialect === 'nftables' ? 'nft' : 'rules'}` });
  const findings = runChecks(doc, text, SETTINGS);
  const finding = findings.find((f) => f.code === code);
  if (!finding) throw new Error(`fwlint does not report ${code} here; it reports: ${findings.map((f) => f.code).join(', ') || 'nothing'}`);
  const fix = finding.fixes.find((f) => f.preferred) ?? finding.fixes[0];
  if (!fix) throw new Error(`${code} has no fix`);
  const edits = renderFix(text, doc, fix);
  if (edits.length === 0) throw new Error(`the ${code} fix "${fix.title}" renders to no edits`);
  const fixed = applyEdits(text, edits);
  const after = codes(dialect, fixed);
  return { fixed, title: fix.title, codesBefore: codes(dialect, text).codes, codesAfter: after.codes, syntaxErrorsAfter: after.syntax };
}
