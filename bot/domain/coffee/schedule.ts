import { DateTime } from 'luxon';
import type { Cadence, ProgrammeSettings } from './model';

/** A round missed by less than this (server down, restart) still runs, once; older ones are skipped. */
export const GRACE_WINDOW_MS = 12 * 60 * 60 * 1000;

/** "Did you meet?" goes out this many days into a round, near its end. */
const FOLLOW_UP_DAYS: Record<Cadence, number> = { weekly: 5, biweekly: 12, monthly: 25 };

/** An IANA zone name (Europe/Berlin, UTC); not luxon's "local"/"system", which mean the server's own. */
export function isValidTimeZone(zone: string): boolean {
  if (['local', 'system', 'default'].includes(zone.trim().toLowerCase())) return false;
  return DateTime.now().setZone(zone).isValid;
}

/** The first given weekday of the month containing `at`, at the hour, in the zone. */
function firstWeekdayOfMonth(at: DateTime, weekday: number, hour: number): DateTime {
  const first = at.startOf('month').set({ hour, minute: 0, second: 0, millisecond: 0 });
  return first.plus({ days: (weekday - first.weekday + 7) % 7 });
}

/**
 * When the next round starts, strictly after `after`, in the programme's own time zone (so
 * 10:00 stays 10:00 across daylight-saving changes). Biweekly rounds keep two weeks from the
 * previous round when there was one.
 */
export function nextRoundAt(settings: ProgrammeSettings, after: Date, previous?: Date): Date {
  const zone = isValidTimeZone(settings.timeZone) ? settings.timeZone : 'UTC';
  const from = DateTime.fromJSDate(after, { zone });
  if (settings.cadence === 'monthly') {
    let candidate = firstWeekdayOfMonth(from, settings.weekday, settings.hour);
    if (candidate <= from) candidate = firstWeekdayOfMonth(from.plus({ months: 1 }), settings.weekday, settings.hour);
    return candidate.toJSDate();
  }
  if (settings.cadence === 'biweekly' && previous) {
    let candidate = DateTime.fromJSDate(previous, { zone }).set({ hour: settings.hour, minute: 0, second: 0, millisecond: 0 });
    candidate = candidate.plus({ days: (settings.weekday - candidate.weekday + 7) % 7 });
    while (candidate <= from) candidate = candidate.plus({ weeks: 2 });
    return candidate.toJSDate();
  }
  let candidate = from.set({ hour: settings.hour, minute: 0, second: 0, millisecond: 0 });
  candidate = candidate.plus({ days: (settings.weekday - candidate.weekday + 7) % 7 });
  if (candidate <= from) candidate = candidate.plus({ weeks: 1 });
  return candidate.toJSDate();
}

export function followUpAt(settings: ProgrammeSettings, startedAt: Date): Date {
  const zone = isValidTimeZone(settings.timeZone) ? settings.timeZone : 'UTC';
  return DateTime.fromJSDate(startedAt, { zone }).plus({ days: FOLLOW_UP_DAYS[settings.cadence] }).toJSDate();
}
