// `define`/`redefine`/`undefine` scopes. nft substitutes a define's value
// where `$NAME` appears, using the definitions seen so far in the file, so
// each rule keeps the scope that was current where it was written.
import type { Expr } from './ast';

/** The defines in force at one point of the file. */
export interface DefineValues {
  get(name: string): Expr | undefined;
  has(name: string): boolean;
}

export interface DefineScope {
  readonly values: DefineValues;
  /** An unresolved include came before: any name might be defined there. */
  readonly afterUnresolvedInclude: boolean;
}

/**
 * Every value each name has had, in file order. A scope is a point in that
 * history, so a new define costs O(1) instead of a copy of every earlier one
 * (files with 100,000 defines exist in generated rulesets).
 */
class DefineHistory {
  readonly byName = new Map<string, Array<{ readonly at: number; readonly value: Expr | undefined }>>();
  length = 0;

  valueAt(name: string, at: number): Expr | undefined {
    const entries = this.byName.get(name);
    if (!entries) return undefined;
    let lo = 0;
    let hi = entries.length - 1;
    let found: Expr | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid].at <= at) {
        found = entries[mid].value;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  append(name: string, value: Expr | undefined): number {
    this.length++;
    const entries = this.byName.get(name);
    if (entries) entries.push({ at: this.length, value });
    else this.byName.set(name, [{ at: this.length, value }]);
    return this.length;
  }
}

class HistoryView implements DefineValues {
  constructor(
    readonly history: DefineHistory,
    readonly at: number,
  ) {}

  get(name: string): Expr | undefined {
    return this.history.valueAt(name, this.at);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

export const EMPTY_SCOPE: DefineScope = { values: new HistoryView(new DefineHistory(), 0), afterUnresolvedInclude: false };

export function withDefine(scope: DefineScope, name: string, value: Expr | undefined): DefineScope {
  const view = scope.values as HistoryView;
  // A define after an older point than the latest starts its own history, so no scope sees another branch's defines.
  const history = view.at === view.history.length && view !== EMPTY_SCOPE.values ? view.history : branch(view);
  return { ...scope, values: new HistoryView(history, history.append(name, value)) };
}

function branch(view: HistoryView): DefineHistory {
  const copy = new DefineHistory();
  for (const name of view.history.byName.keys()) {
    const value = view.get(name);
    if (value !== undefined) copy.append(name, value);
  }
  return copy;
}

const sizes = new WeakMap<Expr, number>();

/** How many nodes `e` has once written out: defines sharing values count each use (memoised, so linear). */
export function expandedSize(e: Expr): number {
  const known = sizes.get(e);
  if (known !== undefined) return known;
  let size = 1;
  switch (e.kind) {
    case 'set':
      for (const x of e.elements) size += expandedSize(x);
      break;
    case 'list':
      for (const x of e.items) size += expandedSize(x);
      break;
    case 'binary':
      size += expandedSize(e.left) + expandedSize(e.right);
      break;
    case 'lookup':
      size += expandedSize(e.key) + expandedSize(e.map);
      break;
    case 'paren':
      size += expandedSize(e.inner);
      break;
    default:
      break;
  }
  sizes.set(e, size);
  return size;
}

/**
 * Replaces every `$NAME` by its value. `missing` is called for names the scope
 * does not know; they stay as variables (and lower to opaque or symbolic).
 */
export function substitute(e: Expr, scope: DefineScope, missing: (name: string, at: Expr) => void, used?: (name: string, at: Expr) => void): Expr {
  const visit = (x: Expr, depth: number): Expr => {
    if (depth > 32) return x;
    switch (x.kind) {
      case 'var': {
        used?.(x.name, x);
        const value = scope.values.get(x.name);
        if (value === undefined) {
          missing(x.name, x);
          return x;
        }
        return value;
      }
      case 'set':
        return { ...x, elements: x.elements.map((y) => visit(y, depth + 1)) };
      case 'list':
        return { ...x, items: x.items.map((y) => visit(y, depth + 1)) };
      case 'binary':
        return { ...x, left: visit(x.left, depth + 1), right: visit(x.right, depth + 1) };
      case 'lookup':
        return { ...x, key: visit(x.key, depth + 1), map: visit(x.map, depth + 1) };
      case 'paren':
        return { ...x, inner: visit(x.inner, depth + 1) };
      default:
        return x;
    }
  };
  return visit(e, 0);
}
