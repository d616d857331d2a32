/**
 * Draws Hallway's two app icons (a coffee mug with steam) and writes them as PNG:
 *   color.png   192x192, full colour on Hallway's coral
 *   outline.png  32x32, white on transparent, as Teams requires
 * Run with `npm run icons` after changing the drawing; the PNGs are committed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

type Shape = (x: number, y: number) => boolean;

function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

/** The mug, in a unit square; `stroke` thickens the steam for small sizes. */
function mug(stroke: number): Shape {
  const body = roundedRect(0.24, 0.4, 0.64, 0.8, 0.08);
  const rim = roundedRect(0.22, 0.37, 0.66, 0.43, 0.02);
  const handle: Shape = (x, y) => {
    const d = Math.hypot(x - 0.64, y - 0.58);
    return x > 0.6 && d <= 0.125 && d >= 0.125 - stroke * 1.6;
  };
  const saucer = roundedRect(0.16, 0.83, 0.78, 0.88, 0.025);
  const steam: Shape = (x, y) => {
    if (y < 0.12 || y > 0.32) return false;
    return [0.34, 0.44, 0.54].some((x0) => Math.abs(x - (x0 + 0.025 * Math.sin((y - 0.12) * Math.PI * 10))) <= stroke);
  };
  return (x, y) => body(x, y) || rim(x, y) || handle(x, y) || saucer(x, y) || steam(x, y);
}

/** Fraction of a pixel covered by the shape (4x4 supersampling, for smooth edges). */
function coverage(shape: Shape, px: number, py: number, size: number): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (shape((px + (i + 0.5) / 4) / size, (py + (j + 0.5) / 4) / size)) hits++;
  return hits / 16;
}

function draw(size: number, paint: (png: PNG, offset: number, covered: number, x: number, y: number) => void): PNG {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const shape = mug(size <= 32 ? 0.035 : 0.02);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) paint(png, (y * size + x) * 4, coverage(shape, x, y, size), x, y);
  }
  return png;
}

const CORAL = [0xe8, 0x6a, 0x4c];
const AMBER = [0xf2, 0xa5, 0x3a];

export function drawColor(): PNG {
  const size = 192;
  return draw(size, (png, o, covered, x, y) => {
    const t = (x + y) / (2 * size);
    const bg = CORAL.map((c, i) => Math.round(c + (AMBER[i]! - c) * t));
    for (let i = 0; i < 3; i++) png.data[o + i] = Math.round(bg[i]! + (255 - bg[i]!) * covered);
    png.data[o + 3] = 255;
  });
}

export function drawOutline(): PNG {
  return draw(32, (png, o, covered) => {
    png.data[o] = png.data[o + 1] = png.data[o + 2] = 255;
    png.data[o + 3] = Math.round(255 * covered);
  });
}

if (require.main === module) {
  writeFileSync(join(__dirname, 'color.png'), PNG.sync.write(drawColor()));
  writeFileSync(join(__dirname, 'outline.png'), PNG.sync.write(drawOutline()));
  console.log('wrote appPackage/color.png and appPackage/outline.png');
}
