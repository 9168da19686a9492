// Reads the words of one iptables command (`-t nat -A PREROUTING -p tcp
// --dport 21 -j DNAT --to-destination 10.0.0.2`) into its command, chain and
// rule specification. Options may come in any order, as with getopt. Values
// are checked later, by the lowering; this file only checks structure.
import type { SourceDiagnostic } from '../../model/source';
import type { Word } from './command';
import { syntaxError } from './diagnostics';
import { expandBundles, isDigit, subRange } from './getopt';
import type { Arity, OptionMap, OptionSpec } from './options';
import {
  CORE_OPTIONS, IMPLICIT_PROTOCOL_MODULES, MODULE_OPTION_MAPS, MODULE_OPTIONS, STRICT_MODULES, STRICT_TARGETS, TARGET_OPTION_MAPS,
  suggestOption,
} from './options';
import { nameTable } from '../../model/table';

export interface ParsedOption {
  /** The full option name (an abbreviation is expanded), without an inline `=value`. */
  readonly name: string;
  readonly word: Word;
  readonly args: readonly Word[];
  readonly negated: boolean;
}

export interface ParsedModule {
  readonly name: string;
  /** The module name after -m; absent when `-p` loaded it implicitly. */
  readonly word?: Word;
  readonly options: ParsedOption[];
}

export interface ParsedTarget {
  readonly name: string;
  readonly word: Word;
  readonly goto: boolean;
  readonly options: ParsedOption[];
}

/** A core match: -p, -s, -d, -i, -o. */
export interface CoreMatch {
  readonly option: Word;
  readonly value: Word;
  readonly negated: boolean;
}

export interface RuleSpec {
  protocol?: CoreMatch;
  source?: CoreMatch;
  destination?: CoreMatch;
  inInterface?: CoreMatch;
  outInterface?: CoreMatch;
  fragment?: { readonly negated: boolean };
  readonly modules: ParsedModule[];
  target?: ParsedTarget;
  /**
   * The words that specify the rule (not the command, chain, position or
   * table), for -D by specification; left empty when the reader is told no
   * command deletes by specification.
   */
  readonly specWords: Word[];
  /** Whether any word specifies a rule (told even when `specWords` is left empty). */
  specified: boolean;
  /** Words whose value is only known at run time (shell variables) where an option was expected. */
  readonly dynamicWords: Word[];
}

export type CommandKind =
  | 'append' | 'insert' | 'delete' | 'replace' | 'new-chain' | 'delete-chain' | 'policy' | 'flush' | 'zero'
  | 'list' | 'list-rules' | 'check' | 'rename' | 'help' | 'version';

export interface ParsedCommand {
  kind?: CommandKind;
  commandWord?: Word;
  chain?: Word;
  /** Rule number of -I, -D, -R, -Z, -S. */
  position?: Word;
  /** -P's target, -E's new name. */
  argument?: Word;
  table?: Word;
  readonly rule: RuleSpec;
  readonly diagnostics: SourceDiagnostic[];
}

const COMMANDS: Readonly<Record<string, CommandKind>> = nameTable({
  '-A': 'append', '-I': 'insert', '-D': 'delete', '-R': 'replace', '-N': 'new-chain', '-X': 'delete-chain',
  '-P': 'policy', '-F': 'flush', '-Z': 'zero', '-L': 'list', '-S': 'list-rules', '-C': 'check', '-E': 'rename',
  '-h': 'help', '-V': 'version',
});

/** Flags that take no value and do not change the ruleset. */
const QUIET_FLAGS = new Set(['-v', '-n', '-x', '--line-numbers', '-4', '-6']);

const PORT_MODULES = ['tcp', 'udp', 'udplite', 'sctp', 'dccp'];
/** Modules that only work with their own protocol given by -p. */
const PROTOCOL_BOUND_MODULES = [...PORT_MODULES, 'icmp', 'icmp6', 'esp'];

type Lenient = 'lenient';

/** `keepSpecWords` false: the rule's specification words are not listed (nothing deletes by specification). */
export function parseCommand(input: readonly Word[], keepSpecWords = true): ParsedCommand {
  return new CommandReader(expandBundles(input), keepSpecWords).read();
}

/**
 * A chain header as the save reader gives it, `-N NAME` or `-P NAME POLICY`:
 * what `parseCommand` reads from those words, without reading them (a large
 * file has thousands of headers, each read twice).
 */
