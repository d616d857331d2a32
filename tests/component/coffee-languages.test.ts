import { coffeeWords } from '../../bot/cards/coffee-cards';
import { COFFEE_VERBS } from '../../bot/cards/verbs';
import { coffeeText } from '../../bot/i18n/coffee';
import { formatDate } from '../../bot/i18n/dates';
import { matchLocale, type UiLocale } from '../../bot/i18n/locales';
import { BOT_ID, botAddedToTeam, cardAction, channelMessage, participant, ORGANISER, TEAM_ID, TENANT_ID, type Participant } from '../fixtures/activities';
import { cardProblems, readableTexts } from '../fixtures/cards';
import { DAY, ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';

/*
 * Virtual coffee in each language Hallway speaks: what a person reads after typing a coffee
 * command or pressing a button is in their Teams language; the pairing and "Did you meet?" that
 * Hallway sends them on its own are in their language as last seen, else the team's.
 */

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const LOCALES = ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'] as const;
const ana = participant(1);
const bo = participant(2);

let hw: Harness;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(new Date('2026-10-20T08:00:00Z'));
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0' }, overrides: { clock } });
  for (const p of [ORGANISER, ana, bo]) hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
  await hw.post(botAddedToTeam(hw.connector.url));
});
afterEach(async () => {
  const sent = hw.connector.requests.flatMap((r) => r.body?.attachments ?? []).map((a: any) => a.content);
  for (const card of sent) expect(cardProblems(card)).toEqual([]);
  await hw.stop();
});

/** Every text a person reads on a card, one per line. */
const textOf = (card: unknown): string => readableTexts(card).join('\n');

/** A message in the team's channel, from a person whose Teams speaks `locale` (none: Teams did not say). */
async function say(text: string, from: Participant, locale?: string): Promise<string> {
  const activity = channelMessage(hw.connector.url, text, from);
  if (locale) activity.locale = locale;
  expect((await hw.post(activity)).status).toBe(200);
  return textOf(hw.connector.sends(TEAM_ID).at(-1)?.body.attachments[0].content);
}

/** What a person received in their 1:1 chat with Hallway, each card's text. */
const personal = (p: Participant) => hw.connector.personalMessages(p.id).map((m) => textOf(m.body.attachments[0].content));

const uiLocale = (tag: string): UiLocale => matchLocale(tag) ?? 'en';

