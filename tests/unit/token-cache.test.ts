import type { Activity } from 'botbuilder';
import { HallwayAdapter, VERIFIED_TOKEN_TTL_MS } from '../../bot/teams/adapter';
import { RateLimiter } from '../../bot/teams/rate-limiter';

/*
 * An accepted Bot Connector token is taken again for the same channel and service URL until it
 * expires, without checking its signature again; anything else is checked as before.
 */
type Check = { header: string; serviceUrl: string };

function adapterWith(exp: (header: string) => number | undefined, refuse: (header: string) => boolean) {
  let now = 1_800_000_000_000;
  const checks: Check[] = [];
  const auth = {
    createConnectorFactory: () => ({}),
    createUserTokenClient: async () => ({}),
    async authenticateRequest(activity: Activity, header: string) {
      checks.push({ header, serviceUrl: activity.serviceUrl });
      if (refuse(header)) throw new Error('Unauthorized');
      const e = exp(header);
      return { audience: 'a', callerId: 'c', claimsIdentity: { claims: e === undefined ? [] : [{ type: 'exp', value: e }] } };
    },
  };
  const adapter = new HallwayAdapter(auth as never, new RateLimiter({ tenantPerSecond: 50 }), () => now);
  return {
    checks,
    advance: (ms: number) => {
      now += ms;
    },
    nowSeconds: () => Math.floor(now / 1000),
    sign: (header: string, serviceUrl = 'https://smba.trafficmanager.net/emea/') =>
      adapter.authenticate({ channelId: 'msteams', serviceUrl } as Activity, header),
  };
}

test('a token accepted once is not checked again for the same service URL while it lives', async () => {
  const bot = adapterWith(
    () => 1_800_000_000 + 3600,
    () => false,
  );
  await bot.sign('Bearer good');
  await bot.sign('Bearer good');
  await bot.sign('Bearer good');
  expect(bot.checks).toHaveLength(1);
});

test('the same token for another service URL is checked again', async () => {
  const bot = adapterWith(
    () => 1_800_000_000 + 3600,
    () => false,
  );
  await bot.sign('Bearer good');
  await bot.sign('Bearer good', 'https://evil.example/');
  expect(bot.checks.map((c) => c.serviceUrl)).toEqual(['https://smba.trafficmanager.net/emea/', 'https://evil.example/']);
});

test('a token is checked again once it has expired, and never kept longer than the cap', async () => {
  const bot = adapterWith(
    () => 1_800_000_000 + 60,
    () => false,
  );
  await bot.sign('Bearer short');
  bot.advance(59_000);
  await bot.sign('Bearer short');
  expect(bot.checks).toHaveLength(1);
  bot.advance(1_000);
  await bot.sign('Bearer short');
  expect(bot.checks).toHaveLength(2);

  const long = adapterWith(
    () => 1_800_000_000 + 24 * 3600,
    () => false,
  );
  await long.sign('Bearer long');
  long.advance(VERIFIED_TOKEN_TTL_MS);
  await long.sign('Bearer long');
  expect(long.checks).toHaveLength(2);
});

test('a refused token is refused every time it is sent, each time checked', async () => {
  const bot = adapterWith(
    () => 1_800_000_000 + 3600,
    (header) => header === 'Bearer forged',
  );
  await expect(bot.sign('Bearer forged')).rejects.toThrow('Unauthorized');
  await expect(bot.sign('Bearer forged')).rejects.toThrow('Unauthorized');
  expect(bot.checks).toHaveLength(2);
});

test('a token without an expiry is checked every time', async () => {
  const bot = adapterWith(
    () => undefined,
    () => false,
  );
  await bot.sign('Bearer noexp');
  await bot.sign('Bearer noexp');
  expect(bot.checks).toHaveLength(2);
});
