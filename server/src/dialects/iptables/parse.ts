// Reads the words of one iptables command (`-t nat -A PREROUTING -p tcp
// --dport 21 -j DNAT --to-destination 10.0.0.2`) into its command, chain and
// rule specification. Options may come in any order, as with getopt. Values
// are checked later, by the lowering; this file only checks structure.
import type { SourceDiagnostic } from '../../model/source';
import type { Word } from './command';
import { syntaxError } from './diagnostics';
import { expandBundles, isDigit, subRange } from './getopt';
import type { Arity, OptionTable } from './options';
import {
  CORE_OPTION_NAMES, IMPLICIT_PROTOCOL_MODULES, MODULE_OPTIONS, STRICT_MODULES, STRICT_TARGETS, TARGET_OPTIONS,
  suggestOption,
} from './options';

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
  /** The words that specify the rule (not the command, chain, position or table), for -D by specification. */
  readonly specWords: Word[];
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

const COMMANDS: Readonly<Record<string, CommandKind>> = {
  '-A': 'append', '-I': 'insert', '-D': 'delete', '-R': 'replace', '-N': 'new-chain', '-X': 'delete-chain',
  '-P': 'policy', '-F': 'flush', '-Z': 'zero', '-L': 'list', '-S': 'list-rules', '-C': 'check', '-E': 'rename',
  '-h': 'help', '-V': 'version',
};

/** Flags that take no value and do not change the ruleset. */
const QUIET_FLAGS = new Set(['-v', '-n', '-x', '--line-numbers', '-4', '-6']);

const PORT_MODULES = ['tcp', 'udp', 'udplite', 'sctp', 'dccp'];
/** Modules that only work with their own protocol given by -p. */
const PROTOCOL_BOUND_MODULES = [...PORT_MODULES, 'icmp', 'icmp6', 'esp'];

type Lenient = 'lenient';

