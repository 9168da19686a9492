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

interface Group {
  readonly outcome: CellOutcome;
  /** sport interval key -> the sport interval and the dport intervals seen with it. */
  readonly rows: Map<string, { sport: PortInterval; dports: PortInterval[] }>;
}

export class SegmentCollector {
  private readonly groups = new Map<string, Group>();
  private lastKey = '';
  private lastOutcome: CellOutcome | undefined;

  add(sport: PortInterval, dport: PortInterval, outcome: CellOutcome): void {
    // Consecutive cells usually share an outcome object shape; skip re-keying identical objects.
    const key = outcome === this.lastOutcome ? this.lastKey : outcomeKey(outcome);
    this.lastKey = key;
    this.lastOutcome = outcome;
    let g = this.groups.get(key);
    if (!g) {
      g = { outcome, rows: new Map() };
      this.groups.set(key, g);
    }
    const rowKey = `${sport.lo}-${sport.hi}`;
    let row = g.rows.get(rowKey);
    if (!row) {
      row = { sport, dports: [] };
      g.rows.set(rowKey, row);
    }
    const last = row.dports[row.dports.length - 1];
    if (last && last.hi + 1 === dport.lo) row.dports[row.dports.length - 1] = { lo: last.lo, hi: dport.hi };
    else row.dports.push(dport);
  }

  segments(): Segment[] {
    const out: Segment[] = [];
    for (const g of this.groups.values()) {
      // Rows with the same dport set merge into one sport set.
      const byDports = new Map<string, { dport: PortSet; sports: PortInterval[] }>();
      for (const row of g.rows.values()) {
        const dport = PortSet.fromIntervals(row.dports);
        const k = dport.toString();
        const entry = byDports.get(k);
        if (entry) entry.sports.push(row.sport);
        else byDports.set(k, { dport, sports: [row.sport] });
      }
      for (const { dport, sports } of byDports.values()) {
        const o = g.outcome;
        out.push({
          sport: PortSet.fromIntervals(sports),
          dport,
          verdict: o.verdict,
          decidedBy: o.decidedBy,
          policyOf: o.policyOf,
          uncertain: o.uncertain,
          trail: o.trail,
          ...(o.helper ? { helper: o.helper } : {}),
        });
      }
    }
    return out.sort(
      (a, b) => (a.sport.intervals[0]?.lo ?? 0) - (b.sport.intervals[0]?.lo ?? 0) || (a.dport.intervals[0]?.lo ?? 0) - (b.dport.intervals[0]?.lo ?? 0),
    );
  }
}