export function parseChainHeader(words: readonly Word[]): ParsedCommand {
  const commandWord = words[0];
  const chain = words[1];
  const argument = words[2];
  const rule: RuleSpec = { modules: [], specWords: [], specified: false, dynamicWords: [] };
  return argument
    ? { rule, diagnostics: [], kind: 'policy', commandWord, chain, argument }
    : { rule, diagnostics: [], kind: 'new-chain', commandWord, chain };
}

/** No words: options without a value share this (nothing mutates a parsed option). */
const NO_WORDS: readonly Word[] = [];

function startsOption(w: Word | undefined): boolean {
  return w !== undefined && w.text.length > 1 && w.text[0] === '-' && !isDigit(w.text.charCodeAt(1));
}

function isNumberWord(w: Word): boolean {
  return /^\d+$/.test(w.text);
}

function anyWord(): boolean {
  return true;
}

/**
 * Reads one command's words left to right. A class, not closures over
 * locals: this runs once per line of large files, and eight closures per
 * command were most of what reading one allocated.
 */
class CommandReader {
  private readonly diagnostics: SourceDiagnostic[] = [];
  private readonly rule: RuleSpec = { modules: [], specWords: [], specified: false, dynamicWords: [] };
  private readonly cmd: ParsedCommand = { rule: this.rule, diagnostics: this.diagnostics };
  /** Options no loaded module owns yet that an implicit protocol module might (`--dport 21 -p tcp`). */
  private readonly awaitingProtocol: ParsedOption[] = [];
  private negation: Word | undefined;
  private i = 0;
  /** Whether the last `readArgs` read a `!` before the values. */
  private argsNegated = false;

  /** The command's words; an `--option=value` word is split into two in a copy. */
  constructor(
    private words: readonly Word[],
    private readonly keepSpecWords: boolean,
  ) {}

  /** A word of the rule's specification. */
  private specify(word: Word): void {
    this.rule.specified = true;
    if (this.keepSpecWords) this.rule.specWords.push(word);
  }

  read(): ParsedCommand {
    const { rule, cmd, diagnostics } = this;
    for (; this.i < this.words.length; this.i++) {
      const word = this.words[this.i];
      const text = word.text;
      if (word.dynamic && !startsOption(word)) {
        rule.dynamicWords.push(word);
        this.specify(word);
        continue;
      }
      if (text === '!') {
        if (this.negation) diagnostics.push(syntaxError(word.range, 'two ! in a row'));
        this.negation = word;
        continue;
      }
      if (!startsOption(word)) {
        diagnostics.push(syntaxError(word.range, `unexpected ${JSON.stringify(text)}: expected an option`));
        continue;
      }
      const eq = text.startsWith('--') ? text.indexOf('=') : -1;
      const name = eq > 0 ? text.slice(0, eq) : text;
      if (eq > 0) {
        // getopt's --option=value form: read the value as the next word.
        const nameWord: Word = { text: name, range: subRange(word, 0, eq + 1) };
        const valueWord: Word = { text: text.slice(eq + 1), range: subRange(word, eq + 1, text.length) };
        const split = this.words.slice();
        split.splice(this.i, 1, nameWord, valueWord);
        this.words = split;
      }
      const optionWord = this.words[this.i];

      // Extension options first: `--helper` after `-j CT` belongs to CT, not to the core.
      // Every extension option is long: a short core option (`-p`, `-j`) has no other owner.
      const core = CORE_OPTIONS.get(name);
      const owner = core !== undefined && name[1] !== '-' ? undefined : findOwner(name, rule, OWNER);
      if (owner) {
        const negated = this.consumeNegation();
        const args = this.readArgs(owner.arity, optionWord);
        if (args === undefined) continue;
        const parsed: ParsedOption = { name: owner.name, word: optionWord, args, negated: negated || this.argsNegated };
        owner.options.push(parsed);
        this.specify(optionWord);
        for (const a of args) this.specify(a);
        continue;
      }

      if (core === undefined) {
        if (PORT_MODULES.some((m) => MODULE_OPTIONS[m]?.[name] !== undefined)) {
          const negated = this.consumeNegation();
          const args = this.readArgs(MODULE_OPTIONS.tcp[name] ?? 1, optionWord);
          if (args) {
            this.awaitingProtocol.push({ name, word: optionWord, args, negated: negated || this.argsNegated });
            this.specify(optionWord);
            for (const a of args) this.specify(a);
          }
          continue;
        }
        const suggestion = suggestOption(name);
        diagnostics.push(syntaxError(optionWord.range, `unknown option ${name}${suggestion ? `; did you mean ${suggestion}?` : ''}`));
        this.negation = undefined;
        this.skipValues();
        continue;
      }

      const command = COMMANDS[core];
      if (command) {
        if (this.negation) diagnostics.push(syntaxError(this.negation.range, `! cannot negate the command ${name}`));
        this.negation = undefined;
        if (cmd.kind) {
          diagnostics.push(syntaxError(optionWord.range, `one command per line: ${cmd.commandWord?.text} and ${name} given`));
          this.skipValues();
          continue;
        }
        cmd.kind = command;
        cmd.commandWord = optionWord;
        this.readCommandArguments(command, optionWord);
        continue;
      }
      this.readCoreOption(core, name, optionWord);
    }
    if (this.negation) diagnostics.push(syntaxError(this.negation.range, '! must come before an option'));
    resolveAwaitingProtocol(rule, this.awaitingProtocol, diagnostics);
    checkProtocolModules(rule, diagnostics);
    return cmd;
  }

