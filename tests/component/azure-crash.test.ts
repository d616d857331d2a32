import { randomBytes } from 'node:crypto';
import { openAzureTablesStorage } from '../../bot/storage/azure/azure-storage';
import type { Storage } from '../../bot/storage/ports';
import { DELIVERY_LEASE_MS } from '../../bot/domain/coffee/delivery';
import { channelMessage, ORGANISER, TEAM_ID } from '../fixtures/activities';
import { startAzurite, type Azurite } from '../fixtures/azurite';
import { FakeConnector, type Recorded } from '../fixtures/fake-connector';
import { startInstance, type Instance } from '../fixtures/instances';
import { seedCoffeeTeamInto } from '../fixtures/seed';
import { TokenIssuer } from '../fixtures/token-issuer';

const MEMBERS = 400;
/** Notifications Teams takes before it stops answering: instance A is mid-round when it is killed. */
const BEFORE_KILL = 150;

describe('an instance killed in the middle of a round, on Azure Tables', () => {
  const issuer = new TokenIssuer();
  const connector = new FakeConnector();
  let azurite: Azurite;
  let storage: Storage | undefined;
  const instances: Instance[] = [];

  beforeAll(async () => {
    [azurite] = await Promise.all([startAzurite(), issuer.start(), connector.start()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.kill()));
    connector.releaseHeld();
    await storage?.close();
    await Promise.all([azurite?.stop(), issuer.stop(), connector.stop()]);
  });

  test('the round completes on the other instance and on the restarted one: every member is notified exactly once', async () => {
    const prefix = `t${randomBytes(6).toString('hex')}`;
    storage = await openAzureTablesStorage({ connectionString: azurite.connectionString, tablePrefix: prefix });
    await seedCoffeeTeamInto(storage, connector, MEMBERS, { concurrency: 16 });
    const env = {
      STORAGE: 'azure-tables',
      AZURE_TABLES_CONNECTION_STRING: azurite.connectionString,
      AZURE_TABLES_PREFIX: prefix,
      TENANT_REQUESTS_PER_SECOND: '50',
      // B looks for unfinished deliveries twice a second, so it joins in as soon as the round starts.
      JOBS_INTERVAL_MS: '500',
    };
    const [a, b] = await Promise.all([startInstance(issuer, env), startInstance(issuer, env)]);
    instances.push(a!, b!);

    const isNotification = (r: Recorded) => (r.kind === 'send' || r.kind === 'reply') && Boolean(r.conversationId?.startsWith('a:personal-'));
    const notifications = () => connector.requests.filter(isNotification);
    // After BEFORE_KILL notifications Teams stops answering (held posts are not delivered).
    connector.hold((r) => isNotification(r) && notifications().length >= BEFORE_KILL);

    // The organiser starts the round on A; A sends within that request, B picks up pending ones.
    void a!.post(channelMessage(connector.url, 'coffee pair now', ORGANISER)).catch(() => undefined);
    await connector
      .waitFor(() => connector.heldCount > 0, 60_000)
      .catch(() => {
        throw new Error(`the round's notifications never reached ${BEFORE_KILL} (${notifications().length} sent)`);
      });
    const round = (await storage.rounds.latest(TEAM_ID))!;
    expect(round.seq).toBe(1);
    // Every post Teams took is recorded as sent before the kill, so the only messages in flight at
    // the kill are held ones that Teams never took. (A post Teams took in the very instant of the
    // kill, before it was recorded, would be sent again after the lease: delivery is at least
    // once, as Teams gives no way to ask whether it arrived. Waiting here keeps the count exact.)
    await until(
      async () => (await storage!.rounds.deliveries(round.id)).filter((d) => d.status === 'sent').length === BEFORE_KILL,
      10_000,
      () => `the ${BEFORE_KILL} notifications Teams took were not all recorded as sent`,
    );

    await a!.kill();
    expect(notifications()).toHaveLength(BEFORE_KILL);
    const stranded = (await storage.rounds.deliveries(round.id)).filter((d) => d.status === 'sending').length;
    expect(stranded).toBeGreaterThan(0);
    // Teams answers again. B's held posts fail and go back to pending; A's stay claimed by the dead
    // instance until their lease runs out (DELIVERY_LEASE_MS), then B or the restarted A sends them.
    connector.releaseHeld();
    instances[0] = await startInstance(issuer, env);
    await connector
      .waitFor(() => new Set(notifications().map((r) => r.conversationId)).size === MEMBERS, DELIVERY_LEASE_MS + 40_000)
      .catch(() => {
        throw new Error(`only ${new Set(notifications().map((r) => r.conversationId)).size} of ${MEMBERS} members were notified`);
      });
    // Stopping waits for each instance's pass in progress: anything sent twice has arrived by then.
    await Promise.all(instances.map((i) => i.stop()));

    const perChat = new Map<string, number>();
    for (const r of notifications()) perChat.set(r.conversationId!, (perChat.get(r.conversationId!) ?? 0) + 1);
    expect(perChat.size).toBe(MEMBERS);
    expect([...perChat].filter(([, n]) => n !== 1)).toEqual([]);
    const deliveries = await storage.rounds.deliveries(round.id);
    expect(deliveries.filter((d) => d.status !== 'sent')).toEqual([]);
    expect((await storage.rounds.get(round.id))?.status).toBe('open');
  }, 120_000);
});

/** Re-checks `check` every 50 ms until it holds; fails with `message()` after `timeoutMs`. */
async function until(check: () => Promise<boolean>, timeoutMs: number, message: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((r) => setTimeout(r, 50));
  }
}
