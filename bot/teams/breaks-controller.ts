import type { ConversationReference, TurnContext } from 'botbuilder';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { renderCard, unknownActionCard, type AdaptiveCard } from '../cards/render';
import { BREAK_VERBS } from '../cards/verbs';
import type { Clock } from '../domain/clock';
import { addTopic, rsvp, toggleVote, upcomingBreaks } from '../domain/breaks/breaks';
import { LIMIT_MESSAGES, LISTED_NAMES, LISTED_TOPICS, RSVP_ANSWERS, TOPIC_MAX_LENGTH, type Break } from '../domain/breaks/model';
import { occurrenceOn, reminderDue } from '../domain/breaks/occurrences';
import type { Logger } from '../log';
import type { Breaks } from '../domain/breaks/ports';
import type { Programmes } from '../domain/pairing/ports';
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

const occurrenceData = z.object({ breakId: z.string().min(1).max(200), date: z.string().max(20) });
const rsvpData = occurrenceData.extend({ answer: z.enum(RSVP_ANSWERS) });
const topicData = occurrenceData.extend({ topic: z.string().max(5000).optional() });
const voteData = z.object({ topicId: z.string().min(1).max(200) });

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

  /** The card's buttons; answers the person with the fresh card and updates everyone's soon after. */
  async onVerb(context: TurnContext, place: Place, verb: string, data: unknown): Promise<AdaptiveCard> {
    const person = personOf(context);
    const gone = () => renderCard('notice', { title: 'This break is over or was cancelled', text: 'Type breaks to see what is coming up.' });
    // Only the breaks of the team or chat the card was pressed in, of its tenant: any other break
    // or topic looks exactly like one that is over, and nothing of it is shown.
    const programme = place.teamOrChatId ? await this.deps.programmes.get(place.teamOrChatId) : undefined;
    if (!programme || !programmeIsHere(place, programme)) return gone();
    const programmeId = programme.id;
    if (verb === BREAK_VERBS.vote) {
      const parsed = voteData.safeParse(data);
      const result = parsed.success ? await toggleVote(this.deps, { programmeId, topicId: parsed.data.topicId, person }) : { kind: 'not-found' as const };
      if (result.kind === 'not-found') return gone();
      return this.changed(result.topic.breakId, result.topic.date);
    }
    const parsed = occurrenceData.safeParse(data);
    if (!parsed.success) return gone();
    const { breakId, date } = parsed.data;
    const b = await this.deps.breaks.get(breakId);
    if (!b || b.deletedAt || b.programmeId !== programmeId) return gone();
    if (verb === BREAK_VERBS.rsvp) {
      const answer = rsvpData.safeParse(data);
      if (!answer.success) return gone();
      const result = await rsvp(this.deps, { programmeId, breakId, date, person, answer: answer.data.answer });
      if (result.kind === 'too-far-ahead') return this.cardFor(breakId, date, { error: LIMIT_MESSAGES.tooFarAhead });
      return result.kind === 'ok' ? this.changed(breakId, date) : gone();
    }
    if (verb === BREAK_VERBS.topic) {
      const input = topicData.safeParse(data);
      const text = input.success ? (input.data.topic ?? '') : '';
      const result = await addTopic(this.deps, { programmeId, breakId, date, person, text });
      switch (result.kind) {
        case 'added':
          return this.changed(breakId, date);
        case 'empty':
          return this.cardFor(breakId, date, { error: 'Type your topic first, then press Add topic.' });
        case 'too-long':
          return this.cardFor(breakId, date, { error: `Your topic is ${result.length} characters; please keep it to ${TOPIC_MAX_LENGTH}.`, draft: text });
        case 'full':
          return this.cardFor(breakId, date, { error: LIMIT_MESSAGES.topicsFull, draft: text });
        case 'too-many-of-yours':
          return this.cardFor(breakId, date, { error: LIMIT_MESSAGES.topicsOfYours, draft: text });
        case 'too-far-ahead':
          return this.cardFor(breakId, date, { error: LIMIT_MESSAGES.tooFarAhead, draft: text });
        case 'no-such-occurrence':
          return gone();
      }
    }
    return unknownActionCard();
  }

  /** `breaks`: the team's next coffee breaks. */
  async onCommand(context: TurnContext, programmeId: string | undefined): Promise<void> {
    const list = programmeId ? await upcomingBreaks(this.deps, programmeId) : [];
    const facts = list.flatMap(({ break: b, next }) =>
      next.length ? [{ title: b.title, value: next.map((o) => whenLine(b, o.date)).join('; ') }] : [],
    );
    await this.deps.messenger.sendCard(
      context,
      facts.length
        ? renderCard('facts', { title: 'Coming coffee breaks', place: '', facts, footer: 'A reminder is posted here before each one.' })
        : renderCard('notice', { title: 'No coffee breaks yet', text: "Your team's organisers can set up a recurring coffee break in the Hallway tab." }),
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
