import { coffeeApi, type CoffeeSettings, type CoffeeView } from '../lib/api';
import { h, controlValue } from '../lib/dom';
import { browserTimeZone, day, names, pauseBounds, when, WEEKDAYS } from '../lib/format';
import { button, checkbox, field, formValues, input, select } from '../lib/form';
import { openTeamsLink } from '../lib/teams';
import { View } from '../lib/view';

const HOURS: [number, string][] = Array.from({ length: 25 }, (_, i) => [i, `${String(i).padStart(2, '0')}:00`]);

/** Coffee pairing in a team or chat: join, leave, pause, my match, my settings, and for organisers the programme. */
export function coffeeView(teamId: string): View<CoffeeView> {
  const coffee = coffeeApi(teamId);
  return new View<CoffeeView>('Coffee pairing', coffee.get, (data, view) => draw(data, view, coffee), 'coffee');
}

type Coffee = ReturnType<typeof coffeeApi>;

function draw(data: CoffeeView, view: View<CoffeeView>, coffee: Coffee): HTMLElement {
  const { me } = data;
  const zone = me.timeZone ?? browserTimeZone();
  const parts: (HTMLElement | undefined)[] = [];

  if (me.status === 'not-member') {
    parts.push(
      h(
        'p',
        { class: 'lead', 'data-testid': 'coffee-status' },
        'You are not in coffee pairing here yet. Join to meet a teammate for a short, no-agenda coffee each round.',
      ),
      h(
        'div',
        { class: 'actions' },
        button(
          'Join coffee pairing',
          () => void view.act(() => coffee.join({ timeZone: browserTimeZone() }), "You're in. You'll hear from Hallway when the next round is drawn."),
          'primary',
        ),
      ),
    );
  } else {
    const status =
      me.status === 'paused' && me.pausedUntil ? `You're in, paused until ${day(me.pausedUntil, zone)}.` : "You're in: you'll be paired each round.";
    parts.push(
      h(
        'p',
        { class: 'lead', 'data-testid': 'coffee-status' },
        h('fluent-badge', { appearance: 'tint', color: me.status === 'paused' ? 'warning' : 'success' }, me.status === 'paused' ? 'Paused' : 'In'),
        ' ',
        status,
      ),
    );
    if (me.match) {
      parts.push(
        h(
          'div',
          { class: 'card', 'data-testid': 'coffee-match' },
          h('h3', {}, `Round ${me.match.round}: you're meeting ${names(me.match.partners.map((p) => p.name))}`),
          me.match.captainIsMe ? h('p', {}, "You're the captain this time: send the invite.") : undefined,
          h(
            'div',
            { class: 'actions' },
            ...me.match.partners.filter((p) => p.chatUrl).map((p) => button(`Open chat with ${p.name}`, () => openTeamsLink(p.chatUrl!), 'secondary')),
          ),
        ),
      );
    }
    const bounds = pauseBounds();
    const until = input('pauseUntil', bounds.min, { type: 'date', min: bounds.min, max: bounds.max });
    parts.push(
      h(
        'div',
        { class: 'row' },
        field('Pause until', until),
        button('Pause', () => {
          const date = controlValue(until);
          void view.act(() => coffee.pause({ until: date }), `Paused until ${date}.`);
        }),
        me.status === 'paused' ? button('Resume now', () => void view.act(coffee.resume, 'Welcome back.')) : undefined,
        button('Leave coffee pairing', () => void view.act(coffee.leave, 'You left coffee pairing. Join again any time.'), 'subtle'),
      ),
    );
    parts.push(mySettings(data, view, coffee));
  }

  if (data.nextRoundAt && data.settings.enabled) parts.push(h('p', { class: 'muted' }, `Next round: ${when(data.nextRoundAt, zone)}.`));
  if (data.organiser) parts.push(stats(data), programmeSettings(data, view, coffee));
  return h('div', {}, ...parts);
}

