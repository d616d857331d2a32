import { z } from 'zod';
import { RSVP_ANSWERS } from '../domain/breaks/model';
import { MOOD_IDS, VISIBILITIES } from '../domain/check-in/model';
import { parseWeeks } from '../domain/coffee/membership';
import { MEET_ANSWERS } from '../domain/coffee/model';
import { VERBS as CHECK_IN_VERBS } from './check-in-card';

/** The Action.Execute verbs of the coffee cards. */
export const COFFEE_VERBS = { pause: 'coffee.pause', met: 'coffee.met' } as const;

/** The Action.Execute verbs of the coffee-break reminder card. */
export const BREAK_VERBS = { rsvp: 'break.rsvp', topic: 'break.topic', vote: 'break.vote' } as const;

/** The Action.Execute verbs of days together's card in the channel. */
export const DAYS_VERBS = { answer: 'days.answer', talk: 'days.talk', met: 'days.met' } as const;

/** The Action.Execute verbs of the privacy cards. */
export const PRIVACY_VERBS = { forget: 'privacy.forget' } as const;

type ValueOf<T> = T[keyof T];

/** Every verb a card Hallway sends may carry: the Teams layer's verb table has one entry per verb. */
export type Verb =
  | ValueOf<typeof CHECK_IN_VERBS>
  | ValueOf<typeof COFFEE_VERBS>
  | ValueOf<typeof BREAK_VERBS>
  | ValueOf<typeof DAYS_VERBS>
  | ValueOf<typeof PRIVACY_VERBS>;

export const ALL_VERBS: Verb[] = [
  ...Object.values(CHECK_IN_VERBS),
  ...Object.values(COFFEE_VERBS),
  ...Object.values(PRIVACY_VERBS),
  ...Object.values(BREAK_VERBS),
  ...Object.values(DAYS_VERBS),
];

/*
 * What each button's data may hold. Anyone can press a button with any data they like, so each is
 * parsed before a handler sees it, and ids are only bounded strings here: whether they name
 * something of the place the card was pressed in is the handler's check.
 */

const sessionId = z.string().min(1).max(200);

/** check-in.skip, .edit and .refresh: the check-in the card belongs to. */
export const sessionData = z.object({ sessionId });
export type SessionData = z.output<typeof sessionData>;

/**
 * check-in.submit: the form. Without a mood the form comes back asking for one, in the presser's
 * language (the check-in's words): no message of these schemas is ever shown to anyone.
 */
export const submitData = sessionData.extend({
  mood: z.enum(MOOD_IDS),
  note: z.string().max(10_000).optional(),
  visibility: z.enum(VISIBILITIES).optional(),
});
export type SubmitData = z.output<typeof submitData>;

/** What a check-in.submit without a mood did carry that the form can show again: a known mood and visibility, text as text. */
export function typedSoFar(data: unknown): Partial<Pick<SubmitData, 'mood' | 'note' | 'visibility'>> {
  const raw = data as Record<string, unknown>;
  return {
    mood: MOOD_IDS.find((m) => m === raw.mood),
    note: typeof raw.note === 'string' ? raw.note : undefined,
    visibility: VISIBILITIES.find((v) => v === raw.visibility),
  };
}

const occurrenceData = z.object({ breakId: z.string().min(1).max(200), date: z.string().max(20) });

/** break.rsvp: I'm in, or can't make it, for one occurrence of a break. */
export const rsvpData = occurrenceData.extend({ answer: z.enum(RSVP_ANSWERS) });
export type RsvpData = z.output<typeof rsvpData>;

/**
 * break.topic: the occurrence and what was typed. A topic that is not text counts as nothing
 * typed, so the card asks for one rather than calling the break over.
 */
export const topicData = occurrenceData.extend({ topic: z.string().max(5000).optional().catch(undefined) });
export type TopicData = z.output<typeof topicData>;

/** days.answer: I'm coming, or not this time, for one day of a plan. */
export const daysAnswerData = z.object({ planId: z.string().min(1).max(200), date: z.string().max(20), answer: z.enum(['coming', 'not-coming']) });
export type DaysAnswerData = z.output<typeof daysAnswerData>;

/** days.talk: the colleague asked privately for time face to face accepts or declines. */
export const daysTalkData = z.object({ planId: z.string().min(1).max(200), requestId: z.string().min(1).max(200), answer: z.enum(['accept', 'decline']) });
export type DaysTalkData = z.output<typeof daysTalkData>;

/** days.met: "Did you meet someone new?" answered after the days. */
export const daysMetData = z.object({ planId: z.string().min(1).max(200), answer: z.enum(['yes', 'no']) });
export type DaysMetData = z.output<typeof daysMetData>;

/** break.vote: the topic voted for. */
export const voteData = z.object({ topicId: z.string().min(1).max(200) });
export type VoteData = z.output<typeof voteData>;

/** coffee.pause, from the match card: the programme and a number of weeks, 1 to 52. */
export const pauseData = z.object({
  programmeId: z.string().min(1).max(500),
  weeks: z
    .string()
    .max(3)
    .transform((text, ctx) => {
      const weeks = parseWeeks(text);
      if (weeks !== undefined) return weeks;
      // For the log only: the card asking for the weeks again is in the presser's language.
      ctx.addIssue({ code: 'custom', message: 'weeks must be 1 to 52' });
      return z.NEVER;
    }),
});
export type PauseData = z.output<typeof pauseData>;

/** coffee.met: "Did you meet?" answered for a round. */
export const metData = z.object({ roundId: z.string().min(1).max(200), answer: z.enum(MEET_ANSWERS) });
export type MetData = z.output<typeof metData>;

/** privacy.forget: the confirm card's Yes or Cancel. */
export const forgetData = z.object({ confirm: z.enum(['yes', 'no']) });
export type ForgetData = z.output<typeof forgetData>;
