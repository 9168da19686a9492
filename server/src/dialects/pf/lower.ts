// pf syntax tree to the shared model.
//
// pf has one filter pass, evaluated last-match (`quick` ends it): the base chain
// `filter` on hook `pf-filter`, whose policy is accept because a packet no rule
// matches passes. Each inline or loaded anchor is its own last-match chain,
// reached by a rule whose verdict is the anchor. Old-style translation rules
// (before OpenBSD 4.7, still FreeBSD) are first-match and run before filtering:
// `rdr` in chain `rdr` (prerouting), `nat` in chain `nat` (postrouting).
//
// Interfaces: pf evaluates the filter once per direction, so a rule with `in`
// names its interface in inInterface, `out` in outInterface, and a rule without
// direction in both: the evaluator compares the field of the pass it runs.
import { ANY_ADDRESS } from '../../model/addresses';
import { PortSet } from '../../model/ports';
import type { Action, BaseChainInfo, Chain, Match, Rule, Ruleset, Verdict } from '../../model/ruleset';
import { chainKey } from '../../model/ruleset';
import type { Range } from '../../model/source';
import { singleSpacedSlice } from '../../model/text';
import { detached } from '../memo';
import type { AntispoofNode, Host, IncludeNode, LoadAnchorNode, RuleNode, Statement, Translation } from './ast';
import type { LineIndex } from './lineIndex';
import type { ConstTables } from './lowerMatch';
import { lowerHosts, lowerInterfaces, lowerPorts, portItemSet } from './lowerMatch';
import type { StatementEntry } from './memo';
import { LoweredPart, LoweredStatement, shiftAction } from './memo';
import { LowerLog } from './lower-log';
import type { ReplayedRunAt } from './parser';
import type { ReadLog } from './read-log';

export interface LowerFile {
  /** Absent for the document itself. */
  readonly uri?: string;
  readonly lines: LineIndex;
  readonly statements: Statement[];
  /** Memo entries of the top-level statements, when the file was read with a memo (same order as `statements`). */
  readonly entries?: ReadonlyArray<StatementEntry | undefined>;
  /** Texts of statements lowered for the memo are copied off the document (see PfMemo.detaching). */
  readonly detach?: boolean;
  /** With a memo, for the document itself: what reading it did (its lowering is noted there), and the runs of statements replayed whole. */
  readonly log?: ReadLog;
  readonly replayed?: readonly ReplayedRunAt[];
}

export interface LowerInput {
  readonly main: LowerFile;
  readonly includes: ReadonlyMap<IncludeNode, LowerFile>;
  readonly loadedAnchors: ReadonlyMap<LoadAnchorNode, LowerFile>;
}

const FILTER_BASE: BaseChainInfo = { hook: 'pf-filter', type: 'filter', priority: 0, policy: 'accept' };
const RDR_BASE: BaseChainInfo = { hook: 'prerouting', type: 'nat', priority: -100, policy: 'accept' };
const NAT_BASE: BaseChainInfo = { hook: 'postrouting', type: 'nat', priority: 100, policy: 'accept' };

export const FILTER_CHAIN_KEY = chainKey('pf', 'filter', 'filter');
const RDR_CHAIN_KEY = chainKey('pf', 'nat', 'rdr');
const NAT_CHAIN_KEY = chainKey('pf', 'nat', 'nat');

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What some rules add to the plain rule: side effects, `quick`, `pass` on a translation. */
type RuleExtras = Pick<Partial<Rule>, 'actions' | 'quick' | 'skipsFilter'>;

export function lowerPf(input: LowerInput): Ruleset {
  return new Lowering(input).run();
}

class Lowering {
  private readonly chains: Chain[] = [];
  private readonly byKey = new Map<string, Chain>();
  private nextId = 1;
  private blockPolicy: 'drop' | 'reject' = 'drop';
  private readonly constTables = new Map<string, Host[]>();
  /** What each const table held, as one string, for telling whether a remembered lowering still holds. */
  private readonly tableContents = new Map<string, string>();
  private readonly loadedNames = new Set<string>();
  private lastChainKey = '';
  private lastChainRules: Rule[] | undefined = undefined;
  /** Whether a statement gave several rules (which then share its range), and the range of the last rule made. */
  private sharedRange = false;
  private lastRange: Range | undefined = undefined;
  /** While a remembered statement is lowered afresh: the rules it gives and the tables it looks into. */
  private recording: { parts: LoweredPart[]; tables: string[] } | undefined = undefined;
  /** The const tables, as lowering reads them: a lookup is noted while recording. */
  private readonly tables: ConstTables = {
    get: (name: string): readonly Host[] | undefined => {
      this.recording?.tables.push(name, this.tableContent(name));
      return this.constTables.get(name);
    },
  };

