// The rules of a list that pass a test, carried to the list's next version.
// After an edit most rules of a large file are the same objects as before (the
// front ends replay what an edit left alone), and testing thousands of rules
// again costs milliseconds: each test reads several objects per rule, scattered
// in memory. The rules the edit left alone at the start and at the end of the
// list keep the answer they had, and so do those it only moved (readAlike):
// only the rules in between are tested.
import type { MemoSlot } from '../dialects/memo';
import { alikeEnds, type Rule } from '../model/ruleset';
import { lowerBound } from '../model/sequence';
import type { CheckContext } from './check';

export class CarriedSelection {
  private rules: readonly Rule[] = [];
  /** Per test, where each rule it chose last time stands in `rules`, ascending (the rules themselves are taken from the new list by place). */
  private places: readonly Int32Array[] = [];
  private key: string | undefined = undefined;

  /**
   * Per test of `tests`, the rules of `rules` it holds for, in order (new
   * lists each time). A test must read nothing but the rule's own fields
   * (which never change once lowered), not where the rule is written (its
   * range and id), and what `key` stands for.
   */
  select(rules: readonly Rule[], key: string, tests: ReadonlyArray<(rule: Rule) => boolean>): ReadonlyArray<readonly Rule[]> {
    const old = this.rules;
    const comparable = this.key === key && this.places.length === tests.length;
    const { prefix, suffix } = comparable ? alikeEnds(old, rules) : NOTHING_ALIKE;
    const end = rules.length - suffix;
    const oldEnd = old.length - suffix;
    // One walk over the rules in between, for all tests: on a first analysis that is every rule.
    const middles: Rule[][] = tests.map(() => []);
    const middlePlaces: number[][] = tests.map(() => []);
    for (let i = prefix; i < end; i++) {
      const rule = rules[i];
      for (let t = 0; t < tests.length; t++) {
        if (tests[t](rule)) {
          middles[t].push(rule);
          middlePlaces[t].push(i);
        }
      }
    }
    const chosen: Array<readonly Rule[]> = [];
    const places: Int32Array[] = [];
    const moved = end - oldEnd;
    for (let t = 0; t < tests.length; t++) {
      const oldAt = comparable ? this.places[t] : EMPTY_PLACES;
      // The old lists' parts before and after the rules in between, found by place: each the rule now at that place.
      const head = lowerBound(oldAt, prefix);
      const tail = lowerBound(oldAt, oldEnd);
      const middle = middles[t];
      const at = new Int32Array(head + middle.length + oldAt.length - tail);
      at.set(oldAt.subarray(0, head));
      at.set(middlePlaces[t], head);
      for (let k = tail, j = head + middle.length; k < oldAt.length; k++, j++) at[j] = oldAt[k] + moved;
      places.push(at);
      chosen.push(head === 0 && tail === oldAt.length ? middle : rulesAt(rules, at));
    }
    this.rules = rules;
    this.places = places;
    this.key = key;
    return chosen;
  }
}

const EMPTY_PLACES = new Int32Array(0);
const NOTHING_ALIKE = { prefix: 0, suffix: 0 };

function rulesAt(rules: readonly Rule[], places: Int32Array): Rule[] {
  const out = new Array<Rule>(places.length);
  for (let k = 0; k < places.length; k++) out[k] = rules[places[k]];
  return out;
}

/** A place in a document's memo for one selection. */
export function selectionSlot(name: string): MemoSlot<CarriedSelection> {
  return { name, create: () => new CarriedSelection() };
}

/** The rules `keep` holds for, carried in the document's memo under `slot` (without a memo, every rule is tested). */
export function selectCarried(ctx: Pick<CheckContext, 'memo'>, slot: MemoSlot<CarriedSelection>, rules: readonly Rule[], key: string, keep: (rule: Rule) => boolean): readonly Rule[] {
  return (ctx.memo?.slot(slot) ?? new CarriedSelection()).select(rules, key, [keep])[0];
}
