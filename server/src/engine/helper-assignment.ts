// Conntrack helper assignment: `-j CT --helper ftp` (iptables raw table) and
// nft `ct helper set "name"` give a NEW connection its helper. nft's statement
// needs the connection tracking entry, which exists only after conntrack ran
// (priority -200): in a chain at priority raw (-300) it silently does nothing.
import type { Chain, Rule, Ruleset } from '../model/ruleset';

/** Priority of netfilter's conntrack hook; nft chains must run after it for `ct helper set`. */
export const CONNTRACK_PRIORITY = -200;

/** The kernel helper type a rule assigns when it matches on the way through base chain `base`; undefined when it assigns none or the assignment has no effect. */
export function helperFor(rule: Rule, base: Chain, dialect: Ruleset['dialect'], helperTypes: ReadonlyMap<string, string>): string | undefined {
  for (const action of rule.actions) {
    if (action.kind !== 'ct-helper') continue;
    if (dialect === 'nftables' && !helperTakesEffect(base)) continue;
    const name = action.helper.toLowerCase();
    return helperTypes.get(name) ?? name;
  }
  return undefined;
}

/** Whether an nft `ct helper set` reached from this base chain finds a conntrack entry. */
export function helperTakesEffect(base: Chain): boolean {
  return base.base === undefined || base.base.priority > CONNTRACK_PRIORITY;
}

/**
 * The helper a NEW connection of the question gets on its way: the first
 * effective assignment reached. When the answer differs across the question's
 * ports, any segment that gets a helper counts (the optimistic reading).
 */
export function assignedHelperFrom(segments: ReadonlyArray<{ helper?: { helper: string; rule: Rule } }>): { helper: string; rule: Rule } | undefined {
  for (const s of segments) if (s.helper) return s.helper;
  return undefined;
}

/**
 * iptables `-j CT` without `--helper` (plain, `--notrack`, `--zone`...): it
 * attaches a conntrack template too, and xt_CT skips a packet that already has
 * one, so a `CT --helper ftp` after it assigns nothing.
 */
export function attachesCtTemplate(rule: Rule): boolean {
  return rule.actions.some((a) => a.kind === 'other' && /^(CT|NOTRACK)\b/.test(a.text));
}
