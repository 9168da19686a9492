// Walks the syntax tree in file order (following includes) to build tables,
// chains, sets, helpers and define scopes, then lowers every rule into the
// shared model and resolves references (FW002).
import type { Action, BaseChainInfo, Chain, ChainType, Family, HelperObject, Hook, Rule } from '../../model/ruleset';
import { chainKey } from '../../model/ruleset';
import type { Range, SourceDiagnostic, SourceForm } from '../../model/source';
import type { IncludeReference, SymbolDefinition, SymbolKind, SymbolReference } from '../../model/symbols';
import type { FrontendOptions, FrontendResult } from '../frontend';
import type {
  ChainItem,
  ChainSpec,
  CommandNode,
  DefineNode,
  Expr,
  FileNode,
  IncludeNode,
  NamedNode,
  ObjectBlock,
  ParseContext,
  RuleNode,
  TableItem,
} from './ast';
import { EMPTY_SCOPE, expandedSize, substitute, withDefine, type DefineScope } from './defines';
import { MAX_EXPANDED_ELEMENTS } from '../../limits';
import { renderExpr } from './expressions';
import { elementsFingerprint, exprFingerprint } from './fingerprint';
import { lowerRule, type LoweredRule, type RuleEnv } from './lower-rule';
import type { ContextRead, StatementEntry, StatementReuse } from './memo';
import { parse } from './parser';
import { resolvePriority } from './priorities';
import { moveLowered } from './shift';
import { CHAIN_TYPES, HOOKS } from './vocabulary';

interface SetState {
  readonly name: string;
  readonly kind: 'set' | 'map';
  elements: Expr[];
  hasElements: boolean;
  dynamic: boolean;
}

interface ChainState {
  readonly name: string;
  readonly key: string;
  spec: ChainSpec;
  range?: Range;
  nameRange?: Range;
  rules: PendingRule[];
  /** Declared with `chain`/`add chain`; a chain only named by `add rule` does not exist for nft. */
  declared: boolean;
  /** Priority resolved where it was written (it may use a define). */
  priority?: number;
  policy?: 'accept' | 'drop';
}

interface TableState {
  readonly family: Family;
  readonly name: string;
  chains: Map<string, ChainState>;
  sets: Map<string, SetState>;
  helpers: Map<string, HelperObject>;
  flowtables: Set<string>;
  /** Sets that rules add elements to at run time (`add @s {...}`, `update @s {...}`). */
  updatedSets: Set<string>;
}

interface PendingRule {
  /** Its model rules, once lowered. */
  lowered?: readonly Rule[];
  /** Still in its chain when the file ends (not flushed or deleted). */
  live: boolean;
  readonly node: RuleNode;
  /** Its memo entry, when the document is analysed with one. */
  readonly remembered: StatementEntry | undefined;
  readonly scope: DefineScope;
  readonly uri: string;
  readonly table: TableState;
  readonly chain: ChainState;
  readonly seq: number;
}

interface PendingReference {
  readonly kind: SymbolKind;
  readonly name: string;
  readonly range: Range;
  readonly table?: TableState;
}

const FAMILY_WORDS = new Set<string>(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);

export class Lowering {
  private readonly tables = new Map<string, TableState>();
  private chainOrder: Array<{ table: TableState; chain: ChainState }> = [];
  /** Every rule added, in file order. */
  private readonly pendingRules: PendingRule[] = [];
  private scope: DefineScope = EMPTY_SCOPE;
  private seq = 0;
  private uri: string;
  private readonly stack: string[] = [];
  private unresolvedInclude = false;
  private sawTableBlock = false;
  private sawCommand = false;
  private readonly pendingReferences: PendingReference[] = [];
  readonly definitions: SymbolDefinition[] = [];
  readonly references: SymbolReference[] = [];
  readonly includes: IncludeReference[] = [];
  readonly diagnostics: SourceDiagnostic[] = [];

