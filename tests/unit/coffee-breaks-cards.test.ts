import { breakGoneNotice, breakReminderCard, upcomingBreaksCard } from '../../bot/cards/breaks-cards';
import { coffeeCard, starterText } from '../../bot/cards/coffee-cards';
import type { Break, Rsvp, Topic } from '../../bot/domain/breaks/model';
import { DEFAULT_PROGRAMME_SETTINGS, type Member, type Programme, type Round } from '../../bot/domain/coffee/model';
import type { CoffeeMessage } from '../../bot/domain/coffee/ports';
import { CONVERSATION_STARTERS } from '../../bot/domain/coffee/rounds';
import { coffeeText } from '../../bot/i18n/coffee';
import { LOCALES, PSEUDO_LOCALE, type UiLocale } from '../../bot/i18n/locales';
import { cardProblems, readableTexts } from '../fixtures/cards';

/*
 * The coffee and break cards as a person reads them, built straight from their presenters: in
 * every language a word of Hallway's own comes from a catalogue (the pseudo-locale leaves no plain
 * English word), and what people typed (names, a team, a topic) is shown as it is.
 */

const ANA = 'Ŕöšá Ţéšţ';
const BO = 'Ɓö Ŵú';
const TOPIC = 'Ƥĺáñţš öñ ţĥé ðéšķ';
const TITLE = 'Ŵéðñéšðáý ķáƒƒéé';

const member = (userId: string, name: string): Member => ({
  programmeId: 'team-1',
  userId,
  name,
  upn: `${userId.slice(3)}@contoso.example`,
  status: 'active',
  silentRounds: 0,
  timeZone: 'Europe/Berlin',
  joinedAt: new Date('2026-10-01T00:00:00Z'),
});
const ana = member('29:ana', ANA);
const bo = member('29:bo', BO);
const programme: Programme = {
  id: 'team-1',
  tenantId: 'tenant-1',
  name: 'Ƥĺáţƒöŕɱ',
  reference: {},
  organisers: [],
  settings: DEFAULT_PROGRAMME_SETTINGS,
  roundSeq: 3,
  createdAt: new Date('2026-10-01T00:00:00Z'),
};
const round: Round = {
  id: 'round-3',
  programmeId: 'team-1',
  seq: 3,
  status: 'notifying',
  startedAt: new Date('2026-10-19T10:00:00Z'),
  groups: [{ members: [ana.userId, bo.userId], captain: bo.userId, starter: CONVERSATION_STARTERS[2]! }],
  unmatched: [],
  followUpAt: new Date('2026-10-23T10:00:00Z'),
};
const messages: CoffeeMessage[] = [
  { kind: 'match', programme, round, member: ana, group: round.groups[0]!, partners: [bo], history: [{ a: ana.userId, b: bo.userId, round: 1 }] },
  { kind: 'match', programme, round, member: bo, group: round.groups[0]!, partners: [ana, undefined], history: [] },
  { kind: 'follow-up', round, partners: [bo] },
  { kind: 'unmatched' },
  { kind: 'auto-paused' },
];

const brk: Break = {
  id: 'break-1',
  programmeId: 'team-1',
  title: TITLE,
  weekdays: [3],
  time: '15:00',
  timeZone: 'Europe/Berlin',
  durationMinutes: 30,
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
  reminderMinutes: 10,
  skippedDates: [],
  channelReference: {},
  createdBy: 'organiser',
  createdAt: new Date('2026-10-01T00:00:00Z'),
};
const at = new Date('2026-10-20T09:00:00Z');
const answers: Rsvp[] = [
  { breakId: brk.id, date: '2026-10-21', userId: ana.userId, name: ANA, answer: 'in', at },
  { breakId: brk.id, date: '2026-10-21', userId: bo.userId, name: BO, answer: 'out', at },
];
const topics: Topic[] = [
  { id: 't-1', breakId: brk.id, date: '2026-10-21', authorId: ana.userId, authorName: ANA, text: TOPIC, createdAt: at, votes: [bo.userId] },
];

function breakCards(locale: UiLocale) {
  return [
    breakReminderCard(locale, { b: brk, date: '2026-10-21', answers, topics, error: { kind: 'too-long', length: 230 }, draft: TOPIC }),
    breakReminderCard(locale, { b: brk, date: '2026-10-21', answers: [], topics: [] }),
    breakGoneNotice(locale),
    breakGoneNotice(locale, true),
    upcomingBreaksCard(locale, [{ b: brk, dates: ['2026-10-21', '2026-10-28'] }]),
    upcomingBreaksCard(locale, []),
  ];
}

describe('coffee and break cards in each language', () => {
  test.each<UiLocale>([...LOCALES, PSEUDO_LOCALE])('in %s every card is valid and its words are in that language', (locale) => {
    const cards = [...messages.map((m) => coffeeCard(m, locale)), ...breakCards(locale)];
    for (const card of cards) expect(cardProblems(card)).toEqual([]);
    const shown = cards.flatMap((card) => readableTexts(card)).join('\n');
    for (const typed of [ANA, BO, TOPIC, TITLE]) expect(shown).toContain(typed);
    if (locale === PSEUDO_LOCALE) {
      const english = shown
        .split('\n')
        // Commands are typed as they are: in the pseudo-locale, the English ones.
        .map((line) => [ANA, BO, TOPIC, TITLE, 'Europe/Berlin', 'coffee resume', 'breaks'].reduce((rest, data) => rest.split(data).join(' '), line))
        .flatMap((line) => line.match(/[A-Za-z]{2,}/g) ?? []);
      expect(english).toEqual([]);
    } else if (locale !== 'en') {
      for (const english of ["This round you're meeting", 'Conversation starter', 'Coffee break', "Can't make it", 'No agenda']) {
        expect(shown).not.toContain(english);
      }
    }
  });

  test('a conversation starter stored in English is shown in the reader’s language; one Hallway no longer has, as stored', () => {
    expect(starterText(CONVERSATION_STARTERS[2]!, coffeeText.in('de'))).toBe('Was wolltest du mit zehn Jahren werden?');
    expect(starterText('A starter of long ago?', coffeeText.in('ja'))).toBe('A starter of long ago?');
  });

  test('a name is never part of a Markdown field: the captain is a bold TextRun of its own', () => {
    const card = coffeeCard(messages[0]!, 'fr') as { body: { type: string; inlines?: unknown }[] };
    const runs = card.body.flatMap((el) => (Array.isArray(el.inlines) ? el.inlines : [])) as { text: string; weight?: string }[];
    expect(runs).toContainEqual({ type: 'TextRun', text: BO, weight: 'Bolder' });
  });
});
