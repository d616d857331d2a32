import {
  daysCard,
  daysGoneCard,
  daysPlanCard,
  metGoneCard,
  metQuestionCard,
  metThanksCard,
  notThisTimeCard,
  photoReminderCard,
  talkAcceptedCard,
  talkGoneCard,
  talkRequestCard,
  upcomingDaysCard,
  youDeclinedCard,
} from '../../bot/cards/days-cards';
import type { AdaptiveCard } from '../../bot/cards/render';
import { programmeFor } from '../../bot/domain/coffee/membership';
import { DAYS_STARTERS, SOMEONE } from '../../bot/domain/days/draw';
import type { DayAnswer, DaysPlan, Seating, TalkRequest } from '../../bot/domain/days/model';
import { planDays, type DaysInput } from '../../bot/domain/days/plans';
import { userText } from '../../bot/domain/user-text';
import { problemsIn } from '../../bot/http/api-days';
import { daysText } from '../../bot/i18n/days';
import en from '../../bot/i18n/catalogues/days/en.json';
import { type LOCALES, PSEUDO_LOCALE } from '../../bot/i18n/locales';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import { readableTexts } from '../fixtures/cards';

const NOW = new Date('2026-11-02T09:00:00Z');
const plan: DaysPlan = {
  id: 'plan-1',
  programmeId: 'team-1',
  dates: ['2026-11-17', '2026-11-18', '2026-11-19'],
  place: userText('Ĺíšƀöñ'),
  link: 'https://maps.example/lisbon',
  timeZone: 'Europe/Lisbon',
  organiser: 'org',
  channelReference: {},
  createdAt: NOW,
};
const names = ['Ŵáñ', 'Ƀéñ', 'Çéɱ', 'Ðáñ', 'Éƚí', 'Ƒéŕ'];
const answers: DayAnswer[] = names.map((name, i) => ({ planId: plan.id, date: plan.dates[0]!, userId: `29:${i}`, name, coming: true, at: NOW }));
const seating: Seating = {
  planId: plan.id,
  drawnAt: NOW,
  days: [
    {
      date: plan.dates[0]!,
      tables: [
        ['29:0', '29:1', '29:2'],
        ['29:3', '29:4', '29:5', '29:gone'],
      ],
      walks: [['29:0', '29:1']],
      photo: true,
    },
  ],
};
const request: TalkRequest = {
  id: 'talk-1',
  planId: plan.id,
  fromUserId: '29:0',
  fromName: names[0]!,
  toUserId: '29:1',
  toName: names[1]!,
  status: 'asked',
  at: NOW,
};

/** Every days-together card, in one language. */
const everyCard = (locale: (typeof LOCALES)[number] | typeof PSEUDO_LOCALE): AdaptiveCard[] => [
  daysCard(locale, plan, answers, undefined, '2026-11-02', { error: 'past', leadDays: 7 }),
  daysCard(locale, plan, answers, seating, '2026-11-02', { error: 'full' }),
  daysPlanCard(locale, {
    kind: 'your-days',
    plan,
    // Someone forgotten since the draw is "a colleague", in the reader's language.
    days: [{ date: plan.dates[0]!, tableMates: [], walkWith: [names[1]!, SOMEONE], photo: true, talks: [names[3]!] }],
    starter: DAYS_STARTERS[2],
  }),
  photoReminderCard(locale, plan),
  daysGoneCard(locale),
  upcomingDaysCard(locale, []),
  upcomingDaysCard(locale, [plan]),
  talkRequestCard(locale, request),
  talkGoneCard(locale),
  notThisTimeCard(locale),
  youDeclinedCard(locale, names[0]!),
  talkAcceptedCard(locale, names[1]!),
  metQuestionCard(locale, plan),
  metGoneCard(locale),
  metThanksCard(locale, true),
  metThanksCard(locale, false),
];

