import type { Break, Topic } from '../../bot/domain/breaks/model';
import type { Answer, CheckInSession } from '../../bot/domain/check-in/model';
import { DEFAULT_PROGRAMME_SETTINGS, type Delivery, type Encounter, type Group, type Member, type Programme, type Round } from '../../bot/domain/coffee/model';
import type { Installation } from '../../bot/domain/installations';
import type { Person as HallwayPerson } from '../../bot/domain/person';
import { DAY, HOUR, MINUTE } from '../fixtures/clock';

export { DAY, HOUR, MINUTE };

/** Stored things for the storage contract, with overrides. Times are fixed; ids unique per call. */
export const T0 = new Date('2026-03-02T09:00:00.000Z');
export const at = (ms: number) => new Date(T0.getTime() + ms);

let n = 0;
/** Zero-padded, so no id is the beginning of another (searches for leftovers stay exact). */
export const uid = (prefix: string) => `${prefix}-${String(++n).padStart(6, '0')}`;

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

/** A person with every id and name known, as the contract stores them. */
export type Person = Required<HallwayPerson>;

export function person(label: string): Person {
  const id = uid(label.toLowerCase());
  return { userId: `29:1${id}`, aadObjectId: `aad-${id}`, name: `${label} ${id}`, upn: `${id}@contoso.example` };
}

export const reference = (conversationId: string) => ({
  channelId: 'msteams',
  serviceUrl: SERVICE_URL,
  bot: { id: '28:hallway', name: 'Hallway' },
  conversation: { id: conversationId, tenantId: TENANT },
});

export function installation(o: Partial<Installation> = {}): Installation {
  const conversationId = o.conversationId ?? `19:${uid('team')}@thread.tacv2`;
  return {
    conversationId,
    tenantId: TENANT,
    conversationType: 'channel',
    teamId: conversationId,
    teamName: 'Platform team',
    reference: reference(conversationId),
    installedAt: T0,
    ...o,
  };
}

/** A check-in; `teamId` makes it one in a channel of that team (a channel meeting). */
export function session(o: Partial<CheckInSession> & { conversationId?: string; teamId?: string } = {}): CheckInSession {
  const { conversationId = `19:meeting_${uid('chat')}@thread.v2`, teamId, ...rest } = o;
  const id = uid('session');
  return {
    id,
    occurrenceKey: `meeting-1|${id}`,
    seriesKey: 'series-1',
    meetingId: 'MCMxOTptZWV0aW5n',
    title: 'Stand-up',
    address: { tenantId: TENANT, conversationId, reference: reference(conversationId), ...(teamId && { teamId }) },
    questionId: 'q-weekend',
    question: 'What was the best part of your weekend?',
    status: 'open',
    defaultVisibility: 'shared',
    summaryAtEnd: true,
    startedAt: T0,
    ...rest,
  };
}

export function answer(s: { id: string }, who: Person, o: Partial<Answer> = {}): Answer {
  return {
    sessionId: s.id,
    person: { userId: who.userId, aadObjectId: who.aadObjectId, name: who.name },
    mood: 'good',
    note: `A note from ${who.name}`,
    visibility: 'shared',
    skipped: false,
    answeredAt: T0,
    ...o,
  };
}

export function programme(o: Partial<Programme> = {}): Programme {
  const id = o.id ?? `19:${uid('coffee')}@thread.tacv2`;
  return {
    id,
    tenantId: TENANT,
    name: 'Coffee in Platform',
    reference: reference(id),
    organisers: [],
    settings: DEFAULT_PROGRAMME_SETTINGS,
    roundSeq: 0,
    nextRoundAt: at(7 * DAY),
    createdAt: T0,
    ...o,
  };
}

export function member(p: { id: string }, who: Person, o: Partial<Member> = {}): Member {
  return {
    programmeId: p.id,
    userId: who.userId,
    aadObjectId: who.aadObjectId,
    name: who.name,
    upn: who.upn,
    status: 'active',
    timeZone: 'Europe/Berlin',
    silentRounds: 0,
    joinedAt: T0,
    ...o,
  };
}

/** A round of `people` in pairs (a trio when odd), with their pairing deliveries and encounters. */
export function round(p: { id: string }, seq: number, people: string[], o: Partial<Round> = {}) {
  const groups: Group[] = [];
  for (let i = 0; i + 1 < people.length; i += 2) groups.push({ members: people.slice(i, i + 2), captain: people[i]!, starter: people[i + 1]! });
  if (people.length % 2 === 1 && groups.length > 0) groups[groups.length - 1]!.members.push(people.at(-1)!);
  const r: Round = {
    id: uid('round'),
    programmeId: p.id,
    seq,
    status: 'notifying',
    startedAt: T0,
    groups,
    unmatched: people.length === 1 ? [people[0]!] : [],
    followUpAt: at(7 * DAY),
    ...o,
  };
  const deliveries: Delivery[] = people.map((userId) => ({
    roundId: r.id,
    userId,
    kind: 'pairing',
    status: 'pending',
    attempts: 0,
    updatedAt: r.startedAt,
  }));
  const encounters: Encounter[] = groups.flatMap((g) => g.members.slice(1).map((b) => ({ a: g.members[0]!, b, round: seq })));
  return { round: r, deliveries, encounters };
}

export function coffeeBreak(o: Partial<Break> = {}): Break {
  return {
    id: uid('break'),
    programmeId: `19:${uid('team')}@thread.tacv2`,
    title: 'Friday coffee',
    weekdays: [5],
    time: '15:00',
    timeZone: 'Europe/Berlin',
    durationMinutes: 15,
    reminderMinutes: 10,
    skippedDates: [],
    channelReference: reference('19:general@thread.tacv2'),
    createdBy: 'aad-organiser',
    createdAt: T0,
    ...o,
  };
}

export function topic(b: { id: string }, date: string, who: Person, o: Partial<Topic> = {}): Topic {
  return {
    id: uid('topic'),
    breakId: b.id,
    date,
    authorId: who.userId,
    authorName: who.name,
    text: `Let's talk about ${uid('thing')}`,
    createdAt: T0,
    votes: [],
    ...o,
  };
}
