// A syntactic pass over the whole script (every branch and function, once):
// variable and function definitions for the outline, variable references,
// and every name the script assigns in any way (used to keep FW002 quiet).
import type { SourceDiagnostic } from '../../model/source';
import type { SymbolDefinition, SymbolReference } from '../../model/symbols';
import type { Command, Redirect, Statement } from './ast';
import type { SourceUnit } from './expand';
import { lexHereDocBody } from './lexer';
import { asAssignment } from './parser';
import { parseSubstitution } from './substitution';
import type { WordPart, WordToken } from './tokens';
import { plainWord } from './tokens';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DECLARATIONS = new Set(['export', 'local', 'readonly', 'declare', 'typeset']);
const MAX_DETAIL = 80;

export interface SymbolIndex {
  readonly definitions: SymbolDefinition[];
  readonly references: SymbolReference[];
  /** Every variable the script sets: assignments, declarations, read, for, getopts ... */
  readonly assigned: Set<string>;
  /** The script runs `source`/`.`: variables may come from that file. */
  sources: boolean;
  /** The script runs `eval`: it may set anything. */
  evaluates: boolean;
  /** Syntax errors inside command substitutions. */
  readonly diagnostics: SourceDiagnostic[];
}

export function indexSymbols(statements: readonly Statement[], unit: SourceUnit): SymbolIndex {
  const indexer = new SymbolIndexer(unit);
  indexer.statements(statements, undefined);
  return indexer.finish();
}

class SymbolIndexer {
  private readonly index: SymbolIndex = {
    definitions: [],
    references: [],
    assigned: new Set(),
    sources: false,
    evaluates: false,
    diagnostics: [],
  };
  private readonly defined = new Set<string>();
  private readonly calls: { name: string; start: number; end: number }[] = [];
  private readonly functionNames = new Set<string>();

  constructor(private readonly unit: SourceUnit) {}

  finish(): SymbolIndex {
    for (const call of this.calls) {
      if (this.functionNames.has(call.name)) {
        this.index.references.push({ kind: 'function', name: call.name, range: this.unit.lines.range(call.start, call.end) });
      }
    }
    return this.index;
  }

  statements(list: readonly Statement[], container: string | undefined): void {
    for (const statement of list) {
      for (const pipeline of statement.andOr.pipelines) {
        for (const command of pipeline.commands) this.command(command, container);
      }
    }
  }

  private command(command: Command, container: string | undefined): void {
    switch (command.kind) {
      case 'simple':
        this.simple(command, container);
        return;
      case 'if':
        for (const clause of command.clauses) {
          this.statements(clause.condition, container);
          this.statements(clause.body, container);
        }
        if (command.elseBody) this.statements(command.elseBody, container);
        this.redirects(command.redirects);
        return;
      case 'while':
        this.statements(command.condition, container);
        this.statements(command.body, container);
        this.redirects(command.redirects);
        return;
      case 'for':
        if (command.variable) this.index.assigned.add(command.variable.name);
        if (command.arithmetic) this.arithmeticAssignments(command.arithmetic.start, command.arithmetic.end);
        for (const word of command.items ?? []) this.word(word);
        this.statements(command.body, container);
        this.redirects(command.redirects);
        return;
      case 'case':
        if (command.subject) this.word(command.subject);
        for (const item of command.items) {
          for (const pattern of item.patterns) this.word(pattern);
          this.statements(item.body, container);
        }
        this.redirects(command.redirects);
        return;
      case 'group':
      case 'subshell':
        this.statements(command.body, container);
        this.redirects(command.redirects);
        return;
      case 'test':
        for (const word of command.words) this.word(word);
        this.arithmeticAssignments(command.start, command.end);
        return;
      case 'function':
        this.functionNames.add(command.name);
        this.define('function', command.name, command.nameStart, command.nameEnd, command.start, command.end, undefined, undefined);
        this.command(command.body, command.name);
        return;
    }
  }

