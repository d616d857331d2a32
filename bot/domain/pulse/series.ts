import { MOODS, type Answer, type CheckInSession, type MoodId } from '../check-in/model';
import type { CheckIns } from '../check-in/ports';
import { MIN_PEOPLE_FOR_STATS } from '../aggregates';
import { atLeastFive, leastSquaresSlope, round2, type Point } from './figures';
import type { PulseReads } from './ports';

/** How many of a series' latest occurrences the pulse shows. */
export const SERIES_OCCURRENCES = 12;

/** A mood as a score for averages: the sunniest step is 5, the stormiest 1. */
export const MOOD_SCORE: Record<MoodId, number> = Object.fromEntries(MOODS.map((m, i) => [m.id, MOODS.length - i])) as Record<MoodId, number>;

export type MoodSpread = { steps: { mood: MoodId; count: number }[]; average: number };

/**
 * One occurrence. Hallway does not store who was invited, so "answered" is measured against the
 * people who responded at all (checked in or skipped). Moods come only from answers shared with
 * the meeting: a mood given as "only show that I checked in" is never counted anywhere but for
 * its author, as on the card.
 */
export type SeriesOccurrence = { startedAt: string } & Point<{ checkedIn: number; skipped: number; moods: Point<MoodSpread> }>;

export type SeriesPulse = {
  title?: string;
  occurrences: SeriesOccurrence[];
  /** The least-squares slope of the average mood per occurrence (score points per occurrence), over the occurrences whose moods are shown. */
  trend: Point<{ slope: number }>;
};

export type SeriesDeps = { checkIns: Pick<CheckIns, 'listAnswers'>; pulse: Pick<PulseReads, 'recentSessions'> };

/**
 * A meeting series' check-ins over its last 12 occurrences, for its organiser: only sessions held
 * in the meeting's own chat and tenant (the place the caller was checked against).
 */
export async function seriesPulse(deps: SeriesDeps, input: { seriesKey: string; conversationId: string; tenantId: string }): Promise<SeriesPulse> {
  const sessions = (await deps.pulse.recentSessions(input.seriesKey, SERIES_OCCURRENCES))
    .filter((s) => s.address.conversationId === input.conversationId && s.address.tenantId === input.tenantId)
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const answered = await Promise.all(sessions.map(async (s) => ({ session: s, answers: await deps.checkIns.listAnswers(s.id) })));
  const occurrences = answered.map(({ session, answers }) => occurrence(session, answers));
  // The trend is drawn through the exact averages of the occurrences whose moods are shown.
  const points = answered.flatMap(({ answers }, x) => {
    const shared = sharedMoods(answers);
    return shared.length >= MIN_PEOPLE_FOR_STATS && answers.length >= MIN_PEOPLE_FOR_STATS ? [{ x, y: average(shared), shared }] : [];
  });
  const people = new Set(points.flatMap((p) => p.shared.map((a) => a.person.userId))).size;
  const slope = leastSquaresSlope(points);
  return {
    title: sessions.at(-1)?.title,
    occurrences,
    trend: slope === undefined ? { kind: 'too-few' } : atLeastFive(people, () => ({ slope: round2(slope) })),
  };
}

function average(shared: { mood: MoodId }[]): number {
  return shared.reduce((s, a) => s + MOOD_SCORE[a.mood], 0) / shared.length;
}

function sharedMoods(answers: Answer[]): (Answer & { mood: MoodId })[] {
  return answers.filter((a): a is Answer & { mood: MoodId } => !a.skipped && a.mood !== undefined && a.visibility === 'shared');
}

function occurrence(session: CheckInSession, answers: Answer[]): SeriesOccurrence {
  const checkedIn = answers.filter((a) => !a.skipped && a.mood !== undefined).length;
  const shared = sharedMoods(answers);
  return {
    startedAt: session.startedAt.toISOString(),
    ...atLeastFive(answers.length, () => ({
      checkedIn,
      skipped: answers.length - checkedIn,
      moods: atLeastFive(shared.length, () => ({
        steps: MOODS.map((m) => ({ mood: m.id, count: shared.filter((a) => a.mood === m.id).length })),
        average: round2(average(shared)),
      })),
    })),
  };
}
