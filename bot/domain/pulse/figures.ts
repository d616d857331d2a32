import { MIN_PEOPLE_FOR_STATS } from '../aggregates';

/** A point that covers fewer than five people: it carries no figure at all, not even how many. */
export type TooFew = { kind: 'too-few' };

/** A point with its figures, and how many distinct people they cover (always at least five). */
export type Shown<T> = { kind: 'shown'; people: number } & T;

export type Point<T> = TooFew | Shown<T>;

/**
 * The five-person floor, applied before anything is computed: `figures` runs only when `people`
 * distinct people are covered, so a smaller point never has a figure to leak.
 */
export function atLeastFive<T>(people: number, figures: () => T): Point<T> {
  return people >= MIN_PEOPLE_FOR_STATS ? { kind: 'shown', people, ...figures() } : { kind: 'too-few' };
}

/**
 * The trend of a series of values: the least-squares slope of value against position (0, 1, 2...),
 * in units per step; undefined for fewer than two values.
 */
export function leastSquaresSlope(values: { x: number; y: number }[]): number | undefined {
  if (values.length < 2) return undefined;
  const n = values.length;
  const mx = values.reduce((s, v) => s + v.x, 0) / n;
  const my = values.reduce((s, v) => s + v.y, 0) / n;
  const sxx = values.reduce((s, v) => s + (v.x - mx) ** 2, 0);
  if (sxx === 0) return undefined;
  return values.reduce((s, v) => s + (v.x - mx) * (v.y - my), 0) / sxx;
}

/** Rounds a figure for display and for the CSV alike: two decimals. */
export const round2 = (n: number): number => Math.round(n * 100) / 100;
