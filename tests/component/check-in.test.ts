import { VERBS } from '../../bot/cards/check-in-card';
import { cardAction, meetingEnd, meetingStart, participant, MEETING_CHAT, type Participant } from '../fixtures/activities';
import { cardProblems, howTextAppears, texts } from '../fixtures/cards';
import { startHallway, type Harness } from '../fixtures/hallway';

let hw: Harness;
beforeEach(async () => {
  hw = await startHallway();
});
afterEach(async () => {
  // Every card Hallway sent to Teams in the test, and every card it answered with, must be valid.
  const sent = hw.connector.requests.flatMap((r) => r.body?.attachments ?? []).map((a: any) => a.content);
  for (const card of [...sent, ...answered]) expect(cardProblems(card)).toEqual([]);
  answered.length = 0;
  await hw.stop();
});

const answered: any[] = [];

async function startMeeting(): Promise<{ messageId: string; sessionId: string }> {
  const res = await hw.post(meetingStart(hw.connector.url));
  expect(res.status).toBe(200);
  const [posted] = hw.connector.sends(MEETING_CHAT);
  const card = posted!.body.attachments[0].content;
  return { messageId: posted!.activityId!, sessionId: card.refresh.action.data.sessionId };
}

async function checkIn(sessionId: string, who: Participant, fields: Record<string, unknown> = {}) {
  const res = await hw.post(
    cardAction(hw.connector.url, { verb: VERBS.submit, from: who, data: { sessionId, mood: 'great', visibility: 'shared', ...fields } }),
  );
  answered.push(res.body?.value);
  return res;
}

