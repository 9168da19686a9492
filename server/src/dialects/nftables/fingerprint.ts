// A value as a string that differs whenever the value, or any range in it,
// does: what a remembered rule read from a define or a set, compared with what
// it would read now.
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

function full(e: Expr): string {
  return `${describe(e)}@${at(e.range)}`;
}

function describe(e: Expr): string {
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
      return `set(${elementsFingerprint(e.elements)})`;
    case 'list':
      return `list(${elementsFingerprint(e.items)})`;
    case 'binary':
      return `(${full(e.left)} ${e.op} ${full(e.right)})`;
    case 'lookup':
      return `(${full(e.key)} ${e.verdict ? 'vmap' : 'map'} ${full(e.map)})`;
    case 'paren':
      return `paren(${full(e.inner)})`;
    case 'verdict':
      return `verdict ${e.verdict} ${e.target ?? ''}${e.targetRange ? `@${at(e.targetRange)}` : ''}`;
  }
}

export function elementsFingerprint(elements: readonly Expr[]): string {
  return elements.map(full).join(', ');
}
