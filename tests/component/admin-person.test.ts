import { VERBS } from '../../bot/cards/check-in-card';
import {
  botAddedToTeam,
  cardAction,
  channelMessage,
  meetingStart,
  participant,
  MEETING_CHAT,
  ORGANISER,
  TEAM_ID,
  TENANT_ID,
  type Participant,
} from '../fixtures/activities';
import { admin, sameAs } from '../fixtures/admin';
import { startAzurite, type Azurite } from '../fixtures/azurite';
import { ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';
import { findInSqliteFiles } from '../fixtures/storage-dump';
import { callTab, type TabCall } from '../fixtures/tab-api';

const NOW = new Date('2026-11-27T09:00:00Z');
const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const tom = participant(2);
/** Someone with a name and ids found nowhere else in the fixtures, so any trace of her is hers. */
const ingrid: Participant = { id: '29:1ingrid-7c41e9', aadObjectId: '7c41d2e8-5a6b-4f3c-9d2e-1b0a9f8e7d6c', name: 'Ingrid Solberg' };
const INGRID_UPN = 'ingrid.solberg@contoso.example';
const INGRID_NOTE = 'Slept badly, the twins are teething';
const INGRID_TOPIC = 'Who else bakes sourdough at home?';
const TRACES = [ingrid.id, ingrid.aadObjectId, ingrid.name, INGRID_UPN, INGRID_NOTE, INGRID_TOPIC];

type Driver = 'SQLite' | 'Azure Tables';
let azurite: Azurite | undefined;
let hw: Harness;

afterEach(async () => {
  await hw?.stop();
});
afterAll(async () => {
  await azurite?.stop();
});

const tab = (who: Participant, path: string, init: TabCall = {}) => callTab(hw, { clientId: CLIENT_ID, tenantId: TENANT_ID }, who, `/api/v1${path}`, init);
const team = `/teams/${encodeURIComponent(TEAM_ID)}`;

/** Ingrid and Tom use everything: a check-in with notes, coffee with a "Did you meet?", a break with answers, topics and upvotes. */
async function useEverything(): Promise<{ messageId: string }> {
  for (const p of [ORGANISER, ingrid, tom, participant(3)]) {
    hw.connector.addMember({ ...p, userPrincipalName: p === ingrid ? INGRID_UPN : `${p.id.slice(3)}@contoso.example` });
  }
  await hw.post(botAddedToTeam(hw.connector.url));
  await hw.post(meetingStart(hw.connector.url));
  const posted = hw.connector.sends(MEETING_CHAT)[0]!;
  const sessionId = posted.body.attachments[0].content.refresh.action.data.sessionId;
  for (const [who, note] of [
    [ingrid, INGRID_NOTE],
    [tom, 'All good here'],
  ] as const) {
    await hw.post(cardAction(hw.connector.url, { verb: VERBS.submit, from: who, data: { sessionId, mood: 'low', note, visibility: 'shared' } }));
  }
  await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(posted.activityId!)).includes(INGRID_NOTE));

  for (const p of [ingrid, tom, participant(3)]) await hw.post(channelMessage(hw.connector.url, 'coffee join', p));
  await hw.post(channelMessage(hw.connector.url, 'coffee pair now', ORGANISER));
  const roundId = (await hw.app.storage.rounds.latest(TEAM_ID))!.id;
  await hw.post(cardAction(hw.connector.url, { verb: 'coffee.met', from: ingrid, data: { roundId, answer: 'yes' } }));

  const created: any = await (
    await tab(ORGANISER, `${team}/breaks`, {
      method: 'POST',
      body: { title: 'Daily coffee', weekdays: [1, 2, 3, 4, 5, 6, 7], time: '23:30', timeZone: 'UTC', durationMinutes: 20 },
    })
  ).json();
  const date = ((await (await tab(ingrid, `${team}/breaks`)).json()) as any).breaks[0].next[0].date;
  await tab(ingrid, `${team}/breaks/${created.id}/rsvp`, { method: 'POST', body: { date, answer: 'in' } });
  await tab(ingrid, `${team}/breaks/${created.id}/topics`, { method: 'POST', body: { date, text: INGRID_TOPIC } });
  const listed: any = await (
    await tab(tom, `${team}/breaks/${created.id}/topics`, { method: 'POST', body: { date, text: 'Board games next Friday?' } })
  ).json();
  const his = listed.breaks[0].next[0].topics.find((t: { text: string }) => t.text !== INGRID_TOPIC).id;
  await tab(ingrid, `${team}/topics/${his}/vote`, { method: 'POST' });
  return { messageId: posted.activityId! };
}

