import type { Answer, CheckInSession, MeetingSettings } from '../domain/check-in/model';
import type { Break, Rsvp, Topic } from '../domain/breaks/model';
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
} from '../domain/pairing/model';

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

/** Stands in for a forgotten person in past rounds (and as a break's creator), so counts stay and nobody is named. */
export const FORGOTTEN = 'forgotten';

/** How Hallway knows a person: their Teams user id, and their directory object id when known. */
export type PersonIds = { userId?: string; aadObjectId?: string };

/** Everything stored about one person, as they may download it. */
export type PersonalData = {
  checkIns: { sessionId: string; question: string; answeredAt: string; mood?: string; note?: string; visibility: string; skipped: boolean }[];
  coffee: { programmeId: string; programme?: string; status: string; pausedUntil?: string; timeZone?: string; joinedAt: string }[];
  coffeeRounds: { programmeId: string; round: number; startedAt: string; groupSize: number; captain: boolean }[];
  coffeeAnswers: { roundId: string; answer: string }[];
  blocks: { programmeId: string; blockedUserId: string }[];
  breakRsvps: { breakId: string; date: string; name: string; answer: string }[];
  breakTopics: { breakId: string; date: string; text: string }[];
  /** The person's upvotes: a topic's words are its author's, so only its id. */
  breakVotes: { breakId: string; date: string; topicId: string }[];
  breaksSetUp: { breakId: string; title: string }[];
  coffeeOrganiser: { programmeId: string; programme?: string }[];
  /** Teams and chats the person added Hallway to. */
  installedHallway: { conversationId: string; conversationType: string; installedAt: string }[];
};

export type Forgotten = { sessions: string[]; userIds: string[]; occurrences: { breakId: string; date: string }[] };

export type Privacy = {
  /**
   * Deletes everything stored about the person, everywhere, found from either id: their answers,
   * memberships, break answers, topics (with everyone's upvotes on them) and upvotes; their place
   * in past rounds and as a break's creator becomes "forgotten", and they leave organiser lists.
   * Returns the check-ins and break occurrences whose cards showed them, to be redrawn, and the
   * Teams user ids the person was known by. Deleted content is erased, not only unlinked (SQLite:
   * secure delete and a checkpoint of its log).
   */
  forget(person: PersonIds): Promise<Forgotten>;
  export(person: PersonIds): Promise<PersonalData>;
  /** Deletes check-in notes written before `before` (moods and counts stay); returns how many. */
  expireNotes(before: Date): Promise<number>;
  /** Hallway was removed from the conversation (team or chat) at `at`; reinstalling clears it. */
  markRemoved(conversationId: string, at: Date): Promise<void>;
  /**
   * Deletes everything of conversations removed before `before`, with the check-ins of meetings
   * held in a removed team's channels; returns their ids.
   */
  purgeRemoved(before: Date): Promise<string[]>;
};

export type Jobs = {
  /** Claims a periodic job's run due at `now`, setting its next run; false when not due or taken. */
  claim(name: string, now: Date, nextRunAt: Date): Promise<boolean>;
};

/** Everything Hallway stores, behind one interface per role. */
export type Storage = {
  installations: Installations;
  checkIns: CheckIns;
  meetingSettings: MeetingSettingsStore;
  programmes: Programmes;
  rounds: Rounds;
  privacy: Privacy;
  jobs: Jobs;
  breaks: Breaks;
  /** Answers when storage can serve requests (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
};
