import { closeRound, queueFollowUps, recordMeetAnswer, roundStats, SILENT_ROUNDS_BEFORE_PAUSE } from '../../bot/domain/coffee/follow-up';
import { join, leave, programmeFor } from '../../bot/domain/coffee/membership';
import type { MeetAnswer, Round } from '../../bot/domain/coffee/model';
import { runRound, type RoundDeps, type RunRoundResult } from '../../bot/domain/coffee/rounds';
import type { Storage } from '../../bot/storage/ports';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import { DAY, HOUR, ManualClock } from '../fixtures/clock';
import { counterIds } from '../fixtures/random';

const WEEK = 7 * DAY;
const TEAM = '19:team-coffee@thread.tacv2';
const id = (n: number) => `29:1user-${n}`;

let storage: Storage;
let clock: ManualClock;
let deps: RoundDeps;

beforeEach(async () => {
  storage = openSqliteStorage(':memory:');
  clock = new ManualClock(new Date('2026-11-25T09:00:00.000Z'));
  deps = { programmes: storage.programmes, rounds: storage.rounds, clock, newId: counterIds('round') };
  await programmeFor(deps, { id: TEAM, tenantId: 'tenant-1', reference: {}, organiser: 'organiser' });
});

afterEach(async () => {
  await storage.close();
});

const current = async () => (await storage.programmes.get(TEAM))!;
const member = (userId: string) => storage.programmes.getMember(TEAM, userId);

async function joinAll(count: number) {
  const programme = await current();
  for (let n = 1; n <= count; n++) await join(deps, { programme, person: { userId: id(n), name: `Person ${n}` } });
}

function startedRound(result: RunRoundResult): Round {
  if (result.kind !== 'started') throw new Error(`expected a round, got ${result.kind}`);
  return result.round;
}

/** Moves the clock to the next scheduled round and runs it. */
async function nextRound(): Promise<Round> {
  clock.advance((await current()).nextRoundAt!.getTime() - clock.now().getTime());
  return startedRound(await runRound(deps, { programme: await current(), members: await storage.programmes.members(TEAM), trigger: 'schedule' }));
}

const stored = async (roundId: string) => (await storage.rounds.get(roundId))!;
const followUps = async (roundId: string) => (await storage.rounds.deliveries(roundId)).filter((d) => d.kind === 'follow-up');

/**
 * One whole round: paired, asked "Did you meet?" (unless `asked` is false), the given answers,
 * then closed. Returns who was paused at the close.
 */
async function playRound(answers: Record<string, MeetAnswer>, asked = true) {
  const round = await nextRound();
  if (asked) {
    clock.advance(5 * DAY);
    await queueFollowUps(deps, await stored(round.id));
  }
  // Only people who were asked can answer: a round not asked is played with no answers.
  const recorded: string[] = [];
  for (const [userId, answer] of Object.entries(answers)) recorded.push((await recordMeetAnswer(deps, { roundId: round.id, userId, answer })).kind);
  expect(recorded).toEqual(Object.keys(answers).map(() => 'recorded'));
  const paused = await closeRound(deps, await stored(round.id));
  return { round, paused };
}

describe('asking "Did you meet?"', () => {
  test('everyone in a group is asked once, and the round is now following up', async () => {
    await joinAll(5);
    const round = await nextRound();
    await queueFollowUps(deps, round);
    const asked = await followUps(round.id);
    expect(asked.map((d) => d.userId).sort()).toEqual([1, 2, 3, 4, 5].map(id));
    expect(asked.every((d) => d.status === 'pending' && d.attempts === 0)).toBe(true);
    expect((await stored(round.id)).status).toBe('following-up');
  });

  test('queueing the follow-up again does not ask anyone twice', async () => {
    await joinAll(4);
    const round = await nextRound();
    await queueFollowUps(deps, round);
    const [first] = await followUps(round.id);
    await storage.rounds.markDelivery(round.id, first!.userId, 'follow-up', {
      status: 'sent',
      attempts: 1,
      activityId: 'activity-1',
      updatedAt: clock.now(),
    });
    clock.advance(HOUR);
    await queueFollowUps(deps, round);
    const asked = await followUps(round.id);
    expect(asked).toHaveLength(4);
    expect(new Set(asked.map((d) => d.userId)).size).toBe(4);
    // The one already sent stays sent; it is not queued again.
    expect(asked.find((d) => d.userId === first!.userId)).toMatchObject({ status: 'sent', activityId: 'activity-1' });
  });

  test('a member who had nobody to meet is not asked whether they met', async () => {
    await joinAll(1);
    const round = await nextRound();
    expect(round.unmatched).toEqual([id(1)]);
    await queueFollowUps(deps, round);
    expect(await followUps(round.id)).toEqual([]);
  });

  test('the pairing messages are left as they were', async () => {
    await joinAll(2);
    const round = await nextRound();
    await queueFollowUps(deps, round);
    const kinds = (await storage.rounds.deliveries(round.id)).map((d) => d.kind).sort();
    expect(kinds).toEqual(['follow-up', 'follow-up', 'pairing', 'pairing']);
  });
});

