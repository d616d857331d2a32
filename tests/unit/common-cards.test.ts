import type { AdaptiveCard } from '../../bot/cards/render';
import { LOCALES, PSEUDO_LOCALE, type UiLocale } from '../../bot/i18n/locales';
import { readCommand } from '../../bot/teams/command-list';
import { normaliseCommand } from '../../bot/teams/command-text';
import { LISTED_COMMANDS } from '../../bot/teams/command-words';
import {
  actionFailedNotice,
  checkInAlreadyOpenCard,
  checkInsHappenElsewhereCard,
  forgetMeConfirmCard,
  forgottenCard,
  helpCard,
  nothingDeletedNotice,
  unknownActionNotice,
  welcomeCard,
} from '../../bot/teams/common-cards';
import { sdkProblems, readableTexts } from '../fixtures/cards';

const cards = (locale: UiLocale): [string, AdaptiveCard][] => [
  ['help', helpCard(locale)],
  ['help after anything else', helpCard(locale, true)],
  ['welcome', welcomeCard(locale)],
  ['check-in in a 1:1 chat', checkInsHappenElsewhereCard(locale)],
  ['a check-in already open', checkInAlreadyOpenCard(locale, undefined)],
  ['forget me', forgetMeConfirmCard(locale, 'privacy.forget')],
  ['forgotten', forgottenCard(locale)],
  ['nothing deleted', nothingDeletedNotice(locale)],
  ['an unknown button', unknownActionNotice(locale)],
  ['a button that failed', actionFailedNotice(locale)],
];

describe("Hallway's shared cards", () => {
  test.each([...LOCALES])('in %s, the help card lists every command in words Hallway reads as that command', (locale) => {
    const facts = (helpCard(locale).body[1] as { facts: { title: string; value: string }[] }).facts;
    expect(facts).toHaveLength(LISTED_COMMANDS.length);
    expect(facts.map((fact) => readCommand(normaliseCommand(fact.title)))).toEqual(
      LISTED_COMMANDS.map((name) => ({ kind: 'command', name, args: name === 'coffee pause' ? ['2'] : [] })),
    );
    for (const fact of facts) expect(fact.value.length).toBeGreaterThan(0);
  });

  test.each<UiLocale>([...LOCALES, PSEUDO_LOCALE])('in %s, every card is valid for the Adaptive Cards SDK', (locale) => {
    for (const [name, card] of cards(locale)) expect({ name, problems: sdkProblems(card) }).toEqual({ name, problems: [] });
  });

  test('in the pseudo-locale, no plain English word is left but the commands people type', () => {
    const commands = new Set(LISTED_COMMANDS.flatMap((name) => name.split(/[^a-z]+/)));
    for (const [name, card] of cards(PSEUDO_LOCALE)) {
      const english = readableTexts(card)
        .flatMap((text) => text.match(/[A-Za-z]{2,}/g) ?? [])
        .filter((word) => !commands.has(word));
      expect({ name, english }).toEqual({ name, english: [] });
    }
  });

  test('each language says it its own way: no card reads the same in two languages', () => {
    for (const [index, [name]] of cards('en').entries()) {
      const shown = LOCALES.map((locale) => readableTexts(cards(locale)[index]![1])[0]);
      expect({ name, distinct: new Set(shown).size }).toEqual({ name, distinct: LOCALES.length });
    }
  });
});
