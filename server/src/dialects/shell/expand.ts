// Word expansion as the shell does it, statically: parameters are replaced by
// their known values, unquoted expansions are split on IFS, and anything not
// known (an unset variable, a command's output) keeps its source text and
// marks the field dynamic.
import type { Environment, ShellValue } from './environment';
import { DYNAMIC, staticValue } from './environment';
import { evaluateArithmetic } from './arithmetic';
import { hasGlobCharacters, trimByPattern } from './glob';
import type { LineMap } from './lineMap';
import type { CommandPart, ParamPart, WordPart, WordToken } from './tokens';

/** Longest value the analyser builds; longer ones become dynamic. */
const MAX_VALUE_LENGTH = 65536;
/** Most fields one word may expand to. */
const MAX_FIELDS = 4096;
const DEFAULT_IFS = ' \t\n';
const IFS_WHITESPACE = ' \t\n';

export interface SourceUnit {
  readonly text: string;
  readonly lines: LineMap;
  readonly uri: string;
  /** The document being analysed (not an included file). */
  readonly main: boolean;
}

export interface Field {
  readonly text: string;
  readonly dynamic: boolean;
  /** The word the field came from. */
  readonly start: number;
  readonly end: number;
  /** Set when the field is exactly one variable's value (`$IPT`). */
  readonly fromVariable?: string;
}

export interface ExpansionContext {
  readonly env: Environment;
  readonly unit: SourceUnit;
  /** Plain `$NAME` uses with no value: candidates for FW002. */
  readonly unknown: ParamPart[];
  /** The static output of a command substitution, when it is known (`$(which iptables)`). */
  readonly substitute: (part: CommandPart) => string | undefined;
}

type Resolved =
  | { readonly kind: 'value'; readonly value: ShellValue }
  | { readonly kind: 'list'; readonly values: readonly ShellValue[] }
  /** The word of `${X:-word}`: its own quoting decides what is split. */
  | { readonly kind: 'word'; readonly parts: readonly WordPart[] };

class FieldBuilder {
  readonly fields: Field[] = [];
  private text = '';
  private dynamic = false;
  private exists = false;
  /** undefined: nothing yet; string: one variable so far; null: mixed. */
  private source: string | null | undefined = undefined;

  constructor(
    private readonly start: number,
    private readonly end: number,
  ) {}

  append(text: string, dynamic: boolean, exists: boolean, variable: string | null): void {
    if (!exists && text === '') return;
    this.text = this.text.length + text.length > MAX_VALUE_LENGTH ? this.text : this.text + text;
    this.dynamic ||= dynamic;
    this.exists ||= exists || text !== '';
    this.source = this.source === undefined ? variable : null;
  }

  breakField(): void {
    if (this.exists && this.fields.length < MAX_FIELDS) {
      const field: Field = { text: this.text, dynamic: this.dynamic, start: this.start, end: this.end };
      this.fields.push(typeof this.source === 'string' ? { ...field, fromVariable: this.source } : field);
    }
    this.text = '';
    this.dynamic = false;
    this.exists = false;
    this.source = undefined;
  }
}

/** Expands a word into fields (with splitting), as for a command's arguments. */
export function expandWord(word: WordToken, ctx: ExpansionContext): Field[] {
  const builder = new FieldBuilder(word.start, word.end);
  for (const part of word.parts) expandPart(part, ctx, builder, true);
  builder.breakField();
  return builder.fields;
}

/** Expands parts into one value without splitting, as for an assignment's value. */
export function expandToValue(parts: readonly WordPart[], ctx: ExpansionContext): ShellValue {
  const start = parts.length > 0 ? parts[0].start : 0;
  const builder = new FieldBuilder(start, start);
  for (const part of parts) expandPart(part, ctx, builder, false);
  builder.breakField();
  const fields = builder.fields;
  if (fields.length === 0) return staticValue('');
  return { text: fields.map((f) => f.text).join(' '), dynamic: fields.some((f) => f.dynamic) };
}

