import { randomBytes } from 'node:crypto';
import { VERBS } from '../../bot/cards/check-in-card';
import type { Break } from '../../bot/domain/breaks/model';
import { DEFAULT_PROGRAMME_SETTINGS } from '../../bot/domain/coffee/model';
import { openAzureTablesStorage } from '../../bot/storage/azure/azure-storage';
import type { Storage } from '../../bot/storage/ports';
import { cardAction, meetingStart, participant, MEETING_CHAT, ORGANISER, TEAM_ID } from '../fixtures/activities';
import { startAzurite, type Azurite } from '../fixtures/azurite';
import { texts } from '../fixtures/cards';
import { FakeConnector } from '../fixtures/fake-connector';
import { startInstance, type Instance } from '../fixtures/instances';
import { seedCoffeeTeamInto } from '../fixtures/seed';
import { TokenIssuer } from '../fixtures/token-issuer';

/**
 * Two Hallway server processes sharing one Azure Tables account (Azurite), as two instances
 * behind a load balancer in Azure. Each test has tables of its own (a table prefix).
 */
const issuer = new TokenIssuer();
let azurite: Azurite;
let connector: FakeConnector;
let instances: Instance[] = [];
let storage: Storage | undefined;

beforeAll(async () => {
  [azurite] = await Promise.all([startAzurite(), issuer.start()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([azurite?.stop(), issuer.stop()]);
});
beforeEach(async () => {
  connector = new FakeConnector();
  await connector.start();
});
afterEach(async () => {
  await Promise.all(instances.map((i) => i.kill()));
  instances = [];
  await storage?.close();
  storage = undefined;
  await connector.stop();
});

/** Two instances on the same tables; `env` on top of the Azure settings. */
async function startTwo(env: Record<string, string>): Promise<{ prefix: string; a: Instance; b: Instance }> {
  const prefix = `t${randomBytes(6).toString('hex')}`;
  const shared = { STORAGE: 'azure-tables', AZURE_TABLES_CONNECTION_STRING: azurite.connectionString, AZURE_TABLES_PREFIX: prefix, ...env };
  instances = await Promise.all([startInstance(issuer, shared), startInstance(issuer, shared)]);
  return { prefix, a: instances[0]!, b: instances[1]! };
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pool<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  await connector.waitFor(check, timeoutMs).catch(() => {
    throw new Error(`${what}: not seen within ${timeoutMs / 1000} s`);
  });
}

describe('two Hallway instances sharing Azure Tables', () => {
  test("500 participants answering one meeting's card, requests split between the instances: the final shared card shows all 500", async () => {
    const PEOPLE = 500;
    // Short coalescing windows: each instance updates the card often, so their updates interleave.
    const { a, b } = await startTwo({ JOBS_INTERVAL_MS: '0', CHECKIN_UPDATE_INTERVAL_MS: '250' });
    expect((await a.post(meetingStart(connector.url))).status).toBe(200);
    const posted = connector.sends(MEETING_CHAT);
    expect(posted).toHaveLength(1);
    const messageId = posted[0]!.activityId!;
    const sessionId: string = posted[0]!.body.attachments[0].content.refresh.action.data.sessionId;

    const people = Array.from({ length: PEOPLE }, (_, i) => participant(i + 1));
    const results = await pool(people, 25, (p, i) =>
      [a, b][i % 2]!.post(cardAction(connector.url, { verb: VERBS.submit, from: p, data: { sessionId, mood: 'great', visibility: 'shared' } })),
    );
    const refused = results.filter((r) => r.status !== 200 || r.body?.statusCode !== 200);
    expect(refused).toEqual([]);

    const all = `${PEOPLE} people checked in`;
    await waitFor(`the shared card saying "${all}"`, () => texts(connector.latestCard(messageId)).includes(all), 30_000);
    // Both instances stop as in a deployment: whatever they still had to send goes out first. Only
    // then is the card final; an instance with an older view must not have had the last word.
    await Promise.all([a.stop(), b.stop()]);
    const card = connector.latestCard(messageId);
    const countOf = (c: unknown) => texts(c).find((t) => /checked in$/.test(t));
    expect(countOf(card)).toBe(all);
    const listed = people.filter((p) => texts(card).includes(p.name)).length;
    const more = Number(
      texts(card)
        .find((t) => t.startsWith('+'))
        ?.match(/\+(\d+) more/)?.[1] ?? 0,
    );
    expect(listed + more).toBe(PEOPLE);
  }, 120_000);

  test("an update Teams holds up on one instance lands after the other instance's newer one: the shared card still ends with every answer", async () => {
    const { a, b } = await startTwo({ JOBS_INTERVAL_MS: '0', CHECKIN_UPDATE_INTERVAL_MS: '250' });
    await a.post(meetingStart(connector.url));
    const messageId = connector.sends(MEETING_CHAT)[0]!.activityId!;
    const sessionId: string = connector.sends(MEETING_CHAT)[0]!.body.attachments[0].content.refresh.action.data.sessionId;
    const countNow = () => texts(connector.latestCard(messageId)).find((t) => /checked in$/.test(t));
    const submit = (on: Instance, n: number) =>
      on.post(cardAction(connector.url, { verb: VERBS.submit, from: participant(n), data: { sessionId, mood: 'good', visibility: 'shared' } }));

    await submit(a, 1);
    await waitFor('the shared card with the first answer', () => countNow() === '1 person checked in', 10_000);
    // Teams answers instance A's next update with 503 and Retry-After: A sends it again 2 s later,
    // with the answers A had read before the retry.
    connector.fail('update', 503, { times: 1, retryAfterSeconds: 2 });
    await submit(a, 2);
    await waitFor("A's update turned away", () => connector.failed.length === 1, 10_000);
    // Meanwhile the third answer goes to B, whose update shows all three at once.
    await submit(b, 3);
    await waitFor("B's update with all three answers", () => countNow() === '3 people checked in', 10_000);
    const seen = connector.updates(messageId).length;
    await waitFor("A's retried update", () => connector.updates(messageId).length > seen, 15_000);
    await Promise.all([a.stop(), b.stop()]);
    expect(countNow()).toBe('3 people checked in');
  }, 120_000);

  test('with the same pairing round and the same break reminder due on both instances, each runs once', async () => {
    const MEMBERS = 20;
    const { prefix, a, b } = await startTwo({ JOBS_INTERVAL_MS: '100' });
    // The work becomes due while both instances are already looking for it every 100 ms.
    storage = await openAzureTablesStorage({ connectionString: azurite.connectionString, tablePrefix: prefix });
    await seedCoffeeTeamInto(storage, connector, MEMBERS, { concurrency: 8 });
    const programme = (await storage.programmes.get(TEAM_ID))!;
    const now = new Date();
    const inFiveMinutes = new Date(now.getTime() + 5 * 60_000).toISOString().slice(11, 16);
    const daily: Break = {
      id: 'daily-coffee',
      programmeId: TEAM_ID,
      title: 'Daily coffee',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      time: inFiveMinutes, // UTC: the reminder (10 minutes before) is due now
      timeZone: 'UTC',
      durationMinutes: 30,
      reminderMinutes: 10,
      skippedDates: [],
      channelReference: programme.reference,
      createdBy: ORGANISER.aadObjectId,
      createdAt: now,
    };
    await Promise.all([storage.breaks.save(daily), storage.programmes.updateSettings(TEAM_ID, DEFAULT_PROGRAMME_SETTINGS, new Date(now.getTime() - 1000))]);

    const members = Array.from({ length: MEMBERS }, (_, i) => participant(i + 1));
    const matches = (userId: string) => connector.personalMessages(userId).filter((m) => JSON.stringify(m.body).includes("you're meeting"));
    const reminders = () => connector.sends(TEAM_ID).filter((s) => JSON.stringify(s.body).includes('Daily coffee'));
    await waitFor(
      'a pairing message for every member and the break reminder',
      () => members.every((p) => matches(p.id).length > 0) && reminders().length > 0,
      30_000,
    );
    // Stopping waits for each instance's pass in progress: anything done twice has been sent by then.
    await Promise.all([a.stop(), b.stop()]);

    expect(members.filter((p) => connector.personalMessages(p.id).length !== 1).map((p) => p.name)).toEqual([]);
    expect(members.filter((p) => matches(p.id).length !== 1).map((p) => p.name)).toEqual([]);
    expect(reminders()).toHaveLength(1);
    const round = await storage.rounds.latest(TEAM_ID);
    expect(round?.seq).toBe(1);
    expect((await storage.programmes.get(TEAM_ID))?.roundSeq).toBe(1);
  }, 120_000);
});
