// What coffee needs: stored programmes, rounds and deliveries (the drivers in bot/storage implement
// them), and the team's roster and 1:1 messages from Teams (bot/teams implements those).

import type { Delivery, DeliveryKind, Encounter, Group, MeetAnswer, Member, Programme, ProgrammeSettings, Round, RoundStatus } from './model';
import type { UserText } from '../user-text';

export type Programmes = {
  get(id: string): Promise<Programme | undefined>;
  /** Creates the programme unless it exists; returns the stored one either way. */
  ensure(programme: Programme): Promise<{ programme: Programme; created: boolean }>;
  updateSettings(id: string, settings: ProgrammeSettings, nextRoundAt: Date | undefined): Promise<void>;
  setOrganisers(id: string, organisers: string[]): Promise<void>;
  /** Enabled programmes whose next round is due at `now`. */
  due(now: Date): Promise<Programme[]>;
  /** Moves the schedule on without running a round (a round missed beyond the grace window). */
  reschedule(id: string, expectedSeq: number, nextRoundAt: Date | undefined): Promise<boolean>;
  members(programmeId: string): Promise<Member[]>;
  getMember(programmeId: string, userId: string): Promise<Member | undefined>;
  saveMember(member: Member): Promise<void>;
  blocks(programmeId: string): Promise<[string, string][]>;
  addBlock(programmeId: string, userId: string, blockedId: string): Promise<void>;
};

/** A member's answer streak after a round: silent rounds in a row, and a pause when it reached three. */
export type SilenceUpdate = { programmeId: string; userId: string; silentRounds: number; pausedUntil?: Date };

export type StartRoundResult = { kind: 'started' } | { kind: 'already-claimed' };

export type Rounds = {
  /**
   * Starts round `round.seq` atomically with its deliveries and encounters, only if the programme
   * is still at `round.seq - 1`: whichever instance gets there first runs the round, once.
   */
  start(round: Round, deliveries: Delivery[], encounters: Encounter[], nextRoundAt: Date | undefined): Promise<StartRoundResult>;
  get(roundId: string): Promise<Round | undefined>;
  latest(programmeId: string): Promise<Round | undefined>;
  setStatus(roundId: string, status: RoundStatus, at: Date): Promise<void>;
  /**
   * Closes the round and, in the same transaction, stores each member's new count of silent
   * rounds (and auto-pause, with its delivery); false, and nothing stored, when it was already closed.
   */
  close(roundId: string, at: Date, silences?: SilenceUpdate[], deliveries?: Delivery[]): Promise<boolean>;
  /** Rounds in status `open` whose follow-up is due. */
  dueFollowUps(now: Date): Promise<Round[]>;
  history(programmeId: string): Promise<Encounter[]>;
  addDeliveries(deliveries: Delivery[]): Promise<void>;
  /** Rounds with deliveries still to send (pending, or claimed by a sender whose lease ran out), oldest first. */
  roundsWithPendingDeliveries(now: Date): Promise<string[]>;
  /** Claims one delivery for sending until `until`; false when another instance has it or it is done. */
  claimDelivery(roundId: string, userId: string, kind: DeliveryKind, now: Date, until: Date): Promise<boolean>;
  deliveries(roundId: string): Promise<Delivery[]>;
  markDelivery(roundId: string, userId: string, kind: DeliveryKind, update: Pick<Delivery, 'status' | 'attempts' | 'activityId' | 'updatedAt'>): Promise<void>;
  recordAnswer(roundId: string, userId: string, answer: MeetAnswer, at: Date): Promise<void>;
  answers(roundId: string): Promise<{ userId: string; answer: MeetAnswer }[]>;
};

/** A person of the team (or group chat) as Teams lists them now. */
export type TeamMember = {
  /** The Teams user id (29:...) Hallway messages them by. */
  userId: string;
  /** Their directory object id: what the tab's sign-in yields. */
  objectId?: string;
  name?: UserText;
  upn?: string;
  /** A guest of the team: paired only when the programme includes guests. */
  guest: boolean;
};

/** Who is in a programme's team, asked of Teams (bot/teams implements it). */
export type Roster = {
  members(programme: Programme): Promise<RosterAnswer>;
};

/** What coffee tells one member in their 1:1 chat; bot/cards decides how it looks. */
export type CoffeeMessage =
  | {
      kind: 'match';
      programme: Programme;
      round: Round;
      member: Member;
      group: Group;
      /** The others of the group, in group order; undefined for someone no longer stored. */
      partners: (Member | undefined)[];
      /** Who met whom before this round: why this match. */
      history: Encounter[];
    }
  | { kind: 'follow-up'; round: Round; partners: (Member | undefined)[] }
  | { kind: 'unmatched' }
  | { kind: 'auto-paused' };

/**
 * A message that did not arrive: `unreachable` when the member cannot be reached at all (left the
 * tenant, blocked the bot), `failed` when it may work later. `error` is a summary safe to log.
 */
export type NotifyFailure = { kind: 'unreachable' | 'failed'; error: unknown };

/** Messages to members in their 1:1 chats with Hallway (bot/teams implements it, retries included). */
export type Notifier = {
  /** Opens (or finds) the 1:1 chat with a member of the programme's team. */
  openPersonalChat(programme: Programme, userId: string): Promise<{ kind: 'opened'; conversationId: string } | NotifyFailure>;
  /** Posts a message to a member's 1:1 chat (in their language); the id of the message posted. */
  post(
    programme: Programme,
    conversationId: string,
    message: CoffeeMessage,
    recipient: Member,
  ): Promise<{ kind: 'posted'; messageId?: string } | NotifyFailure>;
};

/** The roster as Teams gave it, or why it could not be asked (`error` is a summary safe to log). */
export type RosterAnswer = { kind: 'found'; members: TeamMember[] } | { kind: 'unavailable'; error: unknown };

/** Where coffee's use cases say what happened: ids and counts only, never names or text (pino's logger fits). */
export type CoffeeLog = {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
};
