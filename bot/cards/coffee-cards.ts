import { DateTime } from 'luxon';
import type { Encounter, Member } from '../domain/coffee/model';
import type { CoffeeMessage } from '../domain/coffee/ports';
import { CONVERSATION_STARTERS } from '../domain/coffee/rounds';
import { type CoffeeMessageId, coffeeText } from '../i18n/coffee';
import type { UiLocale } from '../i18n/locales';
import { listOf, type Translate } from '../i18n/translate';
import { commandWords } from '../teams/command-words';
import { renderCard, type AdaptiveCard } from './render';

/**
 * Coffee's words in `locale`, with the coffee commands they mention named as a person of that
 * language types them (`kaffee beitreten`, `café participer`; English ones work everywhere too).
 */
export function coffeeWords(locale: UiLocale): Translate<CoffeeMessageId> {
  const commands = {
    status: commandWords(locale, 'coffee'),
    join: commandWords(locale, 'coffee join'),
    pause: commandWords(locale, 'coffee pause'),
    resume: commandWords(locale, 'coffee resume'),
    leave: commandWords(locale, 'coffee leave'),
    pairNow: commandWords(locale, 'coffee pair now'),
  };
  return (id, values) => coffeeText.format(locale, id, values ? { ...commands, ...values } : commands);
}

/**
 * How coffee's 1:1 messages look, in `locale` (the member's language as last seen, else the
 * team's): the match card with its deep links, "Did you meet?", and notices.
 */
export function coffeeCard(message: CoffeeMessage, locale: UiLocale): AdaptiveCard {
  const t = coffeeWords(locale);
  switch (message.kind) {
    case 'unmatched':
      return renderCard('notice', { title: t('coffee.unmatched.title'), text: t('coffee.unmatched.text') });
    case 'auto-paused':
      return renderCard('notice', { title: t('coffee.autoPaused.title'), text: t('coffee.autoPaused.text') });
    case 'follow-up':
      return followUpCard(locale, {
        question: t('coffee.followUp.question', { names: listOf(locale, namesOf(message.partners, t)) }),
        detail: t('coffee.followUp.detail'),
        roundId: message.round.id,
        askAgain: true,
      });
    case 'match':
      return matchCard(message, locale, t);
  }
}

/** "Did you meet?" (askAgain) or the thanks once answered, in `locale`. */
export function followUpCard(locale: UiLocale, data: { question: string; detail: string; roundId: string; askAgain: boolean }): AdaptiveCard {
  const t = coffeeWords(locale);
  return renderCard('coffee-follow-up', {
    ...data,
    labels: { title: t('coffee.card.label'), yes: t('coffee.followUp.yes'), planned: t('coffee.followUp.planned'), no: t('coffee.followUp.no') },
  });
}

const namesOf = (partners: (Member | undefined)[], t: Translate<CoffeeMessageId>) => partners.map((p) => p?.name ?? t('coffee.match.someone'));

/**
 * A group's conversation starter in `locale`. Rounds store the English starter (rounds stored
 * before there were languages, too), which names its catalogue entry; one Hallway no longer has
 * is shown as stored.
 */
export function starterText(stored: string, t: Translate<CoffeeMessageId>): string {
  const index = CONVERSATION_STARTERS.indexOf(stored);
  return index < 0 ? stored : t(`coffee.starter.${index + 1}` as CoffeeMessageId);
}

function matchCard(
  { programme, round, member, group, partners, history }: Extract<CoffeeMessage, { kind: 'match' }>,
  locale: UiLocale,
  t: Translate<CoffeeMessageId>,
): AdaptiveCard {
  const captain = group.captain === member.userId ? undefined : partners.find((p) => p?.userId === group.captain);
  const names = namesOf(partners, t);
  const upns = partners.map((p) => p?.upn).filter((u): u is string => Boolean(u));
  // Links only when every partner's sign-in name is known: a link that leaves someone out is worse than none.
  const allKnown = upns.length === partners.length && upns.length > 0;
  const minutes = programme.settings.meetingMinutes;
  const start = suggestedStart(round.startedAt, member.timeZone ?? programme.settings.timeZone);
  const starter = starterText(group.starter, t);
  return renderCard('coffee-match', {
    programmeId: programme.id,
    headline: t('coffee.match.headline', { names: listOf(locale, names) }),
    partners: partners.map((p, i) => ({ name: names[i]!, reason: reasonFor(member.userId, p?.userId, history, round.seq, t) })),
    captainLine: captain ? coffeeText.sentence(locale, 'coffee.match.captain.other', { name: captain.name }) : t('coffee.match.captain.me'),
    starter,
    lengthLine: t('coffee.match.length', { minutes }),
    groupChatUrl: allKnown ? groupChatLink(upns, t('coffee.match.chatTopic', { names: [member.name, ...names].join(', ') })) : '',
    scheduleUrl: allKnown ? newMeetingLink({ subject: t('coffee.match.meetingSubject'), attendees: upns, start, minutes, content: starter }) : '',
    labels: {
      title: t('coffee.card.label'),
      starter: t('coffee.match.starterLabel'),
      openChat: t('coffee.match.openChat'),
      schedule: t('coffee.match.schedule'),
      needBreak: t('coffee.match.needBreak'),
      pause1: t('coffee.match.pauseWeeks', { weeks: 1 }),
      pause2: t('coffee.match.pauseWeeks', { weeks: 2 }),
      pause4: t('coffee.match.pauseWeeks', { weeks: 4 }),
      pause8: t('coffee.match.pauseWeeks', { weeks: 8 }),
      pause: t('coffee.match.pause'),
    },
  });
}

/** A Teams deep link that opens a group chat with these people (spaces as %20, never +). */
export function groupChatLink(upns: string[], topic: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${upns.map(encodeURIComponent).join(',')}&topicName=${encodeURIComponent(topic)}`;
}

/** A Teams deep link that opens a new meeting form, filled in. */
export function newMeetingLink(meeting: { subject: string; attendees: string[]; start: DateTime; minutes: number; content: string }): string {
  const { subject, attendees, start, minutes, content } = meeting;
  return `https://teams.microsoft.com/l/meeting/new?subject=${encodeURIComponent(subject)}&attendees=${attendees
    .map(encodeURIComponent)
    .join(
      ',',
    )}&startTime=${encodeURIComponent(start.toISO()!)}&endTime=${encodeURIComponent(start.plus({ minutes }).toISO()!)}&content=${encodeURIComponent(content)}`;
}

/** Why this match: a first meeting, or how long since the last one. */
export function reasonFor(me: string, partner: string | undefined, history: Encounter[], seq: number, t: Translate<CoffeeMessageId>): string {
  if (!partner) return t('coffee.match.reason.newFace');
  const last = history.filter((e) => (e.a === me && e.b === partner) || (e.a === partner && e.b === me)).at(-1);
  if (!last) return t('coffee.match.reason.first');
  return t('coffee.match.reason.since', { rounds: seq - last.round });
}

/** A slot to suggest: the next working day after the round started, at 11:00 local time. */
function suggestedStart(startedAt: Date, zone: string): DateTime {
  let day = DateTime.fromJSDate(startedAt, { zone }).plus({ days: 1 }).set({ hour: 11, minute: 0, second: 0, millisecond: 0 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day;
}
