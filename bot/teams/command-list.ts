/*
 * The commands Hallway understands: their words, what may follow them, and how Teams shows them in
 * the command menu (the app manifest's commandLists is generated from COMMAND_LIST). Plain data, so
 * the app package builds without the bot; bot/teams/command-table.ts gives each one its handler.
 */

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

const NAMES = Object.keys(COMMANDS) as CommandName[];

/**
 * Which command a normalised text (normaliseCommand: lower case, single spaces) is: the longest
 * command whose words start it, if what follows is allowed. Linear in the text: a fixed number
 * of prefix comparisons and one split.
 */
export function readCommand(text: string): CommandMatch {
  let name: CommandName | undefined;
  for (const candidate of NAMES) {
    if ((text === candidate || text.startsWith(`${candidate} `)) && candidate.length > (name?.length ?? -1)) name = candidate;
  }
  if (name) {
    const rest = text.slice(name.length + 1);
    const args = rest ? rest.split(' ') : [];
    const allowed = COMMANDS[name].rest;
    if (args.length === 0 || allowed !== 'none') return { kind: 'command', name, args: allowed === 'read' ? args : [] };
  }
  const family = FAMILIES.find((f) => text === f || text.startsWith(`${f} `));
  return family ? { kind: 'family', family } : { kind: 'unknown' };
}