function mySettings(data: CoffeeView, view: View<CoffeeView>, coffee: Coffee): HTMLElement {
  const form = h(
    'form',
    {
      class: 'grid',
      'aria-label': 'My coffee settings',
      onsubmit: (event) => {
        event.preventDefault();
        void save();
      },
    },
    field(
      'My time zone',
      input('timeZone', data.me.timeZone ?? browserTimeZone(), { autocomplete: 'off', spellcheck: false }),
      'Taken from your browser; pairing prefers overlapping working hours.',
    ),
    field('Working hours from', select('workStartHour', data.me.workStartHour ?? 9, HOURS.slice(0, 24))),
    field('to', select('workEndHour', data.me.workEndHour ?? 17, HOURS.slice(1))),
  );
  const save = () => {
    const v = formValues(form);
    return view.act(
      () => coffee.join({ timeZone: String(v.timeZone).trim(), workStartHour: Number(v.workStartHour), workEndHour: Number(v.workEndHour) }),
      'Your settings are saved.',
    );
  };
  return h(
    'details',
    { class: 'card', 'data-key': 'my-settings' },
    h('summary', {}, 'My settings'),
    form,
    h(
      'div',
      { class: 'actions' },
      button('Save my settings', () => void save(), 'primary'),
    ),
  );
}

function stats(data: CoffeeView): HTMLElement {
  const s = data.stats;
  if (!s || s.kind === 'too-few')
    return h('p', { class: 'muted', 'data-testid': 'coffee-stats' }, `Team totals appear once ${s?.minimum ?? 5} people have joined.`);
  return h(
    'dl',
    { class: 'stats', 'data-testid': 'coffee-stats' },
    h('dt', {}, 'In coffee pairing'),
    h('dd', {}, String(s.members)),
    h('dt', {}, 'Paused'),
    h('dd', {}, String(s.paused)),
    h('dt', {}, 'Rounds so far'),
    h('dd', {}, String(s.rounds)),
    ...(s.lastRound
      ? [h('dt', {}, `Round ${s.lastRound.seq}`), h('dd', {}, `${s.lastRound.met} of ${s.lastRound.groups} groups met, ${s.lastRound.planned} planned`)]
      : []),
  );
}

function programmeSettings(data: CoffeeView, view: View<CoffeeView>, coffee: Coffee): HTMLElement {
  const s = data.settings;
  const form = h(
    'form',
    { class: 'grid', 'aria-label': 'Coffee settings for this team' },
    checkbox('enabled', 'Pair people automatically', s.enabled),
    field(
      'How often',
      select('cadence', s.cadence, [
        ['weekly', 'Every week'],
        ['biweekly', 'Every two weeks'],
        ['monthly', 'Every month'],
      ]),
    ),
    field(
      'Day',
      select(
        'weekday',
        s.weekday,
        WEEKDAYS.map((d, i) => [i + 1, d] as [number, string]),
      ),
    ),
    field('Hour', select('hour', s.hour, HOURS.slice(0, 24))),
    field('Time zone', input('timeZone', s.timeZone, { spellcheck: false })),
    field(
      'Group size',
      select('groupSize', s.groupSize, [
        [2, 'Pairs'],
        [3, 'Groups of three'],
      ]),
    ),
    field(
      'Suggested length',
      select('meetingMinutes', s.meetingMinutes, [
        [15, '15 minutes'],
        [20, '20 minutes'],
        [30, '30 minutes'],
      ]),
    ),
    checkbox('includeGuests', 'Include guests', s.includeGuests),
  );
  const save = () => {
    const v = formValues(form);
    const settings: CoffeeSettings = {
      enabled: Boolean(v.enabled),
      cadence: v.cadence as CoffeeSettings['cadence'],
      weekday: Number(v.weekday),
      hour: Number(v.hour),
      timeZone: String(v.timeZone).trim(),
      groupSize: Number(v.groupSize) as 2 | 3,
      meetingMinutes: Number(v.meetingMinutes) as CoffeeSettings['meetingMinutes'],
      includeGuests: Boolean(v.includeGuests),
    };
    return view.act(() => coffee.saveSettings(settings), 'Coffee settings saved.');
  };
  return h(
    'details',
    { class: 'card', 'data-key': 'coffee-settings' },
    h('summary', {}, 'Coffee settings (organisers)'),
    form,
    h(
      'div',
      { class: 'actions' },
      button('Save coffee settings', () => void save(), 'primary'),
    ),
  );
}