  constructor(private readonly input: LowerInput) {}

  run(): Ruleset {
    this.scanGlobals(this.input.main.statements);
    for (const node of this.input.loadedAnchors.keys()) this.loadedNames.add(node.name.text);
    this.chain('filter', 'filter', FILTER_BASE, 'last-match');
    this.lowerStatements(this.input.main, this.input.main.statements, FILTER_CHAIN_KEY, '');
    // Statements of one file have distinct ranges: rules share one only when a statement gave several, or a file was read twice.
    const distinct = !this.sharedRange && this.input.includes.size === 0 && this.input.loadedAnchors.size === 0;
    return { dialect: 'pf', form: 'conf', chains: this.chains, helpers: [], ...(distinct && { rangesDistinct: true }) };
  }

  /** Options and const tables apply to the whole ruleset wherever they are written. */
  private scanGlobals(statements: readonly Statement[]): void {
    for (const s of statements) {
      if (s.type === 'option' && s.name === 'block-policy') this.blockPolicy = s.args[0] === 'return' ? 'reject' : 'drop';
      if (s.type === 'table' && s.flags.includes('const') && s.files.length === 0) this.constTables.set(s.name.text, s.entries);
      if (s.type === 'include') {
        const f = this.input.includes.get(s);
        if (f) this.scanGlobals(f.statements);
      }
    }
  }

  private chain(table: string, name: string, base: BaseChainInfo | undefined, evaluation: Chain['evaluation'], range?: Range, nameRange?: Range): Chain {
    const key = chainKey('pf', table, name);
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const chain: Chain = {
      key,
      name,
      table,
      family: 'pf',
      ...(base ? { base } : {}),
      evaluation,
      rules: [],
      ...(range ? { range } : {}),
      ...(nameRange ? { nameRange } : {}),
    };
    this.chains.push(chain);
    this.byKey.set(key, chain);
    return chain;
  }

  private lowerStatements(file: LowerFile, statements: readonly Statement[], key: string, anchorPath: string): void {
    const entries = statements === file.statements ? file.entries : undefined;
    // The document's own top-level statements are noted, for the next analysis to take runs of them whole.
    const log = file === this.input.main && statements === file.statements && file.log ? this.newLog() : undefined;
    const runs = log && file.replayed && file.replayed.length > 0 ? file.replayed : undefined;
    let nextRun = 0;
    for (let i = 0; i < statements.length; i++) {
      if (log) {
        const run = runs?.[nextRun];
        if (run?.at === i) {
          nextRun++;
          if (this.takeRun(run, log, key)) {
            i += run.run.to - run.run.from - 1;
            continue;
          }
        }
        log.note(this.nextId, this.rulesOf(key)?.length ?? 0);
      }
      const s = statements[i];
      const entry = entries?.[i];
      switch (s.type) {
        case 'rule':
          if (entry) this.lowerRemembered(file, entry, key, anchorPath);
          else this.lowerRule(file, s, key, anchorPath);
          break;
        case 'antispoof':
          if (entry) this.lowerRemembered(file, entry, key, anchorPath);
          else this.lowerAntispoof(file, s, key);
          break;
        case 'include': {
          const included = this.input.includes.get(s);
          if (included) this.lowerStatements(included, included.statements, key, anchorPath);
          break;
        }
        case 'load-anchor': {
          const loaded = this.input.loadedAnchors.get(s);
          if (loaded) {
            const chain = this.chain('filter', s.name.text, undefined, 'last-match', s.range, s.name.range);
            this.lowerStatements(loaded, loaded.statements, chain.key, s.name.text);
          }
          break;
        }
        default:
          break;
      }
    }
    if (log && file.log) {
      log.note(this.nextId, this.rulesOf(key)?.length ?? 0);
      log.filterRules = this.rulesOf(key) ?? [];
      file.log.lowered = log;
    }
  }

