import type { Locale } from '../language';
import type { Person } from '../person';
import type { UserText } from '../user-text';

export type Cadence = 'weekly' | 'biweekly' | 'monthly';
export const CADENCES = ['weekly', 'biweekly', 'monthly'] as const;

export type ProgrammeSettings = {
  enabled: boolean;
  cadence: Cadence;
  /** ISO weekday, Monday = 1. For monthly: the first such weekday of the month. */
  weekday: number;
  /** Local hour the round starts, in the programme's time zone. */
  hour: number;
  timeZone: string;
  groupSize: 2 | 3;
  meetingMinutes: 15 | 20 | 30;
  /** Whether guests of the team can join. */
  includeGuests: boolean;
  /** The language of what the whole team sees (break reminders, days-together posts); unset: the installer's. */
  language?: Locale;
};

export const DEFAULT_PROGRAMME_SETTINGS: ProgrammeSettings = {
  enabled: true,
  cadence: 'weekly',
  weekday: 1,
  hour: 10,
  timeZone: 'UTC',
  groupSize: 2,
  meetingMinutes: 20,
  includeGuests: false,
};

/** A programme: a team's (or group chat's) coffee set-up, run by its organisers. */
export type Programme = {
  /** The team id, or the group chat id. */
  id: string;
  tenantId: string;
  /** The team's (or group chat's) name. */
  name?: UserText;
  /** Where to post to the team; its serviceUrl is also used to open 1:1 chats with members. */
  reference: unknown;
  /** User ids (29:...) of the organisers: who set it up, and whoever they add. */
  organisers: string[];
  settings: ProgrammeSettings;
  /** Rounds run so far; the next round is number roundSeq + 1. */
  roundSeq: number;
  nextRoundAt?: Date;
  createdAt: Date;
};

export type MemberStatus = 'active' | 'left';

/** A person in a programme, with what coffee keeps about them there. */
export type Member = Person & {
  programmeId: string;
  status: MemberStatus;
  pausedUntil?: Date;
  timeZone?: string;
  workStartHour?: number;
  workEndHour?: number;
  /** Rounds in a row without an answer to "Did you meet?". */
  silentRounds: number;
  /** The round this member last was captain (scheduled the meeting). */
  lastCaptainRound?: number;
  lastTrioRound?: number;
  /** The 1:1 chat with the bot, once created. */
  personalConversationId?: string;
  /**
   * Their language as last seen: the Teams language of their latest coffee command or button, or
   * of the tab when they joined there. Coffee's 1:1 messages are written in it; unset, the team's.
   */
  locale?: Locale;
  joinedAt: Date;
};

export type Group = { members: string[]; captain: string; starter: string };

/** notifying: match messages going out; open: everyone told; following-up: "Did you meet?" sent. */
export type RoundStatus = 'notifying' | 'open' | 'following-up' | 'closed';

export type Round = {
  id: string;
  programmeId: string;
  seq: number;
  status: RoundStatus;
  startedAt: Date;
  groups: Group[];
  /** Members with nobody to meet this time (told so). */
  unmatched: string[];
  followUpAt: Date;
  closedAt?: Date;
};

/** 'pairing' is the message telling a member their match: the word is stored, so it stays. */
export type DeliveryKind = 'pairing' | 'unmatched' | 'follow-up' | 'auto-paused';
/** sending: claimed by one instance until its lease runs out, so two instances never send it both. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** One message to one member about one round; recorded so a restart never sends it twice. */
export type Delivery = {
  roundId: string;
  userId: string;
  kind: DeliveryKind;
  status: DeliveryStatus;
  attempts: number;
  activityId?: string;
  /** While sending: until when the sending instance holds it. */
  claimedUntil?: Date;
  updatedAt: Date;
};

export type MeetAnswer = 'yes' | 'planned' | 'no';
export const MEET_ANSWERS = ['yes', 'planned', 'no'] as const;

export type Encounter = { a: string; b: string; round: number };