  /** While a remembered rule is lowered: what it looks up. */
  private reads: ContextRead[] | undefined = undefined;
  /** Fingerprints of the sets rules looked up, once per set: with their elements' ranges, and of their values alone. */
  private readonly setFingerprints = new Map<SetState, string>();
  private readonly setValueFingerprints = new Map<SetState, string>();

  constructor(
    private readonly options: FrontendOptions,
    private readonly reuse?: StatementReuse,
  ) {
    this.uri = options.uri;
    this.stack.push(options.uri);
  }

  private get inMainDocument(): boolean {
    return this.uri === this.options.uri;
  }

  run(file: FileNode): void {
    for (const item of file.items) {
      switch (item.kind) {
        case 'table':
          this.sawTableBlock = true;
          this.tableBlock(item.table.family, item.table, item.table.items, item.table.range);
          break;
        case 'command':
          this.command(item.command);
          break;
        case 'define':
          this.define(item.define);
          break;
        case 'include':
          this.include(item.include, 'top');
          break;
      }
    }
  }

  // ----- tables, chains, objects -----

  private table(family: string, name: string): TableState {
    const fam = (FAMILY_WORDS.has(family) ? family : 'ip') as Family;
    const key = `${fam} ${name}`;
    let t = this.tables.get(key);
    if (!t) {
      t = { family: fam, name, chains: new Map(), sets: new Map(), helpers: new Map(), flowtables: new Set(), updatedSets: new Set() };
      this.tables.set(key, t);
    }
    return t;
  }

  private tableBlock(family: string, name: NamedNode, items: readonly TableItem[], range: Range): void {
    const table = this.table(family, name.name);
    this.define_('table', name, range, undefined, table.family);
    for (const item of items) this.tableItem(table, item);
  }

  private tableItem(table: TableState, item: TableItem): void {
    switch (item.kind) {
      case 'chain': {
        const c = item.chain;
        this.chainDeclaration(table, c, c.spec, c.range);
        const chain = this.chain(table, c.name);
        for (const ci of c.items) this.chainItem(table, chain, ci);
        break;
      }
      case 'set':
      case 'object':
        this.object(table, item.kind === 'set' ? item.set : item.object);
        break;
      case 'include':
        this.include(item.include, 'table', table);
        break;
      case 'define':
        this.define(item.define);
        break;
    }
  }

  private chain(table: TableState, name: string): ChainState {
    let chain = table.chains.get(name);
    if (!chain) {
      chain = { name, key: chainKey(table.family, table.name, name), spec: {}, rules: [], declared: false };
      table.chains.set(name, chain);
      this.chainOrder.push({ table, chain });
    }
    return chain;
  }

  private chainDeclaration(table: TableState, name: NamedNode, spec: ChainSpec, range: Range): void {
    const chain = this.chain(table, name.name);
    chain.declared = true;
    if (this.inMainDocument && !chain.range) {
      chain.range = range;
      chain.nameRange = name.nameRange;
    }
    if (spec.hook !== undefined) {
      chain.spec = { ...chain.spec, ...spec };
      const priority = spec.priority && this.resolveText(spec.priority);
      chain.priority = priority === undefined ? 0 : resolvePriority(priority, table.family) ?? 0;
    }
    if (spec.policy !== undefined) {
      chain.spec = { ...chain.spec, policy: spec.policy, policyRange: spec.policyRange };
      const policy = this.resolveText({ kind: 'word', text: spec.policy, range: spec.policyRange ?? range });
      chain.policy = policy === 'drop' ? 'drop' : 'accept';
    }
    const s = chain.spec;
    const detail = s.hook ? `type ${s.type} hook ${s.hook} priority ${s.priority ? renderExpr(s.priority) : 0}; policy ${s.policy ?? 'accept'}` : undefined;
    this.define_('chain', name, range, table.name, detail);
  }

