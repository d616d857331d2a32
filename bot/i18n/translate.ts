// Message catalogues in ICU MessageFormat, formatted per locale; browser-safe, used by the bot and the tab.
import { IntlMessageFormat } from 'intl-messageformat';
import { intlLocale, type Locale, PSEUDO_LOCALE, type UiLocale } from './locales';
import { pseudoMessage, pseudoText } from './pseudo';

export type MessageValues = Record<string, string | number | Date>;
/** A part of a formatted sentence: Hallway's words, or a value people typed (a name, a team) shown as it is. */
export type SentencePart = string | { strong: string };
/** A catalogue: message id to ICU message. Every language has the English catalogue's ids. */
export type Catalogue<K extends string = string> = Readonly<Record<K, string>>;
/** Formats one message of a catalogue, in one locale. */
export type Translate<K extends string> = (id: K, values?: MessageValues) => string;

/**
 * The catalogues of one part of Hallway, one per language; a language's catalogue may be loaded
 * later (the tab loads only its own). Formatters are built once per message and locale.
 */
export class Messages<K extends string> {
  private readonly formatters = new Map<string, IntlMessageFormat>();

  constructor(
    private readonly english: Catalogue<K>,
    private readonly others: Partial<Record<Exclude<Locale, 'en'>, Catalogue<K>>> = {},
  ) {}

  /** Adds (or replaces) a language's catalogue, as the tab does once it has loaded it. */
  add(locale: Exclude<Locale, 'en'>, catalogue: Catalogue<K>): void {
    this.others[locale] = catalogue;
    for (const key of [...this.formatters.keys()]) if (key.startsWith(`${locale}\u0000`)) this.formatters.delete(key);
  }

  /** A function formatting this catalogue's messages in `locale`. */
  in(locale: UiLocale): Translate<K> {
    return (id, values) => this.format(locale, id, values);
  }

  format(locale: UiLocale, id: K, values?: MessageValues): string {
    const key = `${locale}\u0000${id}`;
    let formatter = this.formatters.get(key);
    if (!formatter) {
      formatter = this.formatter(locale, id);
      this.formatters.set(key, formatter);
    }
    const out = formatter.format(values);
    return typeof out === 'string' ? out : String(out);
  }

  /**
   * A message that quotes what people typed: the quoted values come back as their own parts, so a
   * card shows them as TextRuns (literally, in bold) and never inside Markdown. Placeholders of
   * Hallway's own (counts, dates) may be given in `values`.
   */
  sentence(locale: UiLocale, id: K, quoted: Record<string, string>, values: MessageValues = {}): SentencePart[] {
    const key = `${locale}\u0000${id}`;
    let formatter = this.formatters.get(key);
    if (!formatter) {
      formatter = this.formatter(locale, id);
      this.formatters.set(key, formatter);
    }
    const wrapped: Record<string, unknown> = { ...values };
    for (const [name, text] of Object.entries(quoted)) wrapped[name] = { strong: text };
    const parts: SentencePart[] = [];
    for (const part of formatter.formatToParts<{ strong: string }>(wrapped as MessageValues)) {
      const value = part.value;
      if (typeof value === 'string') {
        const last = parts[parts.length - 1];
        if (typeof last === 'string') parts[parts.length - 1] = last + value;
        else parts.push(value);
      } else parts.push(value);
    }
    return parts;
  }

  private formatter(locale: UiLocale, id: K): IntlMessageFormat {
    const english = this.english[id];
    if (english === undefined) throw new Error(`no message ${id}`);
    if (locale === PSEUDO_LOCALE) return new IntlMessageFormat(pseudoMessage(english), 'en');
    const message = locale === 'en' ? english : (this.others[locale]?.[id] ?? english);
    return new IntlMessageFormat(message, intlLocale(locale));
  }
}

/** Text formatted by `Intl` (a date, a list) as the pseudo-locale shows it. */
export function localised(locale: UiLocale, text: string): string {
  return locale === PSEUDO_LOCALE ? pseudoText(text) : text;
}

/** A list joined as the language joins it ("A, B and C", "A、B、C"). */
export function listOf(locale: UiLocale, items: readonly string[]): string {
  if (locale === PSEUDO_LOCALE) return items.join(' · ');
  return new Intl.ListFormat(intlLocale(locale), { style: 'long', type: 'conjunction' }).format(items);
}
