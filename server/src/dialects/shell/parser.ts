// Recursive-descent parser over the lexer's tokens. It never throws: an
// unexpected token becomes an FW001 diagnostic, is skipped, and parsing
// continues with the next command.
import type { SourceDiagnostic } from '../../model/source';
import type {
  Assignment, CaseCommand, Command, ForCommand, FunctionDefinition, GroupCommand, IfCommand, Pipeline,
  Redirect, SimpleCommand, Statement, AndOrList, WhileCommand,
} from './ast';
import type { LineMap } from './lineMap';
import { syntaxError } from './syntaxError';
import type { Token, WordPart, WordToken } from './tokens';
import { REDIRECT_OPERATORS, plainWord } from './tokens';

const NONE: ReadonlySet<string> = new Set();
const CASE_ITEM_ENDS: ReadonlySet<string> = new Set([';;', ';&', ';;&']);
const CLOSE_PAREN: ReadonlySet<string> = new Set([')']);
/** Words that only mean something after another keyword. */
const MISPLACED_KEYWORDS: ReadonlySet<string> = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);
const ASSIGNMENT_PREFIX = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?(\+?)=/;
const FUNCTION_NAME = /^[^$`'"\\=]+$/;
/** Deepest nesting of compound commands; deeper ones are reported, not recursed into. */
const MAX_DEPTH = 200;

export interface ParseResult {
  readonly statements: Statement[];
  readonly diagnostics: SourceDiagnostic[];
}

export function parseShell(tokens: readonly Token[], lines: LineMap): ParseResult {
  const parser = new Parser(tokens, lines);
  return { statements: parser.parseProgram(), diagnostics: parser.diagnostics };
}

/** Splits `NAME=value` (the first literal part must hold `NAME=`) into an assignment. */
export function asAssignment(word: WordToken): Assignment | undefined {
  const first = word.parts[0];
  if (!first || first.kind !== 'literal' || first.quoted) return undefined;
  const match = ASSIGNMENT_PREFIX.exec(first.text);
  if (!match) return undefined;
  const prefixLength = match[0].length;
  const value: WordPart[] = [];
  const rest = first.text.slice(prefixLength);
  if (rest !== '') value.push({ kind: 'literal', text: rest, quoted: false, start: first.start + prefixLength, end: first.end });
  value.push(...word.parts.slice(1));
  const assignment: Assignment = {
    name: match[1],
    nameStart: first.start,
    nameEnd: first.start + match[1].length,
    value,
    append: match[3] === '+',
    start: word.start,
    end: word.end,
  };
  return word.array ? { ...assignment, array: word.array } : assignment;
}

class Parser {
  readonly diagnostics: SourceDiagnostic[] = [];
  private index = 0;
  private lastUnexpected = -2;
  private depth = 0;
  private reportedDepth = false;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly lines: LineMap,
  ) {}

  parseProgram(): Statement[] {
    // With no stop words or operators, parseList runs to the end of the tokens.
    return this.parseList(NONE, NONE);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private advance(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private error(start: number, end: number, message: string): void {
    this.diagnostics.push(syntaxError(this.lines, start, end, message));
  }

  private unexpected(token: Token): void {
    // A run of bad tokens is one mistake: report only its first token.
    if (this.index === this.lastUnexpected + 1) {
      this.lastUnexpected = this.index;
      return;
    }
    this.lastUnexpected = this.index;
    const text = token.kind === 'op' ? token.op : token.kind === 'word' ? (plainWord(token) ?? 'word') : token.kind;
    this.error(token.start, token.end, `Unexpected \`${text}\`.`);
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.advance();
  }

  private parseList(stopWords: ReadonlySet<string>, stopOps: ReadonlySet<string>): Statement[] {
    const statements: Statement[] = [];
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (token.kind === 'eof') return statements;
      if (token.kind === 'op' && stopOps.has(token.op)) return statements;
      const keyword = plainWord(token);
      if (keyword !== undefined && stopWords.has(keyword)) return statements;
      if (token.kind === 'op' && token.op !== '(' && !REDIRECT_OPERATORS.has(token.op)) {
        this.unexpected(token);
        this.advance();
        continue;
      }
      const andOr = this.parseAndOr();
      if (!andOr) continue;
      let background = false;
      const after = this.peek();
      if (after.kind === 'op' && (after.op === ';' || after.op === '&')) {
        background = after.op === '&';
        this.advance();
      } else if (after.kind === 'newline') {
        this.advance();
      } else if ((after.kind === 'word' && !stopWords.has(plainWord(after) ?? '')) || (after.kind === 'op' && after.op === '(')) {
        this.unexpected(after);
        this.advance();
      }
      statements.push({ andOr, background, start: andOr.start, end: andOr.end });
    }
  }

  private parseAndOr(): AndOrList | undefined {
    const first = this.parsePipeline();
    if (!first) return undefined;
    const pipelines: Pipeline[] = [first];
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'op' || (token.op !== '&&' && token.op !== '||')) break;
      this.advance();
      this.skipNewlines();
      const next = this.parsePipeline();
      if (!next) {
        this.error(token.start, token.end, `Expected a command after \`${token.op}\`.`);
        break;
      }
      pipelines.push(next);
    }
    return { pipelines, start: first.start, end: pipelines[pipelines.length - 1].end };
  }

  private parsePipeline(): Pipeline | undefined {
    const start = this.peek().start;
    let negated = false;
    for (;;) {
      const keyword = plainWord(this.peek());
      if (keyword === '!') negated = true;
      else if (keyword !== 'time') break;
      this.advance();
    }
    const first = this.parseCommand();
    if (!first) return undefined;
    const commands: Command[] = [first];
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'op' || (token.op !== '|' && token.op !== '|&')) break;
      this.advance();
      this.skipNewlines();
      const next = this.parseCommand();
      if (!next) {
        this.error(token.start, token.end, 'Expected a command after `|`.');
        break;
      }
      commands.push(next);
    }
    return { negated, commands, start, end: commands[commands.length - 1].end };
  }

  private parseCommand(): Command | undefined {
    if (this.depth >= MAX_DEPTH) {
      const token = this.advance();
      if (!this.reportedDepth) this.error(token.start, token.end, 'Commands nested too deeply to analyse.');
      this.reportedDepth = true;
      return undefined;
    }
    this.depth++;
    try {
      return this.parseCommandAt();
    } finally {
      this.depth--;
    }
  }

  private parseCommandAt(): Command | undefined {
    const token = this.peek();
    if (token.kind === 'arith') {
      this.advance();
      return { kind: 'test', words: [], start: token.start, end: token.end };
    }
    if (token.kind === 'op' && token.op === '(') return this.parseGroup('subshell', ')');
    const keyword = plainWord(token);
    switch (keyword) {
      case 'if':
        return this.parseIf();
      case 'while':
      case 'until':
        return this.parseWhile();
      case 'for':
      case 'select':
        return this.parseFor();
      case 'case':
        return this.parseCase();
      case '{':
        return this.parseGroup('group', '}');
      case '[[':
        return this.parseDoubleBracket();
      case 'function':
        return this.parseFunctionKeyword();
      default:
        break;
    }
    if (keyword !== undefined && MISPLACED_KEYWORDS.has(keyword)) {
      this.unexpected(token);
      this.advance();
      return undefined;
    }
    if (keyword !== undefined && FUNCTION_NAME.test(keyword)) {
      const open = this.peek(1);
      const close = this.peek(2);
      if (open.kind === 'op' && open.op === '(' && close.kind === 'op' && close.op === ')') {
        this.advance();
        this.advance();
        this.advance();
        return this.parseFunctionBody(keyword, token.start, token.end, token.start);
      }
    }
    const simple = this.parseSimple();
    if (!simple) {
      this.unexpected(token);
      this.advance();
    }
    return simple;
  }

  private parseSimple(): SimpleCommand | undefined {
    const start = this.peek().start;
    const assignments: Assignment[] = [];
    const words: WordToken[] = [];
    const redirects: Redirect[] = [];
    let end = start;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'word') {
        const redirect = this.parseNumberedRedirect();
        if (redirect) {
          redirects.push(redirect);
          end = redirect.target?.end ?? redirect.op.end;
          continue;
        }
        const assignment = words.length === 0 ? asAssignment(token) : undefined;
        if (assignment) assignments.push(assignment);
        else words.push(token);
        end = token.end;
        this.advance();
        continue;
      }
      if (token.kind === 'op' && REDIRECT_OPERATORS.has(token.op)) {
        const redirect = this.parseRedirect();
        redirects.push(redirect);
        end = redirect.target?.end ?? redirect.op.end;
        continue;
      }
      break;
    }
    if (assignments.length === 0 && words.length === 0 && redirects.length === 0) return undefined;
    return { kind: 'simple', assignments, words, redirects, start, end };
  }

  /** `2>/dev/null`: a word of digits glued to a redirection operator. */
  private parseNumberedRedirect(): Redirect | undefined {
    const token = this.peek();
    const op = this.peek(1);
    const text = plainWord(token);
    if (text === undefined || !/^\d+$/.test(text) || op.kind !== 'op' || !REDIRECT_OPERATORS.has(op.op) || op.start !== token.end) {
      return undefined;
    }
    this.advance();
    return this.parseRedirect();
  }

  private parseRedirect(): Redirect {
    const op = this.advance();
    if (op.kind !== 'op') return { op: { kind: 'op', op: '>', start: op.start, end: op.end } };
    const target = this.peek();
    if (target.kind !== 'word') {
      this.error(op.start, op.end, `Missing target after \`${op.op}\`.`);
      return { op };
    }
    this.advance();
    return { op, target };
  }

  private parseRedirects(): Redirect[] {
    const redirects: Redirect[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === 'op' && REDIRECT_OPERATORS.has(token.op)) {
        redirects.push(this.parseRedirect());
        continue;
      }
      const numbered = token.kind === 'word' ? this.parseNumberedRedirect() : undefined;
      if (!numbered) return redirects;
      redirects.push(numbered);
    }
  }

  /** Consumes `keyword` or reports it missing; `opener` is blamed when the file ends first. */
  private expectKeyword(keyword: string, opener: Token, construct: string): boolean {
    const token = this.peek();
    if (plainWord(token) === keyword) {
      this.advance();
      return true;
    }
    if (token.kind === 'eof') {
      this.error(opener.start, opener.end, `\`${construct}\` is never closed: missing \`${keyword}\`.`);
    } else {
      this.error(token.start, token.end, `Expected \`${keyword}\` to continue \`${construct}\`.`);
    }
    return false;
  }

  private lastEnd(): number {
    return this.tokens[Math.max(0, this.index - 1)].end;
  }

  private parseIf(): IfCommand {
    const opener = this.advance();
    const clauses: { condition: Statement[]; body: Statement[] }[] = [];
    const bodyStops = new Set(['elif', 'else', 'fi']);
    let clauseOpener = opener;
    for (;;) {
      const condition = this.parseList(new Set(['then', ...bodyStops]), NONE);
      this.expectKeyword('then', clauseOpener, 'if');
      const body = this.parseList(bodyStops, NONE);
      clauses.push({ condition, body });
      if (plainWord(this.peek()) !== 'elif') break;
      clauseOpener = this.advance();
    }
    let elseBody: Statement[] | undefined;
    if (plainWord(this.peek()) === 'else') {
      this.advance();
      elseBody = this.parseList(new Set(['fi']), NONE);
    }
    this.expectKeyword('fi', opener, 'if');
    const end = this.lastEnd();
    const redirects = this.parseRedirects();
    return elseBody
      ? { kind: 'if', clauses, elseBody, redirects, start: opener.start, end }
      : { kind: 'if', clauses, redirects, start: opener.start, end };
  }

  private parseWhile(): WhileCommand {
    const opener = this.advance();
    const construct = plainWord(opener) ?? 'while';
    const condition = this.parseList(new Set(['do', 'done']), NONE);
    this.expectKeyword('do', opener, construct);
    const body = this.parseList(new Set(['done']), NONE);
    this.expectKeyword('done', opener, construct);
    const end = this.lastEnd();
    return { kind: 'while', condition, body, redirects: this.parseRedirects(), start: opener.start, end };
  }

  private parseFor(): ForCommand {
    const opener = this.advance();
    const construct = plainWord(opener) ?? 'for';
    let variable: ForCommand['variable'];
    let items: WordToken[] | undefined;
    let arithmetic: ForCommand['arithmetic'];
    const head = this.peek();
    if (head.kind === 'arith') {
      this.advance();
      arithmetic = { start: head.start, end: head.end };
    } else if (head.kind === 'word') {
      this.advance();
      variable = { name: plainWord(head) ?? '', start: head.start, end: head.end };
      this.skipNewlines();
      if (plainWord(this.peek()) === 'in') {
        this.advance();
        items = [];
        while (this.peek().kind === 'word') items.push(this.advance() as WordToken);
      }
    } else {
      this.error(head.start, head.end, `Expected a variable name after \`${construct}\`.`);
    }
    const separator = this.peek();
    if (separator.kind === 'op' && separator.op === ';') this.advance();
    this.skipNewlines();
    let body: Statement[] = [];
    if (plainWord(this.peek()) === '{') {
      const group = this.parseGroup('group', '}');
      body = [...group.body];
    } else {
      this.expectKeyword('do', opener, construct);
      body = this.parseList(new Set(['done']), NONE);
      this.expectKeyword('done', opener, construct);
    }
    const end = this.lastEnd();
    const redirects = this.parseRedirects();
    const command: ForCommand = { kind: 'for', body, redirects, start: opener.start, end };
    return { ...command, ...(variable ? { variable } : {}), ...(items ? { items } : {}), ...(arithmetic ? { arithmetic } : {}) };
  }

  private parseCase(): CaseCommand {
    const opener = this.advance();
    const subjectToken = this.peek();
    let subject: WordToken | undefined;
    if (subjectToken.kind === 'word') {
      subject = subjectToken;
      this.advance();
    } else {
      this.error(subjectToken.start, subjectToken.end, 'Expected a word after `case`.');
    }
    this.skipNewlines();
    const items: { patterns: WordToken[]; body: Statement[] }[] = [];
    if (this.expectKeyword('in', opener, 'case')) {
      for (;;) {
        this.skipNewlines();
        const token = this.peek();
        if (plainWord(token) === 'esac' || token.kind === 'eof') break;
        if (token.kind === 'op' && token.op === '(') this.advance();
        const patterns: WordToken[] = [];
        for (;;) {
          const pattern = this.peek();
          if (pattern.kind !== 'word') break;
          patterns.push(pattern);
          this.advance();
          const bar = this.peek();
          if (bar.kind === 'op' && bar.op === '|') this.advance();
          else break;
        }
        const close = this.peek();
        if (close.kind === 'op' && close.op === ')') {
          this.advance();
        } else {
          this.error(close.start, close.end, 'Expected `)` after a case pattern.');
          if (close.kind !== 'eof' && patterns.length === 0) this.advance();
        }
        const body = this.parseList(new Set(['esac']), CASE_ITEM_ENDS);
        items.push({ patterns, body });
        const end = this.peek();
        if (end.kind === 'op' && CASE_ITEM_ENDS.has(end.op)) this.advance();
      }
    }
    this.expectKeyword('esac', opener, 'case');
    const end = this.lastEnd();
    const redirects = this.parseRedirects();
    return subject
      ? { kind: 'case', subject, items, redirects, start: opener.start, end }
      : { kind: 'case', items, redirects, start: opener.start, end };
  }

  private parseGroup(kind: 'group' | 'subshell', closer: string): GroupCommand {
    const opener = this.advance();
    const body = kind === 'group' ? this.parseList(new Set([closer]), NONE) : this.parseList(NONE, CLOSE_PAREN);
    const token = this.peek();
    const closed = kind === 'group' ? plainWord(token) === closer : token.kind === 'op' && token.op === closer;
    if (closed) {
      this.advance();
    } else {
      this.error(opener.start, opener.end, `\`${kind === 'group' ? '{' : '('}\` is never closed: missing \`${closer}\`.`);
    }
    const end = this.lastEnd();
    return { kind, body, redirects: this.parseRedirects(), start: opener.start, end };
  }

  private parseDoubleBracket(): Command {
    const opener = this.advance();
    const words: WordToken[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === 'eof') {
        this.error(opener.start, opener.end, '`[[` is never closed: missing `]]`.');
        break;
      }
      this.advance();
      if (plainWord(token) === ']]') break;
      if (token.kind === 'word') words.push(token);
    }
    return { kind: 'test', words, start: opener.start, end: this.lastEnd() };
  }

  private parseFunctionKeyword(): Command | undefined {
    const opener = this.advance();
    const nameToken = this.peek();
    const name = plainWord(nameToken);
    if (name === undefined) {
      this.error(opener.start, opener.end, 'Expected a function name after `function`.');
      return undefined;
    }
    this.advance();
    const open = this.peek();
    const close = this.peek(1);
    if (open.kind === 'op' && open.op === '(' && close.kind === 'op' && close.op === ')') {
      this.advance();
      this.advance();
    }
    return this.parseFunctionBody(name, nameToken.start, nameToken.end, opener.start);
  }

  private parseFunctionBody(name: string, nameStart: number, nameEnd: number, start: number): FunctionDefinition | undefined {
    this.skipNewlines();
    const bodyStart = this.peek();
    const body = this.parseCommand();
    if (!body) {
      this.error(bodyStart.start, bodyStart.end, `Expected the body of function \`${name}\`.`);
      return undefined;
    }
    return { kind: 'function', name, nameStart, nameEnd, body, start, end: body.end };
  }
}
