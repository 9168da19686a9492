// Named chain priorities (nft(8), "CHAIN PRIORITIES"): `priority filter`,
// `priority dstnat - 10`. The bridge family has its own table.
import { nameTable } from '../../model/table';

const STANDARD: Readonly<Record<string, number>> = nameTable({
  raw: -300,
  mangle: -150,
  dstnat: -100,
  filter: 0,
  security: 50,
  srcnat: 100,
});

const BRIDGE: Readonly<Record<string, number>> = nameTable({
  dstnat: -300,
  filter: -200,
  out: 100,
  srcnat: 300,
});

export function namedPriorities(family: string): Readonly<Record<string, number>> {
  return family === 'bridge' ? BRIDGE : STANDARD;
}

/** `0`, `-150`, `filter`, `filter + 10`, `dstnat-5`; undefined when it is not a priority. */
export function resolvePriority(text: string, family: string): number | undefined {
  const compact = text.replace(/\s+/g, '');
  const m = /^([a-z]+)?([+-]?\d+)?$/.exec(compact);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  let value = 0;
  if (m[1] !== undefined) {
    const named = namedPriorities(family)[m[1]];
    if (named === undefined) return undefined;
    value = named;
  }
  if (m[2] !== undefined) value += Number(m[2]);
  return value;
}
