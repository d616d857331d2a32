import type { Answer, CheckInSession, MoodId, Visibility } from '../../bot/domain/check-in/model';
import { DEFAULT_PROGRAMME_SETTINGS, type Programme, type Round } from '../../bot/domain/coffee/model';
import { FORGOTTEN } from '../../bot/domain/privacy-ports';
import { breakPulse } from '../../bot/domain/pulse/breaks';
import { coffeePulse } from '../../bot/domain/pulse/coffee';
import { seriesPulse } from '../../bot/domain/pulse/series';
import type { Break, Rsvp } from '../../bot/domain/breaks/model';
import { ManualClock } from '../fixtures/clock';

const NOW = new Date('2026-05-20T12:00:00Z');
const CHAT = '19:meeting_rules@thread.v2';

function session(id: string, conversationId = CHAT): CheckInSession {
  return {
    id,
    occurrenceKey: id,
    seriesKey: 'series',
    address: { tenantId: 't', conversationId, reference: {} },
    questionId: 'q',
    question: 'How are you?',
    status: 'closed',
    defaultVisibility: 'shared',
    summaryAtEnd: false,
    startedAt: NOW,
  };
}

const answer = (i: number, mood: MoodId, visibility: Visibility = 'shared'): Answer => ({
  sessionId: 's',
  person: { userId: `29:p${i}`, name: `P${i}` },
  mood,
  visibility,
  skipped: false,
  answeredAt: NOW,
});

function series(answers: Answer[], sessions = [session('s')]) {
  return seriesPulse(
    { checkIns: { listAnswers: async () => answers }, pulse: { recentSessions: async () => sessions } },
    { seriesKey: 'series', conversationId: CHAT, tenantId: 't' },
  );
}

describe("a meeting series' moods", () => {
  test('a mood given as "only show that I checked in" is counted as checked in, never as a mood', async () => {
    const moods = ['great', 'great', 'good', 'okay', 'low'] as const;
    const pulse = await series([...moods.map((m, i) => answer(i, m)), answer(9, 'rough', 'private')]);
    expect(pulse.occurrences[0]).toMatchObject({ kind: 'shown', people: 6, checkedIn: 6, moods: { kind: 'shown', people: 5 } });
    const steps = (pulse.occurrences[0] as any).moods.steps;
    expect(steps.find((s: any) => s.mood === 'rough').count).toBe(0);
  });

  test('six who answered but four who shared: the answers are shown, the moods are too few', async () => {
    const pulse = await series([
      ...(['great', 'good', 'okay', 'low'] as const).map((m, i) => answer(i, m)),
      answer(8, 'rough', 'private'),
      answer(9, 'rough', 'private'),
    ]);
    expect(pulse.occurrences[0]).toEqual({ startedAt: NOW.toISOString(), kind: 'shown', people: 6, checkedIn: 6, skipped: 0, moods: { kind: 'too-few' } });
  });

  test("a session of the same series held in another chat is not this meeting's", async () => {
    const pulse = await series(
      [0, 1, 2, 3, 4].map((i) => answer(i, 'good')),
      [session('elsewhere', '19:meeting_other@thread.v2')],
    );
    expect(pulse.occurrences).toEqual([]);
  });
});

describe('coffee rounds', () => {
  const programme: Programme = {
    id: 'team',
    tenantId: 't',
    reference: {},
    organisers: [],
    settings: DEFAULT_PROGRAMME_SETTINGS,
    roundSeq: 1,
    createdAt: NOW,
  };
  const round = (people: string[]): Round => ({
    id: 'r1',
    programmeId: 'team',
    seq: 1,
    status: 'closed',
    startedAt: NOW,
    groups: [
      { members: people.slice(0, 2), captain: people[0]!, starter: 'x' },
      { members: people.slice(2), captain: people[2]!, starter: 'x' },
    ],
    unmatched: [],
    followUpAt: NOW,
  });
  const pulseOf = (people: string[]) =>
    coffeePulse(
      {
        programmes: { members: async () => [] },
        rounds: { history: async () => [], answers: async () => [] },
        pulse: { rounds: async () => [round(people)] },
        clock: new ManualClock(NOW),
      },
      programme,
    );

  test('five people make a round worth showing', async () => {
    expect((await pulseOf(['a', 'b', 'c', 'd', 'e'])).rounds[0]).toMatchObject({ kind: 'shown', people: 5, groups: 2 });
  });

  test('someone forgotten stays in the round as a placeholder but counts for nobody: four left is too few', async () => {
    expect((await pulseOf(['a', FORGOTTEN, 'c', 'd', 'e'])).rounds[0]).toEqual({ round: 1, startedAt: NOW.toISOString(), kind: 'too-few' });
  });
});

describe("a break's occurrences", () => {
  const weekly: Break = {
    id: 'b',
    programmeId: 'team',
    title: 'Tea',
    weekdays: [3],
    time: '15:00',
    timeZone: 'Europe/Berlin',
    durationMinutes: 30,
    reminderMinutes: 10,
    skippedDates: ['2026-05-06'],
    channelReference: {},
    createdBy: 'x',
    createdAt: NOW,
  };

  test('the last 12 that have started, skipped dates left out, oldest first', async () => {
    const asked: string[] = [];
    const pulse = await breakPulse(
      {
        breaks: {
          rsvps: async (_id: string, date: string): Promise<Rsvp[]> => {
            asked.push(date);
            return [];
          },
          topics: async () => [],
        },
      },
      weekly,
      NOW,
    );
    const dates = pulse.occurrences.map((o) => o.date);
    expect(dates).toHaveLength(12);
    // Wednesday 20 May 15:00 in Berlin has not started at 14:00 Berlin time; 6 May was skipped.
    expect(dates.at(-1)).toBe('2026-05-13');
    expect(dates).not.toContain('2026-05-06');
    expect(dates[0]).toBe('2026-02-18');
    expect(pulse.occurrences.every((o) => o.kind === 'too-few')).toBe(true);
    // Only the occurrences shown are read: no answers of dates the chart does not cover.
    expect([...asked].sort()).toEqual(dates);
  });
});
