// Decides which dialect a document is written in: the editor's language mode
// first (the user chose it), then the file name, then the content. Plain
// TypeScript and linear in the text: one pass over the lines, no backtracking.
import type { Dialect, SourceForm } from '../model/source';
import { nameTable } from '../model/table';

export interface DocumentKind {
  readonly dialect: Dialect;
  /** A shell script calling iptables/ip6tables (only the commands are analysed). */
  readonly shell: boolean;
  /** How the answer was reached, for logs and `--verbose` style messages. */
  readonly reason: 'language' | 'name' | 'content' | 'option';
}

export interface DetectInput {
  /** File system path or URI path; only its last segments are read. */
  readonly path?: string;
  /** The editor's language id, when the document is open in an editor. */
  readonly languageId?: string;
  readonly text: string;
}

export const DIALECTS: readonly Dialect[] = ['iptables', 'nftables', 'pf'];

export function isDialect(name: string): name is Dialect {
  return (DIALECTS as readonly string[]).includes(name);
}

/** The front end's source form for a detected kind (the host passes it as a hint). */
export function sourceFormOf(kind: DocumentKind): SourceForm | undefined {
  if (kind.shell) return 'shell';
  if (kind.dialect === 'iptables') return 'save';
  if (kind.dialect === 'pf') return 'conf';
  return undefined;
}

export function detectDocumentKind(input: DetectInput): DocumentKind | undefined {
  const byLanguage = input.languageId === undefined ? undefined : kindFromLanguageId(input.languageId);
  if (byLanguage) return byLanguage;
  const byName = input.path === undefined ? undefined : kindFromFileName(input.path);
  if (byName) return byName;
  return kindFromContent(input.text);
}

// Language ids other editors use (Neovim's filetypes, Helix's language names).
const LANGUAGE_ALIASES: Readonly<Record<string, Omit<DocumentKind, 'reason'>>> = nameTable({
  shellscript: { dialect: 'iptables', shell: true },
  sh: { dialect: 'iptables', shell: true },
  bash: { dialect: 'iptables', shell: true },
  nft: { dialect: 'nftables', shell: false },
});

function kindFromLanguageId(languageId: string): DocumentKind | undefined {
  if (isDialect(languageId)) return { dialect: languageId, shell: false, reason: 'language' };
  const alias = Object.hasOwn(LANGUAGE_ALIASES, languageId) ? LANGUAGE_ALIASES[languageId] : undefined;
  if (alias) return { ...alias, reason: 'language' };
  return undefined;
}

const NAME_RULES: ReadonlyArray<{ readonly test: (base: string, segments: readonly string[]) => boolean; readonly kind: Omit<DocumentKind, 'reason'> }> = [
  { test: (b) => /\.(sh|bash)$/.test(b), kind: { dialect: 'iptables', shell: true } },
  { test: (b) => b.endsWith('.nft') || b === 'nftables.conf', kind: { dialect: 'nftables', shell: false } },
  {
    test: (b, segs) => b === 'pf.conf' || b.endsWith('.pf') || segs.slice(0, -1).includes('pf.anchors'),
    kind: { dialect: 'pf', shell: false },
  },
  {
    test: (b) => b.endsWith('.rules') || b === 'rules.v4' || b === 'rules.v6' || b.endsWith('.iptables'),
    kind: { dialect: 'iptables', shell: false },
  },
];

export function kindFromFileName(path: string): DocumentKind | undefined {
  const segments = path.split(/[\\/]/).filter((s) => s.length > 0);
  const base = (segments[segments.length - 1] ?? '').toLowerCase();
  for (const rule of NAME_RULES) {
    if (rule.test(base, segments)) return { ...rule.kind, reason: 'name' };
  }
  return undefined;
}

// Line starts that only one dialect writes. Each is a cheap anchored test.
const IPTABLES_SAVE_LINE = /^(\*(filter|nat|mangle|raw|security)\s*$|:[A-Z][A-Za-z0-9_-]*\s+(ACCEPT|DROP|-)\b|-A\s+\S+\s|COMMIT\s*$)/;
const NFT_LINE = /^(table\s+((ip|ip6|inet|arp|bridge|netdev)\s+)?[A-Za-z_][\w-]*\s*\{|flush\s+ruleset\b|define\s+[A-Za-z_]\w*\s*=)/;
const PF_LINE =
  /^(pass|block|match)(\s+(in|out|quick|log|all|on|inet6?|proto|from)\b|\s*$)|^(set\s+(skip|block-policy|loginterface|optimization|limit|state-policy)\b|scrub\s|antispoof\s|anchor\s+"|rdr-anchor\s|nat-anchor\s|load\s+anchor\s|table\s+<)/;
const SHELL_IPTABLES = /(^|[\s;|&(`])(\/s?bin\/|\/usr\/s?bin\/)?((ip6?tables(-legacy|-nft)?|\$\{?IPT[A-Z0-9_]*\}?)\s+-|ip6?tables(-legacy|-nft)?-restore\b)/;
/** A command at the start of a line: what a script without a shebang must show. */
const SHELL_IPTABLES_AT_START = /^(sudo\s+)?(\/s?bin\/|\/usr\/s?bin\/)?(ip6?tables(-legacy|-nft)?|\$\{?IPT[A-Z0-9_]*\}?)\s+-/;
const SHEBANG_NFT = /^#!.*\bnft\b/;
const SHEBANG_SHELL = /^#!.*\b(sh|bash|dash|ksh|zsh)\b/;

/**
 * Reads the content: a shebang decides at once; otherwise every line votes and
 * the dialect with most distinctive lines wins. Shell scripts count only when
 * they call iptables: other scripts are none of our business.
 */
export function kindFromContent(text: string): DocumentKind | undefined {
  const votes: Record<Dialect, number> = { iptables: 0, nftables: 0, pf: 0 };
  let shellCommands = 0;
  let commandsAtStart = 0;
  let firstLine = true;
  let shebangShell = false;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (firstLine && line.startsWith('#!')) {
      if (SHEBANG_NFT.test(line)) return { dialect: 'nftables', shell: false, reason: 'content' };
      shebangShell = SHEBANG_SHELL.test(line);
    }
    firstLine = false;
    if (line.length === 0 || line.startsWith('#')) continue;
    if (SHELL_IPTABLES.test(line)) {
      shellCommands++;
      if (SHELL_IPTABLES_AT_START.test(line)) commandsAtStart++;
    } else if (IPTABLES_SAVE_LINE.test(line)) votes.iptables++;
    else if (NFT_LINE.test(line)) votes.nftables++;
    else if (PF_LINE.test(line)) votes.pf++;
  }
  // Without a shebang, prose that mentions iptables (a README, a table of notes) is not a script.
  if ((shebangShell && shellCommands > 0) || (commandsAtStart > 0 && commandsAtStart >= votes.iptables + votes.nftables + votes.pf)) {
    return { dialect: 'iptables', shell: true, reason: 'content' };
  }
  let best: Dialect | undefined;
  for (const d of DIALECTS) if (votes[d] > 0 && (best === undefined || votes[d] > votes[best])) best = d;
  return best === undefined ? undefined : { dialect: best, shell: false, reason: 'content' };
}

/** Whether a shell script calls iptables at all (the server stays silent on other scripts). */
export function callsIptables(text: string): boolean {
  return text.split('\n').some((line) => SHELL_IPTABLES.test(line.trim()));
}
