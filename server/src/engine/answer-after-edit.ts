// An answer for a ruleset's next version, made from the previous version's
// answer to the same question. An edit that replaced a few rules changes the
// outcome only of packets those rules (the old ones or the new ones) can
// match: when each of them names its destination ports, and the evaluation
// keeps a packet's ports as they are (nothing translates it before the rules
// that decide), every other destination port ends as it did.
// Only the edited rules' ports are evaluated again; the previous segments are
// kept elsewhere, and both are merged the way a fresh evaluation merges its
// cells, so the result is the answer a fresh evaluation gives (a property
// test compares them).
import { PortSet, type PortInterval } from '../model/ports';
import type { Rule } from '../model/ruleset';
import { lowerBound } from '../model/sequence';
import type { Answer, PacketQuestion, Segment } from './api';
import { SegmentCollector } from './collector';

/**
 * The answer to `q` after an edit replaced the rules `edited` (old and new
 * versions together), from `previous` (the answer to `q` before it), with
 * `evaluatePart` answering `q` over fewer destination ports. Undefined when an
 * edited rule may match any destination port: the edit may then change every
 * cell, and only a fresh evaluation will do.
 */
export function answerAfterEdit(
  previous: Answer,
  q: PacketQuestion,
  edited: readonly Rule[],
  evaluatePart: (part: PacketQuestion) => Answer,
): Answer | undefined {
  let touched = PortSet.EMPTY;
  for (const rule of edited) {
    const dport = rule.match.dport;
    if (!dport) return undefined;
    touched = touched.union(dport);
  }
  const affected = q.dport.intersect(touched);
  if (affected.isEmpty()) return { question: q, segments: previous.segments };
  const fresh = evaluatePart({ ...q, dport: affected });
  return { question: q, segments: merged(previous.segments, affected, fresh.segments) };
}

/**
 * `answer` naming, instead of each rule `moved` maps, the rule that stands for
 * it now: the answer to the same question over rules the engine reads alike.
 */
export function answerWithRulesMoved(answer: Answer, moved: ReadonlyMap<Rule, Rule>): Answer {
  if (moved.size === 0) return answer;
  const now = (rule: Rule): Rule => moved.get(rule) ?? rule;
  const segments = answer.segments.map((segment): Segment => {
    const { decidedBy, helper, trail } = segment;
    const moves = (decidedBy !== undefined && moved.has(decidedBy)) || (helper !== undefined && moved.has(helper.rule)) || trail.some((rule) => moved.has(rule));
    if (!moves) return segment;
    return {
      ...segment,
      ...(decidedBy && { decidedBy: now(decidedBy) }),
      ...(helper && { helper: { helper: helper.helper, rule: now(helper.rule) } }),
      trail: trail.map(now),
    };
  });
  return { question: answer.question, segments };
}

interface Cell {
  readonly sport: PortInterval;
  readonly dport: PortInterval;
  readonly outcome: Segment;
}

/**
 * `kept` outside the `affected` ports with `fresh` inside them, as one list of
 * segments. The collector groups cells by their exact source-port interval,
 * and the edit may have moved source-port edges, so the source intervals are
 * first cut at every edge either list has: a fresh evaluation's cells never
 * straddle one of those edges.
 */
function merged(kept: readonly Segment[], affected: PortSet, fresh: readonly Segment[]): Segment[] {
  const cells: Cell[] = [];
  const edges = new Set<number>();
  const add = (segment: Segment, dports: PortSet): void => {
    for (const sport of segment.sport.intervals) {
      edges.add(sport.lo);
      edges.add(sport.hi + 1);
      for (const dport of dports.intervals) cells.push({ sport, dport, outcome: segment });
    }
  };
  for (const segment of kept) {
    const outside = segment.dport.overlaps(affected) ? segment.dport.subtract(affected) : segment.dport;
    if (!outside.isEmpty()) add(segment, outside);
  }
  for (const segment of fresh) add(segment, segment.dport);
  const sortedEdges = Int32Array.from(edges).sort();
  const split: Cell[] = [];
  for (const cell of cells) {
    let lo = cell.sport.lo;
    for (let e = lowerBound(sortedEdges, lo + 1); e < sortedEdges.length && sortedEdges[e] <= cell.sport.hi; e++) {
      split.push({ sport: { lo, hi: sortedEdges[e] - 1 }, dport: cell.dport, outcome: cell.outcome });
      lo = sortedEdges[e];
    }
    split.push(lo === cell.sport.lo ? cell : { sport: { lo, hi: cell.sport.hi }, dport: cell.dport, outcome: cell.outcome });
  }
  // In any order: the collector normalises each row's ports and sorts its segments.
  const collector = new SegmentCollector();
  for (const cell of split) collector.add(cell.sport, cell.dport, cell.outcome);
  return collector.segments();
}
