// `define`/`redefine`/`undefine` scopes. nft substitutes a define's value
// where `$NAME` appears, using the definitions seen so far in the file, so
// each rule keeps the scope that was current where it was written.
import type { Expr } from './ast';

export interface DefineScope {
  readonly values: ReadonlyMap<string, Expr>;
  /** An unresolved include came before: any name might be defined there. */
  readonly afterUnresolvedInclude: boolean;
}

export const EMPTY_SCOPE: DefineScope = { values: new Map(), afterUnresolvedInclude: false };

export function withDefine(scope: DefineScope, name: string, value: Expr | undefined): DefineScope {
  const values = new Map(scope.values);
  if (value === undefined) values.delete(name);
  else values.set(name, value);
  return { ...scope, values };
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
