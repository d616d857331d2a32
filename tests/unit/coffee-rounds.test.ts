import { queueFollowUps } from '../../bot/domain/coffee/follow-up';
import { join, leave, pause, programmeFor } from '../../bot/domain/coffee/membership';
import { DEFAULT_PROGRAMME_SETTINGS, type Member, type Programme } from '../../bot/domain/coffee/model';
import { CONVERSATION_STARTERS, planRound, runRound, type RoundDeps, type RoundPlan, type RunRoundResult } from '../../bot/domain/coffee/rounds';
import { followUpAt } from '../../bot/domain/coffee/schedule';
import type { Storage } from '../../bot/storage/ports';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import { DAY, HOUR, ManualClock } from '../fixtures/clock';
import { counterIds } from '../fixtures/random';

const WEEK = 7 * DAY;
const TEAM = '19:team-coffee@thread.tacv2';

const id = (n: number) => `29:1user-${String(n).padStart(2, '0')}`;

const member = (n: number, overrides: Partial<Member> = {}): Member => ({
  programmeId: TEAM,
  userId: id(n),
  name: `Person ${n}`,
  status: 'active',
  silentRounds: 0,
  joinedAt: new Date('2026-01-01T00:00:00.000Z'),
  ...overrides,
});

const team = (count: number, overrides: (n: number) => Partial<Member> = () => ({})) =>
  Array.from({ length: count }, (_, i) => member(i + 1, overrides(i + 1)));

const fixedProgramme = (overrides: Partial<Programme> = {}): Programme => ({
  id: TEAM,
  tenantId: 'tenant-1',
  reference: {},
  organisers: [],
  settings: DEFAULT_PROGRAMME_SETTINGS,
  roundSeq: 4,
  nextRoundAt: new Date('2026-11-30T10:00:00.000Z'),
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  ...overrides,
});

const NOW = new Date('2026-11-30T10:00:00.000Z');

const plan = (members: Member[], overrides: { programme?: Programme; blocks?: [string, string][]; roundId?: string } = {}) =>
  planRound({
    programme: overrides.programme ?? fixedProgramme(),
    members,
    history: [],
    blocks: overrides.blocks ?? [],
    now: NOW,
    roundId: overrides.roundId ?? 'round-x',
  });

const pairsOf = (group: string[]) => group.flatMap((a, i) => group.slice(i + 1).map((b) => [a, b].sort().join('|')));

/** Feeds a plan's outcome back, the way storage would, for the next round. */
function applyPlan(members: Member[], { memberUpdates }: RoundPlan): Member[] {
  const updated = new Map(memberUpdates.map((m) => [m.userId, m]));
  return members.map((m) => updated.get(m.userId) ?? m);
}

