import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Clock } from '../clock';
import type { Programmes } from '../coffee/ports';
import { isOrganiser } from '../coffee/membership';
import { isValidTimeZone } from '../coffee/schedule';
import type { Person } from '../person';
import { type Problem, problemsOf } from '../problems';
import { userText } from '../user-text';
import { DAYS_MAX, LINK_MAX_LENGTH, PEOPLE_PER_DAY, PLACE_MAX_LENGTH, PLANS_PER_TEAM, type DayAnswer, type DaysPlan } from './model';
import type { DaysTogether } from './ports';

export type DaysDeps = { days: DaysTogether; programmes: Programmes; clock: Clock; newId: () => string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today's date where the days take place. */
export const todayIn = (timeZone: string, now: Date): string => DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;

const isHttps = (url: string) => {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
};

/**
 * What can be wrong with an organiser's fields for days together, as message ids the tab API says
 * in the reader's language, with the values each message needs.
 */
export const DAYS_PROBLEMS = {
  'dates.format': {},
  'dates.noSuchDate': {},
  'dates.count': { max: DAYS_MAX },
  'dates.consecutive': {},
  'dates.past': {},
  'place.empty': {},
  'place.tooLong': { max: PLACE_MAX_LENGTH },
  'link.tooLong': {},
  'link.notHttps': {},
  'timeZone.unknown': {},
} as const satisfies Record<string, Record<string, number>>;
export type DaysProblemId = keyof typeof DAYS_PROBLEMS;
export type DaysProblem = Problem<DaysProblemId>;
/** Zod's message for a check is the id of its problem, never words: the domain speaks no language. */
const problem = (id: DaysProblemId) => id;

/** What an organiser sets for days together; each field checked with a problem a person can act on. */
export const daysInput = z
  .object({
    dates: z
      .array(
        z
          .string()
          .regex(DATE, problem('dates.format'))
          .refine((d) => DateTime.fromISO(d).isValid, problem('dates.noSuchDate')),
      )
      .min(1, problem('dates.count'))
      .max(DAYS_MAX, problem('dates.count')),
    place: z.string().trim().min(1, problem('place.empty')).max(PLACE_MAX_LENGTH, problem('place.tooLong')),
    link: z
      .string()
      .trim()
      .max(LINK_MAX_LENGTH, problem('link.tooLong'))
      .refine(isHttps, problem('link.notHttps'))
      .optional()
      .or(z.literal('').transform(() => undefined)),
    timeZone: z.string().max(100, problem('timeZone.unknown')).refine(isValidTimeZone, problem('timeZone.unknown')),
  })
  .superRefine((v, ctx) => {
    const days = [...v.dates].sort();
    for (let i = 1; i < days.length; i++) {
      const gap = DateTime.fromISO(days[i]!).diff(DateTime.fromISO(days[i - 1]!), 'days').days;
      if (gap !== 1) {
        ctx.addIssue({ code: 'custom', path: ['dates'], message: problem('dates.consecutive') });
        return;
      }
    }
  });

export type DaysInput = z.input<typeof daysInput>;

export type PlanResult =
  | { kind: 'planned'; plan: DaysPlan }
  | { kind: 'not-organiser' }
  | { kind: 'not-found' }
  | { kind: 'invalid'; problems: DaysProblem[] }
  | { kind: 'too-many'; limit: number };

/** Parses an organiser's fields; also refuses a first day already past where the days take place. */
function parse(fields: unknown, now: Date): { kind: 'ok'; data: z.output<typeof daysInput> } | { kind: 'invalid'; problems: DaysProblem[] } {
  const parsed = daysInput.safeParse(fields);
  if (!parsed.success) return { kind: 'invalid', problems: problemsOf(parsed.error, DAYS_PROBLEMS) };
  const dates = [...parsed.data.dates].sort();
  if (dates[0]! < todayIn(parsed.data.timeZone, now)) return { kind: 'invalid', problems: [{ field: 'dates', id: 'dates.past' }] };
  return { kind: 'ok', data: { ...parsed.data, dates } };
}

/**
 * A plan named by id is found only within the team the request comes from (the tab's path, or
 * where the card was pressed): a plan of another team is "not found".
 */
export async function planIn(deps: Pick<DaysDeps, 'days'>, programmeId: string, planId: string): Promise<DaysPlan | undefined> {
  const plan = await deps.days.get(planId);
  return plan && !plan.cancelledAt && plan.programmeId === programmeId ? plan : undefined;
}

/** An organiser plans days together; the card is posted where it was planned (a channel of the team). */
export async function planDays(
  deps: DaysDeps,
  input: { programmeId: string; person: Person; channelReference: unknown; fields: unknown },
): Promise<PlanResult> {
  const programme = await deps.programmes.get(input.programmeId);
  if (!programme) return { kind: 'not-found' };
  if (!isOrganiser(programme, input.person)) return { kind: 'not-organiser' };
  const parsed = parse(input.fields, deps.clock.now());
  if (parsed.kind === 'invalid') return parsed;
  // Two organisers planning at the same instant may pass the count together: a soft bound, by design.
  if ((await upcomingDays(deps, programme.id)).length >= PLANS_PER_TEAM) return { kind: 'too-many', limit: PLANS_PER_TEAM };
  const plan: DaysPlan = {
    id: deps.newId(),
    programmeId: programme.id,
    ...parsed.data,
    place: userText(parsed.data.place),
    channelReference: input.channelReference,
    organiser: input.person.aadObjectId ?? input.person.userId,
    createdAt: deps.clock.now(),
  };
  await deps.days.save(plan);
  return { kind: 'planned', plan };
}

/** An organiser changes the place, link or time zone (and dates, before anyone answered for a dropped one). */
export async function changePlan(deps: DaysDeps, input: { programmeId: string; planId: string; person: Person; fields: unknown }): Promise<PlanResult> {
  const existing = await planIn(deps, input.programmeId, input.planId);
  const programme = existing ? await deps.programmes.get(existing.programmeId) : undefined;
  if (!existing || !programme) return { kind: 'not-found' };
  if (!isOrganiser(programme, input.person)) return { kind: 'not-organiser' };
  const parsed = parse(input.fields, deps.clock.now());
  if (parsed.kind === 'invalid') return parsed;
  const plan: DaysPlan = { ...existing, ...parsed.data, place: userText(parsed.data.place) };
  await deps.days.save(plan);
  return { kind: 'planned', plan };
}

export async function cancelPlan(
  deps: DaysDeps,
  input: { programmeId: string; planId: string; person: Person },
): Promise<{ kind: 'cancelled' | 'not-found' | 'not-organiser' }> {
  const existing = await planIn(deps, input.programmeId, input.planId);
  const programme = existing ? await deps.programmes.get(existing.programmeId) : undefined;
  if (!existing || !programme) return { kind: 'not-found' };
  if (!isOrganiser(programme, input.person)) return { kind: 'not-organiser' };
  await deps.days.save({ ...existing, cancelledAt: deps.clock.now() });
  return { kind: 'cancelled' };
}

/** A team's days together whose last day is today or later, soonest first. */
export async function upcomingDays(deps: Pick<DaysDeps, 'days' | 'clock'>, programmeId: string): Promise<DaysPlan[]> {
  const now = deps.clock.now();
  return (await deps.days.list(programmeId)).filter((p) => p.dates[p.dates.length - 1]! >= todayIn(p.timeZone, now));
}

export type AnswerResult =
  | { kind: 'answered'; plan: DaysPlan }
  | { kind: 'not-found' }
  /** That day is over where the days take place. */
  | { kind: 'past' }
  | { kind: 'full'; limit: number };

/** *I'm coming* / *Not this time* for one day; changing one's mind replaces the answer. */
export async function answerDay(
  deps: Pick<DaysDeps, 'days' | 'clock'>,
  input: { programmeId: string; planId: string; date: string; person: Person; coming: boolean },
): Promise<AnswerResult> {
  const plan = await planIn(deps, input.programmeId, input.planId);
  if (!plan?.dates.includes(input.date)) return { kind: 'not-found' };
  const now = deps.clock.now();
  if (input.date < todayIn(plan.timeZone, now)) return { kind: 'past' };
  if (input.coming) {
    const coming = (await deps.days.answers(plan.id)).filter((a) => a.date === input.date && a.coming && a.userId !== input.person.userId);
    if (coming.length >= PEOPLE_PER_DAY) return { kind: 'full', limit: PEOPLE_PER_DAY };
  }
  const answer: DayAnswer = { planId: plan.id, date: input.date, userId: input.person.userId, name: input.person.name, coming: input.coming, at: now };
  await deps.days.answer(answer, input.person.aadObjectId);
  return { kind: 'answered', plan };
}

/** Who is coming on each day of a plan, in the order they said so. */
export async function comingByDay(deps: Pick<DaysDeps, 'days'>, plan: DaysPlan): Promise<Map<string, DayAnswer[]>> {
  const answers = await deps.days.answers(plan.id);
  return new Map(plan.dates.map((date) => [date, answers.filter((a) => a.date === date && a.coming)]));
}
