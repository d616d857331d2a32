import { PRIVACY_VERBS } from '../../bot/cards/verbs';
import { VERBS } from '../../bot/cards/check-in-card';
import {
  botAddedToTeam,
  cardAction,
  channelMessage,
  meetingStart,
  message,
  participant,
  MEETING_CHAT,
  ORGANISER,
  TEAM_ID,
} from '../fixtures/activities';
import { DAY, ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';
import Database from 'better-sqlite3';

const NOW = new Date('2026-11-27T09:00:00Z');
let hw: Harness;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(NOW);
  hw = await startHallway({ env: { JOBS_INTERVAL_MS: '0' }, overrides: { clock } });
});
afterEach(async () => {
  await hw.stop();
});

const priya = participant(1);
const tom = participant(2);
const NOTE = 'Feeling a bit low after the release, honestly';

async function checkInTogether() {
  await hw.post(meetingStart(hw.connector.url));
  const posted = hw.connector.sends(MEETING_CHAT)[0]!;
  const sessionId = posted.body.attachments[0].content.refresh.action.data.sessionId;
  hw.connector.addMember({ ...priya, userPrincipalName: 'priya@contoso.example' });
  for (const [who, note] of [[priya, NOTE], [tom, 'All good here']] as const) {
    await hw.post(cardAction(hw.connector.url, { verb: VERBS.submit, from: who, data: { sessionId, mood: 'low', note, visibility: 'shared' } }));
  }
  await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(posted.activityId!)).includes(NOTE));
  return { messageId: posted.activityId!, sessionId };
}

/** Every text value in every table, to search for anything left about a person. */
function everythingStored(harness: Harness): string {
  const db = new Database(harness.sqlitePath, { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t}`).all())).join('\n');
  } finally {
    db.close();
  }
}

describe('forget me', () => {
  test('asks first; after confirming, nothing stored names the person and the shared card drops their note', async () => {
    await hw.post(botAddedToTeam(hw.connector.url));
    const { messageId } = await checkInTogether();
    for (const p of [priya, tom, participant(3)]) await hw.post(channelMessage(hw.connector.url, 'coffee join', p));
    await hw.post(channelMessage(hw.connector.url, 'coffee pair now', ORGANISER));
    await hw.post(cardAction(hw.connector.url, { verb: 'coffee.met', from: priya, data: { roundId: (await hw.app.storage.rounds.latest(TEAM_ID))!.id, answer: 'yes' } }));
    expect(everythingStored(hw)).toContain(priya.id);

    await hw.post(message(hw.connector.url, 'forget me', { conversationType: 'personal', conversationId: 'a:priya-chat', from: priya }));
    expect(JSON.stringify(hw.connector.sends('a:priya-chat').at(-1)!.body)).toContain('Forget everything about you?');
    const cancel = await hw.post(cardAction(hw.connector.url, { verb: PRIVACY_VERBS.forget, from: priya, data: { confirm: 'no' }, conversationId: 'a:priya-chat' }));
    expect(JSON.stringify(cancel.body.value)).toContain('Nothing was deleted');
    expect(everythingStored(hw)).toContain(priya.id);

    const res = await hw.post(cardAction(hw.connector.url, { verb: PRIVACY_VERBS.forget, from: priya, data: { confirm: 'yes' }, conversationId: 'a:priya-chat' }));
    expect(JSON.stringify(res.body.value)).toContain('Hallway has forgotten you');
    const stored = everythingStored(hw);
    for (const trace of [priya.id, priya.aadObjectId, priya.name, NOTE, 'priya@contoso.example']) expect(stored).not.toContain(trace);
    expect(stored).toContain(tom.name);

    await hw.connector.waitFor(() => !JSON.stringify(hw.connector.latestCard(messageId)).includes(NOTE));
    const card = JSON.stringify(hw.connector.latestCard(messageId));
    expect(card).not.toContain(priya.name);
    expect(card).toContain('All good here');
    expect(await hw.app.storage.privacy.export({ userId: priya.id, aadObjectId: priya.aadObjectId })).toEqual({
      checkIns: [], coffee: [], coffeeRounds: [], coffeeAnswers: [], blocks: [], breakRsvps: [], breakTopics: [],
    });
  });

  test('an export lists what is stored about me, and only me', async () => {
    await checkInTogether();
    const data = await hw.app.storage.privacy.export({ userId: priya.id, aadObjectId: priya.aadObjectId });
    expect(data.checkIns).toHaveLength(1);
    expect(data.checkIns[0]).toMatchObject({ mood: 'low', note: NOTE, visibility: 'shared' });
    expect(JSON.stringify(data)).not.toContain('All good here');
  });
});

describe('retention', () => {
  test('31 days later the notes are gone and the counts are intact', async () => {
    const { sessionId } = await checkInTogether();
    clock.advance(31 * DAY);
    await hw.app.scheduler.tick();
    const answers = await hw.app.storage.checkIns.listAnswers(sessionId);
    expect(answers).toHaveLength(2);
    expect(answers.every((a) => a.note === undefined && a.mood === 'low')).toBe(true);
    expect(everythingStored(hw)).not.toContain(NOTE);
  });

  test('notes younger than the retention period stay', async () => {
    const { sessionId } = await checkInTogether();
    clock.advance(29 * DAY);
    await hw.app.scheduler.tick();
    expect((await hw.app.storage.checkIns.listAnswers(sessionId)).map((a) => a.note)).toContain(NOTE);
  });
});

describe('removing Hallway', () => {
  const removed = () => ({ ...botAddedToTeam(hw.connector.url), type: 'installationUpdate', action: 'remove', membersAdded: undefined });

  test("a team's data is deleted after the grace period; reinstalling within it keeps everything", async () => {
    await hw.post(botAddedToTeam(hw.connector.url));
    for (const p of [priya, tom]) await hw.post(channelMessage(hw.connector.url, 'coffee join', p));
    await hw.post(removed());
    clock.advance(10 * DAY);
    await hw.app.scheduler.tick();
    expect(await hw.app.storage.programmes.members(TEAM_ID)).toHaveLength(2);
    await hw.post(botAddedToTeam(hw.connector.url)); // back within the grace period
    clock.advance(40 * DAY);
    await hw.app.scheduler.tick();
    expect(await hw.app.storage.programmes.members(TEAM_ID)).toHaveLength(2);

    await hw.post(removed());
    clock.advance(31 * DAY);
    await hw.app.scheduler.tick();
    expect(await hw.app.storage.programmes.get(TEAM_ID)).toBeUndefined();
    expect(await hw.app.storage.installations.get(TEAM_ID)).toBeUndefined();
    expect(everythingStored(hw)).not.toContain(priya.id);
  });
});

describe('logs', () => {
  test('a whole check-in and coffee round at debug level never logs a note, a mood or a name', async () => {
    await hw.post(botAddedToTeam(hw.connector.url));
    await checkInTogether();
    for (const p of [priya, tom]) await hw.post(channelMessage(hw.connector.url, 'coffee join', p));
    await hw.post(channelMessage(hw.connector.url, 'coffee pair now', ORGANISER));
    await hw.post(message(hw.connector.url, 'forget me', { from: tom }));
    const logs = JSON.stringify(hw.logs);
    expect(hw.logs.length).toBeGreaterThan(5);
    for (const secret of [NOTE, 'All good here', priya.name, tom.name, '"low"', '🌧️', 'priya@contoso.example']) expect(logs).not.toContain(secret);
  });
});
