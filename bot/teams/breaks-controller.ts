import type { ConversationReference, TurnContext } from 'botbuilder';
import { DateTime } from 'luxon';
import { renderCard, type AdaptiveCard } from '../cards/render';
import type { RsvpData, TopicData, VoteData } from '../cards/verbs';
import type { Clock } from '../domain/clock';
import { addTopic, rsvp, toggleVote, upcomingBreaks } from '../domain/breaks/breaks';
import { LIMIT_MESSAGES, LISTED_NAMES, LISTED_TOPICS, TOPIC_MAX_LENGTH, type Break } from '../domain/breaks/model';
import { occurrenceOn, reminderDue } from '../domain/breaks/occurrences';
import type { Logger } from '../log';
import type { Breaks } from '../domain/breaks/ports';
import type { Programmes } from '../domain/coffee/ports';
import { errorSummary, personOf, programmeIsHere, type Place } from './activity';
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

/** A break that is over, cancelled, or of another team or chat: all look the same. */
export function breakGoneCard(): AdaptiveCard {
  return renderCard('notice', { title: 'This break is over or was cancelled', text: 'Type breaks to see what is coming up.' });
}

function whenLine(b: Break, date: string): string {
  const occurrence = occurrenceOn(b, date);
  if (!occurrence) return date;
  const start = DateTime.fromJSDate(occurrence.startsAt, { zone: b.timeZone });
  const end = DateTime.fromJSDate(occurrence.endsAt, { zone: b.timeZone });
  return `${start.toFormat('cccc d LLLL, HH:mm')} to ${end.toFormat('HH:mm')} (${b.timeZone})`;
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
        const messageId = await this.deps.messenger.postCard(b.channelReference as ConversationReference, await this.card(b, due.date));
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
    const programmeId = await this.programmeHere(place);
    if (!programmeId) return breakGoneCard();
    const result = await toggleVote(this.deps, { programmeId, topicId: data.topicId, person: personOf(context) });
    if (result.kind === 'not-found') return breakGoneCard();
    return this.changed(result.topic.breakId, result.topic.date);
  }

  /** break.rsvp: I'm in, or can't make it. */
  async onRsvp(context: TurnContext, place: Place, { breakId, date, answer }: RsvpData): Promise<AdaptiveCard> {
    const programmeId = await this.breakHere(place, breakId);
    if (!programmeId) return breakGoneCard();
    const result = await rsvp(this.deps, { programmeId, breakId, date, person: personOf(context), answer });
    if (result.kind === 'too-far-ahead') return this.cardFor(breakId, date, { error: LIMIT_MESSAGES.tooFarAhead });
    return result.kind === 'ok' ? this.changed(breakId, date) : breakGoneCard();
  }

  /** break.topic: a topic for the break. */
  async onTopic(context: TurnContext, place: Place, { breakId, date, topic }: TopicData): Promise<AdaptiveCard> {
    const programmeId = await this.breakHere(place, breakId);
    if (!programmeId) return breakGoneCard();
    const text = topic ?? '';
    const result = await addTopic(this.deps, { programmeId, breakId, date, person: personOf(context), text });
    switch (result.kind) {
      case 'added':
        return this.changed(breakId, date);
      case 'empty':
        return this.cardFor(breakId, date, { error: 'Type your topic first, then press Add topic.' });
      case 'too-long':
        return this.cardFor(breakId, date, {
          error: `Your topic is ${result.length} characters; please keep it to ${TOPIC_MAX_LENGTH}.`,
          draft: text,
        });
      case 'full':
        return this.cardFor(breakId, date, { error: LIMIT_MESSAGES.topicsFull, draft: text });
      case 'too-many-of-yours':
        return this.cardFor(breakId, date, { error: LIMIT_MESSAGES.topicsOfYours, draft: text });
      case 'too-far-ahead':
        return this.cardFor(breakId, date, { error: LIMIT_MESSAGES.tooFarAhead, draft: text });
      case 'no-such-occurrence':
        return breakGoneCard();
    }
  }

  /** `breaks`: the team's next coffee breaks. */
  async onCommand(context: TurnContext, programmeId: string | undefined): Promise<void> {
    const list = programmeId ? await upcomingBreaks(this.deps, programmeId) : [];
    const facts = list.flatMap(({ break: b, next }) => (next.length ? [{ title: b.title, value: next.map((o) => whenLine(b, o.date)).join('; ') }] : []));
    await this.deps.messenger.sendCard(
      context,
      facts.length
        ? renderCard('facts', { title: 'Coming coffee breaks', place: '', facts, footer: 'A reminder is posted here before each one.' })
        : renderCard('notice', {
            title: 'No coffee breaks yet',
            text: "Your team's organisers can set up a recurring coffee break in the Hallway tab.",
          }),
    );
  }

  private async changed(breakId: string, date: string): Promise<AdaptiveCard> {
    this.coalescer.schedule(`${breakId}|${date}`);
    return this.cardFor(breakId, date, {});
  }

  private async cardFor(breakId: string, date: string, extra: { error?: string; draft?: string }): Promise<AdaptiveCard> {
    const b = await this.deps.breaks.get(breakId);
    if (!b) return renderCard('notice', { title: 'This break was cancelled', text: 'Type breaks to see what is coming up.' });
    return this.card(b, date, extra);
  }

  private async updateReminder(key: string): Promise<void> {
    const [breakId, date] = key.split('|') as [string, string];
    const b = await this.deps.breaks.get(breakId);
    const messageId = b ? await this.deps.breaks.reminderMessage(breakId, date) : undefined;
    if (!b || !messageId) return;
    const card = await this.card(b, date);
    await this.deps.messenger.updateCard(b.channelReference as ConversationReference, messageId, card);
    // As for the check-in card: with several instances an older view held up by Teams may land
    // after a newer one, so look again once sent and go again if the card would differ.
    if (JSON.stringify(await this.card(b, date)) !== JSON.stringify(card)) this.coalescer.schedule(key);
  }

  private async card(b: Break, date: string, extra: { error?: string; draft?: string } = {}): Promise<AdaptiveCard> {
    const answers = await this.deps.breaks.rsvps(b.id, date);
    const coming = answers.filter((a) => a.answer === 'in').map((a) => a.name);
    const notComing = answers.filter((a) => a.answer === 'out').length;
    const topics = (await this.deps.breaks.topics(b.id, date)).slice(0, LISTED_TOPICS);
    const more = coming.length - LISTED_NAMES;
    return renderCard('break-reminder', {
      breakId: b.id,
      date,
      title: b.title,
      whenLine: whenLine(b, date),
      comingLine: coming.length === 0 ? 'Nobody has said yet: be the first!' : `${coming.length} coming`,
      coming: coming.slice(0, LISTED_NAMES).join(', ') + (more > 0 ? ` and ${more} more` : ''),
      notComingLine: notComing > 0 ? `${notComing} can't make it` : '',
      topicsLine: topics.length ? 'Topics' : 'No topics yet: add one below',
      topics: topics.map((t) => ({ topicId: t.id, text: t.text, votes: t.votes.length })),
      topicDraft: extra.draft ?? '',
      error: extra.error ?? '',
      joinUrl: b.joinUrl ?? '',
    });
  }

  /** Redraws the reminder cards that showed a forgotten person's answer or topics. */
  redraw(occurrences: { breakId: string; date: string }[]): void {
    for (const { breakId, date } of occurrences) this.coalescer.schedule(`${breakId}|${date}`);
  }

  flush(): Promise<void> {
    return this.coalescer.flush();
  }
}
