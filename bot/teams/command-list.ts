/*
 * The commands Hallway understands: their words, what may follow them, and how Teams shows them in
 * the command menu (the app manifest's commandLists is generated from COMMAND_LIST). Plain data, so
 * the app package builds without the bot; bot/teams/command-table.ts gives each one its handler.
 */
import type { Locale } from '../i18n/locales';
import { COMMAND_WORDS, LISTED_COMMANDS, type ListedCommand, SPACELESS } from './command-words';

export type Scope = 'personal' | 'team' | 'groupChat';

/**
 * What may follow a command's words: nothing (`help me` is not help), anything, ignored
 * (`coffee join now` joins), or words the handler reads (the weeks of `coffee pause 2`).
 */
export type Rest = 'none' | 'ignored' | 'read';

type Command = { rest: Rest; menu?: { title?: string; description: string; scopes: Scope[] } };

const TEAM: Scope[] = ['team', 'groupChat'];
const EVERYWHERE: Scope[] = ['personal', 'team', 'groupChat'];

/** Every command, in the order of the command menu. */
export const COMMANDS = {
  'check-in': { rest: 'none', menu: { description: 'Start a check-in in this chat or meeting now', scopes: TEAM } },
  'check in': { rest: 'none' },
  checkin: { rest: 'none' },
  coffee: { rest: 'none', menu: { description: 'Your virtual coffee status and match', scopes: TEAM } },
  'coffee join': { rest: 'ignored', menu: { description: 'Join random coffee pairing in this team', scopes: TEAM } },
  'coffee pause': { rest: 'read', menu: { title: 'coffee pause 2', description: 'Pause coffee pairing for 2 weeks', scopes: TEAM } },
  'coffee resume': { rest: 'ignored', menu: { description: 'Resume coffee pairing', scopes: TEAM } },
  'coffee leave': { rest: 'ignored', menu: { description: 'Leave coffee pairing', scopes: TEAM } },
  'coffee pair now': { rest: 'none' },
  breaks: { rest: 'none', menu: { description: "Your team's next coffee breaks", scopes: TEAM } },
  days: { rest: 'none', menu: { description: "Your team's upcoming days together", scopes: TEAM } },
  'forget me': { rest: 'none', menu: { description: 'Delete everything Hallway stores about you', scopes: EVERYWHERE } },
  help: { rest: 'none', menu: { description: 'What Hallway can do', scopes: EVERYWHERE } },
} as const satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;

/** Words that start a family of commands: anything else after them gets the family's own help. */
export const FAMILIES = ['coffee'] as const;
export type Family = (typeof FAMILIES)[number];

/** The command menu as Teams shows it. Titles are what the user types. */
export const COMMAND_LIST: { title: string; description: string; scopes: Scope[] }[] = Object.entries(COMMANDS as Record<string, Command>).flatMap(
  ([name, { menu }]) => (menu ? [{ title: menu.title ?? name, description: menu.description, scopes: menu.scopes }] : []),
);

export type CommandMatch = { kind: 'command'; name: CommandName; args: string[] } | { kind: 'family'; family: Family } | { kind: 'unknown' };

/** Each listed command is a command (a type error otherwise). */
const LISTED: readonly CommandName[] = LISTED_COMMANDS;

/**
 * A typed word as it is looked up: Latin accents dropped (people type "cafe" for "café"), Japanese
 * untouched. Linear: one normalisation and one character class without repetition.
 */
export function foldWord(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Every way of typing each command, folded: the English names, then each language's words. */
function phrases(): Map<string, CommandName> {
  const byPhrase = new Map<string, CommandName>();
  const add = (phrase: string, name: CommandName) => {
    const key = foldWord(phrase);
    const known = byPhrase.get(key);
    if (known && known !== name) throw new Error(`the command words "${phrase}" are both ${known} and ${name}`);
    byPhrase.set(key, name);
  };
  for (const name of Object.keys(COMMANDS) as CommandName[]) add(name, name);
  for (const [locale, words] of Object.entries(COMMAND_WORDS)) {
    for (const name of LISTED) {
      for (const phrase of words[name as ListedCommand]) {
        add(phrase, name);
        if (SPACELESS.has(locale as Locale)) add(phrase.replaceAll(' ', ''), name);
      }
    }
  }
  return byPhrase;
}

const PHRASES = phrases();
const LONGEST_PHRASE = Math.max(...[...PHRASES.keys()].map((p) => p.split(' ').length));
/** The first word of every way of typing `coffee`: what follows it is a coffee command, or the coffee help. */
const FAMILY_WORDS = new Map<string, Family>([...PHRASES].filter(([, name]) => name === 'coffee').map(([phrase]) => [phrase, 'coffee']));

const isDigit = (code: number) => (code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19);

/**
 * The words of a normalised text. A word in Japanese (or any script from U+3000 on) that ends in
 * digits is two words ("コーヒー休止2" is "コーヒー休止 2"), and full-width digits are read as
 * ASCII ones. Linear: each character is looked at twice at most.
 */
function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const word of text.split(' ')) {
    let end = word.length;
    while (end > 0 && isDigit(word.charCodeAt(end - 1))) end--;
    if (end === word.length) {
      words.push(word);
      continue;
    }
    let wide = false;
    for (let i = 0; i < end && !wide; i++) wide = word.charCodeAt(i) >= 0x3000;
    const digits = word.slice(end).replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30));
    if (end > 0 && wide) words.push(word.slice(0, end), digits);
    else words.push(end === 0 ? digits : word);
  }
  return words;
}

/**
 * Which command a normalised text (normaliseCommand: lower case, single spaces) is, in any language
 * Hallway speaks: the longest command whose words start it, if what follows is allowed; always the
 * canonical command name. Linear in the text: one split, then at most LONGEST_PHRASE lookups.
 */
export function readCommand(text: string): CommandMatch {
  const words = text === '' ? [] : wordsOf(text);
  for (let count = Math.min(LONGEST_PHRASE, words.length); count > 0; count--) {
    const name = PHRASES.get(foldWord(words.slice(0, count).join(' ')));
    if (!name) continue;
    const args = words.slice(count);
    const allowed = COMMANDS[name].rest;
    if (args.length === 0 || allowed !== 'none') return { kind: 'command', name, args: allowed === 'read' ? args : [] };
    break;
  }
  const family = words.length > 0 ? FAMILY_WORDS.get(foldWord(words[0]!)) : undefined;
  return family ? { kind: 'family', family } : { kind: 'unknown' };
}
