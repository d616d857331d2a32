import { VERBS } from '../../bot/cards/check-in-card';
import { DEFAULT_MEETING_SETTINGS } from '../../bot/domain/check-in/model';
import { checkInText, type CheckInMessageId } from '../../bot/i18n/check-in';
import type { Locale } from '../../bot/i18n/locales';
import {
  botAddedToTeam,
  cardAction,
  meetingEnd,
  meetingStart,
  participant,
  MEETING_CHAT,
  MEETING_ID,
  ORGANISER,
  TENANT_ID,
  type Participant,
} from '../fixtures/activities';
import { cardProblems, texts } from '../fixtures/cards';
import { startHallway, type Harness } from '../fixtures/hallway';

/*
 * The check-in in each language, through the real server: the shared card in the meeting's
 * language (chosen in its settings, else the installer's), each person's own view in theirs.
 */

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
let hw: Harness;

beforeEach(async () => {
  // The first question of the bank is drawn, so the test knows which one to look for.
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0' }, overrides: { random: () => 0 } });
});
afterEach(async () => {
  // Every card Hallway sent or answered with, in whichever language, is a valid card.
  const sent = hw.connector.requests.flatMap((r) => r.body?.attachments ?? []).map((a: any) => a.content);
  for (const card of [...sent, ...answered]) expect(cardProblems(card)).toEqual([]);
  answered.length = 0;
  await hw.stop();
});

const answered: any[] = [];
const say = (locale: Locale, id: CheckInMessageId, values?: Record<string, string | number>) => checkInText.format(locale, id, values);

/** Hallway is added to the meeting's chat by someone whose Teams speaks `locale`. */
async function install(locale: string) {
  const added = botAddedToTeam(hw.connector.url);
  added.conversation = { isGroup: true, conversationType: 'groupChat', tenantId: TENANT_ID, id: MEETING_CHAT };
  added.channelData = { tenant: { id: TENANT_ID } };
  added.locale = locale;
  expect((await hw.post(added)).status).toBe(200);
}

async function startMeeting(): Promise<{ messageId: string; sessionId: string; card: any }> {
  expect((await hw.post(meetingStart(hw.connector.url))).status).toBe(200);
  const posted = hw.connector.sends(MEETING_CHAT).at(-1)!;
  const card = posted.body.attachments[0].content;
  return { messageId: posted.activityId!, sessionId: card.refresh.action.data.sessionId, card };
}

/** A card button pressed by `who`, whose Teams speaks `locale`; the card Hallway answers with. */
async function press(verb: string, who: Participant, locale: string, data: Record<string, unknown>): Promise<any> {
  const activity = cardAction(hw.connector.url, { verb, from: who, data });
  activity.locale = locale;
  const res = await hw.post(activity);
  expect(res.status).toBe(200);
  answered.push(res.body.value);
  return res.body.value;
}

async function sharedCard(messageId: string): Promise<string[]> {
  await hw.app.flushCardUpdates();
  return texts(hw.connector.latestCard(messageId));
}

/** Every text and choice title of a card, labels and placeholders too. */
function words(card: any): string {
  return JSON.stringify(card);
}

describe('whose language', () => {
  test('a German speaker answering in an English meeting gets their own card in German; the shared card stays English', async () => {
    await install('en-US');
    const { messageId, sessionId } = await startMeeting();
    const greta = { ...participant(1), name: 'Greta Weber' };

    const mine = texts(await press(VERBS.submit, greta, 'de-DE', { sessionId, mood: 'great', visibility: 'shared' }));
    expect(mine).toContain('Du bist eingecheckt ☀️');
    expect(mine).toContain('1 Person hat eingecheckt');
    expect(mine).toContain('Mit welcher Stimmung startest du heute?');
    expect(mine).not.toContain("You're checked in ☀️");

    const shared = await sharedCard(messageId);
    expect(shared).toContain('1 person checked in');
    expect(shared).toContain('How are you arriving today?');
    expect(shared).toContain('Greta Weber');
    expect(shared).not.toContain('1 Person hat eingecheckt');
    expect(words(hw.connector.latestCard(messageId))).not.toContain('Einchecken');
  });

  test('a meeting set to Japanese shows the shared card in Japanese, while an English speaker sees their own view in English', async () => {
    await install('en-US');
    await hw.app.storage.meetingSettings.put(MEETING_ID, { ...DEFAULT_MEETING_SETTINGS, language: 'ja' });
    const { messageId, sessionId, card } = await startMeeting();
    expect(texts(card)).toContain('今日はどんな気分でスタートしていますか？');
    expect(texts(card)).toContain('まだ誰もチェックインしていません');

    const mine = texts(await press(VERBS.submit, ORGANISER, 'en-US', { sessionId, mood: 'good', visibility: 'shared' }));
    expect(mine).toContain("You're checked in 🌤️");
    expect(mine).toContain('How are you arriving today?');

    // The English speaker's click redraws the shared card: it stays Japanese.
    const shared = await sharedCard(messageId);
    expect(shared).toContain('1人がチェックインしました');
    expect(shared).not.toContain('1 person checked in');
  });

  test('until a language is chosen, the shared card is in the language of whoever installed Hallway in the chat', async () => {
    await install('fr-FR');
    const { card } = await startMeeting();
    expect(texts(card)).toContain("Dans quel état d'esprit arrivez-vous aujourd'hui\u00a0?");
    expect(texts(card)).toContain("Personne n'a encore répondu");
  });

  test('a button of a check-in that is gone says so in the presser’s language', async () => {
    const gone = texts(await press(VERBS.refresh, participant(2), 'es-ES', { sessionId: 'no-such-check-in' }));
    expect(gone).toContain('Este check-in ya no está disponible');
  });
});

