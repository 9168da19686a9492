// Value checks for extension options the model does not interpret (marks,
// SPIs, TTLs, log levels...): iptables refuses these rules, so they are FW001.
// Declarative tables, so a new rule is one line.
import type { SourceDiagnostic } from '../../model/source';
import type { Word } from './command';
import { syntaxError } from './diagnostics';
import type { ParsedOption, RuleSpec } from './parse';
import { nameMap } from '../../model/table';

/** Options a module or target needs: every inner list names alternatives, one of which must be given. */
const REQUIRED_MODULE_OPTIONS: ReadonlyMap<string, ReadonlyArray<readonly string[]>> = nameMap({
  state: [['--state']],
  helper: [['--helper']],
  comment: [['--comment']],
  iprange: [['--src-range', '--dst-range']],
  mac: [['--mac-source']],
  mark: [['--mark']],
  connmark: [['--mark']],
  length: [['--length']],
  addrtype: [['--src-type', '--dst-type']],
  set: [['--match-set', '--set']],
  connlimit: [['--connlimit-upto', '--connlimit-above']],
  hashlimit: [['--hashlimit-name'], ['--hashlimit-upto', '--hashlimit-above', '--hashlimit']],
  string: [['--string', '--hex-string'], ['--algo']],
  pkttype: [['--pkt-type']],
  ttl: [['--ttl-eq', '--ttl-lt', '--ttl-gt']],
  hl: [['--hl-eq', '--hl-lt', '--hl-gt']],
  tos: [['--tos']],
  dscp: [['--dscp', '--dscp-class']],
  cpu: [['--cpu']],
  quota: [['--quota']],
  nfacct: [['--nfacct-name']],
  statistic: [['--mode']],
  cgroup: [['--path', '--cgroup']],
  cluster: [['--cluster-total-nodes'], ['--cluster-local-node', '--cluster-local-nodemask'], ['--cluster-hash-seed']],
  connbytes: [['--connbytes'], ['--connbytes-dir'], ['--connbytes-mode']],
  realm: [['--realm']],
  conntrack: [[
    '--ctstate', '--ctproto', '--ctorigsrc', '--ctorigdst', '--ctreplsrc', '--ctrepldst', '--ctorigsrcport',
    '--ctorigdstport', '--ctreplsrcport', '--ctrepldstport', '--ctstatus', '--ctexpire', '--ctdir',
  ]],
});

const REQUIRED_TARGET_OPTIONS: ReadonlyMap<string, ReadonlyArray<readonly string[]>> = nameMap({
  MARK: [['--set-mark', '--set-xmark', '--and-mark', '--or-mark', '--xor-mark']],
  CONNMARK: [['--set-mark', '--set-xmark', '--save-mark', '--restore-mark', '--and-mark', '--or-mark', '--xor-mark']],
  CLASSIFY: [['--set-class']],
  DSCP: [['--set-dscp', '--set-dscp-class']],
  TOS: [['--set-tos', '--and-tos', '--or-tos', '--xor-tos']],
  TCPMSS: [['--set-mss', '--clamp-mss-to-pmtu']],
  SECMARK: [['--selctx']],
  CONNSECMARK: [['--save', '--restore']],
  TEE: [['--gateway']],
  LED: [['--led-trigger-id']],
  CHECKSUM: [['--checksum-fill']],
  AUDIT: [['--type']],
  HMARK: [['--hmark-mod']],
  TTL: [['--ttl-set', '--ttl-dec', '--ttl-inc']],
  HL: [['--hl-set', '--hl-dec', '--hl-inc']],
  DNPT: [['--src-pfx'], ['--dst-pfx']],
  SNPT: [['--src-pfx'], ['--dst-pfx']],
  TPROXY: [['--on-port']],
  IDLETIMER: [['--timeout'], ['--label']],
});

