import { storedReference } from './reference';
import { TeamsInfo, TurnContext, type ConversationReference } from 'botbuilder';
import { checkInCard, SAY_HI_LIMIT, summaryCard, type CheckInView } from '../cards/check-in-card';
import { renderCard, type AdaptiveCard } from '../cards/render';
import { sessionData, type SessionData, type SubmitData } from '../cards/verbs';
import { buildBoard, type Board } from '../domain/check-in/board';
import { MOOD_IDS, NOTE_MAX_LENGTH, VISIBILITIES, type Answer, type CheckInSession, type Person } from '../domain/check-in/model';
import {
  closeCheckIn,
  recordAnswer,
  startCheckIn,
  type CheckInDeps,
  type StartTrigger,
} from '../domain/check-in/use-cases';
import type { Logger } from '../log';
import { errorSummary, personOf, sessionIsHere, teamOf, tenantOf, type Place } from './activity';
import { Coalescer } from './coalescer';
import type { Messenger } from './messenger';
import { pacedTeamsClient } from './outbound';
import { BoundedMap } from '../lib/bounded-map';

export type CheckInControllerDeps = CheckInDeps & {
  messenger: Messenger;
  log: Logger;
  updateIntervalMs: number;
};

/** How stale the board in a personal card may be; the shared card is always rendered fresh. */
const PERSONAL_BOARD_MAX_AGE_MS = 1000;
/** A board is kept this long at most; it also hints at a check-in's size when Say hi links are considered. */
const BOARD_CACHE_MS = 30 * 60 * 1000;
const UPN_CACHE_LIMIT = 50_000;
/** Sign-in names change rarely; a day-long meeting series keeps its Say hi links without asking Teams again. */
const UPN_CACHE_MS = 12 * 60 * 60 * 1000;
/** How long Teams' answer about a meeting participant serves the tab; a "not a participant" less, so an added guest gets in soon. */
const PARTICIPANT_CACHE_MS = 60_000;
const NOT_A_PARTICIPANT_CACHE_MS = 10_000;
const PARTICIPANT_CACHE_LIMIT = 20_000;

/** Meeting events, the check-in command and the check-in card's verbs, on top of the domain. */
export class CheckInController {
  private readonly coalescer: Coalescer;
  /** Boards of recent check-ins, for personal cards and the side panel (each read says how fresh it needs one). */
  private readonly boards = new BoundedMap<string, { at: number; board: Board }>({ maxEntries: 1000, ttlMs: BOARD_CACHE_MS });
  /** Sign-in names of people who answered, for Say hi links (the invoke does not carry them). */
  private readonly upns = new BoundedMap<string, string>({ maxEntries: UPN_CACHE_LIMIT, ttlMs: UPN_CACHE_MS });
  /** Sign-in name lookups started per check-in: Say hi needs at most SAY_HI_LIMIT of them. */
  private readonly lookups = new BoundedMap<string, number>({ maxEntries: 1000, ttlMs: UPN_CACHE_MS });
  /** Teams' answers about meeting participants for the tab, by tenant, meeting and person. */
  private readonly participants: BoundedMap<string, { role: string; chatId: string } | undefined>;

  constructor(private readonly deps: CheckInControllerDeps) {
    this.participants = new BoundedMap({ maxEntries: PARTICIPANT_CACHE_LIMIT, ttlMs: PARTICIPANT_CACHE_MS, now: () => deps.clock.now().getTime() });
    this.coalescer = new Coalescer({
      intervalMs: deps.updateIntervalMs,
      run: (sessionId) => this.updateSharedCard(sessionId),
      onError: (sessionId, error) => deps.log.warn({ sessionId, err: errorSummary(error) }, 'shared check-in card update failed'),
    });
  }

