import type { ConversationReference, TurnContext } from 'botbuilder';
import { breakGoneNotice, breakReminderCard, upcomingBreaksCard, type BreakCardError } from '../cards/breaks-cards';
import type { AdaptiveCard } from '../cards/render';
import type { RsvpData, TopicData, VoteData } from '../cards/verbs';
import type { Clock } from '../domain/clock';
import { addTopic, rsvp, toggleVote, upcomingBreaks } from '../domain/breaks/breaks';
import { LISTED_TOPICS, type Break } from '../domain/breaks/model';
import { reminderDue } from '../domain/breaks/occurrences';
import { isValidTimeZone } from '../domain/coffee/schedule';
import type { Logger } from '../log';
import type { Breaks } from '../domain/breaks/ports';
import type { Programmes } from '../domain/coffee/ports';
import type { UiLocale } from '../i18n/locales';
import { errorSummary, personLocale, personOf, placeLocale, programmeIsHere, type Place } from './activity';
import { Coalescer } from './coalescer';
import type { Messenger } from './messenger';

export type BreaksControllerDeps = {
  breaks: Breaks;
  programmes: Programmes;
  messenger: Messenger;
  clock: Clock;
  newId: () => string;
  log: Logger;
  updateIntervalMs: number;
};

/** A break that is over, cancelled, or of another team or chat: all look the same (in the presser's language). */
export function breakGoneCard(context: TurnContext): AdaptiveCard {
  return breakGoneNotice(personLocale(context));
}

/** Whom a card is drawn for: the whole team (its language, the break's time zone), or one person. */
type Viewer = { locale: UiLocale; timeZone?: string };

/** The person who pressed or typed: their language, and their own time zone when Teams says it. */
function viewerOf(context: TurnContext): Viewer {
  const zone = context.activity.localTimezone;
  return { locale: personLocale(context), timeZone: zone && isValidTimeZone(zone) ? zone : undefined };
}

/** Team coffee breaks in Teams: the reminder card, its buttons, and the `breaks` command. */
export class BreaksController {
  private readonly coalescer: Coalescer;

  constructor(private readonly deps: BreaksControllerDeps) {
    this.coalescer = new Coalescer({
      intervalMs: deps.updateIntervalMs,
      run: (key) => this.updateReminder(key),
      onError: (key, error) => deps.log.warn({ reminder: key, err: errorSummary(error) }, 'break reminder update failed'),
    });
  }

  /** Scheduled: posts each reminder that is due, once per occurrence whatever the number of instances. */
  async postDueReminders(): Promise<void> {
    const now = this.deps.clock.now();
    for (const b of await this.deps.breaks.active()) {
      const due = reminderDue(b, now);
      if (!due || !(await this.deps.breaks.claimReminder(b.id, due.date, now))) continue;
      try {
        const card = await this.card(b, due.date, await this.teamViewer(b));
        const messageId = await this.deps.messenger.postCard(b.channelReference as ConversationReference, card);
        await this.deps.breaks.setReminderMessage(b.id, due.date, messageId);
        this.deps.log.info({ breakId: b.id, date: due.date }, 'break reminder posted');
      } catch (error) {
        await this.deps.breaks.releaseReminder(b.id, due.date);
        this.deps.log.warn({ breakId: b.id, err: errorSummary(error) }, 'break reminder could not be posted; will try again');
      }
    }
  }

  /*
   * The card's buttons; each answers the person with the fresh card and updates everyone's soon
   * after. Only the breaks of the team or chat the card was pressed in, of its tenant: any other
   * break or topic looks exactly like one that is over, and nothing of it is shown.
   */

  /** The programme of the team or chat the card was pressed in, if it is of the same tenant. */
  private async programmeHere(place: Place): Promise<string | undefined> {
    const programme = place.teamOrChatId ? await this.deps.programmes.get(place.teamOrChatId) : undefined;
    return programme && programmeIsHere(place, programme) ? programme.id : undefined;
  }

  /** A break of that programme, not deleted. */
  private async breakHere(place: Place, breakId: string): Promise<string | undefined> {
    const programmeId = await this.programmeHere(place);
    if (!programmeId) return undefined;
    const b = await this.deps.breaks.get(breakId);
    return b && !b.deletedAt && b.programmeId === programmeId ? programmeId : undefined;
  }

  /** break.vote: a vote for a topic, or taken back. */
  async onVote(context: TurnContext, place: Place, data: VoteData): Promise<AdaptiveCard> {
    const viewer = viewerOf(context);
    const programmeId = await this.programmeHere(place);
    if (!programmeId) return breakGoneNotice(viewer.locale);
    const result = await toggleVote(this.deps, { programmeId, topicId: data.topicId, person: personOf(context) });
    if (result.kind === 'not-found') return breakGoneNotice(viewer.locale);
    return this.changed(result.topic.breakId, result.topic.date, viewer);
  }

