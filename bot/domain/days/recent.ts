import { DateTime } from 'luxon';
import type { DaysPlan } from './model';
import type { DaysTogether } from './ports';
import type { Clock } from '../clock';
import { todayIn } from './plans';

/** How long after its last day a plan stays in organisers' list, for "How the days went". */
export const RECENT_DAYS = 30;
/** Ended plans listed at most; the rest are counted. */
export const RECENT_PLANS = 10;

/**
 * A team's days together whose last day was within the last RECENT_DAYS days (before today, in the
 * days' own time zone), latest first: the RECENT_PLANS latest, and how many more there are.
 */
export async function recentlyEnded(
  deps: { days: Pick<DaysTogether, 'list'>; clock: Clock },
  programmeId: string,
): Promise<{ plans: DaysPlan[]; more: number }> {
  const now = deps.clock.now();
  const ended = (await deps.days.list(programmeId)).filter((plan) => {
    const today = todayIn(plan.timeZone, now);
    const last = plan.dates[plan.dates.length - 1]!;
    const since = DateTime.fromISO(today).minus({ days: RECENT_DAYS }).toISODate()!;
    return last < today && last >= since;
  });
  ended.sort((a, b) => (a.dates[a.dates.length - 1]! < b.dates[b.dates.length - 1]! ? 1 : -1));
  return { plans: ended.slice(0, RECENT_PLANS), more: Math.max(0, ended.length - RECENT_PLANS) };
}