  private simple(command: Extract<Command, { kind: 'simple' }>, container: string | undefined): void {
    for (const assignment of command.assignments) {
      this.assignment(assignment.name, assignment.nameStart, assignment.nameEnd, assignment.start, assignment.end, container);
      this.parts(assignment.value);
      for (const element of assignment.array ?? []) this.word(element);
    }
    for (const word of command.words) this.word(word);
    this.redirects(command.redirects);
    const head = plainWord(command.words[0]);
    if (head === undefined) return;
    const args = command.words.slice(1);
    const first = command.words[0];
    this.calls.push({ name: head, start: first.start, end: first.end });
    if (DECLARATIONS.has(head)) {
      for (const word of args) {
        const assignment = asAssignment(word);
        if (assignment) {
          this.assignment(assignment.name, assignment.nameStart, assignment.nameEnd, assignment.start, assignment.end, container);
        } else {
          this.assignName(plainWord(word));
        }
      }
      return;
    }
    switch (head) {
      case 'read':
      case 'mapfile':
      case 'readarray':
        for (const word of args) this.assignName(plainWord(word));
        if (head !== 'read') this.index.assigned.add('MAPFILE');
        else this.index.assigned.add('REPLY');
        return;
      case 'let':
        for (const word of args) this.assignName(/^[A-Za-z_][A-Za-z0-9_]*/.exec(plainWord(word) ?? '')?.[0]);
        return;
      case 'getopts':
        this.assignName(plainWord(args[1]));
        return;
      case 'printf': {
        const index = args.findIndex((w) => plainWord(w) === '-v');
        if (index >= 0) this.assignName(plainWord(args[index + 1]));
        return;
      }
      case 'source':
      case '.':
        this.index.sources = true;
        return;
      case 'eval':
        this.index.evaluates = true;
        return;
      default:
        return;
    }
  }

  /** `(( n = 1 ))`, `(( n++ ))`: names assigned inside arithmetic. */
  private arithmeticAssignments(start: number, end: number): void {
    const text = this.unit.text.slice(start, end);
    if (!text.startsWith('((')) return;
    // Matches start only where a name starts: otherwise every letter of a long name restarts the scan (quadratic).
    for (const match of text.matchAll(/(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)\s*(?:[-+*/%]?=(?!=)|\+\+|--)/g)) {
      this.index.assigned.add(match[1]);
    }
  }

  private assignName(name: string | undefined): void {
    if (name !== undefined && NAME.test(name)) this.index.assigned.add(name);
  }

  private assignment(name: string, nameStart: number, nameEnd: number, start: number, end: number, container: string | undefined): void {
    this.index.assigned.add(name);
    let detail = this.unit.text.slice(nameEnd, end).replace(/^\+?=/, '');
    if (detail.length > MAX_DETAIL) detail = detail.slice(0, MAX_DETAIL - 1) + '…';
    this.define('variable', name, nameStart, nameEnd, start, end, container, detail);
  }

  private define(
    kind: 'variable' | 'function', name: string, nameStart: number, nameEnd: number, start: number, end: number,
    container: string | undefined, detail: string | undefined,
  ): void {
    const key = `${kind} ${name}`;
    if (this.defined.has(key)) return;
    this.defined.add(key);
    const lines = this.unit.lines;
    const definition: SymbolDefinition = { kind, name, nameRange: lines.range(nameStart, nameEnd), range: lines.range(start, end) };
    this.index.definitions.push({
      ...definition,
      ...(container !== undefined ? { container } : {}),
      ...(detail !== undefined ? { detail } : {}),
    });
  }

  private redirects(redirects: readonly Redirect[]): void {
    for (const redirect of redirects) {
      if (redirect.target) this.word(redirect.target);
      const heredoc = redirect.op.heredoc;
      if (heredoc && !heredoc.quoted) this.parts(lexHereDocBody(this.unit.text, this.unit.lines, heredoc));
    }
  }

  private word(word: WordToken): void {
    this.parts(word.parts);
    for (const element of word.array ?? []) this.word(element);
  }

  private parts(parts: readonly WordPart[]): void {
    for (const part of parts) {
      if (part.kind === 'param') {
        if (NAME.test(part.name)) {
          this.index.references.push({ kind: 'variable', name: part.name, range: this.unit.lines.range(part.start, part.end) });
          if (part.op === ':=' || part.op === '=') this.index.assigned.add(part.name);
        }
        if (part.arg) this.parts(part.arg);
      } else if (part.kind === 'command' && part.tokens) {
        const nested = parseSubstitution(part, this.unit.lines);
        this.index.diagnostics.push(...nested.diagnostics);
        this.statements(nested.statements, undefined);
      }
    }
  }
}
