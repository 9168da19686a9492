// The engine's answers for a document, carried to its next version while its
// rules are the same. An edit of a comment, or of a line the front end reads
// as before, leaves every rule the same object in the same chain (the front
// ends replay what did not change), and the engine would answer every question
// as it did: FTP001's passive question alone visits thousands of port cells.
import type { Answer, NatSegment } from '../engine/api';
import type { Chain, Ruleset } from '../model/ruleset';
import type { HelperAssignment } from './check';

/** Answers by question (see questionKey). */
export interface AnswerCaches {
  readonly evaluate: Map<string, Answer>;
  readonly assignedHelper: Map<string, HelperAssignment | undefined>;
  readonly translateDestination: Map<string, NatSegment[]>;
}

export function newAnswerCaches(): AnswerCaches {
  return { evaluate: new Map(), assignedHelper: new Map(), translateDestination: new Map() };
}

export class CarriedAnswers {
  private ruleset: Ruleset | undefined = undefined;
  private engine: object | undefined = undefined;
  private caches: AnswerCaches = newAnswerCaches();

  /** The caches for `ruleset` as `engine` answers: the previous version's when both are the same, else new ones. */
  cachesFor(ruleset: Ruleset, engine: object): AnswerCaches {
    const last = this.ruleset;
    if (!last || this.engine !== engine || !sameRules(last, ruleset)) this.caches = newAnswerCaches();
    this.ruleset = ruleset;
    this.engine = engine;
    return this.caches;
  }
}

/** Whether the engine reads the two rulesets alike: the same chains holding the same rule objects, the same helper objects. */
function sameRules(a: Ruleset, b: Ruleset): boolean {
  if (a.dialect !== b.dialect || a.form !== b.form || a.chains.length !== b.chains.length) return false;
  for (let i = 0; i < a.chains.length; i++) if (!sameChain(a.chains[i], b.chains[i])) return false;
  return JSON.stringify(a.helpers) === JSON.stringify(b.helpers);
}

function sameChain(a: Chain, b: Chain): boolean {
  if (a.key !== b.key || a.name !== b.name || a.table !== b.table || a.family !== b.family || a.evaluation !== b.evaluation) return false;
  if (a.base !== b.base && JSON.stringify(a.base) !== JSON.stringify(b.base)) return false;
  if (a.rules.length !== b.rules.length) return false;
  for (let k = 0; k < a.rules.length; k++) if (a.rules[k] !== b.rules[k]) return false;
  return true;
}
