import type { TurnContext } from 'botbuilder';
import type { z } from 'zod';
import type { AdaptiveCard, CardReply } from '../cards/render';
import {
  BREAK_VERBS,
  COFFEE_VERBS,
  DAYS_VERBS,
  daysAnswerData,
  daysTalkData,
  daysMetData,
  forgetData,
  metData,
  pauseData,
  PRIVACY_VERBS,
  rsvpData,
  sessionData,
  submitData,
  topicData,
  voteData,
  type ForgetData,
  type Verb,
} from '../cards/verbs';
import { VERBS as CHECK_IN_VERBS } from '../cards/check-in-card';
import { personLocale, type Place } from './activity';
import { nothingDeletedNotice, unknownActionNotice } from './common-cards';
import { breakGoneCard, type BreaksController } from './breaks-controller';
import { checkInGoneReply, type CheckInController } from './check-in-controller';
import { coffeeButtonFailedCard, pickWeeksCard, type CoffeeCommands } from './coffee-commands';
import { daysGoneReply, type DaysController } from './days-controller';
import { talkGoneCard } from './days-talks';
import { metGoneCard } from './days-met';

/**
 * What answers a card button: `context` says who pressed it, `place` where (read once, see
 * placeOf), `data` is what the card carried, already parsed.
 */
export type VerbHandler<D> = (context: TurnContext, place: Place, data: D) => Promise<CardReply>;

/** One verb: the data its button carries, and what answers it. */
export type VerbEntry = {
  schema: z.ZodType;
  /** Parses the data with `schema`, then answers with the handler, or with the card for bad data. */
  run: VerbHandler<unknown>;
};

/**
 * An entry whose handler sees only data its schema accepted. Data that does not parse (an old
 * card, or one made up) gets `invalid`: the same card the handler gives for something gone.
 */
export function verb<S extends z.ZodType>(
  schema: S,
  handler: VerbHandler<z.output<S>>,
  invalid: (context: TurnContext, place: Place, data: unknown) => CardReply | Promise<CardReply>,
): VerbEntry {
  return {
    schema,
    run: async (context, place, data) => {
      const parsed = schema.safeParse(data);
      return parsed.success ? handler(context, place, parsed.data) : invalid(context, place, data);
    },
  };
}

/**
 * Every card verb and its handler. A Record over the Verb union, so a verb of bot/cards/verbs.ts
 * without an entry here (or an entry for no verb) fails the type-check: without the
 * `[BREAK_VERBS.vote]` line, tsc says `Property '"break.vote"' is missing in type '{ … }' but
 * required in type 'VerbTable'`. tests/unit/verb-table.test.ts checks that every verb a card can
 * carry has an entry, and that every entry is carried by some card.
 */
export type VerbTable = Record<Verb, VerbEntry>;

export type VerbHandlers = {
  checkIns: CheckInController;
  breaks: BreaksController;
  days: DaysController;
  coffee: CoffeeCommands;
  forgetMe: VerbHandler<ForgetData>;
};

export function verbTable({ checkIns, breaks, days, coffee, forgetMe }: VerbHandlers): VerbTable {
  return {
    [CHECK_IN_VERBS.submit]: verb(
      submitData,
      (c, p, d) => checkIns.onSubmit(c, p, d),
      (c, p, d) => checkIns.onSubmitWithoutMood(c, p, d),
    ),
    [CHECK_IN_VERBS.skip]: verb(sessionData, (c, p, d) => checkIns.onSkip(c, p, d), checkInGoneReply),
    [CHECK_IN_VERBS.edit]: verb(sessionData, (c, p, d) => checkIns.onEdit(c, p, d), checkInGoneReply),
    [CHECK_IN_VERBS.refresh]: verb(sessionData, (c, p, d) => checkIns.onRefresh(c, p, d), checkInGoneReply),
    [BREAK_VERBS.rsvp]: verb(rsvpData, (c, p, d) => breaks.onRsvp(c, p, d), breakGoneCard),
    [BREAK_VERBS.topic]: verb(topicData, (c, p, d) => breaks.onTopic(c, p, d), breakGoneCard),
    [BREAK_VERBS.vote]: verb(voteData, (c, p, d) => breaks.onVote(c, p, d), breakGoneCard),
    [DAYS_VERBS.answer]: verb(daysAnswerData, (c, p, d) => days.onAnswer(c, p, d), daysGoneReply),
    [DAYS_VERBS.talk]: verb(daysTalkData, (c, p, d) => days.onTalkAnswer(c, p, d), talkGoneCard),
    [DAYS_VERBS.met]: verb(daysMetData, (c, p, d) => days.onMet(c, p, d), metGoneCard),
    [COFFEE_VERBS.pause]: verb(pauseData, (c, p, d) => coffee.onPause(c, p, d), pickWeeksCard),
    [COFFEE_VERBS.met]: verb(metData, (c, p, d) => coffee.onMet(c, p, d), coffeeButtonFailedCard),
    [PRIVACY_VERBS.forget]: verb(forgetData, forgetMe, nothingDeletedCard),
  };
}

/** Answers one card action: the verb's entry, or for a verb Hallway does not know, the friendly unknown-action card. */
export function dispatchVerb(table: VerbTable, name: string, context: TurnContext, place: Place, data: unknown): Promise<CardReply> {
  // Own keys only: a verb named "constructor" or "__proto__" is just unknown.
  if (!Object.hasOwn(table, name)) return Promise.resolve(unknownActionNotice(personLocale(context)));
  return table[name as Verb].run(context, place, data);
}

/** Cancel on the confirm card, or data that is not a Yes: nothing happens (in the presser's language). */
export function nothingDeletedCard(context: TurnContext): AdaptiveCard {
  return nothingDeletedNotice(personLocale(context));
}
