import { VERBS } from '../../bot/cards/check-in-card';
import { cardAction, meetingStart, participant, MEETING_CHAT, TENANT_ID } from '../fixtures/activities';
import { startHallway, type Harness } from '../fixtures/hallway';

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const HOST = 'hallway.example.com';
const priya = participant(1);

let hw: Harness;
beforeEach(async () => {
  hw = await startHallway({
    env: { SSO_CLIENT_ID: CLIENT_ID, PUBLIC_HOSTNAME: HOST, JOBS_INTERVAL_MS: '0' },
  });
});
afterEach(async () => {
  await hw.stop();
});

/** A Teams SSO token as Entra ID issues it for the tab (v2.0), signed with the test issuer's keys. */
function ssoToken(claims: Record<string, unknown> = {}, options: { forged?: boolean } = {}) {
  return hw.issuer.token(
    {
      aud: CLIENT_ID,
      serviceurl: '',
      iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      tid: TENANT_ID,
      oid: priya.aadObjectId,
      name: priya.name,
      ...claims,
    },
    options,
  );
}

function call(path: string, init: { method?: string; token?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = init.token === undefined ? ssoToken() : init.token;
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${hw.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

describe('the tab API', () => {
  test('the caller is who the verified token says, whatever the request claims', async () => {
    const res = await call(`/api/v1/me?oid=someone-else`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ tenantId: TENANT_ID, objectId: priya.aadObjectId, name: priya.name });
  });

  test.each([
    ['no token', null],
    ['a forged token', 'forged'],
    ['an expired token', 'expired'],
    ['a token for another app', 'audience'],
    ['a token from another issuer', 'issuer'],
    ['a token without an object id', 'claims'],
  ])('%s is refused with 401 and nothing more', async (_name, kind) => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    const token =
      kind === null
        ? null
        : kind === 'forged'
          ? ssoToken({}, { forged: true })
          : kind === 'expired'
            ? ssoToken({ exp: past, nbf: past - 60, iat: past - 60 })
            : kind === 'audience'
              ? ssoToken({ aud: 'another-app' })
              : kind === 'issuer'
                ? ssoToken({ iss: 'https://login.microsoftonline.com/other-tenant/v2.0' })
                : ssoToken({ oid: undefined });
    const res = await call('/api/v1/me', { token });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 'Unauthorized', message: 'Sign in again: your Teams sign-in could not be verified.' },
    });
  });

  test('the api:// audience of the tab host is accepted too', async () => {
    expect((await call('/api/v1/me', { token: ssoToken({ aud: `api://${HOST}/${CLIENT_ID}` }) })).status).toBe(200);
  });

  test('Download my data lists what is stored about me; Forget me needs a confirmation, then deletes it and redraws the card', async () => {
    await hw.post(meetingStart(hw.connector.url));
    const posted = hw.connector.sends(MEETING_CHAT)[0]!;
    const sessionId = posted.body.attachments[0].content.refresh.action.data.sessionId;
    const note = 'Tired but happy';
    await hw.post(cardAction(hw.connector.url, { verb: VERBS.submit, from: priya, data: { sessionId, mood: 'good', note, visibility: 'shared' } }));
    await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(posted.activityId!)).includes(note));

    const exported = await call('/api/v1/me/data');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    const data: any = await exported.json();
    expect(data.checkIns).toEqual([expect.objectContaining({ note, mood: 'good', visibility: 'shared' })]);

    const unconfirmed = await call('/api/v1/me', { method: 'DELETE', body: {} });
    expect(unconfirmed.status).toBe(400);
    expect(((await (await call('/api/v1/me/data')).json()) as any).checkIns).toHaveLength(1);

    const forgotten = await call('/api/v1/me', { method: 'DELETE', body: { confirm: true } });
    expect(forgotten.status).toBe(200);
    const after: any = await (await call('/api/v1/me/data')).json();
    expect([after.checkIns, after.coffee, after.breakRsvps]).toEqual([[], [], []]);
    await hw.connector.waitFor(() => !JSON.stringify(hw.connector.latestCard(posted.activityId!)).includes(note));
  });

  test('too many calls from one person are slowed down with 429 and Retry-After', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 101; i++) last = await call('/api/v1/me');
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the tab API without sign-in configured', () => {
  test('refuses every call with 401, saying why', async () => {
    const plain = await startHallway();
    try {
      const res = await fetch(`${plain.url}/api/v1/me`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).error.code).toBe('SignInUnavailable');
    } finally {
      await plain.stop();
    }
  });
});
