import { coffeeApi, type CoffeeSettings, type CoffeeView } from '../lib/api';
import { h, controlValue } from '../lib/dom';
import { browserTimeZone, day, pauseBounds, weekday, WEEKDAY_NUMBERS, when } from '../lib/format';
import { button, checkbox, field, formValues, input, languageSelect, select } from '../lib/form';
import { languageOf, list, number, sentence, t } from '../lib/i18n';
import { openTeamsLink } from '../lib/teams';
import { View } from '../lib/view';

const HOURS: [number, string][] = Array.from({ length: 25 }, (_, i) => [i, `${String(i).padStart(2, '0')}:00`]);

/** Coffee pairing in a team or chat: join, leave, pause, my match, my settings, and for organisers the programme. */
export function coffeeView(teamId: string): View<CoffeeView> {
  const coffee = coffeeApi(teamId);
  return new View<CoffeeView>(t('coffee.title'), coffee.get, (data, view) => draw(data, view, coffee), 'coffee');
}

type Coffee = ReturnType<typeof coffeeApi>;

function draw(data: CoffeeView, view: View<CoffeeView>, coffee: Coffee): HTMLElement {
  const { me } = data;
  const zone = me.timeZone ?? browserTimeZone();
  const parts: (HTMLElement | undefined)[] = [];

  if (me.status === 'not-member') {
    parts.push(
      h('p', { class: 'lead', 'data-testid': 'coffee-status' }, t('coffee.notMember')),
      h(
        'div',
        { class: 'actions' },
        button(t('coffee.join'), () => void view.act(() => coffee.join({ timeZone: browserTimeZone() }), t('coffee.joined')), 'primary'),
      ),
    );
  } else {
    const status = me.status === 'paused' && me.pausedUntil ? t('coffee.status.paused', { until: day(me.pausedUntil, zone) }) : t('coffee.status.in');
    parts.push(
      h(
        'p',
        { class: 'lead', 'data-testid': 'coffee-status' },
        h(
          'fluent-badge',
          { appearance: 'tint', color: me.status === 'paused' ? 'warning' : 'success' },
          me.status === 'paused' ? t('coffee.badge.paused') : t('coffee.badge.in'),
        ),
        ' ',
        status,
      ),
    );
    if (me.match) {
      parts.push(
        h(
          'div',
          { class: 'card', 'data-testid': 'coffee-match' },
          h('h3', {}, ...sentence('coffee.match', { names: list(me.match.partners.map((p) => p.name)) }, { round: me.match.round })),
          me.match.captainIsMe ? h('p', {}, t('coffee.captain')) : undefined,
          h(
            'div',
            { class: 'actions' },
            ...me.match.partners
              .filter((p) => p.chatUrl)
              .map((p) => button(t('coffee.openChat', { name: p.name }), () => openTeamsLink(p.chatUrl!), 'secondary')),
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
        field(t('coffee.pauseUntil'), until),
        button(t('coffee.pause'), () => {
          const date = controlValue(until);
          void view.act(() => coffee.pause({ until: date }), t('coffee.paused', { until: day(`${date}T12:00:00Z`, 'UTC') }));
        }),
        me.status === 'paused' ? button(t('coffee.resume'), () => void view.act(coffee.resume, t('coffee.resumed'))) : undefined,
        button(t('coffee.leave'), () => void view.act(coffee.leave, t('coffee.left')), 'subtle'),
      ),
    );
    parts.push(mySettings(data, view, coffee));
  }

  if (data.nextRoundAt && data.settings.enabled) parts.push(h('p', { class: 'muted' }, t('coffee.nextRound', { when: when(data.nextRoundAt, zone) })));
  if (data.organiser) parts.push(stats(data), programmeSettings(data, view, coffee));
  return h('div', {}, ...parts);
}

function mySettings(data: CoffeeView, view: View<CoffeeView>, coffee: Coffee): HTMLElement {
  const form = h(
    'form',
    {
      class: 'grid',
      'aria-label': t('coffee.mine.label'),
      onsubmit: (event) => {
        event.preventDefault();
        void save();
      },
    },
    field(
      t('coffee.mine.timeZone'),
      input('timeZone', data.me.timeZone ?? browserTimeZone(), { autocomplete: 'off', spellcheck: false, dir: 'ltr' }),
      t('coffee.mine.timeZoneHelp'),
    ),
    field(t('coffee.mine.from'), select('workStartHour', data.me.workStartHour ?? 9, HOURS.slice(0, 24))),
    field(t('coffee.mine.to'), select('workEndHour', data.me.workEndHour ?? 17, HOURS.slice(1))),
  );
  const save = () => {
    const v = formValues(form);
    return view.act(
      () => coffee.join({ timeZone: String(v.timeZone).trim(), workStartHour: Number(v.workStartHour), workEndHour: Number(v.workEndHour) }),
      t('coffee.mine.saved'),
    );
  };
  return h(
    'details',
    { class: 'card', 'data-key': 'my-settings' },
    h('summary', {}, t('coffee.mine.title')),
    form,
    h(
      'div',
      { class: 'actions' },
      button(t('coffee.mine.save'), () => void save(), 'primary'),
    ),
  );
}

function stats(data: CoffeeView): HTMLElement {
  const s = data.stats;
  if (!s || s.kind === 'too-few') return h('p', { class: 'muted', 'data-testid': 'coffee-stats' }, t('coffee.stats.tooFew', { n: s?.minimum ?? 5 }));
  return h(
    'dl',
    { class: 'stats', 'data-testid': 'coffee-stats' },
    h('dt', {}, t('coffee.stats.members')),
    h('dd', {}, number(s.members)),
    h('dt', {}, t('coffee.stats.paused')),
    h('dd', {}, number(s.paused)),
    h('dt', {}, t('coffee.stats.rounds')),
    h('dd', {}, number(s.rounds)),
    ...(s.lastRound
      ? [
          h('dt', {}, t('coffee.stats.round', { round: s.lastRound.seq })),
          h('dd', {}, t('coffee.stats.met', { met: s.lastRound.met, groups: s.lastRound.groups, planned: s.lastRound.planned })),
        ]
      : []),
  );
}

function programmeSettings(data: CoffeeView, view: View<CoffeeView>, coffee: Coffee): HTMLElement {
  const s = data.settings;
  const form = h(
    'form',
    { class: 'grid', 'aria-label': t('coffee.team.label') },
    checkbox('enabled', t('coffee.team.enabled'), s.enabled),
    field(
      t('coffee.team.cadence'),
      select('cadence', s.cadence, [
        ['weekly', t('coffee.team.weekly')],
        ['biweekly', t('coffee.team.biweekly')],
        ['monthly', t('coffee.team.monthly')],
      ]),
    ),
    field(
      t('coffee.team.day'),
      select(
        'weekday',
        s.weekday,
        WEEKDAY_NUMBERS.map((d) => [d, weekday(d)] as [number, string]),
      ),
    ),
    field(t('coffee.team.hour'), select('hour', s.hour, HOURS.slice(0, 24))),
    field(t('coffee.team.timeZone'), input('timeZone', s.timeZone, { spellcheck: false, dir: 'ltr' })),
    field(
      t('coffee.team.groupSize'),
      select('groupSize', s.groupSize, [
        [2, t('coffee.team.pairs')],
        [3, t('coffee.team.threes')],
      ]),
    ),
    field(
      t('coffee.team.length'),
      select(
        'meetingMinutes',
        s.meetingMinutes,
        ([15, 20, 30] as const).map((n) => [n, t('coffee.team.minutes', { n })] as [number, string]),
      ),
    ),
    field(t('coffee.team.language'), languageSelect('language', s.language), t('coffee.team.languageHelp')),
    checkbox('includeGuests', t('coffee.team.guests'), s.includeGuests),
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
      ...(languageOf(v.language) ? { language: languageOf(v.language) } : {}),
    };
    return view.act(() => coffee.saveSettings(settings), t('coffee.team.saved'));
  };
  return h(
    'details',
    { class: 'card', 'data-key': 'coffee-settings' },
    h('summary', {}, t('coffee.team.title')),
    form,
    h(
      'div',
      { class: 'actions' },
      button(t('coffee.team.save'), () => void save(), 'primary'),
    ),
  );
}
