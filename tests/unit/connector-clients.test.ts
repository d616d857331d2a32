import { ConnectorClient, type ConnectorFactory } from 'botframework-connector';
import { HallwayAdapter } from '../../bot/teams/adapter';
import { currentOutboundTenant, limitFactory, withOutboundTenant } from '../../bot/teams/outbound';
import { RateLimiter } from '../../bot/teams/rate-limiter';

/*
 * botbuilder asks for a connector client and a user token client on every turn; Hallway makes each
 * once and hands the same one to the turns that follow, still paced by the rate limiter.
 */
const limiter = () => new RateLimiter({ tenantPerSecond: 50 });

function countingFactory(fail = () => false) {
  const made: string[] = [];
  const factory = {
    async create(serviceUrl: string, audience?: string) {
      made.push(`${serviceUrl} ${audience}`);
      if (fail()) throw new Error('no credentials');
      return new ConnectorClient({ signRequest: async (r: unknown) => r } as never, { baseUri: serviceUrl });
    },
  } as unknown as ConnectorFactory;
  return { made, factory };
}

test('turns to the same service URL and audience share one connector client, which stays rate-limited', async () => {
  const { made, factory } = countingFactory();
  const limited = limitFactory(factory, limiter());
  const first = await limited.create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.com');
  const again = await limited.create('https://smba.trafficmanager.net/emea/', 'https://api.botframework.com');
  expect(again).toBe(first);
  expect(made).toHaveLength(1);
  const policies = (first as unknown as { client: { pipeline: { getOrderedPolicies(): { name: string }[] } } }).client.pipeline.getOrderedPolicies();
  expect(policies.filter((p) => p.name === 'hallwayRateLimitPolicy')).toHaveLength(1);
});

test('another service URL or audience gets a client of its own', async () => {
  const { made, factory } = countingFactory();
  const limited = limitFactory(factory, limiter());
  const emea = await limited.create('https://smba.trafficmanager.net/emea/', 'a');
  const amer = await limited.create('https://smba.trafficmanager.net/amer/', 'a');
  const otherAudience = await limited.create('https://smba.trafficmanager.net/emea/', 'b');
  expect(new Set([emea, amer, otherAudience]).size).toBe(3);
  expect(made).toHaveLength(3);
});

test('a client that could not be made is not remembered: the next turn tries again', async () => {
  let failing = true;
  const { made, factory } = countingFactory(() => failing);
  const limited = limitFactory(factory, limiter());
  await expect(limited.create('https://smba.trafficmanager.net/emea/', 'a')).rejects.toThrow('no credentials');
  failing = false;
  await expect(limited.create('https://smba.trafficmanager.net/emea/', 'a')).resolves.toBeInstanceOf(ConnectorClient);
  expect(made).toHaveLength(2);
});

test('the user token client is made once per bot app id', async () => {
  const made: string[] = [];
  const auth = {
    createConnectorFactory: () => ({}),
    async createUserTokenClient(identity: { claims: { type: string; value: string }[] }) {
      const appId = identity.claims.find((c) => c.type === 'appid')!.value;
      made.push(appId);
      return { appId };
    },
  };
  new HallwayAdapter(auth as never, limiter());
  const identity = (appId: string) => ({
    isAuthenticated: true,
    claims: [
      { type: 'ver', value: '1.0' },
      { type: 'appid', value: appId },
    ],
  });
  const one = await auth.createUserTokenClient(identity('bot-one'));
  const again = await auth.createUserTokenClient(identity('bot-one'));
  const other = await auth.createUserTokenClient(identity('bot-two'));
  expect(again).toBe(one);
  expect(other).not.toBe(one);
  expect(made).toEqual(['bot-one', 'bot-two']);
});

describe('the tenant of an outbound call', () => {
  test('each call, however they interleave, is counted against its own tenant, and nothing is counted once they are done', async () => {
    const seen: string[] = [];
    const call = (tenant: string, waits: number) =>
      withOutboundTenant(tenant, async () => {
        for (let i = 0; i < waits; i++) {
          await new Promise((done) => setImmediate(done));
          seen.push(`${tenant}:${currentOutboundTenant()}`);
        }
        return tenant;
      });
    expect(await Promise.all([call('contoso', 3), call('fabrikam', 2), call('contoso', 1)])).toEqual(['contoso', 'fabrikam', 'contoso']);
    expect(seen.filter((s) => s.split(':')[0] !== s.split(':')[1])).toEqual([]);
    expect(seen).toHaveLength(6);
    expect(currentOutboundTenant()).toBeUndefined();
    // A call after all were done knows its tenant again, and a failed call lets go as well.
    await expect(withOutboundTenant('woodgrove', async () => currentOutboundTenant())).resolves.toBe('woodgrove');
    await expect(withOutboundTenant('woodgrove', async () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    expect(currentOutboundTenant()).toBeUndefined();
  });
});
