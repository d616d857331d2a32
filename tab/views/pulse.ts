// The pulse: how Hallway does for a team or a meeting series, as charts with a table of the same
// numbers, and each person's own moods and coffee. Loaded only when someone opens it (pulse-entry.ts).
// Every figure comes from the server, which sends none where too few people are behind it.
import type { MoodId } from '../../bot/domain/check-in/model';
import { chartFigure, TOO_FEW, type TableData } from '../lib/chart-table';
import { installChartStyle } from '../lib/chart-style';
import { legend, lineChart, stackedColumns, type Part } from '../lib/chart';
import { h } from '../lib/dom';
import { button, field, select } from '../lib/form';
import { meetingPulseApi, myPulseApi, teamPulseApi, type MyPulse, type SeriesPulse, type TeamPulse } from '../lib/pulse-api';
import { View } from '../lib/view';

/** Where the pulse was opened: a team or chat, or a meeting. */
export type PulsePlace = { kind: 'team'; teamId: string } | { kind: 'meeting'; meetingId: string; chatId: string };

const MOODS: { id: MoodId; label: string }[] = [
  { id: 'great', label: 'Great' },
  { id: 'good', label: 'Good' },
  { id: 'okay', label: 'Okay' },
  { id: 'low', label: 'Low' },
  { id: 'rough', label: 'Rough' },
];
// Labels only: the mood emoji are not in every font, and the table names the steps the same way.
const MOOD_PARTS: Part[] = MOODS.map((m) => ({ name: m.label, className: `mood-${m.id}` }));
const SCORE: Record<MoodId, number> = { great: 5, good: 4, okay: 3, low: 2, rough: 1 };
const MOOD_RANGE = { min: 1, max: 5 };

const shortDate = (iso: string) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const percent = (share: number) => `${Math.round(share * 100)}%`;
const moodName = (score: number) => MOODS[5 - Math.round(score)]?.label ?? '';

/** "3 Mar, 10 Mar: too few to show", for a chart's description. */
function tooFewSentence(labels: string[]): string {
  return labels.length === 0 ? 'Every point covers at least five people.' : `Too few people to show: ${labels.join(', ')}.`;
}

/** The pulse, for the place it was opened in: the team's or meeting's charts (organisers), and mine. */
export function pulseViews(place: PulsePlace): View<unknown>[] {
  installChartStyle();
  const shared = place.kind === 'team' ? teamView(place.teamId) : meetingView(place.meetingId, place.chatId);
  return [shared as View<unknown>, new View<MyPulse>('My pulse', myPulseApi.get, drawMine, 'pulse-mine') as View<unknown>];
}

