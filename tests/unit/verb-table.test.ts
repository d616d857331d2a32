import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestAdapter, type TurnContext } from 'botbuilder';
import { checkInCard } from '../../bot/cards/check-in-card';
import { renderCard, SerialisedCard, type AdaptiveCard, type CardReply } from '../../bot/cards/render';
import { ALL_VERBS, type Verb } from '../../bot/cards/verbs';
import { buildBoard } from '../../bot/domain/check-in/board';
import type { Place } from '../../bot/teams/activity';
import type { BreaksController } from '../../bot/teams/breaks-controller';
import type { CheckInController } from '../../bot/teams/check-in-controller';
import type { CoffeeCommands } from '../../bot/teams/coffee-commands';
import type { DaysController } from '../../bot/teams/days-controller';
import { HallwayBot, type HallwayBotDeps } from '../../bot/teams/hallway-bot';
import { dispatchVerb, verbTable, type VerbTable } from '../../bot/teams/verb-table';
import { answer, session, sharedAnswers } from '../fixtures/check-ins';
import { objectsIn, type CardNode } from '../fixtures/cards';

type Node = CardNode;

type Button = { card: string; verb: string; data: unknown };

/** What an input holds when its card's button is pressed: its value, or for a choice nobody made yet, the first one picked. */
function inputValue(input: Node): string {
  const value = String(input.value ?? '');
  const choices = input.choices as { value: string }[] | undefined;
  return value === '' && choices?.length ? choices[0]!.value : value;
}

/**
 * A card's Action.Execute buttons, each with the data Teams sends when it is pressed: its own and,
 * unless it says not to, the card's inputs.
 */
function buttonsOf(card: string, rendered: unknown): Button[] {
  const objects = objectsIn(rendered);
  const inputs = Object.fromEntries(
    objects.filter((o) => String(o.type).startsWith('Input.') && typeof o.id === 'string').map((o) => [o.id as string, inputValue(o)]),
  );
  // The card's refresh action is pressed by Teams itself, with the action's data only.
  const refresh = (rendered as { refresh?: { action?: unknown } }).refresh?.action;
  return objects
    .filter((o) => o.type === 'Action.Execute')
    .map((o) => ({
      card,
      verb: o.verb as string,
      data: o === refresh || o.associatedInputs === 'none' ? o.data : { ...inputs, ...(o.data as object) },
    }));
}

/** The confirm card Hallway sends for `forget me`: its verb is filled in by the bot. */
async function forgetMeConfirmCard(): Promise<AdaptiveCard> {
  const sent: AdaptiveCard[] = [];
  const quiet = () => undefined;
  const deps = {
    coffee: { commands: {} },
    messenger: { sendCard: async (_: TurnContext, card: AdaptiveCard) => void sent.push(card) },
    log: { info: quiet, warn: quiet, error: quiet, debug: quiet },
  } as unknown as HallwayBotDeps;
  const bot = new HallwayBot(deps);
  await new TestAdapter((context) => bot.run(context)).send('forget me');
  expect(sent).toHaveLength(1);
  return sent[0]!;
}

