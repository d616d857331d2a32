// The pulse's routes. Types are the server's own (type-only imports: nothing of the server is bundled).
import type { MyPulse, SeriesPulse, TeamPulse } from '../../bot/http/api-pulse';
import { api, ApiError, token } from './api';
import { locale, t } from './i18n';

export type { MyPulse, SeriesPulse, TeamPulse };

/** Downloads a CSV answer as a file; the sign-in token goes in the header, so it is fetched, not linked. */
async function downloadCsv(path: string, filename: string): Promise<void> {
  const response = await fetch(`/api/v1${path}`, { headers: { authorization: `Bearer ${await token()}`, 'accept-language': locale() } });
  if (!response.ok) {
    const data = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    throw new ApiError(response.status, data?.error?.message ?? t('error.generic'));
  }
  const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/csv' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function teamPulseApi(teamId: string) {
  const path = `/teams/${encodeURIComponent(teamId)}/pulse`;
  const query = (breakId?: string) => (breakId ? `?break=${encodeURIComponent(breakId)}` : '');
  return {
    get: (breakId?: string) => api<TeamPulse>('GET', `${path}${query(breakId)}`),
    csv: (breakId?: string) => downloadCsv(`${path}/csv${query(breakId)}`, 'hallway-team-pulse.csv'),
  };
}

export function meetingPulseApi(meetingId: string, chatId: string) {
  const path = (suffix = '') => `/meetings/${encodeURIComponent(meetingId)}/pulse${suffix}?chat=${encodeURIComponent(chatId)}`;
  return {
    get: () => api<SeriesPulse>('GET', path()),
    csv: () => downloadCsv(path('/csv'), 'hallway-check-ins.csv'),
  };
}

export const myPulseApi = { get: () => api<MyPulse>('GET', '/me/pulse') };
