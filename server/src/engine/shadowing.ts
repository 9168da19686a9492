// FW003's detection: rules that can never decide a packet.
//
// First-match chains: a rule is unreachable when an earlier terminal rule
// (accept, drop, reject, goto, return) with no opaque condition admits every
// packet it admits. pf (last-match): a rule never decides when an earlier
// `quick` rule covers it (it is never evaluated) or, for a pass/block without
// quick, when a later pass/block covers it (that one always overrides it).
// `match` rules, logging and counters are reported only when they are never
// evaluated at all.
//
// Only single-rule coverage is proved (two rules that together cover a third
// are not reported): the check must never raise a false alarm. Candidates are
// found through an index (cover-index.ts), which keeps a long chain near-linear.
//
// Each chain is answered on its own, so an edit changes only the answers of
// its chain, and within it only those that depend on the edited rule: a
// ShadowingMemo keeps the last answer of every chain and reuses it for the
// rules before the first changed one. In pf's last-match chains (one chain of
// thousands of rules) a rule is asked again only when it was edited or reads
// an index list where the edit added or removed a candidate.
import type { Chain, Match, Rule, Ruleset } from '../model/ruleset';
import { commonPrefixCount, commonSuffixCount } from '../model/sequence';
import { ChainShape, CoverIndex, filingOf, filingReader, ListsRead, NO_POSITIONS, type Filing } from './cover-index';
import { isUnconditional } from './covers';

export { GENERAL_WINDOW } from './cover-index';

export interface UnreachableRule {
  readonly rule: Rule;
  readonly shadowedBy: Rule[];
}

/** One chain's answer, by rule position. */
interface ChainAnswer {
  readonly evaluation: Chain['evaluation'];
  /** The rules it was computed from (rules are compared by their match, verdict and quick flag). */
  readonly rules: readonly Rule[];
  /** Per position: the rules before it that shadow it (first match), or the earlier quick rules that cover it (pf). */
  readonly before: ReadonlyArray<readonly number[]>;
  /** pf, per position: the later pass/block rules that override it; null where that was not asked. */
  readonly after?: ReadonlyArray<readonly number[] | null>;
  /** pf, per position: where the cover index files the rule (kept, so that an edit reads only the edited rules'). */
  readonly filings?: readonly Filing[];
  /** pf, per position: what the passes ask of the rule itself (RuleFlags), kept for the same reason. */
  readonly flags?: Uint8Array;
}

/**
 * The last answer of each chain of one document, kept between analyses. The
 * front ends replay unchanged rules with the same match and verdict objects,
 * which is what tells an unchanged rule here.
 */
export class ShadowingMemo {
  private byKey = new Map<string, ChainAnswer[]>();

  /** The previous answer for the `occurrence`-th chain with this key. */
  previous(key: string, occurrence: number): ChainAnswer | undefined {
    return this.byKey.get(key)?.[occurrence];
  }

  replace(byKey: Map<string, ChainAnswer[]>): void {
    this.byKey = byKey;
  }
}

export function findUnreachableRules(ruleset: Ruleset, memo?: ShadowingMemo): UnreachableRule[] {
  const out: UnreachableRule[] = [];
  // Kept only for a memo: a 50,000-rule file has thousands of chains.
  const answers = memo ? new Map<string, ChainAnswer[]>() : undefined;
  for (const chain of ruleset.chains) {
    let sameKey: ChainAnswer[] | undefined;
    if (answers) {
      sameKey = answers.get(chain.key);
      if (!sameKey) {
        sameKey = [];
        answers.set(chain.key, sameKey);
      }
    }
    const previous = sameKey && memo?.previous(chain.key, sameKey.length);
    const answer = chain.evaluation === 'last-match' ? lastMatchChain(chain, previous) : firstMatchChain(chain, previous);
    sameKey?.push(answer);
    collect(chain.rules, answer, out);
  }
  if (answers) memo?.replace(answers);
  return out.sort((a, b) => a.rule.id - b.rule.id);
}

function collect(rules: readonly Rule[], answer: ChainAnswer, out: UnreachableRule[]): void {
  for (let k = 0; k < rules.length; k++) {
    let by = answer.before[k];
    if (by.length === 0) by = answer.after?.[k] ?? NO_POSITIONS;
    if (by.length > 0) out.push({ rule: rules[k], shadowedBy: by.map((p) => rules[p]) });
  }
}

