// The reads the pulse needs beyond each area's own ports; the drivers in bot/storage implement them.

import type { CheckInSession } from '../check-in/model';
import type { Round } from '../coffee/model';

export type PulseReads = {
  /** The latest `limit` check-in sessions of a meeting series, newest first. */
  recentSessions(seriesKey: string, limit: number): Promise<CheckInSession[]>;
  /** A programme's rounds numbered `fromSeq` to `toSeq` (those that exist), oldest first. */
  rounds(programmeId: string, fromSeq: number, toSeq: number): Promise<Round[]>;
};
