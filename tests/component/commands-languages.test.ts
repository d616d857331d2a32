import { PRIVACY_VERBS } from '../../bot/cards/verbs';
import { questionIn } from '../../bot/i18n/check-in';
import { commonText } from '../../bot/i18n/common';
import { COMMAND_WORDS } from '../../bot/teams/command-words';
import { botAddedToTeam, cardAction, MEETING_CHAT, message } from '../fixtures/activities';
import { startHallway, type Harness } from '../fixtures/hallway';
import { readableTexts } from '../fixtures/cards';

/*
 * Commands and Hallway's shared cards through the real server, in each language: a person's reply
 * is in their Teams language (the activity's locale), the welcome in the installer's.
 */
let hw: Harness;
beforeEach(async () => {
  hw = await startHallway();
});
afterEach(async () => {
  await hw.stop();
});

type Tag = 'en-US' | 'de-DE' | 'fr-FR' | 'es-ES' | 'ja-JP';
const TAGS: Tag[] = ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'];
const languageOf = (tag: Tag) => tag.slice(0, 2) as 'en' | 'de' | 'fr' | 'es' | 'ja';

/** A message typed by someone whose Teams is in `tag`. */
const typedIn = (tag: Tag, text: string, overrides: Parameters<typeof message>[2] = {}) => ({ ...message(hw.connector.url, text, overrides), locale: tag });

const lastCard = () => hw.connector.sends().at(-1)!.body.attachments[0].content;

describe.each(TAGS)('in %s', (tag) => {
  const locale = languageOf(tag);
  const t = commonText.in(locale);
  const english = commonText.in('en');

  test('help answers in that language, naming the commands in its words', async () => {
    const help = locale === 'en' ? 'help' : COMMAND_WORDS[locale].help[0];
    await hw.post(typedIn(tag, `<at>Hallway</at> ${help}`));
    const shown = readableTexts(lastCard());
    expect(shown[0]).toBe(t('common.help.title'));
    expect(shown).toContain(t('common.help.forgetMe'));
    const join = locale === 'en' ? 'coffee join' : COMMAND_WORDS[locale]['coffee join'][0];
    expect(shown).toContain(join);
    if (locale !== 'en') {
      expect(shown).not.toContain(english('common.help.title'));
      expect(shown).not.toContain('coffee join');
    }
  });

  test('the English command works too, and answers in the same language', async () => {
    await hw.post(typedIn(tag, 'help'));
    expect(readableTexts(lastCard())[0]).toBe(t('common.help.title'));
  });

  test('forget me asks in that language; Cancel answers in it and deletes nothing', async () => {
    const forget = locale === 'en' ? 'forget me' : COMMAND_WORDS[locale]['forget me'][0];
    const chat = { conversationType: 'personal', conversationId: 'a:personal-chat' };
    await hw.post(typedIn(tag, forget, chat));
    const confirm = readableTexts(lastCard());
    expect(confirm).toEqual(expect.arrayContaining([t('common.forget.confirmTitle'), t('common.forget.yes'), t('common.forget.cancel')]));
    const cancel = await hw.post({
      ...cardAction(hw.connector.url, { verb: PRIVACY_VERBS.forget, data: { confirm: 'no' }, conversationId: chat.conversationId }),
      locale: tag,
    });
    expect(readableTexts(cancel.body.value)[0]).toBe(t('common.forget.nothingTitle'));
  });

  test('a button Hallway does not know gets the friendly answer in that language', async () => {
    const res = await hw.post({ ...cardAction(hw.connector.url, { verb: 'no.such.verb', data: {} }), locale: tag });
    expect(readableTexts(res.body.value)[0]).toBe(t('common.action.unknownTitle'));
  });

  test('installed by someone in that language, the welcome is in it', async () => {
    await hw.post({ ...botAddedToTeam(hw.connector.url), locale: tag });
    const welcome = readableTexts(lastCard());
    expect(welcome[0]).toBe(t('common.welcome.title'));
    expect(welcome).toContain(t('common.welcome.privacy'));
  });
});

describe('a German speaker', () => {
  test('who types something Hallway does not know gets the German help', async () => {
    await hw.post(typedIn('de-DE', 'was ist der Sinn des Lebens'));
    const shown = readableTexts(lastCard());
    expect(shown[0]).toBe('Das habe ich nicht verstanden. Das kann ich für dich tun');
    expect(shown).toContain('kaffee beitreten');
    expect(shown).toContain('Mach beim zufälligen Kaffee-Matching dieses Teams mit.');
    expect(JSON.stringify(lastCard())).not.toContain("I didn't catch that");
  });

  test('who types check-in in a 1:1 chat is told in German where check-ins happen, with the German command', async () => {
    await hw.post(typedIn('de-DE', 'einchecken', { conversationType: 'personal', conversationId: 'a:personal-chat' }));
    expect(readableTexts(lastCard())).toEqual([
      'Check-ins gibt es in Meetings und Gruppenchats',
      'Füg mich zu einem Meeting oder Gruppenchat hinzu und schreib dort einchecken (in einem Kanal: @Hallway einchecken).',
    ]);
  });

  test('who types einchecken where a check-in is open is pointed to it in German, its question in German', async () => {
    await hw.post(message(hw.connector.url, 'check-in'));
    const session = (await hw.app.storage.checkIns.findOpen(MEETING_CHAT))!;
    await hw.post(typedIn('de-DE', 'einchecken'));
    const notice = lastCard();
    expect(readableTexts(notice)[0]).toBe('Hier läuft schon ein Check-in');
    const question = questionIn('de', session);
    expect(question).not.toBe(questionIn('en', session));
    expect(notice.body[1].inlines).toEqual([
      { type: 'TextRun', text: 'Scroll nach oben zur Karte mit der Frage ' },
      { type: 'TextRun', text: question, weight: 'Bolder' },
      { type: 'TextRun', text: ', um zu antworten.' },
    ]);
  });

  test('whose Teams language Hallway does not speak gets English', async () => {
    await hw.post(typedIn('pt-BR' as Tag, 'ajuda'));
    expect(readableTexts(lastCard())[0]).toBe("I didn't catch that. Here's what I can do");
  });
});
