import { z } from 'zod';
import type { Breaks } from './ports';
import type { Programmes } from '../coffee/ports';
import type { Clock } from '../clock';
import { isOrganiser } from '../coffee/membership';
import type { Person } from '../person';
import { isValidTimeZone } from '../coffee/schedule';
import { type Problem, problemsOf } from '../problems';
import { nextOccurrences, occurrenceOn, withinHorizon } from './occurrences';
import {
  ANSWER_WINDOW_WEEKS,
  BREAKS_PER_TEAM,
  TITLE_MAX_LENGTH,
  TOPIC_MAX_LENGTH,
  TOPICS_PER_OCCURRENCE,
  TOPICS_PER_PERSON,
  type Break,
  type Occurrence,
  type RsvpAnswer,
  type Topic,
} from './model';

export type BreakDeps = { breaks: Breaks; programmes: Programmes; clock: Clock; newId: () => string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What can be wrong with a break's fields, as message ids the tab API says in the reader's
 * language, with the values each message needs.
 */
export const BREAK_PROBLEMS = {
  'title.empty': {},
  'title.tooLong': { max: TITLE_MAX_LENGTH },
  'weekdays.range': {},
  'weekdays.none': {},
  'weekdays.repeated': {},
  'time.format': {},
  'timeZone.unknown': {},
  'duration.tooShort': { min: 5 },
  'duration.tooLong': { hours: 4 },
  'joinUrl.tooLong': {},
  'joinUrl.notHttps': {},
  'reminder.negative': {},
  'reminder.tooEarly': {},
  'skippedDates.format': {},
} as const satisfies Record<string, Record<string, number>>;
export type BreakProblemId = keyof typeof BREAK_PROBLEMS;

/** Zod's message for a check is the id of its problem, never words: the domain speaks no language. */
const problem = (id: BreakProblemId) => id;

/** What an organiser sets for a break; each field checked with a problem a person can act on. */
export const breakInput = z.object({
  title: z.string().trim().min(1, problem('title.empty')).max(TITLE_MAX_LENGTH, problem('title.tooLong')),
  weekdays: z
    .array(z.number().int().min(1, problem('weekdays.range')).max(7, problem('weekdays.range')))
    .min(1, problem('weekdays.none'))
    .refine((days) => new Set(days).size === days.length, problem('weekdays.repeated')),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, problem('time.format')),
  timeZone: z.string().refine(isValidTimeZone, problem('timeZone.unknown')),
  durationMinutes: z.number().int().min(5, problem('duration.tooShort')).max(240, problem('duration.tooLong')),
  joinUrl: z
    .string()
    .trim()
    .max(2000, problem('joinUrl.tooLong'))
    .refine((url) => {
      try {
        return new URL(url).protocol === 'https:';
      } catch {
        return false;
      }
    }, problem('joinUrl.notHttps'))
    .optional()
    .or(z.literal('').transform(() => undefined)),
  reminderMinutes: z.number().int().min(0, problem('reminder.negative')).max(1440, problem('reminder.tooEarly')).default(10),
  skippedDates: z
    .array(z.string().regex(DATE, problem('skippedDates.format')))
    .max(366)
    .default([]),
});

export type BreakInput = z.input<typeof breakInput>;
export type BreakProblem = Problem<BreakProblemId>;

export type SaveBreakResult =
  | { kind: 'saved'; break: Break }
  | { kind: 'not-organiser' }
  | { kind: 'not-found' }
  | { kind: 'invalid'; problems: BreakProblem[] }
  | { kind: 'too-many'; limit: number };

/**
 * Every use case below that names a break or topic by id also names the team or chat the request
 * comes from (the tab's path, or where the card was pressed): an object of another team is "not
 * found", so no caller can act across teams by forgetting a check.
 */
async function breakIn(deps: Pick<BreakDeps, 'breaks'>, programmeId: string, breakId: string): Promise<Break | undefined> {
  const b = await deps.breaks.get(breakId);
  return b && !b.deletedAt && b.programmeId === programmeId ? b : undefined;
}

