import type { Break, Rsvp, Topic } from '../domain/breaks/model';
import { ANSWER_WINDOW_WEEKS, LISTED_NAMES, TOPIC_MAX_LENGTH, TOPICS_PER_OCCURRENCE, TOPICS_PER_PERSON } from '../domain/breaks/model';
import { occurrenceOn } from '../domain/breaks/occurrences';
import { breaksText } from '../i18n/breaks';
import { formatDate } from '../i18n/dates';
import type { UiLocale } from '../i18n/locales';
import { listOf } from '../i18n/translate';
import { commandWords } from '../teams/command-words';
import { renderCard, type AdaptiveCard } from './render';

/** What a person is told on the card when a bound is met or a topic cannot be added. */
export type BreakCardError =
  | { kind: 'empty' }
  | { kind: 'too-long'; length: number }
  | { kind: 'full' }
  | { kind: 'too-many-of-yours' }
  | { kind: 'too-far-ahead' };

/**
 * When an occurrence is, in `locale`, in `timeZone` (a person's own, else the break's): "Wednesday,
 * October 21, 03:00 PM to 03:30 PM (Europe/Berlin)", "Mittwoch, 21. Oktober, 15:00 bis 15:30 (…)".
 */
export function whenLine(locale: UiLocale, b: Break, date: string, timeZone = b.timeZone): string {
  const occurrence = occurrenceOn(b, date);
  if (!occurrence) return date;
  return breaksText.format(locale, 'breaks.card.when', {
    day: formatDate(locale, occurrence.startsAt, timeZone, 'day'),
    start: formatDate(locale, occurrence.startsAt, timeZone, 'time'),
    end: formatDate(locale, occurrence.endsAt, timeZone, 'time'),
    timeZone,
  });
}

function errorText(locale: UiLocale, error: BreakCardError): string {
  const t = breaksText.in(locale);
  switch (error.kind) {
    case 'empty':
      return t('breaks.error.emptyTopic');
    case 'too-long':
      return t('breaks.error.topicTooLong', { length: error.length, max: TOPIC_MAX_LENGTH });
    case 'full':
      return t('breaks.error.topicsFull', { max: TOPICS_PER_OCCURRENCE });
    case 'too-many-of-yours':
      return t('breaks.error.topicsOfYours', { max: TOPICS_PER_PERSON });
    case 'too-far-ahead':
      return t('breaks.error.tooFarAhead', { weeks: ANSWER_WINDOW_WEEKS });
  }
}

/**
 * The reminder card of one occurrence: who is coming, the top topics, Join and the answers. In
 * the team's language for everyone; in the presser's as their own view after pressing a button.
 */
export function breakReminderCard(
  locale: UiLocale,
  input: { b: Break; date: string; answers: Rsvp[]; topics: Topic[]; timeZone?: string; error?: BreakCardError; draft?: string },
): AdaptiveCard {
  const t = breaksText.in(locale);
  const { b, date, answers, topics } = input;
  const coming = answers.filter((a) => a.answer === 'in').map((a) => a.name);
  const notComing = answers.filter((a) => a.answer === 'out').length;
  const more = coming.length - LISTED_NAMES;
  const listed = coming.slice(0, LISTED_NAMES);
  return renderCard('break-reminder', {
    breakId: b.id,
    date,
    title: b.title,
    whenLine: whenLine(locale, b, date, input.timeZone),
    comingLine: coming.length === 0 ? t('breaks.card.nobodyYet') : t('breaks.card.coming', { n: coming.length }),
    coming: coming.length === 0 ? '' : listOf(locale, more > 0 ? [...listed, t('breaks.card.moreComing', { n: more })] : listed),
    notComingLine: notComing > 0 ? t('breaks.card.notComing', { n: notComing }) : '',
    topicsLine: topics.length ? t('breaks.card.topics') : t('breaks.card.noTopics'),
    topics: topics.map((topic) => ({ topicId: topic.id, text: topic.text, votes: topic.votes.length })),
    topicDraft: input.draft ?? '',
    error: input.error ? errorText(locale, input.error) : '',
    joinUrl: b.joinUrl ?? '',
    labels: {
      title: t('breaks.card.label'),
      noAgenda: t('breaks.card.noAgenda'),
      addTopicLabel: t('breaks.card.addTopicLabel'),
      topicPlaceholder: t('breaks.card.topicPlaceholder', { max: TOPIC_MAX_LENGTH }),
      join: t('breaks.card.join'),
      in: t('breaks.card.in'),
      out: t('breaks.card.out'),
      addTopic: t('breaks.card.addTopic'),
    },
  });
}

/** A break that is over, cancelled, or of another team or chat: all look the same. */
export function breakGoneNotice(locale: UiLocale, cancelled = false): AdaptiveCard {
  const t = breaksText.in(locale);
  return renderCard('notice', {
    title: t(cancelled ? 'breaks.cancelled.title' : 'breaks.gone.title'),
    text: t('breaks.gone.text', { breaks: commandWords(locale, 'breaks') }),
  });
}

/** The `breaks` command's answer: the team's next coffee breaks, or that there are none yet. */
export function upcomingBreaksCard(locale: UiLocale, list: { b: Break; dates: string[] }[], timeZone?: string): AdaptiveCard {
  const t = breaksText.in(locale);
  const facts = list.flatMap(({ b, dates }) =>
    dates.length ? [{ title: b.title, value: dates.map((date) => whenLine(locale, b, date, timeZone ?? b.timeZone)).join('; ') }] : [],
  );
  return facts.length
    ? renderCard('facts', { title: t('breaks.list.title'), place: '', facts, footer: t('breaks.list.footer') })
    : renderCard('notice', { title: t('breaks.none.title'), text: t('breaks.none.text') });
}
