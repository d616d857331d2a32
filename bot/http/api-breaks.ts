import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import {
  addTopic,
  createBreak,
  deleteBreak,
  deleteTopic,
  rsvp,
  toggleVote,
  updateBreak,
  upcomingBreaks,
  type BreakInput,
  type BreakProblemId,
} from '../domain/breaks/breaks';
import {
  LIMIT_MESSAGES,
  LISTED_NAMES,
  RSVP_ANSWERS,
  TAB_LISTED_TOPICS,
  TOPIC_MAX_LENGTH,
  type Break,
  type RsvpAnswer,
  type Topic,
} from '../domain/breaks/model';
import type { Clock } from '../domain/clock';
import { isOrganiser } from '../domain/coffee/membership';
import type { Person } from '../domain/person';
import type { Programme } from '../domain/coffee/model';
import type { Breaks } from '../domain/breaks/ports';
import type { Installations } from '../domain/installations';
import type { Programmes } from '../domain/coffee/ports';
import type { MemberOf } from './api-coffee';
import type { ApiMessageId } from '../i18n/api';
import { apiProblemWords, failWithProblems } from './problems';
import { fail } from './reply';

export type BreaksApiDeps = {
  breaks: Breaks;
  programmes: Programmes;
  installations: Installations;
  clock: Clock;
  newId: () => string;
};

const rsvpBody = z.object({ date: z.string().max(20), answer: z.enum(RSVP_ANSWERS) });
const topicBody = z.object({ date: z.string().max(20), text: z.string().max(10_000) });

// The API's contract, imported by the tab as types only (nothing of the server is bundled into it).
/** I'm in / Can't make it, for one date of a break. */
export type RsvpBody = z.input<typeof rsvpBody>;
/** A topic for one date of a break. */
export type TopicBody = z.input<typeof topicBody>;
/** An organiser's break schedule, as the domain parses it (set up and change). */
export type BreakFields = BreakInput;
/** A break as the tab sees it: no channel reference, no creator id. */
export type PublicBreak = ReturnType<typeof publicBreak>;
/** One date of a break: who is coming (listed up to a bound, the rest counted), the caller's answer, topics. */
export type BreakOccurrence = {
  date: string;
  startsAt: string;
  endsAt: string;
  coming: string[];
  /** People coming beyond the names listed. */
  moreComing: number;
  notComing: number;
  mine?: RsvpAnswer;
  topics: { id: string; text: string; votes: number; votedByMe: boolean; mine: boolean }[];
  /** Topics beyond those listed (the least upvoted). */
  moreTopics: number;
};
/** The answer of the list, answer, topic and vote routes: the team's breaks with their next dates. */
export type BreaksView = { organiser: boolean; breaks: (PublicBreak & { next: BreakOccurrence[] })[] };

/** A break's fields as the tab's form names them, for its problems. */
const BREAK_FIELDS = {
  title: 'api.field.title',
  weekdays: 'api.field.weekdays',
  time: 'api.field.time',
  timeZone: 'api.field.timeZone',
  durationMinutes: 'api.field.durationMinutes',
  joinUrl: 'api.field.joinUrl',
  reminderMinutes: 'api.field.reminderMinutes',
  skippedDates: 'api.field.skippedDates',
} as const;
const BREAK_WORDS = apiProblemWords(BREAK_FIELDS, (id: BreakProblemId): ApiMessageId => `api.problem.${id}`);

