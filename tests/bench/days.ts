/**
 * Days together benchmark (`npm run bench -- days`): how many of the people seated together at
 * lunch had never met, against random tables of the same sizes on the same history, and how long
 * drawing the social plan takes for 500 people.
 */
import type { SeatingDay } from '../../bot/domain/days/model';
import { chunk, drawSeating, PairCounts, tableSizes } from '../../bot/domain/days/seating';
import { seededRandom, shuffle } from '../../bot/domain/matching/seeded';

const people = (n: number) => Array.from({ length: n }, (_, i) => `29:person-${i + 1}`);

/** A team's past: `rounds` coffee rounds of random pairs, and one earlier day together at random tables. */
function history(team: string[], rounds: number, seed: number): PairCounts {
  const random = seededRandom(seed * 7919);
  const counts = new PairCounts();
  for (let r = 0; r < rounds; r++) {
    const order = shuffle([...team], random);
    for (let i = 0; i + 1 < order.length; i += 2) counts.add(order[i]!, order[i + 1]!);
  }
  counts.addGroups(randomTables(team, random));
  return counts;
}

function randomTables(coming: string[], random: () => number): string[][] {
  return chunk(shuffle([...coming], random), tableSizes(coming.length));
}

/** Of all pairs sharing a table (over all days), the share who had never met before the days. */
function neverMetShare(days: string[][][], past: PairCounts): number {
  let pairs = 0;
  let fresh = 0;
  for (const tables of days)
    for (const t of tables)
      for (let i = 0; i < t.length; i++)
        for (let j = i + 1; j < t.length; j++) {
          pairs++;
          if (past.get(t[i]!, t[j]!) === 0) fresh++;
        }
  return pairs === 0 ? 1 : fresh / pairs;
}

type Quality = { team: number; rounds: number; seeds: number; ours: { mean: number; worst: number }; random: { mean: number; worst: number } };

function quality(size: number, rounds: number, seeds: number): Quality {
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const team = people(size);
    const past = history(team, rounds, seed);
    const random = seededRandom(seed);
    // Most come on both days; a few only on one.
    const dayOne = team.filter(() => random() < 0.9);
    const dayTwo = team.filter(() => random() < 0.9);
    const drawn = drawSeating({
      days: [
        { date: '2026-11-10', coming: dayOne },
        { date: '2026-11-11', coming: dayTwo },
      ],
      history: past,
      random,
    });
    ours.push(
      neverMetShare(
        drawn.map((d: SeatingDay) => d.tables),
        past,
      ),
    );
    baseline.push(neverMetShare([randomTables(dayOne, random), randomTables(dayTwo, random)], past));
  }
  const summary = (xs: number[]) => ({ mean: xs.reduce((a, b) => a + b, 0) / xs.length, worst: Math.min(...xs) });
  return { team: size, rounds, seeds, ours: summary(ours), random: summary(baseline) };
}

function speed(size: number, days: number, runs: number): { people: number; days: number; medianMs: number; slowestMs: number } {
  const team = people(size);
  const past = history(team, 20, 1);
  const dates = Array.from({ length: days }, (_, i) => `2026-11-${String(10 + i)}`);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    drawSeating({ days: dates.map((date) => ({ date, coming: team })), history: past, random: seededRandom(run + 1) });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { people: size, days, medianMs: times[Math.floor(times.length / 2)]!, slowestMs: times.at(-1)! };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export async function daysBench(options: { json: boolean }): Promise<void> {
  console.log('\ndays: share of lunch-table pairs who had never met (two days, 90% come each day), 20 seeds');
  console.log('| team | coffee rounds before | ours: mean | ours: worst | random tables: mean | random tables: worst |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  const results: Quality[] = [];
  for (const [size, rounds] of [
    [23, 6],
    [40, 12],
    [40, 25],
    [100, 30],
  ] as const) {
    const q = quality(size, rounds, 20);
    results.push(q);
    console.log(`| ${size} | ${rounds} | ${pct(q.ours.mean)} | ${pct(q.ours.worst)} | ${pct(q.random.mean)} | ${pct(q.random.worst)} |`);
  }
  console.log('\ndays: time to draw the social plan (500 people coming every day, 20 coffee rounds of history)');
  const timings = [speed(500, 2, 5), speed(500, 5, 3)];
  for (const t of timings) console.log(`${t.people} people, ${t.days} days: median ${t.medianMs.toFixed(0)} ms, slowest ${t.slowestMs.toFixed(0)} ms`);
  if (options.json) console.log(JSON.stringify({ bench: 'days', quality: results, timings }));
}
