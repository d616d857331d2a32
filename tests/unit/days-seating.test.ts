import type { SeatingDay } from '../../bot/domain/days/model';
import { drawSeating, PairCounts, seatLateComer, tableSizes, unseat, walkSizes } from '../../bot/domain/days/seating';
import { seededRandom } from '../fixtures/random';

const people = (n: number, prefix = 'p') => Array.from({ length: n }, (_, i) => `29:${prefix}${String(i + 1).padStart(2, '0')}`);
const SEEDS = Array.from({ length: 50 }, (_, i) => i + 1);

/** Pairs that sit together on both days. */
function repeatedPairs(first: SeatingDay, second: SeatingDay): number {
  const before = new PairCounts();
  before.addGroups(first.tables);
  let repeats = 0;
  for (const t of second.tables) for (let i = 0; i < t.length; i++) for (let j = i + 1; j < t.length; j++) repeats += before.get(t[i]!, t[j]!);
  return repeats;
}

/**
 * The fewest repeated pairs any second day can have: a first-day table with s people coming again,
 * spread over t tables, puts ceil(s/t) of them together at r = s mod t tables and floor(s/t) at
 * the others, and each such meeting of k people is k(k-1)/2 repeated pairs. No arrangement does
 * better (spreading more evenly is impossible), so this is what the numbers force.
 */
function forcedRepeats(first: SeatingDay, secondComing: string[], tables: number): number {
  const again = new Set(secondComing);
  let forced = 0;
  for (const table of first.tables) {
    const s = table.filter((id) => again.has(id)).length;
    const q = Math.floor(s / tables);
    const r = s % tables;
    forced += r * (((q + 1) * q) / 2) + (tables - r) * ((q * (q - 1)) / 2);
  }
  return forced;
}

const seatedOnce = (day: SeatingDay, coming: string[]) => {
  expect(day.tables.flat().sort()).toEqual([...coming].sort());
  expect(day.walks.flat().sort()).toEqual([...coming].sort());
};

