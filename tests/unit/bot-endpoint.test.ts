import type { Activity, ActivityHandler } from 'botbuilder';
import { createLogger } from '../../bot/log';
import type { HallwayAdapter } from '../../bot/teams/adapter';
import { createBotEndpoint } from '../../bot/teams/endpoint';
import { message } from '../fixtures/activities';

/** An adapter that records what reached it: the token it was asked to check and the activities it ran. */
function fakeAdapter(options: { rejectToken?: boolean; invokeResponse?: { status: number; body?: unknown } } = {}) {
  const seen = { tokens: [] as string[], ran: [] as Activity[] };
  const adapter = {
    async authenticate(activity: Activity, header: string) {
      seen.tokens.push(header);
      if (options.rejectToken) throw new Error('JwtTokenExtractor: invalid signature, key 1234 not found');
      return { activity };
    },
    async run(_auth: unknown, activity: Activity) {
      seen.ran.push(activity);
      return options.invokeResponse;
    },
  };
  return { adapter: adapter as unknown as HallwayAdapter, seen };
}

const bot = {} as ActivityHandler;
const log = createLogger('silent');
const CONNECTOR = 'https://smba.trafficmanager.net/emea/';

describe('the Bot Framework endpoint', () => {
  test('a body that is not an activity is a 400 and reaches neither authentication nor the bot', async () => {
    const { adapter, seen } = fakeAdapter();
    const endpoint = createBotEndpoint({ adapter, bot, log, localMode: false });
    const answer = await endpoint.handle({ type: 'message' }, 'Bearer x');
    expect(answer).toEqual({
      status: 400,
      body: { error: { code: 'BadRequest', message: 'The request body is not a Bot Framework activity.' } },
    });
    expect(seen).toEqual({ tokens: [], ran: [] });
  });

  test('in local mode an activity naming a Bot Connector elsewhere is a 403 and nothing runs', async () => {
    const { adapter, seen } = fakeAdapter();
    const endpoint = createBotEndpoint({ adapter, bot, log, localMode: true });
    const answer = await endpoint.handle(message(CONNECTOR, 'help'), '');
    expect(answer.status).toBe(403);
    expect(seen.ran).toEqual([]);
  });

  test('a token the adapter refuses is a bare 401 that says nothing of why, and the bot never sees the activity', async () => {
    const { adapter, seen } = fakeAdapter({ rejectToken: true });
    const endpoint = createBotEndpoint({ adapter, bot, log, localMode: false });
    const answer = await endpoint.handle(message(CONNECTOR, 'help'), 'Bearer forged');
    expect(answer).toEqual({ status: 401, body: { error: { code: 'Unauthorized', message: 'Authentication failed.' } } });
    expect(seen).toEqual({ tokens: ['Bearer forged'], ran: [] });
  });

  test('an authenticated activity runs with its times as dates, and its invoke response is the answer', async () => {
    const card = { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: {} };
    const { adapter, seen } = fakeAdapter({ invokeResponse: { status: 200, body: card } });
    const endpoint = createBotEndpoint({ adapter, bot, log, localMode: false });
    const activity = { ...message(CONNECTOR, 'help'), timestamp: '2026-03-02T09:00:00.000Z' };
    const answer = await endpoint.handle(activity, 'Bearer good');
    expect(answer).toEqual({ status: 200, body: card });
    expect(seen.ran).toHaveLength(1);
    expect(seen.ran[0]!.timestamp).toEqual(new Date('2026-03-02T09:00:00.000Z'));
    expect((seen.ran[0] as Activity & { rawTimestamp?: string }).rawTimestamp).toBe('2026-03-02T09:00:00.000Z');
  });

  test('an activity with no invoke response is a 200 without a body', async () => {
    const { adapter } = fakeAdapter();
    const endpoint = createBotEndpoint({ adapter, bot, log, localMode: false });
    expect(await endpoint.handle(message(CONNECTOR, 'help'), 'Bearer good')).toEqual({ status: 200, body: undefined });
  });
});
