// Rule bodies: filter rules (pass/block/match), anchors and old-style
// translation rules (nat/rdr/binat). Options are accepted in any order: pfctl
// is strict about order, but a linter that reads more loosely still reports
// everything that matters and never misreads a rule that pfctl loads.
import type { Range } from '../../model/source';
import type { Endpoint, RuleAction, RuleNode, Translation, TranslationKind } from './ast';
import type { Cursor } from './cursor';
import type { Token } from './lexer';
import { parseHosts, parseList, parseParenGroup, parsePorts, parseValueList, tokensText, valueOf } from './values';

/** Every word that may appear in a rule, for did-you-mean suggestions. */
export const RULE_KEYWORDS = [
  'in', 'out', 'log', 'quick', 'on', 'inet', 'inet6', 'proto', 'from', 'to', 'all', 'port', 'user', 'group', 'flags',
  'icmp-type', 'icmp6-type', 'tos', 'keep', 'modulate', 'synproxy', 'state', 'no', 'label', 'tag', 'tagged', 'queue',
  'rtable', 'probability', 'prio', 'set', 'allow-opts', 'fragment', 'route-to', 'reply-to', 'dup-to', 'nat-to',
  'rdr-to', 'binat-to', 'divert-to', 'divert-packet', 'divert-reply', 'af-to', 'once', 'received-on', 'max-pkt-rate',
  'os', 'scrub', 'static-port', 'source-hash', 'round-robin', 'random', 'bitmask', 'sticky-address', 'least-states',
  'drop', 'return', 'return-rst', 'return-icmp', 'return-icmp6', 'pass', 'any', 'self', 'dscp', 'rdomain', 'for',
];

const TRANSLATION_ACTIONS = new Set<RuleAction>(['nat', 'rdr', 'binat']);
const FLAG_WORDS = new Set([
  'allow-opts', 'fragment', 'once', 'divert-reply', 'static-port', 'sticky-address', 'round-robin', 'random',
  'least-states', 'bitmask', 'no-df', 'random-id', 'reassemble', 'prefer-ipv6-nexthop',
]);
const ONE_VALUE_OPAQUE = new Set(['tos', 'dscp', 'rtable', 'probability', 'prio', 'max-pkt-rate', 'os', 'rdomain']);
const BLOCK_MODES = new Set(['drop', 'return', 'return-rst', 'return-icmp', 'return-icmp6']);

export function newRule(action: RuleAction, keyword: Token, negatedTranslation = false): RuleNode {
  const range = keyword.range;
  if (negatedTranslation) {
    return { type: 'rule', action, range, keywordRange: range, negatedTranslation, translations: [], opaque: [], otherActions: [], createdTables: [] };
  }
  return { type: 'rule', action, range, keywordRange: range, translations: [], opaque: [], otherActions: [], createdTables: [] };
}

/**
 * Reads a rule after its action keyword (and after `no`). Stops at the end of
 * the line, at `{` (an inline anchor body, left for the caller) or at `}`.
 */
export function parseRuleBody(c: Cursor, rule: RuleNode): void {
  if (rule.action === 'block' && c.peek().kind === 'word' && BLOCK_MODES.has(c.peek().text)) {
    rule.blockMode = c.next().text;
    if (c.isPunct('(')) parseParenGroup(c);
  }
  if (rule.action.endsWith('anchor')) parseAnchorName(c, rule);
  while (!c.atLineEnd() && !c.isPunct('{') && !c.isPunct('}')) parseRuleOption(c, rule);
}

function parseAnchorName(c: Cursor, rule: RuleNode): void {
  const t = c.peek();
  if (t.kind === 'string' || (t.kind === 'word' && !RULE_KEYWORDS.includes(t.text))) {
    c.next();
    rule.anchorName = valueOf(t);
  }
}

