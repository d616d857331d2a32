import { svg } from './chart';

/** The chart parts' colours: Fluent tokens of the Teams theme, so default and dark follow Teams. */
const CSS = `
.chart { width: 100%; height: auto; display: block; direction: ltr; color: var(--colorNeutralForeground1, #242424); }
.chart-grid { stroke: var(--colorNeutralStroke2, #e0e0e0); stroke-width: 1; }
.chart-tick { fill: var(--colorNeutralForeground3, #616161); font-size: 11px; font-family: inherit; }
.chart-too-few-box { fill: none; stroke: var(--colorNeutralStroke1, #d1d1d1); stroke-dasharray: 3 3; }
.chart-stroke { fill: none; stroke: var(--colorBrandBackground, #5b5fc7); stroke-width: 2.5; }
.chart-dot { fill: var(--colorBrandBackground, #5b5fc7); stroke: var(--colorNeutralBackground1, #fff); stroke-width: 1.5; }
.chart-part { stroke: var(--colorNeutralBackground1, #fff); stroke-width: 1; }
.part-a { fill: var(--colorBrandBackground, #5b5fc7); }
.part-b { fill: var(--colorPaletteLavenderBackground2, #d2ccf8); }
.mood-great { fill: var(--colorPaletteGreenBackground3, #107c10); }
.mood-good { fill: var(--colorPaletteLightGreenForeground1, #11910d); opacity: 0.7; }
.mood-okay { fill: var(--colorPaletteMarigoldBackground3, #eaa300); }
.mood-low { fill: var(--colorPaletteDarkOrangeBackground3, #da3b01); }
.mood-rough { fill: var(--colorPaletteRedBackground3, #d13438); }
[data-theme=contrast] .chart-part { stroke: var(--colorNeutralForeground1, #fff); }
[data-theme=contrast] .part-a, [data-theme=contrast] .mood-great { fill: url(#pulse-solid); }
[data-theme=contrast] .part-b, [data-theme=contrast] .mood-good { fill: url(#pulse-diagonal); opacity: 1; }
[data-theme=contrast] .mood-okay { fill: url(#pulse-dots); }
[data-theme=contrast] .mood-low { fill: url(#pulse-cross); }
[data-theme=contrast] .mood-rough { fill: url(#pulse-horizontal); }
.chart-legend { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; padding: 0; margin: 8px 0 0; }
.chart-legend li { display: flex; align-items: center; gap: 6px; }
.pulse-figure { margin: 16px 0; }
.pulse-figure table { border-collapse: collapse; width: 100%; margin-top: 8px; }
.pulse-figure th, .pulse-figure td { text-align: start; padding: 4px 8px; border-block-end: 1px solid var(--colorNeutralStroke2, #e0e0e0); }
.pulse-figure caption { text-align: start; font-weight: var(--fontWeightSemibold, 600); padding-block-end: 4px; }
.pulse-figure figcaption { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
`;

/** The patterns high contrast tells parts apart by, drawn in the foreground colour. */
function patterns(): SVGElement {
  const fg = 'var(--colorNeutralForeground1, #fff)';
  const pattern = (id: string, ...content: SVGElement[]) =>
    svg(
      'pattern',
      { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse' },
      svg('rect', { width: 6, height: 6, fill: 'var(--colorNeutralBackground1, #000)' }),
      ...content,
    );
  return svg(
    'svg',
    { width: 0, height: 0, 'aria-hidden': 'true', style: 'position:absolute' },
    svg(
      'defs',
      {},
      svg('pattern', { id: 'pulse-solid', width: 6, height: 6, patternUnits: 'userSpaceOnUse' }, svg('rect', { width: 6, height: 6, fill: fg })),
      pattern('pulse-diagonal', svg('path', { d: 'M0,6 L6,0', stroke: fg, 'stroke-width': 1.5 })),
      pattern('pulse-dots', svg('circle', { cx: 3, cy: 3, r: 1.3, fill: fg })),
      pattern('pulse-cross', svg('path', { d: 'M0,6 L6,0 M0,0 L6,6', stroke: fg, 'stroke-width': 1 })),
      pattern('pulse-horizontal', svg('path', { d: 'M0,3 L6,3', stroke: fg, 'stroke-width': 1.5 })),
    ),
  );
}

let installed = false;

/** Adds the charts' styles and patterns to the page once, when the first chart is drawn. */
export function installChartStyle(): void {
  if (installed) return;
  installed = true;
  const style = document.createElement('style');
  style.textContent = CSS;
  document.head.append(style);
  document.body.append(patterns());
}
