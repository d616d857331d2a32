/**
 * Pairing benchmark (`npm run bench -- pairing` once registered in run.ts): how long stable teams
 * go without a repeat encounter, how many repeats churn causes, and how fast a large round is.
 * Every figure is compared with a random shuffle on the same rosters.
 */
import { fork } from 'node:child_process';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { matchGroups, type Candidate, type PairHistory } from '../../bot/domain/matching/matcher';
import { seededRandom, shuffle } from '../../bot/domain/matching/seeded';

type Matcher = (roster: Candidate[], history: PairHistory, round: number, lastTrio: string[], seed: number) => string[][];

const ours: Matcher = (candidates, history, round, lastTrio, seed) =>
  matchGroups({ candidates, history, blocked: [], groupSize: 2, round, lastTrio, seed }).groups;

/** The baseline: shuffle and pair neighbours; an odd one out joins the last pair. */
const randomShuffle: Matcher = (candidates, _history, _round, _lastTrio, seed) => {
  const ids = shuffle(
    candidates.map((c) => c.id),
    seededRandom(seed),
  );
  const groups: string[][] = [];
  for (let i = 0; i + 1 < ids.length; i += 2) groups.push([ids[i]!, ids[i + 1]!]);
  if (ids.length % 2 === 1 && groups.length > 0) groups[groups.length - 1]!.push(ids[ids.length - 1]!);
  return groups;
};

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

function encounters(groups: string[][]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) pairs.push([g[i]!, g[j]!]);
  return pairs;
}

