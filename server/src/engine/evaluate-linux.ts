// Linux (iptables and nftables share the netfilter model): on each hook of the
// path, every base chain of the packet's family runs in priority order. Within
// a chain the first match decides; `accept` ends only that base chain, `drop`
// and `reject` are final; a chain's end applies its policy.
import type { Chain, Hook, Rule, Ruleset } from '../model/ruleset';
import type { Answer, PacketQuestion } from './api';
import { SegmentCollector, type CellOutcome } from './collector';
import { runChain, type ActionHook, type ChainView, type ChainViews, type WalkState } from './first-match';
import { attachesCtTemplate, helperFor } from './helper-assignment';
import { PATH_HOOKS, factsOf, jumpTarget, packetOnHook } from './linux-path';
import { SweptView, sweepPorts } from './port-sweep';

/** Chain types that filter: nat chains only translate (see nat.ts). */
const FILTERING_TYPES: ReadonlySet<string> = new Set(['filter', 'route']);

interface HookPlan {
  readonly hook: Hook;
  readonly bases: readonly SweptView[];
  /** chain key -> view, for jumps. */
  readonly byKey: ReadonlyMap<string, SweptView>;
}

export function evaluateLinux(ruleset: Ruleset, q: PacketQuestion): Answer {
  const facts = factsOf(ruleset);
  const { chains, helpers } = facts;
  const plans: HookPlan[] = [];
  const allViews: SweptView[] = [];
  for (const hook of PATH_HOOKS[q.path]) {
    const { roots } = facts.hookChains(hook, q.ipVersion, FILTERING_TYPES);
    if (roots.length === 0) continue;
    const packet = packetOnHook(q, hook);
    // Only the chains this question can reach: a jump that cannot match its
    // ports or packet is no entry, and the chain it names gets no view (a
    // narrow question about one rule of a large ruleset reaches a few chains).
    const byKey = new Map<string, SweptView>();
    const pending = [...roots];
    while (pending.length > 0) {
      const c = pending.pop() as Chain;
      if (byKey.has(c.key)) continue;
      const view = new SweptView(c, facts.entriesOnPorts(c, packet, q.sport, q.dport));
      byKey.set(c.key, view);
      allViews.push(view);
      for (const e of view.entries) {
        const v = e.rule.verdict;
        if (v.kind !== 'jump' && v.kind !== 'goto') continue;
        const target = jumpTarget(chains, c, v.target);
        if (target && !byKey.has(target.key)) pending.push(target);
      }
    }
    plans.push({ hook, bases: roots.map((r) => byKey.get(r.key) as SweptView), byKey });
  }

  const collector = new SegmentCollector();
  const onRule = helperHook(ruleset.dialect, helpers);
  sweepPorts(allViews, q.sport, q.dport, (sport, dport) => {
    collector.add(sport, dport, walkPath(plans, chains, q.path, onRule));
  });
  return { question: q, segments: collector.segments() };
}

/** Records the first effective helper assignment on the way (the kernel keeps the first one). */
function helperHook(dialect: Ruleset['dialect'], helpers: ReadonlyMap<string, string>): ActionHook {
  return (rule, view, state) => {
    if (!state.helper && !state.ctTemplate) {
      const helper = helperFor(rule, state.base ?? view.chain, dialect, helpers);
      if (helper) state.helper = { helper, rule };
      else if (dialect === 'iptables' && attachesCtTemplate(rule)) state.ctTemplate = rule;
    }
    return false;
  };
}

const MAIN_HOOK: Readonly<Record<PacketQuestion['path'], Hook>> = { input: 'input', forward: 'forward', output: 'output' };

function walkPath(plans: readonly HookPlan[], chains: ReadonlyMap<string, Chain>, path: PacketQuestion['path'], onRule: ActionHook): CellOutcome {
  const state: WalkState = { trail: [], uncertain: false };
  let acceptedBy: Rule | undefined;
  let policyAccept: string | undefined;
  for (const plan of plans) {
    const views: ChainViews = {
      target: (from: ChainView, name: string) => {
        const t = jumpTarget(chains, from.chain, name);
        return t ? plan.byKey.get(t.key) : undefined;
      },
    };
    for (const base of plan.bases) {
      state.base = base.chain;
      const outcome = runChain(base, views, state, onRule);
      if (outcome.kind === 'verdict') {
        if (outcome.verdict !== 'accept') return finish(state, outcome.verdict, outcome.rule, undefined);
        state.trail.push(outcome.rule);
        acceptedBy = outcome.rule;
        continue;
      }
      const policy = base.chain.base?.policy ?? 'accept';
      if (policy === 'drop') return finish(state, 'drop', undefined, base.chain.key);
      // The main hook's policy is the meaningful one when no rule accepted.
      if (!policyAccept || plan.hook === MAIN_HOOK[path]) policyAccept = base.chain.key;
    }
  }
  // The last rule that accepted decides; earlier non-final accepts stay in the trail.
  if (acceptedBy) state.trail.splice(state.trail.lastIndexOf(acceptedBy), 1);
  return finish(state, 'accept', acceptedBy, acceptedBy ? undefined : policyAccept);
}

function finish(state: WalkState, verdict: CellOutcome['verdict'], decidedBy: Rule | undefined, policyOf: string | undefined): CellOutcome {
  return {
    verdict,
    decidedBy,
    policyOf,
    uncertain: state.uncertain,
    trail: state.trail,
    ...(state.helper ? { helper: state.helper } : {}),
  };
}
