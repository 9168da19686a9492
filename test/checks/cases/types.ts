// One fixture: a small ruleset in one dialect and what one check must say
// about it (eslint's valid/invalid tables, with ruff-style line expectations).
import type { Dialect } from '../../../server/src/model/source';

export interface Expectation {
  /** One-based line of the finding's range start. */
  readonly line: number;
  /** One-based lines that must appear among the finding's related locations. */
  readonly related?: readonly number[];
  /** Text the finding's message must contain. */
  readonly messageIncludes?: string;
}

export interface FixtureCase {
  readonly name: string;
  readonly dialect: Dialect;
  readonly text: string;
  /** Findings of the check under test, in line order; empty for a near-miss that must stay quiet. */
  readonly expect: readonly Expectation[];
  readonly settings?: unknown;
}

export function raise(name: string, dialect: Dialect, text: string, ...expect: Expectation[]): FixtureCase {
  return { name, dialect, text, expect };
}

export function nearMiss(name: string, dialect: Dialect, text: string, settings?: unknown): FixtureCase {
  return { name, dialect, text, expect: [], ...(settings !== undefined ? { settings } : {}) };
}

/** The same case with settings, as `.fwlint.json` or the editor gives them (the server's passive range, say). */
export function withSettings(c: FixtureCase, settings: unknown): FixtureCase {
  return { ...c, settings };
}