describe('planning a round', () => {
  const now = NOW;
  const members = [
    ...team(7),
    member(8, { pausedUntil: new Date(now.getTime() + WEEK) }),
    member(9, { status: 'left' }),
    member(10, { pausedUntil: new Date(now.getTime() - 1) }),
  ];
  const eligibleIds = [...team(7).map((m) => m.userId), id(10)].sort();

  test('every member taking part is in exactly one group (or told there is nobody this time)', () => {
    const { round } = plan(members);
    const everyone = [...round.groups.flatMap((g) => g.members), ...round.unmatched];
    expect([...everyone].sort()).toEqual(eligibleIds);
    expect(new Set(everyone).size).toBe(everyone.length);
    // Eight people in pairs: nobody left over.
    expect(round.unmatched).toEqual([]);
    expect(round.groups.map((g) => g.members.length)).toEqual([2, 2, 2, 2]);
  });

  test('paused members and those who left are never in a group, unmatched or told anything', () => {
    const result = plan(members);
    const mentioned = [
      ...result.round.groups.flatMap((g) => [...g.members, g.captain]),
      ...result.round.unmatched,
      ...result.deliveries.map((d) => d.userId),
      ...result.encounters.flatMap((e) => [e.a, e.b]),
      ...result.memberUpdates.map((m) => m.userId),
    ];
    expect(mentioned).not.toContain(id(8));
    expect(mentioned).not.toContain(id(9));
  });

  test('an odd count makes one group of three rather than leaving someone out', () => {
    const { round } = plan(team(7));
    expect(round.groups.map((g) => g.members.length).sort()).toEqual([2, 2, 3]);
    expect(round.unmatched).toEqual([]);
  });

  test('each member gets exactly one message about the round: their pairing', () => {
    const { deliveries, round } = plan(team(7), { roundId: 'round-42' });
    expect(deliveries.map((d) => d.userId).sort()).toEqual(
      team(7)
        .map((m) => m.userId)
        .sort(),
    );
    for (const d of deliveries) {
      expect(d).toEqual({ roundId: 'round-42', userId: d.userId, kind: 'pairing', status: 'pending', attempts: 0, updatedAt: now });
    }
    expect(round.id).toBe('round-42');
  });

  test('a lone member gets one "no partner this time" message and no pairing', () => {
    const { round, deliveries, encounters } = plan([member(1), member(2, { status: 'left' })]);
    expect(round.groups).toEqual([]);
    expect(round.unmatched).toEqual([id(1)]);
    expect(deliveries).toEqual([{ roundId: 'round-x', userId: id(1), kind: 'unmatched', status: 'pending', attempts: 0, updatedAt: now }]);
    expect(encounters).toEqual([]);
  });

  test('the encounters remembered are every pair in every group, for this round', () => {
    const { round, encounters } = plan(team(7));
    expect(encounters.every((e) => e.round === 5)).toBe(true);
    const remembered = encounters.map((e) => [e.a, e.b].sort().join('|')).sort();
    expect(remembered).toEqual(round.groups.flatMap((g) => pairsOf(g.members)).sort());
    // Two pairs and a trio: 1 + 1 + 3.
    expect(remembered).toHaveLength(5);
  });

  test('the round is the programme’s next one, notifying, with its follow-up scheduled', () => {
    const { round } = plan(team(4));
    expect(round).toMatchObject({ programmeId: TEAM, seq: 5, status: 'notifying', startedAt: now });
    expect(round.followUpAt).toEqual(followUpAt(DEFAULT_PROGRAMME_SETTINGS, now));
    expect(round.groups).toHaveLength(2);
    for (const g of round.groups) {
      expect(g.members).toContain(g.captain);
      expect(CONVERSATION_STARTERS).toContain(g.starter);
    }
  });

  test('the same programme, members and round give the same plan', () => {
    expect(plan(team(9))).toEqual(plan(team(9)));
  });

  test('a blocked pair is never put together', () => {
    const blocks: [string, string][] = [
      [id(1), id(2)],
      [id(3), id(1)],
    ];
    for (let seq = 0; seq < 20; seq++) {
      const { round } = plan(team(4), { programme: fixedProgramme({ roundSeq: seq }), blocks });
      const together = round.groups.flatMap((g) => pairsOf(g.members));
      expect(together).toHaveLength(2);
      expect(together).not.toContain([id(1), id(2)].sort().join('|'));
      expect(together).not.toContain([id(1), id(3)].sort().join('|'));
    }
  });
});

describe('the captain', () => {
  test('is the member who was captain least recently', () => {
    const { round } = plan([member(1, { lastCaptainRound: 3 }), member(2, { lastCaptainRound: 1 })]);
    expect(round.groups[0]!.captain).toBe(id(2));
  });

  test('someone who has never been captain goes first', () => {
    const { round } = plan([member(1, { lastCaptainRound: 0 }), member(2)]);
    expect(round.groups[0]!.captain).toBe(id(2));
    const trio = plan([member(1, { lastCaptainRound: 2 }), member(2, { lastCaptainRound: 1 }), member(3)]);
    expect(trio.round.groups[0]!.captain).toBe(id(3));
  });

  test('becomes this round’s captain in storage; the other member is unchanged', () => {
    const { round, memberUpdates } = plan([member(1, { lastCaptainRound: 3 }), member(2, { lastCaptainRound: 1 })]);
    expect(round.groups[0]!.captain).toBe(id(2));
    expect(memberUpdates).toEqual([member(2, { lastCaptainRound: 5 })]);
  });

  test('in a stable pair, the captain alternates round after round', () => {
    let members = team(2);
    const captains: string[] = [];
    for (let seq = 0; seq < 6; seq++) {
      const result = plan(members, { programme: fixedProgramme({ roundSeq: seq }) });
      captains.push(result.round.groups[0]!.captain);
      members = applyPlan(members, result);
    }
    expect(captains[1]).not.toBe(captains[0]);
    expect(captains).toEqual([captains[0], captains[1], captains[0], captains[1], captains[0], captains[1]]);
  });

  test('in a stable trio, all three take a turn before anyone is captain again', () => {
    let members = team(3);
    const captains: string[] = [];
    for (let seq = 0; seq < 6; seq++) {
      const result = plan(members, { programme: fixedProgramme({ roundSeq: seq }) });
      captains.push(result.round.groups[0]!.captain);
      members = applyPlan(members, result);
    }
    expect(new Set(captains.slice(0, 3)).size).toBe(3);
    expect(captains.slice(3)).toEqual(captains.slice(0, 3));
  });
});

