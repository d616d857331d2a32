import { breaksApi, type BreakFields, type BreakOccurrence, type BreaksView, type PublicBreak } from '../lib/api';
import { h, controlValue } from '../lib/dom';
import { browserTimeZone, day, weekday, WEEKDAY_NUMBERS, when } from '../lib/format';
import { button, field, formValues, input } from '../lib/form';
import { list, number, t } from '../lib/i18n';
import { openTeamsLink } from '../lib/teams';
import { View } from '../lib/view';

const TOPIC_MAX = 200;

/** Coffee breaks of a team: the next occurrences, I'm in / Can't make it, topics and upvotes; the schedule for organisers. */
export function breaksView(teamId: string): View<BreaksView> {
  const breaks = breaksApi(teamId);
  return new View<BreaksView>(t('breaks.title'), breaks.list, (data, view) => draw(data, view, breaks), 'breaks');
}

type Breaks = ReturnType<typeof breaksApi>;

function draw(data: BreaksView, view: View<BreaksView>, breaks: Breaks): HTMLElement {
  const parts: HTMLElement[] = [];
  if (data.breaks.length === 0) {
    parts.push(h('p', { class: 'muted' }, data.organiser ? t('breaks.none.organiser') : t('breaks.none')));
  }
  for (const b of data.breaks) {
    const next = b.next[0];
    parts.push(
      h(
        'article',
        { class: 'card', 'data-testid': 'break', 'data-key': b.id, 'aria-label': b.title },
        h('h3', {}, b.title),
        h(
          'p',
          { class: 'muted' },
          t('breaks.schedule', { days: list(b.weekdays.map((d) => weekday(d))), time: b.time, zone: b.timeZone, minutes: b.durationMinutes }),
        ),
        next ? occurrence(b.id, next, view, breaks, b.joinUrl) : h('p', {}, t('breaks.noDates')),
        b.next.length > 1
          ? h(
              'p',
              { class: 'muted' },
              t('breaks.then', {
                dates: b.next
                  .slice(1)
                  .map((o) => day(o.startsAt))
                  .join(' · '),
              }),
            )
          : undefined,
        data.organiser ? schedule(view, breaks, b) : undefined,
      ),
    );
  }
  if (data.organiser) parts.push(h('details', { class: 'card', 'data-key': 'new-break' }, h('summary', {}, t('breaks.new')), schedule(view, breaks)));
  return h('div', {}, ...parts);
}

function occurrence(breakId: string, o: BreakOccurrence, view: View<BreaksView>, breaks: Breaks, joinUrl?: string): HTMLElement {
  const answer = (value: 'in' | 'out') => () => breaks.rsvp(breakId, { date: o.date, answer: value });
  const topic = input('topic', '', { maxlength: TOPIC_MAX, placeholder: t('breaks.topic.placeholder'), autocomplete: 'off' });
  const addTopic = async () => {
    const text = controlValue(topic).trim();
    if (!text) return view.say('error', t('breaks.topic.empty'));
    if (text.length > TOPIC_MAX) return view.say('error', t('breaks.topic.tooLong', { n: TOPIC_MAX }));
    await view.act(() => breaks.addTopic(breakId, { date: o.date, text }), t('breaks.topic.added'));
  };
  const submit = (event: Event) => {
    event.preventDefault();
    void addTopic();
  };
  const form = h(
    'form',
    { class: 'row', 'aria-label': t('breaks.topic.label'), onsubmit: submit },
    field(t('breaks.topic.label'), topic),
    button(t('breaks.topic.add'), () => void addTopic(), 'primary'),
  );
  return h(
    'div',
    { class: 'occurrence', 'data-testid': 'occurrence', 'data-key': o.date, 'data-date': o.date },
    h('p', { class: 'lead' }, t('breaks.next', { when: when(o.startsAt) })),
    h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': t('breaks.coming.question', { day: day(o.startsAt) }) },
      button(t('breaks.in'), () => void view.act(answer('in'), t('breaks.in.done')), o.mine === 'in' ? 'primary' : 'secondary', {
        'aria-pressed': String(o.mine === 'in'),
      }),
      button(t('breaks.out'), () => void view.act(answer('out'), t('breaks.out.done')), o.mine === 'out' ? 'primary' : 'secondary', {
        'aria-pressed': String(o.mine === 'out'),
      }),
      joinUrl ? button(t('breaks.join'), () => openTeamsLink(joinUrl), 'subtle') : undefined,
    ),
    h(
      'p',
      { 'data-testid': 'coming' },
      o.coming.length
        ? t('breaks.coming', { names: list(o.moreComing ? [...o.coming, t('common.more', { n: o.moreComing })] : o.coming) })
        : t('breaks.nobodyYet'),
      o.notComing ? t('breaks.notComing', { n: o.notComing }) : '',
    ),
    h('h4', {}, t('breaks.topics')),
    o.topics.length
      ? h(
          'ul',
          { class: 'topics', 'data-testid': 'topics' },
          ...o.topics.map((topic) =>
            h(
              'li',
              { 'data-key': topic.id },
              h('span', { class: 'topic-text' }, topic.text),
              button(`▲ ${number(topic.votes)}`, () => void view.act(() => breaks.vote(topic.id)), topic.votedByMe ? 'primary' : 'subtle', {
                'data-key': 'vote',
                'aria-label': t(topic.votedByMe ? 'breaks.topic.unvote' : 'breaks.topic.vote', { topic: topic.text, n: topic.votes }),
                'aria-pressed': String(topic.votedByMe),
              }),
              topic.mine
                ? button(t('breaks.topic.delete'), () => void view.act(() => breaks.removeTopic(topic.id)), 'subtle', {
                    'aria-label': t('breaks.topic.deleteLabel', { topic: topic.text }),
                  })
                : undefined,
            ),
          ),
        )
      : h('p', { class: 'muted' }, t('breaks.topics.none')),
    o.moreTopics ? h('p', { class: 'muted' }, t('breaks.topics.more', { n: o.moreTopics })) : undefined,
    form,
  );
}

