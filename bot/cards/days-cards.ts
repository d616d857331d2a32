import { DAYS_STARTERS, SOMEONE } from '../domain/days/draw';
import { LISTED_NAMES, PEOPLE_PER_DAY, type DayAnswer, type DaysPlan, type Seating, type TalkRequest } from '../domain/days/model';
import type { DaysMessage } from '../domain/days/ports';
import { dayLabel, daysText, namesList, type DaysMessageId } from '../i18n/days';
import type { UiLocale } from '../i18n/locales';
import type { Translate } from '../i18n/translate';
import { renderCard, type AdaptiveCard, type Sentence } from './render';

/*
 * Days together's cards, each in the language it is given: the channel's card and the photo
 * reminder in the team's, a person's plan, request and question in theirs, a reply in the
 * presser's (the callers in bot/teams decide whose).
 */

/** "Tuesday, November 17 and Wednesday, November 18 (Europe/Lisbon)", or one day, or a range. */
export function datesLine(locale: UiLocale, plan: DaysPlan): string {
  const t = daysText.in(locale);
  const first = dayLabel(locale, plan.dates[0]!);
  const last = dayLabel(locale, plan.dates[plan.dates.length - 1]!);
  if (plan.dates.length === 1) return t('days.card.dates.one', { day: first, timeZone: plan.timeZone });
  return t(plan.dates.length === 2 ? 'days.card.dates.two' : 'days.card.dates.range', { first, last, timeZone: plan.timeZone });
}

/** At most LISTED_NAMES names, then how many more, joined as the language lists. */
function names(locale: UiLocale, t: Translate<DaysMessageId>, list: string[]): string {
  const more = list.length - LISTED_NAMES;
  return namesList(locale, more > 0 ? [...list.slice(0, LISTED_NAMES), t('days.card.more', { n: more })] : list);
}

/** Why an answer on the channel's card was not taken. */
export type DaysCardError = 'past' | 'full';

/**
 * The plan's card in the team's channel: each day, who is coming, and once drawn the lunch tables
 * (walks and face-to-face talks are private: they are only in each person's own plan).
 */
export function daysCard(
  locale: UiLocale,
  plan: DaysPlan,
  answers: DayAnswer[],
  seating: Seating | undefined,
  today: string,
  extra: { error?: DaysCardError; leadDays?: number } = {},
): AdaptiveCard {
  const t = daysText.in(locale);
  const nameOf = new Map(answers.map((a) => [a.userId, a.name]));
  const colleague = t('days.card.colleague');
  const photoLine = t('days.card.photo');
  return renderCard('days', {
    text: {
      heading: t('days.heading'),
      intro: t('days.card.intro'),
      coming: t('days.card.button.coming'),
      notComing: t('days.card.button.notComing'),
      where: t('days.card.button.where'),
    },
    place: plan.place,
    datesLine: datesLine(locale, plan),
    link: plan.link ?? '',
    days: plan.dates.map((date) => {
      const coming = answers.filter((a) => a.date === date && a.coming).map((a) => a.name);
      const drawn = seating?.days.find((d) => d.date === date);
      return {
        planId: plan.id,
        date,
        label: dayLabel(locale, date),
        comingLine: coming.length === 0 ? t('days.card.nobody') : t('days.card.coming', { n: coming.length }),
        coming: names(locale, t, coming),
        photoLine: drawn?.photo ? photoLine : '',
        tables: (drawn?.tables ?? []).map((table, i) => ({
          label: t('days.card.table', { n: i + 1 }),
          names: names(
            locale,
            t,
            table.map((id) => nameOf.get(id) ?? colleague),
          ),
        })),
        open: date >= today,
      };
    }),
    footer: seating ? t('days.card.footer.drawn') : t('days.card.footer.before', { days: extra.leadDays ?? 7 }),
    error: extra.error === 'past' ? t('days.error.past') : extra.error === 'full' ? t('days.error.full', { limit: PEOPLE_PER_DAY }) : '',
  });
}

/** The conversation starter drawn for a person, in their language (one of DAYS_STARTERS, by its place there). */
function starterIn(t: Translate<DaysMessageId>, starter: string): string {
  const index = (DAYS_STARTERS as readonly string[]).indexOf(starter);
  return index < 0 ? starter : t(`days.starter.${index + 1}` as DaysMessageId);
}

