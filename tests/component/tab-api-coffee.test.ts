import { botAddedToTeam, channelMessage, participant, ORGANISER, TEAM_ID, TENANT_ID, type Participant } from '../fixtures/activities';
import { startHallway, type Harness } from '../fixtures/hallway';

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const ana = participant(1);
const outsider = participant(99);

let hw: Harness;
beforeEach(async () => {
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0' } });
  for (const p of [ORGANISER, ana, participant(2), participant(3)]) {
    hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
  }
  await hw.post(botAddedToTeam(hw.connector.url));
  await hw.post(channelMessage(hw.connector.url, 'coffee', ORGANISER));
});
afterEach(async () => {
  await hw.stop();
});

/** A call from the tab, signed in as `who` (in `tenant`). */
function call(who: Participant, path: string, init: { method?: string; body?: unknown; tenant?: string } = {}) {
  const tenant = init.tenant ?? TENANT_ID;
  const token = hw.issuer.token({
    aud: CLIENT_ID,
    iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
    tid: tenant,
    oid: who.aadObjectId,
    name: who.name,
  });
  return fetch(`${hw.url}/api/v1/teams/${encodeURIComponent(TEAM_ID)}/coffee${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

describe('coffee from the tab', () => {
  test('a member joins with the time zone of their browser and sees themselves in', async () => {
    const before: any = await (await call(ana, '')).json();
    expect(before.me.status).toBe('not-member');
    const res = await call(ana, '/join', { method: 'POST', body: { timeZone: 'Europe/Lisbon', workStartHour: 8, workEndHour: 16 } });
    expect(res.status).toBe(200);
    const view: any = await res.json();
    expect(view.me).toMatchObject({ status: 'active', timeZone: 'Europe/Lisbon', workStartHour: 8, workEndHour: 16 });
    expect(view.organiser).toBe(false);
    expect(view.stats).toBeUndefined();
    const stored = await hw.app.storage.programmes.getMember(TEAM_ID, ana.id);
    expect(stored?.status).toBe('active');
  });

  test('pausing until a date, then resuming', async () => {
    await call(ana, '/join', { method: 'POST', body: {} });
    const until = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const paused: any = await (await call(ana, '/pause', { method: 'POST', body: { until } })).json();
    expect(paused.me.status).toBe('paused');
    expect(paused.me.pausedUntil).toBe(`${until}T00:00:00.000Z`);
    const resumed: any = await (await call(ana, '/resume', { method: 'POST' })).json();
    expect(resumed.me.status).toBe('active');
  });

  test('someone who is not in the team is refused, and nothing is stored', async () => {
    const res = await call(outsider, '/join', { method: 'POST', body: {} });
    expect(res.status).toBe(403);
    expect(await hw.app.storage.programmes.getMember(TEAM_ID, outsider.id)).toBeUndefined();
  });

  test("another tenant's token never reaches this team", async () => {
    const res = await call(ana, '', { tenant: 'f00dcafe-0000-4000-8000-000000000000' });
    expect(res.status).toBe(404);
  });

  test('only organisers change settings; bad settings are refused naming the field; organisers see totals', async () => {
    expect((await call(ana, '/settings', { method: 'PUT', body: { enabled: false } })).status).toBe(403);
    const bad = await call(ORGANISER, '/settings', {
      method: 'PUT',
      body: {
        enabled: true,
        cadence: 'daily',
        weekday: 9,
        hour: 10,
        timeZone: 'UTC',
        groupSize: 2,
        meetingMinutes: 20,
        includeGuests: false,
      },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.message).toMatch(/How often: .*Day: |Day: .*How often: /s);
    const ok = await call(ORGANISER, '/settings', {
      method: 'PUT',
      body: {
        enabled: true,
        cadence: 'biweekly',
        weekday: 4,
        hour: 9,
        timeZone: 'Europe/Berlin',
        groupSize: 3,
        meetingMinutes: 15,
        includeGuests: true,
      },
    });
    expect(ok.status).toBe(200);
    const view: any = await ok.json();
    expect(view.organiser).toBe(true);
    expect(view.settings).toMatchObject({ cadence: 'biweekly', groupSize: 3 });
    expect(view.stats).toEqual({ kind: 'too-few', minimum: 5 });
  });

  test('bad bodies are client errors with a message', async () => {
    expect((await call(ana, '/join', { method: 'POST', body: { timeZone: 'Nowhere/Special' } })).status).toBe(400);
    expect((await call(ana, '/join', { method: 'POST', body: { workStartHour: 18, workEndHour: 9 } })).status).toBe(400);
    expect((await call(ana, '/pause', { method: 'POST', body: { until: 'soon' } })).status).toBe(400);
  });
});

describe("the team's roster behind the coffee tab", () => {
  const rosterCalls = () => hw.connector.requests.filter((r) => r.kind === 'paged-members').length;

  test('twenty members opening the tab at once cost one roster call to Teams', async () => {
    const before = rosterCalls();
    const people = [ORGANISER, ana, participant(2), participant(3)];
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => call(people[i % people.length]!, '')));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(rosterCalls() - before).toBe(1);
  });

  test('when Teams fails to give the roster, the tab says to try again and the next call asks Teams afresh', async () => {
    hw.connector.fail('paged-members', 400); // a failure nobody retries
    const failed = await call(ana, '');
    expect(failed.status).toBe(503);
    expect(JSON.stringify(await failed.json())).not.toMatch(/injected|400/i);
    expect((await call(ana, '')).status).toBe(200);
  });
});
