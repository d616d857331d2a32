import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Clock } from '../domain/clock';
import { exportMyData, forgetMe } from '../domain/privacy';
import type { Logger } from '../log';
import type { Forgotten, Privacy } from '../domain/privacy-ports';
import { SsoError, type Caller, type SsoVerifier } from './sso';
import { registerCoffeeApi, teamMembership, type CoffeeApiDeps } from './api-coffee';
import { registerBreaksApi, type BreaksApiDeps } from './api-breaks';
import { registerDaysApi, type DaysApiDeps } from './api-days';
import { registerPulseApi, type PulseApiDeps } from './api-pulse';
import { registerMeetingsApi, type MeetingsApiDeps } from './api-meetings';
import { fail } from './reply';
import { BoundedMap } from '../lib/bounded-map';

export type ApiDeps = {
  /** The team endpoints (coffee, breaks), when given. */
  coffee?: CoffeeApiDeps;
  breaks?: BreaksApiDeps;
  days?: DaysApiDeps;
  /** The pulse's charts (team routes need `coffee` too, for the team's roster). */
  pulse?: PulseApiDeps;
  meetings?: MeetingsApiDeps;
  /** Absent when sign-in is not configured: every call is refused with 401. */
  verify?: SsoVerifier;
  privacy: Privacy;
  clock: Clock;
  log: Logger;
  /** Redraws the check-in and break cards that showed a forgotten person. */
  onForgotten: (forgotten: Forgotten) => void;
  /** Requests per user per 10 seconds. */
  perUserLimit?: number;
};

const forgetBody = z.object({ confirm: z.literal(true) });
/** Forget me: the confirmation the tab sends (a type for the tab; nothing of the server is bundled). */
export type ForgetBody = z.input<typeof forgetBody>;
/** The window of the per-person rate limit. */
const RATE_WINDOW_MS = 10_000;

/**
 * The tab's JSON API under /api/v1. Every call carries the Teams SSO token; the caller is who the
 * verified token says (tenant + object id), nothing in the request can say otherwise.
 */
export function registerApi(server: Server, deps: ApiDeps): void {
  const limit = deps.perUserLimit ?? 100;
  /** Each signed-in person's recent calls; people quiet for the whole window are forgotten first. */
  const recent = new BoundedMap<string, number[]>({ maxEntries: 10_000, ttlMs: RATE_WINDOW_MS, now: () => deps.clock.now().getTime() });

  /** Verifies the caller and applies the per-user rate limit; answers the request itself when refused. */
  async function caller(req: Request, res: Response): Promise<Caller | undefined> {
    if (!deps.verify) {
      fail(res, 401, 'SignInUnavailable', { id: 'api.signInUnavailable' });
      return undefined;
    }
    let who: Caller;
    try {
      who = await deps.verify(req.headers.authorization);
    } catch (error) {
      deps.log.warn({ reason: error instanceof SsoError ? error.reason : 'error' }, 'rejected tab API call');
      fail(res, 401, 'Unauthorized', { id: 'api.signInAgain' });
      return undefined;
    }
    const key = `${who.tenantId}/${who.objectId}`;
    const now = deps.clock.now().getTime();
    const times = (recent.get(key) ?? []).filter((t) => t > now - RATE_WINDOW_MS);
    if (times.length >= limit) {
      const retry = Math.max(1, Math.ceil((times[0]! + RATE_WINDOW_MS - now) / 1000));
      fail(res, 429, 'TooManyRequests', { id: 'api.slowDown' }, { 'retry-after': String(retry) });
      return undefined;
    }
    times.push(now);
    recent.set(key, times);
    return who;
  }

  if (deps.meetings) registerMeetingsApi(server, caller, deps.meetings);
  if (deps.coffee) {
    const memberOf = teamMembership(caller, deps.coffee);
    registerCoffeeApi(server, memberOf, deps.coffee);
    if (deps.breaks) registerBreaksApi(server, memberOf, deps.breaks);
    if (deps.days) registerDaysApi(server, memberOf, deps.days);
    if (deps.pulse) registerPulseApi(server, caller, memberOf, deps.pulse);
  }

  server.get('/api/v1/me', async (req: Request, res: Response) => {
    const who = await caller(req, res);
    if (who) res.send(200, who);
  });

  /** Download my data: everything Hallway stores about the caller, as JSON. */
  server.get('/api/v1/me/data', async (req: Request, res: Response) => {
    const who = await caller(req, res);
    if (!who) return;
    const data = await exportMyData(deps, { aadObjectId: who.objectId });
    res.header('content-disposition', 'attachment; filename="hallway-my-data.json"');
    res.header('cache-control', 'no-store');
    res.send(200, { exportedAt: deps.clock.now().toISOString(), ...data });
  });

  /** Forget me, from the tab: needs { "confirm": true } so a stray request deletes nothing. */
  server.del('/api/v1/me', async (req: Request, res: Response) => {
    const who = await caller(req, res);
    if (!who) return;
    if (!forgetBody.safeParse(req.body).success) {
      fail(res, 400, 'ConfirmationRequired', 'Send {"confirm": true} to delete everything Hallway stores about you.');
      return;
    }
    const forgotten = await forgetMe(deps, { aadObjectId: who.objectId });
    deps.onForgotten(forgotten);
    deps.log.info({ checkIns: forgotten.sessions.length, breaks: forgotten.occurrences.length }, 'forgot a person (tab)');
    res.send(200, { forgotten: true });
  });
}