describe('days together in the pseudo-locale', () => {
  test('every card has no plain ASCII word left: each went through the catalogue (names, the place and the time zone are data)', () => {
    const shown = everyCard(PSEUDO_LOCALE).flatMap(readableTexts);
    expect(shown.length).toBeGreaterThan(60);
    const left = shown.map((text) => text.replace(/\(Europe\/Lisbon\)/g, '')).filter((text) => /[A-Za-z]{2,}/.test(text));
    expect(left).toEqual([]);
  });

  test('the same cards in English read as before, and in German not a word of the English', () => {
    const english = everyCard('en').flatMap(readableTexts).join(' | ');
    expect(english).toContain('Tuesday 17 November to Thursday 19 November (Europe/Lisbon)');
    expect(english).toContain('Ŵáñ, Ƀéñ and Çéɱ');
    expect(english).toContain('a colleague');
    const german = everyCard('de').flatMap(readableTexts).join(' | ');
    expect(german).toContain('Dienstag, 17. November bis Donnerstag, 19. November (Europe/Lisbon)');
    expect(german).toContain('Ŵáñ, Ƀéñ und Çéɱ');
    expect(german).toContain('Ƀéñ und jemand aus dem Team');
    for (const id of ['days.heading', 'days.card.intro', 'days.plan.title', 'days.met.question', 'days.starter.3'] as const)
      expect(german).not.toContain(daysText.format('en', id));
  });
});

describe('words the domain writes', () => {
  test('every conversation starter is in the catalogues, by its place in the list', () => {
    const starters = Object.keys(en).filter((id) => id.startsWith('days.starter.'));
    expect(starters).toHaveLength(DAYS_STARTERS.length);
    expect(DAYS_STARTERS.map((_, i) => daysText.format('en', `days.starter.${i + 1}` as keyof typeof en))).toEqual([...DAYS_STARTERS]);
  });

  test('every refusal of an organiser’s fields is told in the tab’s language, field and problem', async () => {
    const storage = openSqliteStorage(':memory:');
    const clock = { now: () => NOW };
    await programmeFor({ programmes: storage.programmes, clock }, { id: 'team-1', tenantId: 't', reference: {}, organiser: 'org' });
    const organiser = { userId: '29:org', aadObjectId: 'org', name: 'Olu' };
    const good: DaysInput = { dates: ['2026-11-17'], place: 'Lisboa', timeZone: 'Europe/Lisbon' };
    const bad: Record<string, unknown>[] = [
      { dates: [] },
      { dates: ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'] },
      { dates: ['17.11.2026'] },
      { dates: ['2026-02-30'] },
      { dates: ['2026-11-17', '2026-11-19'] },
      { dates: ['2026-11-01'] },
      { place: ' ' },
      { place: 'x'.repeat(201) },
      { link: 'http://maps.example' },
      { link: `https://maps.example/${'x'.repeat(2000)}` },
      { timeZone: 'Mars/Olympus' },
    ];
    const told: string[] = [];
    for (const fields of bad) {
      const result = await planDays(
        { days: storage.days, programmes: storage.programmes, clock, newId: () => 'p' },
        { programmeId: 'team-1', person: organiser, channelReference: {}, fields: { ...good, ...fields } },
      );
      if (result.kind !== 'invalid') throw new Error(`not refused: ${JSON.stringify(fields)}`);
      // Every problem is one of the domain's own, which the catalogue knows by name.
      expect(result.problems.filter((p) => p.id === 'invalid')).toEqual([]);
      told.push(problemsIn('de', result.problems));
    }
    await storage.close();
    expect(told.filter((t) => t.includes(daysText.format('de', 'days.problem.other')) || t.includes(daysText.format('de', 'days.problem.invalid')))).toEqual(
      [],
    );
    expect(told).toEqual(expect.arrayContaining(['Link: Der Link muss mit https:// beginnen', 'Ort: Der Ort darf höchstens 200 Zeichen lang sein']));
  });

  test('a value of the wrong kind gets a plain message, never the validator’s English', () => {
    expect(problemsIn('fr', [{ field: 'dates', id: 'invalid' }])).toBe('dates : Vérifiez ce champ et réessayez');
    expect(problemsIn('ja', [{ field: '', id: 'invalid' }])).toBe('計画の内容を確認して、もう一度お試しください。');
  });
});