/** Every card Hallway sends that has buttons, rendered as it sends them, in each of its views. */
async function renderedCards(): Promise<{ name: string; card: unknown }[]> {
  const s = session();
  const board = buildBoard(sharedAnswers(3));
  return [
    { name: 'check-in, shared', card: checkInCard(s, board, { kind: 'shared' }, 'en') },
    {
      name: 'check-in, form',
      card: checkInCard(s, board, { kind: 'form', values: { mood: 'good', note: 'Hello', visibility: 'shared' } }, 'en'),
    },
    { name: 'check-in, mine', card: checkInCard(s, board, { kind: 'mine', answer: answer(1) }, 'en') },
    {
      name: 'break reminder',
      card: renderCard('break-reminder', {
        breakId: 'break-1',
        date: '2026-10-21',
        title: 'Friday coffee',
        whenLine: 'Wednesday 21 October, 10:00 to 10:30 (Europe/Lisbon)',
        comingLine: '2 coming',
        coming: 'Ana Silva, Ben Okafor',
        notComingLine: '',
        topicsLine: 'Topics',
        topics: [{ topicId: 'topic-1', text: 'Plants on the desk', votes: 2 }],
        topicDraft: 'A new topic',
        error: '',
        joinUrl: '',
        labels: {
          title: 'Coffee break',
          noAgenda: 'No agenda.',
          addTopicLabel: 'Add a topic',
          topicPlaceholder: 'An idea',
          join: 'Join',
          in: "I'm in",
          out: "Can't make it",
          addTopic: 'Add topic',
        },
      }),
    },
    {
      name: 'coffee match',
      card: renderCard('coffee-match', {
        programmeId: '19:team@thread.tacv2',
        headline: "This round you're meeting Ana Silva",
        partners: [{ name: 'Ana Silva', reason: 'first time you two meet' }],
        captainLine: "You're the captain this time: pick a slot and send the invite.",
        starter: 'What are you reading?',
        lengthLine: 'Suggested length: 30 minutes. No agenda needed.',
        groupChatUrl: '',
        scheduleUrl: '',
        labels: {
          title: 'Virtual coffee',
          starter: 'Conversation starter',
          openChat: 'Open group chat',
          schedule: 'Schedule',
          needBreak: 'Need a break?',
          pause1: 'Pause 1 week',
          pause2: 'Pause 2 weeks',
          pause4: 'Pause 4 weeks',
          pause8: 'Pause 8 weeks',
          pause: 'Pause',
        },
      }),
    },
    {
      name: 'coffee follow-up',
      card: renderCard('coffee-follow-up', {
        question: 'Did you meet Ana Silva?',
        detail: 'Only totals are shown.',
        roundId: 'round-1',
        askAgain: true,
        labels: { title: 'Virtual coffee', yes: 'Yes', planned: 'Planned', no: 'No' },
      }),
    },
    { name: 'forget me', card: await forgetMeConfirmCard() },
  ];
}

/** The verbs written into the templates themselves (a template may also take its verb as data, like confirm). */
function templateVerbs(): string[] {
  const dir = join(__dirname, '../../bot/cards/templates');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => objectsIn(JSON.parse(readFileSync(join(dir, file), 'utf8'))))
    .filter((o) => o.type === 'Action.Execute' && typeof o.verb === 'string' && !o.verb.includes('${'))
    .map((o) => o.verb as string);
}

type Call = { handler: string; data: unknown };

/** The table with controllers that only say which of their handlers was called, and with what. */
function recordingTable(): { table: VerbTable; calls: Call[] } {
  const calls: Call[] = [];
  const handler = (name: string) => async (_context: TurnContext, _place: Place, data: unknown) => {
    calls.push({ handler: name, data });
    return renderCard('notice', { title: `handled by ${name}`, text: '' });
  };
  const fake = <T>(names: string[]) => Object.fromEntries(names.map((n) => [n, handler(n)])) as T;
  const table = verbTable({
    checkIns: fake<CheckInController>(['onSubmit', 'onSubmitWithoutMood', 'onSkip', 'onEdit', 'onRefresh']),
    breaks: fake<BreaksController>(['onRsvp', 'onTopic', 'onVote']),
    days: fake<DaysController>(['onAnswer', 'onTalkAnswer', 'onMet']),
    coffee: fake<CoffeeCommands>(['onPause', 'onMet']),
    forgetMe: handler('forgetMe'),
  });
  return { table, calls };
}

const context = { activity: {} } as TurnContext;
const place: Place = { tenantId: 'tenant-1', conversationId: '19:chat@thread.v2', teamOrChatId: '19:chat@thread.v2' };
/** A reply as Teams reads it: a serialised card is the card its text says. */
const titleOf = (reply: CardReply) => ((reply instanceof SerialisedCard ? JSON.parse(reply.json) : reply).body[0] as { text: string }).text;

/** Which handler answers each verb, for data its card sends. */
const HANDLER_OF: Record<Verb, string> = {
  'check-in.submit': 'onSubmit',
  'check-in.skip': 'onSkip',
  'check-in.edit': 'onEdit',
  'check-in.refresh': 'onRefresh',
  'break.rsvp': 'onRsvp',
  'break.topic': 'onTopic',
  'break.vote': 'onVote',
  'days.answer': 'onAnswer',
  'days.talk': 'onTalkAnswer',
  'days.met': 'onMet',
  'coffee.pause': 'onPause',
  'coffee.met': 'onMet',
  'privacy.forget': 'forgetMe',
};

