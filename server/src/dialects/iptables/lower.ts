// Lowers iptables commands (from iptables-save files or shell scripts) into
// the shared model, replaying them in order as the kernel would: -A appends,
// -I inserts at a 1-based position, -D/-R delete and replace, -F empties,
// -X removes user chains, -P sets a built-in chain's policy.
import { singleSpaced } from '../../model/text';
import type { BaseChainInfo, Chain, Family, Rule, Ruleset } from '../../model/ruleset';
import { chainKey } from '../../model/ruleset';
import type { Range, SourceDiagnostic } from '../../model/source';
import type { SymbolDefinition, SymbolReference } from '../../model/symbols';
import { builtinChainsOf, builtinPlacement, isAnyBuiltinChainName, isBuiltinChain, isTableName } from './builtins';
import type { IptablesCommand, Word } from './command';
import { ChainDeclaration, mayDeclareChainLine, readRuleLineAfterAll, type DeclarationItem, type SaveFileItem } from './saveFormat';
import { lowerPlainAppend, PlainAppend } from './plainAppend';
import { syntaxError, undefinedReference } from './diagnostics';
import { lowerMatch } from './lowerMatch';
import { lowerTarget } from './lowerTarget';
import { validateExtensions } from './validate';
import type { ParsedCommand } from './parse';
import { appendRanges, headerRanges, isLineEntry, type AppendEntry, type CommandOrEntry, type HeaderEntry, type Located, type LoweringMemo, type MemoLine } from './lineMemo';
import { parseChainHeader, parseCommand } from './parse';
import { LineReference } from './lineReference';
import { LineWord } from './words';

export { SAVE_LINE_MEMO, LoweringMemo } from './lineMemo';

export interface LoweredIptables {
  readonly ruleset: Ruleset;
  readonly diagnostics: SourceDiagnostic[];
  readonly definitions: SymbolDefinition[];
  readonly references: SymbolReference[];
}

interface ChainState {
  readonly key: string;
  readonly name: string;
  readonly table: string;
  readonly family: Family;
  base?: BaseChainInfo;
  rules: Rule[];
  /** Rule specifications as written, parallel to `rules`, for -D by specification. */
  specs: string[];
  range?: Range;
  nameRange?: Range;
  /** Set when -X or -E took the chain away (a chain is never put back: a new one is made). */
  removed?: boolean;
}

/** How far the lowering's lists were when a command's lowering began: what it added is what follows. */
interface Marks {
  readonly diagnostic: number;
  readonly use: number;
  readonly reference: number;
}

const NO_MARKS: Marks = { diagnostic: 0, use: 0, reference: 0 };

/** One family and table's chain names, and the test the lowering of a target asks there (one per scope, not a closure per rule). */
interface Scope {
  readonly names: Map<string, NameState>;
  readonly isChain: (name: string) => boolean;
}

/** What the lowering knows about one chain name in one scope (family and table). */
interface NameState {
  /** Whether the name is a declared or built-in chain there; undefined until asked. */
  isChain: boolean | undefined;
  /** The chain of that name, once a command used it. */
  chain: ChainState | undefined;
}

/** A name nothing is known of yet: both fields set from the start, so every name's state has one shape. */
function unknownName(): NameState {
  return { isChain: undefined, chain: undefined };
}

/**
 * Commands to lower, read twice: first those that may declare a chain (a
 * superset), then all of them. A source that reads its commands as they are
 * asked for lets a large file be lowered without holding all its words.
 */
export interface CommandSource {
  /** Gives `visit` each command that may declare a chain, or the chain it declares. */
  mayDeclareChain(visit: (command: DeclarationItem) => void): void;
  /** Gives `visit` every command, in order. */
  all(visit: (command: SaveFileItem) => void): void;
  /**
   * False when no command deletes a rule by its specification (a superset
   * test); absent: one may. Asked after `mayDeclareChain` has been read.
   */
  mayDelete?(): boolean;
}

