import { storedReference } from './reference';
import type { ConversationReference, TurnContext } from 'botbuilder';
import { checkInCard, checkInCardText, checkInGoneCard, summaryCard, type CheckInView } from '../cards/check-in-card';
import type { AdaptiveCard, CardReply } from '../cards/render';
import { sessionData, typedSoFar, type SessionData, type SubmitData } from '../cards/verbs';
import { buildBoard, type Board } from '../domain/check-in/board';
import { NOTE_MAX_LENGTH, type CheckInSession } from '../domain/check-in/model';
import type { Person } from '../domain/person';
import { closeCheckIn, recordAnswer, startCheckIn, type CheckInDeps, type StartTrigger } from '../domain/check-in/use-cases';
import type { Installations } from '../domain/installations';
import type { Logger } from '../log';
import { errorSummary, personLocale, personOf, sessionIsHere, teamOf, tenantOf, type Place } from './activity';
import { Coalescer } from './coalescer';
import type { Messenger } from './messenger';
import { MeetingParticipants, type MeetingParticipant } from './meeting-participants';
import { SayHiNames } from './say-hi-names';
import { CheckInReads, PERSONAL_BOARD_MAX_AGE_MS } from './check-in-reads';

export type CheckInControllerDeps = CheckInDeps & {
  /** Whose language a chat's shared card is in, until its organiser chooses one: the installer's. */
  installations: Pick<Installations, 'get'>;
  messenger: Messenger;
  log: Logger;
  updateIntervalMs: number;
};

/** A button of a check-in that is over, removed, of another chat, or with data no card sends: said in the presser's language. */
export function checkInGoneReply(context: TurnContext): AdaptiveCard {
  return checkInGoneCard(personLocale(context));
}

/** Meeting events, the check-in command and the check-in card's verbs, on top of the domain. */
export class CheckInController {
  private readonly coalescer: Coalescer;
  private readonly reads: CheckInReads;
  private readonly sayHi: SayHiNames;
  private readonly participants: MeetingParticipants;

  constructor(private readonly deps: CheckInControllerDeps) {
    this.reads = new CheckInReads(deps);
    this.participants = new MeetingParticipants(deps);
    this.sayHi = new SayHiNames(deps);
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
      const card = checkInCard(session, buildBoard([]), { kind: 'shared' }, await this.reads.sharedLocale(session));
      const messageId = await this.deps.messenger.sendCard(context, card);
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
    this.reads.forget(session.id);
    this.coalescer.schedule(session.id);
    if (session.summaryAtEnd) {
      const board = buildBoard(await this.deps.checkIns.listAnswers(session.id));
      await this.deps.messenger.sendCard(context, summaryCard(session, board, await this.reads.sharedLocale(session)));
    }
    this.deps.log.info({ sessionId: session.id }, 'check-in closed');
  }

  /**
   * The check-in a button names, if it is of the chat and tenant the card was pressed in: a
   * check-in of another chat or tenant looks exactly like one that no longer exists.
   */
  private async sessionHere(place: Place, sessionId: string): Promise<CheckInSession | undefined> {
    const found = await this.reads.session(sessionId);
    return found && sessionIsHere(place, found) ? found : undefined;
  }

