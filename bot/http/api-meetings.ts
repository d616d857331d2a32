import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Board } from '../domain/check-in/board';
import { moodOf, VISIBILITIES, type CheckInSession } from '../domain/check-in/model';
import { settingsFor } from '../domain/check-in/use-cases';
import type { Logger } from '../log';
import type { MeetingSettingsStore } from '../domain/check-in/ports';
import type { Installation, Installations } from '../domain/installations';
import type { Caller } from './sso';
import type { Clock } from '../domain/clock';
import { fail } from './reply';
import { previewCheckInCard } from '../cards/check-in-card';
import { LOCALES } from '../domain/language';
import { questionIn } from '../i18n/check-in';
import { acceptLanguageTags, negotiateLocale, type UiLocale } from '../i18n/locales';

/** A person in a meeting, as Teams answers: their role, and the meeting's own chat (`19:meeting_…@thread.v2`). */
export type MeetingParticipant = { role: string; chatId: string };

/** What the meeting endpoints need from the Teams side. */
export type MeetingTeams = {
  /** Undefined when the person is not a participant; throws when Teams cannot be asked. */
  participant(reference: unknown, meetingId: string, objectId: string, tenantId: string): Promise<MeetingParticipant | undefined>;
  start(reference: unknown, meetingId: string): Promise<{ kind: string }>;
  live(conversationId: string): Promise<{ session: CheckInSession; board: Board } | undefined>;
};

export type MeetingsApiDeps = {
  installations: Installations;
  meetingSettings: MeetingSettingsStore;
  teams: MeetingTeams;
  clock: Clock;
  log?: Logger;
};

/** Where a meeting call may act: the meeting in the path, its own chat (Hallway installed there), the caller's role. */
export type MeetingPlace = { meetingId: string; chat: string; installation: Installation; organiser: boolean };

export type MeetingBoundary =
  | { kind: 'ok'; place: MeetingPlace }
  /** No installation for the chat in the caller's tenant, or the chat is not this meeting's: told apart nowhere. */
  | { kind: 'not-found' }
  | { kind: 'not-a-participant' }
  | { kind: 'unavailable'; error: unknown };

/** Teams' ids are far shorter; a longer one is not an id and never reaches Teams or storage. */
const meetingIds = z.object({ meetingId: z.string().min(1).max(512), chat: z.string().min(1).max(512) });

/**
 * The meeting boundary, used by every meeting route: the chat in `?chat=` must be where Hallway is
 * installed in the caller's tenant, the caller a participant of the meeting in the path (Teams
 * says so, by their object id), and that chat the meeting's own chat (Teams' participant answer
 * names it). Otherwise the organiser of one meeting could read or start check-ins in any chat.
 */
export async function meetingBoundary(
  deps: Pick<MeetingsApiDeps, 'installations' | 'teams'>,
  who: Caller,
  ids: { meetingId: unknown; chat: unknown },
): Promise<MeetingBoundary> {
  const parsed = meetingIds.safeParse(ids);
  if (!parsed.success) return { kind: 'not-found' };
  const { meetingId, chat } = parsed.data;
  const installation = await deps.installations.get(chat);
  if (!installation || installation.tenantId !== who.tenantId) return { kind: 'not-found' };
  let participant: MeetingParticipant | undefined;
  try {
    participant = await deps.teams.participant(installation.reference, meetingId, who.objectId, who.tenantId);
  } catch (error) {
    return { kind: 'unavailable', error };
  }
  if (!participant) return { kind: 'not-a-participant' };
  if (participant.chatId !== chat) return { kind: 'not-found' };
  return { kind: 'ok', place: { meetingId, chat, installation, organiser: participant.role === 'Organizer' } };
}

/** The caller's language, as their Teams client (the tab's browser) asks for it. */
function callerLocale(req: Request): UiLocale {
  return negotiateLocale(...acceptLanguageTags(req.header('accept-language')));
}

type Authenticate = (req: Request, res: Response) => Promise<Caller | undefined>;

const settingsBody = z.object({
  enabled: z.boolean(),
  questionBank: z.enum(['light', 'deeper', 'custom']),
  customQuestions: z
    .array(z.string().trim().min(1, 'questions cannot be empty').max(200, 'keep each question to 200 characters'))
    .max(30, 'at most 30 questions'),
  summaryAtEnd: z.boolean(),
  defaultVisibility: z.enum(VISIBILITIES),
  /** The language of the shared card and the summary; omitted, the language of whoever installed Hallway in the chat. */
  language: z.enum(LOCALES).optional(),
});

// The API's contract, imported by the tab as types only (nothing of the server is bundled into it).
/**
 * An organiser's check-in settings (saved, or previewed as a card). `language` (one of LOCALES) is
 * the language of what the whole meeting sees (the shared card, the summary); left out, it is the
 * language of whoever installed Hallway in the meeting. Each person's own view is in their own.
 */
