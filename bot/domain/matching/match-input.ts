// What the matcher is given: this round's candidates, past encounters and blocks.

export type Candidate = {
  /** Stable member id. */
  id: string;
  /** IANA time zone and working hours (local hours, e.g. 9..17) when known. */
  timeZone?: string;
  workStartHour?: number;
  workEndHour?: number;
  /** Team or group the member belongs to when a programme spans several teams. */
  group?: string;
};

/** Past encounters (trios expanded to their three pairs); round is the sequence number. */
export type PairHistory = { a: string; b: string; round: number }[];

export type MatchInput = {
  /** Already filtered: active, not paused, opted in. */
  candidates: Candidate[];
  history: PairHistory;
  /** Pairs that must never share a group, in either direction. */
  blocked: [string, string][];
  groupSize: 2 | 3;
  /** This round's sequence number: older encounters weigh less. */
  round: number;
  /** Members recently in the oversized group (the trio when pairing): it rotates. */
  lastTrio?: string[];
  /** Same input and seed, same groups. */
  seed: number;
  /** The round's date (YYYY-MM-DD), for time-zone offsets that day; a fixed winter date otherwise. */
  referenceDate?: string;
};