describe('answering "Did you meet?"', () => {
  test('a member of the round answers and is told the size of their group', async () => {
    await joinAll(3);
    const round = await nextRound();
    await queueFollowUps(deps, round);
    expect(await recordMeetAnswer(deps, { roundId: round.id, userId: id(2), answer: 'yes' })).toEqual({ kind: 'recorded', groupSize: 3 });
    expect(await storage.rounds.answers(round.id)).toEqual([{ userId: id(2), answer: 'yes' }]);
  });

  test('changing one’s answer keeps only the latest', async () => {
    await joinAll(2);
    const round = await nextRound();
    await recordMeetAnswer(deps, { roundId: round.id, userId: id(1), answer: 'planned' });
    await recordMeetAnswer(deps, { roundId: round.id, userId: id(1), answer: 'yes' });
    expect(await storage.rounds.answers(round.id)).toEqual([{ userId: id(1), answer: 'yes' }]);
  });

  test('someone who was not in the round cannot answer for it', async () => {
    await joinAll(2);
    const round = await nextRound();
    expect(await recordMeetAnswer(deps, { roundId: round.id, userId: id(9), answer: 'yes' })).toEqual({ kind: 'not-in-round' });
    expect(await recordMeetAnswer(deps, { roundId: 'no-such-round', userId: id(1), answer: 'yes' })).toEqual({ kind: 'not-in-round' });
    expect(await storage.rounds.answers(round.id)).toEqual([]);
  });

  test('a member who had nobody to meet cannot say they met', async () => {
    await joinAll(1);
    const round = await nextRound();
    expect(await recordMeetAnswer(deps, { roundId: round.id, userId: id(1), answer: 'yes' })).toEqual({ kind: 'not-in-round' });
  });

  test('a closed round takes no more answers', async () => {
    await joinAll(2);
    const round = await nextRound();
    await queueFollowUps(deps, round);
    await closeRound(deps, await stored(round.id));
    expect(await recordMeetAnswer(deps, { roundId: round.id, userId: id(1), answer: 'yes' })).toEqual({ kind: 'closed' });
    expect(await storage.rounds.answers(round.id)).toEqual([]);
  });
});

describe('"X of Y groups met"', () => {
  const round: Round = {
    id: 'round-1',
    programmeId: TEAM,
    seq: 1,
    status: 'following-up',
    startedAt: new Date('2026-11-30T10:00:00.000Z'),
    groups: [
      { members: ['a', 'b'], captain: 'a', starter: '' },
      { members: ['c', 'd'], captain: 'c', starter: '' },
      { members: ['e', 'f', 'g'], captain: 'e', starter: '' },
      { members: ['h', 'i'], captain: 'h', starter: '' },
      { members: ['j', 'k'], captain: 'j', starter: '' },
    ],
    unmatched: ['z'],
    followUpAt: new Date('2026-12-05T10:00:00.000Z'),
  };

  test('with no answers, no group met', () => {
    expect(roundStats(round, [])).toEqual({ groups: 5, met: 0, planned: 0, answered: 0 });
  });

  test('a group met when any one of its members says yes, whatever the others said', () => {
    const stats = roundStats(round, [
      { userId: 'a', answer: 'yes' },
      { userId: 'b', answer: 'no' },
      { userId: 'f', answer: 'yes' },
      { userId: 'g', answer: 'planned' },
    ]);
    expect(stats).toMatchObject({ groups: 5, met: 2, planned: 0 });
  });

  test('both members saying yes is still one group that met', () => {
    expect(
      roundStats(round, [
        { userId: 'a', answer: 'yes' },
        { userId: 'b', answer: 'yes' },
      ]).met,
    ).toBe(1);
  });

  test('planned meetings are counted apart from those that happened', () => {
    const stats = roundStats(round, [
      { userId: 'a', answer: 'yes' },
      { userId: 'c', answer: 'planned' },
      { userId: 'd', answer: 'planned' },
      { userId: 'h', answer: 'no' },
      { userId: 'i', answer: 'planned' },
      { userId: 'j', answer: 'no' },
    ]);
    expect(stats).toEqual({ groups: 5, met: 1, planned: 2, answered: 6 });
  });
});