function arraySource(commands: readonly IptablesCommand[]): CommandSource {
  return {
    // A word known only at run time might be anything.
    mayDeclareChain: (visit) => {
      for (const c of commands) if (c.words.some((w) => w.dynamic) || mayDeclareChainLine(c.words.map((w) => w.text).join(' '))) visit(c);
    },
    all: (visit) => {
      for (const c of commands) visit(c);
    },
  };
}

export function lowerIptablesCommands(input: readonly IptablesCommand[] | CommandSource, form: 'save' | 'shell', memo?: LoweringMemo): LoweredIptables {
  const source = isCommandArray(input) ? arraySource(input) : input;
  const diagnostics: SourceDiagnostic[] = [];
  const definitions: SymbolDefinition[] = [];
  const references: SymbolReference[] = [];

  // Reading a command: with a memo, a chain header is read once per analysis
  // (both passes see it), and not at all while its line is unchanged. (Without
  // one, keeping the first pass's reading for the second costs more in
  // garbage collection than reading a header twice.)
  const read = (item: IptablesCommand | HeaderEntry, keepSpecs: boolean): Located => {
    if (isLineEntry(item)) {
      if (memo) memo.next[item.line] = item;
      return item.located;
    }
    const at = item.memoLine;
    if (memo === undefined || at === undefined || !item.chainHeader) return locate(item, form, keepSpecs);
    const known = memo.next[at.line];
    if (known?.kind === 'header') return known.located;
    const located = locate(item, form, keepSpecs);
    const readDiagnostics = at.readDiagnostics ?? [];
    memo.next[at.line] = { kind: 'header', line: at.line, section: at.section, ranges: headerRanges(located, readDiagnostics), located, readDiagnostics } satisfies HeaderEntry;
    return located;
  };

  // Chains declared anywhere count: scripts often create chains in functions called later.
  let declared: ReadonlySet<string>;
  let declaredNames: ReadonlySet<string>;
  if (memo?.sameDeclarations && memo.declared && memo.declaredNames) {
    // The edit touched no line that may declare a chain.
    declared = memo.declared;
    declaredNames = memo.declaredNames;
  } else {
    const found = new Set<string>();
    source.mayDeclareChain((command) => {
      if (command instanceof ChainDeclaration) {
        found.add(chainKey(familyOf(command.program), command.table, command.name));
        return;
      }
      // A declaration specifies no rule.
      const { parsed, family, table } = read(command, false);
      if (parsed.kind === 'new-chain' && parsed.chain) found.add(chainKey(family, table, parsed.chain.text));
      if (parsed.kind === 'rename' && parsed.argument) found.add(chainKey(family, table, parsed.argument.text));
    });
    declared = found;
    // Asked for every target (ACCEPT, DNAT...): names no chain has are answered without building a key.
    declaredNames = new Set([...found].map((key) => key.slice(key.indexOf(' ', key.indexOf(' ') + 1) + 1)));
  }
  // Each rule asks about its chain and its target: answers are kept by scope
  // (family and table), which consecutive commands nearly always share, and
  // the two names asked last are kept at hand (a rule asks about its chain and its target, each twice).
  const scopes = new Map<string, Scope>();
  let scopeFamily: Family | undefined;
  let scopeTable: string | undefined;
  let scope: Scope | undefined;
  let lastName: string | undefined;
  let lastState: NameState = unknownName();
  let otherName: string | undefined;
  let otherState: NameState = lastState;
  const scopeOf = (family: Family, table: string): Scope => {
    if (scope === undefined || family !== scopeFamily || table !== scopeTable) {
      const key = `${family} ${table}`;
      scope = scopes.get(key) ?? { names: new Map<string, NameState>(), isChain: (name) => isChain(family, table, name) };
      scopes.set(key, scope);
      scopeFamily = family;
      scopeTable = table;
      lastName = undefined;
      otherName = undefined;
    }
    return scope;
  };
  const nameState = (family: Family, table: string, name: string): NameState => {
    const names = scopeOf(family, table).names;
    if (name === lastName) return lastState;
    let state = name === otherName ? otherState : names.get(name);
    if (state === undefined) {
      state = unknownName();
      names.set(name, state);
    }
    otherName = lastName;
    otherState = lastState;
    lastName = name;
    lastState = state;
    return state;
  };
  const isChain = (family: Family, table: string, name: string): boolean => {
    const state = nameState(family, table, name);
    state.isChain ??= (declaredNames.has(name) && declared.has(chainKey(family, table, name))) || isBuiltinChain(table, name);
    return state.isChain;
  };
  const chains = new Map<string, ChainState>();
  const order: ChainState[] = [];
  // Chain names used where a chain must exist and none does: reported after everything else.
  const useDiagnostics: SourceDiagnostic[] = [];
  let nextRuleId = 1;

  // Consecutive rules nearly always go to the same chain: check that one before building a key.
  let lastChain: ChainState | undefined;
  const ensureChain = (family: Family, table: string, name: string, nameWord: Word | undefined, range: Range, knownKey?: string): ChainState => {
    if (lastChain && lastChain.name === name && lastChain.table === table && lastChain.family === family && !lastChain.removed) return lastChain;
    // The scope's chain of that name, unless it was removed or renamed since.
    const state = nameState(family, table, name);
    const seen = state.chain;
    if (seen && !seen.removed) {
      lastChain = seen;
      return seen;
    }
    const key = knownKey ?? chainKey(family, table, name);
    let chain = chains.get(key);
    if (chain) {
      lastChain = chain;
      state.chain = chain;
    }
    if (!chain) {
      const placement = builtinPlacement(table, name);
      // Every field set, in one order: chains are read at the same sites for every rule.
      const base: BaseChainInfo | undefined = placement ? { ...placement, policy: 'accept' } : undefined;
      chain = { key, name, table, family, base, rules: [], specs: [], range, nameRange: nameWord?.range, removed: false };
      chains.set(key, chain);
      order.push(chain);
      state.chain = chain;
    }
    return chain;
  };
  const removeChain = (chain: ChainState): void => {
    chain.removed = true;
    chains.delete(chain.key);
    order.splice(order.indexOf(chain), 1);
  };
  /** `name`, when given, is the word's text as the chain keeps it: one string for every reference to the chain. */
  const reference = (word: Word, table: string, name = word.text): void => {
    if (word.dynamic) return;
    // A word of a save line is located by its line and columns: no range is kept for it.
    if (word instanceof LineWord) references.push(new LineReference(name, table, word.line, word.start, word.end));
    else references.push({ kind: 'chain', name, range: word.range, container: table });
  };
  /** The chain a rule jumps or goes to: referenced, and it must exist. */
  const jumpTarget = (word: Word, family: Family, table: string): void => {
    reference(word, table);
    use(word, family, table);
  };
  /** A chain name used where the chain must exist. */
  const use = (word: Word, family: Family, table: string): void => {
    if (word.dynamic || isChain(family, table, word.text)) return;
    if (isAnyBuiltinChainName(word.text)) {
      useDiagnostics.push(undefinedReference(word.range, `table ${table} has no built-in chain ${word.text} (it has ${builtinChainsOf(table).join(', ')})`));
      return;
    }
    const hint = form === 'save' ? `a :${word.text} - [0:0] line` : `iptables${table === 'filter' ? '' : ` -t ${table}`} -N ${word.text}`;
    useDiagnostics.push(undefinedReference(word.range, `chain ${word.text} is not defined in table ${table} (add ${hint})`));
  };

  if (memo) memo.appendsValid = memo.declared !== undefined && sameSet(memo.declared, declared);
  // Rule specifications are only looked up by -D; the memo keeps them for edits that add one.
  const keepSpecs = memo !== undefined || source.mayDelete?.() !== false;

  /** Adds a rule lowered from an -A line to its chain, and to the memo (with what lowering it reported). */
  const append = (chain: ChainState, rule: Rule, chainWord: Word, targetWord: Word | undefined, spec: string, family: Family, table: string, at: MemoLine | undefined, first: Marks): void => {
    chain.rules.push(rule);
    if (keepSpecs) chain.specs.push(spec);
    if (memo && at !== undefined) {
      const own = diagnostics.slice(first.diagnostic);
      const ownUses = useDiagnostics.slice(first.use);
      memo.next[at.line] = {
        kind: 'append', line: at.line, section: at.section, ranges: appendRanges(rule, [chainWord, targetWord], [...own, ...ownUses]),
        family, table, chainWord, spec, rule, ...(targetWord && { targetWord }),
        references: references.slice(first.reference), diagnostics: own, useDiagnostics: ownUses,
      } satisfies AppendEntry;
    }
  };
  // Only the memo asks what one command added.
  const marks = (): Marks => (memo ? { diagnostic: diagnostics.length, use: useDiagnostics.length, reference: references.length } : NO_MARKS);

  /** A plain rule line, lowered without the general reading; false when it must be read the general way. */
  const appendPlain = (plain: PlainAppend): boolean => {
    const family = familyOf(plain.program);
    const { table } = plain;
    const chainWord = plain.chainWord();
    const chain = ensureChain(family, table, chainWord.text, undefined, plain.range);
    const lowered = lowerPlainAppend(plain, nextRuleId, chain.key, scopeOf(family, table).isChain);
    if (!lowered) return false;
    nextRuleId++;
    const first = marks();
    use(chainWord, family, table);
    reference(chainWord, table, chain.name);
    if (lowered.targetWord) jumpTarget(lowered.targetWord, family, table);
    append(chain, lowered.rule, chainWord, lowered.targetWord, keepSpecs ? plain.spec() : '', family, table, plain.memoLine, first);
    return true;
  };

  // Each command is read, lowered and dropped before the next.
  source.all((item) => {
    let next: CommandOrEntry;
    if (item instanceof PlainAppend) {
      if (appendPlain(item)) return;
      const general = readRuleLineAfterAll(item, diagnostics);
      if (!general) return;
      next = general;
    } else {
      next = item;
    }
    if (isLineEntry(next) && next.kind === 'append') {
      const again = next;
      const { family, table, chainWord } = again;
      for (const d of again.diagnostics) diagnostics.push(d);
      for (const r of again.references) references.push(r);
      for (const d of again.useDiagnostics) useDiagnostics.push(d);
      const chain = ensureChain(family, table, chainWord.text, undefined, again.rule.range, again.rule.chainKey);
      const id = nextRuleId++;
      if (again.rule.id !== id || again.rule.chainKey !== chain.key) again.rule = { ...again.rule, id, chainKey: chain.key };
      chain.rules.push(again.rule);
      if (keepSpecs) chain.specs.push(again.spec);
      if (memo) memo.next[again.line] = again;
      return;
    }
    const { command, parsed, family, table } = read(next, keepSpecs);
    // A chain header's entry keeps its chain's key and definition: they depend on the header alone.
    const known = isLineEntry(next) ? next : memo && next.chainHeader && next.memoLine ? memo.next[next.memoLine.line] : undefined;
    const header = known?.kind === 'header' ? known : undefined;
    const first = marks();
    for (const d of parsed.diagnostics) diagnostics.push(d);
    const chainWord = parsed.chain;
    const name = chainWord?.text;
    switch (parsed.kind) {
      case 'append':
      case 'insert':
      case 'replace':
      case 'delete': {
        if (!chainWord || name === undefined) break;
        use(chainWord, family, table);
        const chain = ensureChain(family, table, name, undefined, command.range);
        reference(chainWord, table, chain.name);
        const spec = keepSpecs ? parsed.rule.specWords.map((w) => w.text).join(' ') : '';
        const position = parsed.position ? Number(parsed.position.text) : undefined;
        if (parsed.kind === 'delete') {
          const index = position !== undefined ? position - 1 : chain.specs.indexOf(spec);
          if (index >= 0 && index < chain.rules.length) {
            chain.rules.splice(index, 1);
            chain.specs.splice(index, 1);
          }
          break;
        }
        const rule = buildRule(nextRuleId++, chain.key, command, parsed, family, scopeOf(family, table).isChain, diagnostics);
        if (rule.chainWord) jumpTarget(rule.chainWord, family, table);
        if (parsed.kind === 'append') {
          append(chain, rule.rule, chainWord, rule.chainWord, spec, family, table, command.memoLine, first);
        } else if (parsed.kind === 'insert') {
          if (position === 0) diagnostics.push(syntaxError(parsed.position?.range ?? command.range, 'rule positions start at 1'));
          const index = Math.min(Math.max((position ?? 1) - 1, 0), chain.rules.length);
          chain.rules.splice(index, 0, rule.rule);
          if (keepSpecs) chain.specs.splice(index, 0, spec);
        } else if (position !== undefined && position >= 1 && position <= chain.rules.length) {
          chain.rules[position - 1] = rule.rule;
          if (keepSpecs) chain.specs[position - 1] = spec;
        }
        break;
      }
      case 'new-chain': {
        if (!chainWord || name === undefined) break;
        if (isBuiltinChain(table, name) && !command.chainHeader) {
          diagnostics.push(syntaxError(chainWord.range, `${name} is a built-in chain of table ${table}; -N creates user chains`));
          break;
        }
        const chain = ensureChain(family, table, name, chainWord, command.range, header?.chainKey);
        const definition = header?.definition ?? { kind: 'chain', name, nameRange: chainWord.range, range: command.range, container: table, detail: `user chain in table ${table}` };
        definitions.push(definition);
        if (header) {
          header.chainKey = chain.key;
          header.definition = definition;
        }
        break;
      }
      case 'policy': {
        if (!chainWord || name === undefined || !parsed.argument) break;
        const policyWord = parsed.argument;
        if (!command.chainHeader) reference(chainWord, table);
        if (!isBuiltinChain(table, name)) {
          if (!chainWord.dynamic) diagnostics.push(syntaxError(chainWord.range, `-P needs a built-in chain of table ${table}; ${name} is not one`));
          break;
        }
        const policy = policyWord.text === 'ACCEPT' ? 'accept' : policyWord.text === 'DROP' ? 'drop' : undefined;
        if (!policy) {
          if (!policyWord.dynamic) diagnostics.push(syntaxError(policyWord.range, `policy must be ACCEPT or DROP, not ${JSON.stringify(policyWord.text)}`));
          break;
        }
        const chain = ensureChain(family, table, name, command.chainHeader ? chainWord : undefined, command.range, header?.chainKey);
        if (chain.base) chain.base = { ...chain.base, policy, policyRange: policyWord.range };
        if (command.chainHeader) {
          const definition = header?.definition ?? { kind: 'chain', name, nameRange: chainWord.range, range: command.range, container: table, detail: `built-in chain (${chain.base?.hook} hook), policy ${policyWord.text}` };
          definitions.push(definition);
          if (header) {
            header.chainKey = chain.key;
            header.definition = definition;
          }
        }
        break;
      }
      case 'flush':
        for (const chain of order) {
          if (chain.family === family && chain.table === table && (name === undefined || chain.name === name)) {
            chain.rules = [];
            chain.specs = [];
          }
        }
        if (chainWord) reference(chainWord, table);
        break;
      case 'delete-chain':
        for (const chain of [...order]) {
          if (chain.family === family && chain.table === table && !chain.base && (name === undefined || chain.name === name)) removeChain(chain);
        }
        if (chainWord) reference(chainWord, table);
        break;
      case 'rename': {
        if (!chainWord || name === undefined || !parsed.argument) break;
        reference(chainWord, table);
        const old = chains.get(chainKey(family, table, name));
        if (!old || old.base) break;
        removeChain(old);
        const renamed = ensureChain(family, table, parsed.argument.text, parsed.argument, command.range);
        renamed.rules = old.rules.map((r) => ({ ...r, chainKey: renamed.key }));
        renamed.specs = old.specs;
        break;
      }
      case undefined:
        if (parsed.rule.specified) {
          diagnostics.push(syntaxError(command.words[0]?.range ?? command.range, 'no command: start with -A CHAIN (or -I, -D, -R, -N, -P, -F, -X)'));
        }
        break;
      default:
        break;
    }
  });

  memo?.finish(declared, declaredNames);
  for (const d of useDiagnostics) diagnostics.push(d);

  const finalChains: Chain[] = order.map(finalChain);
  return { ruleset: { dialect: 'iptables', form, chains: finalChains, helpers: [] }, diagnostics: distinct(diagnostics), definitions, references };
}

