/**
 * The commands Hallway understands, as Teams shows them in the command menu (the app manifest's
 * commandLists is generated from this list). Titles are what the user types.
 */
export const COMMAND_LIST: { title: string; description: string; scopes: ('personal' | 'team' | 'groupChat')[] }[] = [
  { title: 'check-in', description: 'Start a check-in in this chat or meeting now', scopes: ['team', 'groupChat'] },
  { title: 'coffee', description: 'Your virtual coffee status and match', scopes: ['team', 'groupChat'] },
  { title: 'coffee join', description: 'Join random coffee pairing in this team', scopes: ['team', 'groupChat'] },
  { title: 'coffee pause 2', description: 'Pause coffee pairing for 2 weeks', scopes: ['team', 'groupChat'] },
  { title: 'coffee resume', description: 'Resume coffee pairing', scopes: ['team', 'groupChat'] },
  { title: 'coffee leave', description: 'Leave coffee pairing', scopes: ['team', 'groupChat'] },
  { title: 'breaks', description: "Your team's next coffee breaks", scopes: ['team', 'groupChat'] },
  { title: 'forget me', description: 'Delete everything Hallway stores about you', scopes: ['personal', 'team', 'groupChat'] },
  { title: 'help', description: 'What Hallway can do', scopes: ['personal', 'team', 'groupChat'] },
];
