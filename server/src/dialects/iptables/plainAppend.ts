// Reads the rule lines that make up nearly all of a large iptables-save file
// (`-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport
// 80 -j ACCEPT`) straight into a rule, without the general reader's words and
// parse (parse.ts): a line of a few common options, each written once in its
// plain form, is located by columns and lowered with the shared value readers
// and target lowering. Any other line, and any line one of those readers has
// something to report on, is read by the general reader instead, so this one
// gives the same rule, only faster.
import { ANY_ADDRESS, type AddressMatch } from '../../model/addresses';
import type { PortSet } from '../../model/ports';
import type { InterfaceMatch, Match, ProtocolMatch, Rule } from '../../model/ruleset';
import type { Range, SourceDiagnostic } from '../../model/source';
import type { MemoLine } from './lineMemo';
import { finishMatch, interfaceMatch, protocolNameMatch } from './lowerMatch';
import { lowerTarget } from './lowerTarget';
import type { ParsedModule, ParsedOption, ParsedTarget, RuleSpec } from './parse';
import { validateExtensions } from './validate';
import { readAddresses, readPorts } from './values';
import { LineWord } from './words';

/** The one option each of these targets may be given here (the targets without options take any name). */
const TARGET_OPTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['DNAT', ['--to-destination']],
  ['SNAT', ['--to-source']],
  ['MARK', ['--set-xmark', '--set-mark']],
]);

/** A rule line read by columns, its match lowered: what the lowering needs to make its rule, or to read it the general way after all. */
export class PlainAppend {
  /** Where the target's name, its option's name and the option's value are written; -1 when not. */
  targetStart = -1;
  targetEnd = -1;
  targetOptionStart = -1;
  targetOptionEnd = -1;
  /** Where -p's value is written (NAT to a port asks for it); -1 when not. */
  protocolStart = -1;
  protocolEnd = -1;
  /** Whether a `"quoted"` word is written (the specification is then not the text as written). */
  quoted = false;

  constructor(
    /** The document line and the columns of its content (trimmed). */
    readonly line: string,
    readonly lineNo: number,
    readonly start: number,
    readonly end: number,
    readonly range: Range,
    readonly table: string,
    readonly program: 'iptables' | 'ip6tables',
    readonly memoLine: MemoLine | undefined,
    /** The chain's name ends here (it starts after `-A `). */
    readonly chainEnd: number,
    readonly match: Match,
  ) {}

  /** The rule's text: the content, which is trimmed and single-spaced. */
  get content(): string {
    return this.line.slice(this.start, this.end);
  }

  /** The word written from `start` to `end` (a quoted one without its quotes). */
  word(start: number, end: number): LineWord {
    return wordAt(this.line, this.lineNo, start, end);
  }

  chainWord(): LineWord {
    return wordAt(this.line, this.lineNo, this.start + 3, this.chainEnd);
  }

  /** The rule's specification as the general reader keeps it for -D: its words after the chain, unquoted. */
  spec(): string {
    const from = this.chainEnd + 1;
    if (from >= this.end) return '';
    const rest = this.line.slice(from, this.end);
    if (!this.quoted) return rest;
    const words: string[] = [];
    for (let i = from; i < this.end; ) {
      const after = plainWordEnd(this.line, i, this.end);
      words.push(this.line.charCodeAt(i) === QUOTE ? this.line.slice(i + 1, after - 1) : this.line.slice(i, after));
      i = after + 1;
    }
    return words.join(' ');
  }
}

function wordAt(line: string, lineNo: number, start: number, end: number): LineWord {
  return line.charCodeAt(start) === QUOTE
    ? new LineWord(line.slice(start + 1, end - 1), lineNo, start, end)
    : new LineWord(line.slice(start, end), lineNo, start, end);
}

const QUOTE = 34;
const SPACE = 32;
const BANG = 33;

/** What the value readers report while a plain line is read: anything sends the line to the general reader. */
const reported: SourceDiagnostic[] = [];
/** The plain reading adds no opaque condition (finishMatch shares one empty list for that). */
const NO_OPAQUE: string[] = [];

