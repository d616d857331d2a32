import { botAddedToTeam, message, meetingStart, MEETING_CHAT } from '../fixtures/activities';
import { startHallway, type Harness } from '../fixtures/hallway';

let hw: Harness;
beforeEach(async () => {
  hw = await startHallway();
});
afterEach(async () => {
  await hw.stop();
});

const cardText = (send: any) => JSON.stringify(send.body.attachments[0].content);

describe('commands and installation', () => {
  test('help shows what Hallway can do; anything else gets the same short help', async () => {
    await hw.post(message(hw.connector.url, '<at>Hallway</at> Help!'));
    await hw.post(message(hw.connector.url, 'what is the meaning of life'));
    const [help, unknown] = hw.connector.sends();
    expect(cardText(help)).toContain("Here's what I can do");
    expect(cardText(help)).toContain('check-in');
    expect(cardText(unknown)).toContain("I didn't catch that");
  });

  test('check-in typed in a chat starts one; typed again while it is open, it points to the open one', async () => {
    expect((await hw.post(message(hw.connector.url, 'check-in'))).status).toBe(200);
    expect((await hw.post(message(hw.connector.url, 'Check in'))).status).toBe(200);
    const [card, notice] = hw.connector.sends(MEETING_CHAT);
    expect(card!.body.attachments[0].content.body.some((e: any) => e.id === 'form')).toBe(true);
    expect(cardText(notice)).toContain('A check-in is already open here');
    expect(hw.connector.sends()).toHaveLength(2);
  });

  test('a meeting start after a manual check-in does not post a second card', async () => {
    await hw.post(message(hw.connector.url, 'check-in'));
    await hw.post(meetingStart(hw.connector.url));
    expect(hw.connector.sends(MEETING_CHAT)).toHaveLength(1);
  });

  test('check-in in a 1:1 chat explains where check-ins happen', async () => {
    await hw.post(message(hw.connector.url, 'check-in', { conversationType: 'personal', conversationId: 'a:personal-chat' }));
    expect(cardText(hw.connector.sends()[0])).toContain('Check-ins happen in meetings and group chats');
  });

  test('installing Hallway in a team posts one welcome card and remembers the team', async () => {
    await hw.post(botAddedToTeam(hw.connector.url));
    await hw.post(botAddedToTeam(hw.connector.url));
    const sends = hw.connector.sends();
    expect(sends).toHaveLength(1);
    expect(cardText(sends[0])).toContain("Hi, I'm Hallway");
    const installation = await hw.app.storage.installations.get('19:4b2f0c1d2e3f40a1b2c3d4e5f6a7b8c9@thread.tacv2');
    expect(installation?.teamName).toBe('Platform');
    expect((installation!.reference as any).serviceUrl).toBe(hw.connector.url);
  });

  test('when Teams throttles the post, the card still arrives after a retry', async () => {
    hw.connector.fail('post', 429, { times: 2, retryAfterSeconds: 0 });
    await hw.post(meetingStart(hw.connector.url));
    expect(hw.connector.failed).toHaveLength(2);
    expect(hw.connector.sends(MEETING_CHAT)).toHaveLength(1);
  });

  test('when the post fails for good, a retried start event posts the card', async () => {
    hw.connector.fail('post', 403, { times: 1 });
    await hw.post(meetingStart(hw.connector.url));
    expect(hw.connector.sends(MEETING_CHAT)).toHaveLength(0);
    await hw.post(meetingStart(hw.connector.url));
    expect(hw.connector.sends(MEETING_CHAT)).toHaveLength(1);
  });
});

describe('the command menu', () => {
  test('every command the app package lists is understood', async () => {
    const { COMMAND_LIST } = await import('../../bot/teams/command-list');
    for (const command of COMMAND_LIST) await hw.post(message(hw.connector.url, command.title));
    for (const reply of hw.connector.sends()) expect(cardText(reply)).not.toContain("I didn't catch that");
    expect(hw.connector.sends().length).toBeGreaterThanOrEqual(COMMAND_LIST.length);
  });
});
