import { acceptLanguageTags, matchLocale, negotiateLocale } from '../../bot/i18n/locales';
import { formatDate } from '../../bot/i18n/dates';
import { listOf, Messages } from '../../bot/i18n/translate';

const messages = new Messages(
  { count: '{n, plural, one {# person} other {# people}} checked in', welcome: 'Welcome to {team}, {who}' },
  {
    de: { count: '{n, plural, one {# Person hat} other {# Personen haben}} eingecheckt', welcome: 'Willkommen in {team}, {who}' },
    ja: { count: '{n}人がチェックインしました', welcome: '{team}へようこそ、{who}さん' },
  },
);

test('a Teams locale tag finds its language; one Hallway does not speak falls back to English', () => {
  expect(matchLocale('de-DE')).toBe('de');
  expect(matchLocale('fr-CA')).toBe('fr');
  expect(matchLocale('ja')).toBe('ja');
  expect(matchLocale('pt-BR')).toBeUndefined();
  expect(negotiateLocale('pt-BR', 'es-MX')).toBe('es');
  expect(negotiateLocale(undefined, 'xx')).toBe('en');
  expect(negotiateLocale('qps-ploc')).toBe('qps-ploc');
});

test('Accept-Language is read in the order of its weights', () => {
  expect(acceptLanguageTags('en;q=0.5, de-DE, fr;q=0.8')).toEqual(['de-DE', 'fr', 'en']);
  expect(negotiateLocale(...acceptLanguageTags('pt-BR,ja;q=0.9'))).toBe('ja');
});

test('plurals follow each language', () => {
  expect(messages.format('en', 'count', { n: 1 })).toBe('1 person checked in');
  expect(messages.format('de', 'count', { n: 3 })).toBe('3 Personen haben eingecheckt');
  expect(messages.format('ja', 'count', { n: 3 })).toBe('3人がチェックインしました');
  // A language without a catalogue reads English.
  expect(messages.format('fr', 'count', { n: 2 })).toBe('2 people checked in');
});

test('the pseudo-locale accents every letter and is a third longer, leaving values alone', () => {
  const text = messages.format('qps-ploc', 'count', { n: 12 });
  expect(text).toMatch(/^12 /);
  expect(text).not.toMatch(/[A-Za-z]/);
  expect(text.length).toBeGreaterThanOrEqual(Math.round('12 people checked in'.length * 1.25));
});

test('a sentence keeps what people typed as parts of its own, never inside the words around it', () => {
  const who = '**Ana** [x](https://evil.example)';
  expect(messages.sentence('de', 'welcome', { team: 'Design', who })).toEqual(['Willkommen in ', { strong: 'Design' }, ', ', { strong: who }]);
  expect(messages.sentence('ja', 'welcome', { team: 'Design', who: 'Ana' })).toEqual([{ strong: 'Design' }, 'へようこそ、', { strong: 'Ana' }, 'さん']);
});

test('dates are written in the language and the time zone asked for', () => {
  const at = new Date('2026-12-07T08:30:00Z');
  expect(formatDate('de', at, 'Europe/Berlin', 'time')).toBe('09:30');
  expect(formatDate('en', at, 'America/New_York', 'day')).toBe('Monday 7 December');
  expect(formatDate('de', at, 'Europe/Berlin', 'day')).toBe('Montag, 7. Dezember');
  expect(formatDate('ja', at, 'Asia/Tokyo', 'day')).toBe('12月7日月曜日');
  expect(formatDate('fr', at, 'Not/AZone', 'time')).toBe('08:30');
  expect(listOf('es', ['Ana', 'Bo', 'Cy'])).toBe('Ana, Bo y Cy');
});
