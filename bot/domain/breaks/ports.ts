// What the breaks use cases need stored; the drivers in bot/storage implement it.

import type { Break, Rsvp, Topic } from './model';

export type Breaks = {
  save(b: Break): Promise<void>;
  get(id: string): Promise<Break | undefined>;
  /** A team's breaks, deleted ones left out. */
  list(programmeId: string): Promise<Break[]>;
  /** Every break not deleted, of every team (for reminders). */
  active(): Promise<Break[]>;
  /**
   * Stores a person's answer for an occurrence; a later one replaces it. Here and in `addTopic`
   * and `vote`, `aadObjectId` is the person's directory object id when known: kept with the row,
   * so forget me and export from the tab (which knows only that id) find it.
   */
  rsvp(r: Rsvp, aadObjectId?: string): Promise<void>;
  rsvps(breakId: string, date: string): Promise<Rsvp[]>;
  addTopic(t: Topic, authorAadObjectId?: string): Promise<void>;
  getTopic(id: string): Promise<Topic | undefined>;
  deleteTopic(id: string): Promise<void>;
  /** Adds or removes a person's upvote. */
  vote(topicId: string, userId: string, on: boolean, aadObjectId?: string): Promise<void>;
  /** An occurrence's topics, most upvoted first. */
  topics(breakId: string, date: string): Promise<Topic[]>;
  /** Claims the reminder of an occurrence: true once, whichever instance asks first. */
  claimReminder(breakId: string, date: string, at: Date): Promise<boolean>;
  /** Gives a claimed reminder back when it could not be posted, so the next look tries again. */
  releaseReminder(breakId: string, date: string): Promise<void>;
  setReminderMessage(breakId: string, date: string, messageId: string): Promise<void>;
  reminderMessage(breakId: string, date: string): Promise<string | undefined>;
};