/** Options that may appear only once, or exclude each other. */
const EXCLUSIVE_OPTIONS: ReadonlyArray<readonly string[]> = [
  ['--ttl-set', '--ttl-dec', '--ttl-inc'],
  ['--hl-set', '--hl-dec', '--hl-inc'],
  ['--ttl-eq', '--ttl-lt', '--ttl-gt'],
  ['--hl-eq', '--hl-lt', '--hl-gt'],
  ['--dscp', '--dscp-class'],
  ['--set-dscp', '--set-dscp-class'],
  ['--connlimit-upto', '--connlimit-above'],
  ['--connlimit-saddr', '--connlimit-daddr'],
  ['--fraglast', '--fragmore'],
  ['--to-destination'],
  ['--to-source'],
];

type NumberRule = { readonly max: bigint; readonly min?: bigint; readonly range?: boolean; readonly mask?: boolean };
const U8: NumberRule = { max: 255n };
const U16: NumberRule = { max: 65535n };
const U32: NumberRule = { max: 4294967295n };
const U32_RANGE: NumberRule = { max: 4294967295n, range: true };
const U32_MASK: NumberRule = { max: 4294967295n, mask: true };

const NUMERIC_OPTIONS: ReadonlyMap<string, NumberRule> = nameMap({
  '--ahspi': U32_RANGE, '--espspi': U32_RANGE, '--ipcompspi': U32_RANGE, '--fragid': U32_RANGE, '--ctexpire': U32_RANGE,
  '--length': { max: 65535n, range: true }, '--mss': { max: 65535n, range: true }, '--mh-type': { max: 255n, range: true },
  '--rt-segsleft': U32_RANGE, '--connbytes': { max: 18446744073709551615n, range: true },
  '--connlimit-upto': U32, '--connlimit-above': U32, '--cpu': U32, '--quota': { max: 18446744073709551615n },
  '--mark': U32_MASK, '--set-mark': U32_MASK, '--set-xmark': U32_MASK,
  '--nflog-group': U16, '--nflog-threshold': U16, '--nflog-range': U32, '--nflog-size': U32, '--queue-num': U16,
  '--queue-balance': { max: 65535n, range: true },
  '--ttl-eq': U8, '--ttl-lt': U8, '--ttl-gt': U8, '--hl-eq': U8, '--hl-lt': U8, '--hl-gt': U8,
  '--ttl-set': U8, '--hl-set': U8, '--ttl-inc': { min: 1n, max: 255n }, '--ttl-dec': { min: 1n, max: 255n },
  '--hl-inc': { min: 1n, max: 255n }, '--hl-dec': { min: 1n, max: 255n },
  '--dscp': { max: 63n }, '--set-dscp': { max: 63n }, '--dccp-option': U8,
});

const LOG_LEVELS = new Set(['emerg', 'alert', 'crit', 'error', 'err', 'warning', 'warn', 'notice', 'info', 'debug', 'panic']);
const ADDRESS_TYPES = new Set(['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE']);
const PACKET_TYPES = new Set(['unicast', 'broadcast', 'multicast', 'host', 'otherhost']);
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const CHOICES: ReadonlyMap<string, ReadonlySet<string>> = nameMap({
  '--log-level': LOG_LEVELS,
  '--src-type': ADDRESS_TYPES,
  '--dst-type': ADDRESS_TYPES,
  '--pkt-type': PACKET_TYPES,
  '--algo': new Set(['bm', 'kmp']),
  '--connbytes-mode': new Set(['packets', 'bytes', 'avgpkt']),
  '--connbytes-dir': new Set(['original', 'reply', 'both']),
});

function parseNumber(text: string): bigint | undefined {
  if (/^\d+$/.test(text)) return BigInt(text);
  if (/^0x[0-9a-f]+$/i.test(text)) return BigInt(text);
  return undefined;
}

