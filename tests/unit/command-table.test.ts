import type { TurnContext } from 'botbuilder';
import type { BreaksController } from '../../bot/teams/breaks-controller';
import type { CoffeeCommands } from '../../bot/teams/coffee-commands';
import type { DaysController } from '../../bot/teams/days-controller';
import { COMMAND_LIST, COMMANDS, type CommandName } from '../../bot/teams/command-list';
import { commandTable, dispatchCommand, type CommandTable } from '../../bot/teams/command-table';
import { normaliseCommand } from '../../bot/teams/command-text';

type Call = { handler: string; args: string[] };

/** The real table, with handlers that only say which of them was called, and with what. */
function recordingTable(): { table: CommandTable; calls: Call[] } {
  const calls: Call[] = [];
  const handler =
    (name: string) =>
    async (_context: TurnContext, args: string[] = []) =>
      void calls.push({ handler: name, args });
  const fake = <T>(names: string[]) => Object.fromEntries(names.map((n) => [n, handler(n)])) as T;
  const table = commandTable({
    checkIn: handler('checkIn'),
    help: handler('help'),
    unknown: handler('unknown'),
    forgetMe: handler('forgetMe'),
    breaks: { onCommand: async () => void calls.push({ handler: 'breaks', args: [] }) } as unknown as BreaksController,
    days: { onCommand: async () => void calls.push({ handler: 'days', args: [] }) } as unknown as DaysController,
    coffee: fake<CoffeeCommands>(['status', 'join', 'leave', 'pause', 'resume', 'pairNow', 'unknownCommand']),
  });
  return { table, calls };
}

const context = { activity: { conversation: { conversationType: 'channel' }, channelData: {} } } as unknown as TurnContext;

async function typed(text: string): Promise<{ handler: string; args: string[] }[]> {
  const { table, calls } = recordingTable();
  const read: string[] = [];
  await dispatchCommand(table, context, normaliseCommand(text), (command) => read.push(command));
  expect(read).toHaveLength(1);
  return calls;
}

/** Which handler answers each command. */
const HANDLER_OF: Record<CommandName, string> = {
  'check-in': 'checkIn',
  'check in': 'checkIn',
  checkin: 'checkIn',
  coffee: 'status',
  'coffee join': 'join',
  'coffee pause': 'pause',
  'coffee resume': 'resume',
  'coffee leave': 'leave',
  'coffee pair now': 'pairNow',
  breaks: 'breaks',
  days: 'days',
  'forget me': 'forgetMe',
  help: 'help',
};

describe('the table of commands', () => {
  test('every command in the command menu is answered by its own handler', async () => {
    expect(COMMAND_LIST.length).toBeGreaterThan(0);
    for (const { title } of COMMAND_LIST) {
      // The command that declared this menu entry: typing its title must reach that command's handler.
      const [name] = Object.entries(COMMANDS).find(([n, c]) => ('menu' in c ? ((c.menu as { title?: string }).title ?? n) : undefined) === title) as [
        CommandName,
        unknown,
      ];
      expect({ title, calls: await typed(title) }).toEqual({
        title,
        calls: [{ handler: HANDLER_OF[name], args: name === 'coffee pause' ? ['2'] : [] }],
      });
    }
  });

  test('every command, the ones the menu does not show included, is answered by its own handler', async () => {
    for (const name of Object.keys(COMMANDS) as CommandName[]) {
      expect({ name, calls: await typed(name) }).toEqual({ name, calls: [{ handler: HANDLER_OF[name], args: [] }] });
    }
  });

  test('the command menu offers each command where it works, in order, and at most ten per place (Teams shows no more)', () => {
    for (const scope of ['personal', 'team', 'groupChat'] as const) expect(COMMAND_LIST.filter((c) => c.scopes.includes(scope)).length).toBeLessThanOrEqual(10);
    expect(COMMAND_LIST.map((c) => [c.title, c.scopes.join(',')])).toEqual([
      ['check-in', 'team,groupChat'],
      ['coffee', 'team,groupChat'],
      ['coffee join', 'team,groupChat'],
      ['coffee pause 2', 'team,groupChat'],
      ['coffee resume', 'team,groupChat'],
      ['coffee leave', 'team,groupChat'],
      ['breaks', 'team,groupChat'],
      ['days', 'team,groupChat'],
      ['forget me', 'personal,team,groupChat'],
      ['help', 'personal,team,groupChat'],
    ]);
  });

  test.each<[string, string, string[]]>([
    ['<at>Hallway</at> Coffee Pause 4!', 'pause', ['4']],
    ['coffee pause', 'pause', []],
    ['coffee pause 2 3', 'pause', ['2', '3']],
    ['coffee join now please', 'join', []],
    ['coffee leave today', 'leave', []],
    ['coffee resume soon', 'resume', []],
    ['coffee pair now', 'pairNow', []],
    ['coffee pair', 'unknownCommand', []],
    ['coffee pair now please', 'unknownCommand', []],
    ['coffee teleport', 'unknownCommand', []],
    ['coffee', 'status', []],
    ['Check In', 'checkIn', []],
    ['help me', 'unknown', []],
    ['check-in now', 'unknown', []],
    ['coffeejoin', 'unknown', []],
    ['breaks please', 'unknown', []],
    ['', 'unknown', []],
    ['constructor', 'unknown', []],
    ['__proto__', 'unknown', []],
  ])('%p is answered by %s', async (text, handler, args) => {
    expect(await typed(text)).toEqual([{ handler, args }]);
  });

  test('the log learns which command was read, never what was typed', async () => {
    const { table } = recordingTable();
    const read: string[] = [];
    for (const text of ['coffee pause 2', 'coffee my secret plans', 'my password is hunter2', 'help']) {
      await dispatchCommand(table, context, text, (command) => read.push(command));
    }
    expect(read).toEqual(['coffee pause', 'coffee', 'unknown', 'help']);
  });
});
