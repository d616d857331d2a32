import { MOODS } from '../domain/check-in/model';
import type { Point } from '../domain/pulse/figures';
import type { SeriesPulse } from '../domain/pulse/series';
import type { CoffeePulse } from '../domain/pulse/coffee';
import type { BreakPulse } from '../domain/pulse/breaks';

/** What a cell of a point too small to show says, in place of any figure. */
export const TOO_FEW_CELL = 'too few to show';

type Cell = string | number | undefined;

/**
 * One CSV cell, always quoted. A text cell a spreadsheet would read as a formula (starting with = + - @,
 * a tab or a carriage return) gets a leading apostrophe, so a title someone typed never runs as one.
 */
export function csvCell(value: Cell): string {
  const text = value === undefined ? '' : String(value);
  // Figures are Hallway's own numbers (a falling trend is negative); only text is guarded.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

const line = (cells: Cell[]): string => cells.map(csvCell).join(',');

/** The figures of a point, or the too-few text in each of its columns. */
function cells<T>(point: Point<T>, pick: (shown: T & { people: number }) => Cell[], columns: number): Cell[] {
  return point.kind === 'shown' ? pick(point) : Array.from({ length: columns }, () => TOO_FEW_CELL);
}

/** A meeting series' check-ins, one row per occurrence. */
export function seriesCsv(pulse: SeriesPulse): string {
  const rows = [
    line(['occurrence', 'responded', 'checked in', 'skipped', ...MOODS.map((m) => `${m.label} (shared)`), 'average mood (1-5)']),
    ...pulse.occurrences.map((o) =>
      line([
        o.startedAt,
        ...cells(
          o,
          (s) => [s.people, s.checkedIn, s.skipped, ...cells(s.moods, (m) => [...m.steps.map((x) => x.count), m.average], MOODS.length + 1)],
          4 + MOODS.length,
        ),
      ]),
    ),
    line(['trend of the average mood per occurrence', ...cells(pulse.trend, (t) => [t.slope], 1)]),
  ];
  return `${rows.join('\r\n')}\r\n`;
}

/** Coffee's rounds, the quarter, and the chosen break's occurrences, as sections one after another. */
export function teamCsv(coffee: CoffeePulse, brk: BreakPulse | undefined): string {
  const rows = [
    line(['coffee round', 'started', 'people', 'groups', 'groups that met', 'share that met', 'first-time pairs']),
    ...coffee.rounds.map((r) => line([r.round, r.startedAt, ...cells(r, (s) => [s.people, s.groups, s.met, s.shareMet, s.firstTimePairs], 5)])),
    '',
    line(['quarter from', 'members', 'met someone new', 'share']),
    line([coffee.quarter.from, ...cells(coffee.quarter, (s) => [s.people, s.metSomeoneNew, s.share], 3)]),
  ];
  if (brk) {
    rows.push('', line(['break', 'date', 'people in', 'topics']));
    for (const o of brk.occurrences) rows.push(line([brk.title, o.date, ...cells(o, (s) => [s.people, s.topics], 2)]));
  }
  return `${rows.join('\r\n')}\r\n`;
}
