// A rule in plain words, for hovers: what it does, where it sits in the packet
// path, and which FTP flows it lets through or blocks. Reads the shared model
// only, so it explains every dialect the same way.
import { PortSet } from '../model/ports';
import type { Action, Chain, Hook, Rule, Ruleset } from '../model/ruleset';
import { CONNTRACK_PRIORITY } from '../engine/helper-assignment';
import { describeConditions, describeOpaque, describePorts, describeSubject } from './describe-match';
import { FTP_ACTIVE_DATA_PORT, FTP_CONTROL_PORT } from './explain-port';

/** The smallest passive range worth calling one (FTP004's default minimum). */
const PASSIVE_RANGE_MIN = 256;
const HIGH_PORTS = PortSet.range(1024, 65535);
const FTP_PROXY_PORT = 8021;

const PRIORITY_NAMES: ReadonlyMap<number, string> = new Map([
  [-300, 'raw'],
  [-150, 'mangle'],
  [-100, 'dstnat'],
  [0, 'filter'],
  [50, 'security'],
  [100, 'srcnat'],
]);

export function explainRule(rule: Rule, ruleset: Ruleset): string {
  const chain = ruleset.chains.find((c) => c.key === rule.chainKey);
  const hooks = chain ? hooksOf(chain, ruleset) : [];
  const sections = [headline(rule, chain, hooks, ruleset), placement(rule, chain, ruleset)];
  const ftp = ftpFlows(rule, chain, hooks, ruleset);
  if (ftp.length > 0) sections.push(['**FTP**', ...ftp.map((l) => `- ${l}`)].join('\n'));
  return sections.filter((s) => s.length > 0).join('\n\n');
}

// ---------------------------------------------------------------- what it does

function isPf(ruleset: Ruleset): boolean {
  return ruleset.dialect === 'pf';
}

function actionTarget(a: Action): string {
  switch (a.kind) {
    case 'dnat':
      return `${a.address ?? 'the same address'}${a.ports ? ` ${describePorts(a.ports)}` : ''}`;
    case 'redirect':
      return `this host${a.ports ? `, ${describePorts(a.ports)}` : ''}`;
    case 'divert':
      return `the local socket ${a.address}${a.port !== undefined ? ` port ${a.port}` : ''}`;
    default:
      return '';
  }
}

/** Verb before the subject and words after the conditions. */
function verbOf(rule: Rule, chain: Chain | undefined, ruleset: Ruleset): { verb: string; after: string } {
  const v = rule.verdict;
  const pf = isPf(ruleset);
  const translation = rule.actions.find((a) => a.kind === 'dnat' || a.kind === 'redirect' || a.kind === 'divert');
  const natChain = chain?.base?.type === 'nat';
  if (translation && (v.kind === 'continue' || natChain || !pf)) {
    const verb = translation.kind === 'dnat' ? 'Forwards (destination NAT)' : translation.kind === 'redirect' ? 'Redirects' : 'Diverts';
    return { verb, after: ` to ${actionTarget(translation)}` };
  }
  switch (v.kind) {
    case 'accept':
      return { verb: pf ? 'Passes' : 'Accepts', after: translation ? ` and sends them to ${actionTarget(translation)}` : '' };
    case 'drop':
      return { verb: pf ? 'Blocks' : 'Drops', after: '' };
    case 'reject':
      return { verb: pf ? 'Blocks (answering with an error)' : 'Rejects (answering with an error)', after: '' };
    case 'return':
      return chain?.base
        ? { verb: 'Ends this chain early (its policy applies) for', after: '' }
        : { verb: 'Returns to the calling chain for', after: '' };
    case 'jump':
      return { verb: 'Sends', after: ` to chain \`${v.target}\`, and back here if that chain does not decide` };
    case 'goto':
      return { verb: 'Hands', after: ` to chain \`${v.target}\` for good (a goto does not come back here)` };
    case 'anchor':
      return {
        verb: 'Evaluates',
        after: v.inline ? ` against the rules of anchor \`${v.name}\`` : ` against anchor \`${v.name}\`, whose rules are loaded at run time`,
      };
    case 'continue': {
      const helper = rule.actions.find((a) => a.kind === 'ct-helper');
      if (helper?.kind === 'ct-helper') return { verb: `Assigns the \`${helper.helper}\` conntrack helper to`, after: '' };
      const snat = rule.actions.find((a) => a.kind === 'snat' || a.kind === 'masquerade');
      if (snat) return { verb: 'Rewrites the source address (source NAT) of', after: snat.kind === 'snat' && snat.address ? ` to ${snat.address}` : '' };
      if (rule.actions.some((a) => a.kind === 'log')) return { verb: 'Logs', after: ' and lets the next rule decide' };
      if (pf) return { verb: 'Tags (a `match` rule, which never decides)', after: '' };
      return { verb: 'Counts or marks', after: ' and lets the next rule decide' };
    }
  }
}

