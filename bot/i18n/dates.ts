// Dates and times as a person reads them: in their language and their time zone, through Intl.
import { intlLocale, PSEUDO_LOCALE, type UiLocale } from './locales';
import { pseudoText } from './pseudo';

/** How much of a moment is shown. */
export type DateStyle =
  /** "Monday 7 December" / "Montag, 7. Dezember" / "12月7日月曜日" */
  | 'day'
  /** "Mon 7 Dec, 09:30" */
  | 'dayTime'
  /** "09:30" */
  | 'time'
  /** "7 December 2026" */
  | 'date';

const OPTIONS: Readonly<Record<DateStyle, Intl.DateTimeFormatOptions>> = {
  day: { weekday: 'long', day: 'numeric', month: 'long' },
  dayTime: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  time: { hour: '2-digit', minute: '2-digit' },
  date: { day: 'numeric', month: 'long', year: 'numeric' },
};

const formats = new Map<string, Intl.DateTimeFormat>();
const FORMATS_LIMIT = 1_000;

/** A moment in `timeZone` (an IANA name; UTC when it is unknown), formatted for `locale`. */
export function formatDate(locale: UiLocale, at: Date, timeZone: string | undefined, style: DateStyle): string {
  const key = `${locale}\u0000${timeZone ?? ''}\u0000${style}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(intlLocale(locale), { ...OPTIONS[style], timeZone: timeZone || 'UTC' });
    } catch {
      format = new Intl.DateTimeFormat(intlLocale(locale), { ...OPTIONS[style], timeZone: 'UTC' });
    }
    if (formats.size >= FORMATS_LIMIT) formats.clear();
    formats.set(key, format);
  }
  const text = format.format(at);
  return locale === PSEUDO_LOCALE ? pseudoText(text) : text;
}

/** A number as the language writes it (1,234 / 1.234 / 1 234). */
export function formatNumber(locale: UiLocale, n: number): string {
  const text = new Intl.NumberFormat(intlLocale(locale)).format(n);
  return locale === PSEUDO_LOCALE ? pseudoText(text) : text;
}
