import type { Random } from '../clock';
import { shuffle } from '../matching/seeded';
import type { SeatingDay } from './model';

/**
 * The social plan: lunch tables and afternoon coffee walks for each day, mixing the people who have
 * met least. Pure: who is coming, who met whom and the random source are given.
 *
 * Tables aim at five (four to six), so there are about n/5 of them. On a day after the first, the
 * people of each earlier table are dealt across the new tables before anything else; with t tables
 * a table of s people then puts at most ceil(s/t) of them together again, the least the numbers
 * allow, and the search that follows never trades a repeat for anything else. So a table of at most
 * t people is never seated together twice, and of at most 2t people leaves everyone at most one
 * repeated mate. Walks are pairs (one trio when the count is odd), preferring someone the person
 * did not just lunch with.
 */

/** How often two people met before these days (coffee rounds, earlier days together). */
export class PairCounts {
  /** Each pair under its smaller id, then the larger: two lookups, no key strings to build. */
  private readonly counts = new Map<string, Map<string, number>>();

  add(a: string, b: string, times = 1): void {
    if (a === b) return;
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const row = this.counts.get(lo) ?? new Map<string, number>();
    row.set(hi, (row.get(hi) ?? 0) + times);
    this.counts.set(lo, row);
  }

  get(a: string, b: string): number {
    return (a < b ? this.counts.get(a)?.get(b) : this.counts.get(b)?.get(a)) ?? 0;
  }

  /** Every pair within each group counts once. */
  addGroups(groups: string[][]): void {
    for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) this.add(g[i]!, g[j]!);
  }
}

export const TABLE_MIN = 4;
export const TABLE_MAX = 6;
const TABLE_TARGET = 5;

/**
 * Table sizes for n people: as close to five as possible, each 4 to 6, differing by one at most.
 * Fewer than 4 sit at one table; 7 cannot be split within 4 to 6 and sit as 4 and 3.
 */
export function tableSizes(n: number): number[] {
  if (n <= 0) return [];
  if (n < TABLE_MIN) return [n];
  if (n === 7) return [4, 3];
  let t = Math.max(1, Math.round(n / TABLE_TARGET));
  while (n > t * TABLE_MAX) t++;
  while (t > 1 && n < t * TABLE_MIN) t--;
  return balanced(n, t);
}

/** Pairs for the walks, one trio when the count is odd; a lone person walks alone. */
export function walkSizes(n: number): number[] {
  if (n <= 0) return [];
  if (n < 4) return [n];
  return balanced(n, Math.floor(n / 2));
}

const balanced = (n: number, groups: number) => Array.from({ length: groups }, (_, i) => Math.floor(n / groups) + (i < n % groups ? 1 : 0));

/** What a pair costs at one table: having met before is a little, having sat together in these days is a lot. */
const HISTORY_CAP = 10;
const REPEAT = 1000;
/** A walk with someone from today's lunch table: avoided where another partner is possible. */
const SAME_DAY = 50;

export type SeatingInput = {
  /** Each day's date and the Teams user ids of who is coming, in the order they said so. */
  days: { date: string; coming: string[] }[];
  history: PairCounts;
  random: Random;
};

/** Draws every day's tables and walks. The team photo is on the day most people come (the first of equals). */
export function drawSeating(input: SeatingInput): SeatingDay[] {
  const together = new PairCounts(); // tables shared in these days so far
  const walked = new PairCounts();
  let earlier: string[][] | undefined;
  const busiest = input.days.reduce((best, d, i) => (d.coming.length > input.days[best]!.coming.length ? i : best), 0);
  return input.days.map((day, i) => {
    const people = [...new Set(day.coming)];
    const tableCost = (a: string, b: string) => Math.min(input.history.get(a, b), HISTORY_CAP) + REPEAT * together.get(a, b);
    const tables = improve(dealt(people, tableSizes(people.length), earlier, input.random), tableCost, input.random);
    const lunch = new PairCounts();
    lunch.addGroups(tables);
    const walkCost = (a: string, b: string) =>
      Math.min(input.history.get(a, b), HISTORY_CAP) + REPEAT * walked.get(a, b) + SAME_DAY * lunch.get(a, b) + 5 * together.get(a, b);
    const walks = improve(chunk(shuffle([...people], input.random), walkSizes(people.length)), walkCost, input.random);
    together.addGroups(tables);
    walked.addGroups(walks);
    earlier = tables;
    return { date: day.date, tables, walks, ...(i === busiest && people.length > 0 && { photo: true }) };
  });
}

/**
 * The first arrangement: at random, or after a first day, each earlier table dealt across the new
 * tables in turn (newcomers last), which spreads every earlier table as evenly as it can be spread.
 */
