// FTP003: a broad allow over the high ports (the classic `--sport 20` rule for
// active FTP, or "accept 1024-65535") also opens services the ruleset means
// to keep closed.
import type { MemoSlot } from '../dialects/memo';
import type { PacketPath } from '../engine/api';
import { PortSet } from '../model/ports';
import type { Rule } from '../model/ruleset';
import { portServiceName } from '../model/services';
import type { RelatedLocation } from '../model/source';
import type { Check, CheckContext } from './check';
import { ruleLocation } from './describe';
import { admitsNew, ephemeral, ipVersions, isFilterRule, mentionsTcp, pathsOf, questionFor } from './ftp-paths';
import { selectCarried, selectionSlot } from './carried-selection';
import { PortCounts } from './port-counts';
import { ruleCensus } from './rule-census';
import type { Finding, FixProposal, RuleSpec } from './types';

/** Local services commonly listening on high ports: proxies, databases, admin UIs. */
export const WELL_KNOWN_HIGH_SERVICES: readonly number[] = [3128, 8080, 3306, 5432, 6379, 5900, 8443, 9090, 10000, 27017, 11211];

/** A finding names this many exposed ports in its message and links this many restricting rules; the rest are counted. */
const MAX_NAMED_PORTS = 20;
const MAX_RELATED = 50;

/** How many high ports a rule must open to count as a broad allow rather than a service or a passive range. */
const BROAD_ALLOW_MIN_PORTS = 1000;

