import type { Candidate, MatchInput } from './match-input';
import { PairTable } from './pair-table';
import { overlapMinutes, STANDARD_DAY, utcWindow, type UtcWindow } from './working-hours';

/** Bound once: a global lookup per call is slow in sandboxes such as jest's vm context. */
const { max, min } = Math;

/**
 * Tiers, far apart so a lower tier never outweighs a higher one: a block, then a repeat
 * (scaled by how often and how recently the two met), then a second trio in a row, then the
 * soft preferences (working hours, other teams), which are at most a few points per group.
 */
export const COST = { block: 1e12, repeat: 1e6, rotate: 1e3, hours: 2, sameGroup: 1 } as const;

/**
 * Up to this many people, costs sit in dense tables (16 bytes per pair) and the search may
 * compare everyone with everyone; above it, lookups and random samples keep a round near-linear.
 */
export const SMALL_ROSTER = 600;

/** What pairing two people (by roster index) would cost, and what the schedule needs to know. */
export type Costs = {
  size: number;
  pair(a: number, b: number): number;
  /** The block and repeat tiers only. */
  hard(a: number, b: number): number;
  /** Whether anyone gave working hours or a team: otherwise every soft cost is zero. */
  hasSoft: boolean;
  /** Members who were in the oversized group recently (1) or not (0). */
  recentTrio: Uint8Array;
  /** Visits past encounters and blocks with their cost, for pricing whole schedule rounds at once. */
  forEachHard(visit: (a: number, b: number, cost: number) => void): void;
};

/** One past meeting weighs between 1 and 1.5 (last round): two old meetings outweigh one recent. */
export function encounterWeight(age: number): number {
  return 1 + 0.5 / max(1, age);
}

export function buildCosts(roster: Candidate[], input: MatchInput): Costs {
  const n = roster.length;
  const index = new Map(roster.map((c, i) => [c.id, i]));
  const table = new PairTable(input.history.length + input.blocked.length);
  const add = (a: string, b: string, cost: number) => {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined && i !== j) table.add(i, j, cost);
  };
  for (let k = 0; k < input.history.length; k++) {
    const e = input.history[k]!;
    add(e.a, e.b, COST.repeat * encounterWeight(input.round - e.round));
  }
  for (const [a, b] of input.blocked) add(a, b, COST.block);
  const forEachHard = (visit: (a: number, b: number, cost: number) => void) => table.forEach(visit);

  const { soft, hasSoft } = softPreferences(roster, input.referenceDate);
  const recentTrio = new Uint8Array(n);
  for (const id of input.lastTrio ?? []) {
    const i = index.get(id);
    if (i !== undefined) recentTrio[i] = 1;
  }

  if (n <= SMALL_ROSTER) {
    const total = new Float64Array(n * n);
    const hard = new Float64Array(n * n);
    table.forEach((a, b, cost) => {
      hard[a * n + b] = cost;
      hard[b * n + a] = cost;
    });
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) total[a * n + b] = total[b * n + a] = hard[a * n + b]! + soft(a, b);
    }
    return { size: n, pair: (a, b) => total[a * n + b]!, hard: (a, b) => hard[a * n + b]!, hasSoft, recentTrio, forEachHard };
  }
  const hard = (a: number, b: number) => table.get(a, b);
  return { size: n, pair: (a, b) => table.get(a, b) + soft(a, b), hard, hasSoft, recentTrio, forEachHard };
}

/** Soft cost of a pair: non-overlapping working hours, and sharing a team when several take part. */
function softPreferences(roster: Candidate[], referenceDate: string | undefined) {
  const at = referenceDate ? Date.parse(`${referenceDate}T12:00:00Z`) : STANDARD_DAY;
  const offsets = new Map<string, number | undefined>();
  const windows: (UtcWindow | undefined)[] = roster.map((c) =>
    Number.isFinite(at) ? utcWindow(c.timeZone, c.workStartHour, c.workEndHour, at, offsets) : undefined,
  );
  const groupIds = new Map<string, number>();
  const group = Int32Array.from(roster, (c) => {
    if (c.group === undefined) return -1;
    if (!groupIds.has(c.group)) groupIds.set(c.group, groupIds.size);
    return groupIds.get(c.group)!;
  });
  const severalGroups = groupIds.size > 1;

  const hasSoft = severalGroups || windows.filter(Boolean).length > 1;
  const soft = (a: number, b: number) => {
    let cost = 0;
    const wa = windows[a];
    const wb = windows[b];
    if (wa && wb) cost += COST.hours * (1 - overlapMinutes(wa, wb) / min(wa.length, wb.length));
    if (severalGroups && group[a]! >= 0 && group[a] === group[b]) cost += COST.sameGroup;
    return cost;
  };
  return { soft, hasSoft };
}

/** A group's cost: its pairs, plus the rotation tier for recent trio members in an oversized group. */
export function groupCost(costs: Costs, members: number[], oversized: boolean, hardOnly = false): number {
  let total = 0;
  const price = hardOnly ? costs.hard : costs.pair;
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) total += price(members[i]!, members[j]!);
    if (oversized && costs.recentTrio[members[i]!]) total += COST.rotate;
  }
  return total;
}
