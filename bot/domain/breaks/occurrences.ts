import { DateTime } from 'luxon';
import { ANSWER_WINDOW_WEEKS, type Break, type Occurrence } from './model';

/** How far ahead occurrences are listed, and people can answer or add topics: local days from today. */
export const HORIZON_DAYS = ANSWER_WINDOW_WEEKS * 7;

/**
 * The break's occurrences starting strictly after `after`, in its own time zone (15:00 in Berlin
 * stays 15:00 across daylight-saving changes), skipping skipped dates; at most `count`.
 */
export function nextOccurrences(b: Break, after: Date, count: number, horizonDays = HORIZON_DAYS): Occurrence[] {
  const [hour, minute] = b.time.split(':').map(Number) as [number, number];
  const out: Occurrence[] = [];
  let day = DateTime.fromJSDate(after, { zone: b.timeZone }).startOf('day');
  for (let i = 0; i <= horizonDays && out.length < count; i++, day = day.plus({ days: 1 })) {
    if (!b.weekdays.includes(day.weekday)) continue;
    const date = day.toISODate()!;
    if (b.skippedDates.includes(date)) continue;
    const start = day.set({ hour, minute, second: 0, millisecond: 0 });
    if (start.toMillis() <= after.getTime()) continue;
    out.push({ breakId: b.id, date, startsAt: start.toJSDate(), endsAt: start.plus({ minutes: b.durationMinutes }).toJSDate() });
  }
  return out;
}

/** The occurrence on a local date, if the break happens that day. */
export function occurrenceOn(b: Break, date: string): Occurrence | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const day = DateTime.fromISO(date, { zone: b.timeZone });
  if (!day.isValid || !b.weekdays.includes(day.weekday) || b.skippedDates.includes(date)) return undefined;
  const [hour, minute] = b.time.split(':').map(Number) as [number, number];
  const start = day.set({ hour, minute, second: 0, millisecond: 0 });
  return { breakId: b.id, date, startsAt: start.toJSDate(), endsAt: start.plus({ minutes: b.durationMinutes }).toJSDate() };
}

/** Whether the break's local `date` is at most `horizonDays` days after today (in its time zone). */
export function withinHorizon(b: Break, date: string, now: Date, horizonDays = HORIZON_DAYS): boolean {
  const lastDay = DateTime.fromJSDate(now, { zone: b.timeZone }).startOf('day').plus({ days: horizonDays });
  const day = DateTime.fromISO(date, { zone: b.timeZone });
  return day.isValid && day.toMillis() <= lastDay.toMillis();
}

/**
 * The occurrence whose reminder is due at `now`: from its lead time until the break ends, so a
 * reminder with no lead time, or one delayed by a restart, still goes out while it is useful.
 */
export function reminderDue(b: Break, now: Date): Occurrence | undefined {
  if (b.deletedAt) return undefined;
  const lead = b.reminderMinutes * 60_000;
  const [next] = nextOccurrences(b, new Date(now.getTime() - b.durationMinutes * 60_000), 1, 2);
  if (!next || next.endsAt.getTime() <= now.getTime()) return undefined;
  return next.startsAt.getTime() - lead <= now.getTime() ? next : undefined;
}
