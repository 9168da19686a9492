// Moving a remembered rule to the line it is on now: the ranges in its syntax
// tree (when its statements are read) or in its lowering (when it is
// replayed), `delta` lines down (up when negative).
import type { Action, Verdict } from '../../model/ruleset';
import { shiftRange, type Range, type SourceDiagnostic } from '../../model/source';
import type { SymbolReference } from '../../model/symbols';
import type { Expr, Statement } from './ast';
import type { LoweredRule } from './lower-rule';
import type { LoweredStatement } from './memo';

export function shiftExpr(e: Expr, delta: number): Expr {
  const range = shiftRange(e.range, delta);
  switch (e.kind) {
    case 'word':
    case 'string':
    case 'var':
    case 'setref':
    case 'selector':
      return { ...e, range };
    case 'set':
      return { ...e, elements: e.elements.map((x) => shiftExpr(x, delta)), range };
    case 'list':
      return { ...e, items: e.items.map((x) => shiftExpr(x, delta)), range };
    case 'binary':
      return { ...e, left: shiftExpr(e.left, delta), right: shiftExpr(e.right, delta), range };
    case 'lookup':
      return { ...e, key: shiftExpr(e.key, delta), map: shiftExpr(e.map, delta), range };
    case 'paren':
      return { ...e, inner: shiftExpr(e.inner, delta), range };
    case 'verdict':
      return e.targetRange ? { ...e, targetRange: shiftRange(e.targetRange, delta), range } : { ...e, range };
  }
}

export function shiftStatement(s: Statement, delta: number): Statement {
  const range = shiftRange(s.range, delta);
  switch (s.kind) {
    case 'match':
      return { ...s, left: shiftExpr(s.left, delta), ...(s.right && { right: shiftExpr(s.right, delta) }), range };
    case 'vmap':
      return { ...s, key: shiftExpr(s.key, delta), map: shiftExpr(s.map, delta), range };
    case 'assign':
      return { ...s, left: shiftExpr(s.left, delta), value: shiftExpr(s.value, delta), range };
    case 'verdict':
      return s.targetRange ? { ...s, targetRange: shiftRange(s.targetRange, delta), range } : { ...s, range };
    case 'nat':
      return { ...s, ...(s.to && { to: shiftExpr(s.to, delta) }), range };
    case 'meter':
      return { ...s, nameRange: shiftRange(s.nameRange, delta), range };
    case 'setUpdate':
      return { ...s, setRange: shiftRange(s.setRange, delta), range };
    case 'flow':
      return { ...s, flowtableRange: shiftRange(s.flowtableRange, delta), range };
    case 'other':
      return { ...s, args: s.args.map((x) => shiftExpr(x, delta)), range };
  }
}

/**
 * A range of a moved lowering: those on the rule's line move with it; those
 * from elsewhere (a define's value, a map's elements) stay where they are.
 */
class LoweringShift {
  /** Variants of one rule share action objects: they keep sharing the moved ones. */
  private movedActions: Map<Action, Action> | undefined = undefined;

  constructor(
    private readonly from: number,
    private readonly delta: number,
  ) {}

  range(r: Range): Range {
    return r.start.line === this.from ? shiftRange(r, this.delta) : r;
  }

  /** References are made with these four fields (`Lowering.reference`): written out, the copy is cheaper than a spread. */
  reference(r: SymbolReference): SymbolReference {
    return { kind: r.kind, name: r.name, range: this.range(r.range), container: r.container };
  }

  /** The same rule when neither its actions nor its verdict hold a range that moves. */
  rule(r: LoweredRule): LoweredRule {
    const actions = r.actions.length === 0 ? r.actions : this.actions(r.actions);
    const verdict = this.verdict(r.verdict);
    return actions === r.actions && verdict === r.verdict ? r : { match: r.match, actions, verdict };
  }

  private actions(actions: readonly Action[]): readonly Action[] {
    const moved = actions.map((a) => this.action(a));
    return moved.every((a, i) => a === actions[i]) ? actions : moved;
  }

  private action(a: Action): Action {
    this.movedActions ??= new Map();
    let moved = this.movedActions.get(a);
    if (moved === undefined) {
      const range = this.range(a.range);
      moved = range === a.range ? a : { ...a, range };
      this.movedActions.set(a, moved);
    }
    return moved;
  }

  private verdict(v: Verdict): Verdict {
    if ((v.kind !== 'jump' && v.kind !== 'goto') || v.targetRange === undefined) return v;
    const targetRange = this.range(v.targetRange);
    return targetRange === v.targetRange ? v : { ...v, targetRange };
  }
}

/**
 * Moves a lowering to `line`: its match objects stay, its actions, verdicts,
 * references and diagnostics move. A rule whose actions and verdict hold no
 * range that moves (most have no actions, and no jump) stays the same object.
 */
export function moveLowered(lowered: LoweredStatement, line: number): void {
  const shift = new LoweringShift(lowered.line, line - lowered.line);
  lowered.line = line;
  const before = lowered.rules;
  let rules: LoweredRule[] | undefined;
  for (let i = 0; i < before.length; i++) {
    const moved = shift.rule(before[i]);
    if (moved === before[i]) continue;
    rules ??= before.slice();
    rules[i] = moved;
  }
  if (rules !== undefined) lowered.rules = rules;
  if (lowered.references.length > 0) lowered.references = lowered.references.map((r) => shift.reference(r));
  if (lowered.diagnostics.length > 0) {
    lowered.diagnostics = lowered.diagnostics.map(
      (d): SourceDiagnostic => ({
        ...d,
        range: shift.range(d.range),
        ...(d.related && { related: d.related.map((x) => ({ ...x, range: shift.range(x.range) })) }),
      }),
    );
  }
}
