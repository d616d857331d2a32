// The languages Hallway speaks: a place's chosen language is part of its settings. Pure; the tab
// bundles this file too (through bot/i18n/locales.ts).

export const LOCALES = ['en', 'de', 'fr', 'es', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
