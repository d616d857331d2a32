import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PRIVACY_VERBS } from '../../bot/cards/verbs';
import { VERBS } from '../../bot/cards/check-in-card';
import { MIGRATIONS } from '../../bot/storage/sqlite/migrations';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
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
  TENANT_ID,
  type Participant,
} from '../fixtures/activities';
import { startAzurite, type Azurite } from '../fixtures/azurite';
import { DAY, ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';
import { dumpSqlite, findInSqliteFiles } from '../fixtures/storage-dump';
import { callTab, type TabCall } from '../fixtures/tab-api';

const NOW = new Date('2026-11-27T09:00:00Z');
const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
let hw: Harness;
let clock: ManualClock;
let azurite: Azurite | undefined;

type Driver = 'SQLite' | 'Azure Tables';

/** Hallway with the tab's sign-in on, on the given storage driver (Azurite started on first use). */
async function start(driver: Driver = 'SQLite') {
  clock = new ManualClock(NOW);
  const options = { env: { JOBS_INTERVAL_MS: '0', SSO_CLIENT_ID: CLIENT_ID }, overrides: { clock } };
  if (driver === 'SQLite') {
    hw = await startHallway(options);
    return;
  }
  azurite ??= await startAzurite();
  hw = await startHallway({ ...options, azureTables: { connectionString: azurite.connectionString } });
}

afterEach(async () => {
  await hw?.stop();
});
afterAll(async () => {
  await azurite?.stop();
});

const priya = participant(1);
const tom = participant(2);
const NOTE = 'Feeling a bit low after the release, honestly';
/** Someone with a name and ids found nowhere else in the fixtures, so any trace of her is hers. */
const ingrid: Participant = { id: '29:1ingrid-7c41e9', aadObjectId: '7c41d2e8-5a6b-4f3c-9d2e-1b0a9f8e7d6c', name: 'Ingrid Solberg' };
const INGRID_UPN = 'ingrid.solberg@contoso.example';
const INGRID_NOTE = 'Slept badly, the twins are teething';
const INGRID_TOPIC = 'Who else bakes sourdough at home?';

const everythingStored = () => dumpSqlite(hw.sqlitePath);
/** An export with nothing in it. */
const nothingIn = (data: object) => Object.values(data).every((list) => Array.isArray(list) && list.length === 0);

async function checkInTogether(
  people: [Participant, string][] = [
    [priya, NOTE],
    [tom, 'All good here'],
  ],
) {
  await hw.post(meetingStart(hw.connector.url));
  const posted = hw.connector.sends(MEETING_CHAT)[0]!;
  const sessionId = posted.body.attachments[0].content.refresh.action.data.sessionId;
  hw.connector.addMember({ ...priya, userPrincipalName: 'priya@contoso.example' });
  for (const [who, note] of people) {
    await hw.post(cardAction(hw.connector.url, { verb: VERBS.submit, from: who, data: { sessionId, mood: 'low', note, visibility: 'shared' } }));
  }
  await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(posted.activityId!)).includes(people[0]![1]));
  return { messageId: posted.activityId!, sessionId };
}

/** A call to the tab's API as `who`, signed in through Teams. */
function tab(who: Participant, path: string, init: TabCall = {}) {
  return callTab(hw, { clientId: CLIENT_ID, tenantId: TENANT_ID }, who, `/api/v1${path}`, init);
}
const team = `/teams/${encodeURIComponent(TEAM_ID)}`;

