import type { Forgotten, Jobs, PersonalData, PersonIds, Privacy } from './privacy-ports';
import type { Clock } from './clock';

export type PrivacyDeps = { privacy: Privacy; jobs: Jobs; clock: Clock };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes everything Hallway stores about the person; returns the check-ins and breaks to redraw without them. */
export async function forgetMe(deps: Pick<PrivacyDeps, 'privacy'>, person: PersonIds): Promise<Forgotten> {
  return deps.privacy.forget(person);
}

export async function exportMyData(deps: Pick<PrivacyDeps, 'privacy'>, person: PersonIds): Promise<PersonalData> {
  return deps.privacy.export(person);
}

/**
 * Daily: deletes check-in notes older than the retention period (moods and counts stay). Claimed
 * through storage, so with several instances it runs once a day.
 */
export async function runRetention(deps: PrivacyDeps, retentionDays: number): Promise<number | undefined> {
  const now = deps.clock.now();
  if (!(await deps.jobs.claim('retention', now, new Date(now.getTime() + DAY_MS)))) return undefined;
  return deps.privacy.expireNotes(new Date(now.getTime() - retentionDays * DAY_MS));
}

/** Daily: deletes the data of teams and chats Hallway was removed from more than the grace period ago. */
export async function purgeUninstalled(deps: PrivacyDeps, graceDays: number): Promise<string[] | undefined> {
  const now = deps.clock.now();
  if (!(await deps.jobs.claim('uninstalled', now, new Date(now.getTime() + DAY_MS)))) return undefined;
  return deps.privacy.purgeRemoved(new Date(now.getTime() - graceDays * DAY_MS));
}