function expandPart(part: WordPart, ctx: ExpansionContext, out: FieldBuilder, split: boolean): void {
  const raw = ctx.unit.text.slice(part.start, part.end);
  switch (part.kind) {
    case 'literal':
      out.append(part.text, false, part.quoted, null);
      return;
    case 'arith': {
      const result = evaluateArithmetic(raw.slice(3, -2), (name) => {
        const known = ctx.env.get(name);
        return known === undefined || known.dynamic ? undefined : known.text;
      });
      if (result === undefined) out.append(raw, true, true, null);
      else appendValue(staticValue(String(result)), part.quoted || !split, ctx, out, null);
      return;
    }
    case 'command': {
      const known = ctx.substitute(part);
      if (known === undefined) out.append(raw, true, true, null);
      else appendValue(staticValue(known), part.quoted || !split, ctx, out, null);
      return;
    }
    case 'param': {
      const resolved = resolveParam(part, ctx);
      const variable = /^[A-Za-z_]/.test(part.name) ? part.name : null;
      if (resolved.kind === 'value') {
        if (resolved.value.dynamic) out.append(raw, true, true, variable);
        else appendValue(resolved.value, part.quoted || !split, ctx, out, variable);
        return;
      }
      if (resolved.kind === 'word') {
        for (const inner of resolved.parts) {
          // Unquoted text of the word is split like any expansion result.
          if (inner.kind === 'literal' && !inner.quoted) appendValue(staticValue(inner.text), !split, ctx, out, null);
          else expandPart(inner, ctx, out, split);
        }
        return;
      }
      appendList(resolved.values, part, ctx, out, split, variable);
      return;
    }
  }
}

function appendValue(value: ShellValue, quoted: boolean, ctx: ExpansionContext, out: FieldBuilder, variable: string | null): void {
  if (quoted) {
    out.append(value.text, false, true, variable);
    return;
  }
  const { pieces, leadingBreak, trailingBreak } = splitFields(value.text, ifsOf(ctx));
  if (pieces.length === 0) {
    if (leadingBreak) out.breakField();
    return;
  }
  if (leadingBreak) out.breakField();
  pieces.forEach((piece, index) => {
    if (index > 0) out.breakField();
    out.append(piece, false, piece !== '' || pieces.length > 1, variable);
  });
  if (trailingBreak) out.breakField();
}

/** `$@`, `$*`, `${A[@]}`: each element is its own field when quoted as `"$@"`. */
function appendList(
  values: readonly ShellValue[], part: ParamPart, ctx: ExpansionContext, out: FieldBuilder, split: boolean, variable: string | null,
): void {
  const quoted = part.quoted || !split;
  const joinsIntoOne = part.name === '*' || part.index === '*';
  if (quoted && joinsIntoOne) {
    const separator = ifsOf(ctx).slice(0, 1);
    out.append(values.map((v) => v.text).join(separator), values.some((v) => v.dynamic), true, variable);
    return;
  }
  values.forEach((value, index) => {
    if (index > 0) {
      if (split) out.breakField();
      else out.append(' ', false, true, null);
    }
    const raw = ctx.unit.text.slice(part.start, part.end);
    if (value.dynamic) out.append(raw, true, true, variable);
    else appendValue(value, quoted, ctx, out, variable);
  });
}

function ifsOf(ctx: ExpansionContext): string {
  const ifs = ctx.env.get('IFS');
  return ifs === undefined || ifs.dynamic ? DEFAULT_IFS : ifs.text;
}

/** POSIX field splitting of one unquoted expansion. */
export function splitFields(text: string, ifs: string): { pieces: string[]; leadingBreak: boolean; trailingBreak: boolean } {
  if (ifs === '') return { pieces: text === '' ? [] : [text], leadingBreak: false, trailingBreak: false };
  const isWhite = (c: string): boolean => ifs.includes(c) && IFS_WHITESPACE.includes(c);
  const isOther = (c: string): boolean => ifs.includes(c) && !IFS_WHITESPACE.includes(c);
  const n = text.length;
  let i = 0;
  while (i < n && isWhite(text[i])) i++;
  const leadingBreak = i > 0;
  if (i === n) return { pieces: [], leadingBreak, trailingBreak: leadingBreak };
  const pieces: string[] = [];
  let current = '';
  let endedOnDelimiter = false;
  while (i < n) {
    const c = text[i];
    if (isWhite(c) || isOther(c)) {
      let j = i;
      while (j < n && isWhite(text[j])) j++;
      if (j < n && isOther(text[j])) {
        j++;
        while (j < n && isWhite(text[j])) j++;
      }
      pieces.push(current);
      current = '';
      i = j;
      endedOnDelimiter = i === n;
    } else {
      current += c;
      i++;
    }
  }
  if (!endedOnDelimiter) pieces.push(current);
  return { pieces, leadingBreak, trailingBreak: endedOnDelimiter };
}

const dynamicValue: Resolved = { kind: 'value', value: DYNAMIC };

