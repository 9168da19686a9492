// Reading answers in tests: the segment holding one port pair.
import type { Answer, Segment } from '../../server/src/engine/api';

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