  /** break.rsvp: I'm in, or can't make it. */
  async onRsvp(context: TurnContext, place: Place, { breakId, date, answer }: RsvpData): Promise<AdaptiveCard> {
    const viewer = viewerOf(context);
    const programmeId = await this.breakHere(place, breakId);
    if (!programmeId) return breakGoneNotice(viewer.locale);
    const result = await rsvp(this.deps, { programmeId, breakId, date, person: personOf(context), answer });
    if (result.kind === 'too-far-ahead') return this.cardFor(breakId, date, viewer, { error: { kind: 'too-far-ahead' } });
    return result.kind === 'ok' ? this.changed(breakId, date, viewer) : breakGoneNotice(viewer.locale);
  }

  /** break.topic: a topic for the break. */
  async onTopic(context: TurnContext, place: Place, { breakId, date, topic }: TopicData): Promise<AdaptiveCard> {
    const viewer = viewerOf(context);
    const programmeId = await this.breakHere(place, breakId);
    if (!programmeId) return breakGoneNotice(viewer.locale);
    const text = topic ?? '';
    const result = await addTopic(this.deps, { programmeId, breakId, date, person: personOf(context), text });
    switch (result.kind) {
      case 'added':
        return this.changed(breakId, date, viewer);
      case 'empty':
        return this.cardFor(breakId, date, viewer, { error: { kind: 'empty' } });
      case 'too-long':
        return this.cardFor(breakId, date, viewer, { error: { kind: 'too-long', length: result.length }, draft: text });
      case 'full':
      case 'too-many-of-yours':
      case 'too-far-ahead':
        return this.cardFor(breakId, date, viewer, { error: { kind: result.kind }, draft: text });
      case 'no-such-occurrence':
        return breakGoneNotice(viewer.locale);
    }
  }

  /** `breaks`: the team's next coffee breaks, in the language and time zone of whoever asked. */
  async onCommand(context: TurnContext, programmeId: string | undefined): Promise<void> {
    const viewer = viewerOf(context);
    const list = programmeId ? await upcomingBreaks(this.deps, programmeId) : [];
    const card = upcomingBreaksCard(
      viewer.locale,
      list.map(({ break: b, next }) => ({ b, dates: next.map((o) => o.date) })),
      viewer.timeZone,
    );
    await this.deps.messenger.sendCard(context, card);
  }

  /** The presser's own view of the card, fresh; everyone's card is redrawn soon after, in the team's language. */
  private async changed(breakId: string, date: string, viewer: Viewer): Promise<AdaptiveCard> {
    this.coalescer.schedule(`${breakId}|${date}`);
    return this.cardFor(breakId, date, viewer, {});
  }

  private async cardFor(breakId: string, date: string, viewer: Viewer, extra: { error?: BreakCardError; draft?: string }): Promise<AdaptiveCard> {
    const b = await this.deps.breaks.get(breakId);
    if (!b) return breakGoneNotice(viewer.locale, true);
    return this.card(b, date, viewer, extra);
  }

  private async updateReminder(key: string): Promise<void> {
    const [breakId, date] = key.split('|') as [string, string];
    const b = await this.deps.breaks.get(breakId);
    const messageId = b ? await this.deps.breaks.reminderMessage(breakId, date) : undefined;
    if (!b || !messageId) return;
    const team = await this.teamViewer(b);
    const card = await this.card(b, date, team);
    await this.deps.messenger.updateCard(b.channelReference as ConversationReference, messageId, card);
    // As for the check-in card: with several instances an older view held up by Teams may land
    // after a newer one, so look again once sent and go again if the card would differ.
    if (JSON.stringify(await this.card(b, date, team)) !== JSON.stringify(card)) this.coalescer.schedule(key);
  }

  /**
   * The team's view: its chosen language, else that of whoever installed Hallway there (the channel
   * reference the reminder is posted with), whoever pressed last; times in the break's time zone.
   */
  private async teamViewer(b: Break): Promise<Viewer> {
    const programme = await this.deps.programmes.get(b.programmeId);
    return { locale: placeLocale(programme?.settings.language, programme?.reference ?? b.channelReference) };
  }

  private async card(b: Break, date: string, viewer: Viewer, extra: { error?: BreakCardError; draft?: string } = {}): Promise<AdaptiveCard> {
    const answers = await this.deps.breaks.rsvps(b.id, date);
    const topics = (await this.deps.breaks.topics(b.id, date)).slice(0, LISTED_TOPICS);
    return breakReminderCard(viewer.locale, { b, date, answers, topics, timeZone: viewer.timeZone, ...extra });
  }

  /** Redraws the reminder cards that showed a forgotten person's answer or topics. */
  redraw(occurrences: { breakId: string; date: string }[]): void {
    for (const { breakId, date } of occurrences) this.coalescer.schedule(`${breakId}|${date}`);
  }

  flush(): Promise<void> {
    return this.coalescer.flush();
  }
}
