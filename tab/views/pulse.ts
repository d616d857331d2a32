// The pulse: how Hallway does for a team or a meeting series, as charts with a table of the same
// numbers, and each person's own moods and coffee. Loaded only when someone opens it (pulse-entry.ts).
// Every figure comes from the server, which sends none where too few people are behind it.
import type { MoodId } from '../../bot/domain/check-in/model';
import { chartFigure, tooFew as tooFewCell, type TableData } from '../lib/chart-table';
import { installChartStyle } from '../lib/chart-style';
import { legend, lineChart, stackedColumns, type Part } from '../lib/chart';
import { h } from '../lib/dom';
import { percent, shortDate } from '../lib/format';
import { button, field, select } from '../lib/form';
import { list, number, t } from '../lib/i18n';
import { MOOD_IDS, moodLabel } from '../lib/moods';
import { meetingPulseApi, myPulseApi, teamPulseApi, type MyPulse, type SeriesPulse, type TeamPulse } from '../lib/pulse-api';
import { View } from '../lib/view';

/** Where the pulse was opened: a team or chat, or a meeting. */
export type PulsePlace = { kind: 'team'; teamId: string } | { kind: 'meeting'; meetingId: string; chatId: string };

// Labels only: the mood emoji are not in every font, and the table names the steps the same way.
const moodParts = (): Part[] => MOOD_IDS.map((id) => ({ name: moodLabel(id), className: `mood-${id}` }));
const SCORE: Record<MoodId, number> = { great: 5, good: 4, okay: 3, low: 2, rough: 1 };
const MOOD_RANGE = { min: 1, max: 5 };

const moodName = (score: number) => {
  const id = MOOD_IDS[5 - Math.round(score)];
  return id ? moodLabel(id) : '';
};

/** "3 Mar, 10 Mar: too few to show", for a chart's description. */
function tooFewSentence(labels: string[]): string {
  return labels.length === 0 ? t('pulse.allShown') : t('pulse.tooFew', { labels: list(labels) });
}

/** The pulse, for the place it was opened in: the team's or meeting's charts (organisers), and mine. */
export function pulseViews(place: PulsePlace): View<unknown>[] {
  installChartStyle();
  const shared = place.kind === 'team' ? teamView(place.teamId) : meetingView(place.meetingId, place.chatId);
  return [shared as View<unknown>, new View<MyPulse>(t('pulse.mine.title'), myPulseApi.get, drawMine, 'pulse-mine') as View<unknown>];
}

