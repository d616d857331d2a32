// Dates, weekdays and lists as the person reads them: in the tab's language (lib/i18n.ts), through Intl.
import { intlLocale, PSEUDO_LOCALE } from '../../bot/i18n/locales';
import { pseudoText } from '../../bot/i18n/pseudo';
import { date, locale } from './i18n';

export { browserTimeZone } from './i18n';

/** "Mon 7 Dec, 09:30" in the person's language and time zone. */
export function when(iso: string, timeZone?: string): string {
  return date(iso, 'dayTime', timeZone);
}

/** "Monday 7 December". */
export function day(iso: string, timeZone?: string): string {
  return date(iso, 'day', timeZone);
}

/** A calendar day (YYYY-MM-DD) by name, the same wherever the reader is. */
export function calendarDay(yyyyMmDd: string): string {
  return date(`${yyyyMmDd}T12:00:00Z`, 'day', 'UTC');
}

function intl(text: string): string {
  return locale() === PSEUDO_LOCALE ? pseudoText(text) : text;
}

/** "7 Dec" / "7. Dez." / "12月7日": a chart's label. */
export function shortDate(iso: string): string {
  return intl(new Intl.DateTimeFormat(intlLocale(locale()), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(iso)));
}

/** The weekday `n` (1 = Monday … 7 = Sunday) by name, long or short. */
export function weekday(n: number, style: 'long' | 'short' = 'long'): string {
  // 1 January 2024 was a Monday.
  return intl(new Intl.DateTimeFormat(intlLocale(locale()), { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, n, 12))));
}

export const WEEKDAY_NUMBERS = [1, 2, 3, 4, 5, 6, 7] as const;

/** A share as a percentage, as the language writes it ("42 %" in French). */
export function percent(share: number): string {
  return intl(new Intl.NumberFormat(intlLocale(locale()), { style: 'percent', maximumFractionDigits: 0 }).format(share));
}

/** Tomorrow and a year from today as yyyy-mm-dd, the bounds of a pause. */
export function pauseBounds(): { min: string; max: string } {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const now = Date.now();
  return { min: iso(new Date(now + 86_400_000)), max: iso(new Date(now + 365 * 86_400_000)) };
}