function headline(rule: Rule, chain: Chain | undefined, hooks: readonly string[], ruleset: Ruleset): string {
  const { verb, after } = verbOf(rule, chain, ruleset);
  const where = hooks.length > 0 ? ` on ${hooks.join(' and ')}` : '';
  const sentence = `${verb} ${describeSubject(rule.match)} ${describeConditions(rule.match).join(' ')}${after}${where}${describeOpaque(rule.match)}.`;
  const extras: string[] = [];
  if (rule.actions.some((a) => a.kind === 'log') && rule.verdict.kind !== 'continue') extras.push('Logs them first.');
  if (rule.skipsFilter) extras.push('The translated packet skips the filter rules (`pass`).');
  return [sentence, ...extras].join(' ');
}

// ----------------------------------------------------------------- where it sits

function hookName(hook: Hook): string {
  return hook === 'pf-filter' ? 'the pf filter pass' : hook;
}

/** The hooks a chain runs on: its own, or those of the base chains that jump or go to it. */
function hooksOf(chain: Chain, ruleset: Ruleset): string[] {
  if (isPf(ruleset)) {
    return [];
  }
  const hooks = new Set<string>();
  const seen = new Set<string>();
  const visit = (c: Chain): void => {
    if (seen.has(c.key)) return;
    seen.add(c.key);
    if (c.base) {
      hooks.add(hookName(c.base.hook));
      return;
    }
    for (const caller of callersOf(c, ruleset)) visit(caller);
  };
  visit(chain);
  return [...hooks];
}

function callersOf(chain: Chain, ruleset: Ruleset): Chain[] {
  return ruleset.chains.filter(
    (c) =>
      c.family === chain.family &&
      c.table === chain.table &&
      c.rules.some((r) => (r.verdict.kind === 'jump' || r.verdict.kind === 'goto') && r.verdict.target === chain.name),
  );
}

function priorityText(priority: number): string {
  const name = PRIORITY_NAMES.get(priority);
  return name ? `${priority} (${name})` : `${priority}`;
}