function teamView(teamId: string): View<TeamPulse> {
  const pulse = teamPulseApi(teamId);
  let chosen: string | undefined;
  return new View<TeamPulse>(
    t('pulse.team.title'),
    () => pulse.get(chosen),
    (data, view) => {
      const rounds = data.coffee.rounds;
      const labels = rounds.map((r) => t('pulse.roundShort', { round: r.round }));
      const tooFew = rounds.filter((r) => r.kind === 'too-few').map((r) => t('pulse.roundName', { round: r.round }));
      const people = lineChart(
        {
          testId: 'chart-coffee-people',
          title: t('pulse.coffee.people.title'),
          desc: t('pulse.coffee.people.desc', { n: rounds.length, tooFew: tooFewSentence(tooFew) }),
        },
        rounds.map((r, i) => ({ label: labels[i]!, value: r.kind === 'shown' ? r.people : undefined })),
      );
      const metParts: Part[] = [
        { name: t('pulse.coffee.met.part'), className: 'part-a' },
        { name: t('pulse.coffee.notMet.part'), className: 'part-b' },
      ];
      const met = stackedColumns(
        { testId: 'chart-coffee-met', title: t('pulse.coffee.met.title'), desc: t('pulse.coffee.met.desc', { tooFew: tooFewSentence(tooFew) }) },
        metParts,
        rounds.map((r, i) => ({ label: labels[i]!, values: r.kind === 'shown' ? [r.met, r.groups - r.met] : undefined })),
      );
      const roundTable: TableData = {
        caption: t('pulse.rounds.caption'),
        headers: [
          t('pulse.rounds.round'),
          t('pulse.rounds.started'),
          t('pulse.rounds.people'),
          t('pulse.rounds.groups'),
          t('pulse.coffee.met.part'),
          t('pulse.rounds.share'),
          t('pulse.rounds.firstTime'),
        ],
        rows: rounds.map((r) => [
          r.round,
          shortDate(r.startedAt),
          ...(r.kind === 'shown' ? [r.people, r.groups, r.met, percent(r.shareMet), r.firstTimePairs] : Array(5).fill(tooFewCell())),
        ]),
      };
      const q = data.coffee.quarter;
      const quarter = h(
        'p',
        { 'data-testid': 'pulse-quarter' },
        q.kind === 'shown'
          ? t('pulse.quarter', { since: shortDate(q.from), met: q.metSomeoneNew, people: q.people, share: percent(q.share) })
          : t('pulse.quarter.tooFew', { since: shortDate(q.from) }),
      );
      const parts: HTMLElement[] = [
        chartFigure('pulse-coffee-people', t('pulse.coffee.people.heading'), people, { ...roundTable, caption: t('pulse.coffee.people.caption') }),
        chartFigure('pulse-coffee-met', t('pulse.coffee.met.heading'), met, roundTable, legend(metParts)),
        quarter,
      ];
      if (data.break) {
        const b = data.break;
        const tooFewDates = b.occurrences.filter((o) => o.kind === 'too-few').map((o) => shortDate(o.date));
        const attendance = stackedColumns(
          {
            testId: 'chart-break-attendance',
            title: t('pulse.break.title', { title: b.title }),
            desc: t('pulse.break.desc', { tooFew: tooFewSentence(tooFewDates) }),
          },
          [{ name: t('pulse.break.in'), className: 'part-a' }],
          b.occurrences.map((o) => ({ label: shortDate(o.date), values: o.kind === 'shown' ? [o.people] : undefined })),
        );
        const choice =
          data.breaks.length > 1
            ? field(
                t('pulse.break.choose'),
                Object.assign(
                  select(
                    'break',
                    b.breakId,
                    data.breaks.map((x) => [x.id, x.title] as [string, string]),
                  ),
                  {
                    onchange: (event: Event) => {
                      chosen = (event.target as HTMLSelectElement).value;
                      void view.act(() => pulse.get(chosen));
                    },
                  },
                ),
              )
            : undefined;
        parts.push(
          ...(choice ? [choice] : []),
          chartFigure('pulse-break', t('pulse.break.heading'), attendance, {
            caption: t('pulse.break.caption', { title: b.title }),
            headers: [t('pulse.table.date'), t('pulse.break.peopleIn'), t('pulse.break.topics')],
            rows: b.occurrences.map((o) => [shortDate(o.date), ...(o.kind === 'shown' ? [o.people, o.topics] : [tooFewCell(), tooFewCell()])]),
          }),
        );
      }
      parts.push(
        h(
          'div',
          { class: 'actions' },
          button(t('pulse.csv'), () => void view.act(async () => void (await pulse.csv(chosen)), t('pulse.csv.done'))),
        ),
      );
      return h('div', {}, ...parts);
    },
    'pulse-team',
  );
}