function sameRule(a: Rule, b: Rule): boolean {
  // The same object first: most rules are, and then neither is read.
  return a === b || (a.match === b.match && a.verdict === b.verdict && a.quick === b.quick);
}

/** How many leading rules are unchanged since `previous`. */
function samePrefix(rules: readonly Rule[], previous: ChainAnswer | undefined, evaluation: Chain['evaluation']): number {
  return previous && previous.evaluation === evaluation ? commonPrefixCount(rules, previous.rules, sameRule) : 0;
}

function firstMatchTerminal(rule: Rule): boolean {
  const k = rule.verdict.kind;
  return (k === 'accept' || k === 'drop' || k === 'reject' || k === 'goto' || k === 'return') && rule.match.opaque.length === 0;
}

function firstMatchChain(chain: Chain, previous: ChainAnswer | undefined): ChainAnswer {
  const rules = chain.rules;
  const n = rules.length;
  const same = samePrefix(rules, previous, 'first-match');
  if (previous && same === n && previous.rules.length === n) return { evaluation: 'first-match', rules, before: previous.before };
  const before = new Array<readonly number[]>(n);
  let index: CoverIndex | undefined;
  let unconditional: readonly number[] | undefined;
  for (let k = 0; k < n; k++) {
    if (unconditional) {
      before[k] = unconditional;
      continue;
    }
    // An answer depends only on the rules up to it: those of an unchanged prefix stand.
    const covering = previous && k < same ? previous.before[k] : (index?.covering(k) ?? NO_POSITIONS);
    before[k] = covering;
    // Anything this rule would cover, its shadow covers already: no need to index it.
    if (covering.length > 0) continue;
    const rule = rules[k];
    if (!firstMatchTerminal(rule)) continue;
    if (isUnconditional(rule.match)) unconditional = [k];
    else if (k + 1 < n) (index ??= new CoverIndex(new ChainShape(rules))).add(k);
  }
  return { evaluation: 'first-match', rules, before };
}

function decides(rule: Rule): boolean {
  const k = rule.verdict.kind;
  return k === 'accept' || k === 'drop' || k === 'reject';
}

/**
 * What the last-match passes ask of a rule, as bits: kept by position with
 * the chain's answer, so that a pass over thousands of rules reads a byte per
 * rule rather than each rule's objects.
 */
const DECIDES = 1;
const QUICK = 2;
/** Without opaque conditions. */
const PLAIN = 4;

function flagsOf(rule: Rule): number {
  return (decides(rule) ? DECIDES : 0) | (rule.quick === true ? QUICK : 0) | (rule.match.opaque.length === 0 ? PLAIN : 0);
}

/** A quick pass/block without opaque conditions: while nothing earlier covers it, it covers the later rules it admits. */
function quickCandidate(flags: number): boolean {
  return (flags & (QUICK | DECIDES | PLAIN)) === (QUICK | DECIDES | PLAIN);
}

/** A pass/block without opaque conditions: it overrides the earlier rules it covers. */
function laterCandidate(flags: number): boolean {
  return (flags & (DECIDES | PLAIN)) === (DECIDES | PLAIN);
}

function lastMatchChain(chain: Chain, previous: ChainAnswer | undefined): ChainAnswer {
  const rules = chain.rules;
  const n = rules.length;
  const same = samePrefix(rules, previous, 'last-match');
  if (previous?.after && same === n && previous.rules.length === n) return { evaluation: 'last-match', rules, before: previous.before, after: previous.after };
  const edit = previous?.evaluation === 'last-match' && previous.after ? new ChainEdit(rules, previous, same) : undefined;
  const fresh = (k: number): Filing => filingOf(rules[k].match);
  const filings = edit?.old.filings ? edit.carry(edit.old.filings, fresh) : rules.map((_, k) => fresh(k));
  const flags = edit?.old.flags ? edit.carryFlags(edit.old.flags, rules) : allFlags(rules);
  const shape = new LazyShape(rules, filings);
  const before = (edit && quickCoverAfterEdit(rules, flags, edit, shape)) || quickCover(rules, flags, shape, edit);
  return { evaluation: 'last-match', rules, before, after: laterCover(rules, flags, before, edit, shape), filings, flags };
}

