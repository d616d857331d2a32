import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { migrateToAzure, type MigrationReport } from '../../bot/admin/migrate';
import { VERBS } from '../../bot/cards/check-in-card';
import { DEFAULT_MEETING_SETTINGS } from '../../bot/domain/check-in/model';
import { openAzureTablesStorage } from '../../bot/storage/azure/azure-storage';
import type { Storage } from '../../bot/storage/ports';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import {
  botAddedToTeam,
  cardAction,
  channelMessage,
  meetingEnd,
  meetingStart,
  participant,
  MEETING_CHAT,
  MEETING_ID,
  ORGANISER,
  TEAM_ID,
  TENANT_ID,
  type Participant,
} from '../fixtures/activities';
import { admin } from '../fixtures/admin';
import { startAzurite, type Azurite } from '../fixtures/azurite';
import { HOUR, ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';
import { FakeConnector } from '../fixtures/fake-connector';
import { dumpAzureTables } from '../fixtures/storage-dump';
import { callTab } from '../fixtures/tab-api';

const NOW = new Date('2026-11-27T09:00:00Z');
const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const PLAN_ID = 'plan-lisbon';
const GROUP_CHAT = '19:4b2d9e7f0a1c4e3b8d6f5a2c1e0b9d8f@thread.v2';
const [ana, ben, cleo, dev] = [participant(1), participant(2), participant(3), participant(4)];
const PEOPLE = [ORGANISER, ana, ben, cleo, dev];

let azurite: Azurite;
/** One Teams for every server of this file: the stored conversation references point at it. */
const connector = new FakeConnector();
let dir: string;
let sqlitePath: string;

beforeAll(async () => {
  azurite = await startAzurite();
  await connector.start();
  for (const p of PEOPLE) connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
  dir = mkdtempSync(join(tmpdir(), 'hallway-migrate-'));
  sqlitePath = join(dir, 'hallway.db');
  await populate();
}, 120_000);
afterAll(async () => {
  await azurite?.stop();
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Hallway on the SQLite file of this test, or on Azure Tables with `prefix`; the same clock and roster either way. */
async function hallway(prefix?: string): Promise<Harness> {
  const hw = await startHallway({
    env: { JOBS_INTERVAL_MS: '0', SSO_CLIENT_ID: CLIENT_ID, SQLITE_PATH: sqlitePath },
    overrides: { clock: new ManualClock(NOW) },
    connector,
    ...(prefix && { azureTables: { connectionString: azurite.connectionString, tablePrefix: prefix } }),
  });
  return hw;
}

const tab = (hw: Harness, who: Participant, path: string, init: { method?: string; body?: unknown } = {}) =>
  callTab(hw, { clientId: CLIENT_ID, tenantId: TENANT_ID }, who, `/api/v1/teams/${encodeURIComponent(TEAM_ID)}${path}`, init);

/** A team after some use, through the running app: check-ins (one closed, one open), coffee with a round, a break with answers, topics, upvotes and its reminder. */
async function populate(): Promise<void> {
  const clock = new ManualClock(NOW);
  const hw = await startHallway({ env: { JOBS_INTERVAL_MS: '0', SSO_CLIENT_ID: CLIENT_ID, SQLITE_PATH: sqlitePath }, overrides: { clock }, connector });
  try {
    await hw.post(botAddedToTeam(hw.connector.url));

    // Two check-ins of one meeting series: the first answered and closed, the second open.
    await hw.app.storage.meetingSettings.put(MEETING_ID, { ...DEFAULT_MEETING_SETTINGS, questionBank: 'deeper', summaryAtEnd: false });
    for (const [i, startTime] of ['2026-11-27T08:00:00Z', '2026-11-27T08:30:00Z'].entries()) {
      await hw.post(meetingStart(hw.connector.url, { startTime }));
      const sessionId = (await hw.app.storage.checkIns.findOpen(MEETING_CHAT))!.id;
      const answers: [Participant, string, 'shared' | 'private'][] =
        i === 0
          ? [
              [ana, 'Back from a week of hiking', 'shared'],
              [ben, 'Tired, quiet day please', 'private'],
            ]
          : [[cleo, 'Excited about the launch', 'shared']];
      for (const [who, note, visibility] of answers) {
        clock.advance(60_000);
        await hw.post(cardAction(hw.connector.url, { verb: VERBS.submit, from: who, data: { sessionId, mood: 'good', note, visibility } }));
      }
      if (i === 0) await hw.post(meetingEnd(hw.connector.url));
    }

    // Coffee: four join, one pauses, one blocks another, a round is drawn and answered.
    for (const p of [ana, ben, cleo, dev]) await hw.post(channelMessage(hw.connector.url, 'coffee join', p));
    await hw.post(channelMessage(hw.connector.url, 'coffee pause 2', dev));
    await hw.app.storage.programmes.addBlock(TEAM_ID, ana.id, ben.id);
    await hw.post(channelMessage(hw.connector.url, 'coffee pair now', ORGANISER));
    const roundId = (await hw.app.storage.rounds.latest(TEAM_ID))!.id;
    await hw.post(cardAction(hw.connector.url, { verb: 'coffee.met', from: ana, data: { roundId, answer: 'yes' } }));

    // A break: answers, topics, an upvote, and the reminder of the day posted.
    const created: any = await (
      await tab(hw, ORGANISER, '/breaks', {
        method: 'POST',
        body: { title: 'Daily coffee', weekdays: [1, 2, 3, 4, 5, 6, 7], time: '23:30', timeZone: 'UTC', durationMinutes: 20 },
      })
    ).json();
    const date = ((await (await tab(hw, ana, '/breaks')).json()) as any).breaks[0].next[0].date;
    await tab(hw, ana, `/breaks/${created.id}/rsvp`, { method: 'POST', body: { date, answer: 'in' } });
    await tab(hw, ben, `/breaks/${created.id}/rsvp`, { method: 'POST', body: { date, answer: 'out' } });
    const listed: any = await (await tab(hw, ana, `/breaks/${created.id}/topics`, { method: 'POST', body: { date, text: 'Favourite trail nearby?' } })).json();
    await tab(hw, cleo, `/topics/${listed.breaks[0].next[0].topics[0].id}/vote`, { method: 'POST' });
    clock.set(new Date(`${date}T23:25:00Z`));
    await hw.app.scheduler.tick();
    expect(await hw.app.storage.breaks.reminderMessage(created.id, date)).toBeDefined();

    // A group chat Hallway was removed from, within the grace period.
    await hw.app.storage.installations.upsert({
      conversationId: GROUP_CHAT,
      tenantId: TENANT_ID,
      conversationType: 'groupChat',
      reference: { conversation: { id: GROUP_CHAT } },
      installedBy: ORGANISER.aadObjectId,
      installedAt: new Date(NOW.getTime() - 2 * HOUR),
    });
    await hw.app.storage.privacy.markRemoved(GROUP_CHAT, NOW);

    // Days together: a plan with answers, a face-to-face request, its social plan and its card.
    const days = hw.app.storage.days;
    await days.save({
      id: PLAN_ID,
      programmeId: TEAM_ID,
      dates: ['2026-12-14', '2026-12-15'],
      place: 'Lisbon office',
      timeZone: 'Europe/Lisbon',
      organiser: ORGANISER.aadObjectId,
      channelReference: { conversation: { id: TEAM_ID } },
      createdAt: NOW,
    });
    for (const [who, date, coming] of [
      [ana, '2026-12-14', true],
      [ben, '2026-12-14', true],
      [ben, '2026-12-15', false],
    ] as const) {
      await days.answer({ planId: PLAN_ID, date, userId: who.id, name: who.name, coming, at: clock.now() }, who.aadObjectId);
    }
    const talk = {
      id: 'talk-1',
      planId: PLAN_ID,
      fromUserId: ana.id,
      fromName: ana.name,
      toUserId: ben.id,
      toName: ben.name,
      status: 'asked' as const,
      at: NOW,
    };
    await days.askTalk(talk, { from: ana.aadObjectId, to: ben.aadObjectId });
    await days.setTalkStatus(PLAN_ID, talk.id, 'accepted', clock.now());
    await days.saveSeating({
      planId: PLAN_ID,
      drawnAt: NOW,
      days: [{ date: '2026-12-14', tables: [[ana.id, ben.id]], walks: [[ana.id, ben.id]], photo: true }],
    });
    await days.setCardMessage(PLAN_ID, 'days-card-1');
  } finally {
    await hw.stop();
  }
}

/** Everything a driver answers about the populated team, through the storage ports only. */
async function snapshot(storage: Storage) {
  const db = new Database(sqlitePath, { readonly: true });
  const sessions = db.prepare('SELECT id, series_key FROM checkin_sessions ORDER BY started_at').all() as { id: string; series_key: string }[];
  const breakDates = db.prepare('SELECT DISTINCT break_id, date FROM break_rsvps ORDER BY date').all() as { break_id: string; date: string }[];
  db.close();
  const round = await storage.rounds.latest(TEAM_ID);
  const byUser = <T extends { userId: string }>(list: T[]) => [...list].sort((a, b) => a.userId.localeCompare(b.userId));
  return {
    installations: [await storage.installations.get(TEAM_ID), await storage.installations.get(GROUP_CHAT)],
    meetingSettings: await storage.meetingSettings.get(MEETING_ID),
    checkIns: await Promise.all(sessions.map(async (s) => ({ session: await storage.checkIns.get(s.id), answers: await storage.checkIns.listAnswers(s.id) }))),
    questionHistory: await storage.checkIns.questionHistory(sessions[0]!.series_key),
    open: await storage.checkIns.findOpen(MEETING_CHAT),
    programme: await storage.programmes.get(TEAM_ID),
    members: await storage.programmes.members(TEAM_ID),
    blocks: await storage.programmes.blocks(TEAM_ID),
    round,
    deliveries: byUser(await storage.rounds.deliveries(round!.id)),
    meetAnswers: byUser(await storage.rounds.answers(round!.id)),
    history: (await storage.rounds.history(TEAM_ID)).sort((a, b) => `${a.a}${a.b}`.localeCompare(`${b.a}${b.b}`)),
    breaks: await storage.breaks.list(TEAM_ID),
    occurrences: await Promise.all(
      breakDates.map(async (o) => ({
        rsvps: byUser(await storage.breaks.rsvps(o.break_id, o.date)),
        topics: (await storage.breaks.topics(o.break_id, o.date)).map((t) => ({ ...t, votes: [...t.votes].sort() })),
        reminder: await storage.breaks.reminderMessage(o.break_id, o.date),
      })),
    ),
    days: {
      plans: await storage.days.list(TEAM_ID),
      answers: await storage.days.answers(PLAN_ID),
      talks: await storage.days.talks(PLAN_ID),
      seating: await storage.days.seating(PLAN_ID),
      card: await storage.days.cardMessage(PLAN_ID),
    },
    exports: await Promise.all(PEOPLE.map((p) => storage.privacy.export({ userId: p.id, aadObjectId: p.aadObjectId }))),
  };
}

/** What two people see in the tab: coffee, breaks and days together of the team. */
async function tabViews(hw: Harness) {
  const views = [];
  for (const who of [ana, dev]) for (const path of ['/coffee', '/breaks', '/days']) views.push(await (await tab(hw, who, path)).json());
  return views;
}

const migrate = async (prefix: string, extra: string[] = []) => {
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SQLITE_PATH: sqlitePath,
    STORAGE: 'azure-tables',
    AZURE_TABLES_CONNECTION_STRING: azurite.connectionString,
    AZURE_TABLES_PREFIX: prefix,
  };
  const run = await admin(['migrate-to-azure', '--json', ...extra], env);
  return { ...run, report: run.code === 0 ? (JSON.parse(run.out) as MigrationReport) : undefined };
};

const newPrefix = () => `m${randomBytes(6).toString('hex')}`;
const sqliteSnapshot = async () => {
  const storage = openSqliteStorage(sqlitePath);
  try {
    return await snapshot(storage);
  } finally {
    await storage.close();
  }
};
const azureSnapshot = async (prefix: string) => snapshot(await openAzureTablesStorage({ connectionString: azurite.connectionString, tablePrefix: prefix }));
const written = (report: MigrationReport) => Object.values(report.counts).reduce((n, c) => n + c.written, 0);

describe('migrating a SQLite database into Azure Tables', () => {
  test('the app on Azure Tables shows the same check-ins, coffee, breaks and days together; a second run changes nothing', async () => {
    const prefix = newPrefix();
    const first = await migrate(prefix);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.report!.conflicts).toEqual([]);
    expect(first.report!.notCopied).toEqual({});
    const counts = first.report!.counts;
    expect([counts['check-ins']!.written, counts['check-in answers']!.written, counts['coffee members']!.written, counts['coffee rounds']!.written]).toEqual([
      2, 3, 4, 1,
    ]);
    expect([counts['break answers']!.written, counts['break topics']!.written, counts['topic upvotes']!.written, counts['break reminders']!.written]).toEqual([
      2, 1, 1, 1,
    ]);
    expect([
      counts['days together']!.written,
      counts['days answers']!.written,
      counts['days talk requests']!.written,
      counts['days social plans']!.written,
    ]).toEqual([1, 3, 1, 1]);

    // The same answers through every port, driver against driver.
    const before = await sqliteSnapshot();
    expect(before.checkIns.flatMap((c) => c.answers)).toHaveLength(3);
    expect(await azureSnapshot(prefix)).toEqual(before);

    // And the same screens in the tab, the app on SQLite against the app on Azure Tables.
    const onSqlite = await hallway();
    const sqliteViews = await tabViews(onSqlite);
    await onSqlite.stop();
    const onAzure = await hallway(prefix);
    try {
      expect(await tabViews(onAzure)).toEqual(sqliteViews);
      expect(JSON.stringify(sqliteViews)).toContain('Favourite trail nearby?');
      expect(JSON.stringify(sqliteViews)).toContain('Lisbon office');
    } finally {
      await onAzure.stop();
    }

    const stored = await dumpAzureTables(azurite.connectionString, prefix);
    const second = await migrate(prefix);
    expect(second.code).toBe(0);
    expect(written(second.report!)).toBe(0);
    expect(Object.values(second.report!.counts).every((c) => c.unchanged === c.read)).toBe(true);
    expect(second.report!.counts['check-in answers']!.unchanged).toBe(3);
    expect(await dumpAzureTables(azurite.connectionString, prefix)).toBe(stored);
  });

  test('an interrupted run continues where it stopped and ends with the same data, which forget me finds all of', async () => {
    const prefix = newPrefix();
    const checkpoint = join(dir, `${prefix}.json`);
    const target = await openAzureTablesStorage({ connectionString: azurite.connectionString, tablePrefix: prefix });
    const source = { db: new Database(sqlitePath, { readonly: true }), storage: openSqliteStorage(sqlitePath) };
    try {
      await expect(migrateToAzure(source, failingAfter(target, 30), checkpoint)).rejects.toThrow('connection lost');
    } finally {
      source.db.close();
      await source.storage.close();
    }
    expect(existsSync(checkpoint)).toBe(true);

    const resumed = await migrate(prefix, ['--checkpoint', checkpoint]);
    expect(resumed.code).toBe(0);
    expect(resumed.report!.resumed).toBe(true);
    expect(Object.values(resumed.report!.counts).some((c) => c.skipped > 0)).toBe(true);
    expect(existsSync(checkpoint)).toBe(false);
    expect(await azureSnapshot(prefix)).toEqual(await sqliteSnapshot());
    expect(written((await migrate(prefix)).report!)).toBe(0);

    // Copied through the driver's own writes, so forget me finds everything of a person there too.
    const copied = await openAzureTablesStorage({ connectionString: azurite.connectionString, tablePrefix: prefix });
    await copied.privacy.forget({ userId: ana.id, aadObjectId: ana.aadObjectId });
    const left = await dumpAzureTables(azurite.connectionString, prefix);
    expect([ana.id, ana.aadObjectId, 'Back from a week of hiking', 'Favourite trail nearby?'].filter((trace) => left.includes(trace))).toEqual([]);
    expect(left).toContain(ben.id);
  });

  test('without Azure Tables settings, or from a file that is not Hallway’s, nothing is copied and the reason is given', async () => {
    const noTarget = await admin(['migrate-to-azure'], { NODE_ENV: 'test', SQLITE_PATH: sqlitePath });
    expect(noTarget.code).toBe(1);
    expect(noTarget.err).toContain('STORAGE=azure-tables');
    const notHallway = await migrate(newPrefix(), ['--from', join(dir, 'nothing-here.db')]);
    expect(notHallway.code).toBe(1);
    expect(notHallway.err).toContain('does not exist');
  });
});

/** The target storage, losing its connection after `calls` calls to its ports. */
function failingAfter(storage: Storage, calls: number): Storage {
  let left = calls;
  const wrap = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (left-- <= 0) return Promise.reject(new Error('connection lost'));
          return value.apply(target, args);
        };
      },
    });
  const out = { ...storage } as Record<string, unknown>;
  for (const [name, port] of Object.entries(storage)) if (port && typeof port === 'object') out[name] = wrap(port);
  return out as Storage;
}
