// Tokens the shell lexer produces. Offsets are into the analysed text; a
// word keeps its parts (literal runs, expansions) so that expansion later can
// apply quoting rules exactly.

/** One piece of a word: quoting decides whether its expansion is split into fields. */
export type WordPart = LiteralPart | ParamPart | CommandPart | ArithPart;

export interface LiteralPart {
  readonly kind: 'literal';
  readonly text: string;
  /** Inside quotes or escaped: never split into fields. */
  readonly quoted: boolean;
  readonly start: number;
  readonly end: number;
}

/** `$NAME`, `${NAME}`, `${NAME:-word}`, `$1`, `$@` ... */
export interface ParamPart {
  readonly kind: 'param';
  readonly name: string;
  /** The operator of a braced expansion (`:-`, `-`, `:=`, `#`, `%%`, `length`, `indirect` ...). */
  readonly op?: string;
  /** The word after the operator, e.g. the default value. */
  readonly arg?: readonly WordPart[];
  /** `${NAME[index]}` */
  readonly index?: string;
  readonly quoted: boolean;
  readonly start: number;
  readonly end: number;
}

/** `$(...)`, backticks or `<(...)`: never evaluated, only inspected. */
export interface CommandPart {
  readonly kind: 'command';
  /** Tokens of the substituted command (absent for backticks, whose text is escaped). */
  readonly tokens?: readonly Token[];
  readonly quoted: boolean;
  readonly start: number;
  readonly end: number;
  /** The text between the delimiters. */
  readonly inner: string;
}

/** `$((...))` */
export interface ArithPart {
  readonly kind: 'arith';
  readonly quoted: boolean;
  readonly start: number;
  readonly end: number;
}

export interface WordToken {
  readonly kind: 'word';
  readonly parts: readonly WordPart[];
  readonly start: number;
  readonly end: number;
  /** `NAME=(a b c)`: the array elements (the parts hold `NAME=`). */
  readonly array?: readonly WordToken[];
}

export interface HereDoc {
  readonly delimiter: string;
  /** A quoted delimiter (`<<'EOF'`) turns expansion off in the body. */
  readonly quoted: boolean;
  /** `<<-` strips leading tabs. */
  readonly stripTabs: boolean;
  /** Body between the line after the command and the delimiter line. */
  bodyStart: number;
  bodyEnd: number;
  terminated: boolean;
}

export interface OperatorToken {
  readonly kind: 'op';
  readonly op: string;
  readonly start: number;
  readonly end: number;
  /** Present on `<<` and `<<-` once the body has been read. */
  heredoc?: HereDoc;
}

export interface NewlineToken {
  readonly kind: 'newline';
  readonly start: number;
  readonly end: number;
}

/** `(( ... ))` arithmetic command. */
export interface ArithCommandToken {
  readonly kind: 'arith';
  readonly start: number;
  readonly end: number;
}

export interface EofToken {
  readonly kind: 'eof';
  readonly start: number;
  readonly end: number;
}

export type Token = WordToken | OperatorToken | NewlineToken | ArithCommandToken | EofToken;

export const REDIRECT_OPERATORS: ReadonlySet<string> = new Set([
  '<', '>', '>>', '<<', '<<-', '<<<', '<&', '>&', '<>', '>|', '&>', '&>>',
]);

/** The literal text of a word when it has no quoting or expansion (keywords, names). */
export function plainWord(token: Token | undefined): string | undefined {
  if (!token || token.kind !== 'word' || token.array) return undefined;
  if (token.parts.length !== 1) return undefined;
  const part = token.parts[0];
  return part.kind === 'literal' && !part.quoted ? part.text : undefined;
}
