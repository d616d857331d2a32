import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Clock } from '../domain/clock';
import { isOrganiser, join, leave, newProgramme, resume } from '../domain/coffee/membership';
import type { Person } from '../domain/person';
import { problemsOf } from '../domain/problems';
import type { Programme } from '../domain/coffee/model';
import {
  myStatus,
  pauseUntil,
  programmeStats,
  updateSettings,
  type ProgrammeStats,
  type SettingsProblemId,
  type settingsSchema,
} from '../domain/coffee/programme-admin';
import { isValidTimeZone } from '../domain/coffee/schedule';
import type { Logger } from '../log';
import type { Installations } from '../domain/installations';
import type { Programmes, Rounds } from '../domain/coffee/ports';
import { acceptLanguageTags, isLocale, matchLocale, type Locale } from '../i18n/locales';
import type { Caller } from './sso';
import type { ApiMessageId } from '../i18n/api';
import { apiProblemWords, failWithProblems } from './problems';
import { fail } from './reply';

/** Finds a signed-in person in a team's roster (through the bot); undefined when not a member. */
export type TeamDirectory = (programme: Programme, objectId: string) => Promise<{ userId: string; name: string; upn?: string } | undefined>;

export type CoffeeApiDeps = {
  programmes: Programmes;
  installations: Installations;
  rounds: Rounds;
  clock: Clock;
  log: Logger;
  directory: TeamDirectory;
};

type Authenticate = (req: Request, res: Response) => Promise<Caller | undefined>;

/** Resolves the signed-in caller as a member of the team in the path; answers the request itself when not. */
export type MemberOf = (req: Request, res: Response) => Promise<{ programme: Programme; person: Person } | undefined>;

/** What can be wrong with one's own coffee settings (joining), said in the caller's language. */
const JOIN_PROBLEMS = { 'timeZone.unknown': {}, 'workHours.order': {} } as const;
type JoinProblemId = keyof typeof JOIN_PROBLEMS;
const joinBody = z
  .object({
    timeZone: z
      .string()
      .max(100)
      .refine(isValidTimeZone, 'timeZone.unknown' satisfies JoinProblemId)
      .optional(),
    workStartHour: z.number().int().min(0).max(23).optional(),
    workEndHour: z.number().int().min(1).max(24).optional(),
  })
  .refine((b) => b.workStartHour === undefined || b.workEndHour === undefined || b.workStartHour < b.workEndHour, {
    message: 'workHours.order' satisfies JoinProblemId,
    path: ['workEndHour'],
  });
const pauseBody = z.object({ until: z.iso.datetime({ offset: true }).or(z.iso.date()) });

// The API's contract, imported by the tab as types only (nothing of the server is bundled into it).
/** Join, or change one's own time zone and working hours. */
export type JoinBody = z.input<typeof joinBody>;
/** Pause until a day (YYYY-MM-DD) or an instant. */
export type PauseBody = z.input<typeof pauseBody>;
/** An organiser's coffee settings, as the domain parses them. */
export type CoffeeSettings = z.input<typeof settingsSchema>;
/** The answer of every coffee route: the caller's own coffee in the team, totals for organisers. */
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
  stats?: ProgrammeStats;
};

/**
 * The caller's Teams language, as the tab sends it (Accept-Language): remembered on their
 * membership when they join, so coffee's 1:1 messages are written in it.
 */
function languageOf(req: Request): Locale | undefined {
  return acceptLanguageTags(req.header('accept-language')).map(matchLocale).find(isLocale);
}

/** The team in the path, and the caller as a member of it (by the team's roster). */
export function teamMembership(authenticate: Authenticate, deps: CoffeeApiDeps): MemberOf {
  return async function memberOf(req, res) {
    const who = await authenticate(req, res);
    if (!who) return undefined;
    const candidate = await programmeOf(String(req.params.teamId ?? ''), who.tenantId);
    // Another tenant's team looks exactly like a team that does not exist.
    if (!candidate || candidate.programme.tenantId !== who.tenantId) {
      fail(res, 404, 'NotFound', { id: 'api.notInTeam' });
      return undefined;
    }
    const { programme } = candidate;
    let found: Awaited<ReturnType<CoffeeApiDeps['directory']>>;
    try {
      found = await deps.directory(programme, who.objectId);
    } catch (error) {
      deps.log.warn({ programmeId: programme.id, err: { name: (error as Error)?.name } }, 'team roster lookup failed');
      fail(res, 503, 'Unavailable', { id: 'api.unavailable' });
      return undefined;
    }
    if (!found) {
      fail(res, 403, 'NotAMember', { id: 'api.notAMember' });
      return undefined;
    }
    // A team where Hallway is installed gets its coffee programme when a member first opens the tab.
    const stored = candidate.stored ? programme : (await deps.programmes.ensure(programme)).programme;
    return { programme: stored, person: { userId: found.userId, aadObjectId: who.objectId, name: found.name } };
  };

  /** The stored programme, or the one an installed team or chat would start with (not stored yet). */
  async function programmeOf(id: string, tenantId: string): Promise<{ programme: Programme; stored: boolean } | undefined> {
    const existing = await deps.programmes.get(id);
    if (existing) return { programme: existing, stored: true };
    const installation = await deps.installations.get(id);
    if (!installation || installation.tenantId !== tenantId || installation.conversationType === 'personal') return undefined;
    const programme = newProgramme(
      { id, tenantId, name: installation.teamName, reference: installation.reference, organiser: installation.installedBy },
      deps.clock.now(),
    );
    return { programme, stored: false };
  }
}

