// The rows better-sqlite3 returns, one type per table (see migrations.ts): TEXT columns read as
// strings, INTEGER columns as numbers, NULL as null. Booleans are 0 or 1; times are epoch ms;
// lists and objects are JSON text. The drivers turn them into the domain's types. A column with a
// CHECK constraint is typed as the domain's union it holds.

import type { RsvpAnswer } from '../../domain/breaks/model';
import type { DeliveryKind, DeliveryStatus, MeetAnswer, MemberStatus, RoundStatus } from '../../domain/coffee/model';

export type InstallationRow = {
  conversation_id: string;
  tenant_id: string;
  conversation_type: string;
  team_id: string | null;
  team_name: string | null;
  reference: string;
  installed_by: string | null;
  installed_at: number;
  updated_at: number;
  removed_at: number | null;
};

export type SessionRow = {
  id: string;
  occurrence_key: string;
  series_key: string;
  meeting_id: string | null;
  title: string | null;
  tenant_id: string;
  conversation_id: string;
  team_id: string | null;
  reference: string;
  question_id: string;
  question: string;
  status: string;
  message_id: string | null;
  default_visibility: string;
  summary_at_end: number;
  started_at: number;
  closed_at: number | null;
};

export type AnswerRow = {
  session_id: string;
  user_id: string;
  aad_object_id: string | null;
  name: string;
  upn: string | null;
  mood: string | null;
  note: string | null;
  visibility: string;
  skipped: number;
  answered_at: number;
};

export type ProgrammeRow = {
  id: string;
  tenant_id: string;
  name: string | null;
  reference: string;
  organisers: string;
  settings: string;
  round_seq: number;
  next_round_at: number | null;
  created_at: number;
};

export type MemberRow = {
  programme_id: string;
  user_id: string;
  aad_object_id: string | null;
  name: string;
  upn: string | null;
  status: MemberStatus;
  paused_until: number | null;
  time_zone: string | null;
  work_start_hour: number | null;
  work_end_hour: number | null;
  silent_rounds: number;
  last_captain_round: number | null;
  last_trio_round: number | null;
  personal_conversation_id: string | null;
  locale: string | null;
  joined_at: number;
};

export type RoundRow = {
  id: string;
  programme_id: string;
  seq: number;
  status: RoundStatus;
  started_at: number;
  groups: string;
  unmatched: string;
  follow_up_at: number;
  closed_at: number | null;
};

export type EncounterRow = { programme_id: string; round: number; a: string; b: string };

export type DeliveryRow = {
  round_id: string;
  user_id: string;
  kind: DeliveryKind;
  status: DeliveryStatus;
  attempts: number;
  claimed_until: number | null;
  activity_id: string | null;
  updated_at: number;
};

export type MeetAnswerRow = { round_id: string; user_id: string; answer: MeetAnswer; answered_at: number };

export type BlockRow = { programme_id: string; user_id: string; blocked_id: string };

export type BreakRow = {
  id: string;
  programme_id: string;
  title: string;
  weekdays: string;
  time: string;
  time_zone: string;
  duration_minutes: number;
  join_url: string | null;
  reminder_minutes: number;
  skipped_dates: string;
  channel_reference: string;
  created_by: string;
  created_at: number;
  deleted_at: number | null;
};

export type RsvpRow = { break_id: string; date: string; user_id: string; aad_object_id: string | null; name: string; answer: RsvpAnswer; at: number };

export type TopicRow = {
  id: string;
  break_id: string;
  date: string;
  author_id: string;
  author_aad_object_id: string | null;
  author_name: string;
  text: string;
  created_at: number;
};

export type VoteRow = { topic_id: string; user_id: string; aad_object_id: string | null };

/** A time for an INTEGER column that may be NULL. */
export const ms = (date: Date | undefined) => (date ? date.getTime() : null);
/** A nullable INTEGER time column as a Date, or undefined. */
export const date = (value: number | null) => (value == null ? undefined : new Date(value));
/** A nullable column as an optional field. */
export const opt = <T>(value: T | null) => value ?? undefined;
