// Follows a script statically: variables get their last assigned value,
// every branch of if/case/while is visited, for loops over known lists are
// unrolled, and functions are analysed where they are called. Nothing is ever
// executed. Every loop, call and expansion is bounded so analysis always ends.
import type { Range } from '../../model/source';
import type { IncludeReference } from '../../model/symbols';
import type { FrontendOptions } from '../frontend';
import type { IptablesCommand, Word } from '../iptables/command';
import type { Command, FunctionDefinition, SimpleCommand, Statement, Assignment } from './ast';
import { DYNAMIC, Environment, UNKNOWN_POSITIONAL, staticValue } from './environment';
import type { ShellValue } from './environment';
import type { ExpansionContext, Field, SourceUnit } from './expand';
import { expandToValue, expandWord } from './expand';
import { lexHereDocBody, lexShell } from './lexer';
import { LineMap } from './lineMap';
import { asAssignment, parseShell } from './parser';
import type { IptablesProgram } from './programs';
import { classifyProgram, isListingCommand, programFromVariableName, wrappedCommandIndex } from './programs';
import { locatedProgram } from './substitution';
import type { HereDoc, ParamPart } from './tokens';
import { plainWord } from './tokens';

/** Most items a `for` loop is unrolled over; longer lists give one pass with a dynamic variable. */
export const MAX_LOOP_ITEMS = 64;
const MAX_CALL_DEPTH = 16;
/** A function may appear this many times on the call stack (bounds recursion). */
const MAX_RECURSION = 2;
const MAX_INCLUDE_DEPTH = 8;
/** Simple commands visited in all; beyond it the analysis stops where it is. */
const MAX_WORK = 100_000;
const MAX_COMMANDS = 20_000;

/** An iptables command found in a script, with how it was written. */
export interface ShellIptablesCommand extends IptablesCommand {
  /** The program as written (`$IPT`, `/sbin/iptables`): its range locates the text. */
  readonly programWord: Word;
  /** Inside a branch, loop body, `&&`/`||` tail or a function never called: it may not run. */
  readonly conditional?: boolean;
}

/** The body of `iptables-restore <<EOF ... EOF`: iptables-save text inside a script. */
export interface RestoreBlock {
  readonly program: IptablesProgram;
  /** The body exactly as written (lines keep their columns). */
  readonly text: string;
  /** The document line of the body's first line. */
  readonly startLine: number;
  readonly range: Range;
  /** The body after the shell's expansions, when the delimiter is unquoted and something expanded. */
  readonly expandedText?: string;
}