export const ftp003: Check = {
  meta: {
    code: 'FTP003',
    name: 'ephemeral-allow-exposes-services',
    defaultSeverity: 'warning',
    summary: 'A broad allow over the ephemeral/high ports (typically from source port 20) also admits services the ruleset otherwise restricts or that commonly listen there.',
    dialects: ['iptables', 'nftables', 'pf'],
    fixable: true,
  },
  docs: {
    whatItDoes: `Finds accept rules for new TCP connections that open a large part of the high ports (at least ${BROAD_ALLOW_MIN_PORTS} of the configured ephemeral range, by default 1024-65535), typically written for FTP data as \`--sport 20 --dport 1024:65535\`, and asks the engine which service ports they really admit: ports another rule drops or admits only from some sources, the ports in \`protectedPorts\`, and ports where local services commonly listen (${WELL_KNOWN_HIGH_SERVICES.join(', ')}). When denies for some high ports already take effect before the broad rule, the admin has listed the services this host runs, and only that list (and \`protectedPorts\`) counts. A rule limited to single source hosts (the one FTP server a client trusts) is not broad. It reports the broad rule once, with a related location for each restricted service it exposes.`,
    whyThisBreaksFtp: `The rule is meant for FTP data, but a firewall cannot tell an FTP data connection from any other connection by its ports: anyone can send from source port 20, and "high ports" include web proxies, databases and admin interfaces. The deny you wrote for 3128 or 8080 never runs, because the broad allow decides first (or, in pf, last). Active FTP does not even need the rule when the server's data connection can be matched as RELATED through the FTP helper.`,
    howToFix: `Prefer the FTP helper (assign it to port 21 and accept RELATED) or, for passive mode, a narrow passive range equal to the server's configuration. If the broad rule must stay, deny the exposed service ports first: before it in iptables and nftables, as \`block quick\` before it (or a plain \`block\` after it) in pf.`,
    examples: {
      iptables: {
        bad: `*filter
:INPUT DROP [0:0]
-A INPUT -p tcp --sport 20 --dport 1024:65535 -j ACCEPT
-A INPUT -p tcp --dport 3128 -j DROP
COMMIT`,
        good: `*raw
-A OUTPUT -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
-A INPUT -m conntrack --ctstate RELATED -m helper --helper ftp -p tcp -j ACCEPT
-A INPUT -p tcp --dport 3128 -j DROP
COMMIT`,
      },
      nftables: {
        bad: `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    tcp sport 20 tcp dport 1024-65535 accept
    tcp dport 8080 ip saddr 10.0.0.0/8 accept
  }
}`,
        good: `table inet filter {
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established,related accept
    tcp dport 8080 ip saddr 10.0.0.0/8 accept
  }
}`,
      },
      pf: {
        bad: `block in all
pass in quick proto tcp from any port 20 to any port > 1023
block in quick proto tcp to port 3128`,
        good: `anchor "ftp-proxy/*"
block in all
pass in quick on em1 inet proto tcp to port ftp divert-to 127.0.0.1 port 8021
block in quick proto tcp to port 3128`,
      },
    },
    fixSafety: `Denying the exposed ports is safe when the ruleset itself already means to restrict each of them (another rule drops or restricts it); for ports only listed as commonly used services it is unsafe, because something may legitimately rely on reaching them. Narrowing the broad rule is offered as an unsafe alternative.`,
    references: [
      'RFC 6335 (port ranges)',
      'netfilter: "Secure use of iptables and connection tracking helpers"',
      'pf.conf(5): quick and last-match evaluation',
    ],
  },
  run(ctx: CheckContext): Finding[] {
    const findings: Finding[] = [];
    const high = ephemeral(ctx);
    // What the ruleset restricts is read only once a broad allow is found (most rulesets have none).
    let known: Restrictions | undefined;
    // A broad allow accepts and names ports (what a rule says about itself is carried between edits).
    for (const rule of selectCarried(ctx, BROAD_ALLOWS, ruleCensus(ctx).portAccepts, `${high}`, (r) => isBroadAllow(r, high))) {
      if (!isFilterRule(ctx, rule)) continue;
      const restricted = (known ??= new Restrictions(ctx));
      const { protectedPorts, denied } = restricted;
      const opened = (rule.match.dport ?? PortSet.ALL).intersect(high);
      const candidates = opened.intersect(protectedPorts);
      if (candidates.isEmpty()) continue;
      const exposed = narrowToOwnList(exposedPorts(ctx, rule, candidates, high, denied), opened, restricted);
      if (exposed.isEmpty()) continue;
      const related: RelatedLocation[] = [];
      const named: string[] = [];
      let allRestricted = true;
      const restrictionsAt = restricted.byPort(exposed);
      for (const port of exposed.values()) {
        if (named.length < MAX_NAMED_PORTS) {
          const service = portServiceName(port);
          named.push(service ? `${port} (${service})` : `${port}`);
        }
        const own = (restrictionsAt.get(port) ?? []).filter((r) => r.id !== rule.id);
        if (own.length === 0) allRestricted = false;
        for (const r of own) {
          if (related.length < MAX_RELATED) related.push(ruleLocation(r, `Port ${port} is ${howRestricted(r)} here, but the broad allow admits it first`));
        }
      }
      const more = exposed.size() - named.length;
      if (more > 0) named.push(`and ${more} more`);
      const from = rule.match.sport && !rule.match.sport.isAll() ? ` from source port ${rule.match.sport}` : '';
      findings.push({
        code: 'FTP003',
        message: `This rule accepts new TCP connections to ${opened.size()} high ports${from}, which also admits ${named.join(', ')}: services the ruleset restricts or that commonly listen there.${from ? ' Any host can send from that port.' : ''} Deny those ports before this rule, or replace it with the FTP helper and RELATED or a narrow passive range.`,
        range: rule.range,
        related,
        fixes: fixes(ctx, rule, exposed, allRestricted),
      });
    }
    return findings;
  },
};

/**
 * When a deny for a high port takes effect before the broad allow, the admin
 * has listed the services this host runs: judge the rule by that list (and
 * `protectedPorts`), not by the ports services commonly use elsewhere.
 */
function narrowToOwnList(exposed: PortSet, opened: PortSet, restricted: Restrictions): PortSet {
  const heeded = opened.intersect(restricted.denied).subtract(exposed);
  if (heeded.isEmpty()) return exposed;
  return exposed.intersect(restricted.ownList);
}