describe('the table of card verbs', () => {
  test('every verb a card can carry has an entry, and every entry is carried by some card', async () => {
    const onCards = [...templateVerbs(), ...(await renderedCards()).flatMap(({ name, card }) => buttonsOf(name, card).map((b) => b.verb))];
    const inTable = Object.keys(recordingTable().table);
    expect(onCards.length).toBeGreaterThan(0);
    // A verb on a card without an entry would get "that button didn't work".
    expect(onCards.filter((verb) => !inTable.includes(verb))).toEqual([]);
    // An entry no card carries is a handler nobody can reach.
    expect(inTable.filter((verb) => !onCards.includes(verb))).toEqual([]);
    expect([...inTable].sort()).toEqual([...ALL_VERBS].sort());
  });

  test('every button on every card, pressed as Teams sends it, reaches its own handler with its data parsed', async () => {
    const buttons = (await renderedCards()).flatMap(({ name, card }) => buttonsOf(name, card));
    expect(buttons.length).toBeGreaterThan(0);
    for (const button of buttons) {
      const { table, calls } = recordingTable();
      const card = await dispatchVerb(table, button.verb, context, place, button.data);
      expect({ button, handledBy: titleOf(card) }).toEqual({ button, handledBy: `handled by ${HANDLER_OF[button.verb as Verb]}` });
      expect(calls).toHaveLength(1);
    }
  });

  test('a handler sees only what the schema keeps: unknown fields are dropped and the weeks are a number', async () => {
    const { table, calls } = recordingTable();
    await dispatchVerb(table, 'coffee.pause', context, place, { programmeId: 'p-1', weeks: '4', isOrganiser: true });
    await dispatchVerb(table, 'check-in.submit', context, place, { sessionId: 's-1', mood: 'good', sessionOwner: 'me' });
    expect(calls).toEqual([
      { handler: 'onPause', data: { programmeId: 'p-1', weeks: 4 } },
      { handler: 'onSubmit', data: { sessionId: 's-1', mood: 'good' } },
    ]);
  });

  test.each<[string, unknown, string]>([
    ['check-in.skip', { sessionId: 42 }, 'This check-in is no longer available'],
    ['check-in.edit', null, 'This check-in is no longer available'],
    ['check-in.refresh', { sessionId: '' }, 'This check-in is no longer available'],
    ['break.rsvp', { breakId: 'b-1', date: '2026-10-21', answer: 'maybe' }, 'This break is over or was cancelled'],
    ['break.topic', { breakId: 'b-1' }, 'This break is over or was cancelled'],
    ['break.vote', { topicId: ['t-1'] }, 'This break is over or was cancelled'],
    ['coffee.pause', { programmeId: 'p-1', weeks: '99' }, 'Pick how many weeks'],
    ['coffee.met', { roundId: 'r-1', answer: 'perhaps' }, "Sorry, that button didn't work"],
    ['privacy.forget', { confirm: 'perhaps' }, 'Nothing was deleted'],
  ])('%s with data no card sends (%j) never reaches its handler: it gets "%s"', async (verb, data, title) => {
    const { table, calls } = recordingTable();
    const card = await dispatchVerb(table, verb, context, place, data);
    expect(titleOf(card)).toBe(title);
    expect(calls).toEqual([]);
  });

  test('a check-in submitted without a mood goes back to the form, not to the answer', async () => {
    const { table, calls } = recordingTable();
    await dispatchVerb(table, 'check-in.submit', context, place, { sessionId: 's-1', note: 'Typed with care' });
    expect(calls).toEqual([{ handler: 'onSubmitWithoutMood', data: { sessionId: 's-1', note: 'Typed with care' } }]);
  });

  test.each(['coffee.teleport', 'check-in.', 'constructor', '__proto__', 'toString', 'hasOwnProperty', ''])(
    'a verb Hallway does not know (%p) gets the friendly unknown-action card',
    async (verb) => {
      const { table, calls } = recordingTable();
      const card = await dispatchVerb(table, verb, context, place, { sessionId: 's-1' });
      expect(titleOf(card)).toBe("Sorry, that button didn't work");
      expect(calls).toEqual([]);
    },
  );

  test('a table without a handler for every verb does not type-check', () => {
    const { table } = recordingTable();
    const { 'break.vote': _vote, ...withoutVote } = table;
    // @ts-expect-error Property 'break.vote' is missing: npm test's type-check fails if this ever compiles.
    const incomplete: VerbTable = withoutVote;
    expect(Object.keys(incomplete)).not.toContain('break.vote');
  });
});