describe('meeting check-in', () => {
  test('a meeting start posts exactly one check-in card, and the same event again posts nothing more', async () => {
    await startMeeting();
    const again = await hw.post(meetingStart(hw.connector.url));
    expect(again.status).toBe(200);
    const sameStartOtherFormat = await hw.post(meetingStart(hw.connector.url, { startTime: '2026-11-27T09:00:02Z' }));
    expect(sameStartOtherFormat.status).toBe(200);
    const sends = hw.connector.sends(MEETING_CHAT);
    expect(sends).toHaveLength(1);
    const card = sends[0]!.body.attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(texts(card.content)).toContain('Nobody has checked in yet');
    expect(card.content.body.some((e: any) => e.id === 'form')).toBe(true);
  });

  test('a check-in is answered with the personal card, and the shared card shows the participant at once, not after the update interval', async () => {
    // Updates are at most one per interval: with the longest interval allowed, a first answer held
    // back for the interval could not reach the card while waitFor waits. (That later answers wait
    // at most one interval is shown on the coalescer with a fake clock, in tests/unit/coalescer.test.ts.)
    await hw.stop();
    hw = await startHallway({ env: { CHECKIN_UPDATE_INTERVAL_MS: '60000' } });
    const { messageId, sessionId } = await startMeeting();
    const priya = participant(1);
    const res = await checkIn(sessionId, priya, { note: 'Coffee number two' });
    expect(res.status).toBe(200);
    expect(res.body.statusCode).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(texts(res.body.value)).toContain("You're checked in ☀️");
    expect(res.body.value.body.some((e: any) => e.id === 'form')).toBe(false);

    await hw.connector.waitFor(() => texts(hw.connector.latestCard(messageId)).includes(priya.name));
    // One update carried her answer: the first one after it.
    expect(hw.connector.updates(messageId)).toHaveLength(1);
    const shared = hw.connector.latestCard(messageId);
    expect(texts(shared)).toContain('1 person checked in');
    expect(texts(shared)).toContain('Coffee number two');
    expect(shared.refresh.userIds).toEqual([priya.id]);
  });

  test("the answer to a check-in is a complete JSON answer: its type and length say what it holds, and it reads as Teams' invoke answer", async () => {
    const { sessionId } = await startMeeting();
    const res = await checkIn(sessionId, participant(1), { note: 'Zoë says "hi" 🥳' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    // Sent whole with its length (not chunked): the note's emoji and quotes counted as bytes.
    expect(res.headers.get('content-length')).toBe(String(res.bytes));
    expect(res.headers.get('transfer-encoding')).toBeNull();
    expect(Object.keys(res.body)).toEqual(['statusCode', 'type', 'value']);
    expect(res.body.value.type).toBe('AdaptiveCard');
    expect(texts(res.body.value)).toContain('Zoë says "hi" 🥳');
  });

  test('when 200 participants answer at the same moment, the final card shows all 200 with far fewer updates', async () => {
    const { messageId, sessionId } = await startMeeting();
    const people = Array.from({ length: 200 }, (_, i) => participant(i + 1));
    const results = await Promise.all(people.map((p) => checkIn(sessionId, p, { note: `Hello from ${p.name}` })));
    expect(results.every((r) => r.status === 200 && r.body.statusCode === 200)).toBe(true);

    await hw.connector.waitFor(() => texts(hw.connector.latestCard(messageId)).includes('200 people checked in'), 8000);
    const card = hw.connector.latestCard(messageId);
    const listed = people.filter((p) => texts(card).includes(p.name));
    const more = texts(card).find((t) => t.startsWith('+'));
    expect(listed.length).toBeGreaterThan(20);
    expect(listed.length + Number(more?.match(/\+(\d+) more/)?.[1] ?? 0)).toBe(200);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(40 * 1024);
    expect(hw.connector.updates(messageId).length).toBeLessThan(20);
    // Above 60 respondents Teams would not refresh per user: the card offers a Refresh button.
    expect(card.refresh.userIds).toEqual([]);
    expect(JSON.stringify(card)).toContain('"title":"Refresh"');
  });

  test('an edit replaces the earlier answer: the last answer wins', async () => {
    const { messageId, sessionId } = await startMeeting();
    const priya = participant(1);
    await checkIn(sessionId, priya, { mood: 'low', note: 'Tired' });
    const edit = await hw.post(cardAction(hw.connector.url, { verb: VERBS.edit, from: priya, data: { sessionId } }));
    const form = edit.body.value.body.find((e: any) => e.id === 'form');
    expect(form.items.find((i: any) => i.id === 'mood').value).toBe('low');
    expect(form.items.find((i: any) => i.id === 'note').value).toBe('Tired');
    await checkIn(sessionId, priya, { mood: 'good', note: 'Better after lunch' });
    await hw.connector.waitFor(() => texts(hw.connector.latestCard(messageId)).includes('Better after lunch'));
    const card = hw.connector.latestCard(messageId);
    expect(texts(card)).toContain('1 person checked in');
    expect(texts(card)).not.toContain('Tired');
  });

  test('an answer shared as "only show that I checked in" is counted without name, mood or note', async () => {
    const { messageId, sessionId } = await startMeeting();
    const shy = participant(7);
    const res = await checkIn(sessionId, shy, { mood: 'rough', note: 'Private matter', visibility: 'private' });
    expect(texts(res.body.value)).toContain("You're checked in ⛈️");
    await hw.connector.waitFor(() => texts(hw.connector.latestCard(messageId)).includes('1 person checked in'));
    const card = JSON.stringify(hw.connector.latestCard(messageId));
    expect(card).not.toContain(shy.name);
    expect(card).not.toContain('Private matter');
    expect(card).not.toContain('⛈️ 1');
    expect(card).toContain('1 person only showed that they checked in');
  });

  test('a note with Markdown or HTML is shown as literal text, never as a link', async () => {
    const { messageId, sessionId } = await startMeeting();
    const note = '[win a prize](https://evil.example) <b>hi</b>';
    await checkIn(sessionId, participant(3), { note });
    await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(messageId) ?? {}).includes('evil.example'));
    expect(howTextAppears(hw.connector.latestCard(messageId), note, 'evil.example')).toEqual({
      literalRuns: 1,
      inMarkdown: false,
      inLinks: false,
    });
  });

  test('shared answers carry a Say hi link to a 1:1 chat with that person', async () => {
    const { messageId, sessionId } = await startMeeting();
    const priya = participant(1);
    hw.connector.addMember({ ...priya, userPrincipalName: 'priya.raman@contoso.example' });
    await checkIn(sessionId, priya);
    await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(messageId) ?? {}).includes('users=priya.raman'));
    expect(JSON.stringify(hw.connector.latestCard(messageId))).toContain('https://teams.microsoft.com/l/chat/0/0?users=priya.raman%40contoso.example');
  });

  test('skipping today is confirmed privately and counted as skipped', async () => {
    const { messageId, sessionId } = await startMeeting();
    const res = await hw.post(cardAction(hw.connector.url, { verb: VERBS.skip, from: participant(2), data: { sessionId } }));
    expect(texts(res.body.value)).toContain('You skipped today');
    await hw.connector.waitFor(() => texts(hw.connector.latestCard(messageId)).some((t) => t.includes('1 skipped')));
  });

  test('a refresh shows each person their own view: answered people see their answer, others the form', async () => {
    const { sessionId } = await startMeeting();
    await checkIn(sessionId, participant(1));
    const mine = await hw.post(cardAction(hw.connector.url, { verb: VERBS.refresh, from: participant(1), data: { sessionId }, trigger: 'automatic' }));
    expect(texts(mine.body.value)).toContain("You're checked in ☀️");
    const other = await hw.post(cardAction(hw.connector.url, { verb: VERBS.refresh, from: participant(2), data: { sessionId }, trigger: 'automatic' }));
    expect(other.body.value.body.some((e: any) => e.id === 'form')).toBe(true);
  });

  test('the meeting end closes the card and posts a summary; later answers are not taken', async () => {
    const { messageId, sessionId } = await startMeeting();
    await checkIn(sessionId, participant(1), { mood: 'good' });
    await checkIn(sessionId, participant(2), { mood: 'good' });
    const end = await hw.post(meetingEnd(hw.connector.url));
    expect(end.status).toBe(200);
    await hw.connector.waitFor(() => texts(hw.connector.latestCard(messageId)).includes('Closed'));
    const closed = hw.connector.latestCard(messageId);
    expect(closed.body.some((e: any) => e.id === 'form')).toBe(false);
    const summary = hw.connector.sends(MEETING_CHAT)[1]!.body.attachments[0].content;
    expect(texts(summary)).toContain('2 people checked in');
    expect(texts(summary)).toContain('🌤️ 2');

    const late = await checkIn(sessionId, participant(3));
    expect(late.status).toBe(200);
    expect(texts(late.body.value)).not.toContain("You're checked in ☀️");
    expect(texts(late.body.value).some((t) => t.includes('closed'))).toBe(true);
  });

  test('stopping the server sends the pending card update first, so the card is exact', async () => {
    const { messageId, sessionId } = await startMeeting();
    await checkIn(sessionId, participant(1));
    await hw.connector.waitFor(() => hw.connector.updates(messageId).length === 1);
    await checkIn(sessionId, participant(2)); // within the 2 s interval: waits for its turn
    await hw.app.stop();
    expect(texts(hw.connector.latestCard(messageId))).toContain('2 people checked in');
  });
});
