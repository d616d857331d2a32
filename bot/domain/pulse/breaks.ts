import { DateTime } from 'luxon';
import type { Break } from '../breaks/model';
import { occurrenceOn } from '../breaks/occurrences';
import type { Breaks } from '../breaks/ports';
import { atLeastFive, type Point } from './figures';

/** How many of a break's latest occurrences the pulse shows. */
export const BREAK_OCCURRENCES = 12;
/** How far back the pulse looks for them: a break held once a week fills 12 in under three months. */
const LOOK_BACK_DAYS = 400;

/** One occurrence: the people who said they were in, and the topics brought to it. */
export type BreakPoint = { date: string } & Point<{ topics: number }>;

export type BreakPulse = { breakId: string; title: string; occurrences: BreakPoint[] };

/** A break's last 12 occurrences that have started, for the team's organisers; attendance is who said "I'm in". */
export async function breakPulse(deps: { breaks: Pick<Breaks, 'rsvps' | 'topics'> }, b: Break, now: Date): Promise<BreakPulse> {
  const dates: string[] = [];
  let day = DateTime.fromJSDate(now, { zone: b.timeZone }).startOf('day');
  for (let i = 0; i <= LOOK_BACK_DAYS && dates.length < BREAK_OCCURRENCES; i++, day = day.minus({ days: 1 })) {
    const occurrence = occurrenceOn(b, day.toISODate()!);
    if (occurrence && occurrence.startsAt.getTime() <= now.getTime()) dates.push(occurrence.date);
  }
  const occurrences = await Promise.all(
    dates.reverse().map(async (date): Promise<BreakPoint> => {
      const [rsvps, topics] = await Promise.all([deps.breaks.rsvps(b.id, date), deps.breaks.topics(b.id, date)]);
      const coming = rsvps.filter((r) => r.answer === 'in').length;
      return { date, ...atLeastFive(coming, () => ({ topics: topics.length })) };
    }),
  );
  return { breakId: b.id, title: b.title, occurrences };
}