function parseRuleOption(c: Cursor, rule: RuleNode): void {
  const t = c.peek();
  if (t.kind === 'punct') {
    parsePunctOption(c, rule, t);
    return;
  }
  if (t.kind !== 'word') throw c.unexpected(t, 'a rule option', RULE_KEYWORDS);
  const word = t.text;
  c.next();
  switch (word) {
    case 'in':
    case 'out':
      rule.direction = word;
      return;
    case 'log':
      rule.log = true;
      if (c.isPunct('(')) parseParenGroup(c);
      return;
    case 'quick':
      rule.quick = true;
      return;
    case 'on':
      parseInterfaces(c, rule);
      return;
    case 'inet':
      rule.af = 4;
      return;
    case 'inet6':
      rule.af = 6;
      return;
    case 'proto':
      rule.protocols = parseValueList(c, 'a protocol');
      return;
    case 'all':
      return;
    case 'from':
      rule.from = parseEndpoint(c, t);
      return;
    case 'to':
      rule.to = parseEndpoint(c, t);
      return;
    case 'user':
    case 'group': {
      const items = parsePorts(c, `a ${word} name or id`);
      rule.opaque.push(`${word} ${items.map((i) => (i.b ? `${i.a.text}${i.op}${i.b.text}` : i.op === '=' ? i.a.text : `${i.op} ${i.a.text}`)).join(' ')}`);
      return;
    }
    case 'flags':
      rule.flags = valueOf(c.expectValue('TCP flags such as S/SA'));
      return;
    case 'icmp-type':
    case 'icmp6-type':
      rule.opaque.push(`${word} ${parseIcmpTypes(c).join(', ')}`);
      return;
    case 'keep':
    case 'modulate':
    case 'synproxy':
      expectStateWord(c);
      rule.state = word;
      parseStateOptions(c, rule);
      return;
    case 'no':
      expectStateWord(c);
      rule.state = 'no';
      return;
    case 'label':
    case 'tag':
      rule.otherActions.push({ text: `${word} ${c.expectValue(`a ${word}`).text}`, range: c.rangeFrom(t.range) });
      return;
    case 'tagged':
    case 'received-on':
      rule.opaque.push(`${word} ${c.expectValue(`a ${word === 'tagged' ? 'tag' : 'interface'}`).text}`);
      return;
    case 'queue':
      if (c.isPunct('(')) parseParenGroup(c);
      else c.expectValue('a queue name');
      return;
    case 'set':
      parseSetOption(c);
      return;
    case 'scrub':
      if (c.isPunct('(')) parseParenGroup(c);
      return;
    case 'route-to':
    case 'reply-to':
    case 'dup-to':
      rule.otherActions.push({ text: `${word} ${parseRouteTarget(c)}`, range: c.rangeFrom(t.range) });
      return;
    case 'nat-to':
    case 'rdr-to':
    case 'binat-to':
    case 'divert-to':
      rule.translations.push(parseTranslation(c, word, t.range));
      return;
    case 'divert-packet':
      c.acceptWord('port');
      rule.translations.push({ kind: 'divert-packet', hosts: [], ports: [{ op: '=', a: valueOf(c.expectValue('a divert port')), range: c.rangeFrom(t.range) }], range: c.rangeFrom(t.range) });
      return;
    case 'af-to':
      rule.translations.push(parseAfTo(c, t.range));
      return;
    case 'source-hash':
      if (c.peek().kind === 'string' || /^0x[0-9a-f]+$/i.test(c.peek().text)) c.next();
      return;
    case 'pass':
      if (TRANSLATION_ACTIONS.has(rule.action)) {
        rule.passThrough = true;
        return;
      }
      break;
    default:
      if (FLAG_WORDS.has(word)) return;
      if (ONE_VALUE_OPAQUE.has(word)) {
        const v = c.expectValue(`a value for '${word}'`);
        if (word !== 'rtable') rule.opaque.push(`${word} ${v.text}`);
        return;
      }
  }
  throw c.unexpected(t, 'a rule option', RULE_KEYWORDS);
}

function parsePunctOption(c: Cursor, rule: RuleNode, t: Token): void {
  if (t.text === '->' && TRANSLATION_ACTIONS.has(rule.action)) {
    c.next();
    rule.translations.push(parseTranslation(c, 'arrow', t.range));
    return;
  }
  if (t.text === '!' && (c.isWord('tagged', 1) || c.isWord('received-on', 1))) {
    c.next();
    const word = c.next().text;
    rule.opaque.push(`! ${word} ${c.expectValue(`a ${word === 'tagged' ? 'tag' : 'interface'}`).text}`);
    return;
  }
  throw c.unexpected(t, 'a rule option');
}

function expectStateWord(c: Cursor): void {
  if (!c.acceptWord('state')) throw c.unexpected(c.peek(), "'state'", ['state']);
}

