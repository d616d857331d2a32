import { DateTime } from 'luxon';
import type { Clock, Random } from '../clock';
import type { CoffeeLog, Programmes, Rounds } from '../coffee/ports';
import type { Jobs } from '../privacy-ports';
import { userText, type UserText } from '../user-text';
import type { DaysPlan, Seating, SeatingDay, TalkRequest } from './model';
import { todayIn } from './plans';
import type { DaysMessage, DaysNotifier, DaysTogether } from './ports';
import { drawSeating, PairCounts, seatLateComer, unseat } from './seating';

export type DrawDeps = {
  days: DaysTogether;
  programmes: Pick<Programmes, 'get'>;
  rounds: Pick<Rounds, 'history'>;
  jobs: Jobs;
  notifier: DaysNotifier;
  clock: Clock;
  random: Random;
  log: CoffeeLog;
};

/** Questions for a lunch or a walk with someone one hardly knows: light, open, nothing about work. */
export const DAYS_STARTERS = [
  'What is something you have changed your mind about lately?',
  'Which place would you show a visitor in your home town?',
  'What did you want to be when you were ten?',
  'What is the best thing you have learnt from a colleague?',
  'What would you do with an extra free day every week?',
  'Which small thing made your week better?',
  'What is a skill you would like to pick up this year?',
  'Which book, film or podcast would you recommend to the team?',
] as const;

/** Who sits at a table or walks with someone but is no longer known by name (they were forgotten); cards say it in the reader's language. */
export const SOMEONE = userText('A colleague');

/** A claim that never comes due again: the draw of a plan happens once. */
const NEVER = new Date('9999-12-31T00:00:00.000Z');

/** When a plan is drawn: `leadDays` before its first day, in the days' own time zone. */
export function drawDue(plan: DaysPlan, now: Date, leadDays: number): boolean {
  const today = todayIn(plan.timeZone, now);
  const from = DateTime.fromISO(plan.dates[0]!).minus({ days: leadDays }).toISODate()!;
  return today >= from && today <= plan.dates[plan.dates.length - 1]!;
}

/** Who met whom in the team before: coffee encounters, and the tables of its earlier days together. */
async function historyOf(deps: DrawDeps, plan: DaysPlan): Promise<PairCounts> {
  const counts = new PairCounts();
  for (const e of await deps.rounds.history(plan.programmeId)) counts.add(e.a, e.b);
  for (const other of await deps.days.list(plan.programmeId)) {
    if (other.id === plan.id) continue;
    const seating = await deps.days.seating(other.id);
    for (const day of seating?.days ?? []) counts.addGroups(day.tables);
  }
  return counts;
}

/**
 * Scheduled: draws the social plan of every plan that is due, once whatever the number of
 * instances (the draw is claimed through the jobs port), and tells each person coming, privately,
 * their table, their walk and a conversation starter. A message that fails is logged, not retried:
 * the person still finds their table on the channel's card.
 */
export async function drawDuePlans(deps: DrawDeps, leadDays: number): Promise<{ drawn: number; told: number }> {
  const now = deps.clock.now();
  let drawn = 0;
  let told = 0;
  for (const plan of await deps.days.active()) {
    if (!drawDue(plan, now, leadDays) || (await deps.days.seating(plan.id))) continue;
    if (!(await deps.jobs.claim(`days-draw:${plan.id}`, now, NEVER))) continue;
    const answers = await deps.days.answers(plan.id);
    const names = new Map(answers.map((a) => [a.userId, a.name]));
    const days = plan.dates.map((date) => ({ date, coming: answers.filter((a) => a.date === date && a.coming).map((a) => a.userId) }));
    const seating: Seating = { planId: plan.id, drawnAt: now, days: drawSeating({ days, history: await historyOf(deps, plan), random: deps.random }) };
    await deps.days.saveSeating(seating);
    drawn++;
    deps.notifier.planChanged(plan);
    deps.log.info({ planId: plan.id, people: names.size, days: plan.dates.length }, 'days together: social plan drawn');
    const programme = await deps.programmes.get(plan.programmeId);
    if (!programme) continue;
    const talks = await deps.days.talks(plan.id);
    for (const userId of names.keys()) {
      const message = messageFor(plan, seating.days, userId, names, deps.random, talks);
      if (message.days.length === 0) continue;
      const sent = await deps.notifier.tell(programme, userId, message);
      if (sent.kind === 'sent') told++;
      else deps.log.warn({ planId: plan.id, err: sent.error }, 'days together: a plan could not be sent');
    }
  }
  return { drawn, told };
}