function allFlags(rules: readonly Rule[]): Uint8Array {
  const flags = new Uint8Array(rules.length);
  for (let k = 0; k < rules.length; k++) flags[k] = flagsOf(rules[k]);
  return flags;
}

/** Earlier quick rules that cover each rule (it is never evaluated), every answer asked afresh. */
function quickCover(rules: readonly Rule[], flags: Uint8Array, shape: LazyShape, edit: ChainEdit | undefined): Array<readonly number[]> {
  const n = rules.length;
  const before = new Array<readonly number[]>(n);
  let quick: CoverIndex | undefined;
  for (let k = 0; k < n; k++) {
    const covering = edit && k < edit.same ? edit.old.before[k] : (quick?.covering(k) ?? NO_POSITIONS);
    before[k] = covering;
    // Anything this rule would cover, its cover covers already: no need to index it.
    if (covering.length === 0 && quickCandidate(flags[k])) (quick ??= shape.index()).add(k);
  }
  return before;
}

/**
 * quickCover after an edit, asking again only the edited rules and those that
 * read a list where the edit added or removed a candidate; the index holds
 * only what they read. Undefined when an answer asked again changed whether
 * an unchanged rule is a candidate (then later rules may read other lists).
 */
function quickCoverAfterEdit(rules: readonly Rule[], flags: Uint8Array, edit: ChainEdit, shape: LazyShape): Array<readonly number[]> | undefined {
  const { old, same, end } = edit;
  const dirty = new DirtyFilings();
  edit.forRemoved((c) => {
    if (quickCandidate(flagsOf(old.rules[c])) && old.before[c].length === 0) dirty.add(old.rules[c].match);
  });
  for (let c = same; c < end; c++) if (quickCandidate(flags[c])) dirty.add(rules[c].match);
  const asked: number[] = [];
  for (let k = same; k < rules.length; k++) if (k < end || dirty.readBy(rules[k].match)) asked.push(k);
  const needs = new Relevance(rules, asked, edit);
  const n = rules.length;
  const before = new Array<readonly number[]>(n);
  let quick: CoverIndex | undefined;
  let next = 0;
  for (let k = 0; k < n; k++) {
    let covering: readonly number[];
    const isAsked = next < asked.length && asked[next] === k;
    if (isAsked) {
      next++;
      covering = quick?.covering(k) ?? NO_POSITIONS;
    } else {
      covering = k < same ? old.before[k] : edit.moved(old.before[k - edit.shift]);
    }
    before[k] = covering;
    const candidate = covering.length === 0 && quickCandidate(flags[k]);
    if (candidate && needs.has(shape.filing(k))) (quick ??= shape.index()).add(k);
    if (isAsked && k >= end && candidate !== (old.before[k - edit.shift].length === 0 && quickCandidate(flags[k]))) return undefined;
  }
  return before;
}

/**
 * Later pass/block rules that cover each rule: they match whenever it does
 * and override it. Whether a rule is a candidate here does not depend on the
 * other answers, so only the edited rules make lists dirty.
 */
function laterCover(
  rules: readonly Rule[],
  flags: Uint8Array,
  before: ReadonlyArray<readonly number[]>,
  edit: ChainEdit | undefined,
  shape: LazyShape,
): Array<readonly number[] | null> {
  const n = rules.length;
  const dirty = new DirtyFilings();
  if (edit) {
    edit.forRemoved((c) => {
      if (laterCandidate(flagsOf(edit.old.rules[c]))) dirty.add(edit.old.rules[c].match);
    });
    for (let c = edit.same; c < edit.end; c++) if (laterCandidate(flags[c])) dirty.add(rules[c].match);
  }
  const after = new Array<readonly number[] | null>(n).fill(null);
  // Descending: the rules asked again, with their old answers kept where they stand.
  const asked: number[] = [];
  for (let k = n - 1; k >= 0; k--) {
    if ((flags[k] & (DECIDES | QUICK)) !== DECIDES || before[k].length > 0) continue;
    const was = edit ? edit.oldPosition(k) : -1;
    const known = edit && was >= 0 && !dirty.readBy(rules[k].match) ? edit.old.after?.[was] : null;
    if (known) after[k] = edit!.moved(known);
    else asked.push(k);
  }
  if (asked.length === 0) return after;
  const needs = new Relevance(rules, asked, edit);
  let later: CoverIndex | undefined;
  let next = 0;
  for (let k = n - 1; k >= 0 && next < asked.length; k--) {
    if (asked[next] === k) {
      next++;
      after[k] = later?.covering(k) ?? NO_POSITIONS;
    }
    if (laterCandidate(flags[k]) && k > 0 && needs.has(shape.filing(k))) (later ??= shape.index()).add(k);
  }
  return after;
}

