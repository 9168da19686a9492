// The engine's entry point for packet questions: picks the dialect's ordering
// semantics and answers over the question's whole port ranges.
import type { Rule, Ruleset } from '../model/ruleset';
import type { Answer, PacketQuestion } from './api';
import { evaluateLinux } from './evaluate-linux';
import { evaluatePf } from './evaluate-pf';
import { assignedHelperFrom } from './helper-assignment';

export function evaluate(ruleset: Ruleset, q: PacketQuestion): Answer {
  if (q.sport.isEmpty() || q.dport.isEmpty()) return { question: q, segments: [] };
  return ruleset.dialect === 'pf' ? evaluatePf(ruleset, q) : evaluateLinux(ruleset, q);
}

/**
 * The conntrack helper a NEW connection of `q` is given on its way (kernel
 * type, e.g. `ftp`, resolved through nft helper objects). pf has no helpers.
 * Over a range of ports, any segment that gets a helper counts.
 */
export function assignedHelper(ruleset: Ruleset, q: PacketQuestion): { helper: string; rule: Rule } | undefined {
  if (ruleset.dialect === 'pf') return undefined;
  return assignedHelperFrom(evaluate(ruleset, { ...q, ctState: 'new' }).segments);
}
