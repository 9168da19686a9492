// The shell syntax tree: just enough structure to follow variables, functions,
// loops and branches. Offsets point into the analysed text.
import type { OperatorToken, WordPart, WordToken } from './tokens';

export interface Assignment {
  readonly name: string;
  readonly nameStart: number;
  readonly nameEnd: number;
  /** The value after `=` (or `+=`). */
  readonly value: readonly WordPart[];
  /** `NAME=(a b c)` */
  readonly array?: readonly WordToken[];
  readonly append: boolean;
  readonly start: number;
  readonly end: number;
}

export interface Redirect {
  readonly op: OperatorToken;
  readonly target?: WordToken;
}

interface Node {
  readonly start: number;
  readonly end: number;
}

export interface SimpleCommand extends Node {
  readonly kind: 'simple';
  readonly assignments: readonly Assignment[];
  readonly words: readonly WordToken[];
  readonly redirects: readonly Redirect[];
}

export interface IfCommand extends Node {
  readonly kind: 'if';
  readonly clauses: readonly { readonly condition: readonly Statement[]; readonly body: readonly Statement[] }[];
  readonly elseBody?: readonly Statement[];
  readonly redirects: readonly Redirect[];
}

export interface WhileCommand extends Node {
  readonly kind: 'while';
  readonly condition: readonly Statement[];
  readonly body: readonly Statement[];
  readonly redirects: readonly Redirect[];
}

export interface ForCommand extends Node {
  readonly kind: 'for';
  /** Absent for the arithmetic form `for ((...))`. */
  readonly variable?: { readonly name: string; readonly start: number; readonly end: number };
  /** The `((init; test; step))` head of the arithmetic form. */
  readonly arithmetic?: { readonly start: number; readonly end: number };
  /** Absent means `"$@"` (no `in` list). */
  readonly items?: readonly WordToken[];
  readonly body: readonly Statement[];
  readonly redirects: readonly Redirect[];
}

export interface CaseCommand extends Node {
  readonly kind: 'case';
  readonly subject?: WordToken;
  readonly items: readonly { readonly patterns: readonly WordToken[]; readonly body: readonly Statement[] }[];
  readonly redirects: readonly Redirect[];
}

export interface GroupCommand extends Node {
  readonly kind: 'group' | 'subshell';
  readonly body: readonly Statement[];
  readonly redirects: readonly Redirect[];
}

/** `[[ ... ]]` and `(( ... ))`: conditions whose words are only read for references. */
export interface TestCommand extends Node {
  readonly kind: 'test';
  readonly words: readonly WordToken[];
}

export interface FunctionDefinition extends Node {
  readonly kind: 'function';
  readonly name: string;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly body: Command;
}

export type Command =
  | SimpleCommand
  | IfCommand
  | WhileCommand
  | ForCommand
  | CaseCommand
  | GroupCommand
  | TestCommand
  | FunctionDefinition;

export interface Pipeline extends Node {
  readonly negated: boolean;
  readonly commands: readonly Command[];
}

/** Pipelines joined by `&&` / `||`. */
export interface AndOrList extends Node {
  readonly pipelines: readonly Pipeline[];
}

export interface Statement extends Node {
  readonly andOr: AndOrList;
  readonly background: boolean;
}
