import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DaysPlan } from '../../bot/domain/days/model';
import { openAzureTablesStorage } from '../../bot/storage/azure/azure-storage';
import type { Storage } from '../../bot/storage/ports';
import { participant, ORGANISER, TEAM_ID } from '../fixtures/activities';
import { startAzurite, type Azurite } from '../fixtures/azurite';
import { texts } from '../fixtures/cards';
import { FakeConnector } from '../fixtures/fake-connector';
import { startInstance, type Instance } from '../fixtures/instances';
import { seedCoffeeTeamInto } from '../fixtures/seed';
import { TokenIssuer } from '../fixtures/token-issuer';

/** Two Hallway server processes sharing one Azure Tables account (Azurite), both looking for due work every 100 ms. */
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

describe('days together on two Hallway instances sharing Azure Tables', () => {
  test('the social plan is drawn once, and every person coming is told their plan once', async () => {
    const MEMBERS = 20;
    const prefix = `t${randomBytes(6).toString('hex')}`;
    const shared = { STORAGE: 'azure-tables', AZURE_TABLES_CONNECTION_STRING: azurite.connectionString, AZURE_TABLES_PREFIX: prefix, JOBS_INTERVAL_MS: '100' };
    instances = await Promise.all([startInstance(issuer, shared), startInstance(issuer, shared)]);
    storage = await openAzureTablesStorage({ connectionString: azurite.connectionString, tablePrefix: prefix });
    await seedCoffeeTeamInto(storage, connector, MEMBERS, { concurrency: 8 });
    const programme = (await storage.programmes.get(TEAM_ID))!;
    const today = DateTime.utc();
    const dates = [3, 4].map((d) => today.plus({ days: d }).toISODate()!);
    // Answers first, the plan last: the draw becomes due while both instances are already looking.
    const plan: DaysPlan = {
      id: 'days-in-lisbon',
      programmeId: TEAM_ID,
      dates,
      place: 'Lisbon office',
      timeZone: 'UTC',
      organiser: ORGANISER.aadObjectId,
      channelReference: programme.reference,
      createdAt: new Date(),
    };
    const members = Array.from({ length: MEMBERS }, (_, i) => participant(i + 1));
    for (const [i, p] of members.entries())
      for (const date of i % 4 === 0 ? dates.slice(0, 1) : dates)
        await storage.days.answer({ planId: plan.id, date, userId: p.id, name: p.name, coming: true, at: new Date() }, p.aadObjectId);
    await storage.days.save(plan);

    const plans = (userId: string) =>
      connector.personalMessages(userId).filter((m) => texts(m.body.attachments?.[0]?.content).includes('Your plan for the days together'));
    await connector.waitFor(() => members.every((p) => plans(p.id).length > 0), 30_000);
    // Stopping waits for each instance's pass in progress: anything done twice has been sent by then.
    await Promise.all(instances.map((i) => i.stop()));

    expect(members.filter((p) => plans(p.id).length !== 1).map((p) => p.name)).toEqual([]);
    expect(members.filter((p) => connector.personalMessages(p.id).length !== 1).map((p) => p.name)).toEqual([]);
    const seating = (await storage.days.seating(plan.id))!;
    expect(seating.days.map((d) => d.tables.flat().length)).toEqual([MEMBERS, MEMBERS - MEMBERS / 4]);
  }, 120_000);
});
