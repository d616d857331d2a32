import { breaksApi, type BreakFields, type BreakOccurrence, type BreaksView, type PublicBreak } from '../lib/api';
import { h, controlValue } from '../lib/dom';
import { browserTimeZone, day, names, when, WEEKDAYS } from '../lib/format';
import { button, field, formValues, input } from '../lib/form';
import { openTeamsLink } from '../lib/teams';
import { View } from '../lib/view';

const TOPIC_MAX = 200;

/** Coffee breaks of a team: the next occurrences, I'm in / Can't make it, topics and upvotes; the schedule for organisers. */
export function breaksView(teamId: string): View<BreaksView> {
  const breaks = breaksApi(teamId);
  return new View<BreaksView>('Coffee breaks', breaks.list, (data, view) => draw(data, view, breaks), 'breaks');
}

type Breaks = ReturnType<typeof breaksApi>;

function draw(data: BreaksView, view: View<BreaksView>, breaks: Breaks): HTMLElement {
  const parts: HTMLElement[] = [];
  if (data.breaks.length === 0) {
    parts.push(
      h(
        'p',
        { class: 'muted' },
        data.organiser
          ? 'No breaks yet. Set one up below: a recurring time with no agenda, where anyone can bring anything.'
          : 'No breaks yet. Your organisers can set one up here.',
      ),
    );
  }
  for (const b of data.breaks) {
    const next = b.next[0];
    parts.push(
      h(
        'article',
        { class: 'card', 'data-testid': 'break', 'data-key': b.id, 'aria-label': b.title },
        h('h3', {}, b.title),
        h('p', { class: 'muted' }, `${names(b.weekdays.map((d) => WEEKDAYS[d - 1]!))} at ${b.time} (${b.timeZone}), ${b.durationMinutes} minutes`),
        next ? occurrence(b.id, next, view, breaks, b.joinUrl) : h('p', {}, 'No upcoming dates.'),
        b.next.length > 1
          ? h(
              'p',
              { class: 'muted' },
              `Then: ${b.next
                .slice(1)
                .map((o) => day(o.startsAt))
                .join(' · ')}`,
            )
          : undefined,
        data.organiser ? schedule(view, breaks, b) : undefined,
      ),
    );
  }
  if (data.organiser) parts.push(h('details', { class: 'card', 'data-key': 'new-break' }, h('summary', {}, 'Set up a new break'), schedule(view, breaks)));
  return h('div', {}, ...parts);
}