/** One person's private plan, sent in their 1:1 chat. */
export function daysPlanCard(locale: UiLocale, message: DaysMessage): AdaptiveCard {
  const t = daysText.in(locale);
  const when = t('days.plan.talkWhen');
  const photoLine = t('days.plan.photo');
  const someone = t('days.card.colleague');
  const named = (list: string[]) => list.map((name) => (name === SOMEONE ? someone : name));
  return renderCard('days-plan', {
    text: {
      heading: t('days.heading'),
      title: t('days.plan.title'),
      lunch: t('days.plan.lunch'),
      walk: t('days.plan.walk'),
      talk: t('days.plan.talk'),
      starterLabel: t('days.plan.starter'),
      onlyYou: t('days.plan.private'),
    },
    place: message.plan.place,
    days: message.days.map((d) => ({
      label: dayLabel(locale, d.date),
      tableMates: d.tableMates.length ? namesList(locale, named(d.tableMates)) : t('days.plan.lunchAlone'),
      walkWith: namesList(locale, named(d.walkWith)),
      talks: named(d.talks ?? []).map((name) => ({ name, when })),
      photoLine: d.photo ? photoLine : '',
    })),
    starter: starterIn(t, message.starter),
  });
}

/** A notice: a title and a sentence, both of the days catalogue (the sentence may quote a name or a place). */
function notice(locale: UiLocale, title: DaysMessageId, text: Sentence): AdaptiveCard {
  return renderCard('notice', { title: daysText.format(locale, title), text });
}

const said = (locale: UiLocale, id: DaysMessageId, quoted: Record<string, string>) => daysText.sentence(locale, id, quoted);

/** On the photo day, in the team's channel. */
export function photoReminderCard(locale: UiLocale, plan: DaysPlan): AdaptiveCard {
  return notice(locale, 'days.photo.title', said(locale, 'days.photo.text', { place: plan.place }));
}

/** A plan that is over, cancelled, or of another team: all look the same. */
export function daysGoneCard(locale: UiLocale): AdaptiveCard {
  return notice(locale, 'days.gone.title', daysText.format(locale, 'days.gone.text'));
}

/** `days`: the team's upcoming days together. */
export function upcomingDaysCard(locale: UiLocale, plans: DaysPlan[]): AdaptiveCard {
  const t = daysText.in(locale);
  if (plans.length === 0) return notice(locale, 'days.upcoming.none.title', t('days.upcoming.none.text'));
  return renderCard('facts', {
    title: t('days.heading'),
    place: '',
    facts: plans.map((p) => ({ title: p.place, value: datesLine(locale, p) })),
    footer: t('days.upcoming.footer'),
  });
}

/** A private request for time face to face, to the one colleague asked. */
export function talkRequestCard(locale: UiLocale, request: TalkRequest): AdaptiveCard {
  const t = daysText.in(locale);
  return renderCard('days-talk', {
    text: { heading: t('days.heading'), note: t('days.talk.private'), accept: t('days.talk.button.accept'), decline: t('days.talk.button.decline') },
    request: said(locale, 'days.talk.request', { asker: request.fromName }),
    planId: request.planId,
    requestId: request.id,
  });
}

/** A request already answered, of another tenant, or not addressed to the presser: all look the same. */
export function talkGoneCard(locale: UiLocale): AdaptiveCard {
  return notice(locale, 'days.talk.gone.title', daysText.format(locale, 'days.talk.gone.text'));
}

/** All the asker hears of a decline: no reason, nothing that tells a decline from a busy day. */
export function notThisTimeCard(locale: UiLocale): AdaptiveCard {
  return notice(locale, 'days.talk.notThisTime.title', daysText.format(locale, 'days.talk.notThisTime.text'));
}

/** To the colleague who declined. */
export function youDeclinedCard(locale: UiLocale, asker: string): AdaptiveCard {
  return notice(locale, 'days.talk.declined.title', said(locale, 'days.talk.declined.text', { asker }));
}

/** To each of an accepted pair, naming the other. */
export function talkAcceptedCard(locale: UiLocale, other: string): AdaptiveCard {
  return notice(locale, 'days.talk.accepted.title', said(locale, 'days.talk.accepted.text', { name: other }));
}

/** After the days, in each person's 1:1 chat. */
export function metQuestionCard(locale: UiLocale, plan: DaysPlan): AdaptiveCard {
  const t = daysText.in(locale);
  return renderCard('days-met', {
    text: {
      heading: t('days.heading'),
      question: t('days.met.question'),
      note: t('days.met.note'),
      yes: t('days.met.button.yes'),
      no: t('days.met.button.no'),
    },
    place: plan.place,
    planId: plan.id,
  });
}

/** A question of another tenant, or to someone who did not come: all look the same. */
export function metGoneCard(locale: UiLocale): AdaptiveCard {
  return notice(locale, 'days.met.gone.title', daysText.format(locale, 'days.met.gone.text'));
}

export function metThanksCard(locale: UiLocale, met: boolean): AdaptiveCard {
  return notice(locale, 'days.met.thanks.title', daysText.format(locale, met ? 'days.met.thanks.yes' : 'days.met.thanks.no'));
}