describe.each<Driver>(['SQLite', 'Azure Tables'])('forget me from the tab (%s)', (driver) => {
  beforeAll(async () => {
    if (driver === 'Azure Tables') azurite ??= await startAzurite();
  }, 60_000);
  beforeEach(async () => {
    await start(driver);
  });

  test('after check-ins, coffee and breaks, nothing of the person is stored anywhere, and everyone else is kept', async () => {
    for (const p of [ORGANISER, ingrid, tom, participant(3)])
      hw.connector.addMember({ ...p, userPrincipalName: p === ingrid ? INGRID_UPN : `${p.id.slice(3)}@contoso.example` });
    await hw.post(botAddedToTeam(hw.connector.url));

    // A check-in with a note (her sign-in name is looked up for the Say hi link).
    await checkInTogether([
      [ingrid, INGRID_NOTE],
      [tom, 'All good here'],
    ]);
    // Coffee: she joins, is paired, and says she met.
    for (const p of [ingrid, tom, participant(3)]) await hw.post(channelMessage(hw.connector.url, 'coffee join', p));
    await hw.post(channelMessage(hw.connector.url, 'coffee pair now', ORGANISER));
    const roundId = (await hw.app.storage.rounds.latest(TEAM_ID))!.id;
    await hw.post(cardAction(hw.connector.url, { verb: 'coffee.met', from: ingrid, data: { roundId, answer: 'yes' } }));
    // A coffee break: she says she is in, brings a topic, and upvotes Tom's; Tom upvotes hers.
    const created = await tab(ORGANISER, `${team}/breaks`, {
      method: 'POST',
      body: { title: 'Daily coffee', weekdays: [1, 2, 3, 4, 5, 6, 7], time: '23:30', timeZone: 'UTC', durationMinutes: 20 },
    });
    expect(created.status).toBe(201);
    const breakId = ((await created.json()) as any).id;
    const date = ((await (await tab(ingrid, `${team}/breaks`)).json()) as any).breaks[0].next[0].date;
    expect((await tab(ingrid, `${team}/breaks/${breakId}/rsvp`, { method: 'POST', body: { date, answer: 'in' } })).status).toBe(200);
    expect((await tab(ingrid, `${team}/breaks/${breakId}/topics`, { method: 'POST', body: { date, text: INGRID_TOPIC } })).status).toBe(201);
    const listed: any = await (await tab(tom, `${team}/breaks/${breakId}/topics`, { method: 'POST', body: { date, text: 'Board games next Friday?' } })).json();
    const topics: { id: string; text: string }[] = listed.breaks[0].next[0].topics;
    const [hers, his] = [INGRID_TOPIC, 'Board games next Friday?'].map((text) => topics.find((t) => t.text === text)!.id);
    expect((await tab(ingrid, `${team}/topics/${his}/vote`, { method: 'POST' })).status).toBe(200);
    expect((await tab(tom, `${team}/topics/${hers}/vote`, { method: 'POST' })).status).toBe(200);

    const traces = [ingrid.id, ingrid.aadObjectId, ingrid.name, INGRID_UPN, INGRID_NOTE, INGRID_TOPIC];
    const before = await hw.dumpStorage();
    for (const trace of traces) expect(before).toContain(trace);
    const exported: any = await (await tab(ingrid, '/me/data')).json();
    expect([
      exported.checkIns.length,
      exported.coffee.length,
      exported.coffeeAnswers.length,
      exported.breakRsvps,
      exported.breakTopics,
      exported.breakVotes,
    ]).toEqual([1, 1, 1, [{ breakId, date, name: ingrid.name, answer: 'in' }], [{ breakId, date, text: INGRID_TOPIC }], [{ breakId, date, topicId: his }]]);

    const forgotten = await tab(ingrid, '/me', { method: 'DELETE', body: { confirm: true } });
    expect(forgotten.status).toBe(200);

    const after = await hw.dumpStorage();
    expect(traces.filter((trace) => after.includes(trace))).toEqual([]);
    // Nor in the raw bytes of a database file (free pages, the write-ahead log); on Azure Tables no such file is written.
    expect(findInSqliteFiles(hw.sqlitePath, traces)).toEqual([]);
    expect(nothingIn(await hw.app.storage.privacy.export({ userId: ingrid.id, aadObjectId: ingrid.aadObjectId }))).toBe(true);
    // Everyone else is kept: Tom's answer, membership and topic (without her upvote).
    for (const kept of [tom.name, 'All good here', 'Board games next Friday?']) expect(after).toContain(kept);
    const remaining: any = await (await tab(tom, `${team}/breaks`)).json();
    expect(remaining.breaks[0].next[0].topics).toEqual([{ id: his, text: 'Board games next Friday?', votes: 0, votedByMe: false, mine: true }]);
    expect(remaining.breaks[0].next[0].coming).toEqual([]);
  });
});