/**
 * The line's content (columns `start` to `end`, trimmed, starting `-A `) read
 * by columns, its match lowered, or undefined when it is not of the plain
 * shape (printable ASCII, single spaces, `"` only around a comment, the
 * options below each once) or a value reader reports on it.
 */
export function readPlainAppend(
  line: string,
  lineNo: number,
  start: number,
  end: number,
  range: Range,
  table: string,
  program: 'iptables' | 'ip6tables',
  memoLine: MemoLine | undefined,
): PlainAppend | undefined {
  let i = start + 3;
  const chainEnd = plainWordEnd(line, i, end);
  if (chainEnd <= i || !isValueStart(line.charCodeAt(i))) return undefined;
  if (reported.length > 0) reported.length = 0;
  let src: AddressMatch = ANY_ADDRESS;
  let dst: AddressMatch = ANY_ADDRESS;
  let protocol: ProtocolMatch | undefined;
  let inInterface: InterfaceMatch | undefined;
  let outInterface: InterfaceMatch | undefined;
  let sport: PortSet | undefined;
  let dport: PortSet | undefined;
  let protocolStart = -1;
  let protocolEnd = -1;
  let quoted = false;
  let source = false;
  let destination = false;
  let moduleLoaded = false;
  let commented = false;
  let targetStart = -1;
  let targetEnd = -1;
  let targetOptionStart = -1;
  let targetOptionEnd = -1;
  let at = chainEnd;
  while (at < end && targetStart < 0) {
    i = at + 1;
    at = plainWordEnd(line, i, end);
    let negated = false;
    if (at - i === 1 && line.charCodeAt(i) === BANG) {
      negated = true;
      if (at >= end) return undefined;
      i = at + 1;
      at = plainWordEnd(line, i, end);
    }
    const option = at < 0 ? undefined : optionAt(line, i, at);
    // Every option here takes one value, unquoted.
    if (option === undefined || at >= end) return undefined;
    const valueStart = at + 1;
    const valueEnd = plainWordEnd(line, valueStart, end);
    if (valueEnd <= valueStart || !isValueStart(line.charCodeAt(valueStart))) return undefined;
    at = valueEnd;
    switch (option) {
      // Each pair reads its values at one call site: the compiled reader then
      // knows the call from the first lines of a file, whichever of the two
      // options its later lines bring (a deoptimisation costs a recompilation).
      case '-s':
      case '-d': {
        const isSource = option === '-s';
        if (isSource ? source : destination) return undefined;
        const addresses = readAddresses(wordAt(line, lineNo, valueStart, valueEnd), negated, reported) ?? ANY_ADDRESS;
        if (isSource) {
          source = true;
          src = addresses;
        } else {
          destination = true;
          dst = addresses;
        }
        break;
      }
      // `-i +` matches every interface and leaves no condition: such a line is read the general way.
      case '-i':
      case '-o': {
        const isIn = option === '-i';
        if ((isIn ? inInterface : outInterface) !== undefined) return undefined;
        const iface = interfaceMatch(wordAt(line, lineNo, valueStart, valueEnd), negated, reported);
        if (iface === undefined) return undefined;
        if (isIn) inInterface = iface;
        else outInterface = iface;
        break;
      }
      case '-p': {
        const name = portProtocolAt(line, valueStart, valueEnd);
        if (negated || protocolStart >= 0 || name === undefined) return undefined;
        protocolStart = valueStart;
        protocolEnd = valueEnd;
        protocol = protocolNameMatch(name, false);
        break;
      }
      case '-m':
        if (negated) return undefined;
        if (wordIs(line, valueStart, valueEnd, 'comment')) {
          // `-m comment --comment TEXT`, TEXT perhaps in double quotes.
          if (commented || at >= end) return undefined;
          const optionEnd = plainWordEnd(line, at + 1, end);
          if (optionEnd < 0 || optionEnd >= end || !wordIs(line, at + 1, optionEnd, '--comment')) return undefined;
          const textStart = optionEnd + 1;
          const textEnd = plainWordEnd(line, textStart, end);
          const inQuotes = line.charCodeAt(textStart) === QUOTE;
          if (textEnd < 0 || textEnd - textStart < (inQuotes ? 3 : 1) || !isValueStart(line.charCodeAt(inQuotes ? textStart + 1 : textStart))) return undefined;
          if (inQuotes) quoted = true;
          commented = true;
          at = textEnd;
        } else if (protocolStart >= 0 && !moduleLoaded && sport === undefined && dport === undefined && sameText(line, valueStart, valueEnd, protocolStart, protocolEnd)) {
          moduleLoaded = true;
        } else {
          return undefined;
        }
        break;
      case '--sport':
      case '--dport': {
        const isSource = option === '--sport';
        if (protocolStart < 0 || (isSource ? sport : dport) !== undefined) return undefined;
        const ports = portsAt(line, lineNo, valueStart, valueEnd, negated);
        if (ports === undefined) return undefined;
        if (isSource) sport = ports;
        else dport = ports;
        break;
      }
      case '-j': {
        if (negated) return undefined;
        targetStart = valueStart;
        targetEnd = valueEnd;
        // The target ends the line, with at most its one option and value.
        if (at >= end) break;
        const options = TARGET_OPTIONS.get(line.slice(valueStart, valueEnd));
        const nameStart = at + 1;
        const nameEnd = plainWordEnd(line, nameStart, end);
        if (!options || nameEnd < 0 || nameEnd >= end || !options.some((o) => wordIs(line, nameStart, nameEnd, o))) return undefined;
        if (plainWordEnd(line, nameEnd + 1, end) !== end || !isValueStart(line.charCodeAt(nameEnd + 1))) return undefined;
        targetOptionStart = nameStart;
        targetOptionEnd = nameEnd;
        at = end;
        break;
      }
    }
    if (reported.length > 0) return undefined;
  }
  // Every field named, in one order: one shape for every plain line.
  const match = finishMatch({ ipVersion: program === 'ip6tables' ? 6 : 4, protocol, src, dst, sport, dport, inInterface, outInterface, opaque: NO_OPAQUE });
  const read = new PlainAppend(line, lineNo, start, end, range, table, program, memoLine, chainEnd, match);
  read.protocolStart = protocolStart;
  read.protocolEnd = protocolEnd;
  read.quoted = quoted;
  read.targetStart = targetStart;
  read.targetEnd = targetEnd;
  read.targetOptionStart = targetOptionStart;
  read.targetOptionEnd = targetOptionEnd;
  return read;
}

