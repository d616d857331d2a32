import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Clock } from '../domain/clock';
import { isOrganiser, rememberLocale } from '../domain/coffee/membership';
import type { Programme } from '../domain/coffee/model';
import type { Programmes } from '../domain/coffee/ports';
import { LISTED_NAMES, PEOPLE_PER_DAY, PLANS_PER_TEAM, type DaysPlan } from '../domain/days/model';
import type { AskResult } from '../domain/days/talks';
import { metSummary, type MetSummary } from '../domain/days/follow-up';
import {
  answerDay,
  cancelPlan,
  changePlan,
  planDays,
  planIn,
  todayIn,
  upcomingDays,
  type DaysInput,
  type DaysProblem,
  type DaysProblemId,
} from '../domain/days/plans';
import type { DaysTogether } from '../domain/days/ports';
import { recentlyEnded } from '../domain/days/recent';
import type { Installations } from '../domain/installations';
import type { Person } from '../domain/person';
import { daysText, type DaysMessageId } from '../i18n/days';
import { acceptLanguageTags, isLocale, matchLocale, negotiateLocale, type UiLocale } from '../i18n/locales';
import type { MemberOf } from './api-coffee';
import { failWithProblems, type ProblemWords, problemsSaid } from './problems';
import { fail } from './reply';

export type DaysApiDeps = {
  days: DaysTogether;
  programmes: Programmes;
  installations: Installations;
  clock: Clock;
  newId: () => string;
  /** The Teams side: the card in the channel, and the seating after an answer. */
  teams: {
    planned(plan: DaysPlan): Promise<void>;
    changed(planId: string): void;
    answered(programme: Programme, plan: DaysPlan, answer: { date: string; userId: string; coming: boolean }): Promise<void>;
    /** A private face-to-face request: stored, and the colleague alone asked. */
    ask(programme: Programme, input: { planId: string; person: Person; withUserId: string }): Promise<AskResult>;
  };
};

const answerBody = z.object({ date: z.string().max(20), coming: z.boolean() });
const talkBody = z.object({ with: z.string().min(1).max(200) });

// The API's contract, imported by the tab as types only (nothing of the server is bundled into it).
/** I'm coming / Not this time, for one day. */
export type DaysAnswerBody = z.input<typeof answerBody>;
/** A private request for time face to face with one colleague (their Teams user id, from `colleagues`). */
export type DaysTalkBody = z.input<typeof talkBody>;
/** An organiser's plan: dates, place, link, time zone. */
export type DaysFields = DaysInput;
/** One plan as the tab sees it: no channel reference, no organiser id; the caller's own seating only. */
export type DaysPlanView = {
  id: string;
  dates: string[];
  place: string;
  link?: string;
  timeZone: string;
  drawn: boolean;
  /** Everyone coming on a day the caller comes too, to ask one of them for time face to face. */
  colleagues: { userId: string; name: string }[];
  /**
   * The caller's own face-to-face requests: the one they made (a decline shows as "not-this-time")
   * and those they accepted. Nobody else's, ever.
   */
  myTalks: { with: string; asked: boolean; status: 'asked' | 'accepted' | 'not-this-time' }[];
  days: {
    date: string;
    open: boolean;
    coming: string[];
    moreComing: number;
    mine?: boolean;
    /** The caller's own table-mates and walk partners, once drawn: nobody else's. */
    myTable?: string[];
    myWalk?: string[];
    photo?: boolean;
  }[];
};
/** A plan whose last day was in the last 30 days, for its organisers' "How the days went": no names, no answers. */
export type DaysEndedView = { id: string; dates: string[]; place: string; timeZone: string };
export type DaysView = {
  organiser: boolean;
  plans: DaysPlanView[];
  /** Organisers only (empty for everyone else): the latest plans ended in the last 30 days, at most 10. */
  ended: DaysEndedView[];
  /** Ended plans of those 30 days beyond the 10 listed. */
  endedMore: number;
};
/** For organisers, after the days: how many met someone new, only from five answers on. */
export type DaysSummary = MetSummary;

/** The language of a request's messages: the tab sends its own as Accept-Language. */
const localeOf = (req: Request): UiLocale => negotiateLocale(...acceptLanguageTags(req.header('accept-language')));