  /** A define used in a priority or policy: `priority $PRIO`, `policy $POLICY`. */
  private resolveText(e: Expr): string {
    if (e.kind !== 'word') return renderExpr(e);
    return e.text.replace(/\$([A-Za-z0-9_]+)/g, (whole, name: string) => {
      this.useVariable(name, e.range);
      const value = this.scope.values.get(name);
      return value ? renderExpr(value) : whole;
    });
  }

  private chainItem(table: TableState, chain: ChainState, item: ChainItem): void {
    switch (item.kind) {
      case 'rule':
        this.addRule(table, chain, item.rule, 'append', item.remembered);
        break;
      case 'object':
        this.object(table, item.object);
        break;
      case 'include':
        this.include(item.include, 'chain', table, chain);
        break;
      case 'define':
        this.define(item.define);
        break;
    }
  }

  private addRule(table: TableState, chain: ChainState, node: RuleNode, where: 'append' | 'prepend', remembered: StatementEntry | undefined): void {
    const pending: PendingRule = { node, remembered, live: false, scope: this.scope, uri: this.uri, table, chain, seq: this.seq++ };
    this.pendingRules.push(pending);
    if (where === 'append') chain.rules.push(pending);
    else chain.rules.unshift(pending);
    // a remembered rule says whether it has such statements: a moved one's are not read for nothing
    if (remembered !== undefined && !remembered.declares) return;
    for (const s of node.statements) {
      if (s.kind === 'setUpdate') table.updatedSets.add(s.set);
      if (s.kind === 'meter') this.define_('meter', s, s.range, table.name);
    }
  }

  private object(table: TableState, o: ObjectBlock): void {
    const words = o.properties.flatMap((p) => [p.key, ...p.value.map((v) => (v.kind === 'string' ? `"${v.text}"` : renderExpr(v)))]);
    switch (o.objectType) {
      case 'set':
      case 'map': {
        const set: SetState = table.sets.get(o.name) ?? { name: o.name, kind: o.objectType, elements: [], hasElements: false, dynamic: false };
        table.sets.set(o.name, set);
        for (const p of o.properties) {
          if (p.key === 'elements') this.addElements(set, p.value);
          if (p.key === 'flags' && p.value.some((v) => /dynamic|timeout/.test(renderExpr(v)))) set.dynamic = true;
          if (p.key === 'timeout') set.dynamic = true;
        }
        const typeProperty = o.properties.find((p) => p.key === 'type' || p.key === 'typeof');
        this.define_(o.objectType, o, o.range, table.name, typeProperty && `${typeProperty.key} ${typeProperty.value.map(renderExpr).join(' ')}`);
        break;
      }
      case 'flowtable':
        table.flowtables.add(o.name);
        this.define_('flowtable', o, o.range, table.name, words.join(' '));
        break;
      case 'ct helper': {
        const typeAt = words.indexOf('type');
        const protocolAt = words.indexOf('protocol');
        const type = typeAt >= 0 && words[typeAt + 1] ? words[typeAt + 1].replace(/^"|"$/g, '') : '';
        const helper: HelperObject = {
          name: o.name,
          table: table.name,
          family: table.family,
          type,
          protocol: protocolAt >= 0 ? words[protocolAt + 1] : undefined,
          range: o.range,
        };
        table.helpers.set(o.name, helper);
        this.define_('helper', o, o.range, table.name, words.join(' '));
        break;
      }
      default:
        break;
    }
  }

  private addElements(set: SetState, values: readonly Expr[]): void {
    set.hasElements = true;
    for (const v of values) {
      const resolved = this.substitute(v);
      if (resolved.kind === 'set') set.elements.push(...resolved.elements.flatMap((e) => (e.kind === 'set' ? e.elements : [e])));
      else set.elements.push(resolved);
    }
  }

  // ----- defines and includes -----