/** An organiser sets up a break; the reminder is posted where it was set up (a channel of the team). */
export async function createBreak(
  deps: BreakDeps,
  input: { programmeId: string; person: Person; channelReference: unknown; fields: unknown },
): Promise<SaveBreakResult> {
  const programme = await deps.programmes.get(input.programmeId);
  if (!programme) return { kind: 'not-found' };
  if (!isOrganiser(programme, input.person)) return { kind: 'not-organiser' };
  const parsed = breakInput.safeParse(input.fields);
  if (!parsed.success) return { kind: 'invalid', problems: problemsOf(parsed.error, BREAK_PROBLEMS) };
  // Two organisers creating at the same instant may pass the count together: a soft bound, by design.
  if ((await deps.breaks.list(programme.id)).length >= BREAKS_PER_TEAM) return { kind: 'too-many', limit: BREAKS_PER_TEAM };
  const saved: Break = {
    id: deps.newId(),
    programmeId: programme.id,
    ...parsed.data,
    weekdays: [...parsed.data.weekdays].sort(),
    channelReference: input.channelReference,
    createdBy: input.person.aadObjectId ?? input.person.userId,
    createdAt: deps.clock.now(),
  };
  await deps.breaks.save(saved);
  return { kind: 'saved', break: saved };
}

export async function updateBreak(deps: BreakDeps, input: { programmeId: string; breakId: string; person: Person; fields: unknown }): Promise<SaveBreakResult> {
  const existing = await breakIn(deps, input.programmeId, input.breakId);
  const programme = existing ? await deps.programmes.get(existing.programmeId) : undefined;
  if (!existing || !programme) return { kind: 'not-found' };
  if (!isOrganiser(programme, input.person)) return { kind: 'not-organiser' };
  const parsed = breakInput.safeParse(input.fields);
  if (!parsed.success) return { kind: 'invalid', problems: problemsOf(parsed.error, BREAK_PROBLEMS) };
  const saved: Break = { ...existing, ...parsed.data, weekdays: [...parsed.data.weekdays].sort() };
  await deps.breaks.save(saved);
  return { kind: 'saved', break: saved };
}

/** Deleting a break stops its reminders; answers and topics go with it. */
export async function deleteBreak(
  deps: BreakDeps,
  input: { programmeId: string; breakId: string; person: Person },
): Promise<{ kind: 'deleted' | 'not-found' | 'not-organiser' }> {
  const existing = await breakIn(deps, input.programmeId, input.breakId);
  const programme = existing ? await deps.programmes.get(existing.programmeId) : undefined;
  if (!existing || !programme) return { kind: 'not-found' };
  if (!isOrganiser(programme, input.person)) return { kind: 'not-organiser' };
  await deps.breaks.save({ ...existing, deletedAt: deps.clock.now() });
  return { kind: 'deleted' };
}

/** A team's breaks with their next occurrences. */
export async function upcomingBreaks(deps: Pick<BreakDeps, 'breaks' | 'clock'>, programmeId: string, count = 3) {
  const now = deps.clock.now();
  return (await deps.breaks.list(programmeId)).map((b) => ({ break: b, next: nextOccurrences(b, now, count) }));
}

type OccurrenceResult =
  | { kind: 'ok'; break: Break; occurrence: Occurrence }
  | { kind: 'no-such-occurrence' }
  /** The break happens that day, but further ahead than people can answer for. */
  | { kind: 'too-far-ahead'; weeks: number };

type OccurrenceRef = { programmeId: string; breakId: string; date: string };

/**
 * An occurrence people may answer for: a break of this team or chat that happens that day, not
 * over yet, and within the next ANSWER_WINDOW_WEEKS.
 */
async function openOccurrence(deps: Pick<BreakDeps, 'breaks' | 'clock'>, ref: OccurrenceRef): Promise<OccurrenceResult> {
  const b = await breakIn(deps, ref.programmeId, ref.breakId);
  if (!b || !DATE.test(ref.date)) return { kind: 'no-such-occurrence' };
  const occurrence = occurrenceOn(b, ref.date);
  const now = deps.clock.now();
  if (!occurrence || occurrence.endsAt.getTime() <= now.getTime()) return { kind: 'no-such-occurrence' };
  if (!withinHorizon(b, ref.date, now)) return { kind: 'too-far-ahead', weeks: ANSWER_WINDOW_WEEKS };
  return { kind: 'ok', break: b, occurrence };
}