describe('the trio', () => {
  test('its members are remembered as this round’s trio, the pairs are not', () => {
    const { round, memberUpdates } = plan(team(5));
    const trio = round.groups.find((g) => g.members.length === 3)!;
    const updates = new Map(memberUpdates.map((m) => [m.userId, m]));
    expect(round.groups.map((g) => g.members.length).sort()).toEqual([2, 3]);
    for (const userId of trio.members) expect(updates.get(userId)?.lastTrioRound).toBe(5);
    for (const g of round.groups.filter((g) => g.members.length === 2)) {
      for (const userId of g.members) expect(updates.get(userId)?.lastTrioRound).toBeUndefined();
    }
  });

  test('only members whose captain or trio round changed are saved', () => {
    const { round, memberUpdates } = plan(team(4));
    expect(memberUpdates.map((m) => m.userId).sort()).toEqual(round.groups.map((g) => g.captain).sort());
  });
});

describe('running a round', () => {
  let storage: Storage;
  let clock: ManualClock;
  let deps: RoundDeps;

  beforeEach(async () => {
    storage = openSqliteStorage(':memory:');
    // A Wednesday: the first round is Monday 30 November at 10:00 UTC (the default settings).
    clock = new ManualClock(new Date('2026-11-25T09:00:00.000Z'));
    deps = { programmes: storage.programmes, rounds: storage.rounds, clock, newId: counterIds('round') };
    const programme = await programmeFor(deps, { id: TEAM, tenantId: 'tenant-1', reference: {}, organiser: 'organiser' });
    expect(programme.nextRoundAt).toEqual(new Date('2026-11-30T10:00:00.000Z'));
  });

  afterEach(async () => {
    await storage.close();
  });

  const current = async () => (await storage.programmes.get(TEAM))!;
  const joinAll = async (count: number) => {
    const programme = await current();
    for (let n = 1; n <= count; n++) await join(deps, { programme, person: { userId: id(n), name: `Person ${n}` } });
  };
  const run = async (trigger: 'schedule' | 'manual' = 'schedule', programme?: Programme) =>
    runRound(deps, { programme: programme ?? (await current()), members: await storage.programmes.members(TEAM), trigger });
  const startedRound = (result: RunRoundResult) => {
    if (result.kind !== 'started') throw new Error(`expected a round, got ${result.kind}`);
    return result.round;
  };
  const toNextRound = async () => {
    clock.advance((await current()).nextRoundAt!.getTime() - clock.now().getTime());
  };

  test('two instances running the same round at once: one runs it, the other is told it is taken', async () => {
    await joinAll(6);
    await toNextRound();
    const snapshot = await current();
    const members = await storage.programmes.members(TEAM);
    const results = await Promise.all([
      runRound(deps, { programme: snapshot, members, trigger: 'schedule' }),
      runRound(deps, { programme: snapshot, members, trigger: 'schedule' }),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['already-claimed', 'started']);

    const round = startedRound(results.find((r) => r.kind === 'started')!);
    expect((await current()).roundSeq).toBe(1);
    expect(await storage.rounds.latest(TEAM)).toEqual(round);
    // The loser's round was never stored: its id is round-1 or round-2, whichever is not the winner's.
    const loserId = round.id === 'round-1' ? 'round-2' : 'round-1';
    expect(await storage.rounds.get(loserId)).toBeUndefined();
    expect(await storage.rounds.deliveries(loserId)).toEqual([]);
    // Everyone told once; encounters stored once.
    expect((await storage.rounds.deliveries(round.id)).map((d) => d.userId).sort()).toEqual([1, 2, 3, 4, 5, 6].map(id));
    expect(await storage.rounds.history(TEAM)).toHaveLength(3);
  });

  test('a retry with an old view of the programme (after a restart) does not run the round again', async () => {
    await joinAll(4);
    await toNextRound();
    const before = await current();
    startedRound(await run('schedule', before));
    expect(await run('schedule', before)).toEqual({ kind: 'already-claimed' });
    expect((await storage.rounds.latest(TEAM))?.seq).toBe(1);
  });

  test('a scheduled round moves the programme to the next Monday', async () => {
    await joinAll(4);
    await toNextRound();
    const round = startedRound(await run('schedule'));
    expect(round.seq).toBe(1);
    const after = await current();
    expect(after.roundSeq).toBe(1);
    expect(after.nextRoundAt).toEqual(new Date('2026-12-07T10:00:00.000Z'));
  });

  test('a scheduled round caught up late still moves on to the following Monday, not later', async () => {
    await joinAll(4);
    await toNextRound();
    clock.advance(3 * HOUR);
    startedRound(await run('schedule'));
    expect((await current()).nextRoundAt).toEqual(new Date('2026-12-07T10:00:00.000Z'));
  });

  test('a round started by hand keeps the scheduled one where it was', async () => {
    await joinAll(4);
    clock.advance(DAY); // Thursday
    const round = startedRound(await run('manual'));
    expect(round.startedAt).toEqual(clock.now());
    const after = await current();
    expect(after.roundSeq).toBe(1);
    expect(after.nextRoundAt).toEqual(new Date('2026-11-30T10:00:00.000Z'));
  });

  test('with nobody to pair, the schedule moves on and no round is stored', async () => {
    await toNextRound();
    expect(await run('schedule')).toEqual({ kind: 'not-enough-members', eligible: 0 });
    const after = await current();
    expect(after.roundSeq).toBe(0);
    expect(after.nextRoundAt).toEqual(new Date('2026-12-07T10:00:00.000Z'));
    expect(await storage.rounds.latest(TEAM)).toBeUndefined();
  });

  test('when everyone is paused, nobody is paired and the schedule moves on', async () => {
    await joinAll(3);
    const programme = await current();
    for (let n = 1; n <= 3; n++) await pause(deps, { programme, userId: id(n), weeks: 2 });
    await toNextRound();
    expect(await run('schedule')).toEqual({ kind: 'not-enough-members', eligible: 0 });
    expect(await storage.rounds.latest(TEAM)).toBeUndefined();
    expect((await current()).nextRoundAt).toEqual(new Date('2026-12-07T10:00:00.000Z'));
  });

  test('running a new round closes the previous one', async () => {
    await joinAll(4);
    await toNextRound();
    const first = startedRound(await run('schedule'));
    await toNextRound();
    const second = startedRound(await run('schedule'));
    expect(second.seq).toBe(2);
    expect(await storage.rounds.get(first.id)).toMatchObject({ status: 'closed', closedAt: clock.now() });
    expect((await storage.rounds.latest(TEAM))?.id).toBe(second.id);
  });

  test('a member paused since the last round is not paired in the next one', async () => {
    await joinAll(4);
    await toNextRound();
    startedRound(await run('schedule'));
    // The roster the scheduler passes in was read before the pause.
    const members = await storage.programmes.members(TEAM);
    await pause(deps, { programme: await current(), userId: id(1), weeks: 2 });
    await toNextRound();
    const round = startedRound(await runRound(deps, { programme: await current(), members, trigger: 'schedule' }));
    expect([...round.groups.flatMap((g) => g.members), ...round.unmatched]).not.toContain(id(1));
  });

  test('someone who leaves while the round is being prepared is not paired and stays left', async () => {
    await joinAll(2);
    await toNextRound();
    const first = startedRound(await run('schedule'));
    const notCaptainYet = first.groups[0]!.members.find((m) => m !== first.groups[0]!.captain)!;
    await toNextRound();
    // The scheduler reads the roster (a call to Teams) before running the round; meanwhile they leave.
    const roster = await storage.programmes.members(TEAM);
    await leave(deps, { programme: await current(), userId: notCaptainYet });
    const round = startedRound(await runRound(deps, { programme: await current(), members: roster, trigger: 'schedule' }));
    // Only the captain is left: told there is no partner this time.
    expect(round.groups).toEqual([]);
    expect(round.unmatched).toEqual([first.groups[0]!.captain]);
    expect((await storage.programmes.getMember(TEAM, notCaptainYet))?.status).toBe('left');
  });

  test('someone who pauses while the first round is being prepared is not paired and stays paused', async () => {
    await joinAll(2);
    await toNextRound();
    const roster = await storage.programmes.members(TEAM);
    const paused = await pause(deps, { programme: await current(), userId: id(1), weeks: 2 });
    const result = await runRound(deps, { programme: await current(), members: roster, trigger: 'schedule' });
    const round = startedRound(result);
    expect(round.groups).toEqual([]);
    expect(round.unmatched).toEqual([id(2)]);
    expect((await storage.programmes.getMember(TEAM, id(1)))?.pausedUntil).toEqual(paused.kind === 'paused' ? paused.until : 'not paused');
  });

  test('a round keeps what the roster check refreshed (names) and what closing the previous round counted', async () => {
    await joinAll(2);
    await toNextRound();
    const first = startedRound(await run('schedule'));
    await queueFollowUps(deps, first);
    await toNextRound();
    const roster = (await storage.programmes.members(TEAM)).map((m) => ({ ...m, name: `${m.name} (renamed)` }));
    for (const m of roster) await storage.programmes.saveMember(m);
    startedRound(await runRound(deps, { programme: await current(), members: roster, trigger: 'schedule' }));
    const after = await storage.programmes.members(TEAM);
    expect(after).toHaveLength(2);
    for (const m of after) {
      expect(m.name).toMatch(/renamed/);
      expect(m.silentRounds).toBe(1);
    }
  });

  test('captains rotate across consecutive rounds in a stable pair, remembered in storage', async () => {
    await joinAll(2);
    const captains: string[] = [];
    for (let i = 0; i < 4; i++) {
      await toNextRound();
      captains.push(startedRound(await run('schedule')).groups[0]!.captain);
    }
    expect(captains[1]).not.toBe(captains[0]);
    expect(captains).toEqual([captains[0], captains[1], captains[0], captains[1]]);
    expect((await storage.programmes.getMember(TEAM, captains[3]!))?.lastCaptainRound).toBe(4);
    expect((await storage.programmes.getMember(TEAM, captains[2]!))?.lastCaptainRound).toBe(3);
  });

  test('the trio’s members are remembered as having been in the trio this round', async () => {
    await joinAll(5);
    await toNextRound();
    const round = startedRound(await run('schedule'));
    const trio = round.groups.find((g) => g.members.length === 3)!;
    const members = await storage.programmes.members(TEAM);
    expect(members).toHaveLength(5);
    for (const m of members) {
      expect(m.lastTrioRound).toBe(trio.members.includes(m.userId) ? 1 : undefined);
    }
  });

  test('two instances closing the previous round at once never count a silence twice', async () => {
    await joinAll(2);
    await toNextRound();
    const first = startedRound(await run('schedule'));
    await queueFollowUps(deps, first);
    await toNextRound();
    const snapshot = await current();
    const members = await storage.programmes.members(TEAM);
    const results = await Promise.all([
      runRound(deps, { programme: snapshot, members, trigger: 'schedule' }),
      runRound(deps, { programme: snapshot, members, trigger: 'schedule' }),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['already-claimed', 'started']);
    expect(await storage.rounds.get(first.id)).toMatchObject({ status: 'closed', closedAt: clock.now() });
    expect((await storage.programmes.members(TEAM)).map((m) => m.silentRounds)).toEqual([1, 1]);
  });

  test('members paused for silence by one instance are never paired by another planning the next round at once', async () => {
    await joinAll(4);
    for (const m of await storage.programmes.members(TEAM)) await storage.programmes.saveMember({ ...m, silentRounds: 2 });
    await toNextRound();
    const first = startedRound(await run('schedule'));
    await queueFollowUps(deps, first);
    await storage.rounds.recordAnswer(first.id, id(1), 'yes', clock.now());
    await toNextRound();
    const snapshot = await current();
    const members = await storage.programmes.members(TEAM);
    const results = await Promise.all([
      runRound(deps, { programme: snapshot, members, trigger: 'schedule' }),
      runRound(deps, { programme: snapshot, members, trigger: 'schedule' }),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['already-claimed', 'started']);
    const round = startedRound(results.find((r) => r.kind === 'started')!);
    // Only the one who answered is in the round (alone, so told there is no partner this time).
    expect(round.unmatched).toEqual([id(1)]);
    const paired = round.groups.flatMap((g) => g.members);
    for (const n of [2, 3, 4]) {
      expect(paired).not.toContain(id(n));
      expect((await storage.programmes.getMember(TEAM, id(n)))?.pausedUntil).toBeDefined();
    }
  });
});
