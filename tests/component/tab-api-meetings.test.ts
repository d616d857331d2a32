import { VERBS } from '../../bot/cards/check-in-card';
import { RateLimiter } from '../../bot/teams/rate-limiter';
import { botAddedToTeam, cardAction, participant, MEETING_CHAT, MEETING_ID, ORGANISER, TENANT_ID, type Participant } from '../fixtures/activities';
import { ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const priya = participant(1);
const outsider = participant(50);

/** A second meeting of the same tenant, with its own chat and people. */
const OTHER_CHAT = '19:meeting_T3RoZXJNZWV0aW5nQ2hhdA@thread.v2';
const OTHER_MEETING = Buffer.from(`0#${OTHER_CHAT}#0`).toString('base64');
const otherOrganiser = participant(70);
const otherAttendee = { ...participant(71), name: 'Bea Private' };
/** A meeting chat where Hallway is installed for another tenant. */
const FOREIGN_TENANT = 'f00dcafe-0000-4000-8000-000000000000';
const FOREIGN_CHAT = '19:meeting_Rm9yZWlnbk1lZXRpbmc@thread.v2';

let hw: Harness;
let clock: ManualClock;

/** Teams tells the bot it was added to a meeting, in the meeting's chat. */
async function install(chatId: string, tenantId = TENANT_ID) {
  const added = botAddedToTeam(hw.connector.url);
  added.conversation = { isGroup: true, conversationType: 'groupChat', tenantId, id: chatId };
  added.channelData = { tenant: { id: tenantId } };
  await hw.post(added);
}

beforeEach(async () => {
  clock = new ManualClock(new Date());
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0' }, overrides: { clock } });
  hw.connector.setMeetingRole(MEETING_ID, ORGANISER.aadObjectId, 'Organizer');
  hw.connector.setMeetingRole(MEETING_ID, priya.aadObjectId, 'Attendee');
  hw.connector.setMeetingRole(OTHER_MEETING, otherOrganiser.aadObjectId, 'Organizer');
  hw.connector.setMeetingRole(OTHER_MEETING, otherAttendee.aadObjectId, 'Attendee');
  await install(MEETING_CHAT);
});
afterEach(async () => {
  jest.restoreAllMocks();
  await hw.stop();
});

function token(who: Participant, claims: Record<string, unknown> = {}) {
  return hw.issuer.token({
    aud: CLIENT_ID,
    iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
    tid: TENANT_ID,
    oid: who.aadObjectId,
    name: who.name,
    ...claims,
  });
}

/** A call from the meeting's side panel, signed in as `who`, for `meeting` as seen from `chat`. */
function call(who: Participant, path = '', init: { method?: string; body?: unknown; meeting?: string; chat?: string; token?: string } = {}) {
  const meeting = init.meeting ?? MEETING_ID;
  const chat = init.chat ?? MEETING_CHAT;
  return fetch(`${hw.url}/api/v1/meetings/${encodeURIComponent(meeting)}${path}?chat=${encodeURIComponent(chat)}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? token(who)}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const participantCalls = () => hw.connector.requests.filter((r) => r.kind === 'meeting-participant').length;

const settings = {
  enabled: true,
  questionBank: 'custom',
  customQuestions: ['What are you reading?'],
  summaryAtEnd: false,
  defaultVisibility: 'private',
};

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
    await hw.post(
      cardAction(hw.connector.url, {
        verb: VERBS.submit,
        from: priya,
        data: { sessionId, mood: 'great', note: 'Sunny day', visibility: 'shared' },
      }),
    );
    await hw.post(
      cardAction(hw.connector.url, {
        verb: VERBS.submit,
        from: participant(2),
        data: { sessionId, mood: 'rough', note: 'Secret', visibility: 'private' },
      }),
    );
    const view: any = await (await call(ORGANISER)).json();
    expect(view.checkIn).toMatchObject({
      open: true,
      checkedIn: 2,
      onlyCounted: 1,
      shared: [{ name: priya.name, mood: '☀️', note: 'Sunny day' }],
    });
    expect(JSON.stringify(view)).not.toContain('Secret');
  });

  test('people not invited to the meeting are refused; a chat without Hallway is not found', async () => {
    expect((await call(outsider)).status).toBe(403);
    const res = await call(priya, '', { chat: '19:other@thread.v2' });
    expect(res.status).toBe(404);
  });
});

describe("a meeting's people never reach another meeting's chat", () => {
  /** The other meeting with Hallway, its own settings, and a check-in where Bea shared a note. */
  async function otherMeetingWithACheckIn() {
    await install(OTHER_CHAT);
    const ownSettings = { ...settings, customQuestions: ['Only for the other meeting?'] };
    const options = { meeting: OTHER_MEETING, chat: OTHER_CHAT };
    expect((await call(otherOrganiser, '/settings', { method: 'PUT', body: ownSettings, ...options })).status).toBe(200);
    expect((await call(otherOrganiser, '/check-in', { method: 'POST', ...options })).status).toBe(201);
    const sessionId = hw.connector.sends(OTHER_CHAT).at(-1)!.body.attachments[0].content.refresh.action.data.sessionId;
    const answer = cardAction(hw.connector.url, {
      verb: VERBS.submit,
      from: otherAttendee,
      conversationId: OTHER_CHAT,
      data: { sessionId, mood: 'rough', note: 'Moving house, tired', visibility: 'shared' },
    });
    answer.channelData.meeting.id = OTHER_MEETING;
    await hw.post(answer);
    const seen: any = await (await call(otherOrganiser, '', options)).json();
    expect(seen.checkIn.shared).toEqual([{ name: otherAttendee.name, mood: expect.any(String), note: 'Moving house, tired' }]);
    return { ownSettings };
  }

  /** What "Hallway is not in this chat" looks like, to compare every refusal with. */
  async function notInstalledBody() {
    const res = await call(ORGANISER, '', { chat: '19:meeting_nowhere@thread.v2' });
    expect(res.status).toBe(404);
    return res.json();
  }

  test.each([
    ['the organiser', ORGANISER],
    ['an attendee', priya],
  ])("%s of one meeting, naming another meeting's chat, reads nothing of its check-ins", async (_who, who) => {
    await otherMeetingWithACheckIn();
    const expected = await notInstalledBody();
    const res = await call(who, '', { chat: OTHER_CHAT });
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual(expected);
    for (const secret of [otherAttendee.name, 'Moving house', 'rough', 'Only for the other meeting']) expect(body).not.toContain(secret);
  });

  test.each([
    ['the organiser', ORGANISER],
    ['an attendee', priya],
  ])("%s of one meeting cannot start a check-in in another meeting's chat", async (_who, who) => {
    await install(OTHER_CHAT);
    const posted = hw.connector.sends(OTHER_CHAT).length;
    const res = await call(who, '/check-in', { method: 'POST', chat: OTHER_CHAT });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(await notInstalledBody());
    expect(hw.connector.sends(OTHER_CHAT)).toHaveLength(posted);
    expect(await hw.app.storage.checkIns.findOpen(OTHER_CHAT)).toBeUndefined();
  });

  test("the organiser of one meeting changes no settings through another meeting's chat", async () => {
    const { ownSettings } = await otherMeetingWithACheckIn();
    const res = await call(ORGANISER, '/settings', { method: 'PUT', body: { ...settings, enabled: false }, chat: OTHER_CHAT });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(await notInstalledBody());
    expect(await hw.app.storage.meetingSettings.get(OTHER_MEETING)).toEqual(ownSettings);
    expect(await hw.app.storage.meetingSettings.get(MEETING_ID)).toBeUndefined();
  });

  test("the other meeting's organiser, naming this meeting's chat, reads nothing and posts nothing here", async () => {
    await otherMeetingWithACheckIn();
    await call(priya, '/check-in', { method: 'POST' });
    const posted = hw.connector.sends(MEETING_CHAT).length;
    expect((await call(otherOrganiser)).status).toBe(403);
    const options = { meeting: OTHER_MEETING, chat: MEETING_CHAT };
    expect((await call(otherOrganiser, '', options)).status).toBe(404);
    expect((await call(otherOrganiser, '/check-in', { method: 'POST', ...options })).status).toBe(404);
    expect(hw.connector.sends(MEETING_CHAT)).toHaveLength(posted);
  });

  test('a chat of another tenant answers like a chat without Hallway', async () => {
    await install(FOREIGN_CHAT, FOREIGN_TENANT);
    const res = await call(ORGANISER, '', { chat: FOREIGN_CHAT });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(await notInstalledBody());
  });
});

describe("Teams' answers for the side panel", () => {
  test('twenty panels of one person opening at once ask Teams once', async () => {
    const before = participantCalls();
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(priya)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(participantCalls() - before).toBe(1);
  });

  test('Teams is asked again after a minute; someone just invited gets in after ten seconds', async () => {
    expect((await call(priya)).status).toBe(200);
    expect((await call(outsider)).status).toBe(403);
    hw.connector.setMeetingRole(MEETING_ID, outsider.aadObjectId, 'Attendee');
    const asked = participantCalls();
    expect((await call(outsider)).status).toBe(403);
    clock.advance(10_000);
    expect((await call(outsider)).status).toBe(200);
    expect((await call(priya)).status).toBe(200);
    expect(participantCalls()).toBe(asked + 1);
    clock.advance(50_000);
    expect((await call(priya)).status).toBe(200);
    expect(participantCalls()).toBe(asked + 2);
  });

  test("the participant lookup waits for its turn under the tenant's pace like every call to Teams", async () => {
    const acquire = jest.spyOn(RateLimiter.prototype, 'acquire');
    expect((await call(priya)).status).toBe(200);
    expect(participantCalls()).toBe(1);
    expect(acquire).toHaveBeenCalledWith(TENANT_ID, undefined);
  });

  test('Teams failing is a 503 that says to try again, and the failure is not remembered', async () => {
    hw.connector.fail('meeting-participant', 400); // a failure nobody retries
    const res = await call(priya);
    expect(res.status).toBe(503);
    expect(JSON.stringify(await res.json())).not.toMatch(/injected|400/i);
    expect((await call(priya)).status).toBe(200);
  });
});

describe('signing in to the side panel', () => {
  test('a sign-in token without the access_as_user scope is refused', async () => {
    const res = await call(priya, '', { token: token(priya, { scp: 'User.Read' }) });
    expect(res.status).toBe(401);
    expect(participantCalls()).toBe(0);
  });

  test('a sign-in token issued to an app other than Teams is refused', async () => {
    const res = await call(priya, '', { token: token(priya, { azp: 'a0a0a0a0-0000-4000-8000-000000000bad' }) });
    expect(res.status).toBe(401);
    expect(participantCalls()).toBe(0);
  });
});
