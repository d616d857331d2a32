import type { App } from '../app';
import type { Clock } from '../domain/clock';
import { exportMyData, forgetMe } from '../domain/privacy';
import type { PersonalData, Privacy } from '../domain/privacy-ports';

// An administrator answering a person's request by their directory (Entra ID) object id: the same
// use cases as the person's own Download my data and Forget me, so the guarantees are the same.

/** A directory object id: a GUID, as Entra ID shows it (`oid` in tokens, Object ID in the portal). */
export const OBJECT_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Exactly what the tab's Download my data gives the person (the same use case, the same shape). */
export async function exportPerson(deps: { privacy: Privacy; clock: Clock }, objectId: string): Promise<{ exportedAt: string } & PersonalData> {
  const data = await exportMyData(deps, { aadObjectId: objectId.toLowerCase() });
  return { exportedAt: deps.clock.now().toISOString(), ...data };
}

export type ForgetPersonResult = { checkIns: number; breaks: number };

/**
 * What forget me does, for the person with this object id: everything deleted (and erased from the
 * SQLite file), then the posted check-in and break cards that showed them redrawn through Teams.
 * `app.stop()` waits for those redraws; without Bot Framework credentials they cannot be sent.
 */
export async function forgetPerson(app: Pick<App, 'storage' | 'redrawWithout'>, objectId: string): Promise<ForgetPersonResult> {
  const forgotten = await forgetMe({ privacy: app.storage.privacy }, { aadObjectId: objectId.toLowerCase() });
  app.redrawWithout(forgotten);
  return { checkIns: forgotten.sessions.length, breaks: forgotten.occurrences.length };
}