describe('forget me from the bot', () => {
  beforeEach(async () => {
    await start();
  });

  test('asks first; after confirming, nothing stored names the person and the shared card drops their note', async () => {
    await hw.post(botAddedToTeam(hw.connector.url));
    const { messageId } = await checkInTogether();
    for (const p of [priya, tom, participant(3)]) await hw.post(channelMessage(hw.connector.url, 'coffee join', p));
    await hw.post(channelMessage(hw.connector.url, 'coffee pair now', ORGANISER));
    await hw.post(
      cardAction(hw.connector.url, {
        verb: 'coffee.met',
        from: priya,
        data: { roundId: (await hw.app.storage.rounds.latest(TEAM_ID))!.id, answer: 'yes' },
      }),
    );
    expect(everythingStored()).toContain(priya.id);

    await hw.post(message(hw.connector.url, 'forget me', { conversationType: 'personal', conversationId: 'a:priya-chat', from: priya }));
    expect(JSON.stringify(hw.connector.sends('a:priya-chat').at(-1)!.body)).toContain('Forget everything about you?');
    const cancel = await hw.post(
      cardAction(hw.connector.url, { verb: PRIVACY_VERBS.forget, from: priya, data: { confirm: 'no' }, conversationId: 'a:priya-chat' }),
    );
    expect(JSON.stringify(cancel.body.value)).toContain('Nothing was deleted');
    expect(everythingStored()).toContain(priya.id);

    const res = await hw.post(
      cardAction(hw.connector.url, { verb: PRIVACY_VERBS.forget, from: priya, data: { confirm: 'yes' }, conversationId: 'a:priya-chat' }),
    );
    expect(JSON.stringify(res.body.value)).toContain('Hallway has forgotten you');
    const stored = everythingStored();
    for (const trace of [priya.id, priya.aadObjectId, priya.name, NOTE, 'priya@contoso.example']) expect(stored).not.toContain(trace);
    expect(findInSqliteFiles(hw.sqlitePath, [NOTE, 'priya@contoso.example'])).toEqual([]);
    expect(stored).toContain(tom.name);

    await hw.connector.waitFor(() => !JSON.stringify(hw.connector.latestCard(messageId)).includes(NOTE));
    const card = JSON.stringify(hw.connector.latestCard(messageId));
    expect(card).not.toContain(priya.name);
    expect(card).toContain('All good here');
    expect(nothingIn(await hw.app.storage.privacy.export({ userId: priya.id, aadObjectId: priya.aadObjectId }))).toBe(true);
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
  beforeEach(async () => {
    await start();
  });

  test('31 days later the notes are gone, from the rows and from the raw database files, and the counts are intact', async () => {
    const { sessionId } = await checkInTogether();
    expect(findInSqliteFiles(hw.sqlitePath, [NOTE]).length).toBeGreaterThan(0);
    clock.advance(31 * DAY);
    await hw.app.scheduler.tick();
    const answers = await hw.app.storage.checkIns.listAnswers(sessionId);
    expect(answers).toHaveLength(2);
    expect(answers.every((a) => a.note === undefined && a.mood === 'low')).toBe(true);
    expect(everythingStored()).not.toContain(NOTE);
    expect(findInSqliteFiles(hw.sqlitePath, [NOTE, 'All good here'])).toEqual([]);
  });

  test('notes younger than the retention period stay', async () => {
    const { sessionId } = await checkInTogether();
    clock.advance(29 * DAY);
    await hw.app.scheduler.tick();
    expect((await hw.app.storage.checkIns.listAnswers(sessionId)).map((a) => a.note)).toContain(NOTE);
  });
});

describe('removing Hallway', () => {
  beforeEach(async () => {
    await start();
  });
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
    expect(everythingStored()).not.toContain(priya.id);
    expect(findInSqliteFiles(hw.sqlitePath, [priya.name, tom.name])).toEqual([]);
  });

  test("a meeting held in one of the team's channels is deleted with the team", async () => {
    await hw.post(botAddedToTeam(hw.connector.url));
    // A channel meeting: its chat is a thread in a channel (not the team's id), and Teams names the team.
    const channelChat = '19:7e1d9c3b5a2f4e6d8c0b1a2f3e4d5c6b@thread.tacv2;messageid=1764300000001';
    const start = meetingStart(hw.connector.url, { conversationId: channelChat });
    start.conversation.conversationType = 'channel';
    start.channelData.team = { id: TEAM_ID };
    await hw.post(start);
    const posted = hw.connector.sends(channelChat)[0]!;
    const sessionId = posted.body.attachments[0].content.refresh.action.data.sessionId;
    const answer = cardAction(hw.connector.url, {
      verb: VERBS.submit,
      from: priya,
      conversationId: channelChat,
      data: { sessionId, mood: 'low', note: NOTE, visibility: 'shared' },
    });
    answer.conversation.conversationType = 'channel';
    answer.channelData.team = { id: TEAM_ID };
    await hw.post(answer);
    expect((await hw.app.storage.checkIns.listAnswers(sessionId)).map((a) => a.person.name)).toEqual([priya.name]);

    await hw.post(removed());
    clock.advance(31 * DAY);
    await hw.app.scheduler.tick();
    expect(await hw.app.storage.checkIns.get(sessionId)).toBeUndefined();
    expect(await hw.app.storage.checkIns.listAnswers(sessionId)).toEqual([]);
    const stored = everythingStored();
    for (const gone of [priya.id, priya.name, sessionId, channelChat]) expect(stored).not.toContain(gone);
  });
});