export type MeetingSettingsBody = z.input<typeof settingsBody>;
/** The live check-in of the meeting's chat: counts, moods, and only the answers shared with the meeting. */
export type LiveCheckIn = ReturnType<typeof live>;
/** The answer of the meeting routes: the caller's role, the check-in settings, the live check-in. */
export type MeetingView = { organiser: boolean; settings: MeetingSettingsBody; checkIn?: LiveCheckIn };
/** Start check-in: posted now, or one was already open. */
export type CheckInStarted = { started: boolean; alreadyOpen: boolean };
/** The configuration page's preview: the card the bot would post. */
export type CardPreview = { card: ReturnType<typeof previewCheckInCard> };

/** A shared entry as the meeting sees it; nothing of answers given as "only show that I checked in". */
function live(board: Board, session: CheckInSession, locale: UiLocale) {
  return {
    open: session.status === 'open',
    // The side panel is one person's view: a question of the banks in their language.
    question: questionIn(locale, session),
    checkedIn: board.checkedIn,
    skipped: board.skipped,
    onlyCounted: board.privateCount,
    // `id` names the mood in any language (the tab's own catalogue); `label` is its English name.
    moods: board.moods.filter((m) => m.count > 0).map((m) => ({ id: m.id, emoji: m.emoji, label: m.label, count: m.count })),
    shared: board.shared.slice(0, 100).map((e) => ({ name: e.person.name, mood: moodOf(e.mood).emoji, note: e.note })),
  };
}

/**
 * The meeting side panel: check-in settings for the organiser, "Start check-in", and the live
 * check-ins. The chat is named in `?chat=`; every route goes through the meeting boundary.
 */
export function registerMeetingsApi(server: Server, authenticate: Authenticate, deps: MeetingsApiDeps): void {
  /** The caller and the meeting place of the request, through the meeting boundary; answers the request itself when refused. */
  async function meetingPlace(req: Request, res: Response): Promise<MeetingPlace | undefined> {
    const who = await authenticate(req, res);
    if (!who) return undefined;
    const boundary = await meetingBoundary(deps, who, { meetingId: req.params?.meetingId, chat: req.query?.chat });
    switch (boundary.kind) {
      case 'ok':
        return boundary.place;
      case 'not-found':
        // The same answer whether Hallway is missing there or the chat belongs to another meeting or tenant.
        fail(res, 404, 'NotInstalled', { id: 'api.addToMeeting' });
        return undefined;
      case 'not-a-participant':
        fail(res, 403, 'NotAParticipant', { id: 'api.notAParticipant' });
        return undefined;
      case 'unavailable':
        deps.log?.warn(
          { err: { name: (boundary.error as Error)?.name, status: (boundary.error as { statusCode?: number })?.statusCode } },
          'meeting participant lookup failed',
        );
        fail(res, 503, 'Unavailable', { id: 'api.unavailable' });
        return undefined;
    }
  }

  server.get('/api/v1/meetings/:meetingId', async (req: Request, res: Response) => {
    const p = await meetingPlace(req, res);
    if (!p) return;
    const current = await deps.teams.live(p.chat);
    res.send(200, {
      organiser: p.organiser,
      settings: await settingsFor(deps, p.meetingId),
      checkIn: current ? live(current.board, current.session, callerLocale(req)) : undefined,
    } satisfies MeetingView);
  });

  server.put('/api/v1/meetings/:meetingId/settings', async (req: Request, res: Response) => {
    const p = await meetingPlace(req, res);
    if (!p) return;
    if (!p.organiser) return fail(res, 403, 'NotTheOrganiser', { id: 'api.meetingSettingsOrganiserOnly' });
    const body = settingsBody.safeParse(req.body);
    if (!body.success) return fail(res, 400, 'BadRequest', body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    await deps.meetingSettings.put(p.meetingId, body.data);
    res.send(200, { organiser: true, settings: body.data } satisfies MeetingView);
  });

  /** The configuration page's preview: the card the bot would post with these settings, in their language (else the caller's). */
  server.post('/api/v1/check-in/preview', async (req: Request, res: Response) => {
    if (!(await authenticate(req, res))) return;
    const body = settingsBody.safeParse(req.body);
    if (!body.success) return fail(res, 400, 'BadRequest', body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const locale = body.data.language ?? callerLocale(req);
    res.send(200, { card: previewCheckInCard(body.data, undefined, deps.clock.now(), locale) } satisfies CardPreview);
  });

  server.post('/api/v1/meetings/:meetingId/check-in', async (req: Request, res: Response) => {
    const p = await meetingPlace(req, res);
    if (!p) return;
    const result = await deps.teams.start(p.installation.reference, p.meetingId);
    res.send(result.kind === 'posted' ? 201 : 200, {
      started: result.kind === 'posted',
      alreadyOpen: result.kind !== 'posted',
    } satisfies CheckInStarted);
  });
}