  private newLog(): LowerLog {
    return new LowerLog(this.blockPolicy, this.loadedNames, this.constTables);
  }

  /**
   * The rules of a run of statements the parser replayed whole, as a slice of
   * the previous filter chain: when lowering reads the same besides the
   * statements as then, the ids start where they started then and all the
   * run's rules went to this chain, each statement replays the rules it gave
   * then (the same objects: same id, chain, range and actions).
   */
  private takeRun({ run }: ReplayedRunAt, log: LowerLog, key: string): boolean {
    const previous = run.log.lowered;
    const rules = this.rulesOf(key);
    if (!previous || !rules || key !== FILTER_CHAIN_KEY) return false;
    const { idBefore, filterBefore } = previous;
    const { from, to } = run;
    if (idBefore[from] !== this.nextId || idBefore[to] - idBefore[from] !== filterBefore[to] - filterBefore[from]) return false;
    if (!log.readsAsBefore(previous, hostsContent)) return false;
    for (let k = from; k < to; k++) if (idBefore[k + 1] - idBefore[k] > 1) this.sharedRange = true;
    const offset = rules.length - filterBefore[from];
    for (let k = from; k < to; k++) log.note(idBefore[k], filterBefore[k] + offset);
    for (let r = filterBefore[from]; r < filterBefore[to]; r++) rules.push(previous.filterRules[r]);
    this.nextId = idBefore[to];
    return true;
  }

  private push(file: LowerFile, key: string, node: { range: Range }, text: string, match: Match, verdict: Verdict, extra: RuleExtras = {}): Rule {
    const kept = this.recording && file.detach ? detached(text) : text;
    const rule = newRule(this.nextId++, key, node.range, kept, match, verdict, extra.actions ?? NO_ACTIONS, extra, file.uri);
    if (node.range === this.lastRange) this.sharedRange = true;
    this.lastRange = node.range;
    this.byKey.get(key)?.rules.push(rule);
    if (this.recording) {
      const translation = key === RDR_CHAIN_KEY ? 'rdr' : key === NAT_CHAIN_KEY ? 'nat' : undefined;
      this.recording.parts.push(new LoweredPart(translation, match, verdict, rule.actions, extra.quick, extra.skipsFilter, rule));
    }
    return rule;
  }

  /** A statement the memo knows: its rules as lowered before, when what they read is unchanged; else lowered afresh and noted. */
  private lowerRemembered(file: LowerFile, entry: StatementEntry, key: string, anchorPath: string): void {
    const done = entry.lowered;
    if (
      done &&
      done.blockPolicy === this.blockPolicy &&
      (done.anchor === undefined || done.anchorLoaded === this.loadedNames.has(done.anchor)) &&
      this.tablesHold(done.tables)
    ) {
      this.replay(file, entry, done, key);
      return;
    }
    const s = entry.positioned();
    const anchor = s.type === 'rule' && s.action.endsWith('anchor') ? (s.anchorName?.text ?? '') : undefined;
    const recording: { parts: LoweredPart[]; tables: string[] } = { parts: [], tables: [] };
    this.recording = recording;
    if (s.type === 'rule') this.lowerRule(file, s, key, anchorPath);
    else if (s.type === 'antispoof') this.lowerAntispoof(file, s, key);
    this.recording = undefined;
    const anchorLoaded = anchor !== undefined && this.loadedNames.has(anchor);
    entry.lowered = new LoweredStatement(entry.line, this.blockPolicy, recording.tables, anchor, anchorLoaded, recording.parts);
  }

