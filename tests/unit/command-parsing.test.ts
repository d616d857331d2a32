import fc from 'fast-check';
import { TestAdapter, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../../bot/cards/render';
import { COMMAND_MAX_LENGTH, normaliseCommand } from '../../bot/teams/command-text';
import { COMMAND_LIST } from '../../bot/teams/command-list';
import { HallwayBot, type HallwayBotDeps } from '../../bot/teams/hallway-bot';

/**
 * What normaliseCommand means, written with the regular expressions it replaced. Fine for the short
 * strings it is compared on here; on 100,000 dots `[.!?]+$` takes half a minute.
 */
function meaning(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .join(' ')
    .replace(/[.!?。！？\s]+$/, '');
}

const COMMANDS = [...COMMAND_LIST.map((c) => c.title), 'check in', 'checkin', 'coffee pause 13', 'coffee pair now'];
const space = fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\u2028', '\ufeff');
const spaces = fc.array(space, { minLength: 1, maxLength: 4 }).map((s) => s.join(''));
const mention = fc
  .string({ unit: fc.constantFrom('H', 'a', 'l', 'w', 'y', ' ', '.', '>', '/', '&', 'é', '🙂'), maxLength: 20 })
  .map((name) => `<at>${name}</at>`);
/** Between words: some spacing, or a mention (with or without spacing around it). */
const gap = fc.oneof(
  spaces,
  mention,
  fc.tuple(spaces, mention, spaces).map((parts) => parts.join('')),
);
const trailing = fc.array(fc.constantFrom('.', '!', '?', ' '), { maxLength: 200 }).map((s) => s.join(''));

/** A command as people might type it: any case, spacing, mentions, punctuation at the end. */
const typed = fc
  .record({
    command: fc.constantFrom(...COMMANDS),
    lead: fc.option(gap, { nil: '' }),
    gaps: fc.array(gap, { minLength: 3, maxLength: 3 }),
    trailing,
    tail: fc.option(spaces, { nil: '' }),
    upper: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
  })
  .map(({ command, lead, gaps, trailing, tail, upper }) => {
    const cased = [...command].map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch)).join('');
    const words = cased.split(' ');
    return { command, text: lead + words.map((w, i) => (i === 0 ? w : gaps[(i - 1) % gaps.length] + w)).join('') + trailing + tail };
  });

describe('reading a typed command', () => {
  test('any command, in any case, with any spacing, mentions and punctuation at the end, is read as that command', () => {
    fc.assert(
      fc.property(typed, ({ command, text }) => {
        expect(normaliseCommand(text)).toBe(command);
      }),
      { numRuns: 2000 },
    );
  });

  test('on any text, it reads the same as the regular expressions it replaced', () => {
    const pieces = fc.oneof(
      fc.constantFrom('<at>', '</at>', '<AT>', '</At>', '<', '>', '/', '.', '!', '?', ' ', '\u00a0', '\t', 'help', 'coffee', 'İ', 'K'),
      fc.string({ unit: 'binary', maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 400 }), (parts) => {
        const text = parts.join('');
        expect(normaliseCommand(text)).toBe(meaning(text));
      }),
      { numRuns: 1000 },
    );
  });

  // These took the old parser seconds to minutes; each is one pass now (the benchmark has the figures).
  test.each<[string, string, string]>([
    ['50,000 dots then a letter', `${'.'.repeat(50_000)}x`, `${'.'.repeat(50_000)}x`],
    ['a command then 50,000 exclamation marks', `help${'!'.repeat(50_000)}`, 'help'],
    ['a command then 50,000 spaced dots', `coffee join${' .'.repeat(50_000)}`, 'coffee join'],
    ['20,000 unclosed mentions', '<at>'.repeat(20_000), '<at>'.repeat(20_000)],
    ['20,000 unclosed mentions and a closed one', `${'<AT>'.repeat(20_000)}Hallway</at> help`, `${'<at>'.repeat(19_999)} help`],
    ['one mention never closed, 100,000 letters long', `<at>${'a'.repeat(100_000)}`, `<at>${'a'.repeat(100_000)}`],
    ['10,000 mentions before a command', `${'<at>Hallway</at>'.repeat(10_000)} Coffee   Join!`, 'coffee join'],
    ['20,000 mentions and dots, then a command', `${'<at>x</at> .'.repeat(20_000)}<at>Hallway</at> breaks?`, `${'. '.repeat(20_000)}breaks`],
    ['20,000 unclosed mentions with dots, one closed at the end', `${'<at>.'.repeat(20_000)}</at> help`, `${'<at>.'.repeat(19_999)} help`],
    ['100,000 of every kind of space around a command', `${' \u00a0\u3000\t'.repeat(25_000)}forget me${'\u2028 '.repeat(50_000)}`, 'forget me'],
  ])('%s is read in one pass', (_, text, expected) => {
    expect(normaliseCommand(text)).toBe(expected);
  });

  test('long strings made of the worst pieces read the same as the regular expressions did', () => {
    const worst = fc.constantFrom('<at>', '</at>', '<', '.', '!', '?', ' ', 'a', 'help');
    fc.assert(
      fc.property(fc.array(worst, { minLength: 1000, maxLength: 3000 }), (parts) => {
        const text = parts.join('');
        expect(normaliseCommand(text)).toBe(meaning(text));
      }),
      { numRuns: 50 },
    );
  });
});

