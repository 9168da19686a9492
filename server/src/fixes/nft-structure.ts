// The block structure of an nftables file, as much as a fix needs: tables,
// chains (with hook, type and priority), helper objects and the statements in
// each, with their lines. Anonymous sets and flat `add chain ... { }` bodies
// stay inside their statement. Tolerant: unbalanced input just ends blocks early.
import { TextLines } from './rule-spec';
import { nameTable } from '../model/table';

export interface NftStatement {
  readonly words: readonly string[];
  readonly startLine: number;
  readonly startChar: number;
  readonly endLine: number;
  /** Ended by `;` rather than a line break. */
  readonly semicolon: boolean;
}

export interface NftBlock {
  /** Words before `{`: `table inet filter`, `chain input`, `ct helper ftp-standard`. */
  readonly header: readonly string[];
  readonly openLine: number;
  closeLine: number;
  closeChar: number;
  readonly parent?: NftBlock;
  readonly blocks: NftBlock[];
  readonly statements: NftStatement[];
}

const TABLE_CHILDREN = new Set(['chain', 'set', 'map', 'flowtable', 'counter', 'quota', 'limit', 'secmark', 'synproxy']);

function opensBlock(words: readonly string[], parent: NftBlock): boolean {
  const first = words[0];
  if (first === 'table') return parent.header.length === 0;
  if (parent.header[0] !== 'table') return false;
  if (first === 'ct') return words.length === 3 && ['helper', 'timeout', 'expectation'].includes(words[1]);
  return TABLE_CHILDREN.has(first) && words.length === 2;
}

/** ` `, tab, `;`, `{`, `}`, `#`, `"`: what ends an unquoted word. */
function endsWord(code: number): boolean {
  return code === 32 || code === 9 || code === 59 || code === 123 || code === 125 || code === 35 || code === 34;
}

/** Splits the file into words, tracking strings, comments and brace nesting. */
export function scanNft(doc: TextLines): NftBlock {
  const root: NftBlock = { header: [], openLine: -1, closeLine: doc.count, closeChar: 0, blocks: [], statements: [] };
  let block = root;
  let words: string[] = [];
  let start: { line: number; char: number } | undefined;
  let anonymousDepth = 0;
  let continued = false;

  const endStatement = (line: number, semicolon: boolean): void => {
    if (words.length > 0 && start) block.statements.push({ words, startLine: start.line, startChar: start.char, endLine: line, semicolon });
    words = [];
    start = undefined;
  };

  for (let line = 0; line < doc.count; line++) {
    const text = doc.line(line);
    continued = false;
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === ' ' || c === '\t') {
        i++;
      } else if (c === '#') {
        break;
      } else if (c === '\\' && text.slice(i + 1).trim() === '') {
        continued = true;
        break;
      } else if (c === ';') {
        if (anonymousDepth === 0) endStatement(line, true);
        else words.push(';');
        i++;
      } else if (c === '{') {
        if (anonymousDepth === 0 && opensBlock(words, block)) {
          const child: NftBlock = { header: words, openLine: line, closeLine: doc.count, closeChar: 0, parent: block, blocks: [], statements: [] };
          block.blocks.push(child);
          block = child;
          words = [];
          start = undefined;
        } else {
          anonymousDepth++;
          start ??= { line, char: i };
          words.push('{');
        }
        i++;
      } else if (c === '}') {
        if (anonymousDepth > 0) {
          anonymousDepth--;
          words.push('}');
        } else if (block.parent) {
          endStatement(line, false);
          block.closeLine = line;
          block.closeChar = i;
          block = block.parent;
        }
        i++;
      } else {
        let j = i;
        if (c === '"') {
          j = text.indexOf('"', i + 1);
          j = j < 0 ? text.length : j + 1;
        } else {
          while (j < text.length && !endsWord(text.charCodeAt(j))) j++;
        }
        start ??= { line, char: i };
        words.push(text.slice(i, j));
        i = j;
      }
    }
    if (!continued && anonymousDepth === 0) endStatement(line, false);
  }
  endStatement(doc.count - 1, false);
  return root;
}

/** Named priorities (nft(8)); only the order relative to conntrack (-200) matters here. */
const NAMED_PRIORITIES: Readonly<Record<string, number>> = nameTable({ raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100, out: 100 });

export interface BaseChainDecl {
  readonly type: string;
  readonly hook: string;
  readonly priority: number;
}

/** `type filter hook input priority filter + 10;` among the words of a chain body or flat `add chain`. */
export function baseChainOf(words: readonly string[]): BaseChainDecl | undefined {
  const at = (w: string): number => words.indexOf(w);
  if (at('hook') < 0 || at('type') < 0) return undefined;
  const type = words[at('type') + 1];
  const hook = words[at('hook') + 1];
  let priority = 0;
  const p = at('priority');
  if (p >= 0) {
    const base = words[p + 1] ?? '0';
    priority = NAMED_PRIORITIES[base] ?? (Number.parseInt(base, 10) || 0);
    const op = words[p + 2];
    const offset = Number.parseInt(words[p + 3] ?? '', 10);
    if ((op === '+' || op === '-') && Number.isFinite(offset)) priority += op === '+' ? offset : -offset;
  }
  return { type, hook, priority };
}

export function chainDecl(chain: NftBlock): BaseChainDecl | undefined {
  return baseChainOf(chain.statements.flatMap((s) => s.words));
}

/** Statements of a chain that are rules, not its `type ... hook`, `policy` or `comment` settings. */
export function ruleStatements(chain: NftBlock): NftStatement[] {
  return chain.statements.filter((s) => !['type', 'policy', 'comment', 'devices', 'device'].includes(s.words[0]));
}

export function tablesOf(root: NftBlock): NftBlock[] {
  return root.blocks.filter((b) => b.header[0] === 'table');
}

export function tableFamily(table: NftBlock): string {
  return table.header.length >= 3 ? table.header[1] : 'ip';
}