describe('the social plan of days together', () => {
  test('23 people over two days: tables of 4 to 6, nobody left out, and no table-mates again on day two (the bound the numbers force is 0)', () => {
    const everyone = people(23);
    // 23 people make five tables (5, 5, 5, 4, 4); each first-day table has at most 5 people and
    // there are 5 tables on day two, so all of them can sit apart: the forced number of repeats is 0.
    expect(tableSizes(23)).toEqual([5, 5, 5, 4, 4]);
    for (const seed of SEEDS) {
      const [one, two] = drawSeating({
        days: [
          { date: '2026-11-10', coming: everyone },
          { date: '2026-11-11', coming: everyone },
        ],
        history: new PairCounts(),
        random: seededRandom(seed),
      }) as [SeatingDay, SeatingDay];
      for (const day of [one, two]) {
        seatedOnce(day, everyone);
        for (const t of day.tables) expect(t.length).toBeGreaterThanOrEqual(4);
        for (const t of day.tables) expect(t.length).toBeLessThanOrEqual(6);
      }
      expect(forcedRepeats(one, everyone, two.tables.length)).toBe(0);
      expect(repeatedPairs(one, two)).toBe(0);
    }
  });

  test('when the numbers force repeats, there are no more than forced: a first-day table with s people again over t tables leaves each at most ceil(s/t) - 1 repeated mates, and nobody sits only with first-day mates', () => {
    // 12 on day one sit at two tables of 6; 7 of them and 2 newcomers on day two sit at two tables,
    // so a first-day table with 4 or 5 people again must put 2 or 3 of them together.
    const dayOne = people(12);
    const dayTwo = [...dayOne.slice(0, 7), ...people(2, 'new')];
    for (const seed of SEEDS) {
      const [one, two] = drawSeating({
        days: [
          { date: '2026-11-10', coming: dayOne },
          { date: '2026-11-11', coming: dayTwo },
        ],
        history: new PairCounts(),
        random: seededRandom(seed),
      }) as [SeatingDay, SeatingDay];
      seatedOnce(one, dayOne);
      seatedOnce(two, dayTwo);
      expect(two.tables).toHaveLength(2);
      expect(repeatedPairs(one, two)).toBe(forcedRepeats(one, dayTwo, two.tables.length));
      expect(repeatedPairs(one, two)).toBeGreaterThan(0);
      const firstMates = new PairCounts();
      firstMates.addGroups(one.tables);
      for (const t of two.tables)
        for (const id of t) {
          const mates = t.filter((x) => x !== id);
          const again = mates.filter((x) => firstMates.get(id, x) > 0).length;
          const firstTable = one.tables.find((f) => f.includes(id)) ?? [];
          const s = firstTable.filter((x) => dayTwo.includes(x)).length;
          expect(again).toBeLessThanOrEqual(Math.max(0, Math.ceil(s / two.tables.length) - 1));
          expect(again).toBeLessThan(mates.length);
        }
    }
  });

  test('people who have met least sit together: two teams that each know each other well are mixed at every table', () => {
    const red = people(5, 'red');
    const blue = people(5, 'blue');
    const history = new PairCounts();
    history.addGroups([red, blue]);
    for (const seed of SEEDS) {
      const [day] = drawSeating({ days: [{ date: '2026-11-10', coming: [...red, ...blue] }], history, random: seededRandom(seed) });
      for (const t of day!.tables) {
        expect(t.filter((id) => red.includes(id)).length).toBeGreaterThanOrEqual(2);
        expect(t.filter((id) => blue.includes(id)).length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  test('walks are pairs, with one trio when the count is odd, and nobody walks with someone from their lunch table', () => {
    expect(walkSizes(23)).toEqual([3, ...Array(10).fill(2)]);
    const everyone = people(23);
    for (const seed of SEEDS) {
      const [day] = drawSeating({ days: [{ date: '2026-11-10', coming: everyone }], history: new PairCounts(), random: seededRandom(seed) });
      const lunch = new PairCounts();
      lunch.addGroups(day!.tables);
      expect(day!.walks.map((w) => w.length).sort()).toEqual(walkSizes(23).sort());
      for (const w of day!.walks) for (const other of w.slice(1)) expect(lunch.get(w[0]!, other)).toBe(0);
    }
  });

  test('small and awkward counts: everyone still has a table', () => {
    expect(tableSizes(0)).toEqual([]);
    expect(tableSizes(3)).toEqual([3]);
    expect(tableSizes(6)).toEqual([6]);
    expect(tableSizes(7)).toEqual([4, 3]);
    expect(tableSizes(8)).toEqual([4, 4]);
    expect(tableSizes(13)).toEqual([5, 4, 4]);
    for (let n = 8; n <= 500; n++) {
      const sizes = tableSizes(n);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(4);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(6);
    }
  });

  test('the team photo is on the day most people come', () => {
    const days = drawSeating({
      days: [
        { date: '2026-11-10', coming: people(9) },
        { date: '2026-11-11', coming: people(12) },
      ],
      history: new PairCounts(),
      random: seededRandom(1),
    });
    expect(days.map((d) => Boolean(d.photo))).toEqual([false, true]);
  });

  test('a late sign-up joins the smallest table and a walk; someone who drops out leaves theirs and nobody walks alone', () => {
    const day: SeatingDay = {
      date: '2026-11-10',
      tables: [
        ['a', 'b', 'c', 'd', 'e'],
        ['f', 'g', 'h', 'i'],
      ],
      walks: [
        ['a', 'f', 'b'],
        ['c', 'g'],
        ['d', 'h'],
        ['e', 'i'],
      ],
    };
    const later = seatLateComer(day, 'late');
    expect(later.tables[1]).toEqual(['f', 'g', 'h', 'i', 'late']);
    expect(later.walks).toEqual([
      ['a', 'f'],
      ['c', 'g'],
      ['d', 'h'],
      ['e', 'i'],
      ['b', 'late'],
    ]);
    expect(seatLateComer(later, 'late')).toBe(later);
    const fewer = unseat(later, 'c');
    expect(fewer.tables[0]).toEqual(['a', 'b', 'd', 'e']);
    expect(fewer.walks.flat().sort()).toEqual(['a', 'b', 'd', 'e', 'f', 'g', 'h', 'i', 'late']);
    expect(Math.min(...fewer.walks.map((w) => w.length))).toBe(2);
  });
});
