// Charts as hand-written SVG: each is an <svg role="img"> with a <title> and a <desc> that says
// what it shows, and comes with a table of the same numbers (chart-table.ts). Colours are the
// Fluent tokens of the Teams theme; in high contrast, where every colour is the same, stacked
// parts are told apart by patterns (chart-style.ts).
import { t } from './i18n';

const NS = 'http://www.w3.org/2000/svg';
type SvgAttrs = Record<string, string | number | undefined>;

/** An SVG element; text is always a text node. */
export function svg(tag: string, attrs: SvgAttrs = {}, ...children: (Node | string | undefined)[]): SVGElement {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) element.setAttribute(name, String(value));
  for (const child of children) if (child !== undefined) element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return element;
}

/** One column of a chart: its label, and its parts' values, or nothing when too few people are behind it. */
export type Column = { label: string; values?: number[] };
/** A part of each column (a mood step, "checked in"...): its name for the legend and its style class. */
export type Part = { name: string; className: string };

export type ChartText = { title: string; desc: string; testId: string };

const WIDTH = 600;
const HEIGHT = 220;
const PAD = { top: 12, right: 12, bottom: 36, left: 44 };
const plotWidth = WIDTH - PAD.left - PAD.right;
const plotHeight = HEIGHT - PAD.top - PAD.bottom;

/** A step of the value axis that gives at most five round ticks. */
function niceMax(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  // Counts of people: whole-number ticks.
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw);
  return { top: Math.ceil(max / step) * step, step };
}

function frame(text: ChartText, ...content: SVGElement[]): SVGElement {
  const id = `chart-${text.testId}`;
  return svg(
    'svg',
    {
      role: 'img',
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      class: 'chart',
      'aria-labelledby': `${id}-title ${id}-desc`,
      'data-testid': text.testId,
      preserveAspectRatio: 'xMidYMid meet',
    },
    svg('title', { id: `${id}-title` }, text.title),
    svg('desc', { id: `${id}-desc` }, text.desc),
    ...content,
  );
}

function axes(min: number, top: number, step: number, format: (n: number) => string, labels: string[]): SVGElement {
  const g = svg('g', { class: 'chart-axes', 'aria-hidden': 'true' });
  for (let v = min; v <= top + step / 2; v += step) {
    const y = PAD.top + plotHeight - ((v - min) / (top - min)) * plotHeight;
    g.append(svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y, class: 'chart-grid' }));
    g.append(svg('text', { x: PAD.left - 6, y: y + 4, 'text-anchor': 'end', class: 'chart-tick' }, format(v)));
  }
  const band = plotWidth / Math.max(1, labels.length);
  labels.forEach((label, i) => {
    g.append(svg('text', { x: PAD.left + band * (i + 0.5), y: HEIGHT - PAD.bottom + 16, 'text-anchor': 'middle', class: 'chart-tick' }, label));
  });
  return g;
}

/** A placeholder where a column is too small to show: an outline and a dash, no height that means anything. */
function tooFewMark(x: number, width: number): SVGElement {
  return svg(
    'g',
    { class: 'chart-too-few' },
    svg('rect', { x, y: PAD.top, width, height: plotHeight, class: 'chart-too-few-box' }),
    svg(
      'text',
      {
        x: x + width / 2,
        y: PAD.top + plotHeight / 2,
        'text-anchor': 'middle',
        class: 'chart-tick',
        transform: `rotate(-90 ${x + width / 2} ${PAD.top + plotHeight / 2})`,
      },
      t('chart.tooFewMark'),
    ),
  );
}

/** Columns of stacked parts (one part makes plain bars); the value axis starts at zero. */
export function stackedColumns(text: ChartText, parts: Part[], columns: Column[], format: (n: number) => string = String, fixedTop?: number): SVGElement {
  const totals = columns.map((c) => (c.values ?? []).reduce((s, v) => s + v, 0));
  const { top, step } = fixedTop ? { top: fixedTop, step: fixedTop / 4 } : niceMax(Math.max(0, ...totals));
  const band = plotWidth / Math.max(1, columns.length);
  const barWidth = Math.min(36, band * 0.6);
  const bars = svg('g', { class: 'chart-bars', 'aria-hidden': 'true' });
  columns.forEach((column, i) => {
    const x = PAD.left + band * i + (band - barWidth) / 2;
    if (!column.values) {
      bars.append(tooFewMark(x, barWidth));
      return;
    }
    let base = 0;
    column.values.forEach((value, p) => {
      if (value <= 0) return;
      const h = (value / top) * plotHeight;
      const y = PAD.top + plotHeight - ((base + value) / top) * plotHeight;
      bars.append(
        svg(
          'rect',
          { x, y, width: barWidth, height: h, class: `chart-part ${parts[p]!.className}` },
          svg('title', {}, t('chart.partValue', { label: column.label, part: parts[p]!.name, value: format(value) })),
        ),
      );
      base += value;
    });
  });
  return frame(
    text,
    axes(
      0,
      top,
      step,
      format,
      columns.map((c) => c.label),
    ),
    bars,
  );
}

/** One line through the columns that have a value; gaps where too few people are behind a point. */
export function lineChart(
  text: ChartText,
  columns: { label: string; value?: number }[],
  format: (n: number) => string = String,
  range?: { min: number; max: number },
): SVGElement {
  const values = columns.flatMap((c) => (c.value === undefined ? [] : [c.value]));
  const { top, step } = range ? { top: range.max, step: (range.max - range.min) / 4 } : niceMax(Math.max(0, ...values));
  const min = range?.min ?? 0;
  const band = plotWidth / Math.max(1, columns.length);
  const xOf = (i: number) => PAD.left + band * (i + 0.5);
  const yOf = (v: number) => PAD.top + plotHeight - ((v - min) / (top - min)) * plotHeight;
  const g = svg('g', { class: 'chart-line', 'aria-hidden': 'true' });
  let path = '';
  let pen = false;
  columns.forEach((c, i) => {
    if (c.value === undefined) {
      pen = false;
      g.append(tooFewMark(xOf(i) - 6, 12));
      return;
    }
    path += `${pen ? 'L' : 'M'}${xOf(i).toFixed(1)},${yOf(c.value).toFixed(1)} `;
    pen = true;
    g.append(
      svg('circle', { cx: xOf(i), cy: yOf(c.value), r: 4, class: 'chart-dot' }, svg('title', {}, t('chart.value', { label: c.label, value: format(c.value) }))),
    );
  });
  g.prepend(svg('path', { d: path.trim(), class: 'chart-stroke' }));
  return frame(
    text,
    axes(
      min,
      top,
      step,
      format,
      columns.map((c) => c.label),
    ),
    g,
  );
}

/** The legend of a stacked chart, as text (the colours and patterns are only a help). */
export function legend(parts: Part[]): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'chart-legend';
  for (const part of parts) {
    const item = document.createElement('li');
    const swatch = svg('svg', { width: 12, height: 12, 'aria-hidden': 'true' }, svg('rect', { width: 12, height: 12, class: `chart-part ${part.className}` }));
    item.append(swatch, document.createTextNode(part.name));
    list.append(item);
  }
  return list;
}
