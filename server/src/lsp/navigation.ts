// Go to definition and find references: names are matched by kind, name and
// (when both sides know it) container, so `@ports` in one nft table does not
// jump to a set of the same name in another.
import { containsPosition, type Position } from '../model/source';
import type { SymbolDefinition, SymbolKind, SymbolReference } from '../model/symbols';

export interface NamedThing {
  readonly kind: SymbolKind;
  readonly name: string;
  readonly container?: string;
}

export interface Located {
  readonly range: { start: Position; end: Position };
  readonly uri?: string;
}

/** Reference kinds that may point at a definition of another kind (a pf table used where a set is expected). */
function kindsMatch(a: SymbolKind, b: SymbolKind): boolean {
  return a === b || (a === 'set' && b === 'map') || (a === 'map' && b === 'set') || (a === 'macro' && b === 'define') || (a === 'define' && b === 'macro');
}

function sameThing(a: NamedThing, b: NamedThing): boolean {
  return kindsMatch(a.kind, b.kind) && a.name === b.name && (a.container === undefined || b.container === undefined || a.container === b.container);
}

export function symbolAt(
  definitions: readonly SymbolDefinition[],
  references: readonly SymbolReference[],
  position: Position,
): NamedThing | undefined {
  return (
    references.find((r) => containsPosition(r.range, position)) ??
    definitions.find((d) => containsPosition(d.nameRange, position))
  );
}

export function definitionsOf(definitions: readonly SymbolDefinition[], thing: NamedThing): SymbolDefinition[] {
  return definitions.filter((d) => sameThing(d, thing));
}

export function referencesOf(references: readonly SymbolReference[], thing: NamedThing): SymbolReference[] {
  return references.filter((r) => sameThing(r, thing));
}
