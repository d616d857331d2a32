import { DateTime } from 'luxon';
import type { Encounter, Member } from '../domain/coffee/model';
import type { CoffeeMessage } from '../domain/coffee/ports';
import { renderCard, strong, type AdaptiveCard } from './render';

/** How coffee's 1:1 messages look: the match card with its deep links, "Did you meet?", and notices. */
export function coffeeCard(message: CoffeeMessage): AdaptiveCard {
  switch (message.kind) {
    case 'unmatched':
      return renderCard('notice', {
        title: 'No coffee partner this time',
        text: "There was nobody free to pair you with this round. You'll be first in line next time.",
      });
    case 'auto-paused':
      return renderCard('notice', {
        title: "We've paused your coffee pairing",
        text: 'You didn\'t answer "Did you meet?" three rounds in a row, so we paused your pairing to keep matches useful for everyone. Type coffee resume in your team whenever you\'d like to be paired again.',
      });
    case 'follow-up':
      return renderCard('coffee-follow-up', {
        question: `Did you meet ${joinNames(namesOf(message.partners))}?`,
        detail: 'Your answer helps your organisers see how coffee is going (only totals are shown).',
        roundId: message.round.id,
        askAgain: true,
      });
    case 'match':
      return matchCard(message);
  }
}

/** "Ann", "Ann and Bo", "Ann, Bo and Cy". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const namesOf = (partners: (Member | undefined)[]) => partners.map((p) => p?.name ?? 'a teammate');

function matchCard({ programme, round, member, group, partners, history }: Extract<CoffeeMessage, { kind: 'match' }>): AdaptiveCard {
  const captain = group.captain === member.userId ? undefined : partners.find((p) => p?.userId === group.captain);
  const names = namesOf(partners);
  const upns = partners.map((p) => p?.upn).filter((u): u is string => Boolean(u));
  // Links only when every partner's sign-in name is known: a link that leaves someone out is worse than none.
  const allKnown = upns.length === partners.length && upns.length > 0;
  const minutes = programme.settings.meetingMinutes;
  const start = suggestedStart(round.startedAt, member.timeZone ?? programme.settings.timeZone);
  return renderCard('coffee-match', {
    programmeId: programme.id,
    headline: `This round you're meeting ${joinNames(names)}`,
    partners: partners.map((p, i) => ({ name: names[i]!, reason: reasonFor(member.userId, p?.userId, history, round.seq) })),
    captainLine: captain
      ? [strong(captain.name), " is the captain this time: they'll send the invite."]
      : "You're the captain this time: pick a slot and send the invite.",
    starter: group.starter,
    lengthLine: `Suggested length: ${minutes} minutes. No agenda needed.`,
    groupChatUrl: allKnown ? groupChatLink(upns, `Coffee: ${[member.name, ...names].join(', ')}`) : '',
    scheduleUrl: allKnown ? newMeetingLink({ subject: 'Virtual coffee ☕', attendees: upns, start, minutes, content: group.starter }) : '',
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
export function reasonFor(me: string, partner: string | undefined, history: Encounter[], seq: number): string {
  if (!partner) return 'a new face';
  const last = history.filter((e) => (e.a === me && e.b === partner) || (e.a === partner && e.b === me)).at(-1);
  if (!last) return 'first time you two meet';
  const ago = seq - last.round;
  return `you last met ${ago} ${ago === 1 ? 'round' : 'rounds'} ago`;
}

/** A slot to suggest: the next working day after the round started, at 11:00 local time. */
function suggestedStart(startedAt: Date, zone: string): DateTime {
  let day = DateTime.fromJSDate(startedAt, { zone }).plus({ days: 1 }).set({ hour: 11, minute: 0, second: 0, millisecond: 0 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day;
}
