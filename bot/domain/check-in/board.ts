import { MOODS, type Answer, type MoodId } from './model';
import type { Person } from '../person';

export type SharedEntry = { person: Person; mood: MoodId; note?: string; answeredAt: Date };

/** What everyone in the meeting may see of a check-in: counts, mood spread, shared answers. */
export type Board = {
  checkedIn: number;
  skipped: number;
  /** Answers given as "only show that I checked in": counted, never named. */
  privateCount: number;
  moods: { id: MoodId; emoji: string; label: string; count: number }[];
  /** Shared answers, newest first. */
  shared: SharedEntry[];
  /** Everyone who answered or skipped, newest first: they get their own view of the card. */
  respondents: string[];
};

/** Builds the board from answers listed newest first. Private answers add to counts only. */
export function buildBoard(answers: Answer[]): Board {
  const counts = new Map<MoodId, number>();
  const shared: SharedEntry[] = [];
  let checkedIn = 0;
  let skipped = 0;
  let privateCount = 0;
  for (const a of answers) {
    if (a.skipped || !a.mood) {
      skipped++;
      continue;
    }
    checkedIn++;
    if (a.visibility === 'shared') {
      counts.set(a.mood, (counts.get(a.mood) ?? 0) + 1);
      shared.push({ person: a.person, mood: a.mood, note: a.note, answeredAt: a.answeredAt });
    } else {
      privateCount++;
    }
  }
  return {
    checkedIn,
    skipped,
    privateCount,
    moods: MOODS.map((m) => ({ ...m, count: counts.get(m.id) ?? 0 })),
    shared,
    respondents: answers.map((a) => a.person.userId),
  };
}
