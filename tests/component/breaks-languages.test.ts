import { BREAK_VERBS } from '../../bot/cards/verbs';
import { createBreak } from '../../bot/domain/breaks/breaks';
import type { Locale } from '../../bot/domain/language';
import { breaksText } from '../../bot/i18n/breaks';
import { formatDate } from '../../bot/i18n/dates';
import { matchLocale, type UiLocale } from '../../bot/i18n/locales';
import { botAddedToTeam, cardAction, channelMessage, participant, ORGANISER, TEAM_ID, type Participant } from '../fixtures/activities';
import { cardProblems, readableTexts } from '../fixtures/cards';
import { ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';

/*
 * Team coffee breaks in each language Hallway speaks: the reminder in the channel is in the team's
 * language whoever presses its buttons; what a person gets back from a press (their own view of
 * the card, with any error) and the breaks command's answer are in theirs.
 */

const LOCALES = ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'] as const;
const DATE = '2026-10-21';
const ana = participant(1);

let hw: Harness;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(new Date('2026-10-19T08:00:00Z'));
  hw = await startHallway({ env: { JOBS_INTERVAL_MS: '0' }, overrides: { clock } });
  await hw.post(botAddedToTeam(hw.connector.url));
  await hw.post(channelMessage(hw.connector.url, 'coffee', ORGANISER)); // sets up the team's programme
});
afterEach(async () => {
  const sent = hw.connector.requests.flatMap((r) => r.body?.attachments ?? []).map((a: any) => a.content);
  for (const card of sent) expect(cardProblems(card)).toEqual([]);
  await hw.stop();
});

/** Every text a person reads on a card, one per line. */
const textOf = (card: unknown): string => readableTexts(card).join('\n');

const uiLocale = (tag: string): UiLocale => matchLocale(tag) ?? 'en';

async function teamSpeaks(language: Locale | undefined) {
  const programme = (await hw.app.storage.programmes.get(TEAM_ID))!;
  await hw.app.storage.programmes.updateSettings(TEAM_ID, { ...programme.settings, language }, programme.nextRoundAt);
}

/** Wednesdays at 15:00 in Berlin; the reminder of 21 October goes out at 14:50 (12:50 UTC). */
async function wednesdayBreakReminded() {
  const installation = await hw.app.storage.installations.get(TEAM_ID);
  const result = await createBreak(
    { breaks: hw.app.storage.breaks, programmes: hw.app.storage.programmes, clock, newId: () => `break-${Math.random().toString(36).slice(2)}` },
    {
      programmeId: TEAM_ID,
      person: { userId: ORGANISER.id, aadObjectId: ORGANISER.aadObjectId, name: ORGANISER.name },
      channelReference: installation!.reference,
      fields: { title: 'Mittwochskaffee', weekdays: [3], time: '15:00', timeZone: 'Europe/Berlin', durationMinutes: 30, reminderMinutes: 10 },
    },
  );
  if (result.kind !== 'saved') throw new Error(result.kind);
  clock.set(new Date('2026-10-21T12:50:00Z'));
  await hw.app.scheduler.tick();
  const posted = hw.connector.sends(TEAM_ID).at(-1)!;
  return { breakId: result.break.id, messageId: posted.activityId!, card: textOf(posted.body.attachments[0].content) };
}

/** A press on the reminder card, by a person whose Teams speaks `tag`; their own view of the card back. */
async function press(tag: string, verb: string, data: Record<string, unknown>, from: Participant = ana): Promise<string> {
  const activity = cardAction(hw.connector.url, { verb, from, data, conversationId: TEAM_ID });
  activity.locale = tag;
  const res = await hw.post(activity);
  expect(res.body.statusCode).toBe(200);
  return textOf(res.body.value);
}

const shared = (messageId: string) => textOf(hw.connector.latestCard(messageId));

describe('team coffee breaks in each language', () => {
  test.each(LOCALES)('in %s: the reminder, I’m in, a topic, a topic refused and the breaks command read in that language', async (tag) => {
    const locale = uiLocale(tag);
    const t = breaksText.in(locale);
    // English is the installer's language here: unset, the team speaks it.
    await teamSpeaks(locale === 'en' ? undefined : (locale as Locale));
    const { breakId, messageId, card } = await wednesdayBreakReminded();
    const starts = new Date('2026-10-21T13:00:00Z');
    expect(card).toContain(t('breaks.card.label'));
    expect(card).toContain(t('breaks.card.noAgenda'));
    expect(card).toContain(formatDate(locale, starts, 'Europe/Berlin', 'day'));
    expect(card).toContain(t('breaks.card.nobodyYet'));
    expect(card).toContain(t('breaks.card.in'));
    expect(card).toContain(t('breaks.card.topicPlaceholder', { max: 200 }));
    if (locale !== 'en') {
      expect(card).not.toContain('No agenda');
      expect(card).not.toContain("Can't make it");
    }

    const mine = await press(tag, BREAK_VERBS.rsvp, { breakId, date: DATE, answer: 'in' });
    expect(mine).toContain(t('breaks.card.coming', { n: 1 }));
    expect(mine).toContain(ana.name);
    await hw.connector.waitFor(() => shared(messageId).includes(t('breaks.card.coming', { n: 1 })));

    const withTopic = await press(tag, BREAK_VERBS.topic, { breakId, date: DATE, topic: 'Pflanzen im Büro' });
    expect(withTopic).toContain(t('breaks.card.topics'));
    expect(withTopic).toContain('Pflanzen im Büro');
    expect(await press(tag, BREAK_VERBS.topic, { breakId, date: DATE, topic: '' })).toContain(t('breaks.error.emptyTopic'));
    const tooLong = await press(tag, BREAK_VERBS.topic, { breakId, date: DATE, topic: 'x'.repeat(201) });
    expect(tooLong).toContain(t('breaks.error.topicTooLong', { length: 201, max: 200 }));

    const listed = channelMessage(hw.connector.url, 'breaks', ana);
    listed.locale = tag;
    await hw.post(listed);
    const reply = textOf(hw.connector.sends(TEAM_ID).at(-1)!.body.attachments[0].content);
    expect(reply).toContain(t('breaks.list.title'));
    expect(reply).toContain(formatDate(locale, starts, 'Europe/Berlin', 'time'));
  });

  test('in an English team, a German member’s own view is German and the card everyone sees stays English', async () => {
    const { breakId, messageId } = await wednesdayBreakReminded();
    const mine = await press('de-DE', BREAK_VERBS.rsvp, { breakId, date: DATE, answer: 'out' });
    expect(mine).toContain(breaksText.format('de', 'breaks.card.notComing', { n: 1 }));
    expect(mine).toContain(breaksText.format('de', 'breaks.card.label'));
    await hw.connector.waitFor(() => hw.connector.updates(messageId).length > 0);
    expect(shared(messageId)).toContain(breaksText.format('en', 'breaks.card.notComing', { n: 1 }));
    expect(shared(messageId)).toContain('Coffee break');
    expect(shared(messageId)).not.toContain(breaksText.format('de', 'breaks.card.label'));
  });

  test('a team that chose Japanese gets its reminder in Japanese, whoever installed Hallway', async () => {
    await teamSpeaks('ja');
    const { card } = await wednesdayBreakReminded();
    expect(card).toContain('コーヒーブレイク');
    expect(card).toContain(formatDate('ja', new Date('2026-10-21T13:00:00Z'), 'Europe/Berlin', 'day'));
    expect(card).not.toContain('Coffee break');
  });
});
