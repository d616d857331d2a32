// What the check-in use cases need stored; the drivers in bot/storage implement it.

import type { Answer, CheckInSession, MeetingSettings } from './model';

export type CreateSessionResult =
  | { kind: 'created' }
  /** This occurrence already had a check-in (posted or being posted). */
  | { kind: 'duplicate-occurrence'; existing: CheckInSession }
  /** Another check-in is open in this chat. */
  | { kind: 'already-open'; existing: CheckInSession };

export type CheckIns = {
  /** Creates a session unless its occurrence already has one or its chat has an open one. */
  create(session: CheckInSession): Promise<CreateSessionResult>;
  get(sessionId: string): Promise<CheckInSession | undefined>;
  findOpen(conversationId: string): Promise<CheckInSession | undefined>;
  setMessageId(sessionId: string, messageId: string): Promise<void>;
  /** Closes the session; false when it was not open. */
  close(sessionId: string, closedAt: Date): Promise<boolean>;
  /** Removes a session whose card could not be posted, so a retry can post it. */
  discard(sessionId: string): Promise<void>;
  /** Stores a person's answer; a later answer from the same person replaces theirs. */
  saveAnswer(answer: Answer): Promise<void>;
  /** Adds the sign-in name looked up after the answer was saved. */
  setAnswerUpn(sessionId: string, userId: string, upn: string): Promise<void>;
  getAnswer(sessionId: string, userId: string): Promise<Answer | undefined>;
  /** All answers, newest first. */
  listAnswers(sessionId: string): Promise<Answer[]>;
  /** Question ids asked in a series, oldest first. */
  questionHistory(seriesKey: string): Promise<string[]>;
};

export type MeetingSettingsStore = {
  get(meetingId: string): Promise<MeetingSettings | undefined>;
  put(meetingId: string, settings: MeetingSettings): Promise<void>;
};
