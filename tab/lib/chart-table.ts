import { h, live } from './dom';
import { button } from './form';
import { number, t } from './i18n';

/** What a table cell says where too few people are behind a point. */
export const tooFew = (): string => t('chart.tooFew');

export type TableData = { caption: string; headers: string[]; rows: (string | number)[][] };

/**
 * A chart with a table of the same numbers, and a button that switches between them (a button:
 * reachable by keyboard, and its state announced). Screen readers get the chart's title and
 * description either way.
 */
export function chartFigure(testId: string, heading: string, chart: Element, table: TableData, extra?: HTMLElement): HTMLElement {
  const tableElement = h(
    'table',
    { 'data-testid': `${testId}-table`, hidden: true },
    h('caption', {}, table.caption),
    h('thead', {}, h('tr', {}, ...table.headers.map((x) => h('th', { scope: 'col' }, x)))),
    h(
      'tbody',
      {},
      ...table.rows.map((row) =>
        h('tr', {}, ...row.map((cell, i) => h(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row' } : {}, typeof cell === 'number' ? number(cell) : cell))),
      ),
    ),
  );
  const chartBox = h('div', { class: 'pulse-chart' });
  chartBox.append(chart);
  if (extra) chartBox.append(extra);
  let asTable = false;
  const toggle = button(
    t('chart.asTable'),
    () => {
      // The elements on the page: a redraw merges a newer drawing into them.
      asTable = !asTable;
      live(chartBox).hidden = asTable;
      live(tableElement).hidden = !asTable;
      live(toggle).textContent = asTable ? t('chart.asChart') : t('chart.asTable');
      live(toggle).setAttribute('aria-pressed', String(asTable));
    },
    'subtle',
    { 'aria-pressed': 'false', 'data-testid': `${testId}-toggle` },
  );
  return h('figure', { class: 'pulse-figure', 'data-testid': `${testId}-figure` }, h('figcaption', {}, h('h3', {}, heading), toggle), chartBox, tableElement);
}
