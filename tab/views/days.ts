import { h } from '../lib/dom';
import { daysApi, type DaysFields, type DaysPlanView, type DaysView } from '../lib/days-api';
import { browserTimeZone, names } from '../lib/format';
import { button, field, formValues, input, select } from '../lib/form';
import { openTeamsLink } from '../lib/teams';
import { View } from '../lib/view';

const PLACE_MAX = 200;
const DAYS_MAX = 5;

/** Days together: the team's in-person days, who is coming, one's own plan; planning for organisers. */
export function daysView(teamId: string): View<DaysView> {
  const days = daysApi(teamId);
  return new View<DaysView>('Days together', days.list, (data, view) => draw(data, view, days), 'days');
}

type Days = ReturnType<typeof daysApi>;

const dayName = (date: string) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });

function draw(data: DaysView, view: View<DaysView>, days: Days): HTMLElement {
  const parts: HTMLElement[] = [];
  if (data.plans.length === 0)
    parts.push(
      h(
        'p',
        { class: 'muted' },
        data.organiser
          ? 'No days together planned. When your team meets in person, plan the days below: Hallway mixes lunch tables and coffee walks so people spend them on each other.'
          : 'No days together planned. Your organisers can plan them here.',
      ),
    );
  for (const plan of data.plans) parts.push(planCard(plan, data.organiser, view, days));
  if (data.organiser) parts.push(h('details', { class: 'card', 'data-key': 'new-days' }, h('summary', {}, 'Plan days together'), planForm(view, days)));
  return h('div', {}, ...parts);
}

function planCard(plan: DaysPlanView, organiser: boolean, view: View<DaysView>, days: Days): HTMLElement {
  const answer = (date: string, coming: boolean) => () => days.answer(plan.id, { date, coming });
  return h(
    'article',
    { class: 'card', 'data-testid': 'days-plan', 'data-key': plan.id, 'aria-label': `Days together: ${plan.place}` },
    h('h3', {}, plan.place),
    h('p', { class: 'muted' }, `${plan.dates.map(dayName).join(', ')} (${plan.timeZone})`),
    plan.link ? button('Where', () => openTeamsLink(plan.link!), 'subtle') : undefined,
    ...plan.days.map((d) =>
      h(
        'div',
        { class: 'occurrence', 'data-testid': 'days-day', 'data-key': d.date },
        h('h4', {}, dayName(d.date)),
        d.open
          ? h(
              'div',
              { class: 'actions', role: 'group', 'aria-label': `Are you coming on ${dayName(d.date)}?` },
              button("I'm coming", () => void view.act(answer(d.date, true), 'See you there.'), d.mine === true ? 'primary' : 'secondary', {
                'aria-pressed': String(d.mine === true),
              }),
              button('Not this time', () => void view.act(answer(d.date, false), 'Thanks for letting them know.'), d.mine === false ? 'primary' : 'secondary', {
                'aria-pressed': String(d.mine === false),
              }),
            )
          : h('p', { class: 'muted' }, 'This day is over.'),
        h('p', {}, d.coming.length ? `Coming: ${names(d.moreComing ? [...d.coming, `${d.moreComing} more`] : d.coming)}` : 'Nobody has said yet.'),
        d.myTable ? h('p', { 'data-testid': 'my-table' }, `Your lunch table: ${names(d.myTable)}`) : undefined,
        d.myWalk?.length ? h('p', {}, `Your coffee walk: ${names(d.myWalk)}`) : undefined,
        d.photo ? h('p', { class: 'muted' }, 'Team photo after lunch.') : undefined,
      ),
    ),
    plan.drawn ? undefined : h('p', { class: 'muted' }, 'Lunch tables and coffee walks are drawn a few days before; you will get yours privately.'),
    talkPart(plan, view, days),
    organiser ? h('details', { 'data-key': 'edit' }, h('summary', {}, 'Change or cancel'), planForm(view, days, plan)) : undefined,
  );
}

/** One's own private request for time face to face: only the colleague is asked, only the two see it. */
function talkPart(plan: DaysPlanView, view: View<DaysView>, days: Days): HTMLElement | undefined {
  const mine = plan.myTalks;
  const lines = mine.map((t) =>
    h(
      'p',
      { 'data-testid': 'my-talk' },
      t.status === 'accepted'
        ? `Time to talk face to face with ${t.with}: in your plan, in the afternoon.`
        : t.status === 'asked'
          ? `You asked ${t.with} for time face to face; waiting for their answer.`
          : `Your request to ${t.with}: not this time.`,
    ),
  );
  if (mine.some((t) => t.asked) || plan.colleagues.length === 0) return lines.length ? h('div', {}, ...lines) : undefined;
  const who = select(
    'with',
    plan.colleagues[0]!.userId,
    plan.colleagues.map((c) => [c.userId, c.name] as [string, string]),
  );
  const ask = () =>
    view.act(async () => {
      await days.askTalk(plan.id, { with: who.value });
      return days.list();
    }, 'Asked. Only they know.');
  return h(
    'details',
    { 'data-key': 'talk' },
    h('summary', {}, 'Something better said face to face?'),
    ...lines,
    h('p', { class: 'muted' }, 'Ask one colleague for time together. Only they are asked, privately; nobody else ever knows.'),
    h(
      'div',
      { class: 'row' },
      field('Colleague', who),
      button('Ask privately', () => void ask(), 'primary'),
    ),
  );
}

/** The planning form: changes a plan when given one, plans new days otherwise. */
function planForm(view: View<DaysView>, days: Days, existing?: DaysPlanView): HTMLElement {
  const form = h(
    'form',
    { class: 'grid', 'aria-label': existing ? `Change ${existing.place}` : 'New days together' },
    field('First day', input('first', existing?.dates[0] ?? '', { type: 'date', required: true })),
    field('Days', input('count', String(existing?.dates.length ?? 2), { type: 'number', min: 1, max: DAYS_MAX }), `1 to ${DAYS_MAX} days in a row.`),
    field('Place', input('place', existing?.place ?? '', { maxlength: PLACE_MAX, placeholder: 'Office, city' })),
    field('Link', input('link', existing?.link ?? '', { type: 'url', placeholder: 'https://…' }), 'A map or the venue page (https).'),
    field('Time zone', input('timeZone', existing?.timeZone ?? browserTimeZone(), { spellcheck: false })),
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
      existing ? 'Days together changed.' : 'Days together planned: the card is in your channel.',
    );
  };
  const cancel = () =>
    existing &&
    window.confirm(`Cancel the days together in ${existing.place}?`) &&
    view.act(async () => {
      await days.cancel(existing.id);
      return days.list();
    }, 'Days together cancelled.');
  return h(
    'div',
    {},
    form,
    h(
      'div',
      { class: 'actions' },
      button(existing ? 'Save' : 'Plan days together', () => void save(), 'primary'),
      existing ? button('Cancel these days', () => void cancel(), 'subtle') : undefined,
    ),
  );
}

/** The date `n` days after `date` (YYYY-MM-DD), by the calendar alone. */
function addDays(date: string, n: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
