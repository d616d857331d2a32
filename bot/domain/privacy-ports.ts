// What forget me, download my data, retention and periodic jobs need stored; the drivers in bot/storage implement it.

import type { Person } from './person';

/** Stands in for a forgotten person in past rounds (and as a break's creator), so counts stay and nobody is named. */
export const FORGOTTEN = 'forgotten';

/** How Hallway knows a person: their Teams user id, and their directory object id when known. */
export type PersonIds = Partial<Pick<Person, 'userId' | 'aadObjectId'>>;

/** Everything stored about one person, as they may download it. */
export type PersonalData = {
  checkIns: {
    sessionId: string;
    question: string;
    answeredAt: string;
    mood?: string;
    note?: string;
    visibility: string;
    skipped: boolean;
  }[];
  coffee: { programmeId: string; programme?: string; status: string; pausedUntil?: string; timeZone?: string; language?: string; joinedAt: string }[];
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
  /** Their answers for days together, per day. */
  daysTogether: { planId: string; date: string; coming: boolean }[];
  daysOrganised: { planId: string; place: string }[];
  /** Face-to-face requests the person made (`asked`) or was asked. */
  daysTalks: { planId: string; asked: boolean; with: string; status: string }[];
  /** Their answer to "Did you meet someone new?" after days together. */
  daysMetSomeoneNew: { planId: string; met: boolean }[];
};

/** An export with nothing in it yet: every list a driver fills. */
export function emptyPersonalData(): PersonalData {
  return {
    checkIns: [],
    coffee: [],
    coffeeRounds: [],
    coffeeAnswers: [],
    blocks: [],
    breakRsvps: [],
    breakTopics: [],
    breakVotes: [],
    breaksSetUp: [],
    coffeeOrganiser: [],
    installedHallway: [],
    daysTogether: [],
    daysOrganised: [],
    daysTalks: [],
    daysMetSomeoneNew: [],
  };
}

export type Forgotten = {
  sessions: string[];
  userIds: string[];
  occurrences: { breakId: string; date: string }[];
  /** Days-together plans whose card showed the person (an answer, a table). */
  plans: string[];
};

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
