import type { TurnContext } from 'botbuilder';
import type { BreaksController } from '../../bot/teams/breaks-controller';
import type { CoffeeCommands } from '../../bot/teams/coffee-commands';
import type { DaysController } from '../../bot/teams/days-controller';
import { readCommand } from '../../bot/teams/command-list';
import { commandTable, dispatchCommand } from '../../bot/teams/command-table';
import { normaliseCommand } from '../../bot/teams/command-text';
import { COMMAND_WORDS, LISTED_COMMANDS, type ListedCommand } from '../../bot/teams/command-words';

type Call = { handler: string; args: string[] };

/** The real command table, with handlers that only say which of them was called, and with what. */
async function typed(text: string): Promise<Call[]> {
  const calls: Call[] = [];
  const handler =
    (name: string) =>
    async (_context: TurnContext, args: string[] = []) =>
      void calls.push({ handler: name, args });
  const coffee = Object.fromEntries(['status', 'join', 'leave', 'pause', 'resume', 'pairNow', 'unknownCommand'].map((n) => [n, handler(n)]));
  const table = commandTable({
    checkIn: handler('checkIn'),
    help: handler('help'),
    unknown: handler('unknown'),
    forgetMe: handler('forgetMe'),
    breaks: { onCommand: async () => void calls.push({ handler: 'breaks', args: [] }) } as unknown as BreaksController,
    days: { onCommand: async () => void calls.push({ handler: 'days', args: [] }) } as unknown as DaysController,
    coffee: coffee as unknown as CoffeeCommands,
  });
  const context = { activity: { conversation: { conversationType: 'channel' }, channelData: {} } } as unknown as TurnContext;
  await dispatchCommand(table, context, normaliseCommand(text), () => undefined);
  return calls;
}

/** What the English command runs: the same handler must run for every other language's words. */
const english = (command: ListedCommand, args = '') => typed(args ? `${command} ${args}` : command);

const languages = Object.entries(COMMAND_WORDS) as [keyof typeof COMMAND_WORDS, (typeof COMMAND_WORDS)['de']][];
const everyWay = languages.flatMap(([locale, table]) => LISTED_COMMANDS.flatMap((command) => table[command].map((words) => ({ locale, command, words }))));

describe('commands in every language Hallway speaks', () => {
  test('each language has words for every command', () => {
    for (const [, table] of languages) expect(Object.keys(table).sort()).toEqual([...LISTED_COMMANDS].sort());
    expect(languages.map(([locale]) => locale).sort()).toEqual(['de', 'es', 'fr', 'ja']);
  });

  test.each(everyWay)('$locale "$words" runs the same handler as "$command"', async ({ command, words }) => {
    const expected = await english(command);
    expect(expected).toHaveLength(1);
    expect(await typed(words)).toEqual(expected);
  });

  test.each(languages)('%s: the weeks after "coffee pause" in that language are read as in English', async (_locale, table) => {
    expect(await typed(`${table['coffee pause'][0]} 3`)).toEqual(await english('coffee pause', '3'));
    expect(await typed(`${table['coffee pause'][0]} 3`)).toEqual([{ handler: 'pause', args: ['3'] }]);
  });

  test.each<[string, Call[]]>([
    ['<at>Hallway</at> Kaffee Beitreten!', [{ handler: 'join', args: [] }]],
    ['VERGISS MICH', [{ handler: 'forgetMe', args: [] }]],
    ['Kaffee pausieren 4', [{ handler: 'pause', args: ['4'] }]],
    ['cafe participer', [{ handler: 'join', args: [] }]],
    ['Café Quitter.', [{ handler: 'leave', args: [] }]],
    ['meteo', [{ handler: 'checkIn', args: [] }]],
    ['Oubliez-moi', [{ handler: 'forgetMe', args: [] }]],
    ['olvidame', [{ handler: 'forgetMe', args: [] }]],
    ['Días', [{ handler: 'days', args: [] }]],
    ['café pausa 2', [{ handler: 'pause', args: ['2'] }]],
    ['コーヒー参加', [{ handler: 'join', args: [] }]],
    ['コーヒー　参加', [{ handler: 'join', args: [] }]],
    ['コーヒー休止2', [{ handler: 'pause', args: ['2'] }]],
    ['コーヒー休止２', [{ handler: 'pause', args: ['2'] }]],
    ['コーヒー 休止 ２', [{ handler: 'pause', args: ['2'] }]],
    ['ヘルプ。', [{ handler: 'help', args: [] }]],
    ['<at>Hallway</at> チェックイン！', [{ handler: 'checkIn', args: [] }]],
    ['私を忘れて', [{ handler: 'forgetMe', args: [] }]],
  ])('typed as people type it, %p runs %j', async (text, calls) => {
    expect(await typed(text)).toEqual(calls);
  });

  test.each<[string, string]>([
    ['kaffee teleportieren', 'unknownCommand'],
    ['café téléporter', 'unknownCommand'],
    ['コーヒー テレポート', 'unknownCommand'],
    ['hilfe mir', 'unknown'],
    ['ヘルプ してください', 'unknown'],
    ['einchecken jetzt', 'unknown'],
    ['coffeejoin', 'unknown'],
    ['pause2', 'unknown'],
  ])('%p is no command: it gets the %s answer', async (text, handler) => {
    expect(await typed(text)).toEqual([{ handler, args: [] }]);
  });

  test('whatever the language, a command is read as its canonical name, for the log', () => {
    expect(readCommand('kaffee beitreten')).toEqual({ kind: 'command', name: 'coffee join', args: [] });
    expect(readCommand('コーヒー休止3')).toEqual({ kind: 'command', name: 'coffee pause', args: ['3'] });
    expect(readCommand('tour de table')).toEqual({ kind: 'command', name: 'check-in', args: [] });
    expect(readCommand('kaffee xyz')).toEqual({ kind: 'family', family: 'coffee' });
  });

  test('long Japanese text with digits is read in one pass', () => {
    expect(readCommand(normaliseCommand(`コーヒー休止${'２'.repeat(100_000)}`))).toEqual({
      kind: 'command',
      name: 'coffee pause',
      args: ['2'.repeat(100_000)],
    });
    expect(readCommand(normaliseCommand(`${'コーヒー'.repeat(50_000)}1`))).toEqual({ kind: 'unknown' });
  });
});