/** A source of single hosts (the FTP server a client trusts), not the whole Internet. */
function fromHostsOnly(rule: Rule): boolean {
  const src = rule.match.src;
  if (src.kind !== 'intervals' || src.negated || src.intervals.length === 0) return false;
  for (const i of src.intervals) if (i.lo !== i.hi) return false;
  return true;
}

function isBroadAllow(rule: Rule, high: PortSet): boolean {
  // The port count first: it rules out nearly every rule, with no allocation.
  if (rule.verdict.kind !== 'accept' || sharedPorts(rule.match.dport ?? PortSet.ALL, high) < BROAD_ALLOW_MIN_PORTS) return false;
  if (!mentionsTcp(rule) || !admitsNew(rule) || fromHostsOnly(rule)) return false;
  // A rule without any port match is host trust ("accept from the LAN"), not a port allow.
  if (!rule.match.dport && !rule.match.sport) return false;
  // Keyed on another service's source port (stateless replies from 22 or 80): not an FTP rule.
  const sport = rule.match.sport;
  return !(sport && sport.covers(sport.intersect(PortSet.range(0, 1023))) && !sport.has(20) && !sport.has(21));
}

/** How many ports two sets share, without building their intersection (this runs for every accept rule). */
function sharedPorts(a: PortSet, b: PortSet): number {
  let n = 0;
  for (const x of a.intervals) {
    for (const y of b.intervals) n += Math.max(0, Math.min(x.hi, y.hi) - Math.max(x.lo, y.lo) + 1);
  }
  return n;
}

/** What the ruleset restricts, read once per run and only when a broad allow needs it. */
class Restrictions {
  /** The restricting rules, in rule order (see restrictingRules). */
  readonly restrictions: readonly Rule[];
  /** Ports worth protecting: well-known high services, the `protectedPorts` setting and every restricted port. */
  readonly protectedPorts: PortSet;
  /** Ports a rule explicitly drops. */
  readonly denied: PortSet;
  /** The services this host lists itself: the `protectedPorts` setting and every restricted port. */
  readonly ownList: PortSet;

  constructor(ctx: CheckContext) {
    this.restrictions = restrictingRules(ctx);
    // Carried between edits: an edit recounts only the ports of the rules it replaced.
    const counts = ctx.memo?.slot(RESTRICTION_COUNTS) ?? new PortCounts();
    const { named, namedBySecond } = counts.update(this.restrictions, restrictedPorts, dropsPorts);
    this.ownList = named.union(PortSet.of(...ctx.settings.protectedPorts));
    this.protectedPorts = this.ownList.union(PortSet.of(...WELL_KNOWN_HIGH_SERVICES));
    this.denied = namedBySecond;
  }

  /** For each port of `ports`, the restrictions naming it, in rule order. */
  byPort(ports: PortSet): Map<number, Rule[]> {
    const byPort = new Map<number, Rule[]>();
    if (ports.isEmpty()) return byPort;
    // Bounds first: most restrictions name no port of a short list.
    const first = ports.intervals[0].lo;
    const last = ports.intervals[ports.intervals.length - 1].hi;
    for (const r of this.restrictions) {
      for (const { lo, hi } of restrictedPorts(r).intervals) {
        if (hi < first || lo > last) continue;
        for (let port = lo; port <= hi; port++) {
          if (!ports.has(port)) continue;
          const list = byPort.get(port);
          if (list) list.push(r);
          else byPort.set(port, [r]);
        }
      }
    }
    return byPort;
  }
}

/** A rule naming more ports than this is not about keeping particular services closed. */
const RESTRICTION_MAX_PORTS = 64;

/** Rules that show the ruleset means to keep a service port closed: they drop it, or accept it only from some sources. */
function restrictingRules(ctx: CheckContext): readonly Rule[] {
  return selectCarried(ctx, RESTRICTING, ruleCensus(ctx).portRestrictions, '', restricts);
}

