import fc from 'fast-check';
import { ORGANISER, TEAM_ID, TENANT_ID, botAddedToTeam, channelMessage, meetingStart } from '../fixtures/activities';
import { startHallway, type Harness } from '../fixtures/hallway';

/**
 * Generated nonsense, authenticated as the channel would be: whatever Teams (or anyone holding a
 * valid token) sends, Hallway answers without a 5xx and keeps serving.
 */
const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
let hw: Harness;

beforeAll(async () => {
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0', LOG_LEVEL: 'silent' } });
  hw.connector.addMember({ ...ORGANISER, userPrincipalName: 'olu@contoso.example' });
  await hw.post(botAddedToTeam(hw.connector.url));
  await hw.post(meetingStart(hw.connector.url));
  await hw.post(channelMessage(hw.connector.url, 'coffee', ORGANISER));
});
afterAll(async () => {
  await hw.stop();
});

const text = fc.oneof(fc.string(), fc.constantFrom('check-in', 'coffee join', 'coffee pause abc', 'coffee pair now', 'forget me', 'breaks', 'help', '<at>Hallway</at> coffee'));
const verbs = fc.constantFrom('check-in.submit', 'check-in.skip', 'check-in.edit', 'check-in.refresh', 'coffee.pause', 'coffee.met', 'privacy.forget', 'break.rsvp', 'break.topic', 'break.vote', 'nope');

const activity = fc.record(
  {
    type: fc.oneof(fc.constantFrom('message', 'invoke', 'event', 'conversationUpdate', 'installationUpdate', 'messageReaction'), fc.string()),
    name: fc.oneof(fc.constantFrom('adaptiveCard/action', 'application/vnd.microsoft.meetingStart', 'application/vnd.microsoft.meetingEnd', 'task/fetch', 'composeExtension/query'), fc.string()),
    text,
    action: fc.constantFrom('add', 'remove', 'weird'),
    value: fc.oneof(
      fc.jsonValue(),
      fc.record({ action: fc.record({ type: fc.constantFrom('Action.Execute', 'Action.Submit'), verb: verbs, data: fc.jsonValue() }) }),
      fc.record({ Id: fc.string(), StartTime: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), Title: fc.string() }),
    ),
    conversation: fc.record({ id: fc.oneof(fc.constant('19:meeting_Zjk2YjQ1ZTAtZWQ4Ny00@thread.v2'), fc.constant(TEAM_ID), fc.string({ minLength: 1 })), conversationType: fc.constantFrom('personal', 'groupChat', 'channel', 'other'), tenantId: fc.constant(TENANT_ID) }),
    from: fc.record({ id: fc.string({ minLength: 1 }), aadObjectId: fc.option(fc.uuid()), name: fc.option(fc.string()) }),
    channelData: fc.oneof(fc.jsonValue(), fc.record({ tenant: fc.record({ id: fc.constant(TENANT_ID) }), meeting: fc.record({ id: fc.string() }), team: fc.record({ id: fc.string(), name: fc.string() }) })),
    membersAdded: fc.array(fc.record({ id: fc.oneof(fc.constant('28:00000000-0000-0000-0000-00000000b0b0'), fc.string()) }), { maxLength: 3 }),
  },
  { requiredKeys: ['type', 'conversation', 'from'] },
);

describe('fuzzed requests', () => {
  test('400 generated activities with a valid token: never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(activity, async (a) => {
        const body = { ...a, channelId: 'msteams', serviceUrl: hw.connector.url, recipient: { id: '28:00000000-0000-0000-0000-00000000b0b0' }, id: 'fuzz' };
        const res = await hw.post(body);
        return res.status < 500;
      }),
      { numRuns: 400, seed: 20261128 },
    );
    expect((await fetch(`${hw.url}/readyz`)).status).toBe(200);
  }, 120_000);

  test('200 generated tab API calls: never a 5xx', async () => {
    const token = hw.issuer.token({ aud: CLIENT_ID, iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`, tid: TENANT_ID, oid: ORGANISER.aadObjectId });
    const path = fc.constantFrom(
      `/api/v1/teams/${encodeURIComponent(TEAM_ID)}/coffee/join`,
      `/api/v1/teams/${encodeURIComponent(TEAM_ID)}/coffee/pause`,
      `/api/v1/teams/${encodeURIComponent(TEAM_ID)}/coffee/settings`,
      `/api/v1/teams/${encodeURIComponent(TEAM_ID)}/breaks`,
      `/api/v1/teams/x/breaks/y/rsvp`,
      '/api/v1/me',
      '/api/v1/meetings/m/settings?chat=19%3Ameeting_Zjk2YjQ1ZTAtZWQ4Ny00%40thread.v2',
    );
    await fc.assert(
      fc.asyncProperty(path, fc.constantFrom('POST', 'PUT', 'DELETE', 'GET'), fc.jsonValue(), async (p, method, body) => {
        const res = await fetch(`${hw.url}${p}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: method === 'GET' ? undefined : JSON.stringify(body),
        });
        await res.text();
        return res.status < 500;
      }),
      { numRuns: 200, seed: 7 },
    );
    expect((await fetch(`${hw.url}/readyz`)).status).toBe(200);
  }, 120_000);
});