function resolveParam(part: ParamPart, ctx: ExpansionContext): Resolved {
  const base = baseValue(part, ctx);
  const op = part.op;
  if (op === undefined) {
    if (base === undefined) {
      if (/^[A-Za-z_]/.test(part.name)) ctx.unknown.push(part);
      return dynamicValue;
    }
    return base;
  }
  if (base !== undefined && base.kind !== 'value') {
    return op === 'length' && base.kind === 'list' ? value(String(base.values.length)) : dynamicValue;
  }
  const current = base?.value;
  switch (op) {
    case ':-':
    case '-':
    case ':=':
    case '=': {
      if (current?.dynamic) return dynamicValue;
      const useDefault = current === undefined || (op.startsWith(':') && current.text === '');
      if (!useDefault) return { kind: 'value', value: current };
      if (op === ':=' || op === '=') {
        // Assigned without splitting; the expansion is then the variable's new value.
        const fallback = expandToValue(part.arg ?? [], ctx);
        if (/^[A-Za-z_]/.test(part.name)) ctx.env.set(part.name, fallback);
        return { kind: 'value', value: fallback };
      }
      return { kind: 'word', parts: part.arg ?? [] };
    }
    case ':+':
    case '+': {
      if (current === undefined || current.dynamic) return dynamicValue;
      if (op === ':+' && current.text === '') return value('');
      return { kind: 'word', parts: part.arg ?? [] };
    }
    case ':?':
    case '?':
      return current === undefined ? dynamicValue : { kind: 'value', value: current };
    default:
      break;
  }
  if (current === undefined || current.dynamic) return dynamicValue;
  return transform(current.text, op, part.arg ? expandToValue(part.arg, ctx) : staticValue(''));
}

function value(text: string): Resolved {
  return { kind: 'value', value: staticValue(text) };
}

/** Operators that compute from a known value: length, trimming, replacement, case, substring. */
function transform(text: string, op: string, arg: ShellValue): Resolved {
  if (arg.dynamic) return dynamicValue;
  switch (op) {
    case 'length':
      return value(String(text.length));
    case '#':
    case '##':
    case '%':
    case '%%':
      return text.length > 4096 ? dynamicValue : value(trimByPattern(text, arg.text, op));
    case '/':
    case '//': {
      const slash = arg.text.indexOf('/');
      const pattern = slash < 0 ? arg.text : arg.text.slice(0, slash);
      const replacement = slash < 0 ? '' : arg.text.slice(slash + 1);
      if (pattern === '' || hasGlobCharacters(pattern)) return dynamicValue;
      return value(op === '//' ? text.split(pattern).join(replacement) : text.replace(pattern, () => replacement));
    }
    case '^^':
      return value(text.toUpperCase());
    case ',,':
      return value(text.toLowerCase());
    case '^':
      return value(text.slice(0, 1).toUpperCase() + text.slice(1));
    case ',':
      return value(text.slice(0, 1).toLowerCase() + text.slice(1));
    case ':': {
      const match = /^\s*(-?\d+)\s*(?::\s*(-?\d+)\s*)?$/.exec(arg.text);
      if (!match) return dynamicValue;
      let offset = Number(match[1]);
      if (offset < 0) offset = Math.max(0, text.length + offset);
      const rest = text.slice(offset);
      if (match[2] === undefined) return value(rest);
      const length = Number(match[2]);
      return value(length >= 0 ? rest.slice(0, length) : rest.slice(0, Math.max(0, rest.length + length)));
    }
    default:
      return dynamicValue;
  }
}

/** The parameter's own value before any operator; undefined when it was never set. */
function baseValue(part: ParamPart, ctx: ExpansionContext): Resolved | undefined {
  const name = part.name;
  const positional = ctx.env.positional;
  if (/^\d+$/.test(name)) {
    const n = Number(name);
    if (n === 0) return dynamicValue;
    if (n <= positional.values.length) return { kind: 'value', value: positional.values[n - 1] };
    return positional.exact ? value('') : dynamicValue;
  }
  if (name === '@' || name === '*') {
    return positional.exact ? { kind: 'list', values: positional.values } : dynamicValue;
  }
  if (name === '#') return positional.exact ? value(String(positional.values.length)) : dynamicValue;
  if (!/^[A-Za-z_]/.test(name)) return dynamicValue;
  if (part.op === 'indirect') return dynamicValue;
  const variable = ctx.env.get(name);
  if (variable === undefined) return undefined;
  if (variable.dynamic) return dynamicValue;
  if (part.index === undefined) return { kind: 'value', value: variable };
  const elements = variable.elements ?? [variable.text];
  if (part.index === '@' || part.index === '*') return { kind: 'list', values: elements.map(staticValue) };
  if (/^\d+$/.test(part.index)) return value(elements[Number(part.index)] ?? '');
  return dynamicValue;
}