/** A team's coffee breaks from the tab: the schedule for organisers, answers and topics for everyone. */
export function registerBreaksApi(server: Server, memberOf: MemberOf, deps: BreaksApiDeps): void {
  const base = '/api/v1/teams/:teamId/breaks';

  async function listFor(programme: Programme, person: Person): Promise<BreaksView> {
    const list = await upcomingBreaks(deps, programme.id, 5);
    return {
      organiser: isOrganiser(programme, person),
      breaks: await Promise.all(
        list.map(async ({ break: b, next }) => ({
          ...publicBreak(b),
          next: await Promise.all(
            next.map(async (o) => {
              const answers = await deps.breaks.rsvps(b.id, o.date);
              const topics = await deps.breaks.topics(b.id, o.date);
              const coming = answers.filter((a) => a.answer === 'in').map((a) => a.name);
              // Lists are capped and the rest counted, so an answer's size does not grow with the team.
              return {
                date: o.date,
                startsAt: o.startsAt.toISOString(),
                endsAt: o.endsAt.toISOString(),
                coming: coming.slice(0, LISTED_NAMES),
                moreComing: Math.max(0, coming.length - LISTED_NAMES),
                notComing: answers.filter((a) => a.answer === 'out').length,
                mine: answers.find((a) => a.userId === person.userId)?.answer,
                topics: topics.slice(0, TAB_LISTED_TOPICS).map((t) => ({
                  id: t.id,
                  text: t.text,
                  votes: t.votes.length,
                  votedByMe: t.votes.includes(person.userId),
                  mine: t.authorId === person.userId,
                })),
                moreTopics: Math.max(0, topics.length - TAB_LISTED_TOPICS),
              };
            }),
          ),
        })),
      ),
    };
  }

  /** The break, if it belongs to the team in the path (the use cases check it again). */
  async function breakOf(programme: Programme, id: string): Promise<Break | undefined> {
    const b = await deps.breaks.get(id);
    return b && b.programmeId === programme.id && !b.deletedAt ? b : undefined;
  }

  /** The topic, if its break belongs to the team in the path. */
  async function topicOf(programme: Programme, id: string): Promise<Topic | undefined> {
    const topic = await deps.breaks.getTopic(id);
    return topic && (await breakOf(programme, topic.breakId)) ? topic : undefined;
  }

  server.get(base, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (member) res.send(200, await listFor(member.programme, member.person));
  });

  server.post(base, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const installation = await deps.installations.get(member.programme.id);
    const result = await createBreak(deps, {
      programmeId: member.programme.id,
      person: member.person,
      channelReference: installation?.reference ?? member.programme.reference,
      fields: req.body,
    });
    if (result.kind === 'not-organiser') return fail(res, 403, 'NotAnOrganiser', { id: 'api.breaksOrganisersOnly' });
    if (result.kind === 'invalid') return failWithProblems(req, res, result.problems, BREAK_WORDS);
    if (result.kind === 'too-many') return fail(res, 400, 'LimitReached', LIMIT_MESSAGES.breaks);
    if (result.kind === 'not-found') return fail(res, 404, 'NotFound', { id: 'api.noSuchTeam' });
    res.send(201, publicBreak(result.break));
  });

  server.put(`${base}/:breakId`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    if (!(await breakOf(member.programme, String(req.params.breakId)))) return fail(res, 404, 'NotFound', { id: 'api.noSuchBreak' });
    const result = await updateBreak(deps, {
      programmeId: member.programme.id,
      breakId: String(req.params.breakId),
      person: member.person,
      fields: req.body,
    });
    if (result.kind === 'not-organiser') return fail(res, 403, 'NotAnOrganiser', { id: 'api.breaksOrganisersOnly' });
    if (result.kind === 'invalid') return failWithProblems(req, res, result.problems, BREAK_WORDS);
    if (result.kind !== 'saved') return fail(res, 404, 'NotFound', { id: 'api.noSuchBreak' });
    res.send(200, publicBreak(result.break));
  });

  server.del(`${base}/:breakId`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    if (!(await breakOf(member.programme, String(req.params.breakId)))) return fail(res, 404, 'NotFound', { id: 'api.noSuchBreak' });
    const result = await deleteBreak(deps, {
      programmeId: member.programme.id,
      breakId: String(req.params.breakId),
      person: member.person,
    });
    if (result.kind === 'not-organiser') return fail(res, 403, 'NotAnOrganiser', { id: 'api.breaksOrganisersOnly' });
    if (result.kind === 'not-found') return fail(res, 404, 'NotFound', { id: 'api.noSuchBreak' });
    res.send(200, { deleted: true });
  });

  server.post(`${base}/:breakId/rsvp`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const body = rsvpBody.safeParse(req.body);
    if (!body.success) return fail(res, 400, 'BadRequest', 'Send {"date": "YYYY-MM-DD", "answer": "in" or "out"}.');
    if (!(await breakOf(member.programme, String(req.params.breakId)))) return fail(res, 404, 'NotFound', { id: 'api.noSuchBreak' });
    const result = await rsvp(deps, {
      programmeId: member.programme.id,
      breakId: String(req.params.breakId),
      date: body.data.date,
      person: member.person,
      answer: body.data.answer,
    });
    if (result.kind === 'too-far-ahead') return fail(res, 400, 'LimitReached', LIMIT_MESSAGES.tooFarAhead);
    if (result.kind !== 'ok') return fail(res, 404, 'NotFound', { id: 'api.breakNotThatDay' });
    res.send(200, await listFor(member.programme, member.person));
  });

  server.post(`${base}/:breakId/topics`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const body = topicBody.safeParse(req.body);
    if (!body.success) return fail(res, 400, 'BadRequest', 'Send {"date": "YYYY-MM-DD", "text": "your topic"}.');
    if (!(await breakOf(member.programme, String(req.params.breakId)))) return fail(res, 404, 'NotFound', { id: 'api.noSuchBreak' });
    const result = await addTopic(deps, {
      programmeId: member.programme.id,
      breakId: String(req.params.breakId),
      date: body.data.date,
      person: member.person,
      text: body.data.text,
    });
    if (result.kind === 'empty') return fail(res, 400, 'BadRequest', { id: 'api.topicEmpty' });
    if (result.kind === 'too-long') return fail(res, 400, 'BadRequest', { id: 'api.topicTooLong', values: { length: result.length, max: TOPIC_MAX_LENGTH } });
    if (result.kind === 'full') return fail(res, 400, 'LimitReached', LIMIT_MESSAGES.topicsFull);
    if (result.kind === 'too-many-of-yours') return fail(res, 400, 'LimitReached', LIMIT_MESSAGES.topicsOfYours);
    if (result.kind === 'too-far-ahead') return fail(res, 400, 'LimitReached', LIMIT_MESSAGES.tooFarAhead);
    if (result.kind === 'no-such-occurrence') return fail(res, 404, 'NotFound', { id: 'api.breakNotThatDay' });
    res.send(201, await listFor(member.programme, member.person));
  });

  server.post('/api/v1/teams/:teamId/topics/:topicId/vote', async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const topic = await topicOf(member.programme, String(req.params.topicId));
    if (!topic) return fail(res, 404, 'NotFound', { id: 'api.noSuchTopic' });
    const result = await toggleVote(deps, { programmeId: member.programme.id, topicId: topic.id, person: member.person });
    if (result.kind === 'not-found') return fail(res, 404, 'NotFound', { id: 'api.breakOver' });
    res.send(200, await listFor(member.programme, member.person));
  });

  server.del('/api/v1/teams/:teamId/topics/:topicId', async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const topic = await topicOf(member.programme, String(req.params.topicId));
    if (!topic) return fail(res, 404, 'NotFound', { id: 'api.noSuchTopic' });
    const result = await deleteTopic(deps, { programmeId: member.programme.id, topicId: topic.id, person: member.person });
    if (result.kind === 'not-author') return fail(res, 403, 'NotTheAuthor', { id: 'api.topicAuthorOnly' });
    if (result.kind === 'not-found') return fail(res, 404, 'NotFound', { id: 'api.noSuchTopic' });
    res.send(200, await listFor(member.programme, member.person));
  });
}

/** A break as the tab sees it: no channel reference, no creator id. */
function publicBreak(b: Break) {
  return {
    id: b.id,
    title: b.title,
    weekdays: b.weekdays,
    time: b.time,
    timeZone: b.timeZone,
    durationMinutes: b.durationMinutes,
    joinUrl: b.joinUrl,
    reminderMinutes: b.reminderMinutes,
    skippedDates: b.skippedDates,
  };
}
