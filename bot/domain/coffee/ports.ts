// What coffee (programmes, rounds, deliveries) needs stored; the drivers in bot/storage implement it.

import type {
  Delivery,
  DeliveryKind,
  Encounter,
  MeetAnswer,
  Member,
  Programme,
  ProgrammeSettings,
  Round,
  RoundStatus,
} from './model';

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
