import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Breaks } from '../domain/breaks/ports';
import type { CheckIns } from '../domain/check-in/ports';
import type { Clock } from '../domain/clock';
import { isOrganiser } from '../domain/coffee/membership';
import type { Programmes, Rounds } from '../domain/coffee/ports';
import type { Installations } from '../domain/installations';
import type { Privacy } from '../domain/privacy-ports';
import { breakPulse, type BreakPulse } from '../domain/pulse/breaks';
import { coffeePulse, type CoffeePulse } from '../domain/pulse/coffee';
import { myPulse, type MyPulse } from '../domain/pulse/mine';
import type { PulseReads } from '../domain/pulse/ports';
import { seriesPulse, type SeriesPulse } from '../domain/pulse/series';
import type { Logger } from '../log';
import type { MemberOf } from './api-coffee';
import { meetingBoundary, type MeetingPlace, type MeetingTeams } from './api-meetings';
import { seriesCsv, teamCsv } from './pulse-csv';
import { fail } from './reply';
import type { Caller } from './sso';

export type PulseApiDeps = {
  installations: Installations;
  teams: MeetingTeams;
  checkIns: Pick<CheckIns, 'listAnswers'>;
  programmes: Pick<Programmes, 'members'>;
  rounds: Pick<Rounds, 'history' | 'answers'>;
  breaks: Pick<Breaks, 'get' | 'list' | 'rsvps' | 'topics'>;
  privacy: Pick<Privacy, 'export'>;
  pulse: PulseReads;
  clock: Clock;
  log: Logger;
};

type Authenticate = (req: Request, res: Response) => Promise<Caller | undefined>;

// The API's contract, imported by the tab as types only.
export type { BreakPulse, CoffeePulse, MyPulse, SeriesPulse };
/** A team's pulse for its organisers: coffee, the team's breaks, and the chosen break's occurrences. */
export type TeamPulse = { team?: string; coffee: CoffeePulse; breaks: { id: string; title: string }[]; break?: BreakPulse };

const breakQuery = z.string().min(1).max(100).optional();

/**
 * The pulse: charts of how Hallway does. A meeting series only for its organiser (through the
 * meeting boundary), a team's coffee and breaks only for that programme's organisers (through the
 * team's roster), and "mine" only for the caller. Every figure covers at least five people.
 */
export function registerPulseApi(server: Server, authenticate: Authenticate, memberOf: MemberOf, deps: PulseApiDeps): void {
  /** The meeting of the path, for its organiser only; answers the request itself when refused. */
  async function organisedMeeting(req: Request, res: Response): Promise<MeetingPlace | undefined> {
    const who = await authenticate(req, res);
    if (!who) return undefined;
    const boundary = await meetingBoundary(deps, who, { meetingId: req.params?.meetingId, chat: req.query?.chat });
    switch (boundary.kind) {
      case 'ok':
        if (boundary.place.organiser) return boundary.place;
        fail(res, 403, 'NotTheOrganiser', { id: 'api.meetingPulseOrganiserOnly' });
        return undefined;
      case 'not-found':
        fail(res, 404, 'NotInstalled', { id: 'api.addToMeeting' });
        return undefined;
      case 'not-a-participant':
        fail(res, 403, 'NotAParticipant', { id: 'api.notAParticipant' });
        return undefined;
      case 'unavailable':
        deps.log.warn({ err: { name: (boundary.error as Error)?.name } }, 'meeting participant lookup failed');
        fail(res, 503, 'Unavailable', { id: 'api.unavailable' });
        return undefined;
    }
  }

  const ofSeries = (place: MeetingPlace) =>
    seriesPulse(deps, { seriesKey: place.meetingId, conversationId: place.chat, tenantId: place.installation.tenantId });

  /** The team's pulse, for an organiser of its coffee; the break asked for must be one of the team's. */
  async function teamPulse(req: Request, res: Response): Promise<TeamPulse | undefined> {
    const member = await memberOf(req, res);
    if (!member) return undefined;
    if (!isOrganiser(member.programme, member.person)) {
      fail(res, 403, 'NotAnOrganiser', { id: 'api.teamPulseOrganisersOnly' });
      return undefined;
    }
    const asked = breakQuery.safeParse(req.query?.break);
    if (!asked.success) {
      fail(res, 400, 'BadRequest', 'break: a break id of this team');
      return undefined;
    }
    const breaks = await deps.breaks.list(member.programme.id);
    const chosen = asked.data === undefined ? breaks[0] : breaks.find((b) => b.id === asked.data);
    if (asked.data !== undefined && !chosen) {
      fail(res, 404, 'NotFound', { id: 'api.noSuchBreak' });
      return undefined;
    }
    const now = deps.clock.now();
    return {
      team: member.programme.name,
      coffee: await coffeePulse(deps, member.programme),
      breaks: breaks.map((b) => ({ id: b.id, title: b.title })),
      break: chosen ? await breakPulse(deps, chosen, now) : undefined,
    };
  }

  server.get('/api/v1/meetings/:meetingId/pulse', async (req: Request, res: Response) => {
    const place = await organisedMeeting(req, res);
    if (place) send(res, await ofSeries(place));
  });

  server.get('/api/v1/meetings/:meetingId/pulse/csv', async (req: Request, res: Response) => {
    const place = await organisedMeeting(req, res);
    if (place) sendCsv(res, 'hallway-check-ins.csv', seriesCsv(await ofSeries(place)));
  });

  server.get('/api/v1/teams/:teamId/pulse', async (req: Request, res: Response) => {
    const pulse = await teamPulse(req, res);
    if (pulse) send(res, pulse);
  });

  server.get('/api/v1/teams/:teamId/pulse/csv', async (req: Request, res: Response) => {
    const pulse = await teamPulse(req, res);
    if (pulse) sendCsv(res, 'hallway-team-pulse.csv', teamCsv(pulse.coffee, pulse.break));
  });

  /** My pulse: the caller's own moods and coffee, found by the token's object id only. */
  server.get('/api/v1/me/pulse', async (req: Request, res: Response) => {
    const who = await authenticate(req, res);
    if (who) send(res, await myPulse(deps, { aadObjectId: who.objectId }));
  });
}

function send(res: Response, body: object): void {
  res.header('cache-control', 'no-store');
  res.send(200, body);
}

function sendCsv(res: Response, filename: string, csv: string): void {
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(csv);
}
