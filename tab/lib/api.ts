import { signInToken } from './teams';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

let cached: { token: Promise<string>; until: number } | undefined;

/** The sign-in token, asked of Teams once and shared by the calls made meanwhile. */
export function token(): Promise<string> {
  if (cached && cached.until > Date.now()) return cached.token;
  const fresh = signInToken();
  cached = { token: fresh, until: Date.now() + 5 * 60_000 };
  fresh.then(() => performance.mark('hallway:signed-in'), () => (cached = undefined));
  return fresh;
}

/** Calls the Hallway API as the signed-in person; a refusal becomes an ApiError with the server's own words. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let bearer: string;
  try {
    bearer = await token();
  } catch {
    throw new ApiError(401, 'Teams could not sign you in to Hallway. Reload the tab to try again.');
  }
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Hallway cannot be reached right now. Check your connection and try again.');
  }
  if (response.status === 401) cached = undefined;
  const data = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (!response.ok) throw new ApiError(response.status, data?.error?.message ?? 'Something went wrong. Try again in a moment.');
  return data as T;
}

/** Downloads a JSON answer as a file (Download my data). */
export async function download(path: string, filename: string): Promise<void> {
  const data = await api<unknown>('GET', path);
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export type Person = { name: string };

export type CoffeeView = {
  team: { id: string; name?: string };
  organiser: boolean;
  settings: CoffeeSettings;
  nextRoundAt?: string;
  me: {
    status: 'not-member' | 'active' | 'paused';
    pausedUntil?: string;
    timeZone?: string;
    workStartHour?: number;
    workEndHour?: number;
    match?: { round: number; captainIsMe: boolean; partners: { name: string; chatUrl?: string }[] };
  };
  stats?: { kind: 'too-few'; minimum: number } | { kind: 'stats'; members: number; active: number; paused: number; rounds: number; lastRound?: { seq: number; groups: number; met: number; planned: number } };
};

export type CoffeeSettings = {
  enabled: boolean;
  cadence: 'weekly' | 'biweekly' | 'monthly';
  weekday: number;
  hour: number;
  timeZone: string;
  groupSize: 2 | 3;
  meetingMinutes: 15 | 20 | 30;
  includeGuests: boolean;
};

export type BreakFields = {
  title: string;
  weekdays: number[];
  time: string;
  timeZone: string;
  durationMinutes: number;
  joinUrl?: string;
  reminderMinutes: number;
  skippedDates: string[];
};

export type Occurrence = {
  date: string;
  startsAt: string;
  endsAt: string;
  coming: string[];
  /** People coming beyond the names listed. */
  moreComing: number;
  notComing: number;
  mine?: 'in' | 'out';
  topics: { id: string; text: string; votes: number; votedByMe: boolean; mine: boolean }[];
  /** Topics beyond those listed (the least upvoted). */
  moreTopics: number;
};

export type BreaksView = { organiser: boolean; breaks: (BreakFields & { id: string; next: Occurrence[] })[] };

export type MeetingSettings = {
  enabled: boolean;
  questionBank: 'light' | 'deeper' | 'custom';
  customQuestions: string[];
  summaryAtEnd: boolean;
  defaultVisibility: 'shared' | 'private';
};

export type MeetingView = {
  organiser: boolean;
  settings: MeetingSettings;
  checkIn?: {
    open: boolean;
    question: string;
    checkedIn: number;
    skipped: number;
    onlyCounted: number;
    moods: { emoji: string; label: string; count: number }[];
    shared: { name: string; mood: string; note?: string }[];
  };
};