export function parseCommand(input: readonly Word[]): ParsedCommand {
  const words = expandBundles(input);
  const diagnostics: SourceDiagnostic[] = [];
  const rule: RuleSpec = { modules: [], specWords: [], dynamicWords: [] };
  const cmd: ParsedCommand = { rule, diagnostics };
  /** Options no loaded module owns yet that an implicit protocol module might (`--dport 21 -p tcp`). */
  const awaitingProtocol: ParsedOption[] = [];
  let negation: Word | undefined;
  let i = 0;

  const startsOption = (w: Word | undefined): boolean => w !== undefined && w.text.length > 1 && w.text[0] === '-' && !isDigit(w.text.charCodeAt(1));
  const takeRequired = (owner: Word, what: string): Word | undefined => {
    const w = words[i + 1];
    if (!w) {
      diagnostics.push(syntaxError(owner.range, `${owner.text} needs ${what}`));
      return undefined;
    }
    i++;
    return w;
  };
  const takeOptional = (accept: (w: Word) => boolean): Word | undefined => {
    const w = words[i + 1];
    if (w && !startsOption(w) && w.text !== '!' && accept(w)) {
      i++;
      return w;
    }
    return undefined;
  };
  /** A core match value, with the old `-s ! 10.0.0.1` negation. */
  const takeMatchValue = (option: Word, what: string): CoreMatch | undefined => {
    let negated = consumeNegation();
    if (words[i + 1]?.text === '!') {
      negated = true;
      i++;
    }
    const value = takeRequired(option, what);
    if (!value) return undefined;
    rule.specWords.push(option, value);
    return { option, value, negated };
  };
  const consumeNegation = (): boolean => {
    const had = negation !== undefined;
    if (negation) rule.specWords.push(negation);
    negation = undefined;
    return had;
  };
  const setOnce = (current: CoreMatch | undefined, next: CoreMatch | undefined, option: Word): CoreMatch | undefined => {
    if (current && next) diagnostics.push(syntaxError(option.range, `${option.text} given twice in one rule`));
    return next ?? current;
  };

  for (; i < words.length; i++) {
    const word = words[i];
    const text = word.text;
    if (word.dynamic && !startsOption(word)) {
      rule.dynamicWords.push(word);
      rule.specWords.push(word);
      continue;
    }
    if (text === '!') {
      if (negation) diagnostics.push(syntaxError(word.range, 'two ! in a row'));
      negation = word;
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
      (words as Word[]).splice(i, 1, nameWord, valueWord);
    }
    const optionWord = words[i];

    // Extension options first: `--helper` after `-j CT` belongs to CT, not to the core.
    const owner = findOwner(name, rule);
    if (owner) {
      const negated = consumeNegation();
      const args = readArgs(owner.arity, optionWord);
      if (args === undefined) continue;
      const parsed: ParsedOption = { name: owner.name, word: optionWord, args: args.words, negated: negated || args.negated };
      owner.options.push(parsed);
      rule.specWords.push(optionWord, ...args.words);
      continue;
    }

    const core = CORE_OPTION_NAMES[name];
    if (core === undefined) {
      if (PORT_MODULES.some((m) => MODULE_OPTIONS[m]?.[name] !== undefined)) {
        const negated = consumeNegation();
        const args = readArgs(MODULE_OPTIONS.tcp[name] ?? 1, optionWord);
        if (args) awaitingProtocol.push({ name, word: optionWord, args: args.words, negated: negated || args.negated });
        if (args) rule.specWords.push(optionWord, ...args.words);
        continue;
      }
      const suggestion = suggestOption(name);
      diagnostics.push(syntaxError(optionWord.range, `unknown option ${name}${suggestion ? `; did you mean ${suggestion}?` : ''}`));
      negation = undefined;
      while (words[i + 1] && !startsOption(words[i + 1]) && words[i + 1].text !== '!') i++;
      continue;
    }

    const command = COMMANDS[core];
    if (command) {
      if (negation) diagnostics.push(syntaxError(negation.range, `! cannot negate the command ${name}`));
      negation = undefined;
      if (cmd.kind) {
        diagnostics.push(syntaxError(optionWord.range, `one command per line: ${cmd.commandWord?.text} and ${name} given`));
        while (words[i + 1] && !startsOption(words[i + 1]) && words[i + 1].text !== '!') i++;
        continue;
      }
      cmd.kind = command;
      cmd.commandWord = optionWord;
      readCommandArguments(command, optionWord);
      continue;
    }

    switch (core) {
      case '-t': {
        const table = takeRequired(optionWord, 'a table name');
        if (table && cmd.table) diagnostics.push(syntaxError(optionWord.range, '-t given twice'));
        if (table) cmd.table = table;
        break;
      }
      case '-p': {
        const value = takeMatchValue(optionWord, 'a protocol');
        rule.protocol = setOnce(rule.protocol, value, optionWord);
        const implicit = value && IMPLICIT_PROTOCOL_MODULES[value.value.text.toLowerCase()];
        if (implicit && !rule.modules.some((m) => m.name === implicit)) rule.modules.push({ name: implicit, options: [] });
        break;
      }
      case '-s':
        rule.source = setOnce(rule.source, takeMatchValue(optionWord, 'an address'), optionWord);
        break;
      case '-d':
        rule.destination = setOnce(rule.destination, takeMatchValue(optionWord, 'an address'), optionWord);
        break;
      case '-i':
        rule.inInterface = setOnce(rule.inInterface, takeMatchValue(optionWord, 'an interface name'), optionWord);
        break;
      case '-o':
        rule.outInterface = setOnce(rule.outInterface, takeMatchValue(optionWord, 'an interface name'), optionWord);
        break;
      case '-f':
        rule.fragment = { negated: consumeNegation() };
        rule.specWords.push(optionWord);
        break;
      case '-m': {
        if (negation) diagnostics.push(syntaxError(negation.range, '! cannot negate -m; negate the module option instead'));
        negation = undefined;
        const module = takeRequired(optionWord, 'a module name');
        if (module) {
          rule.modules.push({ name: module.text.toLowerCase(), word: module, options: [] });
          rule.specWords.push(optionWord, module);
        }
        break;
      }
      case '-j':
      case '-g': {
        if (negation) diagnostics.push(syntaxError(negation.range, `! cannot negate ${name}`));
        negation = undefined;
        const target = takeRequired(optionWord, core === '-j' ? 'a target' : 'a chain name');
        if (!target) break;
        if (rule.target) {
          diagnostics.push(syntaxError(optionWord.range, `only one -j or -g per rule (already ${rule.target.goto ? '-g' : '-j'} ${rule.target.name})`));
          break;
        }
        rule.target = { name: target.text, word: target, goto: core === '-g', options: [] };
        rule.specWords.push(optionWord, target);
        break;
      }
      case '-w':
        takeOptional((w) => /^\d+$/.test(w.text));
        break;
      case '-W':
      case '--modprobe':
        takeRequired(optionWord, 'a value');
        break;
      case '-c': {
        // `-c PACKETS BYTES` or iptables-restore's `-c PACKETS,BYTES`.
        const first = takeRequired(optionWord, 'packet and byte counters');
        if (!first) break;
        if (/^\d+,\d+$/.test(first.text)) break;
        if (!/^\d+$/.test(first.text)) {
          diagnostics.push(syntaxError(first.range, `-c needs counters as PACKETS,BYTES or PACKETS BYTES, not ${JSON.stringify(first.text)}`));
          break;
        }
        const second = takeRequired(optionWord, 'a byte counter');
        if (second && !/^\d+$/.test(second.text)) diagnostics.push(syntaxError(second.range, `-c needs a byte count, not ${JSON.stringify(second.text)}`));
        break;
      }
      default:
        if (!QUIET_FLAGS.has(core)) diagnostics.push(syntaxError(optionWord.range, `${name} is not supported here`));
    }
  }
  if (negation) diagnostics.push(syntaxError(negation.range, '! must come before an option'));
  resolveAwaitingProtocol(rule, awaitingProtocol, diagnostics);
  checkProtocolModules(rule, diagnostics);
  return cmd;

  function readArgs(arity: Arity | Lenient, option: Word): { words: Word[]; negated: boolean } | undefined {
    if (arity === 0) return { words: [], negated: false };
    if (arity === 'optional') {
      const w = takeOptional(() => true);
      return { words: w ? [w] : [], negated: false };
    }
    if (arity === 'lenient') {
      const taken: Word[] = [];
      while (words[i + 1] && !startsOption(words[i + 1]) && words[i + 1].text !== '!') taken.push(words[++i]);
      return { words: taken, negated: false };
    }
    let negated = false;
    if (words[i + 1]?.text === '!') {
      negated = true;
      i++;
    }
    const taken: Word[] = [];
    for (let k = 0; k < arity; k++) {
      const w = takeRequired(option, arity === 1 ? 'a value' : `${arity} values`);
      if (!w) return undefined;
      taken.push(w);
    }
    return { words: taken, negated };
  }

  function readCommandArguments(command: CommandKind, option: Word): void {
    const isNumber = (w: Word): boolean => /^\d+$/.test(w.text);
    switch (command) {
      case 'append':
      case 'check':
      case 'new-chain':
        cmd.chain = takeRequired(option, 'a chain name');
        break;
      case 'insert':
      case 'delete':
        cmd.chain = takeRequired(option, 'a chain name');
        if (cmd.chain) cmd.position = takeOptional(isNumber);
        break;
      case 'replace':
        cmd.chain = takeRequired(option, 'a chain name');
        if (cmd.chain) cmd.position = takeRequired(option, 'a rule number');
        break;
      case 'policy':
        cmd.chain = takeRequired(option, 'a chain name');
        if (cmd.chain) cmd.argument = takeRequired(option, 'a policy (ACCEPT or DROP)');
        break;
      case 'rename':
        cmd.chain = takeRequired(option, 'the old chain name');
        if (cmd.chain) cmd.argument = takeRequired(option, 'the new chain name');
        break;
      case 'delete-chain':
      case 'flush':
      case 'list':
        cmd.chain = takeOptional(() => true);
        break;
      case 'zero':
      case 'list-rules':
        cmd.chain = takeOptional(() => true);
        if (cmd.chain) cmd.position = takeOptional(isNumber);
        break;
      case 'help':
      case 'version':
        break;
    }
  }
}

