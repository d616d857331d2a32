import { VERBS } from '../../bot/cards/check-in-card';
import {
  botAddedToTeam,
  cardAction,
  channelMessage,
  meetingStart,
  message,
  participant,
  MEETING_CHAT,
  ORGANISER,
  TEAM_ID,
  TENANT_ID,
} from '../fixtures/activities';
import { startAzurite, type Azurite } from '../fixtures/azurite';
import { CountingProxy } from '../fixtures/counting-proxy';
import { startHallway, type Harness } from '../fixtures/hallway';
import { callTab } from '../fixtures/tab-api';

/**
 * What Hallway's hot paths cost a storage account on Azure Tables: every request to the table
 * service counted by a proxy in front of Azurite. A change that adds a request to one of these
 * paths fails here; `npm run bench -- load` measures the same under load.
 */
const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const ANSWERS = 40;

let azurite: Azurite;
let proxy: CountingProxy;
let hw: Harness;
beforeAll(async () => {
  azurite = await startAzurite();
  proxy = new CountingProxy(azurite.port);
  const port = await proxy.start();
  hw = await startHallway({
    azureTables: { connectionString: proxy.connectionString(azurite.connectionString, port) },
    env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0' },
  });
}, 60_000);
afterAll(async () => {
  await hw?.stop();
  await proxy?.stop();
  await azurite?.stop();
});

const tab = { clientId: CLIENT_ID, tenantId: TENANT_ID };

/** Requests of `work`, by kind, and their total. */
async function counted(work: () => Promise<unknown>): Promise<{ total: number; byKind: Record<string, number> }> {
  proxy.reset();
  await work();
  const byKind = proxy.counts();
  return { total: proxy.requests.length, byKind };
}

describe('storage requests on Azure Tables', () => {
  test('a check-in answer costs at most one and a half requests: its index entry, and its row inserted together with the answers arriving meanwhile', async () => {
    await hw.post(meetingStart(hw.connector.url));
    const posted = hw.connector.sends(MEETING_CHAT)[0]!;
    const sessionId = posted.body.attachments[0].content.refresh.action.data.sessionId as string;
    const messageId = posted.activityId!;

    const { total, byKind } = await counted(async () => {
      // Ten at a time, as Teams delivers a meeting's answers over a few connections.
      for (let from = 1; from <= ANSWERS; from += 10) {
        const batch = Array.from({ length: 10 }, (_, i) =>
          hw.post(cardAction(hw.connector.url, { verb: VERBS.submit, from: participant(from + i), data: { sessionId, mood: 'good', visibility: 'shared' } })),
        );
        for (const res of await Promise.all(batch)) expect(res.body.statusCode).toBe(200);
      }
    });
    // Each answer: one upsert of its person index entry (a trace that also links the two ids).
    expect(byKind['replace-or-upsert']).toBe(ANSWERS);
    // The answers' rows: the first alone, then those that arrived while it was on its way, in one transaction.
    expect((byKind.insert ?? 0) + (byKind.batch ?? 0)).toBeLessThanOrEqual(ANSWERS / 2);
    expect(byKind.batch).toBeGreaterThan(0);
    // Reads of the check-in and of the board are shared by the answers of the same moment.
    expect(byKind['point-read'] ?? 0).toBeLessThanOrEqual(ANSWERS / 2);
    expect(total).toBeLessThanOrEqual(1.5 * ANSWERS);
    // And every answer is there, on the card everyone sees.
    await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(messageId)).includes(`${ANSWERS} people checked in`));
    expect(await hw.app.storage.checkIns.listAnswers(sessionId)).toHaveLength(ANSWERS);
  });

  test('an edited answer costs its index entry, an insert that finds the row, a read of it and a replace (and the check-in, read once per turn)', async () => {
    const sessionId = (await hw.app.storage.checkIns.findOpen(MEETING_CHAT))!.id;
    const { byKind } = await counted(() =>
      hw.post(
        cardAction(hw.connector.url, {
          verb: VERBS.submit,
          from: participant(1),
          data: { sessionId, mood: 'low', note: 'Changed my mind', visibility: 'shared' },
        }),
      ),
    );
    // The index entry and the replace; the insert that found the row; the row read, and the check-in (once per turn).
    expect(byKind).toMatchObject({ insert: 1, 'replace-or-upsert': 2 });
    expect(byKind['point-read']).toBeLessThanOrEqual(2);
    expect((await hw.app.storage.checkIns.getAnswer(sessionId, participant(1).id))?.note).toBe('Changed my mind');
  });

  test("a command in a 1:1 chat costs no request, the tab's coffee view three and its breaks view two", async () => {
    for (const p of [ORGANISER, participant(1), participant(2)]) hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
    await hw.post(botAddedToTeam(hw.connector.url));
    await hw.post(channelMessage(hw.connector.url, 'coffee', ORGANISER));
    await callTab(hw, tab, participant(1), `/api/v1/teams/${encodeURIComponent(TEAM_ID)}/coffee/join`, { method: 'POST', body: {} });

    const command = await counted(() =>
      hw.post(message(hw.connector.url, 'coffee', { conversationType: 'personal', conversationId: 'a:1on1-participant-1', from: participant(1) })),
    );
    const coffee = await counted(async () =>
      expect((await callTab(hw, tab, participant(1), `/api/v1/teams/${encodeURIComponent(TEAM_ID)}/coffee`)).status).toBe(200),
    );
    const breaks = await counted(async () =>
      expect((await callTab(hw, tab, participant(1), `/api/v1/teams/${encodeURIComponent(TEAM_ID)}/breaks`)).status).toBe(200),
    );
    // A command in a 1:1 chat answers from what the activity says (no team there); the tab reads
    // the programme, the member and the latest round, or the team's breaks by its index.
    expect(command.total).toBe(0);
    expect(coffee.total).toBeLessThanOrEqual(3);
    expect(breaks.total).toBeLessThanOrEqual(2);
  });
});