function checkNumber(o: ParsedOption, word: Word, rule: NumberRule, diagnostics: SourceDiagnostic[]): void {
  const min = rule.min ?? 0n;
  const fail = (why: string): void => {
    diagnostics.push(syntaxError(word.range, `${o.name} ${why}`));
  };
  const one = (text: string): bigint | undefined => {
    const n = parseNumber(text);
    if (n === undefined) fail(`needs a number, not ${JSON.stringify(text)}`);
    else if (n < min || n > rule.max) fail(`value ${text} is out of range (${min}-${rule.max})`);
    else return n;
    return undefined;
  };
  let text = word.text;
  if (rule.mask && text.includes('/')) {
    const [value, mask] = text.split('/');
    if (one(mask) === undefined) return;
    text = value;
  }
  if (rule.range && text.includes(':')) {
    const [a, b] = text.split(':');
    const lo = a === '' ? min : one(a);
    const hi = b === '' ? rule.max : one(b);
    if (lo !== undefined && hi !== undefined && lo > hi) fail(`range ${word.text} is reversed`);
    return;
  }
  one(text);
}

function checkRequired(owner: string, given: readonly ParsedOption[], required: ReadonlyArray<readonly string[]> | undefined, word: Word, diagnostics: SourceDiagnostic[]): void {
  for (const alternatives of required ?? []) {
    if (!given.some((o) => alternatives.includes(o.name))) {
      diagnostics.push(syntaxError(word.range, `${owner} needs ${alternatives.length === 1 ? alternatives[0] : `one of ${alternatives.join(', ')}`}`));
      return;
    }
  }
}

function checkExclusive(options: readonly ParsedOption[], diagnostics: SourceDiagnostic[]): void {
  // Two options at least make a conflict; most modules and targets are given one.
  if (options.length < 2) return;
  for (const group of EXCLUSIVE_OPTIONS) {
    const used = options.filter((o) => group.includes(o.name));
    if (used.length > 1) diagnostics.push(syntaxError(used[1].word.range, group.length === 1 ? `${used[1].name} given twice` : `${used[1].name} cannot be combined with ${used[0].name}`));
  }
}

function checkValues(options: readonly ParsedOption[], diagnostics: SourceDiagnostic[]): void {
  for (const o of options) {
    const word = o.args[0];
    if (!word || word.dynamic) continue;
    const numeric = NUMERIC_OPTIONS.get(o.name);
    if (numeric) checkNumber(o, word, numeric, diagnostics);
    const choices = CHOICES.get(o.name);
    if (choices) {
      const values = o.name === '--src-type' || o.name === '--dst-type' ? word.text.split(',') : [word.text];
      const bad = values.find((v) => !choices.has(v) && !(o.name === '--log-level' && /^[0-7]$/.test(v)));
      if (bad !== undefined) diagnostics.push(syntaxError(word.range, `${o.name} does not take ${JSON.stringify(bad)}; expected ${[...choices].join(', ')}`));
    }
    if (o.name === '--mac-source' && !MAC.test(word.text)) diagnostics.push(syntaxError(word.range, `invalid MAC address ${JSON.stringify(word.text)}; expected six hex pairs like 00:11:22:33:44:55`));
  }
}

/** Checks what iptables itself would refuse in extension options; the model-relevant ones are checked where they are lowered. */
export function validateExtensions(rule: RuleSpec, diagnostics: SourceDiagnostic[]): void {
  for (const module of rule.modules) {
    if (!module.word) continue;
    const required = REQUIRED_MODULE_OPTIONS.get(module.name);
    if (required) checkRequired(`-m ${module.name}`, module.options, required, module.word, diagnostics);
    checkExclusive(module.options, diagnostics);
    checkValues(module.options, diagnostics);
  }
  const target = rule.target;
  if (target && !target.goto) {
    const required = REQUIRED_TARGET_OPTIONS.get(target.name);
    if (required) checkRequired(`-j ${target.name}`, target.options, required, target.word, diagnostics);
    checkExclusive(target.options, diagnostics);
    checkValues(target.options, diagnostics);
  }
  if (rule.protocol?.negated && /^(all|0)$/i.test(rule.protocol.value.text)) {
    diagnostics.push(syntaxError(rule.protocol.value.range, `! -p ${rule.protocol.value.text} matches no packet`));
  }
}