/** A chain's shape, read when an index is first needed. */
class LazyShape {
  private shape: ChainShape | undefined;

  constructor(
    private readonly rules: readonly Rule[],
    private readonly filings: readonly Filing[],
  ) {}

  filing(position: number): Filing {
    return this.filings[position];
  }

  index(): CoverIndex {
    return new CoverIndex((this.shape ??= new ChainShape(this.rules, this.filings)));
  }
}

/** Which candidates an index must hold to answer the rules asked (all of them without an edit to build on). */
class Relevance {
  private readonly lists: ListsRead | undefined;

  constructor(rules: readonly Rule[], asked: readonly number[], edit: ChainEdit | undefined) {
    this.lists = edit ? new ListsRead(asked.map((k) => rules[k].match)) : undefined;
  }

  has(filing: Filing): boolean {
    return !this.lists || this.lists.has(filing);
  }
}

/**
 * Where a chain's rules were in its previous answer: an unchanged start, the
 * edited middle, and an unchanged end moved by the change in length.
 */
class ChainEdit {
  /** The end of the edited middle, in the new chain and in the old one. */
  readonly end: number;
  private readonly oldEnd: number;
  /** New length minus old length. */
  readonly shift: number;

  constructor(
    rules: readonly Rule[],
    readonly old: ChainAnswer,
    readonly same: number,
  ) {
    const suffix = commonSuffixCount(rules, old.rules, sameRule, same);
    this.end = rules.length - suffix;
    this.oldEnd = old.rules.length - suffix;
    this.shift = rules.length - old.rules.length;
  }

  /** The old position of the rule at `k`, or -1 for an edited one. */
  oldPosition(k: number): number {
    return k < this.same ? k : k >= this.end ? k - this.shift : -1;
  }

  /** Calls `visit` with each old position the edit removed or replaced. */
  forRemoved(visit: (position: number) => void): void {
    for (let c = this.same; c < this.oldEnd; c++) visit(c);
  }

  /** A list by position for the new chain: the old items of unchanged rules, `fresh` ones for the edited. */
  carry<T>(old: readonly T[], fresh: (k: number) => T): T[] {
    const out = new Array<T>(this.end + (old.length - this.oldEnd));
    for (let k = 0; k < this.same; k++) out[k] = old[k];
    for (let k = this.same; k < this.end; k++) out[k] = fresh(k);
    for (let k = this.end; k < out.length; k++) out[k] = old[k - this.shift];
    return out;
  }

  /** carry() for the rules' flags: the old bytes of unchanged rules copied whole, the edited rules' read. */
  carryFlags(old: Uint8Array, rules: readonly Rule[]): Uint8Array {
    const out = new Uint8Array(this.end + (old.length - this.oldEnd));
    out.set(old.subarray(0, this.same));
    for (let k = this.same; k < this.end; k++) out[k] = flagsOf(rules[k]);
    out.set(old.subarray(this.oldEnd), this.end);
    return out;
  }

  /** Old positions of unchanged rules, as new positions. */
  moved(positions: readonly number[]): readonly number[] {
    const { shift, oldEnd } = this;
    return shift === 0 ? positions : positions.map((p) => (p >= oldEnd ? p + shift : p));
  }
}

/** The lists of candidates an edit changed: a rule that reads none of them has the cover it had. */
class DirtyFilings {
  private readonly filings: Filing[] = [];
  /** Per filing, the test readBy asks of every rule after it. */
  private readonly readers: Array<(m: Match) => boolean> = [];
  private all = false;

  add(match: Match): void {
    const f = filingOf(match);
    if (f.kind === 'general') this.all = true;
    else if (!this.filings.includes(f)) {
      this.filings.push(f);
      this.readers.push(filingReader(f));
    }
  }

  readBy(match: Match): boolean {
    if (this.all) return true;
    for (const reads of this.readers) if (reads(match)) return true;
    return false;
  }
}