  /** Meeting start or the `check-in` command: posts the card unless this occurrence has one. */
  async start(
    context: TurnContext,
    input: { meetingId?: string; title?: string; trigger: StartTrigger },
  ): Promise<{ kind: 'posted' | 'duplicate' | 'already-open' | 'disabled'; session?: CheckInSession }> {
    const reference = storedReference(context.activity);
    const result = await startCheckIn(this.deps, {
      address: {
        tenantId: tenantOf(context),
        conversationId: context.activity.conversation.id,
        reference,
        // A channel's chat is not the team: remembered so the team's removal deletes it too.
        teamId: context.activity.conversation.conversationType === 'channel' ? teamOf(context)?.id : undefined,
      },
      meetingId: input.meetingId,
      title: input.title,
      trigger: input.trigger,
    });
    if (result.kind !== 'started') return { kind: result.kind, session: 'session' in result ? result.session : undefined };

    const session = result.session;
    try {
      const messageId = await this.deps.messenger.sendCard(context, checkInCard(session, buildBoard([]), { kind: 'shared' }));
      await this.deps.checkIns.setMessageId(session.id, messageId);
      this.deps.log.info({ sessionId: session.id, trigger: input.trigger.kind }, 'check-in posted');
      return { kind: 'posted', session: { ...session, messageId } };
    } catch (error) {
      // Without its card the check-in is useless; drop it so a retried start event can post again.
      await this.deps.checkIns.discard(session.id);
      throw error;
    }
  }

  /** Meeting end: closes the check-in, shows the closed card, posts the summary if wanted. */
  async end(context: TurnContext): Promise<void> {
    const closed = await closeCheckIn(this.deps, { conversationId: context.activity.conversation.id });
    if (closed.kind === 'none') return;
    const session = closed.session;
    this.boards.delete(session.id);
    this.coalescer.schedule(session.id);
    if (session.summaryAtEnd) {
      const board = buildBoard(await this.deps.checkIns.listAnswers(session.id));
      await this.deps.messenger.sendCard(context, summaryCard(session, board));
    }
    this.deps.log.info({ sessionId: session.id }, 'check-in closed');
  }

  /**
   * The check-in a button names, if it is of the chat and tenant the card was pressed in: a
   * check-in of another chat or tenant looks exactly like one that no longer exists.
   */
  private async sessionHere(place: Place, sessionId: string): Promise<CheckInSession | undefined> {
    const found = await this.deps.checkIns.get(sessionId);
    return found && sessionIsHere(place, found) ? found : undefined;
  }

  /** check-in.submit: records the answer, or shows the form again with what is wrong. */
  async onSubmit(context: TurnContext, place: Place, data: SubmitData): Promise<AdaptiveCard> {
    const session = await this.sessionHere(place, data.sessionId);
    if (!session) return checkInGoneCard();
    const note = data.note?.trim();
    if (note && [...note].length > NOTE_MAX_LENGTH) {
      return this.personalCard(session, {
        kind: 'form',
        values: { mood: data.mood, note: data.note, visibility: data.visibility },
        error: `Your note is ${[...note].length} characters; please keep it to ${NOTE_MAX_LENGTH}.`,
      });
    }
    return this.answer(context, session, personOf(context), {
      kind: 'check-in',
      mood: data.mood,
      note,
      visibility: data.visibility ?? session.defaultVisibility,
    });
  }

  /** check-in.submit with data the form cannot send as it is (no mood): the form again, keeping what was typed. */
  async onSubmitWithoutMood(_context: TurnContext, place: Place, data: unknown): Promise<AdaptiveCard> {
    const ids = sessionData.safeParse(data);
    const session = ids.success ? await this.sessionHere(place, ids.data.sessionId) : undefined;
    if (!session) return checkInGoneCard();
    const raw = data as Record<string, unknown>;
    const typed = {
      mood: MOOD_IDS.find((m) => m === raw.mood),
      note: typeof raw.note === 'string' ? raw.note : undefined,
      visibility: VISIBILITIES.find((v) => v === raw.visibility),
    };
    return this.personalCard(session, { kind: 'form', values: typed, error: 'Pick how you are today, then press Check in.' });
  }

