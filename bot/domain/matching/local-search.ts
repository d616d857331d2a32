import { COST, groupCost, type Costs } from './costs';
import { shuffle } from './seeded';

/** Bound once: a global lookup per call is slow in sandboxes such as jest's vm context. */
const { floor, max, min } = Math;

/** Candidates weighed for each seat when the roster is too large to look at everyone. */
const SAMPLE = 24;
const EPSILON = 1e-9;

/**
 * Greedy first draft: groups are filled one at a time (largest first) with whoever costs least
 * next to the members already seated. Recent trio members are seated last, so the oversized
 * group starts with someone else. Small rosters compare everyone, large ones a random sample.
 */
export function draftGroups(costs: Costs, people: number[], sizes: number[], preferred: number, random: () => number, exhaustive: boolean): number[][] {
  const order = shuffle([...people], random);
  order.sort((a, b) => costs.recentTrio[a]! - costs.recentTrio[b]!);
  const pool = [...order];
  const position = new Map(pool.map((p, i) => [p, i]));
  const take = (p: number) => {
    const i = position.get(p)!;
    const last = pool.pop()!;
    if (last !== p) {
      pool[i] = last;
      position.set(last, i);
    }
    position.delete(p);
  };

  const groups: number[][] = [];
  let next = 0;
  for (const size of sizes) {
    while (!position.has(order[next]!)) next++;
    const members = [order[next]!];
    take(members[0]!);
    const oversized = size > preferred;
    while (members.length < size) {
      let best = -1;
      let bestCost = Infinity;
      const tries = exhaustive ? pool.length : min(pool.length, SAMPLE);
      for (let t = 0; t < tries; t++) {
        const c = exhaustive ? pool[t]! : pool[floor(random() * pool.length)]!;
        let cost = oversized && costs.recentTrio[c] ? COST.rotate : 0;
        for (const m of members) cost += costs.pair(c, m);
        if (cost < bestCost) {
          bestCost = cost;
          best = c;
        }
      }
      members.push(best);
      take(best);
    }
    groups.push(members);
  }
  return groups;
}

export type ImproveOptions = {
  /** Only moves that lower the block, repeat or rotation tiers: keeps a schedule round intact otherwise. */
  hardOnly?: boolean;
  /** Compare every pair of groups (small rosters) instead of a random sample per group. */
  exhaustive: boolean;
};

/**
 * Local improvement: swap two members of different groups whenever that lowers the total cost
 * (for pairs this is the classic 2-opt move), until no swap helps or the pass budget runs out.
 */
export function improveGroups(costs: Costs, groups: number[][], preferred: number, random: () => number, options: ImproveOptions): void {
  const hardOnly = options.hardOnly ?? false;
  const cost = (g: number[]) => groupCost(costs, g, g.length > preferred, hardOnly);
  const current = groups.map(cost);

  /** Applies the best improving swap between groups g and h, if any. */
  const trySwap = (g: number, h: number): boolean => {
    const A = groups[g]!;
    const B = groups[h]!;
    const before = current[g]! + current[h]!;
    let bestDelta = -EPSILON * max(1, before);
    let bestI = -1;
    let bestJ = -1;
    let bestA = 0;
    let bestB = 0;
    for (let i = 0; i < A.length; i++) {
      for (let j = 0; j < B.length; j++) {
        const x = A[i]!;
        A[i] = B[j]!;
        B[j] = x;
        const ca = cost(A);
        const cb = cost(B);
        B[j] = A[i]!;
        A[i] = x;
        const delta = ca + cb - before;
        if (delta < bestDelta) {
          bestDelta = delta;
          bestI = i;
          bestJ = j;
          bestA = ca;
          bestB = cb;
        }
      }
    }
    if (bestI < 0) return false;
    const x = A[bestI]!;
    A[bestI] = B[bestJ]!;
    B[bestJ] = x;
    current[g] = bestA;
    current[h] = bestB;
    return true;
  };

  const G = groups.length;
  if (G < 2) return;
  if (options.exhaustive) {
    for (let pass = 0; pass < 50; pass++) {
      let improved = false;
      for (let g = 0; g < G; g++) {
        if (current[g]! === 0) continue;
        for (let h = 0; h < G; h++) if (h !== g && trySwap(g, h)) improved = true;
      }
      if (!improved) return;
    }
    return;
  }
  const order = shuffle(
    Array.from({ length: G }, (_, i) => i),
    random,
  );
  for (let pass = 0; pass < 3; pass++) {
    let improved = false;
    for (const g of order) {
      const troubled = current[g]! >= COST.rotate;
      if (current[g]! === 0 || (hardOnly && !troubled)) continue;
      const tries = troubled ? 256 : 2;
      for (let t = 0; t < tries; t++) {
        const h = floor(random() * G);
        if (h !== g && trySwap(g, h)) {
          improved = true;
          if (troubled && current[g]! < COST.rotate) break;
        }
      }
    }
    if (!improved) return;
  }
}