  /** The rules of a statement lowered before: the same match, verdict and actions; the same rule while its id and place are. */
  private replay(file: LowerFile, entry: StatementEntry, done: LoweredStatement, key: string): void {
    const moved = entry.line - done.line;
    if (moved !== 0) {
      for (const part of done.parts) part.actions = part.actions.map((a) => shiftAction(a, moved));
      done.line = entry.line;
    }
    const range = entry.range;
    const parts = done.parts;
    if (parts.length > 1) this.sharedRange = true;
    this.lastRange = range;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const chain = part.translation ? this.translationChain(part.translation) : key;
      const id = this.nextId++;
      const last = part.rule;
      if (last.id !== id || last.chainKey !== chain || last.range !== range || last.actions !== part.actions) {
        part.rule = newRule(id, chain, range, last.text, part.match, part.verdict, part.actions, part, file.uri);
      }
      this.rulesOf(chain)?.push(part.rule);
    }
  }

  /** The rules of chain `key` (most rules in a row go to the same chain: the last one asked for is kept at hand). */
  private rulesOf(key: string): Rule[] | undefined {
    if (key === this.lastChainKey) return this.lastChainRules;
    const rules = this.byKey.get(key)?.rules;
    if (rules) {
      this.lastChainKey = key;
      this.lastChainRules = rules;
    }
    return rules;
  }

  private tablesHold(tables: readonly string[]): boolean {
    for (let i = 0; i < tables.length; i += 2) if (this.tableContent(tables[i]) !== tables[i + 1]) return false;
    return true;
  }

  private tableContent(name: string): string {
    let content = this.tableContents.get(name);
    if (content === undefined) {
      const hosts = this.constTables.get(name);
      content = hosts ? hostsContent(hosts) : '';
      this.tableContents.set(name, content);
    }
    return content;
  }

  private lowerRule(file: LowerFile, rule: RuleNode, key: string, anchorPath: string): void {
    const text = statementText(file.lines, rule.headerRange ?? rule.range);
    switch (rule.action) {
      case 'pass':
      case 'block':
      case 'match':
        this.push(file, key, rule, text, filterMatch(rule, this.tables), this.filterVerdict(rule), {
          actions: filterActions(rule),
          ...(rule.quick ? { quick: true } : {}),
        });
        return;
      case 'anchor': {
        const name = rule.anchorName?.text ?? '';
        let inline = this.loadedNames.has(name);
        let target = name;
        if (rule.body) {
          target = anchorPath ? `${anchorPath}/${name}` : name;
          const chain = this.chain('filter', target, undefined, 'last-match', rule.range, rule.anchorName?.range);
          inline = true;
          this.push(file, key, rule, text, filterMatch(rule, this.tables), { kind: 'anchor', name: target, inline }, rule.quick ? { quick: true } : {});
          this.lowerStatements(file, rule.body, chain.key, target);
          return;
        }
        this.push(file, key, rule, text, filterMatch(rule, this.tables), { kind: 'anchor', name: target, inline }, rule.quick ? { quick: true } : {});
        return;
      }
      case 'rdr-anchor':
      case 'nat-anchor':
      case 'binat-anchor': {
        const name = rule.anchorName?.text ?? '';
        const verdict: Verdict = { kind: 'anchor', name, inline: this.loadedNames.has(name) };
        const chains = rule.action === 'rdr-anchor' ? ['rdr'] : rule.action === 'nat-anchor' ? ['nat'] : ['rdr', 'nat'];
        for (const c of chains) this.push(file, this.translationChain(c), rule, text, translationMatch(rule, c === 'rdr' ? 'in' : 'out', this.tables), verdict);
        return;
      }
      case 'rdr':
      case 'nat':
        this.lowerOldTranslation(file, rule, text, rule.action);
        return;
      case 'binat':
        this.lowerBinat(file, rule, text);
        return;
    }
  }

  private translationChain(name: string): string {
    return this.chain('nat', name, name === 'rdr' ? RDR_BASE : NAT_BASE, 'first-match').key;
  }

  private filterVerdict(rule: RuleNode): Verdict {
    if (rule.action === 'pass') return ACCEPT;
    if (rule.action === 'match') return CONTINUE;
    if (rule.blockMode === 'drop') return DROP;
    if (rule.blockMode !== undefined) return REJECT;
    return this.blockPolicy === 'drop' ? DROP : REJECT;
  }

  /** `rdr [pass] on if ... -> host [port p]`, `nat [pass] on if ... -> host`, and `no rdr`/`no nat`. */
  private lowerOldTranslation(file: LowerFile, rule: RuleNode, text: string, kind: 'rdr' | 'nat'): void {
    const target = rule.translations.find((t) => t.kind === 'arrow');
    const actions: Action[] = [];
    const match = translationMatch(rule, kind === 'rdr' ? 'in' : 'out', this.tables);
    if (!rule.negatedTranslation && target) actions.push(kind === 'rdr' ? dnat(target, match.dport) : snat(target));
    this.push(file, this.translationChain(kind), rule, text, match, ACCEPT, {
      actions,
      ...(rule.passThrough ? { skipsFilter: true } : {}),
    });
  }

  /** `binat on if from inside to dst -> outside`: source NAT out, and the reverse redirection in. */
  private lowerBinat(file: LowerFile, rule: RuleNode, text: string): void {
    const target = rule.translations.find((t) => t.kind === 'arrow');
    const out = translationMatch(rule, 'out', this.tables);
    this.push(file, this.translationChain('nat'), rule, text, out, ACCEPT, {
      actions: !rule.negatedTranslation && target ? [snat(target)] : [],
      ...(rule.passThrough ? { skipsFilter: true } : {}),
    });
    const inside = rule.from?.hosts ?? [];
    const back: Match = {
      ...translationMatch(rule, 'in', this.tables),
      src: lowerHosts(rule.to?.hosts, this.tables),
      dst: target ? lowerHosts(target.hosts, this.tables) : ANY_ADDRESS,
    };
    const actions: Action[] =
      !rule.negatedTranslation && target ? [{ kind: 'dnat', address: inside.map((h) => h.text).join(', '), range: target.range }] : [];
    this.push(file, this.translationChain('rdr'), rule, text, back, ACCEPT, { actions, ...(rule.passThrough ? { skipsFilter: true } : {}) });
  }

  /**
   * `antispoof for if` is pfctl shorthand for `block drop in on ! if from if:network`
   * and `block drop in from (if's own address)`.
   */
  private lowerAntispoof(file: LowerFile, node: AntispoofNode, key: string): void {
    const text = statementText(file.lines, node.range);
    for (const ifname of node.interfaces) {
      const base = { ...(node.af ? { ipVersion: node.af } : {}), dst: ANY_ADDRESS, direction: 'in' as const, opaque: [] };
      const quick = node.quick ? { quick: true } : {};
      this.push(file, key, node, text, {
        ...base,
        src: { kind: 'symbolic', text: `${ifname.text}:network`, negated: false },
        inInterface: { names: [ifname.text], negated: true },
      }, DROP, quick);
      this.push(file, key, node, text, { ...base, src: { kind: 'symbolic', text: `(${ifname.text})`, negated: false } }, DROP, quick);
    }
  }
}

