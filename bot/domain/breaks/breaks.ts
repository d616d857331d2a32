import { z } from 'zod';
import type { Breaks, Programmes } from '../../storage/ports';
import type { Clock } from '../clock';
import { isOrganiser, type Person } from '../pairing/membership';
import { isValidTimeZone } from '../pairing/schedule';
import { nextOccurrences, occurrenceOn } from './occurrences';
import { TITLE_MAX_LENGTH, TOPIC_MAX_LENGTH, type Break, type Occurrence, type RsvpAnswer, type Topic } from './model';

export type BreakDeps = { breaks: Breaks; programmes: Programmes; clock: Clock; newId: () => string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What an organiser sets for a break; each field checked with a message a person can act on. */
export const breakInput = z.object({
  title: z.string().trim().min(1, 'Give the break a title').max(TITLE_MAX_LENGTH, `Keep the title to ${TITLE_MAX_LENGTH} characters`),
  weekdays: z
    .array(z.number().int().min(1, 'Weekdays are 1 (Monday) to 7 (Sunday)').max(7, 'Weekdays are 1 (Monday) to 7 (Sunday)'))
    .min(1, 'Pick at least one weekday')
    .refine((days) => new Set(days).size === days.length, 'Each weekday once'),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time like 15:00'),
  timeZone: z.string().refine(isValidTimeZone, 'Use a time zone like Europe/Berlin'),
  durationMinutes: z.number().int().min(5, 'At least 5 minutes').max(240, 'At most 4 hours'),
  joinUrl: z
    .string()
    .trim()
    .max(2000, 'The join link is too long')
    .refine((url) => {
      try {
        return new URL(url).protocol === 'https:';
      } catch {
        return false;
      }
    }, 'The join link must be an https:// link (paste the Teams meeting link)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  reminderMinutes: z.number().int().min(0, 'The reminder lead time cannot be negative').max(1440, 'Remind at most a day before').default(10),
  skippedDates: z.array(z.string().regex(DATE, 'Dates look like 2026-12-24')).max(366).default([]),
});

export type BreakInput = z.input<typeof breakInput>;

export type SaveBreakResult = { kind: 'saved'; break: Break } | { kind: 'not-organiser' } | { kind: 'not-found' } | { kind: 'invalid'; problems: string[] };

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
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
  if (!parsed.success) return { kind: 'invalid', problems: problemsOf(parsed.error) };
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

export async function updateBreak(
  deps: BreakDeps,
  input: { breakId: string; person: Person; fields: unknown },
): Promise<SaveBreakResult> {
  const existing = await deps.breaks.get(input.breakId);
  const programme = existing && !existing.deletedAt ? await deps.programmes.get(existing.programmeId) : undefined;
  if (!existing || !programme) return { kind: 'not-found' };
  if (!isOrganiser(programme, input.person)) return { kind: 'not-organiser' };
  const parsed = breakInput.safeParse(input.fields);
  if (!parsed.success) return { kind: 'invalid', problems: problemsOf(parsed.error) };
  const saved: Break = { ...existing, ...parsed.data, weekdays: [...parsed.data.weekdays].sort() };
  await deps.breaks.save(saved);
  return { kind: 'saved', break: saved };
}

/** Deleting a break stops its reminders; answers and topics go with it. */
export async function deleteBreak(deps: BreakDeps, input: { breakId: string; person: Person }): Promise<{ kind: 'deleted' | 'not-found' | 'not-organiser' }> {
  const existing = await deps.breaks.get(input.breakId);
  const programme = existing && !existing.deletedAt ? await deps.programmes.get(existing.programmeId) : undefined;
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

type OccurrenceResult = { kind: 'ok'; break: Break; occurrence: Occurrence } | { kind: 'no-such-occurrence' };

/** An occurrence people may still answer for: the break exists and happens that day, not yet over. */
async function openOccurrence(deps: Pick<BreakDeps, 'breaks' | 'clock'>, breakId: string, date: string): Promise<OccurrenceResult> {
  const b = await deps.breaks.get(breakId);
  if (!b || b.deletedAt || !DATE.test(date)) return { kind: 'no-such-occurrence' };
  const occurrence = occurrenceOn(b, date);
  if (!occurrence || occurrence.endsAt.getTime() <= deps.clock.now().getTime()) return { kind: 'no-such-occurrence' };
  return { kind: 'ok', break: b, occurrence };
}

/** "I'm in" / "Can't make it" for one occurrence; changing one's mind replaces the answer. */
export async function rsvp(
  deps: Pick<BreakDeps, 'breaks' | 'clock'>,
  input: { breakId: string; date: string; person: Person; answer: RsvpAnswer },
): Promise<OccurrenceResult> {
  const found = await openOccurrence(deps, input.breakId, input.date);
  if (found.kind !== 'ok') return found;
  await deps.breaks.rsvp({ breakId: input.breakId, date: input.date, userId: input.person.userId, name: input.person.name, answer: input.answer, at: deps.clock.now() });
  return found;
}

export type TopicResult =
  | { kind: 'added'; topic: Topic }
  | { kind: 'empty' }
  | { kind: 'too-long'; length: number }
  | { kind: 'no-such-occurrence' };

/** Anyone can bring a topic or idea for the next occurrence: up to 200 characters. */
export async function addTopic(
  deps: Pick<BreakDeps, 'breaks' | 'clock' | 'newId'>,
  input: { breakId: string; date: string; person: Person; text: string },
): Promise<TopicResult> {
  const text = input.text.trim();
  if (!text) return { kind: 'empty' };
  const length = [...text].length;
  if (length > TOPIC_MAX_LENGTH) return { kind: 'too-long', length };
  const found = await openOccurrence(deps, input.breakId, input.date);
  if (found.kind !== 'ok') return found;
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
  await deps.breaks.addTopic(topic);
  return { kind: 'added', topic };
}

/** Upvotes a topic, or takes the upvote back. */
export async function toggleVote(
  deps: Pick<BreakDeps, 'breaks' | 'clock'>,
  input: { topicId: string; person: Person },
): Promise<{ kind: 'voted' | 'unvoted'; topic: Topic } | { kind: 'not-found' }> {
  const topic = await deps.breaks.getTopic(input.topicId);
  if (!topic || (await openOccurrence(deps, topic.breakId, topic.date)).kind !== 'ok') return { kind: 'not-found' };
  const on = !topic.votes.includes(input.person.userId);
  await deps.breaks.vote(topic.id, input.person.userId, on);
  return { kind: on ? 'voted' : 'unvoted', topic };
}

/** Authors can delete their own topics, nobody else's. */
export async function deleteTopic(
  deps: Pick<BreakDeps, 'breaks'>,
  input: { topicId: string; person: Person },
): Promise<{ kind: 'deleted' | 'not-found' | 'not-author' }> {
  const topic = await deps.breaks.getTopic(input.topicId);
  if (!topic) return { kind: 'not-found' };
  if (topic.authorId !== input.person.userId) return { kind: 'not-author' };
  await deps.breaks.deleteTopic(topic.id);
  return { kind: 'deleted' };
}