/** Each problem of an organiser's fields (bot/domain/days/plans.ts) by its message in the days catalogue. */
const PROBLEMS: Readonly<Record<DaysProblemId, DaysMessageId>> = {
  'dates.format': 'days.problem.dateFormat',
  'dates.noSuchDate': 'days.problem.noSuchDate',
  'dates.count': 'days.problem.dayCount',
  'dates.consecutive': 'days.problem.consecutive',
  'dates.past': 'days.problem.past',
  'place.empty': 'days.problem.noPlace',
  'place.tooLong': 'days.problem.placeLength',
  'link.tooLong': 'days.problem.linkLength',
  'link.notHttps': 'days.problem.https',
  'timeZone.unknown': 'days.problem.timeZone',
};
const DAYS_WORDS = {
  text: daysText,
  fields: {
    dates: 'days.problem.field.dates',
    place: 'days.problem.field.place',
    link: 'days.problem.field.link',
    timeZone: 'days.problem.field.timeZone',
  },
  message: (id) => PROBLEMS[id],
  problem: 'days.problem',
  // A value of the wrong type (zod's own issue, which only programs send) is told generically.
  invalid: 'days.problem.other',
  form: 'days.problem.invalid',
} as const satisfies ProblemWords<DaysProblemId, DaysMessageId>;

/** The domain's problems in the reader's language, each with its field ("Ort: Sag, wo ihr euch trefft"). */
export function problemsIn(locale: UiLocale, problems: readonly DaysProblem[]): string {
  return problemsSaid(locale, problems, DAYS_WORDS);
}

