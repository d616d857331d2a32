/**
 * The commands Hallway understands, as Teams shows them in the command menu (the app manifest's
 * commandLists is generated from this list). Titles are what the user types.
 */
export const COMMAND_LIST: { title: string; description: string; scopes: ('personal' | 'team' | 'groupChat')[] }[] = [
  { title: 'check-in', description: 'Start a check-in in this chat or meeting now', scopes: ['team', 'groupChat'] },
  { title: 'help', description: 'What Hallway can do', scopes: ['personal', 'team', 'groupChat'] },
];
