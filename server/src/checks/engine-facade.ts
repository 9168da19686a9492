// Memoises the engine's answers for one ruleset, so that checks asking the
// same question (FTP001 and FTP008 both ask about passive data) share the work,
// and, with the document's memo, for its next versions while the rules are the
// same (carried-answers.ts).
import type { Answer, NatQuestion, NatSegment, PacketQuestion } from '../engine/api';
import { answerWithRulesMoved } from '../engine/answer-after-edit';
import { ShadowingMemo } from '../engine/shadowing';
import type { FrontendMemo, MemoSlot } from '../dialects/memo';
import type { ConcreteAddress } from '../model/addresses';
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

/**
 * A key for a packet question: every field the engine reads, in one order.
 * Written out rather than serialised: FTP004 alone asks one question per
 * narrow accept rule, thousands in a large file.
 */
export function questionKey(q: PacketQuestion): string {
  return `${q.path}${SEP}${q.ipVersion}${SEP}${q.protocol}${SEP}${addressKey(q.src)}${SEP}${addressKey(q.dst)}${SEP}${q.sport.toString()}${SEP}${q.dport.toString()}${SEP}${q.ctState}${SEP}${optional(q.ctHelper)}${SEP}${optional(q.inInterface)}${SEP}${optional(q.outInterface)}${SEP}${q.dnatted ? 1 : 0}`;
}

/** The same for a NAT question. */
export function natQuestionKey(q: NatQuestion): string {
  return `${q.ipVersion}${SEP}${q.protocol}${SEP}${addressKey(q.dst)}${SEP}${q.dport.toString()}${SEP}${optional(q.inInterface)}`;
}

/** Between fields: a character no interface or helper name holds. */
const SEP = '\u0000';
const ABSENT = '\u0001';

function optional(text: string | undefined): string {
  return text ?? ABSENT;
}

function addressKey(address: ConcreteAddress | undefined): string {
  return address ? `${address.version}:${address.value}` : ABSENT;
}

function memo<Q, A>(compute: (q: Q, key: string) => A, cache: Map<string, A>, keyOf: (q: Q) => string): (q: Q) => A {
  return (q) => {
    const key = keyOf(q);
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
    evaluate: memo(evaluate, caches.evaluate, questionKey),
    assignedHelper: memo((q: PacketQuestion) => engine.assignedHelper(ruleset, q), caches.assignedHelper, questionKey),
    translateDestination: memo((q: NatQuestion) => engine.translateDestination(ruleset, q), caches.translateDestination, natQuestionKey),
    unreachableRules: () => (unreachable ??= engine.findUnreachableRules(ruleset, documentMemo?.slot(SHADOWING))),
  };
}
