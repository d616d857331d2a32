import { VERBS } from '../../bot/cards/check-in-card';
import { cardAction, meetingStart, participant, MEETING_CHAT, type Participant } from '../fixtures/activities';
import { cardProblems, texts } from '../fixtures/cards';
import { startHallway, type Harness } from '../fixtures/hallway';

let hw: Harness;
beforeEach(async () => {
  hw = await startHallway();
});
afterEach(async () => {
  await hw.stop();
});

async function press(verb: string, who: Participant, data: Record<string, unknown>) {
  const res = await hw.post(cardAction(hw.connector.url, { verb, from: who, data }));
  expect(res.status).toBe(200);
  expect(cardProblems(res.body.value)).toEqual([]);
  return res.body.value;
}

describe('the shared check-in card does not tell who answered privately or skipped', () => {
  test('with a shared, a private and a skipped answer, only the person who shared is refreshed; the others see their own answer by pressing Refresh', async () => {
    await hw.post(meetingStart(hw.connector.url));
    const [posted] = hw.connector.sends(MEETING_CHAT);
    const messageId = posted!.activityId!;
    const sessionId = posted!.body.attachments[0].content.refresh.action.data.sessionId;
    const [ana, priya, sam] = [participant(1), participant(2), participant(3)];

    await press(VERBS.submit, ana, { sessionId, mood: 'great', visibility: 'shared', note: 'Sunny here' });
    await press(VERBS.submit, priya, { sessionId, mood: 'rough', visibility: 'private', note: 'Hard week' });
    await press(VERBS.skip, sam, { sessionId });

    await hw.connector.waitFor(() => texts(hw.connector.latestCard(messageId)).some((t) => t.includes('2 people checked in · 1 skipped')));
    const shared = hw.connector.latestCard(messageId);
    expect(shared.refresh.userIds).toEqual([ana.id]);
    const json = JSON.stringify(shared);
    for (const hidden of [priya, sam]) {
      expect(json).not.toContain(hidden.id);
      expect(json).not.toContain(hidden.name);
    }
    expect(json).not.toContain('Hard week');
    expect(JSON.stringify(shared.body)).toContain(VERBS.refresh);

    const priyaView = await press(VERBS.refresh, priya, { sessionId });
    expect(texts(priyaView)).toContain("You're checked in ⛈️");
    expect(texts(priyaView)).toContain('Hard week');
    expect(texts(priyaView)).toContain('Only counted: your name, mood and note are hidden from the meeting.');

    const samView = await press(VERBS.refresh, sam, { sessionId });
    expect(texts(samView)).toContain('You skipped today');
  });
});