describe('virtual coffee in each language', () => {
  test.each(LOCALES)('in %s: joining, the pairing, "Did you meet?", pause, resume and leave all read in that language', async (tag) => {
    const locale = uiLocale(tag);
    const t = coffeeWords(locale);
    const joined = await say('coffee join', ana, tag);
    expect(joined).toContain(t('coffee.join.done.title'));
    expect(joined).toContain(t('coffee.join.done.how'));
    // The commands it mentions are named as a person of that language types them.
    if (locale === 'de') expect(joined).toContain('kaffee pausieren 2');
    await say('coffee join', bo, tag);
    expect(await say('coffee pair now', ORGANISER, tag)).toContain(t('coffee.pairNow.started.title', { seq: 1 }));

    // The pairing, sent by Hallway on its own, in the language each of them last used.
    const [match] = personal(ana);
    expect(match).toContain(t('coffee.match.headline', { names: bo.name }));
    expect(match).toContain(t('coffee.match.reason.first'));
    expect(match).toContain(t('coffee.match.starterLabel'));
    expect(match).toContain(t('coffee.match.pauseWeeks', { weeks: 2 }));
    expect(match).toContain(t('coffee.match.length', { minutes: 20 }));
    if (locale !== 'en') {
      expect(match).not.toContain("This round you're meeting");
      expect(match).not.toContain('Conversation starter');
    }
    expect(personal(bo)[0]).toContain(t('coffee.match.headline', { names: ana.name }));

    // Near the end of the round: "Did you meet?", then the answer's thanks as Ana's own view.
    const round = (await hw.app.storage.rounds.latest(TEAM_ID))!;
    clock.set(new Date(round.followUpAt.getTime() + 60_000));
    await hw.app.scheduler.tick();
    const followUp = personal(ana).find((text) => text.includes(t('coffee.followUp.question', { names: bo.name })));
    expect(followUp).toContain(t('coffee.followUp.planned'));
    const press = cardAction(hw.connector.url, {
      verb: COFFEE_VERBS.met,
      from: ana,
      data: { roundId: round.id, answer: 'yes' },
      conversationId: hw.connector.personalChats.get(ana.id),
    });
    press.locale = tag;
    const thanks = textOf((await hw.post(press)).body.value);
    expect(thanks).toContain(t('coffee.followUp.thanks.yes'));

    const paused = await say('coffee pause 2', ana, tag);
    const until = formatDate(locale, new Date(clock.now().getTime() + 14 * DAY), 'Europe/Berlin', 'day');
    expect(paused).toContain(t('coffee.pause.done.title'));
    expect(paused).toContain(t('coffee.pause.done.text', { date: until }));
    expect(await say('coffee resume', ana, tag)).toContain(t('coffee.resume.done.title'));
    expect(await say('coffee leave', ana, tag)).toContain(t('coffee.leave.title'));
    expect(await say('coffee dance', ana, tag)).toContain(t('coffee.unknown.title'));
    if (locale !== 'en') expect(await say('coffee', bo, tag)).not.toContain('In: you will be paired each round');
  });

  test('a German member of an English team gets their pairing in German; their teammate and the team’s replies stay English', async () => {
    const de = coffeeWords('de');
    const en = coffeeWords('en');
    expect(await say('coffee join', ana, 'de-DE')).toContain(de('coffee.join.done.title'));
    expect(await say('coffee join', bo, 'en-GB')).toContain(en('coffee.join.done.title'));
    expect(await say('coffee pair now', ORGANISER, 'en-GB')).toContain(en('coffee.pairNow.started.title', { seq: 1 }));
    expect(personal(ana)[0]).toContain(de('coffee.match.headline', { names: bo.name }));
    expect(personal(ana)[0]).not.toContain(en('coffee.match.starterLabel'));
    expect(personal(bo)[0]).toContain(en('coffee.match.headline', { names: ana.name }));
  });

  test('someone who installed Hallway for themselves in Spanish, and never said a language in the team, is paired in Spanish', async () => {
    const chat = 'a:personal-ana';
    hw.connector.personalChats.set(ana.id, chat);
    const installed = await hw.post({
      type: 'installationUpdate',
      action: 'add',
      id: 'i:ana',
      timestamp: clock.now().toISOString(),
      channelId: 'msteams',
      serviceUrl: hw.connector.url,
      locale: 'es-ES',
      from: { ...ana },
      recipient: { id: BOT_ID, name: 'Hallway' },
      conversation: { id: chat, conversationType: 'personal', tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID } },
    });
    expect(installed.status).toBe(200);
    await say('coffee join', ana);
    await say('coffee join', bo);
    await say('coffee pair now', ORGANISER);
    expect(personal(ana).at(-1)).toContain(coffeeText.format('es', 'coffee.match.headline', { names: bo.name }));
    expect(personal(bo)[0]).toContain(coffeeText.format('en', 'coffee.match.headline', { names: ana.name }));
  });

  test('someone whose Teams never said its language is paired in the language the team chose', async () => {
    await say('coffee join', ana);
    await say('coffee join', bo, 'es-ES');
    const programme = (await hw.app.storage.programmes.get(TEAM_ID))!;
    await hw.app.storage.programmes.updateSettings(TEAM_ID, { ...programme.settings, language: 'fr' }, programme.nextRoundAt);
    await say('coffee pair now', ORGANISER);
    expect(personal(ana)[0]).toContain(coffeeText.format('fr', 'coffee.match.headline', { names: bo.name }));
    expect(personal(bo)[0]).toContain(coffeeText.format('es', 'coffee.match.headline', { names: ana.name }));
  });
});

describe('the team language setting', () => {
  const settings = { enabled: true, cadence: 'weekly', weekday: 2, hour: 9, timeZone: 'Europe/Berlin', groupSize: 2, meetingMinutes: 20, includeGuests: false };

  function put(body: unknown) {
    const token = hw.issuer.token({
      aud: CLIENT_ID,
      iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      tid: TENANT_ID,
      oid: ORGANISER.aadObjectId,
      name: ORGANISER.name,
    });
    return fetch(`${hw.url}/api/v1/teams/${encodeURIComponent(TEAM_ID)}/coffee/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  test('is refused with a 400 naming the field when it is not a language Hallway speaks; one it speaks is kept and returned', async () => {
    await say('coffee', ORGANISER);
    const refused = await put({ ...settings, language: 'xx' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).error.message).toBe('Team language: This value is not valid');
    expect((await hw.app.storage.programmes.get(TEAM_ID))!.settings.language).toBeUndefined();
    const kept = await put({ ...settings, language: 'ja' });
    expect(kept.status).toBe(200);
    expect(((await kept.json()) as any).settings.language).toBe('ja');
    expect((await hw.app.storage.programmes.get(TEAM_ID))!.settings.language).toBe('ja');
    // Left out, the team is back to the installer's language.
    expect(((await (await put(settings)).json()) as any).settings.language).toBeUndefined();
  });
});
