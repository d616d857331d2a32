import type { ConversationReference, TurnContext } from 'botbuilder';
import { daysCard, daysGoneCard, photoReminderCard, upcomingDaysCard, type DaysCardError } from '../cards/days-cards';
import type { AdaptiveCard } from '../cards/render';
import type { DaysAnswerData, DaysMetData, DaysTalkData } from '../cards/verbs';
import { askWhoMetSomeoneNew } from '../domain/days/follow-up';
import { askMet, onMet } from './days-met';
import type { Clock, Random } from '../domain/clock';
import type { Programme } from '../domain/coffee/model';
import type { Programmes, Rounds } from '../domain/coffee/ports';
import { drawDuePlans, messageFor, remindPhotos, reseat } from '../domain/days/draw';
import type { DaysPlan } from '../domain/days/model';
import { answerDay, planIn, todayIn, upcomingDays } from '../domain/days/plans';
import type { DaysNotifier, DaysTogether } from '../domain/days/ports';
import type { Installations } from '../domain/installations';
import type { Jobs } from '../domain/privacy-ports';
import type { UiLocale } from '../i18n/locales';
import type { Logger } from '../log';
import { errorSummary, personLocale, personOf, programmeIsHere, teamOrChatOf, type Place } from './activity';
import { Coalescer } from './coalescer';
import { rememberSeen, teamLocale, tellInPersonalChat } from './days-notifier';
import { DaysTalks } from './days-talks';
import type { Messenger } from './messenger';

export type DaysControllerDeps = {
  days: DaysTogether;
  programmes: Programmes;
  /** Where each person's 1:1 chat was installed, with the language they last used there. */
  installations: Pick<Installations, 'get'>;
  rounds: Pick<Rounds, 'history'>;
  jobs: Jobs;
  messenger: Messenger;
  clock: Clock;
  random: Random;
  log: Logger;
  updateIntervalMs: number;
  newId: () => string;
  /** DAYS_PLAN_LEAD_DAYS: the social plan is drawn this many days before the first day. */
  leadDays: number;
};

/** Days together in Teams: the card in the channel and its buttons, the `days` command, the draw and private plans. */
export class DaysController {
  private readonly coalescer: Coalescer;
  readonly notifier: DaysNotifier;
  /** Private face-to-face requests. */
  readonly talks: DaysTalks;

  constructor(private readonly deps: DaysControllerDeps) {
    this.coalescer = new Coalescer({
      intervalMs: deps.updateIntervalMs,
      run: (planId) => this.updateCard(planId),
      onError: (planId, error) => deps.log.warn({ planId, err: errorSummary(error) }, 'days together card update failed'),
    });
    this.notifier = {
      tell: (programme, userId, message) => tellInPersonalChat(deps, programme, userId, message),
      planChanged: (plan) => this.coalescer.schedule(plan.id),
      remindPhoto: (plan) => this.remindPhoto(plan),
      askMet: (programme, plan, userId) => askMet(deps, programme, plan, userId),
    };
    this.talks = new DaysTalks({ ...deps, newId: deps.newId, resendPlan: (programme, plan, userId) => this.resendPlan(programme, plan, userId) });
  }

  /** A plan was made (in the tab): its card goes to the channel it was planned for. */
  async postCard(plan: DaysPlan): Promise<void> {
    try {
      const locale = teamLocale(await this.deps.programmes.get(plan.programmeId), plan);
      const messageId = await this.deps.messenger.postCard(plan.channelReference as ConversationReference, await this.card(plan, locale));
      await this.deps.days.setCardMessage(plan.id, messageId);
    } catch (error) {
      this.deps.log.warn({ planId: plan.id, err: errorSummary(error) }, 'days together card could not be posted');
    }
  }

  /** A plan changed elsewhere (the tab): its card follows, coalesced like every update. */
  changed(planId: string): void {
    this.coalescer.schedule(planId);
  }

  /** Scheduled: draws the plans that are due, once across instances, and tells each person theirs; the photo reminder on its day. */
  async drawDue(): Promise<void> {
    const { drawn, told } = await drawDuePlans({ ...this.deps, notifier: this.notifier }, this.deps.leadDays);
    if (drawn > 0) this.deps.log.info({ plans: drawn, told }, 'days together drawn');
    await remindPhotos({ ...this.deps, notifier: this.notifier });
    await askWhoMetSomeoneNew({ ...this.deps, notifier: this.notifier });
  }

  private async remindPhoto(plan: DaysPlan): Promise<void> {
    try {
      const locale = teamLocale(await this.deps.programmes.get(plan.programmeId), plan);
      await this.deps.messenger.postCard(plan.channelReference as ConversationReference, photoReminderCard(locale, plan));
      this.deps.log.info({ planId: plan.id }, 'days together: photo reminder posted');
    } catch (error) {
      this.deps.log.warn({ planId: plan.id, err: errorSummary(error) }, 'days together: the photo reminder could not be posted');
    }
  }

