// First-match evaluation of one representative packet through a chain, with
// jumps, gotos and returns (iptables and nftables share these semantics). Which
// rules can match is decided by the ChainView the caller provides, so the same
// walk serves the indexed filter evaluation and the plain NAT walk.
import type { PortSet } from '../model/ports';
import type { Chain, Rule } from '../model/ruleset';

/**
 * How a rule that passed the port-independent test takes part:
 * - `match`: it matches;
 * - `match-uncertain`: it may match; read as matching (accept-like verdicts: no false alarm);
 * - `skip-uncertain`: it may match a drop/reject; read as not matching, but the answer is uncertain;
 * - `try`: a jump/goto that may match: taken unless the chain it leads to drops the packet.
 */
export type EntryMode = 'match' | 'match-uncertain' | 'skip-uncertain' | 'try';

export interface Entry {
  readonly rule: Rule;
  readonly mode: EntryMode;
  /** The rule's port conditions, copied here so hot loops touch one small object. */
  readonly sport?: PortSet;
  readonly dport?: PortSet;
}

export interface ChainView {
  readonly chain: Chain;
  readonly entries: readonly Entry[];
  /** The next entry at or after `from` that matches the current packet's ports (never a skip-uncertain one); -1 if none. */
  next(from: number): number;
  /** Whether a skip-uncertain entry in [from, to) matches the current packet's ports. */
  skippedBetween(from: number, to: number): boolean;
}

export interface ChainViews {
  /** The view of the chain `name` a rule in `from` jumps to; undefined when it does not exist. */
  target(from: ChainView, name: string): ChainView | undefined;
}

export type ChainOutcome =
  | { readonly kind: 'verdict'; readonly verdict: 'accept' | 'drop' | 'reject'; readonly rule: Rule }
  /** An action hook ended the walk (a DNAT was decided). */
  | { readonly kind: 'stop'; readonly rule: Rule }
  /** The chain ended or returned: the caller goes on (a base chain applies its policy). */
  | { readonly kind: 'fallthrough' };

export interface WalkState {
  trail: Rule[];
  uncertain: boolean;
  helper?: { helper: string; rule: Rule };
  /** iptables: a CT target without a helper that the connection met first; the kernel ignores every later CT target. */
  ctTemplate?: Rule;
  /** The base chain the walk started in (user chains run at their caller's place). */
  base?: Chain;
  /** Chains the walk is inside of (a jump to one of them is a loop). */
  active?: Set<string>;
  /** Rules visited so far by this walk, against MAX_STEPS. */
  steps?: number;
}

/** Called for each rule that matches, before its verdict; returning true stops the walk. */
export type ActionHook = (rule: Rule, view: ChainView, state: WalkState) => boolean;

const MAX_DEPTH = 64;
/**
 * Rules one walk may visit before it stops taking jumps. Chains that jump to
 * the same chain several times, nested, make the number of paths grow
 * exponentially with the depth; past this the answer is uncertain.
 */
const MAX_STEPS = 100_000;
const FALLTHROUGH: ChainOutcome = { kind: 'fallthrough' };

export function runChain(view: ChainView, views: ChainViews, state: WalkState, onRule?: ActionHook, depth = 0): ChainOutcome {
  const active = (state.active ??= new Set());
  const key = view.chain.key;
  if (depth > MAX_DEPTH || active.has(key)) {
    // A jump loop: the kernel refuses such rulesets; read it as falling through.
    state.uncertain = true;
    return FALLTHROUGH;
  }
  active.add(key);
  try {
    return walkChain(view, views, state, onRule, depth);
  } finally {
    active.delete(key);
  }
}

function walkChain(view: ChainView, views: ChainViews, state: WalkState, onRule: ActionHook | undefined, depth: number): ChainOutcome {
  let k = 0;
  for (;;) {
    state.steps = (state.steps ?? 0) + 1;
    const m = view.next(k);
    if (view.skippedBetween(k, m < 0 ? view.entries.length : m)) state.uncertain = true;
    if (m < 0) return FALLTHROUGH;
    k = m + 1;
    const entry = view.entries[m];
    if (entry.mode === 'try') {
      const snapshot = { trail: state.trail.length, helper: state.helper, ctTemplate: state.ctTemplate };
      const outcome = applyRule(entry.rule, view, views, state, onRule, depth);
      state.uncertain = true;
      if (outcome.kind === 'verdict' && outcome.verdict !== 'accept') {
        // Optimistic reading: the jump that would drop the packet is taken not to match.
        state.trail.length = snapshot.trail;
        state.helper = snapshot.helper;
        state.ctTemplate = snapshot.ctTemplate;
        continue;
      }
      if (outcome.kind !== 'fallthrough' || entry.rule.verdict.kind === 'goto') return outcome;
      continue;
    }
    if (entry.mode === 'match-uncertain') state.uncertain = true;
    const outcome = applyRule(entry.rule, view, views, state, onRule, depth);
    if (outcome.kind !== 'fallthrough') return outcome;
    if (entry.rule.verdict.kind === 'return' || entry.rule.verdict.kind === 'goto') return FALLTHROUGH;
  }
}

/** Applies one matching rule; `fallthrough` means "go on with the next rule" except after return/goto. */
function applyRule(rule: Rule, view: ChainView, views: ChainViews, state: WalkState, onRule: ActionHook | undefined, depth: number): ChainOutcome {
  if (onRule && onRule(rule, view, state)) return { kind: 'stop', rule };
  const v = rule.verdict;
  switch (v.kind) {
    case 'accept':
    case 'drop':
    case 'reject':
      return { kind: 'verdict', verdict: v.kind, rule };
    case 'return':
    case 'continue':
    case 'anchor':
      state.trail.push(rule);
      return FALLTHROUGH;
    case 'jump':
    case 'goto': {
      state.trail.push(rule);
      const target = views.target(view, v.target);
      if (target && (state.steps ?? 0) > MAX_STEPS) {
        // Too many paths through the jumps: leave the rest of them untaken (the chains walked so far still decide).
        state.uncertain = true;
        return FALLTHROUGH;
      }
      if (!target) {
        // An undefined chain (FW002 reports it): the kernel would refuse the ruleset.
        state.uncertain = true;
        return FALLTHROUGH;
      }
      return runChain(target, views, state, onRule, depth + 1);
    }
  }
}