/** `--sport` / `--dport`'s value (`!` negated), or undefined when a value reader reports on it or the port is a service name the table lacks (the general reader keeps that opaque). */
function portsAt(line: string, lineNo: number, start: number, end: number, negated: boolean): PortSet | undefined {
  const value = readPorts(wordAt(line, lineNo, start, end), false, reported);
  if (!value?.ports) return undefined;
  return negated ? value.ports.complement() : value.ports;
}

type PlainOption = '-s' | '-d' | '-i' | '-o' | '-p' | '-m' | '-j' | '--sport' | '--dport';

function optionAt(line: string, start: number, end: number): PlainOption | undefined {
  const length = end - start;
  if (length === 2 && line.charCodeAt(start) === 45) {
    switch (line.charCodeAt(start + 1)) {
      case 115: return '-s';
      case 100: return '-d';
      case 105: return '-i';
      case 111: return '-o';
      case 112: return '-p';
      case 109: return '-m';
      case 106: return '-j';
      default: return undefined;
    }
  }
  if (length === 7 && line.startsWith('--dport', start)) return '--dport';
  if (length === 7 && line.startsWith('--sport', start)) return '--sport';
  return undefined;
}

function wordIs(line: string, start: number, end: number, word: string): boolean {
  return end - start === word.length && line.startsWith(word, start);
}

function sameText(line: string, start: number, end: number, otherStart: number, otherEnd: number): boolean {
  if (end - start !== otherEnd - otherStart) return false;
  for (let k = 0; k < end - start; k++) if (line.charCodeAt(start + k) !== line.charCodeAt(otherStart + k)) return false;
  return true;
}

