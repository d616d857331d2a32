import { h } from '../lib/dom';
import { daysApi, type DaysEndedView, type DaysFields, type DaysPlanView, type DaysSummary, type DaysView } from '../lib/days-api';
import { browserTimeZone, calendarDay } from '../lib/format';
import { button, field, formValues, input, select } from '../lib/form';
import { list, number, sentence, t } from '../lib/i18n';
import { openTeamsLink } from '../lib/teams';
import { View } from '../lib/view';

const PLACE_MAX = 200;
const DAYS_MAX = 5;

/** Days together: the team's in-person days, who is coming, one's own plan; planning for organisers. */
export function daysView(teamId: string): View<DaysView> {
  const days = daysApi(teamId);
  const went = summaries(days);
  return new View<DaysView>(t('days.title'), days.list, (data, view) => draw(data, view, days, went), 'days');
}

type Days = ReturnType<typeof daysApi>;

const dayName = calendarDay;
/** Ended plans' figures as known so far: undefined while one loads, null when it is not the caller's to see. */
type Went = { drawing(data: DaysView, view: View<DaysView>): void; of(planId: string): DaysSummary | null | undefined };

/**
 * Each ended plan's "How the days went", asked once per plan while the view lives; the latest data
 * is drawn again when one arrives. A refusal (403, 404) or a failure hides the panel.
 */
function summaries(days: Days): Went {
  const known = new Map<string, DaysSummary | null>();
  let latest: { data: DaysView; view: View<DaysView> } | undefined;
  const ask = (planId: string) =>
    days
      .summary(planId)
      .then(
        (summary) => known.set(planId, summary),
        () => known.set(planId, null),
      )
      .then(() => latest?.view.set(latest.data));
  const asked = new Set<string>();
  return {
    drawing(data, view) {
      latest = { data, view };
      for (const plan of data.ended) {
        if (asked.has(plan.id)) continue;
        asked.add(plan.id);
        void ask(plan.id);
      }
    },
    of: (planId) => known.get(planId),
  };
}

function draw(data: DaysView, view: View<DaysView>, days: Days, went: Went): HTMLElement {
  went.drawing(data, view);
  const parts: HTMLElement[] = [];
  if (data.plans.length === 0) parts.push(h('p', { class: 'muted' }, data.organiser ? t('days.none.organiser') : t('days.none')));
  for (const plan of data.plans) parts.push(planCard(plan, data.organiser, view, days));
  for (const plan of data.ended) parts.push(endedCard(plan, went.of(plan.id)));
  if (data.endedMore) parts.push(h('p', { class: 'muted', 'data-key': 'ended-more' }, t('days.ended.more', { n: data.endedMore })));
  if (data.organiser) parts.push(h('details', { class: 'card', 'data-key': 'new-days' }, h('summary', {}, t('days.plan')), planForm(view, days)));
  return h('div', {}, ...parts);
}

function planCard(plan: DaysPlanView, organiser: boolean, view: View<DaysView>, days: Days): HTMLElement {
  const answer = (date: string, coming: boolean) => () => days.answer(plan.id, { date, coming });
  return h(
    'article',
    { class: 'card', 'data-testid': 'days-plan', 'data-key': plan.id, 'aria-label': t('days.planLabel', { place: plan.place }) },
    h('h3', {}, plan.place),
    h('p', { class: 'muted' }, t('days.dates', { dates: list(plan.dates.map(dayName)), zone: plan.timeZone })),
    plan.link ? button(t('days.where'), () => openTeamsLink(plan.link!), 'subtle') : undefined,
    ...plan.days.map((d) =>
      h(
        'div',
        { class: 'occurrence', 'data-testid': 'days-day', 'data-key': d.date },
        h('h4', {}, dayName(d.date)),
        d.open
          ? h(
              'div',
              { class: 'actions', role: 'group', 'aria-label': t('days.coming.question', { day: dayName(d.date) }) },
              button(t('days.yes'), () => void view.act(answer(d.date, true), t('days.yes.done')), d.mine === true ? 'primary' : 'secondary', {
                'aria-pressed': String(d.mine === true),
              }),
              button(t('days.no'), () => void view.act(answer(d.date, false), t('days.no.done')), d.mine === false ? 'primary' : 'secondary', {
                'aria-pressed': String(d.mine === false),
              }),
            )
          : h('p', { class: 'muted' }, t('days.over')),
        h(
          'p',
          {},
          d.coming.length
            ? t('days.coming', { names: list(d.moreComing ? [...d.coming, t('common.more', { n: d.moreComing })] : d.coming) })
            : t('days.nobodyYet'),
        ),
        d.myTable ? h('p', { 'data-testid': 'my-table' }, t('days.table', { names: list(d.myTable) })) : undefined,
        d.myWalk?.length ? h('p', {}, t('days.walk', { names: list(d.myWalk) })) : undefined,
        d.photo ? h('p', { class: 'muted' }, t('days.photo')) : undefined,
      ),
    ),
    plan.drawn ? undefined : h('p', { class: 'muted' }, t('days.notDrawn')),
    talkPart(plan, view, days),
    organiser ? h('details', { 'data-key': 'edit' }, h('summary', {}, t('days.change')), planForm(view, days, plan)) : undefined,
  );
}