const RESTRICTING = selectionSlot('checks: FTP003 restricting rules');
const BROAD_ALLOWS = selectionSlot('checks: FTP003 broad allows');
const RESTRICTION_COUNTS: MemoSlot<PortCounts> = { name: 'checks: FTP003 restricted ports', create: () => new PortCounts() };

function restricts(rule: Rule): boolean {
  const dport = rule.match.dport;
  if (!dport || dport.size() > RESTRICTION_MAX_PORTS || !mentionsTcp(rule)) return false;
  // `! -i docker0` admits every interface but one: that is not a restriction to some sources.
  return dropsPorts(rule) || (rule.verdict.kind === 'accept' && (rule.match.src.kind !== 'any' || (rule.match.inInterface !== undefined && !rule.match.inInterface.negated)));
}

function dropsPorts(rule: Rule): boolean {
  return rule.verdict.kind === 'drop' || rule.verdict.kind === 'reject';
}

/** The ports a restricting rule names (it always names some). */
function restrictedPorts(rule: Rule): PortSet {
  return rule.match.dport ?? PortSet.EMPTY;
}

function howRestricted(rule: Rule): string {
  return dropsPorts(rule) ? 'dropped' : 'accepted only from some sources';
}

/** Ports the broad rule itself decides to accept (the engine knows whether a deny takes effect first). */
function exposedPorts(ctx: CheckContext, rule: Rule, candidates: PortSet, high: PortSet, explicitlyDenied: PortSet): PortSet {
  const exposed: PortSet[] = [];
  const paths = pathsOf(ctx, rule).filter((p): p is PacketPath => p === 'input' || p === 'forward');
  for (const path of paths) {
    for (const v of ipVersions(ctx.ruleset)) {
      if (rule.match.ipVersion && rule.match.ipVersion !== v) continue;
      const sport = rule.match.sport ?? high;
      const answer = ctx.engine.evaluate(questionFor(ctx.ruleset, rule, path, v, { sport, dport: candidates, ctState: 'new' }));
      for (const s of answer.segments) {
        if (s.verdict !== 'accept' || s.decidedBy?.id !== rule.id) continue;
        // An uncertain answer may hide a deny the model cannot read (a table, a
        // negated source): trust it only for ports no deny names explicitly.
        exposed.push(s.uncertain ? s.dport.subtract(explicitlyDenied) : s.dport);
      }
    }
  }
  return PortSet.unionAll(exposed);
}

function fixes(ctx: CheckContext, rule: Rule, exposed: PortSet, allRestricted: boolean): FixProposal[] {
  const m = rule.match;
  const chainPath = pathsOf(ctx, rule).includes('forward') && !pathsOf(ctx, rule).includes('input') ? 'forward' : 'input';
  const deny: RuleSpec = {
    path: chainPath,
    table: 'filter',
    protocol: 'tcp',
    ...(m.inInterface && !m.inInterface.negated ? { inInterface: m.inInterface.names[0] } : {}),
    ...(m.dst.kind !== 'any' ? { dst: m.dst.text } : {}),
    dport: exposed,
    action: { kind: 'drop' },
    ...(ctx.dialect === 'pf' ? { quick: true } : {}),
    comment: 'keep these services closed despite the broad allow below',
  };
  const out: FixProposal[] = [
    {
      title: `Deny ports ${exposed} before the broad allow`,
      preferred: true,
      safety: allRestricted ? 'safe' : 'unsafe',
      intents: [{ kind: 'insert-rules', position: { before: rule }, rules: [deny] }],
    },
  ];
  if (m.dport) {
    out.push({
      title: `Narrow the rule to leave out ports ${exposed}`,
      preferred: false,
      safety: 'unsafe',
      intents: [{ kind: 'replace-ports', rule, field: 'dport', from: m.dport, to: m.dport.subtract(exposed) }],
    });
  }
  return out;
}
