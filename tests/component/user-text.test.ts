import { VERBS } from '../../bot/cards/check-in-card';
import { DEFAULT_MEETING_SETTINGS } from '../../bot/domain/check-in/model';
import {
  botAddedToTeam,
  cardAction,
  channelMessage,
  meetingStart,
  message,
  participant,
  MEETING_CHAT,
  MEETING_ID,
  ORGANISER,
  TEAM_ID,
  type Participant,
} from '../fixtures/activities';
import { cardProblems, wherePlaced } from '../fixtures/cards';
import { startHallway, type Harness } from '../fixtures/hallway';

/** Markdown, HTML and a link: what a display name, a team name or a meeting title could hold. */
const hostile = (what: string) => `**${what}** [x](https://evil.example) <a href="https://evil.example">y</a> _i_ # h`;

let hw: Harness;
beforeEach(async () => {
  hw = await startHallway({ env: { JOBS_INTERVAL_MS: '0' } });
});
afterEach(async () => {
  await hw.stop();
});

/** Text as typed, outside the literal places: a Markdown link or an HTML tag (inside a URL it is percent-encoded). */
const asTyped = (text: string) => text.includes('](https://evil.example)') || text.includes('<a href=');

/** Every card Hallway sent or answered with, each checked: valid, and hostile text only in literal places. */
function expectLiteral(cards: unknown[]) {
  expect(cards.length).toBeGreaterThan(0);
  for (const card of cards) {
    expect(cardProblems(card as { version?: string })).toEqual([]);
    expect(wherePlaced(card).elsewhere.filter((w) => asTyped(w.text))).toEqual([]);
  }
}
const sentCards = () => hw.connector.requests.flatMap((r) => r.body?.attachments ?? []).map((a: any) => a.content);
const literalText = (cards: unknown[]) => cards.flatMap((c) => wherePlaced(c).literal);

describe('names and titles people wrote are shown as typed on every card', () => {
  test('a team, its members and their coffee: the match, the captain, the status and "already in" never render Markdown', async () => {
    const teamName = hostile('Team');
    const installed = botAddedToTeam(hw.connector.url);
    installed.channelData.team.name = teamName;
    const people: Participant[] = [0, 1, 2, 3].map((i) => ({ ...participant(i + 1), name: hostile(`Person ${i + 1}`) }));
    for (const p of [ORGANISER, ...people]) hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
    await hw.post(installed);
    const say = (text: string, from: Participant) => {
      const activity = channelMessage(hw.connector.url, text, from);
      activity.channelData.team.name = teamName;
      return hw.post(activity);
    };
    for (const p of people) await say('coffee join', p);
    await say('coffee join', people[0]!);
    await say('coffee pair now', ORGANISER);
    await say('coffee', people[0]!);

    const cards = sentCards();
    expectLiteral(cards);
    const shown = literalText(cards);
    expect(shown).toContain(teamName); // "You're in <team>'s coffee pairing", and the status card
    for (const p of people) expect(shown).toContain(p.name); // partners and captains on the match cards
    expect(JSON.stringify(hw.connector.sends(TEAM_ID).at(-1))).toContain('Virtual coffee');
  });

  test('a meeting: its title, its custom question, a display name and a note never render Markdown, and "check-in" again quotes the question as typed', async () => {
    const title = hostile('Meeting');
    const question = hostile('Question');
    await hw.app.storage.meetingSettings.put(MEETING_ID, {
      ...DEFAULT_MEETING_SETTINGS,
      questionBank: 'custom',
      customQuestions: [question],
    });
    await hw.post(meetingStart(hw.connector.url, { title }));
    const [posted] = hw.connector.sends(MEETING_CHAT);
    const messageId = posted!.activityId!;
    const sessionId = posted!.body.attachments[0].content.refresh.action.data.sessionId;
    const who = { ...participant(1), name: hostile('Priya') };
    const answered = await hw.post(
      cardAction(hw.connector.url, {
        verb: VERBS.submit,
        from: who,
        data: { sessionId, mood: 'good', visibility: 'shared', note: hostile('note') },
      }),
    );
    await hw.post(message(hw.connector.url, 'check-in'));
    await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(messageId) ?? {}).includes('Priya'));

    const cards = [...sentCards(), answered.body.value];
    expectLiteral(cards);
    const shown = literalText(cards);
    for (const text of [title, question, who.name, hostile('note')]) expect(shown).toContain(text);
    // The notice for the second "check-in" quotes the question in a run of its own.
    const notice = hw.connector.sends(MEETING_CHAT).at(-1)!.body.attachments[0].content;
    expect(wherePlaced(notice).literal).toEqual(['Scroll up to the card asking ', question, ' to answer it.']);
  });
});