  /**
   * days.answer: I'm coming, or not this time. Only a plan of the team the card was pressed in, of
   * its tenant: any other plan looks exactly like one that is over, and nothing of it is shown.
   * The card stays in the team's language whoever pressed (it is the channel's card); a plan that
   * is gone is told in the presser's.
   */
  async onAnswer(context: TurnContext, place: Place, data: DaysAnswerData): Promise<AdaptiveCard> {
    const programme = place.teamOrChatId ? await this.deps.programmes.get(place.teamOrChatId) : undefined;
    if (!programme || !programmeIsHere(place, programme)) return daysGoneReply(context);
    const person = personOf(context);
    const coming = data.answer === 'coming';
    const result = await answerDay(this.deps, { programmeId: programme.id, planId: data.planId, date: data.date, person, coming });
    if (result.kind === 'not-found') return daysGoneReply(context);
    const plan = await planIn(this.deps, programme.id, data.planId);
    if (!plan) return daysGoneReply(context);
    const locale = teamLocale(programme, plan);
    if (result.kind !== 'answered') return this.card(plan, locale, { error: result.kind });
    await rememberSeen(this.deps, programme, context);
    await this.answered(programme, plan, { date: data.date, userId: person.userId, coming });
    return this.card(plan, locale);
  }

  /**
   * After an answer (on the card or in the tab): past the draw, the person joins or leaves the
   * day's tables, and someone joining is told their table at once, like everyone was; the card follows.
   */
  async answered(programme: Programme, plan: DaysPlan, answer: { date: string; userId: string; coming: boolean }): Promise<void> {
    const seating = await reseat(this.deps, plan, answer);
    if (seating && answer.coming) {
      const names = new Map((await this.deps.days.answers(plan.id)).map((a) => [a.userId, a.name]));
      const message = messageFor(plan, seating.days, answer.userId, names, this.deps.random, await this.deps.days.talks(plan.id));
      const sent = await this.notifier.tell(programme, answer.userId, message);
      if (sent.kind === 'failed') this.deps.log.warn({ planId: plan.id, err: sent.error }, 'days together: a late plan could not be sent');
    }
    this.coalescer.schedule(plan.id);
  }

  /** days.met: "Did you meet someone new?" answered. */
  onMet(context: TurnContext, place: Place, data: DaysMetData): Promise<AdaptiveCard> {
    return onMet(this.deps, context, place, data);
  }

  /** days.talk: the colleague's answer to a private face-to-face request. */
  onTalkAnswer(context: TurnContext, place: Place, data: DaysTalkData): Promise<AdaptiveCard> {
    return this.talks.onAnswer(context, place, data);
  }

  /** Once drawn, a person's whole plan again (an accepted face-to-face conversation added). */
  private async resendPlan(programme: Programme, plan: DaysPlan, userId: string): Promise<void> {
    const seating = await this.deps.days.seating(plan.id);
    if (!seating) return;
    const names = new Map((await this.deps.days.answers(plan.id)).map((a) => [a.userId, a.name]));
    const message = messageFor(plan, seating.days, userId, names, this.deps.random, await this.deps.days.talks(plan.id));
    if (message.days.length > 0) await this.notifier.tell(programme, userId, message);
  }

  /** `days`: the team's upcoming days together. */
  async onCommand(context: TurnContext): Promise<void> {
    const programmeId = teamOrChatOf(context);
    const programme = programmeId ? await this.deps.programmes.get(programmeId) : undefined;
    const plans = programme ? await upcomingDays(this.deps, programme.id) : [];
    await this.deps.messenger.sendCard(context, upcomingDaysCard(personLocale(context), plans));
  }

  private async updateCard(planId: string): Promise<void> {
    const plan = await this.deps.days.get(planId);
    const messageId = plan ? await this.deps.days.cardMessage(planId) : undefined;
    if (!plan || !messageId) return;
    const locale = teamLocale(await this.deps.programmes.get(plan.programmeId), plan);
    const card = await this.card(plan, locale);
    await this.deps.messenger.updateCard(plan.channelReference as ConversationReference, messageId, card);
    // As for the check-in card: with several instances an older view may land after a newer one.
    if (JSON.stringify(await this.card(plan, locale)) !== JSON.stringify(card)) this.coalescer.schedule(planId);
  }

  /** The channel's card, in the team's language. */
  private async card(plan: DaysPlan, locale: UiLocale, extra: { error?: DaysCardError } = {}): Promise<AdaptiveCard> {
    if (plan.cancelledAt) return daysGoneCard(locale);
    const today = todayIn(plan.timeZone, this.deps.clock.now());
    const [answers, seating] = await Promise.all([this.deps.days.answers(plan.id), this.deps.days.seating(plan.id)]);
    return daysCard(locale, plan, answers, seating, today, { ...extra, leadDays: this.deps.leadDays });
  }

  /** Redraws the cards of plans that showed a forgotten person. */
  redraw(planIds: string[]): void {
    for (const id of planIds) this.coalescer.schedule(id);
  }

  flush(): Promise<void> {
    return this.coalescer.flush();
  }
}

/** A plan that is over, cancelled, or of another team, told to whoever pressed, in their language. */
export function daysGoneReply(context: TurnContext): AdaptiveCard {
  return daysGoneCard(personLocale(context));
}
