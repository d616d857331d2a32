import { DEFAULT_MEETING_SETTINGS, type AnswerInput, type ChatAddress } from '../../bot/domain/check-in/model';
import { QUESTION_BANKS } from '../../bot/domain/check-in/questions';
import { closeCheckIn, recordAnswer, STALE_AFTER_MS, startCheckIn, type CheckInDeps, type StartResult } from '../../bot/domain/check-in/use-cases';
import type { Storage } from '../../bot/storage/ports';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import { person } from '../fixtures/check-ins';
import { HOUR, ManualClock, MINUTE } from '../fixtures/clock';
import { counterIds, seededRandom } from '../fixtures/random';

const MEETING = 'MCMxOTptZWV0aW5nX05qQTNaR0V5@thread.v2';
const CHAT = '19:meeting_NjA3ZGEy@thread.v2';

const addressOf = (conversationId = CHAT): ChatAddress => ({
  tenantId: 'tenant-1',
  conversationId,
  reference: { conversation: { id: conversationId }, serviceUrl: 'https://smba.trafficmanager.net/emea/' },
});

let storage: Storage;
let clock: ManualClock;
let deps: CheckInDeps;

beforeEach(() => {
  storage = openSqliteStorage(':memory:');
  clock = new ManualClock(new Date('2026-11-27T09:00:05.000Z'));
  deps = {
    checkIns: storage.checkIns,
    meetingSettings: storage.meetingSettings,
    clock,
    random: seededRandom(42),
    newId: counterIds('checkin'),
  };
});

afterEach(async () => {
  await storage.close();
});

const meetingStart = (startTime: string, meetingId = MEETING, conversationId = CHAT) =>
  startCheckIn(deps, {
    address: addressOf(conversationId),
    meetingId,
    title: 'Weekly planning',
    trigger: { kind: 'meeting-start', startTime },
  });

const manualStart = (meetingId: string | undefined = MEETING, conversationId = CHAT) =>
  startCheckIn(deps, { address: addressOf(conversationId), meetingId, trigger: { kind: 'manual' } });

function started(result: StartResult) {
  if (result.kind !== 'started') throw new Error(`expected a new check-in, got ${result.kind}`);
  return result.session;
}

/** As the card's button does: the check-in it names, read once, then the answer. */
async function answerAs(sessionId: string, n: number, answer: AnswerInput, conversationId = CHAT) {
  const session = await storage.checkIns.get(sessionId);
  if (!session) throw new Error(`no check-in ${sessionId}`);
  return recordAnswer(deps, { session, conversationId, person: person(n), answer });
}

const checkIn = (mood: 'great' | 'good' | 'okay' | 'low' | 'rough', note?: string, visibility: 'shared' | 'private' = 'shared'): AnswerInput => ({
  kind: 'check-in',
  mood,
  note,
  visibility,
});