/** Coffee settings' fields as the tab's form names them, for their problems. */
const SETTINGS_FIELDS = {
  enabled: 'api.field.enabled',
  cadence: 'api.field.cadence',
  weekday: 'api.field.weekday',
  hour: 'api.field.hour',
  timeZone: 'api.field.timeZone',
  groupSize: 'api.field.groupSize',
  meetingMinutes: 'api.field.meetingMinutes',
  includeGuests: 'api.field.includeGuests',
  language: 'api.field.language',
} as const;
const SETTINGS_WORDS = apiProblemWords(SETTINGS_FIELDS, (id: SettingsProblemId): ApiMessageId => `api.problem.${id}`);
/** One's own coffee settings' fields, as the tab names them. */
const JOIN_FIELDS = {
  timeZone: 'api.field.timeZone',
  workStartHour: 'api.field.workHours',
  workEndHour: 'api.field.workHours',
} as const;
const JOIN_WORDS = apiProblemWords(JOIN_FIELDS, (id: JoinProblemId): ApiMessageId => `api.problem.${id}`);

/** The signed-in person's coffee in one team: status, joining, pausing, and settings for organisers. */
export function registerCoffeeApi(server: Server, memberOf: MemberOf, deps: CoffeeApiDeps): void {
  async function view(programme: Programme, person: Person): Promise<CoffeeView> {
    const status = await myStatus(deps, { programme, userId: person.userId });
    const organiser = isOrganiser(programme, person);
    return {
      team: { id: programme.id, name: programme.name },
      organiser,
      settings: programme.settings,
      nextRoundAt: status.nextRoundAt?.toISOString(),
      me: {
        status: status.status,
        pausedUntil: status.pausedUntil?.toISOString(),
        timeZone: status.member?.timeZone,
        workStartHour: status.member?.workStartHour,
        workEndHour: status.member?.workEndHour,
        match: status.match && {
          round: status.match.round,
          captainIsMe: status.match.captain === person.userId,
          partners: status.match.partners.map((p) => ({
            name: p.name,
            chatUrl: p.upn ? `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(p.upn)}` : undefined,
          })),
        },
      },
      stats: organiser ? await programmeStats(deps, { programme }) : undefined,
    };
  }

  const base = '/api/v1/teams/:teamId/coffee';

  server.get(base, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (member) res.send(200, await view(member.programme, member.person));
  });

  server.post(`${base}/join`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const body = joinBody.safeParse(req.body ?? {});
    if (!body.success) return failWithProblems(req, res, problemsOf(body.error, JOIN_PROBLEMS), JOIN_WORDS);
    const result = await join(deps, { programme: member.programme, person: member.person, timeZone: body.data.timeZone, locale: languageOf(req) });
    const { workStartHour, workEndHour, timeZone } = body.data;
    if (workStartHour !== undefined || workEndHour !== undefined || (timeZone && result.kind === 'already-member')) {
      const stored = (await deps.programmes.getMember(member.programme.id, member.person.userId))!;
      await deps.programmes.saveMember({
        ...stored,
        timeZone: timeZone ?? stored.timeZone,
        workStartHour: workStartHour ?? stored.workStartHour,
        workEndHour: workEndHour ?? stored.workEndHour,
      });
    }
    res.send(200, await view(member.programme, member.person));
  });

  server.post(`${base}/leave`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    await leave(deps, { programme: member.programme, userId: member.person.userId });
    res.send(200, await view(member.programme, member.person));
  });

  server.post(`${base}/resume`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    await resume(deps, { programme: member.programme, userId: member.person.userId });
    res.send(200, await view(member.programme, member.person));
  });

  server.post(`${base}/pause`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const body = pauseBody.safeParse(req.body ?? {});
    // The tab's date field left empty arrives as no date: the person is asked for a day, in their language.
    if (!body.success) return fail(res, 400, 'BadRequest', { id: 'api.pickADay' });
    const result = await pauseUntil(deps, { programme: member.programme, userId: member.person.userId, until: new Date(body.data.until) });
    if (result.kind === 'invalid-date') return fail(res, 400, 'BadRequest', { id: 'api.pickADay' });
    if (result.kind === 'not-member') return fail(res, 409, 'NotJoined', { id: 'api.joinFirst' });
    res.send(200, await view(member.programme, member.person));
  });

  server.put(`${base}/settings`, async (req: Request, res: Response) => {
    const member = await memberOf(req, res);
    if (!member) return;
    const result = await updateSettings(deps, { programme: member.programme, person: member.person, settings: req.body });
    if (result.kind === 'not-organiser') return fail(res, 403, 'NotAnOrganiser', { id: 'api.coffeeOrganisersOnly' });
    if (result.kind === 'invalid') return failWithProblems(req, res, result.problems, SETTINGS_WORDS);
    const programme = (await deps.programmes.get(member.programme.id))!;
    res.send(200, await view(programme, member.person));
  });
}
