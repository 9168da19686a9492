// The engine's entry point for packet questions: picks the dialect's ordering
// semantics and answers over the question's whole port ranges.
import type { Rule, Ruleset } from '../model/ruleset';
import type { Answer, PacketQuestion } from './api';
import { answerAfterEdit } from './answer-after-edit';
import { evaluateLinux } from './evaluate-linux';
import { evaluatePf, pfKeepsPorts } from './evaluate-pf';
import { assignedHelperFrom } from './helper-assignment';

export function evaluate(ruleset: Ruleset, q: PacketQuestion): Answer {
  if (q.sport.isEmpty() || q.dport.isEmpty()) return { question: q, segments: [] };
  return ruleset.dialect === 'pf' ? evaluatePf(ruleset, q) : evaluateLinux(ruleset, q);
}

/**
 * The answer to `q` after an edit replaced the rules `edited` (their old and
 * new versions), given `previous`, the answer to `q` before the edit: only the
 * ports the edited rules name are evaluated again when the dialect's
 * evaluation allows it, the whole question otherwise. Either way it is
 * evaluate(ruleset, q). The Linux evaluation always allows it: its filter
 * chains meet a packet with the ports of the question (translation is a
 * question of its own, see nat.ts). pf's allows it for questions of one pass
 * without old-style rdr.
 */
export function evaluateAfterEdit(ruleset: Ruleset, q: PacketQuestion, previous: Answer, edited: readonly Rule[]): Answer {
  const reusable = ruleset.dialect !== 'pf' || pfKeepsPorts(ruleset, q);
  return (reusable && answerAfterEdit(previous, q, edited, (part) => evaluate(ruleset, part))) || evaluate(ruleset, q);
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
