// The API's request and response types are the server's own (type-only imports: esbuild drops them,
// so nothing of the server is bundled), and a change of a route's contract breaks the tab's type-check.
import type { CoffeeSettings, CoffeeView, JoinBody, PauseBody } from '../../bot/http/api-coffee';
import type { BreakFields, BreakOccurrence, BreaksView, PublicBreak, RsvpBody, TopicBody } from '../../bot/http/api-breaks';
import type { CardPreview, CheckInStarted, MeetingSettingsBody, MeetingView } from '../../bot/http/api-meetings';
import type { ForgetBody } from '../../bot/http/api';
import { locale, t } from './i18n';
import { signInToken } from './teams';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let cached: { token: Promise<string>; until: number } | undefined;

/** The sign-in token, asked of Teams once and shared by the calls made meanwhile. */
export function token(): Promise<string> {
  if (cached && cached.until > Date.now()) return cached.token;
  const fresh = signInToken();
  cached = { token: fresh, until: Date.now() + 5 * 60_000 };
  fresh.then(
    () => performance.mark('hallway:signed-in'),
    () => (cached = undefined),
  );
  return fresh;
}

/**
 * Calls the Hallway API as the signed-in person, in the tab's language (`Accept-Language`); a refusal
 * becomes an ApiError with the server's own words, which the server writes in that language.
 */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let bearer: string;
  try {
    bearer = await token();
  } catch {
    throw new ApiError(401, t('error.signIn'));
  }
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'accept-language': locale(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, t('error.unreachable'));
  }
  if (response.status === 401) cached = undefined;
  const data = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  if (!response.ok) throw new ApiError(response.status, data?.error?.message ?? t('error.generic'));
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

export type { BreakFields, BreakOccurrence, BreaksView, CoffeeSettings, CoffeeView, MeetingView, PublicBreak };
export type MeetingSettings = MeetingSettingsBody;

/** The coffee routes of one team or chat. */
export function coffeeApi(teamId: string) {
  const path = `/teams/${encodeURIComponent(teamId)}/coffee`;
  return {
    get: () => api<CoffeeView>('GET', path),
    join: (body: JoinBody) => api<CoffeeView>('POST', `${path}/join`, body),
    pause: (body: PauseBody) => api<CoffeeView>('POST', `${path}/pause`, body),
    resume: () => api<CoffeeView>('POST', `${path}/resume`, {}),
    leave: () => api<CoffeeView>('POST', `${path}/leave`, {}),
    saveSettings: (settings: CoffeeSettings) => api<CoffeeView>('PUT', `${path}/settings`, settings),
  };
}

/** The break routes of one team or chat. */
export function breaksApi(teamId: string) {
  const base = `/teams/${encodeURIComponent(teamId)}`;
  const ofBreak = (breakId: string) => `${base}/breaks/${encodeURIComponent(breakId)}`;
  const ofTopic = (topicId: string) => `${base}/topics/${encodeURIComponent(topicId)}`;
  return {
    list: () => api<BreaksView>('GET', `${base}/breaks`),
    create: (fields: BreakFields) => api<PublicBreak>('POST', `${base}/breaks`, fields),
    update: (breakId: string, fields: BreakFields) => api<PublicBreak>('PUT', ofBreak(breakId), fields),
    remove: (breakId: string) => api<{ deleted: true }>('DELETE', ofBreak(breakId)),
    rsvp: (breakId: string, body: RsvpBody) => api<BreaksView>('POST', `${ofBreak(breakId)}/rsvp`, body),
    addTopic: (breakId: string, body: TopicBody) => api<BreaksView>('POST', `${ofBreak(breakId)}/topics`, body),
    vote: (topicId: string) => api<BreaksView>('POST', `${ofTopic(topicId)}/vote`),
    removeTopic: (topicId: string) => api<BreaksView>('DELETE', ofTopic(topicId)),
  };
}

/** The meeting routes; `chatId` is the meeting's own chat, which the server checks against Teams. */
export function meetingApi(meetingId: string, chatId: string) {
  const path = (suffix = '') => `/meetings/${encodeURIComponent(meetingId)}${suffix}?chat=${encodeURIComponent(chatId)}`;
  return {
    get: () => api<MeetingView>('GET', path()),
    saveSettings: (settings: MeetingSettingsBody) => api<MeetingView>('PUT', path('/settings'), settings),
    startCheckIn: () => api<CheckInStarted>('POST', path('/check-in')),
  };
}

/** The check-in card the bot would post with these settings (configuration page). */
export function previewCard(settings: MeetingSettingsBody): Promise<CardPreview> {
  return api<CardPreview>('POST', '/check-in/preview', settings);
}

/** Deletes everything Hallway stores about the signed-in person. */
export function forgetMe(body: ForgetBody): Promise<{ forgotten: true }> {
  return api<{ forgotten: true }>('DELETE', '/me', body);
}
