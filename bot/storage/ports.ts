import type { Answer, CheckInSession, MeetingSettings } from '../domain/check-in/model';

/** Where Hallway is installed: a team, a group chat, a meeting chat or a personal chat. */
export type Installation = {
  conversationId: string;
  tenantId: string;
  conversationType: 'personal' | 'groupChat' | 'channel';
  teamId?: string;
  teamName?: string;
  /** The Teams layer's conversation reference, used to message the conversation later. */
  reference: unknown;
  installedBy?: string;
  installedAt: Date;
};

export type Installations = {
  /** Stores or refreshes an installation; `created` is true only the first time. */
  upsert(installation: Installation): Promise<{ created: boolean }>;
  get(conversationId: string): Promise<Installation | undefined>;
  remove(conversationId: string): Promise<void>;
};

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

/** Everything Hallway stores, behind one interface per role. */
export type Storage = {
  installations: Installations;
  checkIns: CheckIns;
  meetingSettings: MeetingSettingsStore;
  /** Answers when storage can serve requests (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
};