describe.each<[string, Locale]>([
  ['en-US', 'en'],
  ['de-DE', 'de'],
  ['fr-FR', 'fr'],
  ['es-ES', 'es'],
  ['ja-JP', 'ja'],
])('the check-in in %s, from start to summary', (tag, locale) => {
  test('start, answer, edit, skip and close all read in the language', async () => {
    await install('en-US');
    await hw.app.storage.meetingSettings.put(MEETING_ID, { ...DEFAULT_MEETING_SETTINGS, language: locale });
    const [ana, ben] = [participant(1), participant(2)];

    // Start: the question and the form in the meeting's language.
    const { messageId, sessionId, card } = await startMeeting();
    expect(texts(card)).toContain(say(locale, 'checkIn.question.light-01'));
    expect(texts(card)).toContain(say(locale, 'checkIn.board.nobody'));
    expect(words(card)).toContain(say(locale, 'checkIn.form.moodLabel'));
    expect(words(card)).toContain(say(locale, 'checkIn.form.submit'));
    expect(words(card)).toContain(`☀️ ${say(locale, 'checkIn.mood.great')}`);

    // Answer: the person's own view.
    const mine = texts(await press(VERBS.submit, ana, tag, { sessionId, mood: 'great', note: 'Sunny', visibility: 'shared' }));
    expect(mine).toContain(say(locale, 'checkIn.mine.checkedIn', { emoji: '☀️' }));
    expect(mine).toContain(say(locale, 'checkIn.mine.shared'));

    // Without a mood: the form again, with what is wrong.
    const noMood = texts(await press(VERBS.submit, ana, tag, { sessionId, visibility: 'shared' }));
    expect(noMood).toContain(say(locale, 'checkIn.form.pickMood'));

    // Edit: the form, filled in, with its words.
    const form = await press(VERBS.edit, ana, tag, { sessionId });
    expect(words(form)).toContain(say(locale, 'checkIn.form.noteLabel'));
    expect(words(form)).toContain(say(locale, 'checkIn.form.visibilityShared'));

    // Skip: someone else skips today.
    const skipped = texts(await press(VERBS.skip, ben, tag, { sessionId }));
    expect(skipped).toContain(say(locale, 'checkIn.mine.skipped'));

    const count = say(locale, 'checkIn.board.checkedIn', { n: 1 });
    expect(await sharedCard(messageId)).toContain(say(locale, 'checkIn.board.withSkipped', { count, n: 1 }));

    // Close: the shared card says it has closed, and the summary is in the language too.
    expect((await hw.post(meetingEnd(hw.connector.url))).status).toBe(200);
    expect(await sharedCard(messageId)).toContain(say(locale, 'checkIn.closed'));
    const summary = texts(hw.connector.sends(MEETING_CHAT).at(-1)!.body.attachments[0].content);
    expect(summary).toContain(say(locale, 'checkIn.summary.title'));
    expect(summary).toContain(say(locale, 'checkIn.summary.closing'));

    if (locale !== 'en') {
      // Translated, not English: none of the English words of the flow are left.
      const everything = [card, ...answered, hw.connector.latestCard(messageId)].map(words).join('\n');
      for (const english of ['Nobody has checked in yet', "You're checked in", 'How are you arriving today?', 'Skip today', 'Check-in summary']) {
        expect([english, everything.includes(english)]).toEqual([english, false]);
      }
    }
  });
});

describe('the meeting settings API', () => {
  function token(who: Participant) {
    return hw.issuer.token({
      aud: CLIENT_ID,
      iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      tid: TENANT_ID,
      oid: who.aadObjectId,
      name: who.name,
    });
  }
  function put(body: unknown) {
    return fetch(`${hw.url}/api/v1/meetings/${encodeURIComponent(MEETING_ID)}/settings?chat=${encodeURIComponent(MEETING_CHAT)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token(ORGANISER)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }
  const settings = { enabled: true, questionBank: 'light', customQuestions: [], summaryAtEnd: true, defaultVisibility: 'shared' };

  beforeEach(async () => {
    hw.connector.setMeetingRole(MEETING_ID, ORGANISER.aadObjectId, 'Organizer');
    await install('en-US');
  });

  test('refuses a language Hallway does not speak with a 400 naming the field', async () => {
    const res = await put({ ...settings, language: 'xx' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('language');
  });

  test('keeps the language chosen and gives it back; the next check-in is posted in it', async () => {
    const res = await put({ ...settings, language: 'es' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ settings: { language: 'es' } });
    const view: any = await (
      await fetch(`${hw.url}/api/v1/meetings/${encodeURIComponent(MEETING_ID)}?chat=${encodeURIComponent(MEETING_CHAT)}`, {
        headers: { authorization: `Bearer ${token(ORGANISER)}` },
      })
    ).json();
    expect(view.settings.language).toBe('es');
    const { card } = await startMeeting();
    expect(texts(card)).toContain('¿Con qué ánimo llegas hoy?');
  });

  test('the preview is drawn in the language chosen', async () => {
    const res = await fetch(`${hw.url}/api/v1/check-in/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token(ORGANISER)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...settings, language: 'de' }),
    });
    expect(res.status).toBe(200);
    const { card }: any = await res.json();
    expect(texts(card)).toContain('Mit welcher Stimmung startest du heute?');
    expect(words(card)).toContain('Einchecken');
  });
});