  private define(d: DefineNode): void {
    if (d.op === 'undefine') {
      this.scope = withDefine(this.scope, d.name, undefined);
      return;
    }
    let value = d.value && this.substitute(d.value);
    if (value && expandedSize(value) > MAX_EXPANDED_ELEMENTS) {
      // Defines built from doubled defines grow exponentially: the name stays, unexpanded.
      this.diagnostics.push({ code: 'FW001', severity: 'error', message: `define '$${d.name}' expands to more than ${MAX_EXPANDED_ELEMENTS} elements; not expanded`, range: d.range });
      value = { kind: 'var', name: d.name, range: d.range };
    }
    this.scope = withDefine(this.scope, d.name, value);
    this.define_('define', d, d.range, undefined, d.value && renderExpr(d.value));
  }

  private substitute(e: Expr, scope: DefineScope = this.scope): Expr {
    return substitute(
      e,
      scope,
      (name, at) => this.missingVariable(name, at.range, scope),
      (name, at) => {
        this.reads?.push({ kind: 'define', name, found: defineFingerprint(scope, name) });
        this.reference('define', name, at.range);
      },
    );
  }

  private useVariable(name: string, range: Range): void {
    this.reference('define', name, range);
    if (!this.scope.values.has(name)) this.missingVariable(name, range, this.scope);
  }

  private missingVariable(name: string, range: Range, scope: DefineScope): void {
    if (scope.afterUnresolvedInclude || !this.inMainDocument) return;
    this.diagnostics.push({ code: 'FW002', severity: 'error', message: `undefined variable '$${name}'`, range });
  }

  private include(node: IncludeNode, context: ParseContext, table?: TableState, chain?: ChainState): void {
    const read = this.options.readInclude?.(node.path, this.uri);
    const resolved = read !== undefined && !this.stack.includes(read.uri);
    if (this.inMainDocument) this.includes.push({ path: node.path, range: node.range, resolved });
    if (!read || !resolved) {
      if (!read) {
        this.unresolvedInclude = true;
        this.scope = { ...this.scope, afterUnresolvedInclude: true };
      }
      return;
    }
    const parsed = parse(read.text, context);
    const outer = this.uri;
    this.uri = read.uri;
    this.stack.push(read.uri);
    if (context === 'top') this.run(parsed.file);
    else if (context === 'table' && table) for (const item of parsed.file.tableItems ?? []) this.tableItem(table, item);
    else if (table && chain) for (const item of parsed.file.chainItems ?? []) this.chainItem(table, chain, item);
    this.stack.pop();
    this.uri = outer;
  }

  // ----- flat commands -----

  private command(c: CommandNode): void {
    this.sawCommand = true;
    const verb = c.verb === 'create' ? 'add' : c.verb;
    if (c.object === 'ruleset') {
      if (verb === 'flush') this.flushRuleset(c.family);
      return;
    }
    if (!c.table) return;
    const key = `${c.family} ${c.table.name}`;
    if (verb === 'delete' || verb === 'destroy') {
      this.deleteObject(c, key);
      return;
    }
    if (verb === 'flush') {
      const t = this.tables.get(key);
      if (c.object === 'table' && t) for (const ch of t.chains.values()) ch.rules = [];
      if (c.object === 'chain' && t && c.target) {
        const ch = t.chains.get(c.target.name);
        if (ch) ch.rules = [];
      }
      if ((c.object === 'set' || c.object === 'map') && t && c.target) {
        const s = t.sets.get(c.target.name);
        if (s) s.elements = [];
      }
      return;
    }
    if (verb !== 'add' && verb !== 'insert' && verb !== 'replace') return;
    const table = this.table(c.family, c.table.name);
    switch (c.object) {
      case 'table':
        this.define_('table', c.table, c.range, undefined, table.family);
        for (const item of c.tableItems ?? []) this.tableItem(table, item);
        return;
      case 'chain':
        if (!c.target) return;
        this.chainDeclaration(table, c.target, c.chainSpec ?? {}, c.range);
        for (const item of c.chainItems ?? []) this.chainItem(table, this.chain(table, c.target.name), item);
        return;
      case 'rule': {
        if (!c.target || !c.rule) return;
        const chain = table.chains.get(c.target.name);
        if (!chain) this.reference('chain', c.target.name, c.target.nameRange, table);
        // `insert` without a position goes first; with `position`/`handle` the
        // handle numbers are only known to the kernel, so the rule is placed first too.
        this.addRule(table, chain ?? this.chain(table, c.target.name), c.rule, verb === 'insert' ? 'prepend' : 'append', c.remembered);
        return;
      }
      case 'element': {
        if (!c.target) return;
        const set = table.sets.get(c.target.name);
        if (!set) this.reference('set', c.target.name, c.target.nameRange, table);
        else if (c.elements) this.addElements(set, [c.elements]);
        return;
      }
      default:
        if (c.objectBlock) this.object(table, c.objectBlock);
    }
  }

