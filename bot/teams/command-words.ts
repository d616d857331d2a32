/*
 * The words of each command in each language Hallway speaks. English words are the command names
 * of command-list.ts and work whatever the person's language; each other language adds its own.
 * The first words of a command are the ones the help card and the app package's command menu show;
 * the others are what people also type. Plain data, so the app package builds without the bot.
 */
import type { Locale } from '../i18n/locales';

/**
 * The commands the help card lists, in its order: command names of command-list.ts (which checks
 * they are). The English spellings "check in" and "checkin" are check-in's.
 */
export const LISTED_COMMANDS = [
  'check-in',
  'coffee',
  'coffee join',
  'coffee pause',
  'coffee resume',
  'coffee leave',
  'coffee pair now',
  'breaks',
  'days',
  'forget me',
  'help',
] as const;
export type ListedCommand = (typeof LISTED_COMMANDS)[number];

/** Shown words first, then other ways of typing it. Lower case, words separated by one space. */
type Words = readonly [shown: string, ...also: string[]];

export const COMMAND_WORDS: Readonly<Record<Exclude<Locale, 'en'>, Readonly<Record<ListedCommand, Words>>>> = {
  de: {
    'check-in': ['einchecken', 'stimmung'],
    coffee: ['kaffee'],
    'coffee join': ['kaffee beitreten', 'kaffee mitmachen'],
    'coffee pause': ['kaffee pausieren', 'kaffee aussetzen'],
    'coffee resume': ['kaffee fortsetzen', 'kaffee weiter'],
    'coffee leave': ['kaffee verlassen', 'kaffee austreten'],
    'coffee pair now': ['kaffee jetzt paaren', 'kaffee jetzt losen'],
    breaks: ['pausen', 'kaffeepausen'],
    days: ['teamtage', 'tage'],
    'forget me': ['vergiss mich'],
    help: ['hilfe'],
  },
  fr: {
    'check-in': ['météo', 'tour de table'],
    coffee: ['café'],
    'coffee join': ['café participer', 'café rejoindre'],
    'coffee pause': ['café pause', 'café suspendre'],
    'coffee resume': ['café reprendre'],
    'coffee leave': ['café quitter'],
    'coffee pair now': ['café lancer maintenant'],
    breaks: ['pauses', 'pauses café'],
    days: ['journées', 'journées ensemble'],
    'forget me': ['oubliez-moi', 'oubliez moi', 'oublie-moi', 'oublie moi'],
    help: ['aide'],
  },
  es: {
    'check-in': ['ronda', 'ronda de ánimo'],
    coffee: ['café'],
    'coffee join': ['café unirme', 'café apuntarme'],
    'coffee pause': ['café pausa', 'café pausar'],
    'coffee resume': ['café reanudar', 'café volver'],
    'coffee leave': ['café salir', 'café dejar'],
    'coffee pair now': ['café emparejar ahora'],
    breaks: ['pausas', 'descansos'],
    days: ['días', 'días juntos'],
    'forget me': ['olvídame'],
    help: ['ayuda'],
  },
  // Japanese is written without spaces as often as with them: each is read either way (see readCommand).
  ja: {
    'check-in': ['チェックイン'],
    coffee: ['コーヒー'],
    'coffee join': ['コーヒー 参加'],
    'coffee pause': ['コーヒー 休止', 'コーヒー 一時停止'],
    'coffee resume': ['コーヒー 再開'],
    'coffee leave': ['コーヒー 退会', 'コーヒー やめる'],
    'coffee pair now': ['コーヒー 今すぐマッチング'],
    breaks: ['休憩', 'コーヒーブレイク'],
    days: ['集まる日', '対面'],
    'forget me': ['私を忘れて', '忘れて'],
    help: ['ヘルプ'],
  },
};

/** Languages whose commands are read with or without the spaces between their words. */
export const SPACELESS: ReadonlySet<Locale> = new Set(['ja']);

/** The words of a command as a person of `locale` is shown them (English for English and the pseudo-locale). */
export function commandWords(locale: string, command: ListedCommand): string {
  return Object.hasOwn(COMMAND_WORDS, locale) ? COMMAND_WORDS[locale as Exclude<Locale, 'en'>][command][0] : command;
}
