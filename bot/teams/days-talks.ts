import type { ConversationReference, TurnContext } from 'botbuilder';
import { renderCard, strong, type AdaptiveCard } from '../cards/render';
import type { DaysTalkData } from '../cards/verbs';
import type { Clock } from '../domain/clock';
import type { Programme } from '../domain/coffee/model';
import type { Programmes } from '../domain/coffee/ports';
import type { DaysPlan, TalkRequest } from '../domain/days/model';
import type { DaysTogether } from '../domain/days/ports';
import { answerTalk, askForTalk, type AskResult } from '../domain/days/talks';
import type { Person } from '../domain/person';
import type { Logger } from '../log';
import { errorSummary, personOf, programmeIsOfTenant, type Place } from './activity';
import { Messenger } from './messenger';

export type DaysTalksDeps = {
  days: DaysTogether;
  programmes: Programmes;
  messenger: Messenger;
  clock: Clock;
  newId: () => string;
  log: Logger;
  /** Sends a person their whole plan again (with the accepted conversation in it), once drawn. */
  resendPlan: (programme: Programme, plan: DaysPlan, userId: string) => Promise<void>;
};

/**
 * Face-to-face requests in Teams. Everything here goes to one person's 1:1 chat: the request to
 * the colleague, the answer to the asker. Nothing is posted anywhere else, and the log gets ids
 * and outcomes only (never who asked whom).
 */
export class DaysTalks {
  constructor(private readonly deps: DaysTalksDeps) {}

  /** Someone asks a colleague (from the tab); only the colleague is told, privately. */
  async ask(programme: Programme, input: { planId: string; person: Person; withUserId: string }): Promise<AskResult> {
    const result = await askForTalk(this.deps, { programmeId: programme.id, ...input });
    if (result.kind !== 'asked') return result;
    const { request } = result;
    await this.tell(programme, request.toUserId, renderCard('days-talk', { asker: request.fromName, planId: request.planId, requestId: request.id }));
    this.deps.log.info({ planId: request.planId }, 'days together: a face-to-face request was sent');
    return result;
  }

  /** days.talk: only the colleague asked, in a chat of the plan's tenant, answers; once. */
  async onAnswer(context: TurnContext, place: Place, data: DaysTalkData): Promise<AdaptiveCard> {
    const plan = await this.deps.days.get(data.planId);
    const programme = plan ? await this.deps.programmes.get(plan.programmeId) : undefined;
    if (!plan || !programme || !programmeIsOfTenant(place, programme)) return talkGoneCard();
    const result = await answerTalk(this.deps, { planId: plan.id, requestId: data.requestId, person: personOf(context), accept: data.answer === 'accept' });
    if (result.kind === 'not-found') return talkGoneCard();
    const { request } = result;
    if (result.kind === 'declined') {
      // The asker hears only this: no reason, nothing that tells a decline from a busy day.
      await this.tell(
        programme,
        request.fromUserId,
        renderCard('notice', { title: 'Not this time', text: 'Your request for time face to face will not happen during these days.' }),
      );
      return renderCard('notice', { title: 'You declined', text: ['Only ', strong(request.fromName), ' hears it, and only as "not this time".'] });
    }
    await this.tell(programme, request.fromUserId, accepted(request.toName));
    for (const userId of [request.fromUserId, request.toUserId]) await this.deps.resendPlan(programme, plan, userId);
    this.deps.log.info({ planId: plan.id }, 'days together: a face-to-face request was answered');
    return accepted(request.fromName);
  }

  private async tell(programme: Programme, userId: string, card: AdaptiveCard): Promise<void> {
    try {
      const serviceUrl = (programme.reference as ConversationReference).serviceUrl ?? '';
      const conversationId = await this.deps.messenger.openPersonalChat({ tenantId: programme.tenantId, serviceUrl, userId });
      await this.deps.messenger.postCard(Messenger.personalReference({ tenantId: programme.tenantId, serviceUrl, conversationId }), card);
    } catch (error) {
      this.deps.log.warn({ err: errorSummary(error) }, 'days together: a private message could not be sent');
    }
  }
}

/** A request already answered, of another tenant, or not addressed to the presser: all look the same. */
export function talkGoneCard(): AdaptiveCard {
  return renderCard('notice', { title: 'This request is no longer open', text: 'It was answered already, or the days together are over.' });
}

const accepted = (name: TalkRequest['toName']) =>
  renderCard('notice', {
    title: 'Time to talk, face to face',
    text: ['You and ', strong(name), ' have time set aside in the afternoon, outside lunch. It is in your plan.'],
  });
