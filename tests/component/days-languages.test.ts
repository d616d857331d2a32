import { DAYS_VERBS } from '../../bot/cards/verbs';
import { dayLabel, daysText, type DaysMessageId } from '../../bot/i18n/days';
import { matchLocale, type UiLocale } from '../../bot/i18n/locales';
import { botAddedToTeam, BOT_ID, cardAction, channelMessage, participant, ORGANISER, TEAM_ID, TENANT_ID, type Participant } from '../fixtures/activities';
import { cardProblems, texts } from '../fixtures/cards';
import { ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';

/*
 * Days together in each language Hallway speaks: the channel's card in the team's language, a
 * person's plan, request and question in theirs as last seen (else the team's), a reply to a press
 * or a command in the presser's, the tab's errors in the tab's.
 */

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
/** Monday 2 November 2026, 09:00 in Lisbon; the days are Tuesday 17 and Wednesday 18 November. */
const NOW = new Date('2026-11-02T09:00:00Z');
const DATES = ['2026-11-17', '2026-11-18'];
const lisbon = { dates: DATES, place: 'Lisboa, Rua Augusta 1', link: 'https://maps.example/lisbon', timeZone: 'Europe/Lisbon' };
const people = Array.from({ length: 6 }, (_, i) => participant(i + 1));

let hw: Harness;
let clock: ManualClock;

/** Hallway in a team whose installer speaks `installer`; the organiser sets up coffee there. */
async function start(installer: string): Promise<void> {
  clock = new ManualClock(NOW);
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0', CHECKIN_UPDATE_INTERVAL_MS: '250' }, overrides: { clock } });
  for (const p of [ORGANISER, ...people]) hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
  await hw.post({ ...botAddedToTeam(hw.connector.url), locale: installer });
  await hw.post({ ...channelMessage(hw.connector.url, 'coffee', ORGANISER), locale: installer });
}
afterEach(async () => {
  const sent = hw.connector.requests.flatMap((r) => r.body?.attachments ?? []).map((a: any) => a.content);
  for (const card of sent) expect(cardProblems(card)).toEqual([]);
  await hw.stop();
});

/** The tab's call, in the tab's language. */
function call(who: Participant, path: string, tag: string, init: { method?: string; body?: unknown } = {}) {
  const token = hw.issuer.token({
    aud: CLIENT_ID,
    iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
    tid: TENANT_ID,
    oid: who.aadObjectId,
    name: who.name,
  });
  return fetch(`${hw.url}/api/v1/teams/${encodeURIComponent(TEAM_ID)}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': `${tag},en;q=0.5` },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** A card press, from a person whose Teams speaks `tag`. */
const press = (who: Participant, verb: string, data: object, conversationId: string, tag: string) =>
  hw.post({ ...cardAction(hw.connector.url, { verb, from: who, data, conversationId }), locale: tag });

/** A person installs Hallway for themselves, in their Teams language: their 1:1 chat remembers it. */
async function installedPersonally(who: Participant, tag: string): Promise<void> {
  const chat = `a:personal-${who.id.slice(3)}`;
  hw.connector.personalChats.set(who.id, chat);
  const res = await hw.post({
    type: 'installationUpdate',
    action: 'add',
    id: `i:${who.id}`,
    timestamp: NOW.toISOString(),
    channelId: 'msteams',
    serviceUrl: hw.connector.url,
    locale: tag,
    from: { ...who },
    recipient: { id: BOT_ID, name: 'Hallway' },
    conversation: { id: chat, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
  });
  expect(res.status).toBe(200);
}

const inChannel = () => hw.connector.sends(TEAM_ID).map((s) => texts(s.body.attachments?.[0]?.content));
const personal = (who: Participant) => hw.connector.personalMessages(who.id).map((m) => texts(m.body.attachments?.[0]?.content).join(' '));

async function plan(tag: string): Promise<{ planId: string; messageId: string }> {
  const res = await call(ORGANISER, '/days', tag, { method: 'POST', body: lisbon });
  expect(res.status).toBe(201);
  const planId = ((await res.json()) as { id: string }).id;
  const card = hw.connector.sends(TEAM_ID).find((s) => texts(s.body.attachments?.[0]?.content).includes(lisbon.place));
  return { planId, messageId: card!.activityId! };
}

const LANGUAGES = ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP'];

describe.each(LANGUAGES)('days together in %s', (tag) => {
  const locale = matchLocale(tag) as UiLocale;
  const t = (id: DaysMessageId, values?: Record<string, string | number>) => daysText.format(locale, id, values);
  /** Hallway's English words, which must not show when the language is another. */
  const english = (id: DaysMessageId) => daysText.format('en', id);
  const notEnglish = (shown: string, ids: DaysMessageId[]) => {
    if (locale !== 'en') for (const id of ids) expect(shown).not.toContain(english(id));
  };

  test('plan posted, answered, drawn, a talk asked and accepted, and the question afterwards: every word in the language', async () => {
    await start(tag);
    const [ana, ben] = [people[0]!, people[1]!];

    // The tab refuses a bad plan in the tab's language.
    const bad = await call(ORGANISER, '/days', tag, { method: 'POST', body: { ...lisbon, link: 'http://maps.example' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.message).toBe(t('days.problem', { field: t('days.problem.field.link'), problem: t('days.problem.https') }));

    // The card in the channel, in the team's language (here its installer's).
    const { planId, messageId } = await plan(tag);
    const posted = inChannel()
      .find((card) => card.includes(lisbon.place))!
      .join(' | ');
    expect(posted).toContain(t('days.heading'));
    expect(posted).toContain(dayLabel(locale, DATES[0]!));
    expect(posted).toContain(t('days.card.nobody'));
    notEnglish(posted, ['days.heading', 'days.card.nobody', 'days.card.intro']);

    // Answers: the card follows, still in the team's language.
    for (const p of people.slice(0, 5))
      expect((await press(p, DAYS_VERBS.answer, { planId, date: DATES[0], answer: 'coming' }, TEAM_ID, tag)).status).toBe(200);
    await press(ana, DAYS_VERBS.answer, { planId, date: DATES[1], answer: 'coming' }, TEAM_ID, tag);
    await press(ben, DAYS_VERBS.answer, { planId, date: DATES[1], answer: 'coming' }, TEAM_ID, tag);
    const shown = () => texts(hw.connector.latestCard(messageId)).join(' | ');
    await hw.connector.waitFor(() => shown().includes(t('days.card.coming', { n: 5 })), 10_000);

    // A press for days that do not exist (over, cancelled, another team's) is told in the presser's language.
    const gone = await press(ana, DAYS_VERBS.answer, { planId: 'no-such-plan', date: DATES[0], answer: 'coming' }, TEAM_ID, tag);
    expect(texts(gone.body.value)).toEqual([t('days.gone.title'), t('days.gone.text')]);

    // The `days` command answers in the language of whoever typed it.
    await hw.post({ ...channelMessage(hw.connector.url, 'days', ana), locale: tag });
    expect(texts(hw.connector.sends(TEAM_ID).at(-1)!.body.attachments[0].content)).toEqual(
      expect.arrayContaining([t('days.heading'), t('days.upcoming.footer')]),
    );

    // Ana asks Ben for time face to face: only Ben is asked, in his language, and he accepts.
    const asked = await call(ana, `/days/${planId}/talks`, tag, { method: 'POST', body: { with: ben.id } });
    expect(asked.status).toBe(201);
    const request = personal(ben).at(-1)!;
    expect(request).toContain(daysText.sentence(locale, 'days.talk.request', { asker: ana.name }).filter((p) => typeof p === 'string')[0]);
    expect(request).toContain(t('days.talk.private'));
    notEnglish(request, ['days.talk.private']);
    const talkCard = hw.connector.personalMessages(ben.id).at(-1)!.body.attachments[0].content;
    const accept = JSON.stringify(talkCard).match(/"title":"([^"]+)","verb":"days.talk"/)![1];
    expect(accept).toBe(t('days.talk.button.accept'));
    const requestId = (await hw.app.storage.days.talks(planId))[0]!.id;
    const accepted = await press(ben, DAYS_VERBS.talk, { planId, requestId, answer: 'accept' }, hw.connector.personalChats.get(ben.id)!, tag);
    expect(texts(accepted.body.value)).toContain(t('days.talk.accepted.title'));
    expect(personal(ana).at(-1)).toContain(t('days.talk.accepted.title'));

    // The draw: each person's plan in their 1:1 chat, in the team's language (nobody installed Hallway for themselves).
    clock.set(new Date('2026-11-10T09:00:00Z'));
    await hw.app.scheduler.tick();
    const mine = personal(ana).find((m) => m.includes(t('days.plan.title')))!;
    expect(mine).toContain(t('days.plan.lunch').trim());
    expect(mine).toContain(t('days.plan.talk').trim());
    expect(mine).toContain(dayLabel(locale, DATES[0]!));
    notEnglish(mine, ['days.plan.title', 'days.plan.private']);
    await hw.connector.waitFor(() => shown().includes(t('days.card.table', { n: 1 })), 10_000);
    notEnglish(shown(), ['days.card.footer.drawn']);

    // The day after: "Did you meet someone new?", and the thanks for an answer.
    clock.set(new Date('2026-11-19T10:00:00Z'));
    await hw.app.scheduler.tick();
    expect(personal(ana).at(-1)).toContain(t('days.met.question'));
    const thanks = await press(ana, DAYS_VERBS.met, { planId, answer: 'yes' }, hw.connector.personalChats.get(ana.id)!, tag);
    expect(texts(thanks.body.value)).toEqual([t('days.met.thanks.title'), t('days.met.thanks.yes')]);
    notEnglish(texts(thanks.body.value).join(' '), ['days.met.thanks.title', 'days.met.thanks.yes']);
  });
});

describe('whose language', () => {
  test("a German member of an English team gets her plan and the question in German; the team's card stays English, whoever presses", async () => {
    // Installed by someone whose Teams speaks Japanese, and set to English by the team.
    await start('ja-JP');
    const programme = (await hw.app.storage.programmes.get(TEAM_ID))!;
    await hw.app.storage.programmes.updateSettings(programme.id, { ...programme.settings, language: 'en' }, programme.nextRoundAt);
    // Greta installed Hallway for herself in German; Chloé joined coffee in English and now uses Teams in French.
    const [greta, chloe] = [people[0]!, people[2]!];
    await installedPersonally(greta, 'de-DE');
    await hw.post({ ...channelMessage(hw.connector.url, 'coffee join', chloe), locale: 'en-US' });

    const { planId, messageId } = await plan('de-DE');
    for (const p of people.slice(0, 5))
      await press(p, DAYS_VERBS.answer, { planId, date: DATES[0], answer: 'coming' }, TEAM_ID, p === chloe ? 'fr-FR' : 'de-DE');
    const reply = await press(greta, DAYS_VERBS.answer, { planId, date: DATES[1], answer: 'coming' }, TEAM_ID, 'de-DE');
    // Her press answers with the channel's card: in the team's language, not hers.
    expect(texts(reply.body.value)).toEqual(expect.arrayContaining(['Days together', 'Tuesday 17 November', '5 coming']));

    clock.set(new Date('2026-11-10T09:00:00Z'));
    await hw.app.scheduler.tick();
    const hers = personal(greta).find((m) => m.includes('Dein Plan für die gemeinsamen Tage'));
    expect(hers).toContain('Mittagessen mit');
    expect(hers).toContain('Dienstag, 17. November');
    expect(hers).not.toContain('Lunch with');
    expect(personal(chloe).find((m) => m.includes('Votre programme pour les journées ensemble'))).toContain('Déjeuner avec');
    // Everyone else, without a language of their own, reads the team's.
    expect(personal(people[1]!).find((m) => m.includes('Your plan for the days together'))).toContain('Lunch with');

    const card = () => texts(hw.connector.latestCard(messageId)).join(' | ');
    await hw.connector.waitFor(() => card().includes('Table 1: '), 10_000);
    expect(card()).toContain('Days together');
    expect(card()).not.toContain('Gemeinsame Tage');

    clock.set(new Date('2026-11-19T10:00:00Z'));
    await hw.app.scheduler.tick();
    expect(personal(greta).at(-1)).toContain('Hast du jemanden neu kennengelernt?');
    expect(personal(chloe).at(-1)).toContain('Avez-vous fait une nouvelle rencontre ?');
    expect(personal(people[1]!).at(-1)).toContain('Did you meet someone new?');
  });

  test('a team that chose German gets its card in German, though its installer speaks English', async () => {
    await start('en-US');
    const programme = (await hw.app.storage.programmes.get(TEAM_ID))!;
    await hw.app.storage.programmes.updateSettings(programme.id, { ...programme.settings, language: 'de' }, programme.nextRoundAt);
    const { messageId } = await plan('en-US');
    const card = hw.connector.sends(TEAM_ID).find((s) => s.activityId === messageId)!.body.attachments[0].content;
    expect(texts(card)).toEqual(expect.arrayContaining(['Gemeinsame Tage', 'Dienstag, 17. November und Mittwoch, 18. November (Europe/Lisbon)']));
    expect(JSON.stringify(card)).toContain('"title":"Ich komme"');
    expect(texts(card)).not.toContain('Days together');
  });
});
