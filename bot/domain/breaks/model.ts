import type { UserText } from '../user-text';

/** A recurring coffee break of a team: no agenda, anyone can bring anything. */
export type Break = {
  id: string;
  /** The team (or group chat) it belongs to: the coffee programme's id. */
  programmeId: string;
  title: UserText;
  /** ISO weekdays, Monday = 1. */
  weekdays: number[];
  /** Local start time, "HH:mm", in `timeZone`. */
  time: string;
  timeZone: string;
  durationMinutes: number;
  /** A recurring Teams meeting an organiser pasted; https only. */
  joinUrl?: string;
  /** The reminder goes out this many minutes before the start. */
  reminderMinutes: number;
  /** Local dates ("YYYY-MM-DD") with no break. */
  skippedDates: string[];
  /** Where the reminder is posted: the channel chosen when it was set up. */
  channelReference: unknown;
  createdBy: string;
  createdAt: Date;
  deletedAt?: Date;
};

/** One occurrence: the break on a local date. */
export type Occurrence = { breakId: string; date: string; startsAt: Date; endsAt: Date };

export type RsvpAnswer = 'in' | 'out';
export const RSVP_ANSWERS = ['in', 'out'] as const;

export type Rsvp = { breakId: string; date: string; userId: string; name: UserText; answer: RsvpAnswer; at: Date };

export type Topic = {
  id: string;
  breakId: string;
  date: string;
  authorId: string;
  authorName: UserText;
  text: UserText;
  createdAt: Date;
  /** User ids of everyone who upvoted it. */
  votes: string[];
};

export const TOPIC_MAX_LENGTH = 200;
export const TITLE_MAX_LENGTH = 80;

// Every collection of a break has a bound, and each bound a message where it is met.

/** Breaks a team (or group chat) can have at once. */
export const BREAKS_PER_TEAM = 20;
/** Topics one occurrence can hold; people upvote instead. */
export const TOPICS_PER_OCCURRENCE = 50;
/** Topics one person can bring to one occurrence. */
export const TOPICS_PER_PERSON = 5;
/** People answer and bring topics for the occurrences of the next 8 weeks, no further ahead. */
export const ANSWER_WINDOW_WEEKS = 8;
/** Names of people coming listed per occurrence (card and tab); the others are counted. */
export const LISTED_NAMES = 30;
/** Topics on the reminder card: the most upvoted. */
export const LISTED_TOPICS = 5;
/** Topics the tab lists per occurrence, most upvoted first; the others are counted. */
export const TAB_LISTED_TOPICS = TOPICS_PER_OCCURRENCE;

/** What a person is told when a bound is met, in the tab and on the card alike. */
export const LIMIT_MESSAGES = {
  breaks: `A team can have at most ${BREAKS_PER_TEAM} coffee breaks; delete one to add another.`,
  topicsFull: `This break already has ${TOPICS_PER_OCCURRENCE} topics, the most it can hold: upvote one instead.`,
  topicsOfYours: `You have brought ${TOPICS_PER_PERSON} topics to this break, the most per person: delete one in the Hallway tab to add another.`,
  tooFarAhead: `You can answer for the breaks of the next ${ANSWER_WINDOW_WEEKS} weeks only; come back closer to the date.`,
} as const;