/** What a const table holds, as one string. */
function hostsContent(hosts: readonly Host[]): string {
  return hosts.map((h) => `${h.kind} ${h.negated ? '!' : ''}${h.text}`).join('\n');
}

function newRule(
  id: number,
  key: string,
  range: Range,
  text: string,
  match: Match,
  verdict: Verdict,
  actions: readonly Action[],
  extra: Pick<Partial<Rule>, 'quick' | 'skipsFilter'>,
  uri: string | undefined,
): Rule {
  const rule: Mutable<Rule> = { id, chainKey: key, range, text, match, actions, verdict };
  if (extra.quick !== undefined) rule.quick = extra.quick;
  if (extra.skipsFilter !== undefined) rule.skipsFilter = extra.skipsFilter;
  if (uri) rule.uri = uri;
  return rule;
}

/**
 * One empty list for all the rules without conditions or actions the model
 * does not interpret (most rules): a large file then holds one, not thousands.
 * The model's lists are never changed once made.
 */
const NO_CONDITIONS: readonly string[] = [];

/**
 * One object per plain verdict for all rules: verdicts are never changed once
 * made, and the passes over thousands of rules that read a rule's verdict
 * then read the same few objects rather than one scattered object per rule.
 */
const ACCEPT: Verdict = { kind: 'accept' };
const DROP: Verdict = { kind: 'drop' };
const REJECT: Verdict = { kind: 'reject' };
const CONTINUE: Verdict = { kind: 'continue' };
const NO_ACTIONS: readonly Action[] = [];