const team = (n: number, prefix = 'member') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i + 1}` }));

/** Rounds played before anyone meets someone a second time (at most `rounds`). */
function roundsWithoutRepeat(matcher: Matcher, n: number, rounds: number, trial: number): number {
  const roster = team(n, `t${trial}`);
  const history: PairHistory = [];
  const met = new Set<string>();
  let lastTrio: string[] = [];
  for (let round = 1; round <= rounds; round++) {
    const groups = matcher(roster, history, round, lastTrio, trial * 1000 + round);
    for (const [a, b] of encounters(groups)) {
      if (met.has(pairKey(a, b))) return round - 1;
      met.add(pairKey(a, b));
      history.push({ a, b, round });
    }
    lastTrio = groups.find((g) => g.length > 2) ?? [];
  }
  return rounds;
}

function stableTeams(json: boolean) {
  console.log('\npairing (a): stable teams, rounds until the first repeat encounter');
  console.log('| team | limit | ours (worst of 5 seeds) | random shuffle (mean of 50) |');
  console.log('| ---: | ---: | ---: | ---: |');
  for (const n of [6, 10, 20, 50, 7, 21, 51]) {
    // Even teams can meet everyone in n-1 rounds. Odd teams have a trio each round (three
    // encounters instead of one): r rounds need r(n+3)/2 distinct pairs of the n(n-1)/2.
    const limit = n % 2 === 0 ? n - 1 : Math.floor((n * (n - 1)) / (n + 3));
    const rounds = n % 2 === 0 ? n - 1 : n;
    const oursWorst = Math.min(...[1, 2, 3, 4, 5].map((t) => roundsWithoutRepeat(ours, n, rounds, t)));
    const baseline = Array.from({ length: 50 }, (_, t) => roundsWithoutRepeat(randomShuffle, n, rounds, t + 1));
    const randomMean = baseline.reduce((s, x) => s + x, 0) / baseline.length;
    const limitLabel = n % 2 === 0 ? `${limit}` : `≤ ${limit} (bound)`;
    console.log(`| ${n} | ${limitLabel} | ${oursWorst} | ${randomMean.toFixed(1)} |`);
    if (json) console.log(JSON.stringify({ bench: 'pairing', part: 'stable', team: n, limit, ours: oursWorst, random: randomMean }));
  }
}

/** 10% of a team replaced by newcomers every round; both matchers see the same rosters. */
function churn(json: boolean) {
  const size = 50;
  const rounds = 52;
  const random = seededRandom(2026);
  let next = size;
  let roster = team(size);
  const rosters: Candidate[][] = [];
  for (let round = 1; round <= rounds; round++) {
    rosters.push(roster);
    const leaving = new Set(
      shuffle([...roster], random)
        .slice(0, size / 10)
        .map((c) => c.id),
    );
    roster = [...roster.filter((c) => !leaving.has(c.id)), ...Array.from({ length: size / 10 }, () => ({ id: `member-${++next}` }))];
  }
  const people = new Set(rosters.flat().map((c) => c.id)).size;

  const measure = (matcher: Matcher) => {
    const history: PairHistory = [];
    const met = new Set<string>();
    let repeats = 0;
    let total = 0;
    let lastTrio: string[] = [];
    rosters.forEach((r, i) => {
      const groups = matcher(r, history, i + 1, lastTrio, 7_000 + i);
      for (const [a, b] of encounters(groups)) {
        total++;
        // A repeat counts once for each of the two people who meet again.
        if (met.has(pairKey(a, b))) repeats += 2;
        met.add(pairKey(a, b));
        history.push({ a, b, round: i + 1 });
      }
      lastTrio = groups.find((g) => g.length > 2) ?? [];
    });
    return { repeatsPerPerson: repeats / people, repeatShare: repeats / 2 / total };
  };
  const mine = measure(ours);
  const baseline = measure(randomShuffle);
  console.log(`\npairing (b): team of ${size}, ${size / 10} replaced by newcomers each round, ${rounds} rounds (${people} people in all)`);
  console.log('| matcher | repeats per person | share of encounters that were repeats |');
  console.log('| --- | ---: | ---: |');
  console.log(`| ours | ${mine.repeatsPerPerson.toFixed(2)} | ${(mine.repeatShare * 100).toFixed(1)}% |`);
  console.log(`| random shuffle | ${baseline.repeatsPerPerson.toFixed(2)} | ${(baseline.repeatShare * 100).toFixed(1)}% |`);
  if (json) console.log(JSON.stringify({ bench: 'pairing', part: 'churn', team: size, rounds, people, ours: mine, random: baseline }));
}

const ZONES = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Tokyo', undefined];

/** A realistic large programme: time zones and hours for most, ten teams, a year of weekly rounds. */
function largeInput(n: number) {
  const candidates: Candidate[] = Array.from({ length: n }, (_, i) => ({
    id: `8:orgid:${(0x10000000 + i * 7919).toString(16)}-member-${i}`,
    timeZone: ZONES[i % ZONES.length],
    workStartHour: 8 + (i % 3),
    workEndHour: 16 + (i % 3),
    group: `team-${i % 10}`,
  }));
  // Random past pairings: every round of the schedule then holds some repeats to repair.
  const random = seededRandom(n);
  const history: PairHistory = [];
  for (let round = 1; round <= 52; round++) {
    const ids = shuffle(
      candidates.map((c) => c.id),
      random,
    );
    for (let i = 0; i + 1 < ids.length; i += 2) history.push({ a: ids[i]!, b: ids[i + 1]!, round });
  }
  return { candidates, history, blocked: [] as [string, string][], groupSize: 2 as const, round: 53, seed: 53 };
}

function timeRound(n: number) {
  const input = largeInput(n);
  const started = performance.now();
  const first = matchGroups(input);
  const coldMs = performance.now() - started;
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    matchGroups({ ...input, seed: 100 + i });
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  const met = new Set(input.history.map((h) => pairKey(h.a, h.b)));
  const repeats = encounters(first.groups).filter(([a, b]) => met.has(pairKey(a, b))).length;
  return { coldMs, warmMs: warm[2]!, repeats, groups: first.groups.length, unmatched: first.unmatched.length };
}

/**
 * Memory measured in a child with a young generation so large that no collection runs during the
 * round: heap (plus typed-array) growth is then everything the round allocated, an upper bound on
 * its peak.
 */
function heapInChild(n: number): Promise<{ allocatedMb: number }> {
  return new Promise((done, fail) => {
    const child = fork(__filename, [], {
      execArgv: ['--import', 'tsx', '--min-semi-space-size=1024', '--max-semi-space-size=1024'],
      env: { ...process.env, PAIRING_BENCH_HEAP: String(n) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (m: any) => done(m));
    child.once('exit', (code) => code !== 0 && fail(new Error(`heap child exited with ${code}`)));
  });
}

async function speed(json: boolean) {
  console.log('\npairing (c): one round with 52 rounds of (random) history, time zones and ten teams');
  console.log('| members | cold ms | warm ms (median of 5) | allocated MB (≥ peak heap) | repeats | groups | unmatched |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const n of [1_000, 10_000]) {
    const t = timeRound(n);
    const heap = await heapInChild(n);
    console.log(`| ${n} | ${t.coldMs.toFixed(0)} | ${t.warmMs.toFixed(0)} | ${heap.allocatedMb.toFixed(1)} | ${t.repeats} | ${t.groups} | ${t.unmatched} |`);
    if (json) console.log(JSON.stringify({ bench: 'pairing', part: 'speed', members: n, ...t, ...heap }));
  }
}

export async function pairingBench(options: { json: boolean }): Promise<void> {
  stableTeams(options.json);
  churn(options.json);
  await speed(options.json);
}

if (process.env.PAIRING_BENCH_HEAP && process.send) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const input = largeInput(Number(process.env.PAIRING_BENCH_HEAP));
  matchGroups({ ...input, candidates: input.candidates.slice(0, 500), history: [] }); // load code and time zones first
  gc();
  // Typed arrays live outside the JavaScript heap: count them too.
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const before = used();
  matchGroups(input);
  process.send({ allocatedMb: (used() - before) / 1e6 }, () => process.exit(0));
}