function occurrence(breakId: string, o: BreakOccurrence, view: View<BreaksView>, breaks: Breaks, joinUrl?: string): HTMLElement {
  const answer = (value: 'in' | 'out') => () => breaks.rsvp(breakId, { date: o.date, answer: value });
  const topic = input('topic', '', { maxlength: TOPIC_MAX, placeholder: 'Anything: an idea, a worry, a question', autocomplete: 'off' });
  const addTopic = async () => {
    const text = controlValue(topic).trim();
    if (!text) return view.say('error', 'Write your topic first.');
    if (text.length > TOPIC_MAX) return view.say('error', `Keep your topic to ${TOPIC_MAX} characters.`);
    await view.act(() => breaks.addTopic(breakId, { date: o.date, text }), 'Topic added.');
  };
  const submit = (event: Event) => {
    event.preventDefault();
    void addTopic();
  };
  const form = h(
    'form',
    { class: 'row', 'aria-label': 'Add a topic', onsubmit: submit },
    field('Add a topic', topic),
    button('Add topic', () => void addTopic(), 'primary'),
  );
  return h(
    'div',
    { class: 'occurrence', 'data-testid': 'occurrence', 'data-key': o.date, 'data-date': o.date },
    h('p', { class: 'lead' }, `Next: ${when(o.startsAt)}`),
    h(
      'div',
      { class: 'actions', role: 'group', 'aria-label': `Are you coming on ${day(o.startsAt)}?` },
      button("I'm in", () => void view.act(answer('in'), "You're in."), o.mine === 'in' ? 'primary' : 'secondary', {
        'aria-pressed': String(o.mine === 'in'),
      }),
      button("Can't make it", () => void view.act(answer('out'), 'Thanks for letting them know.'), o.mine === 'out' ? 'primary' : 'secondary', {
        'aria-pressed': String(o.mine === 'out'),
      }),
      joinUrl ? button('Join', () => openTeamsLink(joinUrl), 'subtle') : undefined,
    ),
    h(
      'p',
      { 'data-testid': 'coming' },
      o.coming.length ? `Coming: ${names(o.moreComing ? [...o.coming, `${o.moreComing} more`] : o.coming)}` : 'Nobody has said yet.',
      o.notComing ? ` (${o.notComing} can't make it)` : '',
    ),
    h('h4', {}, 'Topics'),
    o.topics.length
      ? h(
          'ul',
          { class: 'topics', 'data-testid': 'topics' },
          ...o.topics.map((t) =>
            h(
              'li',
              { 'data-key': t.id },
              h('span', { class: 'topic-text' }, t.text),
              button(`▲ ${t.votes}`, () => void view.act(() => breaks.vote(t.id)), t.votedByMe ? 'primary' : 'subtle', {
                'data-key': 'vote',
                'aria-label': `${t.votedByMe ? 'Remove your upvote' : 'Upvote'}: ${t.text} (${t.votes})`,
                'aria-pressed': String(t.votedByMe),
              }),
              t.mine
                ? button('Delete', () => void view.act(() => breaks.removeTopic(t.id)), 'subtle', {
                    'aria-label': `Delete your topic: ${t.text}`,
                  })
                : undefined,
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No topics yet.'),
    o.moreTopics ? h('p', { class: 'muted' }, `and ${o.moreTopics} more with fewer upvotes`) : undefined,
    form,
  );
}

/** The schedule form: edits a break when given one, sets up a new one otherwise. */
function schedule(view: View<BreaksView>, breaks: Breaks, existing?: PublicBreak): HTMLElement {
  const b: Omit<PublicBreak, 'id'> = existing ?? {
    title: 'Coffee break',
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
    h('legend', {}, 'Weekdays'),
    ...WEEKDAYS.map((name, i) => h('label', {}, h('input', { type: 'checkbox', name: `day${i + 1}`, checked: b.weekdays.includes(i + 1) }), name.slice(0, 3))),
  );
  const form = h(
    'form',
    { class: 'grid', 'aria-label': existing ? `Schedule of ${b.title}` : 'New break' },
    field('Title', input('title', b.title, { maxlength: 80 })),
    days,
    field('Time', input('time', b.time, { type: 'time' })),
    field('Time zone', input('timeZone', b.timeZone, { spellcheck: false })),
    field('Minutes', input('durationMinutes', String(b.durationMinutes), { type: 'number', min: 5, max: 240 })),
    field(
      'Join link',
      input('joinUrl', b.joinUrl ?? '', { type: 'url', placeholder: 'https://teams.microsoft.com/l/meetup-join/…' }),
      'Paste the link of a recurring Teams meeting.',
    ),
    field('Reminder (minutes before)', input('reminderMinutes', String(b.reminderMinutes), { type: 'number', min: 0, max: 1440 })),
    field('Skip these dates', input('skippedDates', b.skippedDates.join(', '), { placeholder: '2026-12-24, 2026-12-31' })),
  );
  const save = () => {
    const v = formValues(form);
    const fields: BreakFields = {
      title: String(v.title),
      weekdays: WEEKDAYS.map((_, i) => i + 1).filter((d) => v[`day${d}`] === true),
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
      existing ? 'Break saved.' : 'Break set up.',
    );
  };
  const remove = () =>
    existing &&
    window.confirm(`Delete "${existing.title}"? Its upcoming dates and topics go too.`) &&
    view.act(async () => {
      await breaks.remove(existing.id);
      return breaks.list();
    }, 'Break deleted.');
  const actions = h(
    'div',
    { class: 'actions' },
    button(existing ? 'Save schedule' : 'Set up break', () => void save(), 'primary'),
    existing ? button('Delete break', () => void remove(), 'subtle') : undefined,
  );
  return existing ? h('details', { 'data-key': 'schedule' }, h('summary', {}, 'Edit schedule'), form, actions) : h('div', {}, form, actions);
}