function dealt(people: string[], sizes: number[], earlier: string[][] | undefined, random: Random): string[][] {
  const order = shuffle([...people], random);
  if (earlier) {
    const tableOf = new Map<string, number>();
    for (const [i, t] of shuffle([...earlier], random).entries()) for (const id of t) tableOf.set(id, i);
    order.sort((a, b) => (tableOf.get(a) ?? earlier.length) - (tableOf.get(b) ?? earlier.length));
  }
  // Slot i goes to table i mod t: the first n mod t tables get the larger size, as `sizes` has them.
  const tables: string[][] = sizes.map(() => []);
  for (const [i, id] of order.entries()) tables[i % sizes.length]!.push(id);
  return tables;
}

/** Cuts `people` into consecutive groups of the given sizes. */
export function chunk(people: string[], sizes: number[]): string[][] {
  const groups: string[][] = [];
  let at = 0;
  for (const size of sizes) {
    groups.push(people.slice(at, at + size));
    at += size;
  }
  return groups;
}

/**
 * Local search: swaps two people of different groups whenever that lowers the total cost of the
 * pairs within groups; stops when a full pass finds nothing better (or after a bounded number of
 * passes). Each person tries at most 12 other groups per pass, so a pass is linear in the people.
 * Costs are computed once into a matrix, so a pass does arithmetic only.
 */
function improve(named: string[][], cost: (a: string, b: string) => number, random: Random): string[][] {
  if (named.length < 2) return named;
  const ids = named.flat();
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const c = cost(ids[i]!, ids[j]!);
      matrix[i * n + j] = c;
      matrix[j * n + i] = c;
    }
  const groups = named.map((g) => g.map((id) => index.get(id)!));
  const where = new Int32Array(n);
  groups.forEach((g, gi) => {
    for (const p of g) where[p] = gi;
  });
  /** What `p` costs with everyone of `group` but `except`. */
  const sumWith = (p: number, group: number[], except: number) => {
    let s = 0;
    const row = p * n;
    for (const q of group) if (q !== p && q !== except) s += matrix[row + q]!;
    return s;
  };
  const everyone = Array.from({ length: n }, (_, i) => i);
  const others = named.length - 1;
  const tries = Math.min(others, 12);
  for (let pass = 0; pass < PASSES; pass++) {
    let improved = false;
    for (const a of shuffle(everyone, random)) {
      const ga = where[a]!;
      const A = groups[ga]!;
      for (let k = 0; k < tries; k++) {
        const gb = (ga + 1 + (tries === others ? k : Math.floor(random() * others))) % groups.length;
        const B = groups[gb]!;
        const aHere = sumWith(a, A, a);
        let best = -1e-9;
        let bestB = -1;
        for (const b of B) {
          const delta = sumWith(a, B, b) + sumWith(b, A, a) - aHere - sumWith(b, B, b);
          if (delta < best) {
            best = delta;
            bestB = b;
          }
        }
        if (bestB >= 0) {
          A[A.indexOf(a)] = bestB;
          B[B.indexOf(bestB)] = a;
          where[a] = gb;
          where[bestB] = ga;
          improved = true;
          break;
        }
      }
    }
    if (!improved) break;
  }
  return groups.map((g) => g.map((p) => ids[p]!));
}

/** Enough for the search to settle on teams of hundreds (see `npm run bench -- days`), few enough to stay quick. */
const PASSES = 20;

/** Someone who says they are coming after the draw joins the smallest table, and a walk. */
export function seatLateComer(day: SeatingDay, userId: string): SeatingDay {
  if (day.tables.some((t) => t.includes(userId))) return day;
  const tables = day.tables.map((t) => [...t]);
  const smallest = tables.reduce<string[] | undefined>((s, t) => (!s || t.length < s.length ? t : s), undefined);
  if (smallest) smallest.push(userId);
  else tables.push([userId]);
  let walks = day.walks.map((w) => [...w]);
  const trio = walks.find((w) => w.length >= 3);
  const alone = walks.find((w) => w.length === 1);
  if (alone) alone.push(userId);
  // A trio gives one of its three to walk with the newcomer, so the walks stay pairs and one trio.
  else if (trio) walks.push([trio.pop()!, userId]);
  else if (walks.length > 0) walks[walks.length - 1]!.push(userId);
  else walks = [[userId]];
  return { ...day, tables, walks };
}

/** Someone who can no longer come leaves their table and walk; a partner left alone joins another walk. */
export function unseat(day: SeatingDay, userId: string): SeatingDay {
  const tables = day.tables.map((t) => t.filter((id) => id !== userId)).filter((t) => t.length > 0);
  let walks = day.walks.map((w) => w.filter((id) => id !== userId)).filter((w) => w.length > 0);
  const lone = walks.find((w) => w.length === 1);
  if (lone && walks.length > 1) {
    walks = walks.filter((w) => w !== lone);
    walks.reduce((s, w) => (w.length < s.length ? w : s)).push(lone[0]!);
  }
  return { ...day, tables, walks };
}