function teamView(teamId: string): View<TeamPulse> {
  const pulse = teamPulseApi(teamId);
  let chosen: string | undefined;
  return new View<TeamPulse>(
    'Team pulse',
    () => pulse.get(chosen),
    (data, view) => {
      const rounds = data.coffee.rounds;
      const labels = rounds.map((r) => `R${r.round}`);
      const tooFew = rounds.filter((r) => r.kind === 'too-few').map((r) => `round ${r.round}`);
      const people = lineChart(
        {
          testId: 'chart-coffee-people',
          title: 'Coffee: people in each round',
          desc: `People in each of the last ${rounds.length} rounds. ${tooFewSentence(tooFew)}`,
        },
        rounds.map((r, i) => ({ label: labels[i]!, value: r.kind === 'shown' ? r.people : undefined })),
      );
      const metParts: Part[] = [
        { name: 'Groups that met', className: 'part-a' },
        { name: 'Groups that did not say they met', className: 'part-b' },
      ];
      const met = stackedColumns(
        { testId: 'chart-coffee-met', title: 'Coffee: groups that met', desc: `Groups per round, and how many said they met. ${tooFewSentence(tooFew)}` },
        metParts,
        rounds.map((r, i) => ({ label: labels[i]!, values: r.kind === 'shown' ? [r.met, r.groups - r.met] : undefined })),
      );
      const roundTable: TableData = {
        caption: 'Coffee rounds',
        headers: ['Round', 'Started', 'People', 'Groups', 'Groups that met', 'Share that met', 'First-time pairs'],
        rows: rounds.map((r) => [
          r.round,
          shortDate(r.startedAt),
          ...(r.kind === 'shown' ? [r.people, r.groups, r.met, percent(r.shareMet), r.firstTimePairs] : Array(5).fill(TOO_FEW)),
        ]),
      };
      const q = data.coffee.quarter;
      const quarter = h(
        'p',
        { 'data-testid': 'pulse-quarter' },
        q.kind === 'shown'
          ? `Since ${shortDate(q.from)}, ${q.metSomeoneNew} of ${q.people} members met someone new (${percent(q.share)}).`
          : `Since ${shortDate(q.from)}: too few members to show who met someone new.`,
      );
      const parts: HTMLElement[] = [
        chartFigure('pulse-coffee-people', 'Coffee participation', people, { ...roundTable, caption: 'People in each coffee round' }),
        chartFigure('pulse-coffee-met', 'Coffee groups that met', met, roundTable, legend(metParts)),
        quarter,
      ];
      if (data.break) {
        const b = data.break;
        const tooFewDates = b.occurrences.filter((o) => o.kind === 'too-few').map((o) => shortDate(o.date));
        const attendance = stackedColumns(
          {
            testId: 'chart-break-attendance',
            title: `Break attendance: ${b.title}`,
            desc: `People who said they were in, per occurrence. ${tooFewSentence(tooFewDates)}`,
          },
          [{ name: "I'm in", className: 'part-a' }],
          b.occurrences.map((o) => ({ label: shortDate(o.date), values: o.kind === 'shown' ? [o.people] : undefined })),
        );
        const choice =
          data.breaks.length > 1
            ? field(
                'Break',
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
          chartFigure('pulse-break', 'Break attendance and topics', attendance, {
            caption: `Occurrences of ${b.title}`,
            headers: ['Date', 'People in', 'Topics raised'],
            rows: b.occurrences.map((o) => [shortDate(o.date), ...(o.kind === 'shown' ? [o.people, o.topics] : [TOO_FEW, TOO_FEW])]),
          }),
        );
      }
      parts.push(
        h(
          'div',
          { class: 'actions' },
          button('Download as CSV', () => void view.act(async () => void (await pulse.csv(chosen)), 'Downloaded.')),
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
    'Check-in pulse',
    pulse.get,
    (data, view) => {
      const labels = data.occurrences.map((o) => shortDate(o.startedAt));
      const tooFew = data.occurrences.flatMap((o, i) => (o.kind === 'too-few' ? [labels[i]!] : []));
      const moodsTooFew = data.occurrences.flatMap((o, i) => (o.kind === 'too-few' || o.moods.kind === 'too-few' ? [labels[i]!] : []));
      const answerParts: Part[] = [
        { name: 'Checked in', className: 'part-a' },
        { name: 'Skipped', className: 'part-b' },
      ];
      const answers = stackedColumns(
        {
          testId: 'chart-series-answers',
          title: 'Check-ins: answers per meeting',
          desc: `People who checked in or skipped, per meeting (Hallway does not know who was invited). ${tooFewSentence(tooFew)}`,
        },
        answerParts,
        data.occurrences.map((o, i) => ({ label: labels[i]!, values: o.kind === 'shown' ? [o.checkedIn, o.skipped] : undefined })),
      );
      const moods = stackedColumns(
        {
          testId: 'chart-series-moods',
          title: 'Check-ins: moods shared',
          desc: `Moods shared with the meeting, stacked per meeting. ${tooFewSentence(moodsTooFew)}`,
        },
        MOOD_PARTS,
        data.occurrences.map((o, i) => ({
          label: labels[i]!,
          values: o.kind === 'shown' && o.moods.kind === 'shown' ? o.moods.steps.map((s) => s.count) : undefined,
        })),
      );
      const trend = data.trend.kind === 'shown' ? trendSentence(data.trend.slope) : 'Trend: too few meetings with moods to show one.';
      const average = lineChart(
        {
          testId: 'chart-series-average',
          title: 'Check-ins: average mood',
          desc: `The average shared mood per meeting, from 1 (Rough) to 5 (Great). ${trend}`,
        },
        data.occurrences.map((o, i) => ({ label: labels[i]!, value: o.kind === 'shown' && o.moods.kind === 'shown' ? o.moods.average : undefined })),
        (n) => n.toFixed(0),
        MOOD_RANGE,
      );
      const rows = data.occurrences.map((o, i) => [
        labels[i]!,
        ...(o.kind === 'shown'
          ? [o.people, o.checkedIn, o.skipped, ...(o.moods.kind === 'shown' ? [...o.moods.steps.map((s) => s.count), o.moods.average] : Array(6).fill(TOO_FEW))]
          : Array(9).fill(TOO_FEW)),
      ]);
      const table: TableData = {
        caption: data.title ? `Check-ins of ${data.title}` : 'Check-ins of this meeting',
        headers: ['Meeting', 'Responded', 'Checked in', 'Skipped', ...MOODS.map((m) => m.label), 'Average mood'],
        rows,
      };
      return h(
        'div',
        {},
        chartFigure('pulse-series-answers', 'Answers', answers, table, legend(answerParts)),
        chartFigure('pulse-series-moods', 'Moods', moods, table, legend(MOOD_PARTS)),
        chartFigure('pulse-series-average', 'Average mood', average, table),
        h('p', { 'data-testid': 'pulse-trend' }, trend),
        h(
          'div',
          { class: 'actions' },
          button('Download as CSV', () => void view.act(async () => void (await pulse.csv()), 'Downloaded.')),
        ),
      );
    },
    'pulse-series',
  );
}

function trendSentence(slope: number): string {
  if (slope === 0) return 'Trend: steady.';
  return `Trend: ${slope > 0 ? 'rising' : 'falling'} by ${Math.abs(slope).toFixed(2)} points per meeting (least-squares slope).`;
}

function drawMine(data: MyPulse): HTMLElement {
  const labels = data.moods.map((m) => shortDate(m.at));
  const chart = lineChart(
    { testId: 'chart-my-moods', title: 'My moods', desc: `Your last ${data.moods.length} check-ins, from 1 (Rough) to 5 (Great). Only you see this.` },
    data.moods.map((m, i) => ({ label: data.moods.length > 14 && i % 2 === 1 ? '' : labels[i]!, value: SCORE[m.mood] })),
    (n) => moodName(n),
    MOOD_RANGE,
  );
  const moods = chartFigure('pulse-my-moods', 'My moods over time', chart, {
    caption: 'My check-ins',
    headers: ['Date', 'Mood'],
    rows: data.moods.map((m, i) => [labels[i]!, MOODS.find((x) => x.id === m.mood)?.label ?? m.mood]),
  });
  const coffee =
    data.coffee.length === 0
      ? h('p', { class: 'muted' }, 'No coffee rounds yet.')
      : h(
          'table',
          { 'data-testid': 'pulse-my-coffee' },
          h('caption', {}, 'Who I met for coffee'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Team'), h('th', { scope: 'col' }, 'Matched with'))),
          h(
            'tbody',
            {},
            ...data.coffee.map((c) =>
              h('tr', {}, h('th', { scope: 'row' }, shortDate(c.startedAt)), h('td', {}, c.team ?? ''), h('td', {}, c.partners.join(', '))),
            ),
          ),
        );
  return h(
    'div',
    {},
    h('p', { class: 'muted' }, 'Only you see this part.'),
    data.moods.length === 0 ? h('p', { class: 'muted' }, 'No check-ins yet.') : moods,
    h('div', { class: 'pulse-figure' }, coffee),
  );
}