/** Built field by field (not with conditional spreads), the fields in one order. */
function finalChain(c: ChainState): Chain {
  const chain: Partial<Writable<Chain>> = { key: c.key, name: c.name, table: c.table, family: c.family };
  if (c.base) chain.base = c.base;
  chain.evaluation = 'first-match';
  chain.rules = c.rules;
  if (c.range) chain.range = c.range;
  if (c.nameRange) chain.nameRange = c.nameRange;
  // Every required field is set above.
  return chain as Chain;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const key of a) if (!b.has(key)) return false;
  return true;
}

function isCommandArray(input: readonly IptablesCommand[] | CommandSource): input is readonly IptablesCommand[] {
  return Array.isArray(input);
}

function familyOf(program: IptablesCommand['program']): Family {
  return program === 'ip6tables' ? 'ip6' : 'ip';
}

function locate(command: IptablesCommand, form: 'save' | 'shell', keepSpecWords: boolean): Located {
  const parsed = command.chainHeader ? parseChainHeader(command.words) : parseCommand(command.words, keepSpecWords);
  const family = familyOf(command.program);
  let table = command.table ?? 'filter';
  if (parsed.table) {
    if (form === 'save') {
      parsed.diagnostics.push(syntaxError(parsed.table.range, 'iptables-restore takes the table from the *table line, not from -t'));
    } else if (!parsed.table.dynamic && !isTableName(parsed.table.text)) {
      parsed.diagnostics.push(syntaxError(parsed.table.range, `unknown table ${JSON.stringify(parsed.table.text)}; expected raw, mangle, nat, filter or security`));
    } else {
      table = parsed.table.text;
    }
  }
  return { command, parsed, family, table };
}

function buildRule(
  id: number,
  key: string,
  command: IptablesCommand,
  parsed: ParsedCommand,
  family: Family,
  isChain: (name: string) => boolean,
  diagnostics: SourceDiagnostic[],
): { rule: Rule; chainWord?: Word } {
  const match = lowerMatch(parsed.rule, family === 'ip6' ? 6 : 4, diagnostics);
  const target = lowerTarget(parsed.rule, command.range, isChain, diagnostics);
  // One root cause, one diagnostic: a rule with a structural error skips the value checks.
  if (parsed.diagnostics.length === 0) validateExtensions(parsed.rule, diagnostics);
  const written = command.text ?? [command.program, ...command.words.map((w) => w.text)].join(' ');
  const text = command.textSingleSpaced ? written : singleSpaced(written.includes('\\') ? written.replace(/\\\r?\n/g, ' ') : written);
  const rule: Rule = { id, chainKey: key, range: command.range, text, match, actions: target.actions, verdict: target.verdict };
  return target.chainWord ? { rule, chainWord: target.chainWord } : { rule };
}

/** A command a script runs in a loop gives the same diagnostic each time; report it once. */
function distinct(diagnostics: readonly SourceDiagnostic[]): SourceDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
