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
// rules before the first changed one (and, in pf's override pass, after the
// last changed one).
import type { Chain, Rule, Ruleset } from '../model/ruleset';
import { commonPrefixCount, commonSuffixCount } from '../model/sequence';
import { ChainShape, CoverIndex, NO_POSITIONS } from './cover-index';
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
  return a.match === b.match && a.verdict === b.verdict && a.quick === b.quick;
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

function lastMatchChain(chain: Chain, previous: ChainAnswer | undefined): ChainAnswer {
  const rules = chain.rules;
  const n = rules.length;
  const same = samePrefix(rules, previous, 'last-match');
  if (previous?.after && same === n && previous.rules.length === n) return { evaluation: 'last-match', rules, before: previous.before, after: previous.after };
  let shape: ChainShape | undefined;
  // Earlier quick rules: the later rule is never evaluated.
  const before = new Array<readonly number[]>(n);
  let quick: CoverIndex | undefined;
  for (let k = 0; k < n; k++) {
    const covering = previous && k < same ? previous.before[k] : (quick?.covering(k) ?? NO_POSITIONS);
    before[k] = covering;
    if (covering.length > 0) continue;
    const rule = rules[k];
    if (rule.quick && decides(rule) && rule.match.opaque.length === 0) (quick ??= new CoverIndex((shape ??= new ChainShape(rules)))).add(k);
  }
  // Later pass/block rules: they match whenever this one does and override it.
  // An answer here depends only on the rules from it to the end: those of an
  // unchanged suffix stand, shifted by the change in length.
  const suffix = previous?.after ? commonSuffixCount(rules, previous.rules, sameRule, same) : 0;
  const shift = previous ? n - previous.rules.length : 0;
  const after = new Array<readonly number[] | null>(n).fill(null);
  let later: CoverIndex | undefined;
  for (let k = n - 1; k >= 0; k--) {
    const rule = rules[k];
    if (!decides(rule)) continue;
    if (!rule.quick && before[k].length === 0) {
      const known = k >= n - suffix ? previous?.after?.[k - shift] : null;
      after[k] = known ? (shift === 0 ? known : known.map((p) => p + shift)) : (later?.covering(k) ?? NO_POSITIONS);
    }
    if (rule.match.opaque.length === 0 && k > 0) (later ??= new CoverIndex((shape ??= new ChainShape(rules)))).add(k);
  }
  return { evaluation: 'last-match', rules, before, after };
}
