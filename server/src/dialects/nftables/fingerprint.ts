// A value as a string that differs whenever the value, or any range in it,
// does: what a remembered rule read from a define or a set, compared with what
// it would read now. A rule that takes only the values of a set's elements
// reads them without their ranges, so the set may move.
import type { Range } from '../../model/source';
import type { Expr } from './ast';

const known = new WeakMap<Expr, string>();

function at(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Remembered per value: a define's value is read by every rule that uses it. */
export function exprFingerprint(e: Expr): string {
  let found = known.get(e);
  if (found === undefined) {
    found = full(e);
    known.set(e, found);
  }
  return found;
}

function full(e: Expr, positions = true): string {
  return positions ? `${describe(e, true)}@${at(e.range)}` : describe(e, false);
}

function describe(e: Expr, positions: boolean): string {
  switch (e.kind) {
    case 'word':
    case 'string':
      return `${e.kind} ${JSON.stringify(e.text)}`;
    case 'var':
    case 'setref':
      return `${e.kind} ${e.name}`;
    case 'selector':
      return `selector ${e.words.join(' ')}`;
    case 'set':
      return `set(${elementsFingerprint(e.elements, positions)})`;
    case 'list':
      return `list(${elementsFingerprint(e.items, positions)})`;
    case 'binary':
      return `(${full(e.left, positions)} ${e.op} ${full(e.right, positions)})`;
    case 'lookup':
      return `(${full(e.key, positions)} ${e.verdict ? 'vmap' : 'map'} ${full(e.map, positions)})`;
    case 'paren':
      return `paren(${full(e.inner, positions)})`;
    case 'verdict':
      return `verdict ${e.verdict} ${e.target ?? ''}${positions && e.targetRange ? `@${at(e.targetRange)}` : ''}`;
  }
}

/** With `positions` false, the string differs only when a value does. */
export function elementsFingerprint(elements: readonly Expr[], positions: boolean): string {
  return elements.map((e) => full(e, positions)).join(', ');
}
