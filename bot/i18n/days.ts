// Days together's words: the cards in the channel and in 1:1 chats, the days command's replies, the routes' errors.
import { formatDate } from './dates';
import { intlLocale, PSEUDO_LOCALE, type UiLocale } from './locales';
import { Messages } from './translate';
import en from './catalogues/days/en.json';
import de from './catalogues/days/de.json';
import es from './catalogues/days/es.json';
import fr from './catalogues/days/fr.json';
import ja from './catalogues/days/ja.json';

export const daysText = new Messages(en, { de, fr, es, ja });
export type DaysMessageId = keyof typeof en;

/**
 * A day of a plan ("Tuesday, November 17", "Dienstag, 17. November"). A plan's dates are calendar
 * dates where the days take place, not moments: they are written as that date whatever the
 * reader's time zone (formatted at noon UTC, in UTC, so no zone can move them to another day).
 */
export function dayLabel(locale: UiLocale, date: string): string {
  return formatDate(locale, new Date(`${date}T12:00:00Z`), 'UTC', 'day');
}

const lists = new Map<string, Intl.ListFormat>();

/**
 * Names joined as the language joins a list ("A, B, and C", "A、B、C"). One formatter per
 * language, kept: a card joins a list per table and per day.
 */
export function namesList(locale: UiLocale, names: readonly string[]): string {
  if (locale === PSEUDO_LOCALE) return names.join(' · ');
  let format = lists.get(locale);
  if (!format) {
    format = new Intl.ListFormat(intlLocale(locale), { style: 'long', type: 'conjunction' });
    lists.set(locale, format);
  }
  return format.format(names);
}
