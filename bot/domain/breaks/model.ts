/** A recurring coffee break of a team: no agenda, anyone can bring anything. */
export type Break = {
  id: string;
  /** The team (or group chat) it belongs to: the coffee programme's id. */
  programmeId: string;
  title: string;
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

export type Rsvp = { breakId: string; date: string; userId: string; name: string; answer: RsvpAnswer; at: Date };

export type Topic = {
  id: string;
  breakId: string;
  date: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: Date;
  /** User ids of everyone who upvoted it. */
  votes: string[];
};

export const TOPIC_MAX_LENGTH = 200;
export const TITLE_MAX_LENGTH = 80;
