import { VERBS } from '../../bot/cards/check-in-card';
import { PRIVACY_VERBS } from '../../bot/cards/verbs';
import { botAddedToTeam, cardAction, channelMessage, meetingStart, message, participant, MEETING_CHAT, ORGANISER, TEAM_ID } from '../fixtures/activities';
import { startAzurite, type Azurite } from '../fixtures/azurite';
import type { FakeConnector } from '../fixtures/fake-connector';
import { startHallway, type Harness } from '../fixtures/hallway';

/** The whole app on Azure Table Storage (Azurite), as it runs with several instances in Azure. */
let azurite: Azurite;
let hw: Harness;
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
});
beforeEach(async () => {
  hw = await startHallway({ azureTables: { connectionString: azurite.connectionString } });
});
afterEach(async () => {
  await hw.stop();
});

const priya = participant(1);
const tom = participant(2);
const NOTE = 'Feeling a bit low after the release, honestly';

const texts = (card: unknown) => JSON.stringify(card ?? {});

async function startMeeting(harness = hw) {
  const res = await harness.post(meetingStart(harness.connector.url));
  expect(res.status).toBe(200);
  const posted = harness.connector.sends(MEETING_CHAT)[0]!;
  return { messageId: posted.activityId!, sessionId: posted.body.attachments[0].content.refresh.action.data.sessionId as string };
}

async function checkIn(sessionId: string, who: typeof priya, note: string) {
  const res = await hw.post(cardAction(hw.connector.url, { verb: VERBS.submit, from: who, data: { sessionId, mood: 'low', note, visibility: 'shared' } }));
  expect(res.body.statusCode).toBe(200);
}

describe('Hallway on Azure Tables', () => {
  test('a meeting start posts exactly one check-in card, and the same event again posts nothing more', async () => {
    await startMeeting();
    expect((await hw.post(meetingStart(hw.connector.url))).status).toBe(200);
    expect(hw.connector.sends(MEETING_CHAT)).toHaveLength(1);
    expect(texts(hw.connector.sends(MEETING_CHAT)[0]!.body)).toContain('Nobody has checked in yet');
  });

  test('answers are stored and shown on the shared card', async () => {
    const { messageId, sessionId } = await startMeeting();
    await checkIn(sessionId, priya, NOTE);
    await checkIn(sessionId, tom, 'All good here');
    await hw.connector.waitFor(() => texts(hw.connector.latestCard(messageId)).includes('2 people checked in'));
    const card = texts(hw.connector.latestCard(messageId));
    for (const shown of [priya.name, tom.name, NOTE, 'All good here']) expect(card).toContain(shown);
    expect((await hw.app.storage.checkIns.listAnswers(sessionId)).map((a) => a.person.userId).sort()).toEqual([priya.id, tom.id].sort());
  });

  test('two servers sharing the tables post one card for one meeting start', async () => {
    const issuer = hw.issuer;
    const connector: FakeConnector = hw.connector;
    const second = await startHallway({
      issuer,
      connector,
      azureTables: { connectionString: azurite.connectionString, tablePrefix: hw.tablePrefix },
    });
    try {
      const results = await Promise.all([hw.post(meetingStart(connector.url)), second.post(meetingStart(connector.url))]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(connector.sends(MEETING_CHAT)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  test("after forget me, no table holds the person's ids, name, sign-in name or note, and the card drops them", async () => {
    await hw.post(botAddedToTeam(hw.connector.url));
    const { messageId, sessionId } = await startMeeting();
    hw.connector.addMember({ ...priya, userPrincipalName: 'priya@contoso.example' });
    await checkIn(sessionId, priya, NOTE);
    await checkIn(sessionId, tom, 'All good here');
    await hw.connector.waitFor(() => texts(hw.connector.latestCard(messageId)).includes(NOTE));
    for (const p of [priya, tom, participant(3)]) await hw.post(channelMessage(hw.connector.url, 'coffee join', p));
    await hw.post(channelMessage(hw.connector.url, 'coffee pair now', ORGANISER));
    const round = (await hw.app.storage.rounds.latest(TEAM_ID))!;
    await hw.post(cardAction(hw.connector.url, { verb: 'coffee.met', from: priya, data: { roundId: round.id, answer: 'yes' } }));
    const traces = [priya.id, priya.aadObjectId, priya.name, NOTE, 'priya@contoso.example'];
    const before = await hw.dumpStorage();
    for (const trace of [priya.id, priya.aadObjectId, priya.name, NOTE]) expect(before).toContain(trace);

    await hw.post(message(hw.connector.url, 'forget me', { conversationType: 'personal', conversationId: 'a:priya-chat', from: priya }));
    const res = await hw.post(
      cardAction(hw.connector.url, { verb: PRIVACY_VERBS.forget, from: priya, data: { confirm: 'yes' }, conversationId: 'a:priya-chat' }),
    );
    expect(JSON.stringify(res.body.value)).toContain('Hallway has forgotten you');

    const after = await hw.dumpStorage();
    for (const trace of traces) expect(after).not.toContain(trace);
    expect(after).toContain(tom.name);
    await hw.connector.waitFor(() => !texts(hw.connector.latestCard(messageId)).includes(NOTE));
    expect(texts(hw.connector.latestCard(messageId))).toContain('All good here');
  });
});
