import { COST, groupCost, type Costs } from './costs';
import type { Candidate } from './match-input';
import { circleFactorization, halvingFactorization } from './factorizations';
import { hashId } from './seeded';
import { STANDARD_DAY, utcWindow } from './working-hours';

/** Bound once: a global lookup per call is slow in sandboxes such as jest's vm context. */
const { max, min } = Math;

/**
 * Schedule rounds weighed in full (the cheapest by their pairs alone): up to 64, fewer in large
 * rosters, where rounds differ little in comfort and each costs a pass over everyone.
 */
const SHORTLIST = 64;
const SHORTLIST_BUDGET = 100_000;

/**
 * A round-robin over the current roster: over n-1 rounds everyone meets everyone exactly once
 * (an odd roster adds a stand-in, whose partner is the round's spare and joins a pair).
 *
 * Members sit in a line sorted by when their working day starts in UTC (on a fixed day, so summer
 * time never reshuffles a schedule halfway through), teams interleaved, then by a hash of the id.
 * The line depends on the roster alone, never on the seed, so a stable team keeps its schedule
 * from round to round.
 */
export type Schedule = {
  rounds: number;
  /** The round in which a and b meet. */
  roundOf(a: number, b: number): number;
  /** Round s as pairs, and who sits it out (odd rosters). */
  round(s: number): { pairs: number[][]; spare?: number };
};

/**
 * Odd rosters up to this size use the circle method. Halving plays neighbours first, so an odd
 * team would be left, after about n/2 rounds, with only encounters across the two halves: no
 * trio fits there without a repeat. The circle mixes near and far in every round and keeps
 * trios possible for much longer (a team of 101: about 88 rounds instead of 77, where 97 is the
 * bound). Larger rosters never get that far in practice, and are better served by halving's
 * like-hours rounds.
 */
const CIRCLE_LIMIT = 127;

export function roundRobin(people: number[], roster: Candidate[]): Schedule {
  const line = lineUp(people, roster);
  const odd = line.length % 2 === 1;
  const size = odd ? line.length + 1 : line.length;
  const factorization = odd && line.length <= CIRCLE_LIMIT ? circleFactorization(size) : halvingFactorization(size);
  const standIn = line.length; // the position after the line: the stand-in of an odd roster
  const position = new Int32Array(people.reduce((most, p) => max(most, p + 1), 0));
  for (const [i, p] of line.entries()) position[p] = i;
  return {
    rounds: factorization.rounds,
    roundOf: (a, b) => factorization.roundOf(position[a]!, position[b]!),
    round(s) {
      const pairs: number[][] = [];
      let spare: number | undefined;
      for (const [x, y] of factorization.pairs(s)) {
        if (y === standIn) spare = line[x]!;
        else if (x === standIn) spare = line[y]!;
        else pairs.push([line[x]!, line[y]!]);
      }
      return spare === undefined ? { pairs } : { pairs, spare };
    },
  };
}

/** The line: by UTC start of the working day (unknown last), teams interleaved, then hashed id. */
function lineUp(people: number[], roster: Candidate[]): number[] {
  const offsets = new Map<string, number | undefined>();
  const seated = people.map((p) => {
    const c = roster[p]!;
    const start = utcWindow(c.timeZone, c.workStartHour, c.workEndHour, STANDARD_DAY, offsets)?.start ?? Infinity;
    return { p, start, group: c.group ?? '', hash: hashId(c.id), id: c.id, rank: 0 };
  });
  seated.sort((a, b) => a.start - b.start || compare(a.group, b.group) || a.hash - b.hash || compare(a.id, b.id));
  // Rank within (start, team), then sort by rank first: neighbours on the line come from different teams.
  seated.forEach((e, i) => {
    const before = seated[i - 1];
    e.rank = before && before.start === e.start && before.group === e.group ? before.rank + 1 : 0;
  });
  seated.sort((a, b) => a.start - b.start || a.rank - b.rank || compare(a.group, b.group) || a.hash - b.hash || compare(a.id, b.id));
  return seated.map((e) => e.p);
}

export type Proposal = { groups: number[][]; cost: number; hard: number };

/**
 * The best round of the schedule not yet (or least recently) played: every round is priced at
 * once from the history, the cheapest few are weighed in full (soft preferences, and where an
 * odd round's spare member sits best), and the winner is returned as groups.
 */
export function scheduledRound(costs: Costs, people: number[], roster: Candidate[]): Proposal {
  const schedule = roundRobin(people, roster);
  const inRoster = new Uint8Array(costs.size);
  for (const p of people) inRoster[p] = 1;
  const price = new Float64Array(schedule.rounds);
  costs.forEachHard((a, b, cost) => {
    if (!inRoster[a] || !inRoster[b]) return;
    const s = schedule.roundOf(a, b);
    price[s] = price[s]! + cost;
  });

  // Without soft preferences or a spare to seat, the price alone decides. Ties go to the earlier
  // round: halving lists close neighbours first.
  const weighed = costs.hasSoft || people.length % 2 === 1 ? max(4, min(SHORTLIST, Math.floor(SHORTLIST_BUDGET / people.length))) : 1;
  const shortlist = Array.from({ length: schedule.rounds }, (_, s) => s)
    .sort((s, t) => price[s]! - price[t]! || s - t)
    .slice(0, weighed);
  let best = shortlist[0]!;
  let bestCost = Infinity;
  if (shortlist.length > 1) {
    for (const s of shortlist) {
      const cost = roundCost(costs, schedule.round(s));
      if (cost < bestCost) {
        bestCost = cost;
        best = s;
      }
    }
  }
  const groups = asGroups(costs, schedule.round(best));
  let hard = 0;
  let cost = 0;
  for (const g of groups) {
    hard += groupCost(costs, g, g.length > 2, true);
    cost += groupCost(costs, g, g.length > 2);
  }
  return { groups, cost, hard };
}

function roundCost(costs: Costs, round: { pairs: number[][]; spare?: number }): number {
  let total = 0;
  for (const [a, b] of round.pairs) total += costs.pair(a!, b!);
  if (round.spare !== undefined) total += spareSeat(costs, round.pairs, round.spare).cost;
  return total;
}

/** Where an odd round's spare member costs least: the pair they join, and what it adds. */
function spareSeat(costs: Costs, pairs: number[][], spare: number): { index: number; cost: number } {
  let index = 0;
  let cost = Infinity;
  pairs.forEach(([a, b], i) => {
    const c = costs.pair(spare, a!) + costs.pair(spare, b!) + COST.rotate * (costs.recentTrio[a!]! + costs.recentTrio[b!]!);
    if (c < cost) {
      cost = c;
      index = i;
    }
  });
  return { index, cost: cost + COST.rotate * costs.recentTrio[spare]! };
}

function asGroups(costs: Costs, round: { pairs: number[][]; spare?: number }): number[][] {
  const groups = round.pairs.map((p) => [...p]);
  if (round.spare !== undefined) groups[spareSeat(costs, round.pairs, round.spare).index]!.push(round.spare);
  return groups;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