function meetingView(meetingId: string, chatId: string): View<SeriesPulse> {
  const pulse = meetingPulseApi(meetingId, chatId);
  return new View<SeriesPulse>(
    t('pulse.series.title'),
    pulse.get,
    (data, view) => {
      const labels = data.occurrences.map((o) => shortDate(o.startedAt));
      const tooFew = data.occurrences.flatMap((o, i) => (o.kind === 'too-few' ? [labels[i]!] : []));
      const moodsTooFew = data.occurrences.flatMap((o, i) => (o.kind === 'too-few' || o.moods.kind === 'too-few' ? [labels[i]!] : []));
      const answerParts: Part[] = [
        { name: t('pulse.series.checkedIn'), className: 'part-a' },
        { name: t('pulse.series.skipped'), className: 'part-b' },
      ];
      const answers = stackedColumns(
        {
          testId: 'chart-series-answers',
          title: t('pulse.series.answers.title'),
          desc: t('pulse.series.answers.desc', { tooFew: tooFewSentence(tooFew) }),
        },
        answerParts,
        data.occurrences.map((o, i) => ({ label: labels[i]!, values: o.kind === 'shown' ? [o.checkedIn, o.skipped] : undefined })),
      );
      const moods = stackedColumns(
        {
          testId: 'chart-series-moods',
          title: t('pulse.series.moods.title'),
          desc: t('pulse.series.moods.desc', { tooFew: tooFewSentence(moodsTooFew) }),
        },
        moodParts(),
        data.occurrences.map((o, i) => ({
          label: labels[i]!,
          values: o.kind === 'shown' && o.moods.kind === 'shown' ? o.moods.steps.map((s) => s.count) : undefined,
        })),
      );
      const trend = data.trend.kind === 'shown' ? trendSentence(data.trend.slope) : t('pulse.trend.tooFew');
      const average = lineChart(
        {
          testId: 'chart-series-average',
          title: t('pulse.series.average.title'),
          desc: t('pulse.series.average.desc', { trend }),
        },
        data.occurrences.map((o, i) => ({ label: labels[i]!, value: o.kind === 'shown' && o.moods.kind === 'shown' ? o.moods.average : undefined })),
        (n) => number(Math.round(n)),
        MOOD_RANGE,
      );
      const rows = data.occurrences.map((o, i) => [
        labels[i]!,
        ...(o.kind === 'shown'
          ? [
              o.people,
              o.checkedIn,
              o.skipped,
              ...(o.moods.kind === 'shown' ? [...o.moods.steps.map((s) => s.count), o.moods.average] : Array(6).fill(tooFewCell())),
            ]
          : Array(9).fill(tooFewCell())),
      ]);
      const table: TableData = {
        caption: data.title ? t('pulse.series.caption', { title: data.title }) : t('pulse.series.captionThis'),
        headers: [
          t('pulse.series.meeting'),
          t('pulse.series.responded'),
          t('pulse.series.checkedIn'),
          t('pulse.series.skipped'),
          ...MOOD_IDS.map(moodLabel),
          t('pulse.series.average'),
        ],
        rows,
      };
      return h(
        'div',
        {},
        chartFigure('pulse-series-answers', t('pulse.series.answers'), answers, table, legend(answerParts)),
        chartFigure('pulse-series-moods', t('pulse.series.moods'), moods, table, legend(moodParts())),
        chartFigure('pulse-series-average', t('pulse.series.average'), average, table),
        h('p', { 'data-testid': 'pulse-trend' }, trend),
        h(
          'div',
          { class: 'actions' },
          button(t('pulse.csv'), () => void view.act(async () => void (await pulse.csv()), t('pulse.csv.done'))),
        ),
      );
    },
    'pulse-series',
  );
}

function trendSentence(slope: number): string {
  if (slope === 0) return t('pulse.trend.steady');
  return t(slope > 0 ? 'pulse.trend.rising' : 'pulse.trend.falling', { by: number(Math.round(Math.abs(slope) * 100) / 100) });
}

function drawMine(data: MyPulse): HTMLElement {
  const labels = data.moods.map((m) => shortDate(m.at));
  const chart = lineChart(
    { testId: 'chart-my-moods', title: t('pulse.mine.moods'), desc: t('pulse.mine.moods.desc', { n: data.moods.length }) },
    data.moods.map((m, i) => ({ label: data.moods.length > 14 && i % 2 === 1 ? '' : labels[i]!, value: SCORE[m.mood] })),
    (n) => moodName(n),
    MOOD_RANGE,
  );
  const moods = chartFigure('pulse-my-moods', t('pulse.mine.moods.heading'), chart, {
    caption: t('pulse.mine.caption'),
    headers: [t('pulse.table.date'), t('pulse.mine.mood')],
    rows: data.moods.map((m, i) => [labels[i]!, MOOD_IDS.includes(m.mood) ? moodLabel(m.mood) : m.mood]),
  });
  const coffee =
    data.coffee.length === 0
      ? h('p', { class: 'muted' }, t('pulse.mine.noCoffee'))
      : h(
          'table',
          { 'data-testid': 'pulse-my-coffee' },
          h('caption', {}, t('pulse.mine.coffee')),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, t('pulse.table.date')),
              h('th', { scope: 'col' }, t('pulse.mine.team')),
              h('th', { scope: 'col' }, t('pulse.mine.with')),
            ),
          ),
          h(
            'tbody',
            {},
            ...data.coffee.map((c) => h('tr', {}, h('th', { scope: 'row' }, shortDate(c.startedAt)), h('td', {}, c.team ?? ''), h('td', {}, list(c.partners)))),
          ),
        );
  return h(
    'div',
    {},
    h('p', { class: 'muted' }, t('pulse.mine.onlyYou')),
    data.moods.length === 0 ? h('p', { class: 'muted' }, t('pulse.mine.none')) : moods,
    h('div', { class: 'pulse-figure' }, coffee),
  );
}