  private readCoreOption(core: string, name: string, optionWord: Word): void {
    const { rule, cmd, diagnostics } = this;
    switch (core) {
      case '-t': {
        const table = this.takeRequired(optionWord, 'a table name');
        if (table && cmd.table) diagnostics.push(syntaxError(optionWord.range, '-t given twice'));
        if (table) cmd.table = table;
        break;
      }
      case '-p': {
        const value = this.takeMatchValue(optionWord, 'a protocol');
        rule.protocol = this.setOnce(rule.protocol, value, optionWord);
        const implicit = value && IMPLICIT_PROTOCOL_MODULES.get(value.value.text.toLowerCase());
        if (implicit && !rule.modules.some((m) => m.name === implicit)) rule.modules.push({ name: implicit, options: [] });
        break;
      }
      case '-s':
        rule.source = this.setOnce(rule.source, this.takeMatchValue(optionWord, 'an address'), optionWord);
        break;
      case '-d':
        rule.destination = this.setOnce(rule.destination, this.takeMatchValue(optionWord, 'an address'), optionWord);
        break;
      case '-i':
        rule.inInterface = this.setOnce(rule.inInterface, this.takeMatchValue(optionWord, 'an interface name'), optionWord);
        break;
      case '-o':
        rule.outInterface = this.setOnce(rule.outInterface, this.takeMatchValue(optionWord, 'an interface name'), optionWord);
        break;
      case '-f':
        rule.fragment = { negated: this.consumeNegation() };
        this.specify(optionWord);
        break;
      case '-m': {
        if (this.negation) diagnostics.push(syntaxError(this.negation.range, '! cannot negate -m; negate the module option instead'));
        this.negation = undefined;
        const module = this.takeRequired(optionWord, 'a module name');
        if (module) {
          rule.modules.push({ name: module.text.toLowerCase(), word: module, options: [] });
          this.specify(optionWord);
          this.specify(module);
        }
        break;
      }
      case '-j':
      case '-g': {
        if (this.negation) diagnostics.push(syntaxError(this.negation.range, `! cannot negate ${name}`));
        this.negation = undefined;
        const target = this.takeRequired(optionWord, core === '-j' ? 'a target' : 'a chain name');
        if (!target) break;
        if (rule.target) {
          diagnostics.push(syntaxError(optionWord.range, `only one -j or -g per rule (already ${rule.target.goto ? '-g' : '-j'} ${rule.target.name})`));
          break;
        }
        rule.target = { name: target.text, word: target, goto: core === '-g', options: [] };
        this.specify(optionWord);
        this.specify(target);
        break;
      }
      case '-w':
        this.takeOptional(isNumberWord);
        break;
      case '-W':
      case '--modprobe':
        this.takeRequired(optionWord, 'a value');
        break;
      case '-c': {
        // `-c PACKETS BYTES` or iptables-restore's `-c PACKETS,BYTES`.
        const first = this.takeRequired(optionWord, 'packet and byte counters');
        if (!first) break;
        if (/^\d+,\d+$/.test(first.text)) break;
        if (!/^\d+$/.test(first.text)) {
          diagnostics.push(syntaxError(first.range, `-c needs counters as PACKETS,BYTES or PACKETS BYTES, not ${JSON.stringify(first.text)}`));
          break;
        }
        const second = this.takeRequired(optionWord, 'a byte counter');
        if (second && !/^\d+$/.test(second.text)) diagnostics.push(syntaxError(second.range, `-c needs a byte count, not ${JSON.stringify(second.text)}`));
        break;
      }
      default:
        if (!QUIET_FLAGS.has(core)) diagnostics.push(syntaxError(optionWord.range, `${name} is not supported here`));
    }
  }