describe.each<Driver>(['SQLite', 'Azure Tables'])('an administrator answering a request by directory object id (%s)', (driver) => {
  beforeAll(async () => {
    if (driver === 'Azure Tables') azurite ??= await startAzurite();
  }, 60_000);
  beforeEach(async () => {
    const options = { env: { JOBS_INTERVAL_MS: '0', SSO_CLIENT_ID: CLIENT_ID }, overrides: { clock: new ManualClock(NOW) } };
    hw = await startHallway(driver === 'SQLite' ? options : { ...options, azureTables: { connectionString: azurite!.connectionString } });
  });
  const settings = () => sameAs(hw, driver === 'Azure Tables' ? azurite : undefined);

  test('export-person gives what Download my data gives the person', async () => {
    await useEverything();
    const { env, overrides } = settings();
    const exported = await admin(['export-person', ingrid.aadObjectId], env, overrides);
    expect(exported.code).toBe(0);
    const fromTab: any = await (await tab(ingrid, '/me/data')).json();
    const { exportedAt: _, ...fromAdmin } = JSON.parse(exported.out);
    const { exportedAt: __, ...fromPerson } = fromTab;
    expect(fromAdmin).toEqual(fromPerson);
    expect([fromAdmin.checkIns[0].note, fromAdmin.breakTopics[0].text, fromAdmin.coffeeAnswers.length]).toEqual([INGRID_NOTE, INGRID_TOPIC, 1]);
    expect(exported.out).not.toContain('All good here');
  });

  test('forget-person does what forget me does: nothing of her is stored, her card is redrawn, everyone else is kept', async () => {
    const { messageId } = await useEverything();
    const { env, overrides } = settings();
    const before = await hw.dumpStorage();
    for (const trace of TRACES) expect(before).toContain(trace);

    const unconfirmed = await admin(['forget-person', ingrid.aadObjectId], env, overrides);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toContain('add --yes to confirm');
    expect(await hw.dumpStorage()).toContain(INGRID_NOTE);

    const forgot = await admin(['forget-person', ingrid.aadObjectId, '--yes'], env, overrides);
    expect(forgot.err).toBe('');
    expect(forgot.code).toBe(0);
    expect(forgot.out).toContain('1 check-in card(s) and 1 break card(s) redrawn');

    const after = await hw.dumpStorage();
    expect(TRACES.filter((trace) => after.includes(trace))).toEqual([]);
    // Nor in the raw bytes of the database file and its log (no such file on Azure Tables).
    expect(findInSqliteFiles(hw.sqlitePath, TRACES)).toEqual([]);
    const left = await hw.app.storage.privacy.export({ userId: ingrid.id, aadObjectId: ingrid.aadObjectId });
    expect(Object.values(left).every((list) => Array.isArray(list) && list.length === 0)).toBe(true);
    for (const kept of [tom.name, 'All good here', 'Board games next Friday?']) expect(after).toContain(kept);

    // The posted check-in card was redrawn without her (the command waited for it before ending).
    const card = JSON.stringify(hw.connector.latestCard(messageId));
    expect(card).not.toContain(INGRID_NOTE);
    expect(card).not.toContain(ingrid.name);
    expect(card).toContain('All good here');
  });

  test('an option the command does not take is refused, not ignored', async () => {
    await useEverything();
    const { env, overrides } = settings();
    const run = await admin(['export-person', ingrid.aadObjectId, '--tenant', TENANT_ID], env, overrides);
    expect(run.code).toBe(2);
    expect(run.err).toContain('export-person does not take --tenant.');
    expect(run.out).toBe('');
  });

  test('an id that is not a directory object id is refused before anything is read', async () => {
    const { env, overrides } = settings();
    for (const bad of ['29:1ingrid-7c41e9', 'everyone', '']) {
      const run = await admin(['forget-person', bad, '--yes'], env, overrides);
      expect(run.code).toBe(2);
      expect(run.err).toContain('needs a directory object id');
    }
  });
});
