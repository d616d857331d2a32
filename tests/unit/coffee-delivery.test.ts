import { DELIVERY_LEASE_MS, deliverRound, MAX_DELIVERY_ATTEMPTS, type DeliveryDeps } from '../../bot/domain/coffee/delivery';
import { runDueWork, startRound, type DueWorkDeps } from '../../bot/domain/coffee/due-work';
import { join, programmeFor } from '../../bot/domain/coffee/membership';
import type { Round } from '../../bot/domain/coffee/model';
import { GRACE_WINDOW_MS } from '../../bot/domain/coffee/schedule';
import type { Storage } from '../../bot/storage/ports';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import { DAY, HOUR, ManualClock, MINUTE } from '../fixtures/clock';
import { FakeNotifier, FakeRoster, quietLog, teamMember } from '../fixtures/coffee-ports';
import { counterIds } from '../fixtures/random';

const TEAM = '19:team-delivery@thread.tacv2';
const PEOPLE = ['29:1ann', '29:1bo', '29:1cy', '29:1di'];
/** The first round of the default settings: Monday 30 November 2026, 10:00 UTC. */
const FIRST_ROUND = new Date('2026-11-30T10:00:00.000Z');

describe('coffee messages to members', () => {
  let storage: Storage;
  let clock: ManualClock;
  let notifier: FakeNotifier;
  let log: ReturnType<typeof quietLog>;
  let deps: DueWorkDeps & DeliveryDeps;

  beforeEach(async () => {
    storage = openSqliteStorage(':memory:');
    clock = new ManualClock(new Date('2026-11-25T09:00:00.000Z'));
    notifier = new FakeNotifier();
    log = quietLog();
    const roster = new FakeRoster();
    roster.people = PEOPLE.map((userId) => teamMember(userId));
    deps = {
      programmes: storage.programmes,
      rounds: storage.rounds,
      roster,
      notifier,
      clock,
      log,
      newId: counterIds('round'),
      deliver: (roundId) => deliverRound(deps, { roundId }),
    };
    const programme = await programmeFor(deps, { id: TEAM, tenantId: 'tenant-1', reference: {}, organiser: 'organiser' });
    expect(programme.nextRoundAt).toEqual(FIRST_ROUND);
    for (const userId of PEOPLE) await join(deps, { programme, person: { userId, name: userId } });
  });

  afterEach(async () => {
    await storage.close();
  });

  const programme = async () => (await storage.programmes.get(TEAM))!;
  /** Starts a round now without sending anything yet. */
  const newRound = async (): Promise<Round> => {
    const result = await startRound(deps, { programme: await programme(), trigger: 'manual' });
    if (result.kind !== 'started') throw new Error(`expected a round, got ${result.kind}`);
    return result.round;
  };
  const statusOfRound = async (roundId: string) => (await storage.rounds.get(roundId))!.status;

  test('each member gets their match exactly once, even when two senders deliver the round at once', async () => {
    const round = await newRound();

    await Promise.all([deliverRound(deps, { roundId: round.id }), deliverRound(deps, { roundId: round.id })]);

    for (const userId of PEOPLE) expect(notifier.kindsFor(userId)).toEqual(['match']);
    expect(notifier.posted).toHaveLength(PEOPLE.length);
    expect(await statusOfRound(round.id)).toBe('open');
  });

  test('a match names the member’s partners from their group', async () => {
    const round = await newRound();

    await deliverRound(deps, { roundId: round.id });

    const [ann] = notifier.posted.filter((p) => p.userId === PEOPLE[0]);
    if (ann?.message.kind !== 'match') throw new Error('expected a match for Ann');
    const group = round.groups.find((g) => g.members.includes(PEOPLE[0]!))!;
    expect(ann.message.partners.map((p) => p?.userId)).toEqual(group.members.filter((id) => id !== PEOPLE[0]));
  });

  test('the 1:1 chat is opened once per member and remembered for later messages', async () => {
    const round = await newRound();
    await deliverRound(deps, { roundId: round.id });

    await storage.rounds.addDeliveries(
      PEOPLE.map((userId) => ({ roundId: round.id, userId, kind: 'follow-up', status: 'pending', attempts: 0, updatedAt: clock.now() })),
    );
    await deliverRound(deps, { roundId: round.id });

    expect(notifier.opened.sort()).toEqual([...PEOPLE].sort());
    expect((await storage.programmes.getMember(TEAM, PEOPLE[1]!))?.personalConversationId).toBe(`a:chat-with-${PEOPLE[1]}`);
    for (const userId of PEOPLE) expect(notifier.kindsFor(userId)).toEqual(['match', 'follow-up']);
  });

  test('a message that failed is sent again on the next pass, and the round opens once every match is out', async () => {
    const [ann] = PEOPLE;
    notifier.failFor(ann!, 'failed', 1);
    const round = await newRound();

    const first = await deliverRound(deps, { roundId: round.id });
    expect(first).toEqual({ kind: 'delivered', sent: 3, retrying: 1, failed: 0 });
    expect(notifier.kindsFor(ann!)).toEqual([]);
    expect(await statusOfRound(round.id)).toBe('notifying');

    const second = await deliverRound(deps, { roundId: round.id });
    expect(second).toEqual({ kind: 'delivered', sent: 1, retrying: 0, failed: 0 });
    expect(notifier.kindsFor(ann!)).toEqual(['match']);
    expect(await statusOfRound(round.id)).toBe('open');
  });

  test(`a message that keeps failing is given up after ${MAX_DELIVERY_ATTEMPTS} attempts`, async () => {
    const [ann] = PEOPLE;
    notifier.failFor(ann!, 'failed');
    const round = await newRound();

    for (let pass = 1; pass < MAX_DELIVERY_ATTEMPTS; pass++) {
      expect(await deliverRound(deps, { roundId: round.id })).toMatchObject({ retrying: 1, failed: 0 });
    }
    expect(await deliverRound(deps, { roundId: round.id })).toMatchObject({ retrying: 0, failed: 1 });
    expect(await deliverRound(deps, { roundId: round.id })).toEqual({ kind: 'delivered', sent: 0, retrying: 0, failed: 0 });

    const given = (await storage.rounds.deliveries(round.id)).find((d) => d.userId === ann);
    expect(given).toMatchObject({ status: 'failed', attempts: MAX_DELIVERY_ATTEMPTS });
    expect(await storage.rounds.roundsWithPendingDeliveries(clock.now())).toEqual([]);
    expect(await statusOfRound(round.id)).toBe('open');
  });

  test('a member who cannot be reached is given up at once; the others get their match', async () => {
    const [ann, ...others] = PEOPLE;
    notifier.failFor(ann!, 'unreachable');
    const round = await newRound();

    expect(await deliverRound(deps, { roundId: round.id })).toEqual({ kind: 'delivered', sent: 3, retrying: 0, failed: 1 });

    for (const userId of others) expect(notifier.kindsFor(userId)).toEqual(['match']);
    expect((await storage.rounds.deliveries(round.id)).find((d) => d.userId === ann)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(log.lines.filter((l) => l.message === 'coffee delivery failed').map((l) => l.fields)).toEqual([
      { roundId: round.id, kind: 'pairing', err: { status: 403 }, giveUp: true },
    ]);
  });

  test('a message held by a sender that crashed is sent once its lease has run out, not before', async () => {
    const [ann] = PEOPLE;
    const round = await newRound();
    // Another instance claimed Ann's match and died before sending it.
    expect(await storage.rounds.claimDelivery(round.id, ann!, 'pairing', clock.now(), new Date(clock.now().getTime() + DELIVERY_LEASE_MS))).toBe(true);

    await deliverRound(deps, { roundId: round.id });
    expect(notifier.kindsFor(ann!)).toEqual([]);
    expect(await statusOfRound(round.id)).toBe('notifying');

    clock.advance(DELIVERY_LEASE_MS);
    await deliverRound(deps, { roundId: round.id });
    expect(notifier.kindsFor(ann!)).toEqual(['match']);
    expect(await statusOfRound(round.id)).toBe('open');
  });

  test('a round missed by less than the grace window runs once, however often the due work runs', async () => {
    clock.set(new Date(FIRST_ROUND.getTime() + GRACE_WINDOW_MS - MINUTE));

    expect(await runDueWork(deps)).toMatchObject({ started: 1, skipped: 0 });
    expect(await runDueWork(deps)).toMatchObject({ started: 0, skipped: 0 });

    expect((await programme()).roundSeq).toBe(1);
    for (const userId of PEOPLE) expect(notifier.kindsFor(userId)).toEqual(['match']);
  });

  test('a round missed by more than the grace window is skipped and the next one scheduled', async () => {
    clock.set(new Date(FIRST_ROUND.getTime() + GRACE_WINDOW_MS + MINUTE));

    expect(await runDueWork(deps)).toMatchObject({ started: 0, skipped: 1 });

    const after = await programme();
    expect(after.roundSeq).toBe(0);
    expect(after.nextRoundAt).toEqual(new Date(FIRST_ROUND.getTime() + 7 * DAY));
    expect(notifier.posted).toEqual([]);
    expect(log.lines.map((l) => l.message)).toEqual(['coffee round missed beyond the grace window; skipped']);
  });

  test('"Did you meet?" goes to everyone in a group once the follow-up is due', async () => {
    clock.set(FIRST_ROUND);
    await runDueWork(deps);
    const round = (await storage.rounds.latest(TEAM))!;

    clock.set(new Date(round.followUpAt.getTime() + HOUR));
    expect(await runDueWork(deps)).toMatchObject({ followUps: 1 });

    const grouped = round.groups.flatMap((g) => g.members);
    expect(grouped.length).toBeGreaterThan(0);
    for (const userId of grouped) expect(notifier.kindsFor(userId)).toEqual(['match', 'follow-up']);
    expect(await statusOfRound(round.id)).toBe('following-up');
  });
});
