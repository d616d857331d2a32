import { DateTime } from 'luxon';
import type { Person } from '../person';
import type { DrawDeps } from './draw';

/** Organisers see how many met someone new only from this many answers on. */
export const MIN_ANSWERS_SHOWN = 5;
/** The question goes out from this local hour of the day after the last day. */
const FOLLOW_UP_HOUR = 10;
const NEVER = new Date('9999-12-31T00:00:00.000Z');

/**
 * Scheduled: the day after the last day, from 10:00 in the days' time zone, everyone who said they
 * were coming is asked once, privately, "Did you meet someone new?" (claimed once across instances).
 */
export async function askWhoMetSomeoneNew(deps: Pick<DrawDeps, 'days' | 'programmes' | 'jobs' | 'notifier' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  let asked = 0;
  for (const plan of await deps.days.active()) {
    const local = DateTime.fromJSDate(now, { zone: plan.timeZone });
    const after = DateTime.fromISO(plan.dates[plan.dates.length - 1]!)
      .plus({ days: 1 })
      .toISODate()!;
    if (local.toISODate() !== after || local.hour < FOLLOW_UP_HOUR) continue;
    if (!(await deps.jobs.claim(`days-follow-up:${plan.id}`, now, NEVER))) continue;
    const programme = await deps.programmes.get(plan.programmeId);
    if (!programme) continue;
    const came = new Set((await deps.days.answers(plan.id)).filter((a) => a.coming).map((a) => a.userId));
    for (const userId of came) {
      await deps.notifier.askMet(programme, plan, userId);
      asked++;
    }
  }
  return asked;
}

/** A person who said they were coming answers; anyone else's answer is "not found". */
export async function recordMetSomeoneNew(
  deps: Pick<DrawDeps, 'days' | 'clock'>,
  input: { planId: string; person: Person; met: boolean },
): Promise<{ kind: 'recorded' | 'not-found' }> {
  const plan = await deps.days.get(input.planId);
  const came = plan && (await deps.days.answers(plan.id)).some((a) => a.userId === input.person.userId && a.coming);
  if (!plan || !came) return { kind: 'not-found' };
  await deps.days.recordMet(plan.id, input.person.userId, input.met, deps.clock.now(), input.person.aadObjectId);
  return { kind: 'recorded' };
}

export type MetSummary = { kind: 'too-few'; answers: number; needed: number } | { kind: 'shown'; answers: number; metSomeoneNew: number };

/** What organisers see: counts only, and only from MIN_ANSWERS_SHOWN answers on. */
export async function metSummary(deps: Pick<DrawDeps, 'days'>, input: { programmeId: string; planId: string }): Promise<MetSummary | undefined> {
  const plan = await deps.days.get(input.planId);
  if (!plan || plan.programmeId !== input.programmeId) return undefined;
  const answers = await deps.days.metAnswers(plan.id);
  if (answers.length < MIN_ANSWERS_SHOWN) return { kind: 'too-few', answers: answers.length, needed: MIN_ANSWERS_SHOWN };
  return { kind: 'shown', answers: answers.length, metSomeoneNew: answers.filter((a) => a.met).length };
}