describe('a message longer than any command', () => {
  type Sent = { card: AdaptiveCard };
  function bot() {
    const sent: Sent[] = [];
    const coffee: string[] = [];
    const quiet = () => undefined;
    const deps = {
      checkIns: {},
      breaks: {},
      privacy: {},
      installations: {},
      // Each coffee command records what followed "coffee".
      coffee: {
        commands: {
          status: async () => void coffee.push(''),
          join: async () => void coffee.push('join'),
          leave: async () => void coffee.push('leave'),
          pause: async (_: TurnContext, args: string[]) => void coffee.push(['pause', ...args].join(' ')),
          resume: async () => void coffee.push('resume'),
          pairNow: async () => void coffee.push('pair now'),
          unknownCommand: async () => void coffee.push('?'),
        },
      },
      messenger: { sendCard: async (_: TurnContext, card: AdaptiveCard) => void sent.push({ card }) },
      clock: { now: () => new Date('2026-11-27T09:00:00Z') },
      log: { info: quiet, warn: quiet, error: quiet, debug: quiet },
    } as unknown as HallwayBotDeps;
    const hallway = new HallwayBot(deps);
    const adapter = new TestAdapter((context) => hallway.run(context));
    return { adapter, sent, coffee };
  }
  const titleOf = (card: AdaptiveCard) => (card.body[0] as { text: string }).text;

  test(`is answered with help, unread: "coffee join" followed by ${COMMAND_MAX_LENGTH} dots is not a coffee command`, async () => {
    const { adapter, sent, coffee } = bot();
    await adapter.send(`coffee join${'.'.repeat(COMMAND_MAX_LENGTH)}`);
    expect(coffee).toEqual([]);
    expect(sent.map((s) => titleOf(s.card))).toEqual(["I didn't catch that. Here's what I can do"]);
  });

  test('of a million pathological characters is answered with help too', async () => {
    const { adapter, sent, coffee } = bot();
    await adapter.send('<at>'.repeat(125_000) + '.'.repeat(500_000));
    expect(coffee).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(titleOf(sent[0]!.card)).toBe("I didn't catch that. Here's what I can do");
  });

  test(`up to ${COMMAND_MAX_LENGTH} characters, a command is read as usual`, async () => {
    const { adapter, sent, coffee } = bot();
    const text = '<at>Hallway</at> Coffee Join';
    await adapter.send(text + '!'.repeat(COMMAND_MAX_LENGTH - text.length));
    expect(coffee).toEqual(['join']);
    expect(sent).toEqual([]);
  });
});
