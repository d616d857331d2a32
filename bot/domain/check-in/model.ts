import type { Locale } from '../language';
import type { Person } from '../person';
import type { UserText } from '../user-text';

/** The five-step mood scale, sunniest first. Ids are stored; emoji and labels are shown. */
export const MOODS = [
  { id: 'great', emoji: '☀️', label: 'Great' },
  { id: 'good', emoji: '🌤️', label: 'Good' },
  { id: 'okay', emoji: '⛅', label: 'Okay' },
  { id: 'low', emoji: '🌧️', label: 'Low' },
  { id: 'rough', emoji: '⛈️', label: 'Rough' },
] as const;

export type MoodId = (typeof MOODS)[number]['id'];
export const MOOD_IDS = MOODS.map((m) => m.id) as [MoodId, ...MoodId[]];

export function moodOf(id: MoodId) {
  return MOODS.find((m) => m.id === id)!;
}

/** share: name, mood and note are shown to the meeting; private: only counted. */
export type Visibility = 'shared' | 'private';
export const VISIBILITIES = ['shared', 'private'] as const;

export const NOTE_MAX_LENGTH = 280;

export type QuestionBank = 'light' | 'deeper' | 'custom';

export type MeetingSettings = {
  enabled: boolean;
  questionBank: QuestionBank;
  customQuestions: UserText[];
  summaryAtEnd: boolean;
  defaultVisibility: Visibility;
  /** The language of the shared card; unset: the language of whoever installed Hallway in the chat. */
  language?: Locale;
};

export const DEFAULT_MEETING_SETTINGS: MeetingSettings = {
  enabled: true,
  questionBank: 'light',
  customQuestions: [],
  summaryAtEnd: true,
  defaultVisibility: 'shared',
};

/** Where a check-in lives: enough to post to and update the meeting chat later. */
export type ChatAddress = {
  tenantId: string;
  conversationId: string;
  /** Opaque to the domain: the Teams layer's conversation reference. */
  reference: unknown;
  /**
   * The team, for a chat in one of its channels (a channel meeting): its id is not the chat's,
   * and the team's data, these check-ins included, is deleted when Hallway leaves the team.
   */
  teamId?: string;
};

export type CheckInStatus = 'open' | 'closed';

export type CheckInSession = {
  id: string;
  /** One session per occurrence, ever: meeting id + start time, or a manual key. */
  occurrenceKey: string;
  /** The meeting series (or the chat, outside meetings): question rotation is per series. */
  seriesKey: string;
  meetingId?: string;
  /** The meeting's title, as its organiser wrote it. */
  title?: UserText;
  address: ChatAddress;
  questionId: string;
  /** From the question bank, or written by the organiser (custom questions). */
  question: UserText;
  status: CheckInStatus;
  /** The posted shared card; absent until the card is posted. */
  messageId?: string;
  defaultVisibility: Visibility;
  summaryAtEnd: boolean;
  startedAt: Date;
  closedAt?: Date;
};

export type Answer = {
  sessionId: string;
  person: Person;
  /** Absent when the person skipped today. */
  mood?: MoodId;
  note?: UserText;
  visibility: Visibility;
  skipped: boolean;
  answeredAt: Date;
};

export type AnswerInput = { kind: 'check-in'; mood: MoodId; note?: UserText; visibility: Visibility } | { kind: 'skip' };