describe('a database file from before secure delete', () => {
  test('is rewritten once on opening, so rows deleted earlier cannot be read from its free space', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallway-old-db-'));
    const path = join(dir, 'hallway.db');
    try {
      // As the previous version left it: schema 4, a note forgotten without secure delete.
      const old = new Database(path);
      old.pragma('journal_mode = WAL');
      old.transaction(() => {
        for (const migration of MIGRATIONS.slice(0, 4)) old.exec(migration);
        old.pragma('user_version = 4');
      })();
      old
        .prepare(`INSERT INTO checkin_sessions (id, occurrence_key, series_key, tenant_id, conversation_id, reference, question_id, question, status,
        default_visibility, summary_at_end, started_at) VALUES ('s1', 'o1', 'series', 't', 'c', '{}', 'q', 'How are you?', 'open', 'shared', 1, 0)`)
        .run();
      old
        .prepare(`INSERT INTO checkin_answers (session_id, user_id, name, note, visibility, skipped, answered_at) VALUES ('s1', ?, ?, ?, 'shared', 0, 0)`)
        .run(priya.id, priya.name, NOTE);
      old.prepare('DELETE FROM checkin_answers').run();
      old.close();
      expect(findInSqliteFiles(path, [NOTE, priya.name]).length).toBeGreaterThan(0);

      const storage = openSqliteStorage(path);
      expect(findInSqliteFiles(path, [NOTE, priya.name])).toEqual([]);
      expect(await storage.checkIns.get('s1')).toMatchObject({ question: 'How are you?' });
      await storage.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('logs', () => {
  beforeEach(async () => {
    await start();
  });

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
