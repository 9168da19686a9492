// Reading answers in tests: the segment holding one port pair; segments as
// the plain grouping of per-cell outcomes makes them.
import type { Answer, Segment } from '../../server/src/engine/api';
import type { CellOutcome } from '../../server/src/engine/collector';
import { PortSet, type PortInterval } from '../../server/src/model/ports';

export function at(answer: Answer, dport: number, sport = 40000): Segment {
  const s = answer.segments.find((seg) => seg.sport.has(sport) && seg.dport.has(dport));
  if (!s) throw new Error(`no segment holds sport ${sport} dport ${dport}`);
  return s;
}

/** Every port pair is in exactly one segment (checked on the edges of each segment). */
export function assertDisjoint(answer: Answer): void {
  const { segments } = answer;
  for (let i = 0; i < segments.length; i++) {
    for (let j = i + 1; j < segments.length; j++) {
      if (segments[i].sport.overlaps(segments[j].sport) && segments[i].dport.overlaps(segments[j].dport)) {
        throw new Error(`segments ${i} and ${j} overlap`);
      }
    }
  }
  const total = segments.reduce((n, s) => n + s.sport.size() * s.dport.size(), 0);
  const expected = answer.question.sport.size() * answer.question.dport.size();
  if (total !== expected) throw new Error(`segments cover ${total} port pairs, question has ${expected}`);
}

/** An outcome as text: verdict, deciding rule, policy, uncertainty, helper and trail. */
export function outcomeText(o: CellOutcome): string {
  return `${o.verdict}|${o.decidedBy?.id ?? ''}|${o.policyOf ?? ''}|${o.uncertain}|${o.helper ? `${o.helper.helper}@${o.helper.rule.id}` : ''}|${o.trail.map((r) => r.id).join(',')}`;
}

/** An answer's segments as sorted text lines (`sports x dports: outcome`). */
export function segmentsText(segments: readonly Segment[]): string[] {
  return segments.map((seg) => `${seg.sport.toString()} x ${seg.dport.toString()}: ${outcomeText(seg)}`).sort();
}

/** The plain collector: cells grouped under a text key of their outcome, rows by sport, equal dport sets merged. */
export function referenceSegments(cells: ReadonlyArray<readonly [PortInterval, PortInterval, CellOutcome]>): string[] {
  const groups = new Map<string, Map<string, { sport: PortInterval; dports: PortInterval[] }>>();
  for (const [s, d, o] of cells) {
    const key = outcomeText(o);
    const rows = groups.get(key) ?? new Map<string, { sport: PortInterval; dports: PortInterval[] }>();
    groups.set(key, rows);
    const row = rows.get(`${s.lo}-${s.hi}`) ?? { sport: s, dports: [] };
    rows.set(`${s.lo}-${s.hi}`, row);
    row.dports.push(d);
  }
  const out: string[] = [];
  for (const [k, rows] of groups) {
    const byDports = new Map<string, PortInterval[]>();
    for (const row of rows.values()) {
      const dports = PortSet.fromIntervals(row.dports).toString();
      byDports.set(dports, [...(byDports.get(dports) ?? []), row.sport]);
    }
    for (const [dports, sports] of byDports) out.push(`${PortSet.fromIntervals(sports).toString()} x ${dports}: ${k}`);
  }
  return out.sort();
}