/** Days together from the tab: planning for organisers, answers and one's own plan for everyone. Errors in the caller's language. */
export function registerDaysApi(server: Server, memberOf: MemberOf, deps: DaysApiDeps): void {
  const base = '/api/v1/teams/:teamId/days';

  async function viewOf(plan: DaysPlan, person: Person, locale: UiLocale): Promise<DaysPlanView> {
    const [answers, seating, talks] = await Promise.all([deps.days.answers(plan.id), deps.days.seating(plan.id), deps.days.talks(plan.id)]);
    const myDates = new Set(answers.filter((a) => a.userId === person.userId && a.coming).map((a) => a.date));
    const colleagues = new Map(answers.filter((a) => a.coming && myDates.has(a.date) && a.userId !== person.userId).map((a) => [a.userId, a.name]));
    const today = todayIn(plan.timeZone, deps.clock.now());
    const nameOf = new Map(answers.map((a) => [a.userId, a.name]));
    const someone = daysText.format(locale, 'days.view.colleague');
    const others = (group: string[] | undefined) =>
      group?.includes(person.userId) ? group.filter((id) => id !== person.userId).map((id) => nameOf.get(id) ?? someone) : undefined;
    return {
      id: plan.id,
      dates: plan.dates,
      place: plan.place,
      link: plan.link,
      timeZone: plan.timeZone,
      drawn: Boolean(seating),
      colleagues: [...colleagues].slice(0, PEOPLE_PER_DAY).map(([userId, name]) => ({ userId, name })),
      myTalks: talks.flatMap((t): DaysPlanView['myTalks'] => {
        if (t.fromUserId === person.userId) return [{ with: t.toName, asked: true, status: t.status === 'declined' ? ('not-this-time' as const) : t.status }];
        if (t.toUserId === person.userId && t.status === 'accepted') return [{ with: t.fromName, asked: false, status: t.status }];
        return [];
      }),
      days: plan.dates.map((date) => {
        const coming = answers.filter((a) => a.date === date && a.coming).map((a) => a.name);
        const drawn = seating?.days.find((d) => d.date === date);
        return {
          date,
          open: date >= today,
          // Lists are capped and the rest counted, so an answer's size does not grow with the team.
          coming: coming.slice(0, LISTED_NAMES),
          moreComing: Math.max(0, coming.length - LISTED_NAMES),
          mine: answers.find((a) => a.date === date && a.userId === person.userId)?.coming,
          myTable: others(drawn?.tables.find((t) => t.includes(person.userId))),
          myWalk: others(drawn?.walks.find((w) => w.includes(person.userId))),
          photo: drawn?.photo,
        };
      }),
    };
  }

  async function listFor(programme: Programme, person: Person, locale: UiLocale): Promise<DaysView> {
    const organiser = isOrganiser(programme, person);
    const [plans, ended] = await Promise.all([upcomingDays(deps, programme.id), organiser ? recentlyEnded(deps, programme.id) : { plans: [], more: 0 }]);
    return {
      organiser,
      plans: await Promise.all(plans.map((p) => viewOf(p, person, locale))),
      ended: ended.plans.map((p) => ({ id: p.id, dates: p.dates, place: p.place, timeZone: p.timeZone })),
      endedMore: ended.more,
    };
  }

  const planId = (req: Request) => String(req.params.planId ?? '');

  server.get(base, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (member) res.send(200, await listFor(member.programme, member.person, localeOf(req)));
  });

  server.post(base, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const t = daysText.in(localeOf(req));
    const installation = await deps.installations.get(member.programme.id);
    const result = await planDays(deps, {
      programmeId: member.programme.id,
      person: member.person,
      channelReference: installation?.reference ?? member.programme.reference,
      fields: req.body,
    });
    if (result.kind === 'not-organiser') return fail(res, 403, 'NotAnOrganiser', t('days.api.notOrganiser.plan'));
    if (result.kind === 'invalid') return failWithProblems(req, res, result.problems, DAYS_WORDS);
    if (result.kind === 'too-many') return fail(res, 400, 'LimitReached', t('days.error.plans', { limit: PLANS_PER_TEAM }));
    if (result.kind === 'not-found') return fail(res, 404, 'NotFound', t('days.api.noTeam'));
    await deps.teams.planned(result.plan);
    res.send(201, await viewOf(result.plan, member.person, localeOf(req)));
  });

  server.put(`${base}/:planId`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const t = daysText.in(localeOf(req));
    const result = await changePlan(deps, { programmeId: member.programme.id, planId: planId(req), person: member.person, fields: req.body });
    if (result.kind === 'not-organiser') return fail(res, 403, 'NotAnOrganiser', t('days.api.notOrganiser.change'));
    if (result.kind === 'invalid') return failWithProblems(req, res, result.problems, DAYS_WORDS);
    if (result.kind !== 'planned') return fail(res, 404, 'NotFound', t('days.api.notFound'));
    deps.teams.changed(result.plan.id);
    res.send(200, await viewOf(result.plan, member.person, localeOf(req)));
  });

  server.del(`${base}/:planId`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const t = daysText.in(localeOf(req));
    const result = await cancelPlan(deps, { programmeId: member.programme.id, planId: planId(req), person: member.person });
    if (result.kind === 'not-organiser') return fail(res, 403, 'NotAnOrganiser', t('days.api.notOrganiser.cancel'));
    if (result.kind === 'not-found') return fail(res, 404, 'NotFound', t('days.api.notFound'));
    deps.teams.changed(planId(req));
    res.send(200, { cancelled: true });
  });

  server.get(`${base}/:planId/summary`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const t = daysText.in(localeOf(req));
    const summary = await metSummary(deps, { programmeId: member.programme.id, planId: planId(req) });
    if (!summary) return fail(res, 404, 'NotFound', t('days.api.notFound'));
    if (!isOrganiser(member.programme, member.person)) return fail(res, 403, 'NotAnOrganiser', t('days.api.notOrganiser.summary'));
    res.send(200, summary);
  });

  server.post(`${base}/:planId/talks`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const t = daysText.in(localeOf(req));
    const body = talkBody.safeParse(req.body);
    if (!body.success) return fail(res, 400, 'BadRequest', t('days.api.badTalk'));
    const result = await deps.teams.ask(member.programme, { planId: planId(req), person: member.person, withUserId: body.data.with });
    if (result.kind === 'not-found') return fail(res, 404, 'NotFound', t('days.api.notFound'));
    if (result.kind === 'yourself') return fail(res, 400, 'BadRequest', t('days.api.yourself'));
    if (result.kind === 'not-together') return fail(res, 400, 'BadRequest', t('days.api.notTogether'));
    if (result.kind === 'already-asked') return fail(res, 400, 'LimitReached', t('days.api.alreadyAsked'));
    res.send(201, await viewOf((await planIn(deps, member.programme.id, planId(req)))!, member.person, localeOf(req)));
  });

  server.post(`${base}/:planId/answer`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const t = daysText.in(localeOf(req));
    const body = answerBody.safeParse(req.body);
    if (!body.success) return fail(res, 400, 'BadRequest', t('days.api.badAnswer'));
    const input = { programmeId: member.programme.id, planId: planId(req), date: body.data.date, person: member.person, coming: body.data.coming };
    const result = await answerDay(deps, input);
    if (result.kind === 'past') return fail(res, 400, 'BadRequest', t('days.error.past'));
    if (result.kind === 'full') return fail(res, 400, 'LimitReached', t('days.error.full', { limit: PEOPLE_PER_DAY }));
    const plan = result.kind === 'answered' ? await planIn(deps, member.programme.id, input.planId) : undefined;
    if (!plan) return fail(res, 404, 'NotFound', t('days.api.answerNotFound'));
    // The tab's language is the person's Teams language: kept as their language as last seen, for their plan.
    const seen = acceptLanguageTags(req.header('accept-language')).map(matchLocale).find(isLocale);
    await rememberLocale(deps, { programmeId: member.programme.id, userId: member.person.userId, locale: seen });
    await deps.teams.answered(member.programme, plan, { date: input.date, userId: member.person.userId, coming: input.coming });
    res.send(200, await listFor(member.programme, member.person, localeOf(req)));
  });
}
