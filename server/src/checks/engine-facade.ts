// Memoises the engine's answers for one ruleset, so that checks asking the
// same question (FTP001 and FTP008 both ask about passive data) share the work,
// and, with the document's memo, for its next versions while the rules are the
// same (carried-answers.ts).
import type { Answer, NatQuestion, NatSegment, PacketQuestion } from '../engine/api';
import { answerWithRulesMoved } from '../engine/answer-after-edit';
import { ShadowingMemo } from '../engine/shadowing';
import type { FrontendMemo, MemoSlot } from '../dialects/memo';
import type { Rule, Ruleset } from '../model/ruleset';
import { CarriedAnswers, newAnswerCaches } from './carried-answers';
import type { EngineFacade, HelperAssignment, UnreachableRule } from './check';

/** The engine entry points the checks use. */
export interface EngineFunctions {
  evaluate(ruleset: Ruleset, question: PacketQuestion): Answer;
  /** evaluate(ruleset, question), from the answer before an edit that replaced the rules `edited` (old and new versions). */
  evaluateAfterEdit?(ruleset: Ruleset, question: PacketQuestion, previous: Answer, edited: readonly Rule[]): Answer;
  assignedHelper(ruleset: Ruleset, question: PacketQuestion): HelperAssignment | undefined;
  translateDestination(ruleset: Ruleset, question: NatQuestion): NatSegment[];
  /** `memo` keeps each chain's answer for the next analysis of the same document. */
  findUnreachableRules(ruleset: Ruleset, memo?: ShadowingMemo): Array<{ rule: Rule; shadowedBy: Rule[] }>;
}

/** A stable key for a question: PortSets by their text, bigints as decimal strings. */
export function questionKey(question: object): string {
  return JSON.stringify(question, (_key, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (value && typeof value === 'object' && 'intervals' in value && typeof (value as { toString: unknown }).toString === 'function') {
      return `ports:${String(value)}`;
    }
    return value;
  });
}

function memo<Q extends object, A>(compute: (q: Q, key: string) => A, cache: Map<string, A>): (q: Q) => A {
  return (q) => {
    const key = questionKey(q);
    if (cache.has(key)) return cache.get(key) as A;
    const a = compute(q, key);
    cache.set(key, a);
    return a;
  };
}

/** Where a document's FW003 answers are kept between analyses. */
const SHADOWING: MemoSlot<ShadowingMemo> = { name: 'checks: FW003 answers per chain', create: () => new ShadowingMemo() };
/** Where a document's answers are kept for its next version. */
const ANSWERS: MemoSlot<CarriedAnswers> = { name: 'checks: engine answers of the previous version', create: () => new CarriedAnswers() };

/** `documentMemo`: the host's memo of the document, where answers that outlive one analysis are kept. */
export function createEngineFacade(ruleset: Ruleset, engine: EngineFunctions, documentMemo?: FrontendMemo): EngineFacade {
  let unreachable: readonly UnreachableRule[] | undefined;
  const { caches, beforeEdit } = documentMemo ? documentMemo.slot(ANSWERS).cachesFor(ruleset, engine) : { caches: newAnswerCaches(), beforeEdit: undefined };
  const evaluate = (q: PacketQuestion, key: string): Answer => {
    const asked = beforeEdit?.evaluate.get(key);
    if (!asked || !beforeEdit) return engine.evaluate(ruleset, q);
    const previous = answerWithRulesMoved(asked, beforeEdit.moved);
    if (beforeEdit.edited.length === 0) return previous;
    return engine.evaluateAfterEdit ? engine.evaluateAfterEdit(ruleset, q, previous, beforeEdit.edited) : engine.evaluate(ruleset, q);
  };
  return {
    evaluate: memo(evaluate, caches.evaluate),
    assignedHelper: memo((q: PacketQuestion) => engine.assignedHelper(ruleset, q), caches.assignedHelper),
    translateDestination: memo((q: NatQuestion) => engine.translateDestination(ruleset, q), caches.translateDestination),
    unreachableRules: () => (unreachable ??= engine.findUnreachableRules(ruleset, documentMemo?.slot(SHADOWING))),
  };
}
