// What days together needs stored; the drivers in bot/storage implement it.

import type { Programme } from '../coffee/model';
import type { UserText } from '../user-text';
import type { DayAnswer, DaysPlan, Seating, TalkRequest } from './model';

export type DaysTogether = {
  /** Creates or replaces a plan; the team, organiser and creation time stay those of the first save. */
  save(plan: DaysPlan): Promise<void>;
  get(id: string): Promise<DaysPlan | undefined>;
  /** A team's plans, cancelled ones left out, first day first. */
  list(programmeId: string): Promise<DaysPlan[]>;
  /** Every plan not cancelled, of every team (for drawing, reminders and follow-ups). */
  active(): Promise<DaysPlan[]>;
  /**
   * Stores a person's answer for one day; a later one replaces it. `aadObjectId` is kept with the
   * row so forget me and export from the tab (which knows only that id) find it.
   */
  answer(a: DayAnswer, aadObjectId?: string): Promise<void>;
  /** Every answer of a plan, by date then time of answer. */
  answers(planId: string): Promise<DayAnswer[]>;
  /** Stores the social plan, replacing an earlier one (late sign-ups change it). */
  saveSeating(seating: Seating): Promise<void>;
  seating(planId: string): Promise<Seating | undefined>;
  /** The message holding the plan's card in the channel, to update it for everyone. */
  setCardMessage(planId: string, messageId: string): Promise<void>;
  cardMessage(planId: string): Promise<string | undefined>;
  /** Stores a face-to-face request (ids: both people's directory object ids, for forget me). */
  askTalk(request: TalkRequest, aadObjectIds: { from?: string; to?: string }): Promise<void>;
  /** A plan's face-to-face requests, oldest first. Never shown to anyone but the two people. */
  talks(planId: string): Promise<TalkRequest[]>;
  setTalkStatus(planId: string, requestId: string, status: TalkRequest['status'], at: Date): Promise<void>;
  /** "Did you meet someone new?": one answer per person per plan, a later one replaces it. */
  recordMet(planId: string, userId: string, met: boolean, at: Date, aadObjectId?: string): Promise<void>;
  metAnswers(planId: string): Promise<{ userId: string; met: boolean }[]>;
};

/** What one person is told, privately, once the social plan is drawn; bot/cards decides how it looks. */
export type DaysMessage = {
  kind: 'your-days';
  plan: DaysPlan;
  /** Each day the person is coming: who else sits at their lunch table and who they walk with. */
  days: { date: string; tableMates: UserText[]; walkWith: UserText[]; photo: boolean; talks?: UserText[] }[];
  starter: string;
};

/** Messages about days together (bot/teams implements it, with the messenger's pacing and retries). */
export type DaysNotifier = {
  /** A 1:1 message to one person of the team. */
  tell(programme: Programme, userId: string, message: DaysMessage): Promise<{ kind: 'sent' } | { kind: 'failed'; error: unknown }>;
  /** The plan's card in the channel should show what changed (answers, the tables). */
  planChanged(plan: DaysPlan): void;
  /** The team photo is today: a reminder in the team's channel. */
  remindPhoto(plan: DaysPlan): Promise<void>;
  /** After the days: "Did you meet someone new?" in the person's 1:1 chat. */
  askMet(programme: Programme, plan: DaysPlan, userId: string): Promise<void>;
};
