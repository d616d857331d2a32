/** Small builders shared by the unit tests: a clock you move by hand, a seeded random, answers. */
import type { Answer, CheckInSession, MoodId, Person, Visibility } from '../../../bot/domain/check-in/model';

/** A clock that only moves when the test says so. */
export function fixedClock(start = '2026-11-27T09:00:00.000Z') {
  let current = new Date(start);
  return {
    now: () => new Date(current.getTime()),
    advance(ms: number) {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** mulberry32: a tiny deterministic random in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ids like id-1, id-2, ... in call order. */
export function counterIds(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;

export function person(n: number, overrides: Partial<Person> = {}): Person {
  return {
    userId: `29:1user-${n}`,
    aadObjectId: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
    name: `Person ${n}`,
    upn: `person${n}@contoso.com`,
    ...overrides,
  };
}

export function session(overrides: Partial<CheckInSession> = {}): CheckInSession {
  return {
    id: 'session-1',
    occurrenceKey: 'meeting-1|2026-11-27T09:00:00.000Z',
    seriesKey: 'meeting-1',
    meetingId: 'meeting-1',
    title: 'Weekly planning',
    address: { tenantId: 'tenant-1', conversationId: '19:meeting_abc@thread.v2', reference: {} },
    questionId: 'light-01',
    question: 'How are you arriving today?',
    status: 'open',
    defaultVisibility: 'shared',
    summaryAtEnd: true,
    startedAt: new Date('2026-11-27T09:00:00.000Z'),
    ...overrides,
  };
}

type AnswerOverrides = { mood?: MoodId; note?: string; visibility?: Visibility; skipped?: boolean; answeredAt?: Date; person?: Person };

/** An answer from person n; later n answered earlier, so a list built from 0..k is newest first. */
export function answer(n: number, overrides: AnswerOverrides = {}): Answer {
  const skipped = overrides.skipped ?? false;
  return {
    sessionId: 'session-1',
    person: overrides.person ?? person(n),
    mood: skipped ? undefined : (overrides.mood ?? 'great'),
    note: skipped ? undefined : overrides.note,
    visibility: overrides.visibility ?? 'shared',
    skipped,
    answeredAt: overrides.answeredAt ?? new Date(Date.parse('2026-11-27T10:00:00.000Z') - n * 1000),
  };
}

/** n shared answers, newest first. */
export function sharedAnswers(count: number, overrides: (i: number) => AnswerOverrides = () => ({})): Answer[] {
  return Array.from({ length: count }, (_, i) => answer(i, overrides(i)));
}
