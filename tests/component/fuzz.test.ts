import fc from 'fast-check';
import { ORGANISER, TENANT_ID, botAddedToTeam, channelMessage, meetingStart } from '../fixtures/activities';
import { fuzzActivity, fuzzApiCall } from '../fixtures/fuzz';
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

describe('fuzzed requests', () => {
  test('400 generated activities with a valid token: never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzActivity, async (a) => {
        const body = {
          ...a,
          channelId: 'msteams',
          serviceUrl: hw.connector.url,
          recipient: { id: '28:00000000-0000-0000-0000-00000000b0b0' },
          id: 'fuzz',
        };
        const res = await hw.post(body);
        return res.status < 500;
      }),
      { numRuns: 400, seed: 20261128 },
    );
    expect((await fetch(`${hw.url}/readyz`)).status).toBe(200);
  }, 120_000);

  test('200 generated tab API calls: never a 5xx', async () => {
    const token = hw.issuer.token({
      aud: CLIENT_ID,
      iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      tid: TENANT_ID,
      oid: ORGANISER.aadObjectId,
    });
    await fc.assert(
      fc.asyncProperty(fuzzApiCall, async ({ path, method, body }) => {
        const res = await fetch(`${hw.url}${path}`, {
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
