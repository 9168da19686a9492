// Gathers the outcome of each elementary sport x dport cell and merges cells
// that end the same way (same verdict, deciding rule, trail...) into the
// disjoint segments of an Answer.
import { PortSet, type PortInterval } from '../model/ports';
import type { Rule } from '../model/ruleset';
import type { FinalVerdict, Segment } from './api';

export interface CellOutcome {
  readonly verdict: FinalVerdict;
  readonly decidedBy?: Rule;
  readonly policyOf?: string;
  readonly uncertain: boolean;
  readonly trail: readonly Rule[];
  readonly helper?: { readonly helper: string; readonly rule: Rule };
}

function outcomeKey(o: CellOutcome): string {
  const helper = o.helper ? `${o.helper.helper}@${o.helper.rule.id}` : '';
  return `${o.verdict}|${o.decidedBy?.id ?? ''}|${o.policyOf ?? ''}|${o.uncertain ? 1 : 0}|${helper}|${o.trail.map((r) => r.id).join(',')}`;
}

/** How many groups sharing a deciding rule are compared one by one before keying them by text. */
const SCAN_LIMIT = 8;

interface Group {
  readonly outcome: CellOutcome;
  /** sport interval (lo * 65536 + hi) -> the sport interval and the dport intervals seen with it. */
  readonly rows: Map<number, Row>;
}

type Row = { sport: PortInterval; dports: PortInterval[] };

/** Whether two cells ended the same way: same verdict, rules, policy, helper and trail. */
function sameOutcome(a: CellOutcome, b: CellOutcome): boolean {
  if (a.verdict !== b.verdict || a.decidedBy !== b.decidedBy || a.policyOf !== b.policyOf || a.uncertain !== b.uncertain) return false;
  if (a.helper !== b.helper && (a.helper?.helper !== b.helper?.helper || a.helper?.rule !== b.helper?.rule)) return false;
  if (a.trail.length !== b.trail.length) return false;
  for (let i = 0; i < a.trail.length; i++) if (a.trail[i] !== b.trail[i]) return false;
  return true;
}

export class SegmentCollector {
  /**
   * Groups of equal outcomes, found through the deciding rule (a handful
   * share one) rather than a text key: an answer may have thousands of cells.
   */
  private readonly byDecider = new Map<Rule | undefined, Group[]>();
  private readonly groups: Group[] = [];
  /** Groups of the deciders with more than SCAN_LIMIT groups, by outcomeKey. */
  private readonly byKey = new Map<string, Group>();
  /** The outcome, group and row of the last cell: neighbouring cells usually share them. */
  private lastOutcome: CellOutcome | undefined;
  private lastGroup: Group | undefined;
  private lastSport: PortInterval | undefined;
  private lastRow: Row | undefined;

  add(sport: PortInterval, dport: PortInterval, outcome: CellOutcome): void {
    let g = outcome === this.lastOutcome ? this.lastGroup : undefined;
    if (!g) g = this.groupOf(outcome);
    this.lastOutcome = outcome;
    let row = g === this.lastGroup && sport === this.lastSport ? this.lastRow : undefined;
    if (!row) {
      const rowKey = sport.lo * 65536 + sport.hi;
      row = g.rows.get(rowKey);
      if (!row) {
        row = { sport, dports: [] };
        g.rows.set(rowKey, row);
      }
    }
    this.lastGroup = g;
    this.lastSport = sport;
    this.lastRow = row;
    const end = row.dports[row.dports.length - 1];
    if (end && end.hi + 1 === dport.lo) row.dports[row.dports.length - 1] = { lo: end.lo, hi: dport.hi };
    else row.dports.push(dport);
  }

  private groupOf(outcome: CellOutcome): Group {
    let list = this.byDecider.get(outcome.decidedBy);
    if (!list) {
      list = [];
      this.byDecider.set(outcome.decidedBy, list);
    }
    if (list.length <= SCAN_LIMIT) {
      for (const g of list) if (sameOutcome(g.outcome, outcome)) return g;
    } else {
      const found = this.byKey.get(outcomeKey(outcome));
      if (found) return found;
    }
    const g: Group = { outcome, rows: new Map() };
    list.push(g);
    this.groups.push(g);
    // A rule that ends many different ways (trails) gets its groups keyed by text instead of scanned.
    if (list.length === SCAN_LIMIT + 1) for (const x of list) this.byKey.set(outcomeKey(x.outcome), x);
    else if (list.length > SCAN_LIMIT) this.byKey.set(outcomeKey(outcome), g);
    return g;
  }

  segments(): Segment[] {
    const out: Segment[] = [];
    for (const g of this.groups) {
      const o = g.outcome;
      const emit = (sport: PortSet, dport: PortSet) =>
        out.push({
          sport,
          dport,
          verdict: o.verdict,
          decidedBy: o.decidedBy,
          policyOf: o.policyOf,
          uncertain: o.uncertain,
          trail: o.trail,
          ...(o.helper ? { helper: o.helper } : {}),
        });
      if (g.rows.size === 1) {
        // Most groups hold one row: nothing to merge.
        for (const row of g.rows.values()) emit(PortSet.fromIntervals([row.sport]), PortSet.fromIntervals(row.dports));
        continue;
      }
      // Rows with the same dport set merge into one sport set.
      const byDports = new Map<string, { dport: PortSet; sports: PortInterval[] }>();
      for (const row of g.rows.values()) {
        const dport = PortSet.fromIntervals(row.dports);
        const k = dport.toString();
        const entry = byDports.get(k);
        if (entry) entry.sports.push(row.sport);
        else byDports.set(k, { dport, sports: [row.sport] });
      }
      for (const { dport, sports } of byDports.values()) emit(PortSet.fromIntervals(sports), dport);
    }
    return out.sort(
      (a, b) => (a.sport.intervals[0]?.lo ?? 0) - (b.sport.intervals[0]?.lo ?? 0) || (a.dport.intervals[0]?.lo ?? 0) - (b.dport.intervals[0]?.lo ?? 0),
    );
  }
}