/** What one person is told: each day they come, their table-mates and walk partners by name. */
export function messageFor(
  plan: DaysPlan,
  days: SeatingDay[],
  userId: string,
  names: Map<string, UserText>,
  random: Random,
  talks: TalkRequest[] = [],
): DaysMessage {
  const others = (group: string[] | undefined) => (group ?? []).filter((id) => id !== userId).map((id) => names.get(id) ?? SOMEONE);
  const seatedOn = (id: string, d: SeatingDay) => d.tables.some((t) => t.includes(id));
  const mine = days.filter((d) => seatedOn(userId, d));
  // An accepted face-to-face conversation goes on the first day both are there, in the afternoon.
  const talkDay = new Map<string, UserText[]>();
  for (const t of talks.filter((x) => x.status === 'accepted' && (x.fromUserId === userId || x.toUserId === userId))) {
    const [otherId, otherName] = t.fromUserId === userId ? [t.toUserId, t.toName] : [t.fromUserId, t.fromName];
    const day = mine.find((d) => seatedOn(otherId, d)) ?? mine[0];
    if (day) talkDay.set(day.date, [...(talkDay.get(day.date) ?? []), otherName]);
  }
  return {
    kind: 'your-days',
    plan,
    days: mine.map((d) => ({
      date: d.date,
      tableMates: others(d.tables.find((t) => t.includes(userId))),
      walkWith: others(d.walks.find((w) => w.includes(userId))),
      photo: Boolean(d.photo),
      talks: talkDay.get(d.date) ?? [],
    })),
    starter: DAYS_STARTERS[Math.floor(random() * DAYS_STARTERS.length)]!,
  };
}

/** From this local hour of the photo day, the team is reminded (lunch, then the photo). */
export const PHOTO_REMINDER_HOUR = 11;

/**
 * Scheduled: on the day of the team photo, from PHOTO_REMINDER_HOUR in the days' own time zone,
 * one reminder in the team's channel, claimed once across instances. A reminder that fails to post
 * is logged and not tried again: the photo is also in everyone's plan.
 */
export async function remindPhotos(deps: Pick<DrawDeps, 'days' | 'jobs' | 'notifier' | 'clock'>): Promise<number> {
  const now = deps.clock.now();
  let reminded = 0;
  for (const plan of await deps.days.active()) {
    const local = DateTime.fromJSDate(now, { zone: plan.timeZone });
    if (!plan.dates.includes(local.toISODate()!) || local.hour < PHOTO_REMINDER_HOUR) continue;
    const photoDay = (await deps.days.seating(plan.id))?.days.find((d) => d.photo);
    if (photoDay?.date !== local.toISODate()) continue;
    if (!(await deps.jobs.claim(`days-photo:${plan.id}`, now, NEVER))) continue;
    await deps.notifier.remindPhoto(plan);
    reminded++;
  }
  return reminded;
}

/**
 * After the draw, an answer changes the seating of its day: someone coming joins the smallest
 * table and a walk, someone no longer coming leaves theirs. Returns the new seating when it changed.
 * Two answers at the same instant may each miss the other's change (the card shows answers as
 * stored; the next answer of that day puts any missing person back): a soft guarantee, by design.
 */
export async function reseat(
  deps: Pick<DrawDeps, 'days'>,
  plan: DaysPlan,
  input: { date: string; userId: string; coming: boolean },
): Promise<Seating | undefined> {
  const seating = await deps.days.seating(plan.id);
  const day = seating?.days.find((d) => d.date === input.date);
  if (!seating || !day) return undefined;
  const changed = input.coming ? seatLateComer(day, input.userId) : unseat(day, input.userId);
  if (changed === day || JSON.stringify(changed) === JSON.stringify(day)) return undefined;
  const next: Seating = { ...seating, days: seating.days.map((d) => (d.date === input.date ? changed : d)) };
  await deps.days.saveSeating(next);
  return next;
}
