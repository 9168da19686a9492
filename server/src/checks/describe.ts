// Related locations shared by the checks: where a packet was refused (a rule,
// or a chain's default policy) and how to name a rule in a message.
import type { Segment } from '../engine/api';
import type { Rule } from '../model/ruleset';
import type { RelatedLocation } from '../model/source';
import type { CheckContext } from './check';

export function ruleLocation(rule: Rule, message: string): RelatedLocation {
  return { range: rule.range, message, ...(rule.uri ? { uri: rule.uri } : {}) };
}

/** The rule or chain policy that refused a segment, as a related location; empty when the model has no range for it. */
export function describeRefusal(ctx: CheckContext, segment: Segment | undefined, message: string): RelatedLocation[] {
  if (!segment) return [];
  if (segment.decidedBy) return [ruleLocation(segment.decidedBy, `${message} (by this rule)`)];
  if (segment.policyOf) {
    const chain = ctx.ruleset.chains.find((c) => c.key === segment.policyOf);
    const range = chain?.base?.policyRange ?? chain?.range;
    if (range) return [{ range, message: `${message} (by the ${chain?.name ?? 'chain'} policy)` }];
  }
  return [];
}

/** `line 12` for messages: one-based like editors show it. */
export function lineRef(rule: Rule): string {
  return `line ${rule.range.start.line + 1}`;
}
