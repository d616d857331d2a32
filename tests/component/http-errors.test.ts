import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request, Response } from 'restify';
import { createApp, type App } from '../../bot/app';
import { VERBS } from '../../bot/cards/check-in-card';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/log';
import { APP_ID, TEAM_ID, botAddedToTeam, cardAction, meetingStart, message, participant, MEETING_CHAT } from '../fixtures/activities';
import { startHallway, type Harness } from '../fixtures/hallway';

let hw: Harness;
beforeAll(async () => {
  hw = await startHallway();
});
afterAll(async () => {
  await hw.stop();
});

/** A 401 that says nothing about why: no token details, no library messages. */
function expectBare401(res: { status: number; body: any }) {
  expect(res.status).toBe(401);
  expect(res.body).toEqual({ error: { code: 'Unauthorized', message: 'Authentication failed.' } });
}

async function stillServing() {
  const res = await fetch(`${hw.url}/readyz`);
  expect(res.status).toBe(200);
}

describe('requests Hallway must refuse', () => {
  const activity = () => message(hw.connector.url, 'help');

  test('no token is refused with 401', async () => {
    expectBare401(await hw.post(activity(), { token: null }));
  });

  test('a token signed with a key the channel does not publish is refused with 401', async () => {
    expectBare401(await hw.post(activity(), { token: hw.issuer.token({ aud: APP_ID, serviceurl: hw.connector.url }, { forged: true }) }));
  });

  test('an expired token is refused with 401', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    expectBare401(
      await hw.post(activity(), {
        token: hw.issuer.token({ aud: APP_ID, serviceurl: hw.connector.url, exp: past, nbf: past - 60, iat: past - 60 }),
      }),
    );
  });

  test('a token for another bot is refused with 401', async () => {
    expectBare401(await hw.post(activity(), { token: hw.issuer.token({ aud: 'another-bot', serviceurl: hw.connector.url }) }));
  });

  test('a token for another service URL is refused with 401', async () => {
    expectBare401(await hw.post(activity(), { token: hw.issuer.token({ aud: APP_ID, serviceurl: 'https://elsewhere.example/' }) }));
  });

  test('a token that is not a JWT at all is refused with 401', async () => {
    expectBare401(await hw.post(activity(), { token: 'not-a-jwt' }));
  });

  test('malformed JSON is a 400', async () => {
    const res = await hw.post(activity(), { rawBody: '{"type": "message",' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadRequest');
    expect(JSON.stringify(res.body)).not.toMatch(/Unexpected|position|SyntaxError/);
  });

  test('a JSON body that is not an activity is a 400', async () => {
    for (const body of ['[]', '"text"', '{"type": 5}', '{"type":"message"}', 'null']) {
      const res = await hw.post(activity(), { rawBody: body });
      expect(res.status).toBe(400);
    }
  });

  test('an oversized body is a 413', async () => {
    const huge = { ...activity(), text: 'x'.repeat(300 * 1024) };
    const res = await hw.post(huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PayloadTooLarge');
  });

  test('unknown routes are a JSON 404', async () => {
    const res = await fetch(`${hw.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.code).toBe('NotFound');
  });

  afterEach(stillServing);
});

describe('card actions that make no sense get a friendly card, never a 5xx', () => {
  let sessionId: string;
  beforeAll(async () => {
    await hw.post(meetingStart(hw.connector.url, { startTime: '2026-11-28T10:00:00Z' }));
    sessionId = hw.connector.sends(MEETING_CHAT).at(-1)!.body.attachments[0].content.refresh.action.data.sessionId;
  });

  const act = (verb: string, data: any) => hw.post(cardAction(hw.connector.url, { verb, data, from: participant(9) }));
  const textOf = (res: any) => JSON.stringify(res.body.value);

  test('an unknown verb', async () => {
    const res = await act('coffee.teleport', { sessionId });
    expect(res.status).toBe(200);
    expect(textOf(res)).toContain("Sorry, that button didn't work");
  });

  test('a check-in without a mood keeps what was typed and asks for the mood', async () => {
    const res = await act(VERBS.submit, { sessionId, note: 'Typed with care' });
    expect(res.status).toBe(200);
    expect(textOf(res)).toContain('Pick how you are today');
    expect(textOf(res)).toContain('Typed with care');
  });

  test('a note over 280 characters is refused with a message, and the text is kept', async () => {
    const note = 'n'.repeat(300);
    const res = await act(VERBS.submit, { sessionId, mood: 'good', note });
    expect(res.status).toBe(200);
    expect(textOf(res)).toContain('keep it to 280');
    expect(textOf(res)).toContain(note);
  });

  test('data of the wrong types', async () => {
    for (const data of [null, 'x', 42, [], { sessionId: 5 }, { sessionId: 'nope' }, { sessionId, mood: { $gt: '' } }, { sessionId, mood: 'good', note: 7 }]) {
      const res = await act(VERBS.submit, data);
      expect(res.status).toBe(200);
      expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    }
  });

  test('a card action without an action is a 400, not a crash', async () => {
    const a = cardAction(hw.connector.url, { verb: VERBS.submit, data: { sessionId } });
    delete a.value.action;
    expect((await hw.post(a)).status).toBe(400);
    a.value = 'garbage';
    expect((await hw.post(a)).status).toBe(400);
  });

  test('a session from another chat is not answerable from here', async () => {
    const a = cardAction(hw.connector.url, {
      verb: VERBS.submit,
      data: { sessionId, mood: 'good' },
      from: participant(10),
      conversationId: '19:other@thread.v2',
    });
    const res = await hw.post(a);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.value)).toContain('no longer available');
  });

  afterEach(stillServing);
});

describe('public pages the app package links to', () => {
  test.each(['/', '/privacy', '/terms'])('%s is served as HTML', async (path) => {
    const res = await fetch(`${hw.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('Hallway');
  });
});

describe('every card button, pressed with data that makes no sense', () => {
  test('answers with a card, never an error, and the server keeps serving', async () => {
    const { ALL_VERBS } = await import('../../bot/cards/verbs');
    const junk: unknown[] = [
      null,
      'x',
      42,
      [],
      {},
      { sessionId: 5 },
      { programmeId: {}, weeks: 'abc' },
      { roundId: 'nope', answer: 'maybe' },
      { breakId: 'nope', date: '2026-13-45', answer: 'in' },
      { breakId: 'x'.repeat(5000), date: 'x' },
      { topicId: ['a'] },
      { confirm: 'perhaps' },
      { sessionId: 'x', mood: '☀️', note: { $ne: null } },
    ];
    for (const verb of ALL_VERBS) {
      for (const data of junk) {
        const res = await hw.post(cardAction(hw.connector.url, { verb, data: data as any, from: participant(11) }));
        expect({ verb, data, status: res.status }).toEqual({ verb, data, status: 200 });
        expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
        expect(JSON.stringify(res.body.value)).not.toMatch(/Error|TypeError|stack|undefined/);
      }
    }
  });
});

describe('an unexpected failure in a handler', () => {
  const UUID = /^Something went wrong\. Reference: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
  beforeAll(() => {
    // Routes that fail as a bug would, added to the running server.
    hw.app.http.server.get('/test/fails', async () => {
      throw new Error('connection to db.internal:5432 refused');
    });
    hw.app.http.server.get('/test/rejects-with-text', async () => Promise.reject('secret detail in a string'));
    hw.app.http.server.get('/test/fails-mid-answer', async (_req: Request, res: Response) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('half of an ans');
      throw new Error('failed while answering');
    });
  });

  test.each(['/test/fails', '/test/rejects-with-text'])(
    '%s: a 500 that says only "Something went wrong" and a reference, the same reference is in the log, and Hallway serves on',
    async (path) => {
      const res = await fetch(`${hw.url}${path}`);
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string; message: string } };
      // Exactly this: nothing of the error itself.
      expect(body).toEqual({ error: { code: 'InternalError', message: expect.stringMatching(UUID) } });
      const reference = UUID.exec(body.error.message)![1];
      expect(hw.logs).toContainEqual(expect.objectContaining({ level: 50, correlationId: reference }));
      expect((await fetch(`${hw.url}/readyz`)).status).toBe(200);
    },
  );

  test('a failure after the answer has begun cuts the connection, is logged with a reference, and Hallway serves on', async () => {
    const logged = hw.logs.length;
    const res = await fetch(`${hw.url}/test/fails-mid-answer`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(hw.logs.slice(logged)).toContainEqual(expect.objectContaining({ level: 50, correlationId: expect.any(String), msg: 'request failed' }));
    expect((await fetch(`${hw.url}/readyz`)).status).toBe(200);
  });

  test('a method a route does not have is a JSON 405', async () => {
    const res = await fetch(`${hw.url}/healthz`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(405);
    expect(((await res.json()) as any).error).toEqual({ code: 'MethodNotAllowed', message: 'Method not allowed.' });
  });
});

describe('local mode (no MicrosoftAppId)', () => {
  let dir: string;
  let local: App;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hallway-local-mode-'));
    const result = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      SQLITE_PATH: join(dir, 'hallway.db'),
      JOBS_INTERVAL_MS: '0',
      TAB_DIR: join(dir, 'no-tab'),
      LOG_LEVEL: 'silent',
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    local = createApp(result.config, createLogger('silent'));
    const { port, address } = await local.listen();
    expect(address).toBe('127.0.0.1');
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await local.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (activity: object) =>
    fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });

  test.each(['https://smba.trafficmanager.net/emea/', 'http://10.0.0.8:3978/', 'http://localhost.contoso.example/', 'http://127.0.0.1.nip.io/'])(
    'an activity whose serviceUrl is %s is refused with 403 and nothing of it is kept',
    async (serviceUrl) => {
      const res = await post(botAddedToTeam(serviceUrl));
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).error.message).toContain('serviceUrl must be a localhost, 127.0.0.1 or ::1 URL');
      expect(await local.storage.installations.get(TEAM_ID)).toBeUndefined();
    },
  );

  test('an activity from a Bot Connector on this machine (the /dev stand-in) is answered', async () => {
    const res = await post(botAddedToTeam(`${url}/dev/connector/`));
    expect(res.status).toBe(200);
    expect(await local.storage.installations.get(TEAM_ID)).toMatchObject({ conversationId: TEAM_ID });
  });
});