  /** check-in.skip: "Skip today". */
  async onSkip(context: TurnContext, place: Place, data: SessionData): Promise<AdaptiveCard> {
    const session = await this.sessionHere(place, data.sessionId);
    if (!session) return checkInGoneCard();
    return this.answer(context, session, personOf(context), { kind: 'skip' });
  }

  /** check-in.edit: the form, filled with the presser's own answer. */
  async onEdit(context: TurnContext, place: Place, data: SessionData): Promise<AdaptiveCard> {
    const session = await this.sessionHere(place, data.sessionId);
    if (!session) return checkInGoneCard();
    const mine = await this.deps.checkIns.getAnswer(session.id, personOf(context).userId);
    const values = mine && !mine.skipped ? { mood: mine.mood, note: mine.note, visibility: mine.visibility } : undefined;
    return this.personalCard(session, { kind: 'form', values });
  }

  /** check-in.refresh: the presser's own view (Teams asks for it, or they press Refresh). */
  async onRefresh(context: TurnContext, place: Place, data: SessionData): Promise<AdaptiveCard> {
    const session = await this.sessionHere(place, data.sessionId);
    if (!session) return checkInGoneCard();
    const mine = await this.deps.checkIns.getAnswer(session.id, personOf(context).userId);
    return this.personalCard(session, mine ? { kind: 'mine', answer: mine } : { kind: 'shared' });
  }

  private async answer(
    context: TurnContext,
    session: CheckInSession,
    person: Person,
    answer: Parameters<typeof recordAnswer>[1]['answer'],
  ): Promise<AdaptiveCard> {
    const result = await recordAnswer(this.deps, {
      sessionId: session.id,
      conversationId: context.activity.conversation.id,
      person: { ...person, upn: this.upns.get(person.userId) },
      answer,
    });
    switch (result.kind) {
      case 'recorded':
        this.coalescer.schedule(session.id);
        if (this.mayShowSayHi(session.id, result.answer)) void this.lookUpUpn(session, person.userId);
        return this.personalCard(result.session, { kind: 'mine', answer: result.answer });
      case 'closed':
        return this.personalCard(result.session, { kind: 'shared' });
      case 'invalid':
        return this.personalCard(session, { kind: 'form', error: `Please keep your note to ${NOTE_MAX_LENGTH} characters.` });
      case 'not-found':
        return checkInGoneCard();
    }
  }

  /** Say hi links appear only in small meetings; look up sign-in names only where they will be used. */
  private mayShowSayHi(sessionId: string, answer: Answer): boolean {
    if (answer.person.upn || answer.skipped || answer.visibility !== 'shared') return false;
    const started = this.lookups.get(sessionId) ?? 0;
    if (started >= SAY_HI_LIMIT || (this.boards.get(sessionId)?.board.shared.length ?? 0) > SAY_HI_LIMIT) return false;
    this.lookups.set(sessionId, started + 1);
    return true;
  }

  private async personalCard(session: CheckInSession, view: CheckInView): Promise<AdaptiveCard> {
    return checkInCard(session, await this.board(session.id, PERSONAL_BOARD_MAX_AGE_MS), view);
  }

  private async board(sessionId: string, maxAgeMs: number): Promise<Board> {
    const now = Date.now();
    const cached = this.boards.get(sessionId);
    if (cached && now - cached.at <= maxAgeMs) return cached.board;
    const board = buildBoard(await this.deps.checkIns.listAnswers(sessionId));
    this.boards.set(sessionId, { at: now, board });
    return board;
  }

  /** Rewrites the shared card from storage; coalesced, so it always shows the latest answers. */
  private async updateSharedCard(sessionId: string): Promise<void> {
    const session = await this.deps.checkIns.get(sessionId);
    if (!session?.messageId) return;
    const board = await this.board(sessionId, 0);
    const card = checkInCard(session, board, { kind: 'shared' });
    await this.deps.messenger.updateCard(session.address.reference as ConversationReference, session.messageId, card);
    // With several instances, another one may have sent a newer card while this one was on its way
    // (waiting for the rate limit, or retried after a 503/429), and this older view then landed
    // last: the card would stay behind until the next answer. So look again once it is sent, and
    // go again if the card would differ. Whichever update lands last was then read after every
    // answer before it.
    const current = await this.deps.checkIns.get(sessionId);
    if (current && JSON.stringify(checkInCard(current, await this.board(sessionId, 0), { kind: 'shared' })) !== JSON.stringify(card)) {
      this.coalescer.schedule(sessionId);
    }
  }