  private deleteObject(c: CommandNode, key: string): void {
    const t = this.tables.get(key);
    if (!t) return;
    if (c.object === 'table') {
      this.tables.delete(key);
      this.chainOrder = this.chainOrder.filter((e) => e.table !== t);
    } else if (c.object === 'chain' && c.target) {
      const ch = t.chains.get(c.target.name);
      t.chains.delete(c.target.name);
      this.chainOrder = this.chainOrder.filter((e) => e.chain !== ch);
    } else if ((c.object === 'set' || c.object === 'map') && c.target) {
      t.sets.delete(c.target.name);
    }
  }

  private flushRuleset(family: string): void {
    // `flush ruleset` without a family flushes every family.
    for (const [key, t] of [...this.tables]) {
      if (family === '' || t.family === family) {
        this.tables.delete(key);
        this.chainOrder = this.chainOrder.filter((e) => e.table !== t);
      }
    }
  }

  // ----- symbols -----

  private define_(kind: SymbolKind, name: NamedNode, range: Range, container?: string, detail?: string): void {
    if (!this.inMainDocument) return;
    this.definitions.push({ kind, name: name.name, nameRange: name.nameRange, range, container, detail });
  }

  private reference(kind: SymbolKind, name: string, range: Range, table?: TableState): void {
    if (!this.inMainDocument) return;
    this.references.push({ kind, name, range, container: table?.name });
    if (kind !== 'define') this.pendingReferences.push({ kind, name, range, table });
  }

  // ----- lowering -----

  finish(): FrontendResult {
    // rules are lowered in file order (their ids grow so), those still in a chain
    for (const { chain } of this.chainOrder) for (const p of chain.rules) p.live = true;
    let id = 0;
    let env: { readonly of: PendingRule; readonly env: RuleEnv; readonly context: string } | undefined;
    for (const p of this.pendingRules) {
      if (!p.live) continue;
      // consecutive rules of one table, scope and file share their environment
      if (!env || env.of.table !== p.table || env.of.scope !== p.scope || env.of.uri !== p.uri) {
        env = { of: p, env: this.ruleEnv(p), context: `${p.table.family} ${p.table.name} ${p.scope.afterUnresolvedInclude}` };
      }
      const entry = p.remembered;
      const lowered = entry ? this.lowerRemembered(p, entry, env.env, env.context) : lowerRule(p.node, env.env);
      const { chain, node, uri } = p;
      const previous = entry?.model;
      if (previous && previous.length === lowered.length && sameRules(previous, lowered, id, chain.key, node)) {
        id += previous.length;
        p.lowered = previous;
        continue;
      }
      const rules: Rule[] = [];
      for (const l of lowered) {
        const actions = l.actions as Action[];
        rules.push(
          uri === this.options.uri
            ? { id: id++, chainKey: chain.key, range: node.range, text: node.text, match: l.match, actions, verdict: l.verdict }
            : { id: id++, chainKey: chain.key, range: node.range, text: node.text, match: l.match, actions, verdict: l.verdict, uri },
        );
      }
      if (entry) entry.model = rules;
      p.lowered = rules;
    }
    const chains: Chain[] = this.chainOrder.map(({ table, chain }) => ({
      key: chain.key,
      name: chain.name,
      table: table.name,
      family: table.family,
      base: this.baseInfo(chain),
      evaluation: 'first-match',
      rules: modelRules(chain.rules),
      range: chain.range,
      nameRange: chain.nameRange,
    }));
    this.resolveReferences();
    const form: SourceForm = this.sawCommand && !this.sawTableBlock ? 'flat' : 'block';
    return {
      dialect: 'nftables',
      form,
      ruleset: { dialect: 'nftables', form, chains, helpers: [...this.tables.values()].flatMap((t) => [...t.helpers.values()]) },
      diagnostics: this.diagnostics,
      definitions: this.definitions,
      references: this.references,
      includes: this.includes,
    };
  }

