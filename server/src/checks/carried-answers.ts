// The engine's answers for a document, carried to its next version. An edit
// of a comment, or of a line the front end reads as before, leaves every rule
// the same object in the same chain (the front ends replay what did not
// change), and the engine would answer every question as it did: FTP001's
// passive question alone visits thousands of port cells. An edit of a few
// rules leaves the previous answers usable too: the engine evaluates again
// only what those rules can change (evaluateAfterEdit). A line inserted or
// deleted above a rule moves it (another range, perhaps another id): the
// engine reads it as before, and the previous answers stand once they name the
// rule as it is now (answerWithRulesMoved).
import type { Answer, NatSegment } from '../engine/api';
import { alikeEnds, type Chain, type Rule, type Ruleset } from '../model/ruleset';
import type { HelperAssignment } from './check';

/** Answers by question (see questionKey). */
export interface AnswerCaches {
  readonly evaluate: Map<string, Answer>;
  readonly assignedHelper: Map<string, HelperAssignment | undefined>;
  readonly translateDestination: Map<string, NatSegment[]>;
}

/** The previous version's answers, and the rules the edit replaced (old and new versions). */
export interface AnswersBeforeEdit {
  readonly evaluate: ReadonlyMap<string, Answer>;
  readonly edited: readonly Rule[];
  /** Rules the edit only moved: each previous version, with the rule that stands for it now (see readAlike). */
  readonly moved: ReadonlyMap<Rule, Rule>;
}

export interface CarriedCaches {
  readonly caches: AnswerCaches;
  /** Set when the rules changed by a few: answers to the previous version's questions. */
  readonly beforeEdit?: AnswersBeforeEdit;
}

export function newAnswerCaches(): AnswerCaches {
  return { evaluate: new Map(), assignedHelper: new Map(), translateDestination: new Map() };
}

/** Beyond this many replaced rules (old and new counted), answers are computed afresh. */
const MAX_EDITED_RULES = 64;

export class CarriedAnswers {
  private ruleset: Ruleset | undefined = undefined;
  private engine: object | undefined = undefined;
  private caches: AnswerCaches = newAnswerCaches();

  /**
   * The caches for `ruleset` as `engine` answers: the previous version's when
   * both are the same; else new ones, with the previous answers beside them
   * when the edit only replaced a few rules or moved some.
   */
  cachesFor(ruleset: Ruleset, engine: object): CarriedCaches {
    const last = this.ruleset;
    const change = last && this.engine === engine ? editedRules(last, ruleset) : undefined;
    this.ruleset = ruleset;
    this.engine = engine;
    if (change?.edited.length === 0 && change.moved.size === 0) return { caches: this.caches };
    const before = this.caches;
    this.caches = newAnswerCaches();
    return change ? { caches: this.caches, beforeEdit: { evaluate: before.evaluate, ...change } } : { caches: this.caches };
  }
}

/**
 * The rules an edit replaced, old and new versions, and those it moved, when
 * the two versions have the same chains (names, tables, hooks, policies) and
 * helper objects and differ only by a few rules in each chain; undefined
 * otherwise. Rules are compared as objects first: the front ends replay
 * unchanged ones.
 */
function editedRules(a: Ruleset, b: Ruleset): { edited: Rule[]; moved: Map<Rule, Rule> } | undefined {
  if (a.dialect !== b.dialect || a.form !== b.form || a.chains.length !== b.chains.length) return undefined;
  if (JSON.stringify(a.helpers) !== JSON.stringify(b.helpers)) return undefined;
  const edited: Rule[] = [];
  const moved = new Map<Rule, Rule>();
  for (let i = 0; i < a.chains.length; i++) {
    const before = a.chains[i];
    const after = b.chains[i];
    if (!sameChainHeader(before, after)) return undefined;
    const { prefix, suffix } = alikeEnds(before.rules, after.rules);
    if (before.rules.length + after.rules.length - 2 * (prefix + suffix) + edited.length > MAX_EDITED_RULES) return undefined;
    for (let k = prefix; k < before.rules.length - suffix; k++) edited.push(before.rules[k]);
    for (let k = prefix; k < after.rules.length - suffix; k++) edited.push(after.rules[k]);
    noteMoved(before.rules, after.rules, 0, 0, prefix, moved);
    noteMoved(before.rules, after.rules, before.rules.length - suffix, after.rules.length - suffix, suffix, moved);
  }
  return { edited, moved };
}

/** Notes in `moved` the rules of a run read alike in both versions that are not the same objects. */
function noteMoved(before: readonly Rule[], after: readonly Rule[], from: number, to: number, count: number, moved: Map<Rule, Rule>): void {
  for (let k = 0; k < count; k++) if (before[from + k] !== after[to + k]) moved.set(before[from + k], after[to + k]);
}

/** Whether the engine reads the two chains alike apart from their rules. */
function sameChainHeader(a: Chain, b: Chain): boolean {
  if (a.key !== b.key || a.name !== b.name || a.table !== b.table || a.family !== b.family || a.evaluation !== b.evaluation) return false;
  return a.base === b.base || JSON.stringify(a.base) === JSON.stringify(b.base);
}
