// The tab's words: English is bundled, the person's own language is loaded as a chunk of its own,
// so a page downloads one catalogue. Dates and numbers go through Intl in the same language.
import { formatDate, formatNumber, type DateStyle } from '../../bot/i18n/dates';
import { isLocale, LOCALE_NAMES, LOCALES, matchLocale, PSEUDO_LOCALE, type Locale, type UiLocale } from '../../bot/i18n/locales';
import { listOf, Messages, type MessageValues } from '../../bot/i18n/translate';
import en from '../i18n/en.json';

export type TabMessageId = keyof typeof en;

const CATALOGUES: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Record<TabMessageId, string> }>> = {
  de: () => import('../i18n/de.json'),
  fr: () => import('../i18n/fr.json'),
  es: () => import('../i18n/es.json'),
  ja: () => import('../i18n/ja.json'),
};

/** Languages written right to left; none of Hallway's yet, and the layout is ready for them. */
const RIGHT_TO_LEFT = new Set<string>(['ar', 'he', 'fa', 'ur']);

export const tabText = new Messages<TabMessageId>(en);
let current: UiLocale = 'en';

/** The tab's language, from Teams' `app.locale` (or the browser's, outside Teams). */
export function locale(): UiLocale {
  return current;
}

/**
 * Starts loading the catalogue of a likely language (the browser's) while Teams is still answering;
 * `useLocale` then finds it loaded when Teams' language is the same. A module is imported once.
 */
export function prefetchLocale(tag: string | undefined): void {
  const likely = matchLocale(tag);
  if (likely && likely !== 'en' && likely !== PSEUDO_LOCALE) CATALOGUES[likely]().catch(() => undefined);
}

/**
 * Switches the tab to the language of a Teams locale tag: loads its catalogue and sets `<html lang>`
 * and `dir`. A language Hallway does not speak is English. A catalogue that fails to load leaves English.
 */
export async function useLocale(tag: string | undefined): Promise<UiLocale> {
  const next = matchLocale(tag) ?? 'en';
  if (next !== 'en' && next !== PSEUDO_LOCALE) {
    try {
      tabText.add(next, (await CATALOGUES[next]()).default);
    } catch {
      return setLocale('en');
    }
  }
  return setLocale(next);
}

function setLocale(next: UiLocale): UiLocale {
  current = next;
  const root = document.documentElement;
  root.lang = next === PSEUDO_LOCALE ? PSEUDO_LOCALE : next;
  root.dir = RIGHT_TO_LEFT.has(next) ? 'rtl' : 'ltr';
  return next;
}

/** One of the tab's messages, in the tab's language. */
export function t(id: TabMessageId, values?: MessageValues): string {
  return tabText.format(current, id, values);
}

/** A message quoting what people typed (names, titles): the quoted parts are their own elements, as typed. */
export function sentence(id: TabMessageId, quoted: Record<string, string>, values?: MessageValues): (string | HTMLElement)[] {
  return tabText.sentence(current, id, quoted, values).map((part) => {
    if (typeof part === 'string') return part;
    const strong = document.createElement('strong');
    strong.textContent = part.strong;
    return strong;
  });
}

/** A list as the language joins it ("Ada, Ben and Chen"). */
export function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : listOf(current, items);
}

/** A moment in the tab's language, in `timeZone` (the browser's when not given). */
export function date(at: Date | string, style: DateStyle, timeZone?: string): string {
  return formatDate(current, typeof at === 'string' ? new Date(at) : at, timeZone ?? browserTimeZone(), style);
}

export function number(n: number): string {
  return formatNumber(current, n);
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The language choices of a place: the installer's (unset, the default), then each language in its own name. */
export function languageChoices(): { value: Locale | ''; text: string; lang?: Locale }[] {
  return [{ value: '', text: t('settings.language.default') }, ...LOCALES.map((l) => ({ value: l, text: LOCALE_NAMES[l], lang: l }))];
}

/** The chosen language of a settings form; undefined for the installer's. */
export function languageOf(value: unknown): Locale | undefined {
  return isLocale(value) ? value : undefined;
}