  /**
   * A rule the previous analysis read on this line: its lowering is replayed
   * (what it referenced and reported too, moved to the rule's line) while
   * everything it looked up reads the same; otherwise it is lowered afresh,
   * recording what it looks up.
   */
  private lowerRemembered(p: PendingRule, entry: StatementEntry, env: RuleEnv, context: string): readonly LoweredRule[] {
    const before = entry.lowered;
    if (before !== undefined && before.context === context && this.readsSame(before.reads, p)) {
      if (before.line !== entry.line) moveLowered(before, entry.line);
      for (const r of before.references) {
        this.references.push(r);
        if (r.kind !== 'define') this.pendingReferences.push({ kind: r.kind, name: r.name, range: r.range, table: p.table });
      }
      for (const d of before.diagnostics) this.diagnostics.push(d);
      return before.rules;
    }
    const references = this.references.length;
    const diagnostics = this.diagnostics.length;
    const reads: ContextRead[] = [];
    this.reads = reads;
    const rules = lowerRule(p.node, env);
    this.reads = undefined;
    entry.lowered = { line: entry.line, context, reads, rules, references: this.references.slice(references), diagnostics: this.diagnostics.slice(diagnostics) };
    return rules;
  }

  private readsSame(reads: readonly ContextRead[], p: PendingRule): boolean {
    for (const r of reads) if (this.readNow(r, p) !== r.found) return false;
    return true;
  }

  /** What a remembered rule's lookup gives in this analysis. */
  private readNow(read: ContextRead, p: PendingRule): string {
    switch (read.kind) {
      case 'define':
        return defineFingerprint(p.scope, read.name);
      case 'set':
        return this.setFingerprint(p.table, read.name, false);
      case 'set elements':
        return this.setFingerprint(p.table, read.name, true);
      case 'helper':
        return helperType(p.table, read.name) ?? '';
    }
  }

  /** With `positions`, the fingerprint differs when an element moved too. */
  private setFingerprint(table: TableState, name: string, positions: boolean): string {
    const elements = constantElements(table, name);
    if (elements === undefined) return '';
    // a set lives in one table: its state object names it
    const set = table.sets.get(name) as SetState;
    const known = positions ? this.setFingerprints : this.setValueFingerprints;
    let found = known.get(set);
    if (found === undefined) {
      found = `{${elementsFingerprint(elements, positions)}}`;
      known.set(set, found);
    }
    return found;
  }

  private baseInfo(chain: ChainState): BaseChainInfo | undefined {
    const { hook, type } = chain.spec;
    if (!hook || !type || !HOOKS.has(hook) || !CHAIN_TYPES.has(type)) return undefined;
    return {
      hook: hook as Hook,
      type: type as ChainType,
      priority: chain.priority ?? 0,
      policy: chain.policy ?? 'accept',
      policyRange: chain.spec.policyRange,
      device: chain.spec.device,
    };
  }