describe('starting a check-in', () => {
  test('a meeting start posts one check-in with a question and the default settings', async () => {
    const session = started(await meetingStart('2026-11-27T09:00:02Z'));
    expect(session).toMatchObject({
      status: 'open',
      meetingId: MEETING,
      title: 'Weekly planning',
      defaultVisibility: 'shared',
      summaryAtEnd: true,
      startedAt: clock.now(),
    });
    expect(QUESTION_BANKS.light).toContainEqual({ id: session.questionId, text: session.question });
    expect(await storage.checkIns.findOpen(CHAT)).toMatchObject({ id: session.id, status: 'open' });
  });

  test('a repeated start event for the same occurrence gets the existing check-in back instead of a second card', async () => {
    const first = started(await meetingStart('2026-11-27T09:00:02Z'));
    clock.advance(30 * 1000);
    const again = await meetingStart('2026-11-27T09:00:02Z');
    expect(again).toEqual({ kind: 'duplicate', session: expect.objectContaining({ id: first.id }) });
  });

  test.each(['2026-11-27T09:00:02.000Z', '2026-11-27T09:00:02.0000000Z', '2026-11-27T10:00:02+01:00'])(
    'a start time written differently but equal (%p) is the same occurrence',
    async (sameMoment) => {
      const first = started(await meetingStart('2026-11-27T09:00:02Z'));
      const again = await meetingStart(sameMoment);
      expect(again).toEqual({ kind: 'duplicate', session: expect.objectContaining({ id: first.id }) });
    },
  );

  test('a start event that arrives again after the meeting ended does not post a second card', async () => {
    const first = started(await meetingStart('2026-11-27T09:00:02Z'));
    clock.advance(HOUR);
    await closeCheckIn(deps, { conversationId: CHAT });
    clock.advance(HOUR);
    const late = await meetingStart('2026-11-27T09:00:02Z');
    expect(late).toEqual({ kind: 'duplicate', session: expect.objectContaining({ id: first.id, status: 'closed' }) });
    expect(await storage.checkIns.findOpen(CHAT)).toBeUndefined();
  });

  test('typing check-in while one is open in the chat brings back the open one', async () => {
    const first = started(await meetingStart('2026-11-27T09:00:02Z'));
    clock.advance(5 * MINUTE);
    expect(await manualStart()).toEqual({ kind: 'already-open', session: expect.objectContaining({ id: first.id }) });
    expect(await manualStart(undefined)).toEqual({ kind: 'already-open', session: expect.objectContaining({ id: first.id }) });
  });

  test('two check-in commands in a chat without a meeting open only one check-in', async () => {
    const first = started(await manualStart(undefined));
    expect(await manualStart(undefined)).toEqual({ kind: 'already-open', session: expect.objectContaining({ id: first.id }) });
  });

  test('a check-in still open from earlier the same day blocks a new one', async () => {
    const first = started(await meetingStart('2026-11-27T09:00:02Z'));
    clock.advance(STALE_AFTER_MS - MINUTE);
    const next = await meetingStart('2026-11-27T20:59:00Z');
    expect(next).toEqual({ kind: 'already-open', session: expect.objectContaining({ id: first.id }) });
  });

  test('a check-in left open for more than 12 hours is closed and no longer blocks a new one', async () => {
    expect(STALE_AFTER_MS).toBe(12 * HOUR);
    const stale = started(await meetingStart('2026-11-27T09:00:02Z'));
    clock.advance(12 * HOUR + MINUTE);
    const fresh = started(await meetingStart('2026-11-28T09:00:02Z'));
    expect(fresh.id).not.toBe(stale.id);
    expect(await storage.checkIns.get(stale.id)).toMatchObject({ status: 'closed', closedAt: clock.now() });
    expect(await storage.checkIns.findOpen(CHAT)).toMatchObject({ id: fresh.id });
  });

  test('a stale check-in also gives way to a check-in started by hand', async () => {
    const stale = started(await manualStart());
    clock.advance(13 * HOUR);
    const fresh = started(await manualStart());
    expect(fresh.id).not.toBe(stale.id);
    expect((await storage.checkIns.get(stale.id))?.status).toBe('closed');
  });

  test('with check-ins switched off, a meeting start posts nothing, but starting one by hand still works', async () => {
    await storage.meetingSettings.put(MEETING, { ...DEFAULT_MEETING_SETTINGS, enabled: false });
    expect(await meetingStart('2026-11-27T09:00:02Z')).toEqual({ kind: 'disabled' });
    expect(await storage.checkIns.findOpen(CHAT)).toBeUndefined();

    const manual = started(await manualStart());
    expect(await storage.checkIns.findOpen(CHAT)).toMatchObject({ id: manual.id });
  });

  test("the organiser's settings decide the question style, default visibility and summary", async () => {
    await storage.meetingSettings.put(MEETING, {
      ...DEFAULT_MEETING_SETTINGS,
      questionBank: 'deeper',
      defaultVisibility: 'private',
      summaryAtEnd: false,
    });
    const session = started(await meetingStart('2026-11-27T09:00:02Z'));
    expect(QUESTION_BANKS.deeper).toContainEqual({ id: session.questionId, text: session.question });
    expect(session).toMatchObject({ defaultVisibility: 'private', summaryAtEnd: false });
  });

  test('over the occurrences of a meeting series no question repeats until the bank is used up', async () => {
    const bank = QUESTION_BANKS.light;
    const asked: string[] = [];
    const start = Date.parse('2026-11-27T09:00:02Z');
    for (let week = 0; week < bank.length * 3; week++) {
      const session = started(await meetingStart(new Date(start + week * 7 * 24 * HOUR).toISOString()));
      asked.push(session.questionId);
      clock.advance(HOUR);
      await closeCheckIn(deps, { conversationId: CHAT });
      clock.advance(7 * 24 * HOUR - HOUR);
    }
    const n = bank.length;
    for (let round = 0; round < 3; round++) expect(new Set(asked.slice(round * n, (round + 1) * n)).size).toBe(n);
    expect(asked[n]).not.toBe(asked[n - 1]);
    expect(asked[2 * n]).not.toBe(asked[2 * n - 1]);
    // The rotation works from the questions in the order they were asked.
    expect(await storage.checkIns.questionHistory(MEETING)).toEqual(asked);
  });

  test('each meeting series has its own rotation', async () => {
    const a = started(await meetingStart('2026-11-27T09:00:02Z', 'series-a', 'chat-a'));
    const history = await storage.checkIns.questionHistory('series-b');
    expect(history).toEqual([]);
    const b = started(await meetingStart('2026-11-27T09:00:02Z', 'series-b', 'chat-b'));
    expect(await storage.checkIns.questionHistory('series-a')).toEqual([a.questionId]);
    expect(await storage.checkIns.questionHistory('series-b')).toEqual([b.questionId]);
  });
});