describe('closing a round', () => {
  test('three rounds in a row without an answer pause a member, with a friendly note', async () => {
    expect(SILENT_ROUNDS_BEFORE_PAUSE).toBe(3);
    await joinAll(2);
    // Person 1 always answers; person 2 never does.
    expect((await playRound({ [id(1)]: 'yes' })).paused).toEqual([]);
    expect((await member(id(2)))?.silentRounds).toBe(1);
    expect((await playRound({ [id(1)]: 'no' })).paused).toEqual([]);
    expect((await member(id(2)))?.silentRounds).toBe(2);
    const third = await playRound({ [id(1)]: 'yes' });
    expect(third.paused).toEqual([id(2)]);

    const silent = await member(id(2));
    expect(silent?.status).toBe('active');
    expect(silent!.pausedUntil!.getTime()).toBeGreaterThan(clock.now().getTime() + 51 * WEEK);
    expect(silent?.silentRounds).toBe(0);
    const notes = (await storage.rounds.deliveries(third.round.id)).filter((d) => d.kind === 'auto-paused');
    expect(notes).toEqual([{ roundId: third.round.id, userId: id(2), kind: 'auto-paused', status: 'pending', attempts: 0, updatedAt: clock.now() }]);
    // The member who answered is untouched.
    expect(await member(id(1))).toMatchObject({ silentRounds: 0, pausedUntil: undefined });
  });

  test('once paused for silence, the member is not paired in the next round', async () => {
    await joinAll(3);
    for (let i = 0; i < 3; i++) await playRound({ [id(1)]: 'yes', [id(2)]: 'yes' });
    const round = await nextRound();
    expect([...round.groups.flatMap((g) => g.members), ...round.unmatched]).not.toContain(id(3));
  });

  test('an answer, any answer, starts the count again', async () => {
    await joinAll(2);
    await playRound({ [id(1)]: 'yes' });
    await playRound({ [id(1)]: 'yes' });
    await playRound({ [id(1)]: 'yes', [id(2)]: 'no' });
    expect((await member(id(2)))?.silentRounds).toBe(0);
    await playRound({ [id(1)]: 'yes' });
    const fifth = await playRound({ [id(1)]: 'yes' });
    expect(fifth.paused).toEqual([]);
    expect(await member(id(2))).toMatchObject({ silentRounds: 2, pausedUntil: undefined });
  });

  test('rounds that were never followed up do not count either way', async () => {
    await joinAll(2);
    await playRound({ [id(1)]: 'yes' });
    await playRound({ [id(1)]: 'yes' });
    // Closed before anyone was asked "Did you meet?" (a new round came first).
    const unasked = await playRound({}, false);
    expect(unasked.paused).toEqual([]);
    expect((await member(id(2)))?.silentRounds).toBe(2);
    expect((await storage.rounds.deliveries(unasked.round.id)).map((d) => d.kind)).not.toContain('auto-paused');
    // The next asked-and-silent round is the third.
    expect((await playRound({ [id(1)]: 'yes' })).paused).toEqual([id(2)]);
  });

  test('a member who had nobody to meet was not asked, so their silence does not count', async () => {
    await joinAll(1);
    for (let i = 0; i < 4; i++) expect((await playRound({})).paused).toEqual([]);
    expect(await member(id(1))).toMatchObject({ silentRounds: 0, pausedUntil: undefined });
  });

  test('a member who left is not paused or told anything when the round closes', async () => {
    await joinAll(2);
    await playRound({ [id(1)]: 'yes' });
    await playRound({ [id(1)]: 'yes' });
    const round = await nextRound();
    await queueFollowUps(deps, round);
    await leave(deps, { programme: await current(), userId: id(2) });
    expect(await closeRound(deps, await stored(round.id))).toEqual([]);
    expect(await member(id(2))).toMatchObject({ status: 'left', pausedUntil: undefined });
  });

  test('the round is closed at the time of closing, and closing it again changes nothing', async () => {
    await joinAll(2);
    const round = await nextRound();
    await queueFollowUps(deps, round);
    const asked = await stored(round.id);
    clock.advance(6 * DAY);
    await closeRound(deps, asked);
    const closedAt = clock.now();
    clock.advance(HOUR);
    expect(await closeRound(deps, asked)).toEqual([]);
    expect(await stored(round.id)).toMatchObject({ status: 'closed', closedAt });
    // Counted once, not twice.
    for (const n of [1, 2]) expect((await member(id(n)))?.silentRounds).toBe(1);
  });
});