  /** Skips the values of an option that is not understood, up to the next option or `!`. */
  private skipValues(): void {
    const words = this.words;
    while (words[this.i + 1] && !startsOption(words[this.i + 1]) && words[this.i + 1].text !== '!') this.i++;
  }

  private takeRequired(owner: Word, what: string): Word | undefined {
    const w = this.words[this.i + 1];
    if (!w) {
      this.diagnostics.push(syntaxError(owner.range, `${owner.text} needs ${what}`));
      return undefined;
    }
    this.i++;
    return w;
  }

  private takeOptional(accept: (w: Word) => boolean): Word | undefined {
    const w = this.words[this.i + 1];
    if (w && !startsOption(w) && w.text !== '!' && accept(w)) {
      this.i++;
      return w;
    }
    return undefined;
  }

  /** A core match value, with the old `-s ! 10.0.0.1` negation. */
  private takeMatchValue(option: Word, what: string): CoreMatch | undefined {
    let negated = this.consumeNegation();
    if (this.words[this.i + 1]?.text === '!') {
      negated = true;
      this.i++;
    }
    const value = this.takeRequired(option, what);
    if (!value) return undefined;
    this.specify(option);
    this.specify(value);
    return { option, value, negated };
  }

  private consumeNegation(): boolean {
    const negation = this.negation;
    if (negation) this.specify(negation);
    this.negation = undefined;
    return negation !== undefined;
  }

  private setOnce(current: CoreMatch | undefined, next: CoreMatch | undefined, option: Word): CoreMatch | undefined {
    if (current && next) this.diagnostics.push(syntaxError(option.range, `${option.text} given twice in one rule`));
    return next ?? current;
  }

  /** An option's values; `argsNegated` tells whether a `!` came before them. */
  private readArgs(arity: Arity | Lenient, option: Word): readonly Word[] | undefined {
    this.argsNegated = false;
    if (arity === 0) return NO_WORDS;
    if (arity === 'optional') {
      const w = this.takeOptional(anyWord);
      return w ? [w] : NO_WORDS;
    }
    const words = this.words;
    if (arity === 'lenient') {
      const taken: Word[] = [];
      while (words[this.i + 1] && !startsOption(words[this.i + 1]) && words[this.i + 1].text !== '!') taken.push(words[++this.i]);
      return taken;
    }
    let negated = false;
    if (words[this.i + 1]?.text === '!') {
      negated = true;
      this.i++;
    }
    const taken: Word[] = [];
    for (let k = 0; k < arity; k++) {
      const w = this.takeRequired(option, arity === 1 ? 'a value' : `${arity} values`);
      if (!w) return undefined;
      taken.push(w);
    }
    this.argsNegated = negated;
    return taken;
  }

  private readCommandArguments(command: CommandKind, option: Word): void {
    const cmd = this.cmd;
    switch (command) {
      case 'append':
      case 'check':
      case 'new-chain':
        cmd.chain = this.takeRequired(option, 'a chain name');
        break;
      case 'insert':
      case 'delete':
        cmd.chain = this.takeRequired(option, 'a chain name');
        if (cmd.chain) cmd.position = this.takeOptional(isNumberWord);
        break;
      case 'replace':
        cmd.chain = this.takeRequired(option, 'a chain name');
        if (cmd.chain) cmd.position = this.takeRequired(option, 'a rule number');
        break;
      case 'policy':
        cmd.chain = this.takeRequired(option, 'a chain name');
        if (cmd.chain) cmd.argument = this.takeRequired(option, 'a policy (ACCEPT or DROP)');
        break;
      case 'rename':
        cmd.chain = this.takeRequired(option, 'the old chain name');
        if (cmd.chain) cmd.argument = this.takeRequired(option, 'the new chain name');
        break;
      case 'delete-chain':
      case 'flush':
      case 'list':
        cmd.chain = this.takeOptional(anyWord);
        break;
      case 'zero':
      case 'list-rules':
        cmd.chain = this.takeOptional(anyWord);
        if (cmd.chain) cmd.position = this.takeOptional(isNumberWord);
        break;
      case 'help':
      case 'version':
        break;
    }
  }
}