describe('answering a check-in', () => {
  let sessionId: string;
  beforeEach(async () => {
    sessionId = started(await meetingStart('2026-11-27T09:00:02Z')).id;
  });

  test("a person's answer is kept with their name, mood, note and choice of visibility", async () => {
    const result = await answerAs(sessionId, 1, checkIn('good', 'Back from holiday!', 'private'));
    expect(result.kind).toBe('recorded');
    expect(await storage.checkIns.listAnswers(sessionId)).toEqual([
      {
        sessionId,
        person: person(1),
        mood: 'good',
        note: 'Back from holiday!',
        visibility: 'private',
        skipped: false,
        answeredAt: clock.now(),
      },
    ]);
  });

  test('when a person edits their answer, the last edit wins and they are counted once', async () => {
    await answerAs(sessionId, 1, checkIn('great', 'Sunny here'));
    clock.advance(MINUTE);
    await answerAs(sessionId, 1, checkIn('low', 'Actually, long night'));
    clock.advance(MINUTE);
    await answerAs(sessionId, 1, checkIn('okay', 'Coffee helped', 'private'));

    const answers = await storage.checkIns.listAnswers(sessionId);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ mood: 'okay', note: 'Coffee helped', visibility: 'private', answeredAt: clock.now() });
  });

  test('changing your mind from checking in to skipping is kept as a skip', async () => {
    await answerAs(sessionId, 1, checkIn('great', 'Hello'));
    clock.advance(MINUTE);
    await answerAs(sessionId, 1, { kind: 'skip' });
    const answers = await storage.checkIns.listAnswers(sessionId);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ skipped: true, mood: undefined, note: undefined });
  });

  test('an edited answer moves to the top of the newest-first list', async () => {
    await answerAs(sessionId, 1, checkIn('great'));
    clock.advance(MINUTE);
    await answerAs(sessionId, 2, checkIn('good'));
    clock.advance(MINUTE);
    expect((await storage.checkIns.listAnswers(sessionId)).map((a) => a.person.name)).toEqual(['Person 2', 'Person 1']);
    await answerAs(sessionId, 1, checkIn('okay'));
    expect((await storage.checkIns.listAnswers(sessionId)).map((a) => a.person.name)).toEqual(['Person 1', 'Person 2']);
  });

  test('when 50 people answer at the same moment, every answer is kept', async () => {
    const moods = ['great', 'good', 'okay', 'low', 'rough'] as const;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, n) => answerAs(sessionId, n, checkIn(moods[n % 5]!, `note from ${n}`, n % 3 === 0 ? 'private' : 'shared'))),
    );
    expect(results.every((r) => r.kind === 'recorded')).toBe(true);

    const answers = await storage.checkIns.listAnswers(sessionId);
    expect(answers).toHaveLength(50);
    for (let n = 0; n < 50; n++) {
      const mine = answers.find((a) => a.person.userId === person(n).userId);
      expect(mine).toMatchObject({ mood: moods[n % 5], note: `note from ${n}`, visibility: n % 3 === 0 ? 'private' : 'shared' });
    }
  });

  test('a note of exactly 280 characters is accepted, counting each emoji as one character', async () => {
    const note = '😀'.repeat(280);
    expect((await answerAs(sessionId, 1, checkIn('great', note))).kind).toBe('recorded');
    expect((await storage.checkIns.getAnswer(sessionId, person(1).userId))?.note).toBe(note);
  });

  test('a note over 280 characters is refused and nothing is stored', async () => {
    const result = await answerAs(sessionId, 1, checkIn('great', 'x'.repeat(281)));
    expect(result).toEqual({ kind: 'invalid', reason: 'note-too-long' });
    expect(await storage.checkIns.listAnswers(sessionId)).toEqual([]);
  });

  test('a refused edit leaves the earlier answer as it was', async () => {
    await answerAs(sessionId, 1, checkIn('good', 'Short and sweet'));
    clock.advance(MINUTE);
    expect((await answerAs(sessionId, 1, checkIn('rough', 'y'.repeat(400)))).kind).toBe('invalid');
    expect(await storage.checkIns.getAnswer(sessionId, person(1).userId)).toMatchObject({ mood: 'good', note: 'Short and sweet' });
  });

  test('a note of only spaces is stored as no note', async () => {
    await answerAs(sessionId, 1, checkIn('okay', '    '));
    expect((await storage.checkIns.getAnswer(sessionId, person(1).userId))?.note).toBeUndefined();
  });

  test('skipping today uses the meeting default visibility and stores no mood', async () => {
    const result = await answerAs(sessionId, 1, { kind: 'skip' });
    expect(result).toMatchObject({ kind: 'recorded', answer: { skipped: true, visibility: 'shared' } });
    expect(await storage.checkIns.getAnswer(sessionId, person(1).userId)).toMatchObject({ skipped: true, mood: undefined });
  });

  test('an answer after the check-in closed is refused and not stored', async () => {
    await closeCheckIn(deps, { conversationId: CHAT });
    const result = await answerAs(sessionId, 1, checkIn('great', 'Too late?'));
    expect(result).toEqual({ kind: 'closed', session: expect.objectContaining({ id: sessionId, status: 'closed' }) });
    expect(await storage.checkIns.listAnswers(sessionId)).toEqual([]);
  });

  test("an answer naming another chat's check-in is treated as unknown and not stored", async () => {
    const result = await answerAs(sessionId, 1, checkIn('great', 'Wrong room'), '19:some-other-chat@thread.v2');
    expect(result).toEqual({ kind: 'not-found' });
    expect(await storage.checkIns.listAnswers(sessionId)).toEqual([]);
  });
});