interface Owner {
  readonly arity: Arity | Lenient;
  readonly options: ParsedOption[];
  /** The option's full name: getopt accepts unambiguous prefixes (`--to` for `--to-destination`). */
  readonly name: string;
}

/** The table's option named `name`, or the only one it abbreviates. */
function lookup(table: OptionTable | undefined, name: string): { name: string; arity: Arity } | undefined {
  if (!table) return undefined;
  if (table[name] !== undefined) return { name, arity: table[name] };
  // A core option's exact name wins over abbreviations (`--source` is not `--source-port`).
  if (!name.startsWith('--') || name.length < 4 || CORE_OPTION_NAMES[name] !== undefined) return undefined;
  const candidates = Object.keys(table).filter((k) => k.startsWith(name));
  return candidates.length === 1 ? { name: candidates[0], arity: table[candidates[0]] } : undefined;
}

/** The loaded target or module that owns an option: the target first, then modules, latest loaded first. */
function findOwner(name: string, rule: RuleSpec): Owner | undefined {
  let lenient: Owner | undefined;
  const target = rule.target;
  if (target && !target.goto) {
    const found = lookup(TARGET_OPTIONS[target.name], name);
    if (found) return { name: found.name, arity: found.arity, options: target.options };
    if (!STRICT_TARGETS.has(target.name) && !CORE_OPTION_NAMES[name]) lenient = { arity: 'lenient', options: target.options, name };
  }
  for (let k = rule.modules.length - 1; k >= 0; k--) {
    const module = rule.modules[k];
    const found = lookup(MODULE_OPTIONS[module.name], name);
    if (found) return { name: found.name, arity: found.arity, options: module.options };
    if (!lenient && !STRICT_MODULES.has(module.name) && !CORE_OPTION_NAMES[name] && module.word) {
      lenient = { arity: 'lenient', options: module.options, name };
    }
  }
  return lenient;
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
  const protocol = rule.protocol && !rule.protocol.negated ? IMPLICIT_PROTOCOL_MODULES[rule.protocol.value.text.toLowerCase()] : undefined;
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