/** "I'm in" / "Can't make it" for one occurrence; changing one's mind replaces the answer. */
export async function rsvp(
  deps: Pick<BreakDeps, 'breaks' | 'clock'>,
  input: OccurrenceRef & { person: Person; answer: RsvpAnswer },
): Promise<OccurrenceResult> {
  const found = await openOccurrence(deps, input);
  if (found.kind !== 'ok') return found;
  await deps.breaks.rsvp(
    {
      breakId: input.breakId,
      date: input.date,
      userId: input.person.userId,
      name: input.person.name,
      answer: input.answer,
      at: deps.clock.now(),
    },
    input.person.aadObjectId,
  );
  return found;
}

export type TopicResult =
  | { kind: 'added'; topic: Topic }
  | { kind: 'empty' }
  | { kind: 'too-long'; length: number }
  /** The occurrence holds TOPICS_PER_OCCURRENCE topics already. */
  | { kind: 'full'; limit: number }
  /** This person brought TOPICS_PER_PERSON topics to the occurrence already. */
  | { kind: 'too-many-of-yours'; limit: number }
  | { kind: 'no-such-occurrence' }
  | { kind: 'too-far-ahead'; weeks: number };

/** Anyone can bring a topic or idea for an occurrence: up to 200 characters, a few per person. */
export async function addTopic(
  deps: Pick<BreakDeps, 'breaks' | 'clock' | 'newId'>,
  input: OccurrenceRef & { person: Person; text: string },
): Promise<TopicResult> {
  const text = input.text.trim();
  if (!text) return { kind: 'empty' };
  const length = [...text].length;
  if (length > TOPIC_MAX_LENGTH) return { kind: 'too-long', length };
  const found = await openOccurrence(deps, input);
  if (found.kind !== 'ok') return found;
  // Counted before adding: two topics added at the same instant may both pass (a soft bound).
  const existing = await deps.breaks.topics(input.breakId, input.date);
  if (existing.length >= TOPICS_PER_OCCURRENCE) return { kind: 'full', limit: TOPICS_PER_OCCURRENCE };
  if (existing.filter((t) => t.authorId === input.person.userId).length >= TOPICS_PER_PERSON) {
    return { kind: 'too-many-of-yours', limit: TOPICS_PER_PERSON };
  }
  const topic: Topic = {
    id: deps.newId(),
    breakId: input.breakId,
    date: input.date,
    authorId: input.person.userId,
    authorName: input.person.name,
    text,
    createdAt: deps.clock.now(),
    votes: [],
  };
  await deps.breaks.addTopic(topic, input.person.aadObjectId);
  return { kind: 'added', topic };
}

/** Upvotes a topic, or takes the upvote back. */
export async function toggleVote(
  deps: Pick<BreakDeps, 'breaks' | 'clock'>,
  input: { programmeId: string; topicId: string; person: Person },
): Promise<{ kind: 'voted' | 'unvoted'; topic: Topic } | { kind: 'not-found' }> {
  const topic = await deps.breaks.getTopic(input.topicId);
  const open = topic && (await openOccurrence(deps, { programmeId: input.programmeId, breakId: topic.breakId, date: topic.date }));
  if (!topic || open?.kind !== 'ok') return { kind: 'not-found' };
  const on = !topic.votes.includes(input.person.userId);
  await deps.breaks.vote(topic.id, input.person.userId, on, input.person.aadObjectId);
  return { kind: on ? 'voted' : 'unvoted', topic };
}

/** Authors can delete their own topics, nobody else's. */
export async function deleteTopic(
  deps: Pick<BreakDeps, 'breaks'>,
  input: { programmeId: string; topicId: string; person: Person },
): Promise<{ kind: 'deleted' | 'not-found' | 'not-author' }> {
  const topic = await deps.breaks.getTopic(input.topicId);
  if (!topic || !(await breakIn(deps, input.programmeId, topic.breakId))) return { kind: 'not-found' };
  if (topic.authorId !== input.person.userId) return { kind: 'not-author' };
  await deps.breaks.deleteTopic(topic.id);
  return { kind: 'deleted' };
}
