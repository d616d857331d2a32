import { circleFactorization, halvingFactorization } from '../../bot/domain/matching/factorizations';
import { groupSizes } from '../../bot/domain/matching/group-sizes';
import { matchGroups, type Candidate, type MatchInput, type MatchResult, type PairHistory } from '../../bot/domain/matching/matcher';
import { overlapMinutes, utcWindow } from '../../bot/domain/matching/working-hours';
import { seededRandom } from '../fixtures/random';

const team = (n: number, prefix = 'member'): Candidate[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${String(i + 1).padStart(3, '0')}` }));

const inputFor = (overrides: Partial<MatchInput> = {}): MatchInput => ({
  candidates: team(10),
  history: [],
  blocked: [],
  groupSize: 2,
  round: 1,
  seed: 1,
  ...overrides,
});

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

function encounters(groups: string[][]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) pairs.push([g[i]!, g[j]!]);
  return pairs;
}

/** Everyone appears exactly once, in a group or as unmatched. */
function expectEveryoneOnce(candidates: Candidate[], result: MatchResult) {
  const seen = [...result.groups.flat(), ...result.unmatched].sort();
  expect(seen).toEqual(candidates.map((c) => c.id).sort());
}

/**
 * Plays rounds the way the scheduler will: each round's encounters go back in as history, the
 * trio is remembered, and the seed changes every round.
 */
function playRounds(candidates: Candidate[], rounds: number, seedBase = 1) {
  const history: PairHistory = [];
  const met = new Set<string>();
  const results: MatchResult[] = [];
  let lastTrio: string[] = [];
  let firstRepeat: number | undefined;
  let trioTwiceInARow = 0;
  for (let round = 1; round <= rounds; round++) {
    const result = matchGroups({ candidates, history, blocked: [], groupSize: 2, round, lastTrio, seed: seedBase * 7919 + round });
    results.push(result);
    for (const [a, b] of encounters(result.groups)) {
      if (met.has(key(a, b))) firstRepeat ??= round;
      met.add(key(a, b));
      history.push({ a, b, round });
    }
    const trio = result.groups.find((g) => g.length === 3) ?? [];
    if (firstRepeat === undefined && trio.some((id) => lastTrio.includes(id))) trioTwiceInARow++;
    lastTrio = trio;
  }
  return { results, distinctPairs: met.size, firstRepeat, trioTwiceInARow, history };
}

describe('matching is repeatable', () => {
  test('the same members, history and seed always give the same groups', () => {
    const history: PairHistory = [{ a: 'member-001', b: 'member-002', round: 1 }];
    const input = inputFor({ candidates: team(23), history, round: 2, seed: 42, lastTrio: ['member-005'] });
    expect(matchGroups(input)).toEqual(matchGroups(structuredClone(input)));
  });

  test('the order members are listed in does not change the groups', () => {
    const candidates = team(15);
    const input = inputFor({ candidates, seed: 3 });
    expect(matchGroups({ ...input, candidates: [...candidates].reverse() })).toEqual(matchGroups(input));
  });
});

describe('new encounters first', () => {
  test.each([
    ['halving', halvingFactorization],
    ['circle', circleFactorization],
  ])('the %s round-robin has everyone meet everyone exactly once, for every team size up to 200', (_, factorization) => {
    const faults: string[] = [];
    for (let m = 2; m <= 200; m += 2) {
      const schedule = factorization(m);
      const met = new Set<number>();
      for (let s = 0; s < schedule.rounds; s++) {
        const pairs = schedule.pairs(s);
        if (new Set(pairs.flat()).size !== m) faults.push(`${m}: round ${s} is not everyone in pairs`);
        for (const [x, y] of pairs) {
          if (schedule.roundOf(x, y) !== s || schedule.roundOf(y, x) !== s) faults.push(`${m}: ${x} and ${y} misplaced`);
          met.add(Math.min(x, y) * m + Math.max(x, y));
        }
      }
      if (schedule.rounds !== m - 1 || met.size !== (m * (m - 1)) / 2) faults.push(`${m}: ${met.size} pairs in ${schedule.rounds} rounds`);
    }
    expect(faults).toEqual([]);
  });

  test.each([6, 10, 20, 50, 100])('in a stable team of %i, everyone meets all the others before meeting anyone twice', (n) => {
    const { distinctPairs, firstRepeat } = playRounds(team(n), n - 1);
    expect(firstRepeat).toBeUndefined();
    expect(distinctPairs).toBe((n * (n - 1)) / 2);
  });

  test('the full cycle does not depend on the seeds or the ids: five teams of 20, all complete', () => {
    for (const [seedBase, prefix] of [
      [2, 'a'],
      [3, '29:1x'],
      [4, 'user'],
      [5, 'p'],
      [6, 'zz'],
    ] as const) {
      const { distinctPairs } = playRounds(team(20, prefix), 19, seedBase);
      expect(distinctPairs).toBe(190);
    }
  });

  test('once everyone has met, the next round brings back the oldest encounters first', () => {
    const { results, history } = playRounds(team(6), 5);
    const next = matchGroups(inputFor({ candidates: team(6), history, round: 6, seed: 99 }));
    expect(next.groups).toEqual(results[0]!.groups);
  });

  test('someone returning after a break meets people they have not met yet', () => {
    const { history } = playRounds(team(10), 4);
    const result = matchGroups(inputFor({ candidates: [...team(10), { id: 'member-new' }, { id: 'member-newer' }], history, round: 5 }));
    const met = new Set(history.map((h) => key(h.a, h.b)));
    expect(encounters(result.groups).filter(([a, b]) => met.has(key(a, b)))).toEqual([]);
  });

  test.each([
    [11, 6],
    [21, 14],
    [51, 41],
  ])('in a stable team of %i (one trio a round), nobody meets anyone twice for the first %i rounds', (n, rounds) => {
    // A trio makes three encounters, so r rounds use r(n+3)/2 of the n(n-1)/2 pairs: 7, 17 and
    // 47 rounds at the very most.
    expect(playRounds(team(n), rounds).firstRepeat).toBeUndefined();
  });

  test('in a team of 21, nobody is in the trio two rounds running while new encounters remain', () => {
    const { trioTwiceInARow, firstRepeat } = playRounds(team(21), 21);
    expect(firstRepeat).toBeGreaterThan(14);
    expect(trioTwiceInARow).toBe(0);
  });

  test('last round’s trio members are not put in the trio again when others can take their place', () => {
    const lastTrio = ['member-001', 'member-002', 'member-003'];
    for (let seed = 1; seed <= 20; seed++) {
      const { groups } = matchGroups(inputFor({ candidates: team(9), lastTrio, seed }));
      const trio = groups.find((g) => g.length === 3)!;
      expect(trio.filter((id) => lastTrio.includes(id))).toEqual([]);
    }
  });
});

describe('group sizes', () => {
  test('an odd number of people makes exactly one trio, and nobody is left out', () => {
    const candidates = team(13);
    const result = matchGroups(inputFor({ candidates }));
    expect(result.groups.map((g) => g.length).sort()).toEqual([2, 2, 2, 2, 2, 3]);
    expect(result.unmatched).toEqual([]);
    expectEveryoneOnce(candidates, result);
  });

  test('a lone member is reported as unmatched, to be told there was no partner this time', () => {
    expect(matchGroups(inputFor({ candidates: team(1) }))).toEqual({ groups: [], unmatched: ['member-001'] });
    expect(matchGroups(inputFor({ candidates: [] }))).toEqual({ groups: [], unmatched: [] });
  });

  test('two people meet even when they have met before', () => {
    const history = [{ a: 'member-001', b: 'member-002', round: 1 }];
    expect(matchGroups(inputFor({ candidates: team(2), history, round: 2 })).groups).toEqual([['member-001', 'member-002']]);
  });

  test('with groups of three, one left over joins a trio and two left over meet as a pair', () => {
    const sizes = (n: number) =>
      matchGroups(inputFor({ candidates: team(n), groupSize: 3 }))
        .groups.map((g) => g.length)
        .sort();
    expect(sizes(9)).toEqual([3, 3, 3]);
    expect(sizes(10)).toEqual([3, 3, 4]);
    expect(sizes(11)).toEqual([2, 3, 3, 3]);
    expect(sizes(4)).toEqual([4]);
    expect(sizes(5)).toEqual([2, 3]);
    expect(sizes(2)).toEqual([2]);
  });

  test('nobody is ever in a group alone, whatever the count and group size', () => {
    for (const groupSize of [2, 3] as const) {
      for (let n = 2; n <= 40; n++) {
        const candidates = team(n);
        const result = matchGroups(inputFor({ candidates, groupSize, seed: n }));
        expect(result.groups.every((g) => g.length >= 2 && g.length <= groupSize + 1)).toBe(true);
        expect(result.groups.map((g) => g.length).sort()).toEqual([...groupSizes(n, groupSize)].sort());
        expectEveryoneOnce(candidates, result);
      }
    }
  });

  test('trios also favour people who have not met', () => {
    const candidates = team(12);
    const history: PairHistory = [];
    const met = new Set<string>();
    for (let round = 1; round <= 3; round++) {
      const { groups } = matchGroups(inputFor({ candidates, history, groupSize: 3, round, seed: round }));
      for (const [a, b] of encounters(groups)) {
        expect(met.has(key(a, b))).toBe(false);
        met.add(key(a, b));
        history.push({ a, b, round });
      }
    }
    // Four trios a round, three encounters each: 36 encounters, none of them twice.
    expect(met.size).toBe(36);
  });
});

describe('blocks', () => {
  test('blocked pairs are never grouped, whichever way round the block was made', () => {
    const candidates = team(30);
    const random = seededRandom(9);
    const blocked: [string, string][] = Array.from({ length: 60 }, () => {
      const a = candidates[Math.floor(random() * 30)]!.id;
      const b = candidates[Math.floor(random() * 30)]!.id;
      return random() < 0.5 ? [a, b] : [b, a];
    });
    const blockedKeys = new Set(blocked.map(([a, b]) => key(a, b)));
    for (const groupSize of [2, 3] as const) {
      for (let seed = 1; seed <= 10; seed++) {
        const result = matchGroups(inputFor({ candidates, blocked, groupSize, seed }));
        expect(encounters(result.groups).filter(([a, b]) => blockedKeys.has(key(a, b)))).toEqual([]);
        // Nobody is left out to keep the blocks: everyone of the 30 is in a group.
        expect(result.unmatched).toEqual([]);
        expectEveryoneOnce(candidates, result);
      }
    }
  });

  test('someone blocked with everyone available is reported unmatched, never silently dropped', () => {
    const candidates = team(8);
    const blocked = candidates.slice(1).map((c) => ['member-001', c.id] as [string, string]);
    const result = matchGroups(inputFor({ candidates, blocked }));
    expect(result.unmatched).toEqual(['member-001']);
    expect(result.groups.map((g) => g.length).sort()).toEqual([2, 2, 3]);
    expectEveryoneOnce(candidates, result);
  });

  test('two people who blocked each other are both reported, not paired', () => {
    const result = matchGroups(inputFor({ candidates: team(2), blocked: [['member-002', 'member-001']] }));
    expect(result).toEqual({ groups: [], unmatched: ['member-001', 'member-002'] });
  });

  test('when blocks rule out the trio, as many people as possible still meet', () => {
    const candidates = team(3);
    const result = matchGroups(inputFor({ candidates, blocked: [['member-001', 'member-002']] }));
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0]).toContain('member-003');
    expect(result.unmatched).toHaveLength(1);
    expectEveryoneOnce(candidates, result);
  });

  test('a block is kept even when it means a repeat encounter', () => {
    const candidates = team(4);
    const history = [
      { a: 'member-001', b: 'member-003', round: 1 },
      { a: 'member-002', b: 'member-004', round: 1 },
      { a: 'member-001', b: 'member-004', round: 2 },
      { a: 'member-002', b: 'member-003', round: 2 },
    ];
    const result = matchGroups(inputFor({ candidates, history, round: 3, blocked: [['member-001', 'member-002']] }));
    expect(result.groups).toEqual([
      ['member-001', 'member-003'],
      ['member-002', 'member-004'],
    ]);
  });
});

describe('soft preferences', () => {
  const london = (id: string): Candidate => ({ id, timeZone: 'Europe/London', workStartHour: 9, workEndHour: 17 });
  const tokyo = (id: string): Candidate => ({ id, timeZone: 'Asia/Tokyo', workStartHour: 9, workEndHour: 17 });

  test('people are paired with someone whose working hours overlap theirs', () => {
    const candidates = [london('ana'), tokyo('ben'), london('cleo'), tokyo('dai'), london('eve'), tokyo('fumi'), london('gus'), tokyo('hana')];
    for (let seed = 1; seed <= 10; seed++) {
      const { groups } = matchGroups(inputFor({ candidates, seed }));
      expect(groups).toHaveLength(4);
      for (const g of groups) expect(new Set(g.map((id) => candidates.find((c) => c.id === id)!.timeZone)).size).toBe(1);
    }
  });

  test('working hours never cause a repeat while someone new is available', () => {
    const candidates = [london('ana'), london('cleo'), tokyo('ben'), tokyo('dai')];
    const history = [
      { a: 'ana', b: 'cleo', round: 1 },
      { a: 'ben', b: 'dai', round: 1 },
    ];
    const { groups } = matchGroups(inputFor({ candidates, history, round: 2 }));
    expect(groups).toHaveLength(2);
    for (const [a, b] of encounters(groups)) expect(['ana|cleo', 'ben|dai']).not.toContain(key(a, b));
  });

  test('when a programme spans several teams, people meet someone from another team', () => {
    const candidates = ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'].map((id) => ({ id, group: id[0] }));
    for (let seed = 1; seed <= 10; seed++) {
      const { groups } = matchGroups(inputFor({ candidates, seed }));
      expect(groups.flat().sort()).toEqual(candidates.map((c) => c.id).sort());
      for (const [x, y] of encounters(groups)) expect(x[0]).not.toBe(y[0]);
    }
  });

  test('trios mix teams too', () => {
    const candidates = ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'].map((id) => ({ id, group: id[0] }));
    const { groups } = matchGroups(inputFor({ candidates, groupSize: 3 }));
    expect(groups).toHaveLength(2);
    for (const g of groups) expect(new Set(g.map((id) => id[0])).size).toBe(2);
  });

  test('in a team spread over time zones and teams, everyone still meets everyone before anyone twice', () => {
    const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata'];
    const candidates = team(24).map((c, i) => ({ ...c, timeZone: zones[i % 3], group: `team-${i % 4}` }));
    const history: PairHistory = [];
    const met = new Set<string>();
    for (let round = 1; round <= 23; round++) {
      const { groups } = matchGroups(inputFor({ candidates, history, round, seed: round }));
      for (const [a, b] of encounters(groups)) {
        met.add(key(a, b));
        history.push({ a, b, round });
      }
    }
    expect(met.size).toBe((24 * 23) / 2);
  });

  test('in a large programme across six time zones, nearly everyone meets someone whose hours overlap theirs', () => {
    const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Tokyo'];
    const candidates = team(2000).map((c, i) => ({
      ...c,
      timeZone: zones[i % 6],
      workStartHour: 9,
      workEndHour: 17,
      group: `team-${i % 10}`,
    }));
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const at = Date.parse('2026-01-15T12:00:00Z');
    const { groups } = matchGroups(inputFor({ candidates }));
    const sharedHours = groups.map(([a, b]) => {
      const [x, y] = [byId.get(a!)!, byId.get(b!)!];
      return overlapMinutes(utcWindow(x.timeZone, 9, 17, at, new Map())!, utcWindow(y.timeZone, 9, 17, at, new Map())!) / 60;
    });
    expect(sharedHours.filter((h) => h >= 4).length / groups.length).toBeGreaterThan(0.95);
  });

  test('working hours follow summer time on the round’s date', () => {
    // Lagos keeps UTC+1 all year; London is UTC+0 in winter and UTC+1 in summer.
    const at = (date: string) => Date.parse(`${date}T12:00:00Z`);
    const shared = (date: string) =>
      overlapMinutes(utcWindow('Europe/London', 9, 10, at(date), new Map())!, utcWindow('Africa/Lagos', 9, 10, at(date), new Map())!);
    expect(shared('2026-01-15')).toBe(0);
    expect(shared('2026-07-15')).toBe(60);
  });

  test('working days that cross midnight in UTC still overlap', () => {
    const at = Date.parse('2026-01-15T12:00:00Z');
    const sydney = utcWindow('Australia/Sydney', 9, 17, at, new Map())!; // 22:00 to 06:00 UTC
    const auckland = utcWindow('Pacific/Auckland', 9, 17, at, new Map())!; // 20:00 to 04:00 UTC
    expect(overlapMinutes(sydney, auckland)).toBe(6 * 60);
    expect(utcWindow('Not/AZone', 9, 17, at, new Map())).toBeUndefined();
  });
});

describe('scale', () => {
  // Speed is measured by `npm run bench -- pairing`, not here.
  test('10,000 members with a year of weekly history are all matched, none with someone they met', () => {
    const candidates = team(10_000, '29:user');
    const random = seededRandom(5);
    const history: PairHistory = [];
    for (let round = 1; round <= 52; round++) {
      const ids = candidates.map((c) => c.id);
      for (let i = ids.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      }
      for (let i = 0; i + 1 < ids.length; i += 2) history.push({ a: ids[i]!, b: ids[i + 1]!, round });
    }
    const result = matchGroups(inputFor({ candidates, history, round: 53 }));
    expect(result.groups).toHaveLength(5000);
    const met = new Set(history.map((h) => key(h.a, h.b)));
    expect(encounters(result.groups).filter(([a, b]) => met.has(key(a, b)))).toEqual([]);
  });
});