function placement(rule: Rule, chain: Chain | undefined, ruleset: Ruleset): string {
  if (!chain) return '';
  const position = chain.rules.indexOf(rule) + 1;
  const lines: string[] = [];
  if (isPf(ruleset)) {
    if (chain.base?.type === 'nat') {
      lines.push(`Translation rule ${position}: the first matching translation rule applies, before filtering.`);
    } else {
      const where = chain.base ? `Filter rule ${position}` : `Rule ${position} of anchor \`${chain.name}\` (evaluated where the anchor is referenced)`;
      let how = 'pf evaluates every filter rule and the **last** matching one decides';
      if (rule.verdict.kind === 'continue') how += '; `match` rules never decide';
      else if (rule.verdict.kind !== 'anchor') how += rule.quick ? '; this rule is `quick`: when it matches, evaluation stops here' : '; this rule is not `quick`: a later matching rule overrides it';
      lines.push(`${where}. ${how}.`);
    }
    return lines.join('\n\n');
  }
  const scope = `table \`${chain.table}\`, family \`${chain.family}\``;
  if (chain.base) {
    const b = chain.base;
    lines.push(`Rule ${position} of base chain \`${chain.name}\` (${scope}): ${b.type} chain on the **${hookName(b.hook)}** hook at priority ${priorityText(b.priority)}; policy **${b.policy}**.`);
    const later = ruleset.chains.filter(
      (c) => c !== chain && c.base?.hook === b.hook && c.base.type !== 'nat' && c.base.priority >= b.priority && (c.family === chain.family || c.family === 'inet' || chain.family === 'inet'),
    );
    if (rule.verdict.kind === 'accept' && b.type !== 'nat' && later.length > 0) {
      lines.push(`An accept ends only this base chain: the packet still meets ${later.map((c) => `\`${c.name}\` (priority ${c.base?.priority})`).join(', ')} on the same hook.`);
    }
  } else {
    const callers = callersOf(chain, ruleset);
    lines.push(
      callers.length > 0
        ? `Rule ${position} of user chain \`${chain.name}\` (${scope}), reached from ${callers.map((c) => `\`${c.name}\``).join(', ')}.`
        : `Rule ${position} of user chain \`${chain.name}\` (${scope}). No rule jumps to this chain, so it never runs.`,
    );
  }
  if (ruleset.dialect === 'nftables' && rule.actions.some((a) => a.kind === 'ct-helper') && chain.base && chain.base.priority <= CONNTRACK_PRIORITY) {
    lines.push(
      `**No effect:** \`ct helper set\` at priority ${chain.base.priority} runs before connection tracking (${CONNTRACK_PRIORITY}), so no helper is assigned. Use a chain at a priority above ${CONNTRACK_PRIORITY}, such as \`filter\`.`,
    );
  }
  return lines.join('\n\n');
}

// ------------------------------------------------------------------ FTP flows

type Direction = 'inbound' | 'outbound' | 'forwarded' | 'any';

function directionOf(rule: Rule, hooks: readonly string[], ruleset: Ruleset): Direction {
  if (isPf(ruleset)) return rule.match.direction === 'in' ? 'inbound' : rule.match.direction === 'out' ? 'outbound' : 'any';
  if (hooks.length !== 1) return 'any';
  if (hooks[0] === 'input' || hooks[0] === 'prerouting') return 'inbound';
  if (hooks[0] === 'output') return 'outbound';
  if (hooks[0] === 'forward') return 'forwarded';
  return 'any';
}

function admitsTcp(rule: Rule): boolean {
  const p = rule.match.protocol;
  if (!p) return true;
  const tcp = p.names.some((n) => ['tcp', '6', 'all', 'ip', 'any'].includes(n.toLowerCase()));
  return p.negated ? !p.names.some((n) => ['tcp', '6'].includes(n.toLowerCase())) : tcp;
}

function admitsState(rule: Rule, state: 'new' | 'related'): boolean {
  const s = rule.match.ctState;
  if (!s) return true;
  return rule.match.ctStateNegated ? !s.has(state) : s.has(state);
}

function effectOf(rule: Rule): string | undefined {
  switch (rule.verdict.kind) {
    case 'accept':
      return '**lets through**';
    case 'drop':
    case 'reject':
      return '**blocks**';
    default:
      return undefined;
  }
}

