// Moving a remembered rule to the line it is on now: every range in its syntax
// tree or its lowering, `delta` lines down (up when negative).
import type { Action, Verdict } from '../../model/ruleset';
import { shiftRange, type Range, type SourceDiagnostic } from '../../model/source';
import type { SymbolReference } from '../../model/symbols';
import type { Expr, RuleNode, Statement } from './ast';
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

function shiftStatement(s: Statement, delta: number): Statement {
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
 * A rule node moved `delta` lines. Its statements move when first read: a
 * replayed rule whose lowering still holds is never read again.
 */
class MovedRuleNode implements RuleNode {
  readonly range: Range;
  readonly text: string;
  private moved: readonly Statement[] | undefined = undefined;

  constructor(
    private readonly original: RuleNode,
    private readonly delta: number,
  ) {
    this.range = shiftRange(original.range, delta);
    this.text = original.text;
  }

  get statements(): readonly Statement[] {
    this.moved ??= this.original.statements.map((s) => shiftStatement(s, this.delta));
    return this.moved;
  }
}

export function shiftRuleNode(node: RuleNode, delta: number): RuleNode {
  return new MovedRuleNode(node, delta);
}

/**
 * A range of a moved lowering: those on the rule's line move with it; those
 * from elsewhere (a define's value, a map's elements) stay where they are.
 */
class LoweringShift {
  constructor(
    private readonly from: number,
    private readonly delta: number,
  ) {}

  range(r: Range): Range {
    return r.start.line === this.from ? shiftRange(r, this.delta) : r;
  }

  action(a: Action): Action {
    const range = this.range(a.range);
    return range === a.range ? a : { ...a, range };
  }

  verdict(v: Verdict): Verdict {
    if ((v.kind !== 'jump' && v.kind !== 'goto') || v.targetRange === undefined) return v;
    const targetRange = this.range(v.targetRange);
    return targetRange === v.targetRange ? v : { ...v, targetRange };
  }
}

/** The lowering moved to `line`: its match objects stay, its actions, verdicts, references and diagnostics move. */
export function shiftLowered(lowered: LoweredStatement, line: number): LoweredStatement {
  const shift = new LoweringShift(lowered.line, line - lowered.line);
  // variants of one rule share action objects: they keep sharing the moved ones
  const actions = new Map<Action, Action>();
  const rules: LoweredRule[] = lowered.rules.map((r) => ({
    match: r.match,
    actions: r.actions.map((a) => {
      let moved = actions.get(a);
      if (moved === undefined) {
        moved = shift.action(a);
        actions.set(a, moved);
      }
      return moved;
    }),
    verdict: shift.verdict(r.verdict),
  }));
  const references: SymbolReference[] = lowered.references.map((r) => ({ ...r, range: shift.range(r.range) }));
  const diagnostics: SourceDiagnostic[] = lowered.diagnostics.map((d) => ({
    ...d,
    range: shift.range(d.range),
    ...(d.related && { related: d.related.map((x) => ({ ...x, range: shift.range(x.range) })) }),
  }));
  return { ...lowered, line, rules, references, diagnostics };
}
