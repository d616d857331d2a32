import { VERBS } from '../../bot/cards/check-in-card';
import { botAddedToTeam, cardAction, participant, MEETING_CHAT, MEETING_ID, ORGANISER, TENANT_ID, type Participant } from '../fixtures/activities';
import { startHallway, type Harness } from '../fixtures/hallway';

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const priya = participant(1);
const outsider = participant(50);

let hw: Harness;
beforeEach(async () => {
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0' } });
  hw.connector.meetingRoles.set(ORGANISER.aadObjectId, 'Organizer');
  hw.connector.meetingRoles.set(priya.aadObjectId, 'Attendee');
  // Hallway added to the meeting: Teams tells the bot in the meeting chat.
  const added = botAddedToTeam(hw.connector.url);
  added.conversation = { isGroup: true, conversationType: 'groupChat', tenantId: TENANT_ID, id: MEETING_CHAT };
  added.channelData = { tenant: { id: TENANT_ID } };
  await hw.post(added);
});
afterEach(async () => {
  await hw.stop();
});

function call(who: Participant, path = '', init: { method?: string; body?: unknown } = {}) {
  const token = hw.issuer.token({ aud: CLIENT_ID, iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`, tid: TENANT_ID, oid: who.aadObjectId, name: who.name });
  return fetch(`${hw.url}/api/v1/meetings/${encodeURIComponent(MEETING_ID)}${path}?chat=${encodeURIComponent(MEETING_CHAT)}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const settings = { enabled: true, questionBank: 'custom', customQuestions: ['What are you reading?'], summaryAtEnd: false, defaultVisibility: 'private' };

describe('check-ins from the meeting side panel', () => {
  test('only the organiser changes the settings; the next check-in follows them', async () => {
    const view: any = await (await call(priya)).json();
    expect(view).toMatchObject({ organiser: false, settings: { enabled: true, questionBank: 'light' } });
    expect((await call(priya, '/settings', { method: 'PUT', body: settings })).status).toBe(403);
    const bad = await call(ORGANISER, '/settings', { method: 'PUT', body: { ...settings, customQuestions: [''], questionBank: 'spicy' } });
    expect(bad.status).toBe(400);
    expect((await call(ORGANISER, '/settings', { method: 'PUT', body: settings })).status).toBe(200);

    expect((await call(priya, '/check-in', { method: 'POST' })).status).toBe(201);
    const card = JSON.stringify(hw.connector.sends(MEETING_CHAT).at(-1)!.body);
    expect(card).toContain('What are you reading?');
    expect(card).toContain('"visibility","label":"Who sees your answer","style":"expanded","value":"private"');
  });

  test('Start check-in posts one card; pressed again it posts nothing more', async () => {
    expect((await call(priya, '/check-in', { method: 'POST' })).status).toBe(201);
    const again = await call(ORGANISER, '/check-in', { method: 'POST' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ started: false, alreadyOpen: true });
    expect(hw.connector.sends(MEETING_CHAT)).toHaveLength(2); // the welcome card and one check-in
  });

  test('the live check-ins show what the meeting sees, nothing of answers only counted', async () => {
    await call(priya, '/check-in', { method: 'POST' });
    const sessionId = hw.connector.sends(MEETING_CHAT).at(-1)!.body.attachments[0].content.refresh.action.data.sessionId;
    await hw.post(cardAction(hw.connector.url, { verb: VERBS.submit, from: priya, data: { sessionId, mood: 'great', note: 'Sunny day', visibility: 'shared' } }));
    await hw.post(cardAction(hw.connector.url, { verb: VERBS.submit, from: participant(2), data: { sessionId, mood: 'rough', note: 'Secret', visibility: 'private' } }));
    const view: any = await (await call(ORGANISER)).json();
    expect(view.checkIn).toMatchObject({ open: true, checkedIn: 2, onlyCounted: 1, shared: [{ name: priya.name, mood: '☀️', note: 'Sunny day' }] });
    expect(JSON.stringify(view)).not.toContain('Secret');
  });

  test('people not invited to the meeting are refused; a chat without Hallway is not found', async () => {
    expect((await call(outsider)).status).toBe(403);
    const token = hw.issuer.token({ aud: CLIENT_ID, iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`, tid: TENANT_ID, oid: priya.aadObjectId });
    const res = await fetch(`${hw.url}/api/v1/meetings/${MEETING_ID}?chat=19%3Aother%40thread.v2`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
  });
});
