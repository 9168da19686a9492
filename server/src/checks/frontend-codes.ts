// Codes the dialect front ends report (not checks over the model), and the
// runner's own code, documented in the same format as the checks.
import type { CheckDocs } from './check';
import type { CheckMeta } from './types';

export interface DocumentedCode {
  readonly meta: CheckMeta;
  readonly docs: CheckDocs;
}

const ALL_DIALECTS = ['iptables', 'nftables', 'pf'] as const;

export const INTERNAL_CHECK_ERROR = 'FW000';

export const FRONTEND_CODES: readonly DocumentedCode[] = [
  {
    meta: { code: 'FW000', name: 'internal-error', defaultSeverity: 'error', summary: 'A check failed with an internal error; the other checks still ran.', dialects: ALL_DIALECTS, fixable: false },
    docs: {
      whatItDoes: 'Reported on the first line when one check throws while analysing the file. The message names the check and the error; the findings of every other check are still shown.',
      whyThisBreaksFtp: 'It does not: it means fwlint could not finish one of its FTP checks on this file, so that check may be missing a finding.',
      howToFix: 'Report the file (or a reduced copy) and the message to the fwlint maintainers. Meanwhile the check can be turned off in the settings.',
      examples: {},
      fixSafety: 'No fix.',
      references: [],
    },
  },
  {
    meta: { code: 'FW001', name: 'syntax-error', defaultSeverity: 'error', summary: "Text the dialect's parser cannot read.", dialects: ALL_DIALECTS, fixable: false },
    docs: {
      whatItDoes: 'Reported by the dialect front end on the exact range it cannot read: an unknown option or keyword, a missing argument, an unterminated block or string, a value the tool refuses (a reversed port range such as `50000:49000`). Parsing resumes at the next statement, so one mistake does not hide the rest of the file.',
      whyThisBreaksFtp: 'The real tools (`iptables-restore`, `nft -f`, `pfctl -f`) reject the whole file, or the script stops at the failing command: none of the FTP rules that follow are loaded. fwlint also cannot check what it cannot read.',
      howToFix: "Correct the statement as the message says; the dialect's man page (iptables(8), iptables-extensions(8), nft(8), pf.conf(5)) has the exact grammar.",
      examples: {
        iptables: { bad: '-A INPUT -p tcp --dport 21 -j ACCPET', good: '-A INPUT -p tcp --dport 21 -j ACCEPT' },
        nftables: { bad: 'tcp dport 21 accept }', good: 'tcp dport 21 accept\n}' },
        pf: { bad: 'pass in proto tcp to port ftp keep', good: 'pass in proto tcp to port ftp keep state' },
      },
      fixSafety: 'No automatic fix.',
      references: ['iptables(8), iptables-extensions(8)', 'nft(8)', 'pf.conf(5)'],
    },
  },
  {
    meta: { code: 'FW002', name: 'undefined-reference', defaultSeverity: 'error', summary: 'A macro, define, set, table or chain used but never defined.', dialects: ALL_DIALECTS, fixable: false },
    docs: {
      whatItDoes: 'Reported on a use of a name the file never defines: a pf macro (`$ext_if`) or table (`<trusted>`), an nft `define` (`$LAN`), named set (`@allowed`) or chain, an iptables chain jumped to but never created. Names defined in included files count when the include could be followed.',
      whyThisBreaksFtp: 'The file does not load, or the rule that uses the name means something else than intended (an empty macro in pf widens a rule to every address). FTP rules that depend on the name do not do what they say.',
      howToFix: 'Define the name, correct its spelling, or make the file that defines it reachable (an include the editor can follow).',
      examples: {
        pf: { bad: 'pass in on $ext_if proto tcp to port ftp', good: 'ext_if = "em0"\npass in on $ext_if proto tcp to port ftp' },
        nftables: { bad: 'tcp dport $FTP_PORTS accept', good: 'define FTP_PORTS = { 21, 50000-50999 }\ntcp dport $FTP_PORTS accept' },
      },
      fixSafety: 'No automatic fix.',
      references: ['pf.conf(5): macros, tables', 'nft(8): define, sets', 'iptables(8): -N'],
    },
  },
  {
    meta: { code: 'FW004', name: 'input-too-large', defaultSeverity: 'warning', summary: 'A file or line beyond the input limits; the file was not analysed.', dialects: ALL_DIALECTS, fixable: false },
    docs: {
      whatItDoes: 'Reported instead of any other finding when a file is longer than 6,000,000 characters (on its first line) or has a line longer than 100,000 characters (on that line). fwlint then checks nothing in the file, so the editor stays responsive whatever is opened.',
      whyThisBreaksFtp: 'It does not by itself: it means fwlint did not look for FTP problems in this file. Real rulesets are far smaller; a file this large is usually generated, a dump, or not a rule file at all.',
      howToFix: 'Split the ruleset into included files, or check the generator that wrote it. Nothing to do if the file is not meant to be a ruleset.',
      examples: {},
      fixSafety: 'No fix.',
      references: ['server/src/limits.ts: the limits and why they exist'],
    },
  },
];