function filterMatch(rule: RuleNode, tables: ConstTables, direction = rule.direction): Match {
  const sport = lowerPorts(rule.from?.ports);
  const dport = lowerPorts(rule.to?.ports);
  const flags = rule.flags?.text;
  const synOnly = isSynOnly(flags);
  // Only S/SA (first SYN) and `any` are modelled; any other flag test matches
  // some packets of a connection and not others, so it must not claim coverage.
  const opaqueFlags = flags !== undefined && flags !== 'any' && !synOnly;
  let opaque = NO_CONDITIONS;
  if (rule.opaque.length > 0 || sport.opaque || dport.opaque || opaqueFlags) {
    const conditions = rule.opaque.slice();
    if (sport.opaque) conditions.push(`from ${sport.opaque}`);
    if (dport.opaque) conditions.push(`to ${dport.opaque}`);
    if (opaqueFlags) conditions.push(`flags ${flags}`);
    opaque = conditions;
  }
  const ifs = lowerInterfaces(rule.interfaces);
  // Built field by field rather than from spread fragments: one object per rule, fields absent when unset.
  const match = {} as Mutable<Match>;
  if (rule.af) match.ipVersion = rule.af;
  if (rule.protocols) match.protocol = { names: rule.protocols.map((p) => p.text), negated: false };
  match.src = lowerHosts(rule.from?.hosts, tables);
  match.dst = lowerHosts(rule.to?.hosts, tables);
  if (sport.ports) match.sport = sport.ports;
  if (dport.ports) match.dport = dport.ports;
  if (ifs && direction !== 'out') match.inInterface = ifs;
  if (ifs && direction !== 'in') match.outInterface = ifs;
  if (direction) match.direction = direction;
  if (synOnly) match.synOnly = true;
  match.opaque = opaque;
  return match;
}

/** Translation rules have an implied direction: rdr on the way in, nat on the way out. */
function translationMatch(rule: RuleNode, direction: 'in' | 'out', tables: ConstTables): Match {
  return filterMatch(rule, tables, direction);
}

/** `flags S/SA`, `S/UAPRSF`: SYN set and ACK clear, the first packet of a connection. */
export function isSynOnly(flags: string | undefined): boolean {
  if (!flags) return false;
  const [set, mask] = flags.split('/');
  return set === 'S' && mask !== undefined && mask.includes('S') && mask.includes('A');
}

function filterActions(rule: RuleNode): readonly Action[] {
  const actions: Action[] = [];
  if (rule.log) actions.push({ kind: 'log', range: rule.keywordRange });
  for (const t of rule.translations) {
    switch (t.kind) {
      case 'rdr-to':
        actions.push(dnat(t));
        break;
      case 'nat-to':
        actions.push(snat(t));
        break;
      case 'divert-to': {
        const port = lowerPorts(t.ports).ports;
        actions.push({ kind: 'divert', address: hostText(t), ...(port && port.size() === 1 ? { port: port.intervals[0].lo } : {}), range: t.range });
        break;
      }
      default:
        actions.push({ kind: 'other', text: `${t.kind} ${hostText(t)}`.trim(), range: t.range });
    }
  }
  for (const a of rule.otherActions) if (!a.text.startsWith('label ')) actions.push({ kind: 'other', text: a.text, range: a.range });
  return actions.length > 0 ? actions : NO_ACTIONS;
}

function hostText(t: Translation): string {
  return t.hosts.map((h) => `${h.negated ? '!' : ''}${h.text}`).join(', ');
}

/** `-> host port 4000:*` maps a matched range onto one of the same size starting at 4000. */
function dnat(t: Translation, matched?: PortSet): Action {
  const item = t.ports?.length === 1 ? t.ports[0] : undefined;
  const start = item?.op === ':' && item.b?.text === '*' ? portItemSet({ op: '=', a: item.a, range: item.range }) : undefined;
  const ports =
    start && matched && matched.intervals.length === 1
      ? PortSet.range(start.intervals[0].lo, start.intervals[0].lo + matched.intervals[0].hi - matched.intervals[0].lo)
      : lowerPorts(t.ports).ports;
  return { kind: 'dnat', address: hostText(t), ...(ports ? { ports } : {}), range: t.range };
}

function snat(t: Translation): Action {
  return { kind: 'snat', address: hostText(t), range: t.range };
}

/** The statement as written, continuation lines joined and whitespace collapsed. */
export function statementText(lines: LineIndex, range: Range): string {
  const start = lines.offset(range.start);
  const end = lines.offset(range.end);
  return (
    singleSpacedSlice(lines.text, start, end) ??
    lines.text
      .slice(start, end)
      .replace(/\\[ \t]*\r?\n/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
