// What days together needs stored; the drivers in bot/storage implement it.

import type { DayAnswer, DaysPlan, Seating } from './model';

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
};