  /** check-in.submit: records the answer, or shows the form again with what is wrong. */
  async onSubmit(context: TurnContext, place: Place, data: SubmitData): Promise<CardReply> {
    const session = await this.sessionHere(place, data.sessionId);
    if (!session) return checkInGoneReply(context);
    const note = data.note?.trim();
    if (note && [...note].length > NOTE_MAX_LENGTH) {
      return this.personalCard(context, session, {
        kind: 'form',
        values: { mood: data.mood, note: data.note, visibility: data.visibility },
        error: { kind: 'note-too-long', length: [...note].length },
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
  async onSubmitWithoutMood(context: TurnContext, place: Place, data: unknown): Promise<CardReply> {
    const ids = sessionData.safeParse(data);
    const session = ids.success ? await this.sessionHere(place, ids.data.sessionId) : undefined;
    if (!session) return checkInGoneReply(context);
    return this.personalCard(context, session, { kind: 'form', values: typedSoFar(data), error: { kind: 'no-mood' } });
  }

  /** check-in.skip: "Skip today". */
  async onSkip(context: TurnContext, place: Place, data: SessionData): Promise<CardReply> {
    const session = await this.sessionHere(place, data.sessionId);
    if (!session) return checkInGoneReply(context);
    return this.answer(context, session, personOf(context), { kind: 'skip' });
  }

  /** check-in.edit: the form, filled with the presser's own answer. */
  async onEdit(context: TurnContext, place: Place, data: SessionData): Promise<CardReply> {
    const session = await this.sessionHere(place, data.sessionId);
    if (!session) return checkInGoneReply(context);
    const mine = await this.deps.checkIns.getAnswer(session.id, personOf(context).userId);
    const values = mine && !mine.skipped ? { mood: mine.mood, note: mine.note, visibility: mine.visibility } : undefined;
    return this.personalCard(context, session, { kind: 'form', values });
  }

  /** check-in.refresh: the presser's own view (Teams asks for it, or they press Refresh). */
  async onRefresh(context: TurnContext, place: Place, data: SessionData): Promise<CardReply> {
    const session = await this.sessionHere(place, data.sessionId);
    if (!session) return checkInGoneReply(context);
    const mine = await this.deps.checkIns.getAnswer(session.id, personOf(context).userId);
    return this.personalCard(context, session, mine ? { kind: 'mine', answer: mine } : { kind: 'shared' });
  }

  private async answer(
    context: TurnContext,
    session: CheckInSession,
    person: Person,
    answer: Parameters<typeof recordAnswer>[1]['answer'],
  ): Promise<CardReply> {
    const result = await recordAnswer(this.deps, {
      session,
      conversationId: context.activity.conversation.id,
      person: { ...person, upn: this.sayHi.get(person.userId) },
      answer,
    });
    switch (result.kind) {
      case 'recorded':
        this.coalescer.schedule(session.id);
        this.sayHi.lookUpIfShown(session, result.answer, this.reads.sharedSoFar(session.id), () => this.coalescer.schedule(session.id));
        return this.personalCard(context, result.session, { kind: 'mine', answer: result.answer });
      case 'closed':
        return this.personalCard(context, result.session, { kind: 'shared' });
      case 'invalid':
        return this.personalCard(context, session, { kind: 'form', error: { kind: 'note-too-long' } });
      case 'not-found':
        return checkInGoneReply(context);
    }
  }

  /** The presser's own view, in their language (the shared card stays in the place's). */
  private async personalCard(context: TurnContext, session: CheckInSession, view: CheckInView): Promise<CardReply> {
    return checkInCardText(session, await this.reads.board(session.id, PERSONAL_BOARD_MAX_AGE_MS), view, personLocale(context));
  }

  /** Rewrites the shared card from storage; coalesced, so it always shows the latest answers. */
  private async updateSharedCard(sessionId: string): Promise<void> {
    const session = await this.deps.checkIns.get(sessionId);
    if (!session?.messageId) return;
    const board = await this.reads.board(sessionId, 0);
    // The place's language, whoever's answer or click this update carries.
    const locale = await this.reads.sharedLocale(session);
    const card = checkInCard(session, board, { kind: 'shared' }, locale);
    await this.deps.messenger.updateCard(session.address.reference as ConversationReference, session.messageId, card);
    // With several instances, another one may have sent a newer card while this one was on its way
    // (waiting for the rate limit, or retried after a 503/429), and this older view then landed
    // last: the card would stay behind until the next answer. So look again once it is sent, and
    // go again if the card would differ. Whichever update lands last was then read after every
    // answer before it.
    const current = await this.deps.checkIns.get(sessionId);
    if (current && JSON.stringify(checkInCard(current, await this.reads.board(sessionId, 0), { kind: 'shared' }, locale)) !== JSON.stringify(card)) {
      this.coalescer.schedule(sessionId);
    }
  }

  /** Redraws check-in cards after someone's answers were deleted (forget me), and drops what was cached about them. */
  redraw(sessionIds: string[], userIds: string[]): void {
    this.sayHi.forget(userIds);
    for (const id of sessionIds) {
      this.reads.forget(id);
      this.coalescer.schedule(id);
    }
  }

  /** The person in the meeting as Teams answers for the tab (see MeetingParticipants). */
  meetingParticipant(reference: unknown, meetingId: string, objectId: string, tenantId: string): Promise<MeetingParticipant | undefined> {
    return this.participants.find(reference, meetingId, objectId, tenantId);
  }

  /** "Start check-in" from the meeting's side panel: the same as typing check-in in its chat. */
  startFromTab(reference: unknown, meetingId: string) {
    return this.deps.messenger.inConversation(reference as ConversationReference, (context) => this.start(context, { meetingId, trigger: { kind: 'manual' } }));
  }

  /** What the meeting sees of its open check-in, for the side panel (refreshed by polling). */
  async liveBoard(conversationId: string): Promise<{ session: CheckInSession; board: Board } | undefined> {
    const session = await this.deps.checkIns.findOpen(conversationId);
    return session ? { session, board: await this.reads.board(session.id, 0) } : undefined;
  }

  /** Sends every pending card update now (shutdown). */
  flush(): Promise<void> {
    return this.coalescer.flush();
  }
}