/** Who owns an option: its full name (getopt accepts unambiguous prefixes, `--to` for `--to-destination`), arity and list. */
class Owner {
  name = '';
  arity: Arity | Lenient = 0;
  options: ParsedOption[] = [];

  set(name: string, arity: Arity | Lenient, options: ParsedOption[]): this {
    this.name = name;
    this.arity = arity;
    this.options = options;
    return this;
  }
}

/** What `findOwner` answers in: read at once by the reader that asked, so one serves every command. */
const OWNER = new Owner();

/** The table's option named `name`, or the only one it abbreviates. */
function lookup(table: OptionMap | undefined, name: string): OptionSpec | undefined {
  if (!table) return undefined;
  const exact = table.get(name);
  if (exact !== undefined) return exact;
  // A core option's exact name wins over abbreviations (`--source` is not `--source-port`).
  if (!name.startsWith('--') || name.length < 4 || CORE_OPTIONS.has(name)) return undefined;
  let only: OptionSpec | undefined;
  for (const [k, spec] of table) {
    if (!k.startsWith(name)) continue;
    if (only !== undefined) return undefined;
    only = spec;
  }
  return only;
}

/**
 * The loaded target or module that owns an option: the target first, then
 * modules, latest loaded first. Told through `owner` (this runs for every
 * option of large files).
 */
function findOwner(name: string, rule: RuleSpec, owner: Owner): Owner | undefined {
  let lenient: ParsedOption[] | undefined;
  const target = rule.target;
  if (target && !target.goto) {
    const found = lookup(TARGET_OPTION_MAPS.get(target.name), name);
    if (found) return owner.set(found.name, found.arity, target.options);
    if (!STRICT_TARGETS.has(target.name) && !CORE_OPTIONS.get(name)) lenient = target.options;
  }
  for (let k = rule.modules.length - 1; k >= 0; k--) {
    const module = rule.modules[k];
    const found = lookup(MODULE_OPTION_MAPS.get(module.name), name);
    if (found) return owner.set(found.name, found.arity, module.options);
    if (!lenient && !STRICT_MODULES.has(module.name) && !CORE_OPTIONS.get(name) && module.word) lenient = module.options;
  }
  return lenient ? owner.set(name, 'lenient', lenient) : undefined;
}

/** `--dport 21 -p tcp`: options read before -p belong to the module -p loaded. */
function resolveAwaitingProtocol(rule: RuleSpec, awaiting: readonly ParsedOption[], diagnostics: SourceDiagnostic[]): void {
  for (const option of awaiting) {
    const module = rule.protocol && !rule.protocol.negated ? rule.modules.find((m) => PORT_MODULES.includes(m.name) && MODULE_OPTIONS[m.name]?.[option.name] !== undefined) : undefined;
    if (module) module.options.push(option);
    else diagnostics.push(syntaxError(option.word.range, needsProtocolMessage(option.name)));
  }
}

function needsProtocolMessage(option: string): string {
  return MODULE_OPTIONS.udp[option] !== undefined ? `${option} needs -p tcp or -p udp` : `${option} needs -p tcp`;
}

/** `-m tcp` needs `-p tcp`; multiport needs a protocol with ports and one of its options. */
function checkProtocolModules(rule: RuleSpec, diagnostics: SourceDiagnostic[]): void {
  const protocol = rule.protocol && !rule.protocol.negated ? IMPLICIT_PROTOCOL_MODULES.get(rule.protocol.value.text.toLowerCase()) : undefined;
  for (const module of rule.modules) {
    if (!module.word) continue;
    if (PROTOCOL_BOUND_MODULES.includes(module.name)) {
      if (protocol !== module.name && !(rule.protocol?.value.dynamic)) {
        const portOption = module.options.find((o) => MODULE_OPTIONS.udp[o.name] !== undefined);
        diagnostics.push(
          portOption
            ? syntaxError(portOption.word.range, needsProtocolMessage(portOption.name))
            : syntaxError(module.word.range, `-m ${module.name} needs -p ${module.name === 'icmp6' ? 'icmpv6' : module.name}`),
        );
      }
    }
    if (module.name === 'multiport') {
      if (!(protocol && PORT_MODULES.includes(protocol)) && !(rule.protocol?.value.dynamic)) {
        diagnostics.push(syntaxError(module.word.range, '-m multiport needs -p tcp, udp, udplite, sctp or dccp'));
      }
      if (module.options.length === 0) {
        diagnostics.push(syntaxError(module.word.range, '-m multiport needs --dports, --sports or --ports'));
      }
    }
  }
}