/** `(max-src-conn 10, overload <bad> flush global)`: only `overload <table>` matters to the model. */
function parseStateOptions(c: Cursor, rule: RuleNode): void {
  if (!c.isPunct('(')) return;
  const tokens = parseParenGroup(c);
  for (let i = 0; i + 3 < tokens.length; i++) {
    if (tokens[i].kind === 'word' && tokens[i].text === 'overload' && tokens[i + 1].text === '<' && tokens[i + 3].text === '>') {
      const name = tokens[i + 2];
      rule.createdTables.push({ text: name.text, range: name.range });
    }
  }
}

function parseInterfaces(c: Cursor, rule: RuleNode): void {
  const negated = c.acceptPunct('!') !== undefined;
  if (c.acceptWord('rdomain')) {
    rule.opaque.push(`on rdomain ${c.expectValue('a routing domain').text}`);
    return;
  }
  const names = parseList(
    c,
    () => {
      const bang = c.acceptPunct('!');
      const v = c.expectValue('an interface');
      return bang ? { text: `!${v.text}`, range: v.range } : valueOf(v);
    },
    'an interface',
  );
  rule.interfaces = { names, negated };
}

/** `from|to [hosts] [port ports]`: either part may be left out (`to port 21`). */
function parseEndpoint(c: Cursor, keyword: Token): Endpoint {
  let hosts: Endpoint['hosts'] = [];
  if (!c.isWord('port') && !c.isWord('os')) {
    if (c.atLineEnd()) throw c.unexpected(c.peek(), 'an address');
    hosts = parseHosts(c);
  }
  const ports = c.acceptWord('port') ? parsePorts(c) : undefined;
  const range = c.rangeFrom(keyword.range);
  return ports ? { hosts, ports, range } : { hosts, range };
}

function parseIcmpTypes(c: Cursor): string[] {
  return parseList(
    c,
    () => {
      const type = c.expectValue('an ICMP type').text;
      if (c.acceptWord('code')) return `${type} code ${c.expectValue('an ICMP code').text}`;
      return type;
    },
    'an ICMP type',
  );
}

/** `set prio 3`, `set prio (3, 5)`, `set queue q`, `set tos 0x10`, `set delay 100`. */
function parseSetOption(c: Cursor): void {
  const what = c.expectValue('prio, queue, tos or delay');
  if (!['prio', 'queue', 'tos', 'delay'].includes(what.text)) throw c.unexpected(what, 'prio, queue, tos or delay', ['prio', 'queue', 'tos', 'delay']);
  if (c.isPunct('(')) parseParenGroup(c);
  else c.expectValue(`a value for 'set ${what.text}'`);
}

/** `route-to (em1 10.0.0.1)`, `route-to { (em1 a) (em2 b) } round-robin`, `route-to em1`. */
function parseRouteTarget(c: Cursor): string {
  const parts: string[] = [];
  const one = (): void => {
    if (c.isPunct('(')) parts.push(`(${tokensText(parseParenGroup(c))})`);
    else if (c.isPunct('<')) parts.push(...parseHosts(c).map((h) => h.text));
    else parts.push(c.expectValue('a route target').text);
  };
  if (c.isPunct('{')) parseList(c, one, 'a route target');
  else one();
  return parts.join(' ');
}

function parseTranslation(c: Cursor, kind: TranslationKind, start: Range): Translation {
  if (c.atLineEnd()) throw c.unexpected(c.peek(), 'an address');
  const hosts = parseHosts(c);
  const ports = c.acceptWord('port') ? parsePorts(c) : undefined;
  const range = c.rangeFrom(start);
  return ports ? { kind, hosts, ports, range } : { kind, hosts, range };
}

/** `af-to inet6 from 2001:db8::/96 [to 2001:db8::1]`. */
function parseAfTo(c: Cursor, start: Range): Translation {
  const af = c.expectValue('inet or inet6');
  if (af.text !== 'inet' && af.text !== 'inet6') throw c.unexpected(af, 'inet or inet6', ['inet', 'inet6']);
  if (!c.acceptWord('from')) throw c.unexpected(c.peek(), "'from'", ['from']);
  const hosts = parseHosts(c);
  if (c.acceptWord('to')) hosts.push(...parseHosts(c));
  return { kind: 'af-to', hosts, range: c.rangeFrom(start) };
}