function ftpFlows(rule: Rule, chain: Chain | undefined, hooks: readonly string[], ruleset: Ruleset): string[] {
  if (!admitsTcp(rule)) return [];
  const m = rule.match;
  const out: string[] = [];
  const dir = directionOf(rule, hooks, ruleset);
  const effect = chain?.base?.type === 'nat' ? undefined : effectOf(rule);
  const serverSide = dir === 'inbound' ? 'to a server on this host' : dir === 'forwarded' ? 'to a server behind this host' : 'to a server';
  const clientSide = dir === 'outbound' ? 'from a client on this host' : dir === 'forwarded' ? 'from clients behind this host' : 'from a client';
  const controlPort = m.dport === undefined || m.dport.has(FTP_CONTROL_PORT);

  for (const a of rule.actions) {
    if (a.kind === 'ct-helper' && controlPort) {
      out.push(`Assigns the \`${a.helper}\` helper to the control connections it matches: their PORT/PASV commands are tracked, so the data connections arrive as RELATED (accept RELATED where data arrives).`);
    }
    if (a.kind === 'dnat' && m.dport) {
      if (m.dport.has(FTP_CONTROL_PORT)) {
        out.push(`Forwards FTP control to ${a.address ?? 'another host'}. Passive data needs the server's PASV range forwarded too, unless the \`nf_nat_ftp\` helper (or pf's ftp-proxy) handles the data connections.`);
      }
      const high = m.dport.intersect(HIGH_PORTS);
      if (high.size() >= PASSIVE_RANGE_MIN) out.push(`Forwards ${describePorts(high)} to ${a.address ?? 'another host'}: a passive range there works if the server advertises the public address.`);
    }
    if ((a.kind === 'redirect' && a.ports?.has(FTP_PROXY_PORT)) || (a.kind === 'divert' && a.port === FTP_PROXY_PORT) || (a.kind === 'dnat' && a.ports?.has(FTP_PROXY_PORT))) {
      out.push('Sends FTP control to a local ftp-proxy, which opens the data connections itself (pf needs `anchor "ftp-proxy/*"` for its rules).');
    }
  }
  if (rule.verdict.kind === 'anchor' && rule.verdict.name.startsWith('ftp-proxy')) {
    out.push('ftp-proxy(8) inserts a rule here for each data connection it expects, at run time.');
  }
  if (!effect) return out;

  if (m.dport === undefined && m.sport === undefined) {
    if (admitsState(rule, 'new')) out.push(`Matches every port: ${effect} FTP control and active and passive data alike.`);
    else if (admitsState(rule, 'related')) out.push(relatedLine(rule, effect));
    return out;
  }
  if (m.dport?.has(FTP_CONTROL_PORT) && admitsState(rule, 'new')) {
    out.push(dir === 'outbound' ? `FTP control ${clientSide} to servers: ${effect}.` : `FTP control ${serverSide}: ${effect}.`);
  }
  if (m.sport?.has(FTP_ACTIVE_DATA_PORT) && admitsState(rule, 'new')) {
    out.push(
      dir === 'outbound'
        ? `Active-mode data from a server on this host (port 20) to clients: ${effect}.`
        : `Active-mode data from servers' port 20 ${dir === 'inbound' ? 'to a client on this host' : 'to clients'}: ${effect}. Servers need not use port 20, and anyone can send from it.`,
    );
  }
  const high = m.dport?.intersect(HIGH_PORTS);
  if (m.sport?.has(FTP_ACTIVE_DATA_PORT) && effect === '**lets through**' && high && high.size() > 10000) {
    out.push(`Anyone sending from port 20 also reaches every other service listening on ${describePorts(high)}.`);
  }
  if (high && high.size() >= PASSIVE_RANGE_MIN && m.sport === undefined && admitsState(rule, 'new')) {
    out.push(
      dir === 'outbound'
        ? `Passive-mode data ${clientSide} to servers' PASV ${describePorts(high)}: ${effect}.`
        : `Passive-mode data ${serverSide} whose PASV range lies in ${describePorts(high)}: ${effect}; active-mode data to clients' ephemeral ports there too.`,
    );
    if (effect === '**lets through**' && high.size() > 10000) out.push('So broad a range also admits every other service listening in it.');
  }
  if (m.ctState && admitsState(rule, 'related') && !m.ctStateNegated) out.push(relatedLine(rule, effect));
  return out;
}

function relatedLine(rule: Rule, effect: string): string {
  const helper = rule.match.ctHelper ? ` of the \`${rule.match.ctHelper}\` helper` : '';
  return `RELATED connections${helper} (FTP data the helper expected, active and passive): ${effect}. They exist only if a helper is assigned to the control connection.`;
}
