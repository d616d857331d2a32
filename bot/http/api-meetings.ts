import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Board } from '../domain/check-in/board';
import { moodOf, VISIBILITIES, type CheckInSession } from '../domain/check-in/model';
import { settingsFor } from '../domain/check-in/use-cases';
import type { Installations, MeetingSettingsStore } from '../storage/ports';
import type { Caller } from './sso';
import type { Clock } from '../domain/clock';
import { fail } from './reply';
import { previewCheckInCard } from '../cards/check-in-card';

/** What the meeting endpoints need from the Teams side. */
export type MeetingTeams = {
  role(reference: unknown, meetingId: string, objectId: string, tenantId: string): Promise<string | undefined>;
  start(reference: unknown, meetingId: string): Promise<{ kind: string }>;
  live(conversationId: string): Promise<{ session: CheckInSession; board: Board } | undefined>;
};

export type MeetingsApiDeps = { installations: Installations; meetingSettings: MeetingSettingsStore; teams: MeetingTeams; clock: Clock };

type Authenticate = (req: Request, res: Response) => Promise<Caller | undefined>;

const settingsBody = z.object({
  enabled: z.boolean(),
  questionBank: z.enum(['light', 'deeper', 'custom']),
  customQuestions: z.array(z.string().trim().min(1, 'questions cannot be empty').max(200, 'keep each question to 200 characters')).max(30, 'at most 30 questions'),
  summaryAtEnd: z.boolean(),
  defaultVisibility: z.enum(VISIBILITIES),
});


/** A shared entry as the meeting sees it; nothing of answers given as "only show that I checked in". */
function live(board: Board, session: CheckInSession) {
  return {
    open: session.status === 'open',
    question: session.question,
    checkedIn: board.checkedIn,
    skipped: board.skipped,
    onlyCounted: board.privateCount,
    moods: board.moods.filter((m) => m.count > 0).map((m) => ({ emoji: m.emoji, label: m.label, count: m.count })),
    shared: board.shared.slice(0, 100).map((e) => ({ name: e.person.name, mood: moodOf(e.mood).emoji, note: e.note })),
  };
}

/**
 * The meeting side panel: check-in settings for the organiser, "Start check-in", and the live
 * check-ins. The chat is named in `?chat=`; the caller's role comes from Teams, by their object id.
 */
export function registerMeetingsApi(server: Server, authenticate: Authenticate, deps: MeetingsApiDeps): void {
  async function participant(req: Request, res: Response) {
    const who = await authenticate(req, res);
    if (!who) return undefined;
    const meetingId = String(req.params.meetingId ?? '');
    const chat = typeof req.query?.chat === 'string' ? req.query.chat : '';
    const installation = chat ? await deps.installations.get(chat) : undefined;
    if (!installation || installation.tenantId !== who.tenantId) {
      fail(res, 404, 'NotInstalled', 'Add Hallway to this meeting first (meeting details, then Apps).');
      return undefined;
    }
    let role: string | undefined;
    try {
      role = await deps.teams.role(installation.reference, meetingId, who.objectId, who.tenantId);
    } catch {
      fail(res, 503, 'Unavailable', 'Teams did not answer in time; try again in a moment.');
      return undefined;
    }
    if (!role) {
      fail(res, 403, 'NotAParticipant', 'Only people invited to this meeting can see its check-ins.');
      return undefined;
    }
    return { meetingId, chat, installation, organiser: role === 'Organizer' };
  }

  server.get('/api/v1/meetings/:meetingId', async (req: Request, res: Response) => {
    const p = await participant(req, res);
    if (!p) return;
    const current = await deps.teams.live(p.chat);
    res.send(200, {
      organiser: p.organiser,
      settings: await settingsFor(deps, p.meetingId),
      checkIn: current ? live(current.board, current.session) : undefined,
    });
  });

  server.put('/api/v1/meetings/:meetingId/settings', async (req: Request, res: Response) => {
    const p = await participant(req, res);
    if (!p) return;
    if (!p.organiser) return fail(res, 403, 'NotTheOrganiser', "Only the meeting's organiser can change its check-in settings.");
    const body = settingsBody.safeParse(req.body);
    if (!body.success) return fail(res, 400, 'BadRequest', body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    await deps.meetingSettings.put(p.meetingId, body.data);
    res.send(200, { organiser: true, settings: body.data });
  });

  /** The configuration page's preview: the card the bot would post with these settings. */
  server.post('/api/v1/check-in/preview', async (req: Request, res: Response) => {
    if (!(await authenticate(req, res))) return;
    const body = settingsBody.safeParse(req.body);
    if (!body.success) return fail(res, 400, 'BadRequest', body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    res.send(200, { card: previewCheckInCard(body.data, undefined, deps.clock.now()) });
  });

  server.post('/api/v1/meetings/:meetingId/check-in', async (req: Request, res: Response) => {
    const p = await participant(req, res);
    if (!p) return;
    const result = await deps.teams.start(p.installation.reference, p.meetingId);
    res.send(result.kind === 'posted' ? 201 : 200, { started: result.kind === 'posted', alreadyOpen: result.kind !== 'posted' });
  });
}
