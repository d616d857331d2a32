import type { Breaks } from '../domain/breaks/ports';
import type { DaysTogether } from '../domain/days/ports';
import type { CheckIns, MeetingSettingsStore } from '../domain/check-in/ports';
import type { Installations } from '../domain/installations';
import type { Programmes, Rounds } from '../domain/coffee/ports';
import type { Jobs, Privacy } from '../domain/privacy-ports';
import type { PulseReads } from '../domain/pulse/ports';

// Each port is declared beside the domain code that uses it; a storage driver returns them all.

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
  pulse: PulseReads;
  days: DaysTogether;
  /** Answers when storage can serve requests (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
};