const DECLARATIONS = new Set(['export', 'local', 'readonly', 'declare', 'typeset']);
const READ_OPTIONS_WITH_ARGUMENT = new Set(['-p', '-d', '-n', '-N', '-t', '-u', '-i']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Context {
  readonly unit: SourceUnit;
  readonly conditional: boolean;
  /** Stands for code of an included file in the analysed document (the `source` line or call). */
  readonly anchor?: Range;
  readonly includeDepth: number;
}

interface FunctionEntry {
  readonly definition: FunctionDefinition;
  readonly unit: SourceUnit;
  readonly anchor?: Range;
  called: boolean;
}

export class Interpreter {
  readonly commands: ShellIptablesCommand[] = [];
  readonly restoreBlocks: RestoreBlock[] = [];
  readonly includes: IncludeReference[] = [];
  /** `$NAME` uses without a value inside iptables commands of the analysed document. */
  readonly unknownInIptables: ParamPart[] = [];

  private readonly env = new Environment();
  private readonly functions = new Map<string, FunctionEntry>();
  private readonly callStack: string[] = [];
  private readonly includeStack: string[] = [];
  private work = 0;

  constructor(private readonly options: FrontendOptions) {}

  run(unit: SourceUnit, statements: readonly Statement[]): void {
    this.includeStack.push(unit.uri);
    this.statements(statements, { unit, conditional: false, includeDepth: 0 });
    this.analyseUncalledFunctions();
  }

  private exhausted(): boolean {
    return this.work > MAX_WORK || this.commands.length >= MAX_COMMANDS;
  }

  /** A function nobody calls is still analysed once, with unknown arguments. */
  private analyseUncalledFunctions(): void {
    for (let progress = true; progress && !this.exhausted();) {
      progress = false;
      for (const entry of this.functions.values()) {
        if (entry.called) continue;
        entry.called = true;
        progress = true;
        this.invoke(entry, UNKNOWN_POSITIONAL, { unit: entry.unit, conditional: true, anchor: entry.anchor, includeDepth: 0 });
      }
    }
  }

  private statements(list: readonly Statement[], ctx: Context): void {
    for (const statement of list) {
      if (this.exhausted()) return;
      statement.andOr.pipelines.forEach((pipeline, index) => {
        const pipelineCtx = index === 0 ? ctx : { ...ctx, conditional: true };
        pipeline.commands.forEach((command, position) => {
          const previous = position > 0 ? pipeline.commands[position - 1] : undefined;
          this.command(command, pipelineCtx, previous?.kind === 'simple' ? previous : undefined);
        });
      });
    }
  }

  private command(command: Command, ctx: Context, previous?: SimpleCommand): void {
    const branch: Context = { ...ctx, conditional: true };
    switch (command.kind) {
      case 'simple':
        this.simple(command, ctx, previous);
        return;
      case 'if':
        for (const clause of command.clauses) {
          this.statements(clause.condition, ctx);
          this.statements(clause.body, branch);
        }
        if (command.elseBody) this.statements(command.elseBody, branch);
        return;
      case 'while':
        this.statements(command.condition, ctx);
        this.statements(command.body, branch);
        return;
      case 'for':
        this.forLoop(command, ctx);
        return;
      case 'case':
        if (command.subject) expandWord(command.subject, this.expansion(ctx));
        for (const item of command.items) this.statements(item.body, branch);
        return;
      case 'group':
        this.statements(command.body, ctx);
        return;
      case 'subshell': {
        const restore = this.env.snapshot();
        this.statements(command.body, ctx);
        restore();
        return;
      }
      case 'test':
        return;
      case 'function':
        this.functions.set(command.name, { definition: command, unit: ctx.unit, anchor: ctx.anchor, called: false });
        return;
    }
  }

  private forLoop(command: Extract<Command, { kind: 'for' }>, ctx: Context): void {
    const variable = command.variable;
    const exp = this.expansion(ctx);
    let items: Field[] | undefined;
    if (command.items) {
      items = command.items.flatMap((word) => expandWord(word, exp));
    } else if (this.env.positional.exact) {
      items = this.env.positional.values.map((v) => ({ text: v.text, dynamic: v.dynamic, start: command.start, end: command.start }));
    }
    const unrollable = variable !== undefined && items !== undefined && items.length <= MAX_LOOP_ITEMS && items.every((i) => !i.dynamic);
    if (!unrollable || !items || !variable) {
      if (variable) this.env.set(variable.name, DYNAMIC);
      this.statements(command.body, { ...ctx, conditional: true });
      return;
    }
    for (const item of items) {
      if (this.exhausted()) return;
      this.env.set(variable.name, staticValue(item.text));
      this.statements(command.body, ctx);
    }
  }

  private expansion(ctx: Context): ExpansionContext {
    return {
      env: this.env,
      unit: ctx.unit,
      unknown: [],
      substitute: (part) => locatedProgram(part, ctx.unit.lines),
    };
  }

  private simple(command: SimpleCommand, ctx: Context, previous?: SimpleCommand): void {
    this.work++;
    const exp = this.expansion(ctx);
    if (command.words.length === 0) {
      for (const assignment of command.assignments) this.env.set(assignment.name, this.assignedValue(assignment, exp));
      return;
    }
    const fields = command.words.flatMap((word) => expandWord(word, exp));
    if (fields.length === 0) return;
    this.dispatch(fields, command, ctx, exp, previous, true);
  }

  private assignedValue(assignment: Assignment, exp: ExpansionContext): ShellValue {
    if (assignment.array) {
      const elements = assignment.array.flatMap((word) => expandWord(word, exp));
      if (elements.some((e) => e.dynamic)) return DYNAMIC;
      return { text: elements[0]?.text ?? '', dynamic: false, elements: elements.map((e) => e.text) };
    }
    const value = expandToValue(assignment.value, exp);
    if (!assignment.append) return value;
    const old = this.env.get(assignment.name);
    if (old === undefined) return value;
    if (old.dynamic || value.dynamic) return DYNAMIC;
    return staticValue(old.text + value.text);
  }

  private dispatch(
    fields: Field[], command: SimpleCommand, ctx: Context, exp: ExpansionContext, previous: SimpleCommand | undefined, direct: boolean,
  ): void {
    const head = fields[0];
    if (head.dynamic) {
      const program = head.fromVariable ? programFromVariableName(head.fromVariable) : undefined;
      if (program) this.emit(program, fields, command, ctx, exp);
      return;
    }
    const name = head.text;
    if (direct && DECLARATIONS.has(name) && plainWord(command.words[0]) === name) {
      this.declaration(name, command, exp);
      return;
    }
    if (this.builtin(name, fields, command, ctx)) return;
    // `command iptables`, `sudo iptables`: wrappers run the program, never a function of that name.
    const fn = direct ? this.functions.get(name) : undefined;
    if (fn) {
      this.call(fn, fields.slice(1), command, ctx);
      return;
    }
    const wrapped = wrappedCommandIndex(fields);
    if (wrapped !== undefined) {
      if (wrapped > 0) this.dispatch(fields.slice(wrapped), command, ctx, exp, previous, false);
      return;
    }
    const kind = classifyProgram(name);
    if (!kind) return;
    if (kind.role === 'rules') this.emit(kind.program, fields, command, ctx, exp);
    else if (kind.role === 'restore') this.restore(kind.program, command, ctx, exp, previous);
  }

  /** Builtins that change what the analyser knows; true when handled. */
  private builtin(name: string, fields: Field[], command: SimpleCommand, ctx: Context): boolean {
    const args = fields.slice(1);
    switch (name) {
      case 'read': {
        for (let i = 0; i < args.length; i++) {
          const word = args[i].text;
          if (READ_OPTIONS_WITH_ARGUMENT.has(word)) i++;
          else if (word === '-a' && args[i + 1]) this.env.set(args[++i].text, DYNAMIC);
          else if (NAME.test(word)) this.env.set(word, DYNAMIC);
        }
        return true;
      }
      case 'set':
        this.setPositional(args);
        return true;
      case 'shift': {
        const count = args[0] && /^\d+$/.test(args[0].text) ? Number(args[0].text) : 1;
        const { values, exact } = this.env.positional;
        this.env.positional = { values: values.slice(count), exact };
        return true;
      }
      case 'unset':
        for (const arg of args) if (NAME.test(arg.text)) this.env.unset(arg.text);
        return true;
      case 'getopts':
        if (args[1] && NAME.test(args[1].text)) this.env.set(args[1].text, DYNAMIC);
        return true;
      case 'printf': {
        const index = args.findIndex((a) => a.text === '-v');
        if (index >= 0 && args[index + 1]) this.env.set(args[index + 1].text, DYNAMIC);
        return true;
      }
      case 'mapfile':
      case 'readarray': {
        const names = args.filter((a) => NAME.test(a.text));
        this.env.set(names.length > 0 ? names[names.length - 1].text : 'MAPFILE', DYNAMIC);
        return true;
      }
      case 'source':
      case '.':
        this.include(args[0], command, ctx);
        return true;
      case 'eval':
      case 'alias':
      case 'echo':
      case 'test':
      case '[':
        return true;
      default:
        return false;
    }
  }

  private setPositional(args: Field[]): void {
    let i = 0;
    let explicit = false;
    while (i < args.length && /^[-+]/.test(args[i].text)) {
      const option = args[i].text;
      i++;
      if (option === '--') {
        explicit = true;
        break;
      }
      if (option === '-o' || option === '+o') i++;
    }
    if (i >= args.length && !explicit) return;
    const values = args.slice(i);
    this.env.positional = {
      values: values.map((f) => (f.dynamic ? DYNAMIC : staticValue(f.text))),
      exact: values.every((f) => !f.dynamic),
    };
  }

  /** `export`/`local`/`declare`/`readonly`/`typeset`: their NAME=value words are assignments. */
  private declaration(name: string, command: SimpleCommand, exp: ExpansionContext): void {
    const local = name === 'local' || ((name === 'declare' || name === 'typeset') && this.callStack.length > 0);
    for (const word of command.words.slice(1)) {
      const assignment = asAssignment(word);
      if (assignment) {
        const value = this.assignedValue(assignment, exp);
        if (local) this.env.setLocal(assignment.name, value);
        else this.env.set(assignment.name, value);
        continue;
      }
      const text = plainWord(word);
      if (local && text !== undefined && NAME.test(text)) this.env.setLocal(text, staticValue(''));
    }
  }

  private call(fn: FunctionEntry, args: Field[], command: SimpleCommand, ctx: Context): void {
    const name = fn.definition.name;
    if (this.callStack.length >= MAX_CALL_DEPTH) return;
    if (this.callStack.filter((n) => n === name).length >= MAX_RECURSION) return;
    fn.called = true;
    const positional = {
      values: args.map((f) => (f.dynamic ? DYNAMIC : staticValue(f.text))),
      exact: args.every((f) => !f.dynamic),
    };
    const anchor = ctx.unit.main ? ctx.unit.lines.range(command.start, command.end) : ctx.anchor;
    this.invoke(fn, positional, { unit: fn.unit, conditional: ctx.conditional, anchor, includeDepth: ctx.includeDepth });
  }

  private invoke(fn: FunctionEntry, positional: { values: readonly ShellValue[]; exact: boolean }, ctx: Context): void {
    const saved = this.env.pushFrame(positional);
    this.callStack.push(fn.definition.name);
    this.command(fn.definition.body, ctx);
    this.callStack.pop();
    this.env.popFrame(saved);
  }

  private include(pathField: Field | undefined, command: SimpleCommand, ctx: Context): void {
    if (!pathField) return;
    let resolved = false;
    const read = this.options.readInclude;
    if (read && !pathField.dynamic && ctx.includeDepth < MAX_INCLUDE_DEPTH) {
      let included: { uri: string; text: string } | undefined;
      try {
        included = read(pathField.text, ctx.unit.uri);
      } catch {
        included = undefined; // an unreadable include is reported as unresolved
      }
      if (included) {
        resolved = true;
        if (!this.includeStack.includes(included.uri)) {
          const lines = new LineMap(included.text);
          const unit: SourceUnit = { text: included.text, lines, uri: included.uri, main: false };
          const statements = parseShell(lexShell(included.text, lines).tokens, lines).statements;
          const anchor = ctx.unit.main ? ctx.unit.lines.range(command.start, command.end) : ctx.anchor;
          this.includeStack.push(included.uri);
          this.statements(statements, { unit, conditional: ctx.conditional, anchor, includeDepth: ctx.includeDepth + 1 });
          this.includeStack.pop();
        }
      }
    }
    if (ctx.unit.main) {
      this.includes.push({ path: pathField.text, range: ctx.unit.lines.range(pathField.start, pathField.end), resolved });
    }
  }

  /** A range in the analysed document: code from an included file is shown at its anchor. */
  private rangeIn(ctx: Context, start: number, end: number): Range | undefined {
    return ctx.unit.main ? ctx.unit.lines.range(start, end) : ctx.anchor;
  }

  private emit(program: IptablesProgram, fields: Field[], command: SimpleCommand, ctx: Context, exp: ExpansionContext): void {
    const args = fields.slice(1);
    if (isListingCommand(args.map((f) => f.text))) return;
    const range = this.rangeIn(ctx, command.start, command.end);
    if (!range) return;
    const toWord = (field: Field): Word => {
      const wordRange = this.rangeIn(ctx, field.start, field.end) ?? range;
      return field.dynamic ? { text: field.text, range: wordRange, dynamic: true } : { text: field.text, range: wordRange };
    };
    const found: ShellIptablesCommand = { program, words: args.map(toWord), range, programWord: toWord(fields[0]) };
    this.commands.push(ctx.conditional ? { ...found, conditional: true } : found);
    if (ctx.unit.main) this.unknownInIptables.push(...exp.unknown);
  }

  private restore(program: IptablesProgram, command: SimpleCommand, ctx: Context, exp: ExpansionContext, previous?: SimpleCommand): void {
    if (!ctx.unit.main) return;
    const heredoc = hereDocOf(command) ?? (previous && plainWord(previous.words[0]) === 'cat' ? hereDocOf(previous) : undefined);
    if (!heredoc) return;
    const { text, lines } = ctx.unit;
    const body = text.slice(heredoc.bodyStart, heredoc.bodyEnd);
    const block: RestoreBlock = {
      program,
      text: body,
      startLine: lines.position(heredoc.bodyStart).line,
      range: lines.range(heredoc.bodyStart, heredoc.bodyEnd),
    };
    if (!heredoc.quoted) {
      const expanded = expandToValue(lexHereDocBody(text, lines, heredoc), exp).text;
      if (expanded !== body) {
        this.restoreBlocks.push({ ...block, expandedText: expanded });
        return;
      }
    }
    this.restoreBlocks.push(block);
  }
}

function hereDocOf(command: SimpleCommand): HereDoc | undefined {
  for (const redirect of command.redirects) if (redirect.op.heredoc) return redirect.op.heredoc;
  return undefined;
}