/** The schedule form: edits a break when given one, sets up a new one otherwise. */
function schedule(view: View<BreaksView>, breaks: Breaks, existing?: PublicBreak): HTMLElement {
  const b: Omit<PublicBreak, 'id'> = existing ?? {
    title: t('breaks.defaultTitle'),
    weekdays: [3],
    time: '15:00',
    timeZone: browserTimeZone(),
    durationMinutes: 30,
    joinUrl: undefined,
    reminderMinutes: 10,
    skippedDates: [],
  };
  const days = h(
    'fieldset',
    { class: 'weekdays' },
    h('legend', {}, t('breaks.form.weekdays')),
    ...WEEKDAY_NUMBERS.map((d) =>
      h('label', { title: weekday(d) }, h('input', { type: 'checkbox', name: `day${d}`, checked: b.weekdays.includes(d) }), weekday(d, 'short')),
    ),
  );
  const form = h(
    'form',
    { class: 'grid', 'aria-label': existing ? t('breaks.form.labelOf', { title: b.title }) : t('breaks.form.labelNew') },
    field(t('breaks.form.title'), input('title', b.title, { maxlength: 80 })),
    days,
    field(t('breaks.form.time'), input('time', b.time, { type: 'time' })),
    field(t('breaks.form.timeZone'), input('timeZone', b.timeZone, { spellcheck: false, dir: 'ltr' })),
    field(t('breaks.form.minutes'), input('durationMinutes', String(b.durationMinutes), { type: 'number', min: 5, max: 240 })),
    field(
      t('breaks.form.joinUrl'),
      input('joinUrl', b.joinUrl ?? '', { type: 'url', dir: 'ltr', placeholder: 'https://teams.microsoft.com/l/meetup-join/…' }),
      t('breaks.form.joinUrlHelp'),
    ),
    field(t('breaks.form.reminder'), input('reminderMinutes', String(b.reminderMinutes), { type: 'number', min: 0, max: 1440 })),
    field(t('breaks.form.skip'), input('skippedDates', b.skippedDates.join(', '), { dir: 'ltr', placeholder: '2026-12-24, 2026-12-31' })),
  );
  const save = () => {
    const v = formValues(form);
    const fields: BreakFields = {
      title: String(v.title),
      weekdays: WEEKDAY_NUMBERS.filter((d) => v[`day${d}`] === true),
      time: String(v.time),
      timeZone: String(v.timeZone).trim(),
      durationMinutes: Number(v.durationMinutes),
      joinUrl: String(v.joinUrl).trim(),
      reminderMinutes: Number(v.reminderMinutes),
      skippedDates: String(v.skippedDates)
        .split(/[\s,]+/)
        .filter(Boolean),
    };
    return view.act(
      async () => {
        if (existing) await breaks.update(existing.id, fields);
        else await breaks.create(fields);
        return breaks.list();
      },
      existing ? t('breaks.form.saved') : t('breaks.form.created'),
    );
  };
  const remove = () =>
    existing &&
    window.confirm(t('breaks.delete.confirm', { title: existing.title })) &&
    view.act(async () => {
      await breaks.remove(existing.id);
      return breaks.list();
    }, t('breaks.delete.done'));
  const actions = h(
    'div',
    { class: 'actions' },
    button(existing ? t('breaks.form.save') : t('breaks.form.create'), () => void save(), 'primary'),
    existing ? button(t('breaks.delete'), () => void remove(), 'subtle') : undefined,
  );
  return existing ? h('details', { 'data-key': 'schedule' }, h('summary', {}, t('breaks.form.edit')), form, actions) : h('div', {}, form, actions);
}
