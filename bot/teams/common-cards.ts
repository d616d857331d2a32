/*
 * The cards every part of Hallway shares: help, welcome, forget me and the generic replies, in the
 * reader's language (docs/languages.md says whose). Commands are named in that language's words.
 */
import { renderCard, type AdaptiveCard, type Sentence, type TemplateData } from '../cards/render';
import { type CommonMessageId, commonText } from '../i18n/common';
import type { UiLocale } from '../i18n/locales';
import { commandWords, LISTED_COMMANDS, type ListedCommand } from './command-words';
import { COMMANDS } from './command-list';

/** The most weeks `coffee pause N` takes, as the help card says. */
const MAX_PAUSE_WEEKS = 52;
/** The number shown after a command that reads one (`coffee pause 2`). */
const EXAMPLE_WEEKS = 2;

const HELP_LINES: Readonly<Record<ListedCommand, CommonMessageId>> = {
  'check-in': 'common.help.checkIn',
  coffee: 'common.help.coffee',
  'coffee join': 'common.help.coffeeJoin',
  'coffee pause': 'common.help.coffeePause',
  'coffee resume': 'common.help.coffeeResume',
  'coffee leave': 'common.help.coffeeLeave',
  'coffee pair now': 'common.help.coffeePairNow',
  breaks: 'common.help.breaks',
  days: 'common.help.days',
  'forget me': 'common.help.forgetMe',
  help: 'common.help.help',
};

/** A command as a person of `locale` types it, with the example number of one that reads a number. */
export function typedCommand(locale: UiLocale, command: ListedCommand): string {
  const words = commandWords(locale, command);
  return COMMANDS[command].rest === 'read' ? `${words} ${EXAMPLE_WEEKS}` : words;
}

/** Each command's words in `locale`, by placeholder name, for the messages that name them. */
function commandValues(locale: UiLocale) {
  return {
    checkIn: commandWords(locale, 'check-in'),
    coffeeJoin: commandWords(locale, 'coffee join'),
    forgetMe: commandWords(locale, 'forget me'),
    help: commandWords(locale, 'help'),
  };
}

/** The help card's words, once per language and title: the same for everyone who asks. */
const helpWords = new Map<string, TemplateData['help']>();

/** What Hallway can do, in `locale`: after `help`, or (`didNotCatch`) after anything it does not understand. */
export function helpCard(locale: UiLocale, didNotCatch = false): AdaptiveCard {
  const key = `${locale}\u0000${didNotCatch}`;
  let words = helpWords.get(key);
  if (!words) {
    const t = commonText.in(locale);
    words = {
      title: t(didNotCatch ? 'common.help.unknown' : 'common.help.title'),
      commands: LISTED_COMMANDS.map((command) => ({
        title: typedCommand(locale, command),
        value: t(HELP_LINES[command], { weeks: EXAMPLE_WEEKS, max: MAX_PAUSE_WEEKS }),
      })),
      footer: t('common.help.footer', commandValues(locale)),
    };
    helpWords.set(key, words);
  }
  return renderCard('help', words);
}

/** Posted once where Hallway is installed, in that place's language. */
export function welcomeCard(locale: UiLocale): AdaptiveCard {
  const t = commonText.in(locale);
  const values = commandValues(locale);
  return renderCard('welcome', {
    title: t('common.welcome.title'),
    intro: t('common.welcome.intro'),
    facts: [
      { title: t('common.welcome.meetingsTitle'), value: t('common.welcome.meetings') },
      { title: t('common.welcome.byHandTitle'), value: t('common.welcome.byHand', values) },
      { title: t('common.welcome.coffeeTitle'), value: t('common.welcome.coffee', values) },
      { title: t('common.welcome.privacyTitle'), value: t('common.welcome.privacy') },
    ],
    footer: t('common.welcome.footer', values),
  });
}

/** A notice of the common catalogue: a title and a text (which may name commands, in `locale`'s words). */
function commonNotice(locale: UiLocale, title: CommonMessageId, text: CommonMessageId): AdaptiveCard {
  const t = commonText.in(locale);
  return renderCard('notice', { title: t(title), text: t(text, commandValues(locale)) });
}

/** `check-in` in a 1:1 chat: where check-ins happen. */
export function checkInsHappenElsewhereCard(locale: UiLocale): AdaptiveCard {
  return commonNotice(locale, 'common.checkIn.personalTitle', 'common.checkIn.personal');
}

/** `check-in` where one is open: points to it, quoting its question when there is one. */
export function checkInAlreadyOpenCard(locale: UiLocale, question: string | undefined): AdaptiveCard {
  if (question === undefined) return commonNotice(locale, 'common.checkIn.openTitle', 'common.checkIn.open');
  const text: Sentence = commonText.sentence(locale, 'common.checkIn.openQuestion', { question });
  return renderCard('notice', { title: commonText.format(locale, 'common.checkIn.openTitle'), text });
}

/** `forget me`: asks before deleting anything. */
export function forgetMeConfirmCard(locale: UiLocale, verb: string): AdaptiveCard {
  const t = commonText.in(locale);
  return renderCard('confirm', {
    title: t('common.forget.confirmTitle'),
    text: t('common.forget.confirm'),
    verb,
    confirmTitle: t('common.forget.yes'),
    cancelTitle: t('common.forget.cancel'),
  });
}

/** Yes on the confirm card: everything is gone. */
export function forgottenCard(locale: UiLocale): AdaptiveCard {
  return commonNotice(locale, 'common.forget.doneTitle', 'common.forget.done');
}

/** Cancel on the confirm card, or data that is not a Yes: nothing happens. */
export function nothingDeletedNotice(locale: UiLocale): AdaptiveCard {
  return commonNotice(locale, 'common.forget.nothingTitle', 'common.forget.nothing');
}

/** The answer to a button Hallway does not know (an old card, or a verb it no longer has). */
export function unknownActionNotice(locale: UiLocale): AdaptiveCard {
  return commonNotice(locale, 'common.action.unknownTitle', 'common.action.unknown');
}

/** A button whose handler failed: nothing internal is said. */
export function actionFailedNotice(locale: UiLocale): AdaptiveCard {
  return commonNotice(locale, 'common.action.failedTitle', 'common.action.failed');
}
