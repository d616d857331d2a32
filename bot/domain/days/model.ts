import type { UserText } from '../user-text';

/**
 * Days together: a team's rare days in one place, planned so people spend them on each other
 * (lunch tables and coffee walks with the colleagues they know least) rather than on work.
 */
export type DaysPlan = {
  id: string;
  /** The team it belongs to: the coffee programme's id, as for breaks. */
  programmeId: string;
  /** 1 to DAYS_MAX consecutive local dates ("YYYY-MM-DD"), in order. */
  dates: string[];
  /** Where, as the organiser typed it. */
  place: UserText;
  /** A map or venue page; https only. */
  link?: string;
  /** The team's time zone for these days: reminders and "today" follow it. */
  timeZone: string;
  /** The organiser: directory object id, or Teams user id when that is unknown. */
  organiser: string;
  /** Where the card is posted: the channel it was planned from. */
  channelReference: unknown;
  createdAt: Date;
  cancelledAt?: Date;
};

/** One person's answer for one day of a plan; a later answer replaces it. */
export type DayAnswer = { planId: string; date: string; userId: string; name: UserText; coming: boolean; at: Date };

/**
 * A private request for time face to face: only the two people ever know of it. The colleague
 * accepts or declines; the asker hears only "not this time" on a decline.
 */
export type TalkRequest = {
  id: string;
  planId: string;
  fromUserId: string;
  fromName: UserText;
  toUserId: string;
  toName: UserText;
  status: 'asked' | 'accepted' | 'declined';
  at: Date;
};

/** The social plan of one day: lunch tables, afternoon coffee walks, the photo slot. */
export type SeatingDay = {
  date: string;
  /** Teams user ids per lunch table. */
  tables: string[][];
  /** Teams user ids per coffee walk: pairs, one trio when the count is odd. */
  walks: string[][];
  /** The team photo is taken this day (after lunch). */
  photo?: boolean;
};

/** The social plan of all days, drawn once before the first day. */
export type Seating = { planId: string; drawnAt: Date; days: SeatingDay[] };

export const DAYS_MAX = 5;
export const PLACE_MAX_LENGTH = 200;
export const LINK_MAX_LENGTH = 2000;

// Every collection has a bound, and each bound a message where it is met.

/** Upcoming days together a team can have planned at once. */
export const PLANS_PER_TEAM = 10;
/** People who can say they are coming on one day; a team larger than this plans several days. */
export const PEOPLE_PER_DAY = 1000;
/** Names listed per day on the card; the others are counted. */
export const LISTED_NAMES = 30;

/** What a person is told when a bound is met, in the tab and on the card alike. */
export const LIMIT_MESSAGES = {
  plans: `A team can have at most ${PLANS_PER_TEAM} days together planned; cancel one to plan another.`,
  full: `${PEOPLE_PER_DAY} people are coming that day already, the most one day can hold.`,
} as const;