/** A plan ended in the last 30 days, for its organisers: the place, the dates, and how the days went (counts only). */
function endedCard(plan: DaysEndedView, summary: DaysSummary | null | undefined): HTMLElement {
  return h(
    'article',
    { class: 'card', 'data-testid': 'days-ended', 'data-key': `ended-${plan.id}`, 'aria-label': t('days.planLabel', { place: plan.place }) },
    h('h3', {}, plan.place),
    h('p', { class: 'muted' }, t('days.ended.dates', { dates: list(plan.dates.map(dayName)), zone: plan.timeZone })),
    summary
      ? h(
          'section',
          { class: 'occurrence', 'data-testid': 'days-went', 'aria-label': t('days.went') },
          h('h4', {}, t('days.went')),
          h(
            'p',
            {},
            summary.kind === 'shown'
              ? t('days.went.shown', { met: summary.metSomeoneNew, answers: summary.answers })
              : t('days.went.tooFew', { answers: summary.answers, needed: number(summary.needed) }),
          ),
        )
      : undefined,
  );
}

/** One's own private request for time face to face: only the colleague is asked, only the two see it. */
function talkPart(plan: DaysPlanView, view: View<DaysView>, days: Days): HTMLElement | undefined {
  const mine = plan.myTalks;
  const lines = mine.map((talk) =>
    h(
      'p',
      { 'data-testid': 'my-talk' },
      ...sentence(talk.status === 'accepted' ? 'days.talk.accepted' : talk.status === 'asked' ? 'days.talk.asked' : 'days.talk.declined', { name: talk.with }),
    ),
  );
  if (mine.some((talk) => talk.asked) || plan.colleagues.length === 0) return lines.length ? h('div', {}, ...lines) : undefined;
  const who = select(
    'with',
    plan.colleagues[0]!.userId,
    plan.colleagues.map((c) => [c.userId, c.name] as [string, string]),
  );
  const ask = () =>
    view.act(async () => {
      await days.askTalk(plan.id, { with: who.value });
      return days.list();
    }, t('days.talk.done'));
  return h(
    'details',
    { 'data-key': 'talk' },
    h('summary', {}, t('days.talk.title')),
    ...lines,
    h('p', { class: 'muted' }, t('days.talk.help')),
    h(
      'div',
      { class: 'row' },
      field(t('days.talk.colleague'), who),
      button(t('days.talk.ask'), () => void ask(), 'primary'),
    ),
  );
}

/** The planning form: changes a plan when given one, plans new days otherwise. */
function planForm(view: View<DaysView>, days: Days, existing?: DaysPlanView): HTMLElement {
  const form = h(
    'form',
    { class: 'grid', 'aria-label': existing ? t('days.form.labelOf', { place: existing.place }) : t('days.form.labelNew') },
    field(t('days.form.first'), input('first', existing?.dates[0] ?? '', { type: 'date', required: true })),
    field(
      t('days.form.count'),
      input('count', String(existing?.dates.length ?? 2), { type: 'number', min: 1, max: DAYS_MAX }),
      t('days.form.countHelp', { n: DAYS_MAX }),
    ),
    field(t('days.form.place'), input('place', existing?.place ?? '', { maxlength: PLACE_MAX, placeholder: t('days.form.placeHint') })),
    field(t('days.form.link'), input('link', existing?.link ?? '', { type: 'url', dir: 'ltr', placeholder: 'https://…' }), t('days.form.linkHelp')),
    field(t('days.form.timeZone'), input('timeZone', existing?.timeZone ?? browserTimeZone(), { spellcheck: false, dir: 'ltr' })),
  );
  const save = () => {
    const v = formValues(form);
    const first = String(v.first);
    const count = Number(v.count);
    const dates = first ? Array.from({ length: Math.max(0, Math.min(count, 10)) }, (_, i) => addDays(first, i)) : [];
    const fields: DaysFields = { dates, place: String(v.place), link: String(v.link).trim(), timeZone: String(v.timeZone).trim() };
    return view.act(
      async () => {
        if (existing) await days.change(existing.id, fields);
        else await days.plan(fields);
        return days.list();
      },
      existing ? t('days.form.changed') : t('days.form.planned'),
    );
  };
  const cancel = () =>
    existing &&
    window.confirm(t('days.cancel.confirm', { place: existing.place })) &&
    view.act(async () => {
      await days.cancel(existing.id);
      return days.list();
    }, t('days.cancel.done'));
  return h(
    'div',
    {},
    form,
    h(
      'div',
      { class: 'actions' },
      button(existing ? t('days.form.save') : t('days.plan'), () => void save(), 'primary'),
      existing ? button(t('days.cancel'), () => void cancel(), 'subtle') : undefined,
    ),
  );
}

/** The date `n` days after `date` (YYYY-MM-DD), by the calendar alone. */
function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
