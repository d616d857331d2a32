import { DateTime } from 'luxon';
import { LISTED_NAMES, type DayAnswer, type DaysPlan, type Seating } from '../domain/days/model';
import type { DaysMessage } from '../domain/days/ports';
import { renderCard, strong, type AdaptiveCard } from './render';

/** A day as people read it: "Tuesday 10 November". */
export const dayLabel = (date: string): string => DateTime.fromISO(date).toFormat('cccc d LLLL');

/** "Tuesday 10 and Wednesday 11 November 2026 (Europe/Lisbon)", or one day, or a range. */
export function datesLine(plan: DaysPlan): string {
  const first = DateTime.fromISO(plan.dates[0]!);
  const last = DateTime.fromISO(plan.dates[plan.dates.length - 1]!);
  const zone = ` (${plan.timeZone})`;
  if (plan.dates.length === 1) return first.toFormat('cccc d LLLL yyyy') + zone;
  const joiner = plan.dates.length === 2 ? ' and ' : ' to ';
  return `${first.toFormat('cccc d')}${first.month === last.month ? '' : first.toFormat(' LLLL')}${joiner}${last.toFormat('cccc d LLLL yyyy')}${zone}`;
}

const names = (list: string[]) => {
  const more = list.length - LISTED_NAMES;
  return list.slice(0, LISTED_NAMES).join(', ') + (more > 0 ? ` and ${more} more` : '');
};

/**
 * The plan's card in the team's channel: each day, who is coming, and once drawn the lunch tables
 * (walks and face-to-face talks are private: they are only in each person's own plan).
 */
export function daysCard(
  plan: DaysPlan,
  answers: DayAnswer[],
  seating: Seating | undefined,
  today: string,
  extra: { error?: string; leadDays?: number } = {},
): AdaptiveCard {
  const nameOf = new Map(answers.map((a) => [a.userId, a.name]));
  return renderCard('days', {
    place: plan.place,
    datesLine: datesLine(plan),
    link: plan.link ?? '',
    days: plan.dates.map((date) => {
      const coming = answers.filter((a) => a.date === date && a.coming).map((a) => a.name);
      const drawn = seating?.days.find((d) => d.date === date);
      return {
        planId: plan.id,
        date,
        label: dayLabel(date),
        comingLine: coming.length === 0 ? 'Nobody has said yet: be the first!' : `${coming.length} coming`,
        coming: names(coming),
        photoLine: drawn?.photo ? 'Team photo after lunch: stay a few minutes.' : '',
        tables: (drawn?.tables ?? []).map((t, i) => ({
          label: `Table ${i + 1}: `,
          names: names(t.map((id) => nameOf.get(id) ?? 'a colleague')),
        })),
        open: date >= today,
      };
    }),
    footer: seating
      ? 'Each of you has your table and coffee walk in a private message from Hallway. Coming after all? You join the smallest table.'
      : `Lunch tables and coffee walks are drawn ${extra.leadDays ?? 7} days before, from who is coming; you get yours privately.`,
    error: extra.error ?? '',
  });
}

/** One person's private plan, sent in their 1:1 chat. */
export function daysPlanCard(message: DaysMessage): AdaptiveCard {
  return renderCard('days-plan', {
    place: message.plan.place,
    days: message.days.map((d) => ({
      label: dayLabel(d.date),
      tableMates: d.tableMates.length ? d.tableMates.join(', ') : 'whoever joins you',
      walkWith: d.walkWith.join(' and '),
      talks: (d.talks ?? []).map((name) => ({ name, when: ', in the afternoon, outside lunch' })),
      photoLine: d.photo ? 'Team photo after lunch.' : '',
    })),
    starter: message.starter,
  });
}

/** On the photo day, in the team's channel. */
export function photoReminderCard(plan: DaysPlan): AdaptiveCard {
  return renderCard('notice', {
    title: 'Team photo today, after lunch',
    text: ['Days together in ', strong(plan.place), ': stay a few minutes after lunch, so everyone is in the picture.'],
  });
}

/** A plan that is over, cancelled, or of another team: all look the same. */
export function daysGoneCard(): AdaptiveCard {
  return renderCard('notice', { title: 'These days together are over or were cancelled', text: 'Type days to see what is coming up.' });
}

/** `days`: the team's upcoming days together. */
export function upcomingDaysCard(plans: DaysPlan[]): AdaptiveCard {
  if (plans.length === 0)
    return renderCard('notice', {
      title: 'No days together planned',
      text: "Your team's organisers can plan days together in the Hallway tab.",
    });
  return renderCard('facts', {
    title: 'Days together',
    place: '',
    facts: plans.map((p) => ({ title: p.place, value: datesLine(p) })),
    footer: 'Say on the card in this channel which days you are coming.',
  });
}
