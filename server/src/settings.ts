// User settings shared by the language server (`fwlint.*`) and the CLI
// (`.fwlint.json`). Settings arrive as untrusted JSON: anything of the wrong
// shape falls back to its default instead of failing the analysis.
import type { Severity } from './model/source';

export interface PortRange {
  readonly lo: number;
  readonly hi: number;
}

export interface CheckSetting {
  readonly enabled?: boolean;
  readonly severity?: Severity;
}

export interface Settings {
  /** FTP004: the smallest passive range that is not reported as too narrow. */
  readonly minPassiveRangeSize: number;
  /** What "high ports" means: the client ephemeral range assumed by the data-path checks. */
  readonly ephemeralRange: PortRange;
  /** FTP003: extra local service ports that a broad allow must not expose. */
  readonly protectedPorts: readonly number[];
  /** Per check code: turn it off or change its severity. */
  readonly checks: Readonly<Record<string, CheckSetting>>;
  /** The FTP server's configured passive range; fixes open exactly this range. `from`: the server configuration it was read from, when not set by hand. */
  readonly passiveRange?: PortRange & { readonly from?: string };
}

export const DEFAULT_PASSIVE_RANGE: PortRange = { lo: 50000, hi: 50999 };

export const DEFAULT_SETTINGS: Settings = {
  minPassiveRangeSize: 256,
  ephemeralRange: { lo: 1024, hi: 65535 },
  protectedPorts: [],
  checks: {},
};

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

const portRangeSchema = {
  type: 'object',
  properties: {
    lo: { type: 'integer', minimum: 0, maximum: 65535 },
    hi: { type: 'integer', minimum: 0, maximum: 65535 },
  },
  required: ['lo', 'hi'],
  additionalProperties: false,
} as const;

/** JSON schema of Settings; editors show it under `fwlint.*`, the CLI validates `.fwlint.json` against it. */
export const SETTINGS_SCHEMA = {
  type: 'object',
  properties: {
    minPassiveRangeSize: {
      type: 'integer',
      minimum: 1,
      maximum: 65536,
      default: DEFAULT_SETTINGS.minPassiveRangeSize,
      description: 'FTP004: an accepted FTP passive port range smaller than this is reported as too narrow.',
    },
    ephemeralRange: {
      ...portRangeSchema,
      default: DEFAULT_SETTINGS.ephemeralRange,
      description: 'The ports treated as "high ports" (client ephemeral ports) by the FTP data checks.',
    },
    protectedPorts: {
      type: 'array',
      items: { type: 'integer', minimum: 0, maximum: 65535 },
      default: [],
      description: 'FTP003: local service ports that a broad allow over the high ports must not expose, in addition to the built-in list.',
    },
    checks: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: {
          enabled: { type: 'boolean' },
          severity: { type: 'string', enum: SEVERITIES },
        },
        additionalProperties: false,
      },
      default: {},
      description: 'Per check code (for example "FTP006"): {"enabled": false} or {"severity": "hint"}.',
    },
    passiveRange: {
      ...portRangeSchema,
      description: "The FTP server's passive port range (vsftpd pasv_min_port/pasv_max_port). FTP001 and FTP002 check that all of this range gets through, and fixes open it; without it any passive-looking range will do and fixes propose 50000-50999. Found in the server's configuration beside the file when not set.",
    },
  },
  additionalProperties: false,
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}

function readPortRange(value: unknown): PortRange | undefined {
  if (!isRecord(value) || !isPort(value.lo) || !isPort(value.hi) || value.lo > value.hi) return undefined;
  return { lo: value.lo, hi: value.hi };
}

function readChecks(value: unknown): Record<string, CheckSetting> {
  const out: Record<string, CheckSetting> = {};
  if (!isRecord(value)) return out;
  for (const [code, raw] of Object.entries(value)) {
    if (!isRecord(raw)) continue;
    const enabled = typeof raw.enabled === 'boolean' ? raw.enabled : undefined;
    const severity = SEVERITIES.find((s) => s === raw.severity);
    out[code.toUpperCase()] = { ...(enabled !== undefined ? { enabled } : {}), ...(severity ? { severity } : {}) };
  }
  return out;
}

/** Reads settings from untrusted JSON; never throws, every malformed field keeps its default. */
export function resolveSettings(partial: unknown): Settings {
  const raw = isRecord(partial) ? partial : {};
  const min = raw.minPassiveRangeSize;
  const protectedPorts = Array.isArray(raw.protectedPorts) ? raw.protectedPorts.filter(isPort) : [];
  const passiveRange = readPortRange(raw.passiveRange);
  const from = isRecord(raw.passiveRange) && typeof raw.passiveRange.from === 'string' ? raw.passiveRange.from : undefined;
  return {
    minPassiveRangeSize:
      typeof min === 'number' && Number.isInteger(min) && min >= 1 && min <= 65536 ? min : DEFAULT_SETTINGS.minPassiveRangeSize,
    ephemeralRange: readPortRange(raw.ephemeralRange) ?? DEFAULT_SETTINGS.ephemeralRange,
    protectedPorts,
    checks: readChecks(raw.checks),
    ...(passiveRange ? { passiveRange: from !== undefined ? { ...passiveRange, from } : passiveRange } : {}),
  };
}