describe('closing a check-in', () => {
  test('the meeting end closes the open check-in once; a repeated end event closes nothing more', async () => {
    const session = started(await meetingStart('2026-11-27T09:00:02Z'));
    clock.advance(HOUR);
    const closedAt = clock.now();
    expect(await closeCheckIn(deps, { conversationId: CHAT })).toEqual({
      kind: 'closed',
      session: expect.objectContaining({ id: session.id, status: 'closed', closedAt }),
    });
    clock.advance(MINUTE);
    expect(await closeCheckIn(deps, { conversationId: CHAT })).toEqual({ kind: 'none' });
    expect(await storage.checkIns.get(session.id)).toMatchObject({ status: 'closed', closedAt });
  });

  test('a meeting end in a chat without a check-in closes nothing', async () => {
    expect(await closeCheckIn(deps, { conversationId: CHAT })).toEqual({ kind: 'none' });
  });

  test('closing one chat leaves the check-in of another chat open', async () => {
    started(await meetingStart('2026-11-27T09:00:02Z', 'series-a', 'chat-a'));
    const other = started(await meetingStart('2026-11-27T09:00:02Z', 'series-b', 'chat-b'));
    await closeCheckIn(deps, { conversationId: 'chat-a' });
    expect(await storage.checkIns.findOpen('chat-b')).toMatchObject({ id: other.id });
  });
});
