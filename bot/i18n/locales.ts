// The languages Hallway speaks, and how a Teams locale tag ("de-DE", "en-GB") becomes one of them.
// Pure and browser-safe: the tab bundles this file too.

import { LOCALES, type Locale } from '../domain/language';

export { isLocale, LOCALES, type Locale } from '../domain/language';

/**
 * Microsoft's pseudo-locale: English accented and a third longer, so untranslated text and text
 * cut off by a layout stand out. Reached only by asking for it by name (tests, `?locale=qps-ploc`).
 */
export const PSEUDO_LOCALE = 'qps-ploc';
export type UiLocale = Locale | typeof PSEUDO_LOCALE;

export const DEFAULT_LOCALE: Locale = 'en';

/** Each language by its own name, as a language picker shows it. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  ja: '日本語',
};

/** A Teams or browser locale tag to a language Hallway speaks; undefined when it speaks none of them. */
export function matchLocale(tag: string | null | undefined): UiLocale | undefined {
  if (typeof tag !== 'string' || tag.length === 0 || tag.length > 35) return undefined;
  const lower = tag.toLowerCase().replace('_', '-');
  if (lower === PSEUDO_LOCALE || lower.startsWith(`${PSEUDO_LOCALE}-`)) return PSEUDO_LOCALE;
  const language = lower.split('-', 1)[0];
  return (LOCALES as readonly string[]).includes(language ?? '') ? (language as Locale) : undefined;
}

/** The first of the tags Hallway speaks, else English. */
export function negotiateLocale(...tags: (string | null | undefined)[]): UiLocale {
  for (const tag of tags) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

/** An `Accept-Language` header's tags in the order of their weights (at most ten are read). */
export function acceptLanguageTags(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 500)
    .split(',', 10)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((t) => t.tag && t.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((t) => t.tag);
}

/**
 * The BCP 47 tag `Intl` formats with. English is written the international way (day before month,
 * 24-hour clock: "Wednesday 28 October, 15:00"), as Hallway always wrote it; the pseudo-locale
 * formats as English and is accented afterwards.
 */
export function intlLocale(locale: UiLocale): string {
  return locale === PSEUDO_LOCALE || locale === 'en' ? 'en-GB' : locale;
}