  /** The Say hi link needs the person's sign-in name, which the invoke does not carry. */
  private async lookUpUpn(session: CheckInSession, userId: string): Promise<void> {
    try {
      const member = await this.deps.messenger.request(session.address.reference as ConversationReference, (context) =>
        TeamsInfo.getMember(context, userId),
      );
      const upn = member.userPrincipalName ?? member.email;
      if (!upn) return;
      this.upns.set(userId, upn);
      await this.deps.checkIns.setAnswerUpn(session.id, userId, upn);
      this.coalescer.schedule(session.id);
    } catch (error) {
      this.deps.log.debug({ sessionId: session.id, err: errorSummary(error) }, 'member lookup failed; no Say hi link');
    }
  }

  /** Redraws check-in cards after someone's answers were deleted (forget me), and drops what was cached about them. */
  redraw(sessionIds: string[], userIds: string[]): void {
    for (const id of userIds) this.upns.delete(id);
    for (const id of sessionIds) {
      this.boards.delete(id);
      this.coalescer.schedule(id);
    }
  }

  /**
   * The person in the meeting as Teams answers for the tab: their role (Organizer, Presenter,
   * Attendee) and the meeting's own chat; undefined when not a participant. The side panel polls,
   * so answers are shared by concurrent requests and kept a minute (a refusal less), per meeting
   * and person whichever chat asks.
   */
  meetingParticipant(reference: unknown, meetingId: string, objectId: string, tenantId: string): Promise<{ role: string; chatId: string } | undefined> {
    const key = JSON.stringify([tenantId, meetingId, objectId]);
    const load = () => this.fetchParticipant(reference, meetingId, objectId, tenantId);
    return this.participants.getOrLoad(key, load, (found) => (found ? PARTICIPANT_CACHE_MS : NOT_A_PARTICIPANT_CACHE_MS));
  }

  private async fetchParticipant(reference: unknown, meetingId: string, objectId: string, tenantId: string) {
    try {
      // Not TeamsInfo.getMeetingParticipant: it makes an unpaced client of its own.
      const participant = await this.deps.messenger.request(reference as ConversationReference, (context) =>
        pacedTeamsClient(context).teams.fetchMeetingParticipant(meetingId, objectId, { tenantId }),
      );
      const role = participant.meeting?.role;
      // An answer without the meeting's chat matches no chat: the meeting boundary then refuses.
      return role ? { role, chatId: participant.conversation?.id ?? '' } : undefined;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404 || status === 403) return undefined;
      throw error;
    }
  }

  /** "Start check-in" from the meeting's side panel: the same as typing check-in in its chat. */
  startFromTab(reference: unknown, meetingId: string) {
    return this.deps.messenger.inConversation(reference as ConversationReference, (context) => this.start(context, { meetingId, trigger: { kind: 'manual' } }));
  }

  /** What the meeting sees of its open check-in, for the side panel (refreshed by polling). */
  async liveBoard(conversationId: string): Promise<{ session: CheckInSession; board: Board } | undefined> {
    const session = await this.deps.checkIns.findOpen(conversationId);
    return session ? { session, board: await this.board(session.id, 0) } : undefined;
  }

  /** Sends every pending card update now (shutdown). */
  flush(): Promise<void> {
    return this.coalescer.flush();
  }
}

/** A check-in that is over, removed, or of another chat: all look the same. */
export function checkInGoneCard(): AdaptiveCard {
  return renderCard('notice', {
    title: 'This check-in is no longer available',
    text: 'Type check-in in this chat to start a new one.',
  });
}

