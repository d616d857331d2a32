import type { TurnContext } from 'botbuilder';
import { notThisTimeCard, talkAcceptedCard, talkGoneCard as goneIn, talkRequestCard, youDeclinedCard } from '../cards/days-cards';
import type { AdaptiveCard } from '../cards/render';
import type { DaysTalkData } from '../cards/verbs';
import type { Clock } from '../domain/clock';
import type { Programme } from '../domain/coffee/model';
import type { Programmes } from '../domain/coffee/ports';
import type { DaysPlan } from '../domain/days/model';
import type { DaysTogether } from '../domain/days/ports';
import { answerTalk, askForTalk, type AskResult } from '../domain/days/talks';
import type { Person } from '../domain/person';
import type { UiLocale } from '../i18n/locales';
import type { Logger } from '../log';
import { errorSummary, personLocale, personOf, programmeIsOfTenant, type Place } from './activity';
import { postToPerson, rememberSeen, type PersonalDeps } from './days-notifier';

export type DaysTalksDeps = PersonalDeps & {
  days: DaysTogether;
  programmes: Programmes;
  clock: Clock;
  newId: () => string;
  log: Logger;
  /** Sends a person their whole plan again (with the accepted conversation in it), once drawn. */
  resendPlan: (programme: Programme, plan: DaysPlan, userId: string) => Promise<void>;
};

/**
 * Face-to-face requests in Teams. Everything here goes to one person's 1:1 chat: the request to
 * the colleague, the answer to the asker, each in that person's language. Nothing is posted
 * anywhere else, and the log gets ids and outcomes only (never who asked whom).
 */
export class DaysTalks {
  constructor(private readonly deps: DaysTalksDeps) {}

  /** Someone asks a colleague (from the tab); only the colleague is told, privately. */
  async ask(programme: Programme, input: { planId: string; person: Person; withUserId: string }): Promise<AskResult> {
    const result = await askForTalk(this.deps, { programmeId: programme.id, ...input });
    if (result.kind !== 'asked') return result;
    const { request } = result;
    const plan = await this.deps.days.get(request.planId);
    if (plan) await this.tell(programme, plan, request.toUserId, (locale) => talkRequestCard(locale, request));
    this.deps.log.info({ planId: request.planId }, 'days together: a face-to-face request was sent');
    return result;
  }

  /** days.talk: only the colleague asked, in a chat of the plan's tenant, answers; once. */
  async onAnswer(context: TurnContext, place: Place, data: DaysTalkData): Promise<AdaptiveCard> {
    const plan = await this.deps.days.get(data.planId);
    const programme = plan ? await this.deps.programmes.get(plan.programmeId) : undefined;
    if (!plan || !programme || !programmeIsOfTenant(place, programme)) return talkGoneCard(context);
    const result = await answerTalk(this.deps, { planId: plan.id, requestId: data.requestId, person: personOf(context), accept: data.answer === 'accept' });
    if (result.kind === 'not-found') return talkGoneCard(context);
    const { request } = result;
    await rememberSeen(this.deps, programme, context);
    const locale = personLocale(context);
    if (result.kind === 'declined') {
      // The asker hears only this: no reason, nothing that tells a decline from a busy day.
      await this.tell(programme, plan, request.fromUserId, notThisTimeCard);
      return youDeclinedCard(locale, request.fromName);
    }
    await this.tell(programme, plan, request.fromUserId, (asker) => talkAcceptedCard(asker, request.toName));
    for (const userId of [request.fromUserId, request.toUserId]) await this.deps.resendPlan(programme, plan, userId);
    this.deps.log.info({ planId: plan.id }, 'days together: a face-to-face request was answered');
    return talkAcceptedCard(locale, request.fromName);
  }

  private async tell(programme: Programme, plan: DaysPlan, userId: string, card: (locale: UiLocale) => AdaptiveCard): Promise<void> {
    try {
      await postToPerson(this.deps, programme, plan, userId, card);
    } catch (error) {
      this.deps.log.warn({ err: errorSummary(error) }, 'days together: a private message could not be sent');
    }
  }
}

/** A request already answered, of another tenant, or not addressed to the presser: all look the same, in the presser's language. */
export function talkGoneCard(context: TurnContext): AdaptiveCard {
  return goneIn(personLocale(context));
}