  private ruleEnv(p: PendingRule): RuleEnv {
    const savedUri = this.uri;
    const table = p.table;
    const inMain = p.uri === this.options.uri;
    // the ranges of a set's elements matter only to the lookups that may take them
    const lookup = (name: string, positions: boolean): readonly Expr[] | undefined => {
      if (this.reads !== undefined) this.reads.push({ kind: positions ? 'set elements' : 'set', name, found: this.setFingerprint(table, name, positions) });
      return constantElements(table, name);
    };
    return {
      family: table.family,
      resolve: (e) => {
        // a word or string holds no `$define` and no `@set`: nothing to substitute or record
        if (e.kind === 'word' || e.kind === 'string') return e;
        this.uri = p.uri;
        const out = this.substitute(e, p.scope);
        this.uri = savedUri;
        if (inMain) forEachSetReference(out, (name, range) => this.reference('set', name, range, table));
        return out;
      },
      sets: (name) => lookup(name, false),
      elements: (name) => lookup(name, true),
      helperType: (name) => {
        const type = helperType(table, name);
        this.reads?.push({ kind: 'helper', name, found: type ?? '' });
        return type;
      },
      reference: (kind, name, range) => {
        if (inMain) this.reference(kind, name, range, table);
      },
    };
  }

  private resolveReferences(): void {
    if (this.unresolvedInclude) return;
    for (const r of this.pendingReferences) {
      const t = r.table;
      if (!t) continue;
      const where = `table ${t.family} ${t.name}`;
      let found = true;
      let what = '';
      switch (r.kind) {
        case 'chain':
          found = t.chains.get(r.name)?.declared === true;
          what = `chain '${r.name}'`;
          break;
        case 'set':
        case 'map':
          found = t.sets.has(r.name);
          what = `${r.kind} '@${r.name}'`;
          break;
        case 'helper':
          found = t.helpers.has(r.name);
          what = `ct helper '${r.name}'`;
          break;
        case 'flowtable':
          found = t.flowtables.has(r.name);
          what = `flowtable '@${r.name}'`;
          break;
        default:
          continue;
      }
      if (!found) this.diagnostics.push({ code: 'FW002', severity: 'error', message: `undefined ${what} in ${where}`, range: r.range });
    }
  }
}

/** Whether the model rules built before hold as they are: same lowering, id, chain and range. */
function sameRules(previous: readonly Rule[], lowered: readonly LoweredRule[], id: number, chainKey: string, node: RuleNode): boolean {
  for (let k = 0; k < previous.length; k++) {
    const old = previous[k];
    const l = lowered[k];
    if (old.id !== id + k || old.chainKey !== chainKey || old.range !== node.range || old.match !== l.match || old.actions !== l.actions || old.verdict !== l.verdict) return false;
  }
  return true;
}

function modelRules(pending: readonly PendingRule[]): Rule[] {
  const rules: Rule[] = [];
  for (const p of pending) {
    const lowered = p.lowered;
    if (lowered === undefined) continue;
    for (const r of lowered) rules.push(r);
  }
  return rules;
}

/** A set's elements as rules see them: undefined when unknown or filled at run time. */
function constantElements(table: TableState, name: string): readonly Expr[] | undefined {
  const set = table.sets.get(name);
  if (!set || set.dynamic || !set.hasElements || table.updatedSets.has(name)) return undefined;
  return set.elements;
}

function helperType(table: TableState, name: string): string | undefined {
  const h = table.helpers.get(name);
  return h && h.type ? h.type : undefined;
}

function defineFingerprint(scope: DefineScope, name: string): string {
  const value = scope.values.get(name);
  return value === undefined ? '' : exprFingerprint(value);
}

function forEachSetReference(e: Expr, visit: (name: string, range: Range) => void): void {
  switch (e.kind) {
    case 'setref':
      visit(e.name, e.range);
      return;
    case 'set':
      e.elements.forEach((x) => forEachSetReference(x, visit));
      return;
    case 'list':
      e.items.forEach((x) => forEachSetReference(x, visit));
      return;
    case 'binary':
      forEachSetReference(e.left, visit);
      forEachSetReference(e.right, visit);
      return;
    case 'lookup':
      forEachSetReference(e.key, visit);
      forEachSetReference(e.map, visit);
      return;
    case 'paren':
      forEachSetReference(e.inner, visit);
      return;
    default:
      return;
  }
}