function portProtocolAt(line: string, start: number, end: number): 'tcp' | 'udp' | undefined {
  if (wordIs(line, start, end, 'tcp')) return 'tcp';
  if (wordIs(line, start, end, 'udp')) return 'udp';
  return undefined;
}

/** The start of a value (or chain name) the general reader would not take for an option, a negation, a quote or nothing. */
function isValueStart(code: number): boolean {
  return code !== 45 && code !== 33 && code !== QUOTE && code !== SPACE && !Number.isNaN(code);
}

/** Printable ASCII other than a backslash, a single quote, a double quote (and a space). */
function isPlainWordCode(c: number): boolean {
  return c > SPACE && c < 127 && c !== 92 && c !== 39 && c !== QUOTE;
}

/**
 * The end of the word starting at `i`: the next space or the content's end;
 * a word in double quotes ends after its closing quote and may hold single
 * spaces. -1 for any other character than printable ASCII without a backslash
 * or a single quote, a quote anywhere else, or a quoted word without its
 * closing quote or not followed by a space. An empty word (two spaces) ends
 * where it starts.
 */
function plainWordEnd(line: string, i: number, end: number): number {
  let k = i;
  if (line.charCodeAt(i) === QUOTE) {
    let previous = 0;
    for (k = i + 1; k < end; k++) {
      const c = line.charCodeAt(k);
      if (c === QUOTE) break;
      if (!(isPlainWordCode(c) || (c === SPACE && previous !== SPACE))) return -1;
      previous = c;
    }
    if (k >= end) return -1;
    const after = k + 1;
    return after === end || line.charCodeAt(after) === SPACE ? after : -1;
  }
  for (; k < end; k++) {
    const c = line.charCodeAt(k);
    if (c === SPACE) break;
    if (!isPlainWordCode(c)) return -1;
  }
  return k;
}

/** Lists nothing: the plain reading's specification gives the target alone (nothing adds to these). */
const NO_MODULES: ParsedModule[] = [];
const NO_WORDS: LineWord[] = [];
const NO_OPTIONS: ParsedOption[] = [];

/**
 * The rule of a plain line and the target word a jump references, or
 * undefined when lowering the target reports something: the line is then
 * read the general way, which reports it.
 */
export function lowerPlainAppend(
  read: PlainAppend,
  id: number,
  chainKey: string,
  isChain: (name: string) => boolean,
): { rule: Rule; targetWord?: LineWord } | undefined {
  let target: ParsedTarget | undefined;
  let targetWord: LineWord | undefined;
  if (read.targetStart >= 0) {
    targetWord = read.word(read.targetStart, read.targetEnd);
    let options = NO_OPTIONS;
    if (read.targetOptionStart >= 0) {
      const optionWord = read.word(read.targetOptionStart, read.targetOptionEnd);
      options = [{ name: optionWord.text, word: optionWord, args: [read.word(read.targetOptionEnd + 1, read.end)], negated: false }];
    }
    target = { name: targetWord.text, word: targetWord, goto: false, options };
  }
  const protocolWord = read.protocolStart >= 0 && read.targetOptionStart >= 0 ? read.word(read.protocolStart, read.protocolEnd) : undefined;
  const spec: RuleSpec = {
    modules: NO_MODULES,
    specWords: NO_WORDS,
    specified: true,
    dynamicWords: NO_WORDS,
    target,
    protocol: protocolWord && { option: protocolWord, value: protocolWord, negated: false },
  };
  if (reported.length > 0) reported.length = 0;
  const lowered = lowerTarget(spec, read.range, isChain, reported);
  validateExtensions(spec, reported);
  if (reported.length > 0) return undefined;
  const rule: Rule = { id, chainKey, range: read.range, text: read.content, match: read.match, actions: lowered.actions, verdict: lowered.verdict };
  // A jump or goto references the target word it was given.
  return lowered.chainWord && targetWord ? { rule, targetWord } : { rule };
}
