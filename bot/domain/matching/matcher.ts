import { buildCosts, COST, groupCost, SMALL_ROSTER, type Costs } from './costs';
import { groupSizes } from './group-sizes';
import type { Candidate, MatchInput } from './match-input';
import { draftGroups, improveGroups } from './local-search';
import { scheduledRound, type Proposal } from './round-robin';
import { seededRandom } from './seeded';

// The input types live apart so that the cost model can use them without importing the matcher back.
export type { Candidate, MatchInput, PairHistory } from './match-input';

export type MatchResult = {
  groups: string[][];
  /** A lone member, or members blocked with everyone they could meet. */
  unmatched: string[];
};

/** Costs are sums of floating-point weights. */
const TOLERANCE = 1e-6;

/**
 * Groups this round's members, in order of priority: never a blocked pair; as few repeat
 * encounters as possible (weighed by how often and how recently); the trio rotates; then
 * overlapping working hours and people from other teams.
 *
 * Pairs follow a round-robin schedule over the roster while it is stable, so a team of n meets
 * everyone once in n-1 rounds; when people come and go (or blocks get in the way), a greedy draft
 * improved by swaps is used if it repeats fewer encounters than the schedule's best round.
 */
export function matchGroups(input: MatchInput): MatchResult {
  const roster = uniqueById(input.candidates);
  const costs = buildCosts(roster, input);
  const idOf = (p: number) => roster[p]!.id;
  const { alone, people } = splitBlockedWithEveryone(roster, input.blocked);
  const sizes = groupSizes(people.length, input.groupSize);
  if (sizes.length === 0) return { groups: [], unmatched: [...alone, ...people].map(idOf).sort() };

  const random = seededRandom(input.seed);
  const exhaustive = people.length <= SMALL_ROSTER;
  // The schedule keeps its round whenever the search cannot repeat fewer encounters: any swap
  // made for comfort alone would spoil a later round of the schedule.
  let scheduled: Proposal | undefined;
  if (input.groupSize === 2) {
    scheduled = scheduledRound(costs, people, roster);
    if (scheduled.hard > 0) scheduled = improved(costs, scheduled.groups, input.groupSize, random, { hardOnly: true, exhaustive });
  }
  let searched: Proposal | undefined;
  if (!scheduled || scheduled.hard > 0) {
    const restarts = people.length <= 64 ? 8 : exhaustive ? 2 : 1;
    for (let r = 0; r < restarts; r++) {
      const draft = draftGroups(costs, people, sizes, input.groupSize, random, exhaustive);
      const proposal = improved(costs, draft, input.groupSize, random, { exhaustive });
      if (!searched || proposal.cost < searched.cost) searched = proposal;
    }
  }
  const best = scheduled && (!searched || scheduled.hard <= searched.hard + TOLERANCE) ? scheduled : searched;

  const { groups, unmatched } = separateBlocked(costs, best!.groups, input.groupSize);
  return {
    groups: groups.map((g) => g.map(idOf).sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    unmatched: [...alone, ...unmatched].map(idOf).sort(),
  };
}

function improved(costs: Costs, groups: number[][], preferred: number, random: () => number, options: { hardOnly?: boolean; exhaustive: boolean }): Proposal {
  improveGroups(costs, groups, preferred, random, options);
  let hard = 0;
  let cost = 0;
  for (const g of groups) {
    hard += groupCost(costs, g, g.length > preferred, true);
    cost += groupCost(costs, g, g.length > preferred);
  }
  return { groups, hard, cost };
}

function uniqueById(candidates: Candidate[]): Candidate[] {
  const byId = new Map<string, Candidate>();
  for (const c of candidates) if (!byId.has(c.id)) byId.set(c.id, c);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** People blocked with every other candidate cannot be grouped at all: they are reported. */
function splitBlockedWithEveryone(roster: Candidate[], blocked: [string, string][]) {
  const index = new Map(roster.map((c, i) => [c.id, i]));
  const blockedWith = roster.map(() => new Set<number>());
  for (const [a, b] of blocked) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined || i === j) continue;
    blockedWith[i]!.add(j);
    blockedWith[j]!.add(i);
  }
  const alone: number[] = [];
  const people: number[] = [];
  for (let i = 0; i < roster.length; i++) (roster.length > 1 && blockedWith[i]!.size >= roster.length - 1 ? alone : people).push(i);
  return { alone, people };
}

/**
 * The last safety net for blocks the search could not avoid (a tangle of blocks, not just one
 * person blocked with all): members are taken out of a group until no block remains, then seated
 * in another group that has room and no block with them, or reported unmatched.
 */
function separateBlocked(costs: Costs, groups: number[][], preferred: number) {
  const isBlocked = (a: number, b: number) => costs.hard(a, b) >= COST.block;
  const homeless: number[] = [];
  for (const g of groups) {
    for (;;) {
      const clashes = g.map((a) => g.filter((b) => b !== a && isBlocked(a, b)).length);
      const worst = clashes.indexOf(Math.max(...clashes));
      if (clashes[worst]! === 0) break;
      homeless.push(...g.splice(worst, 1));
    }
  }
  const kept = groups.filter((g) => g.length > 1);
  for (const g of groups) if (g.length === 1) homeless.push(g[0]!);
  const unmatched: number[] = [];
  const fits = (p: number, g: number[]) => !g.some((m) => isBlocked(p, m));
  for (const p of homeless) {
    let target: number[] | undefined;
    let bestCost = Infinity;
    for (const g of kept) {
      if (g.length > preferred || !fits(p, g)) continue;
      const cost = g.reduce((sum, m) => sum + costs.pair(p, m), 0);
      if (cost < bestCost) {
        bestCost = cost;
        target = g;
      }
    }
    const partner = unmatched.findIndex((q) => !isBlocked(p, q));
    if (target) target.push(p);
    else if (partner >= 0) kept.push([unmatched.splice(partner, 1)[0]!, p]);
    else unmatched.push(p);
  }
  return { groups: kept, unmatched };
}
