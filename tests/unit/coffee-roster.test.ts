import { startRound } from '../../bot/domain/coffee/due-work';
import { join, programmeFor } from '../../bot/domain/coffee/membership';
import type { Programme } from '../../bot/domain/coffee/model';
import { syncRoster, type RosterDeps } from '../../bot/domain/coffee/roster';
import type { Storage } from '../../bot/storage/ports';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import { ManualClock } from '../fixtures/clock';
import { FakeRoster, quietLog, teamMember } from '../fixtures/coffee-ports';
import { counterIds } from '../fixtures/random';

const TEAM = '19:team-roster@thread.tacv2';
const ANN = '29:1ann';
const BO = '29:1bo';
const CY = '29:1cy';

describe('the roster, checked with Teams before a round', () => {
  let storage: Storage;
  let roster: FakeRoster;
  let log: ReturnType<typeof quietLog>;
  let clock: ManualClock;
  let deps: RosterDeps;

  beforeEach(async () => {
    storage = openSqliteStorage(':memory:');
    roster = new FakeRoster();
    log = quietLog();
    clock = new ManualClock(new Date('2026-11-30T10:00:00.000Z'));
    deps = { programmes: storage.programmes, roster, log };
    const programme = await programmeFor({ programmes: storage.programmes, clock }, { id: TEAM, tenantId: 'tenant-1', reference: {}, organiser: 'organiser' });
    for (const [userId, name] of [
      [ANN, 'Ann'],
      [BO, 'Bo'],
      [CY, 'Cy'],
    ] as const) {
      await join({ programmes: storage.programmes, clock }, { programme, person: { userId, name } });
    }
    roster.people = [teamMember(ANN, { name: 'Ann' }), teamMember(BO, { name: 'Bo' }), teamMember(CY, { name: 'Cy' })];
  });

  afterEach(async () => {
    await storage.close();
  });

  const programme = async (settings: Partial<Programme['settings']> = {}) => {
    const stored = (await storage.programmes.get(TEAM))!;
    return { ...stored, settings: { ...stored.settings, ...settings } };
  };
  const statusOf = (members: { userId: string; status: string }[], userId: string) => members.find((m) => m.userId === userId)?.status;

  test('a member who left the team is dropped from the round and stored as left', async () => {
    roster.people = roster.people.filter((p) => p.userId !== BO);

    const result = await syncRoster(deps, { programme: await programme() });

    expect(result.kind).toBe('synced');
    expect(statusOf(result.members, BO)).toBe('left');
    expect((await storage.programmes.getMember(TEAM, BO))?.status).toBe('left');
    expect(statusOf(result.members, ANN)).toBe('active');
  });

  test('a guest of the team is not paired while the programme leaves guests out, and stays a member', async () => {
    roster.people = roster.people.map((p) => (p.userId === CY ? { ...p, guest: true } : p));

    const result = await syncRoster(deps, { programme: await programme({ includeGuests: false }) });

    expect(statusOf(result.members, CY)).toBe('left');
    expect((await storage.programmes.getMember(TEAM, CY))?.status).toBe('active');
  });

  test('a guest is paired when the programme includes guests', async () => {
    roster.people = roster.people.map((p) => (p.userId === CY ? { ...p, guest: true } : p));

    const result = await syncRoster(deps, { programme: await programme({ includeGuests: true }) });

    expect(statusOf(result.members, CY)).toBe('active');
  });

  test('a round leaves the guest out: only the two others are paired', async () => {
    roster.people = roster.people.map((p) => (p.userId === CY ? { ...p, guest: true } : p));

    const result = await startRound(
      { ...deps, rounds: storage.rounds, clock, newId: counterIds('round') },
      { programme: await programme(), trigger: 'manual' },
    );

    if (result.kind !== 'started') throw new Error(`expected a round, got ${result.kind}`);
    expect(result.round.groups.flatMap((g) => g.members).sort()).toEqual([ANN, BO]);
    expect(result.round.unmatched).toEqual([]);
  });

  test('names and sign-in names are refreshed from Teams and stored', async () => {
    roster.people = roster.people.map((p) => (p.userId === ANN ? { ...p, name: 'Ann Example', upn: 'ann@example.com' } : p));

    const result = await syncRoster(deps, { programme: await programme() });

    expect(result.members.find((m) => m.userId === ANN)).toMatchObject({ name: 'Ann Example', upn: 'ann@example.com' });
    expect(await storage.programmes.getMember(TEAM, ANN)).toMatchObject({ name: 'Ann Example', upn: 'ann@example.com', status: 'active' });
  });

  test('when Teams cannot be asked, the stored members are used as they are and the log says so', async () => {
    roster.unavailable = true;

    const result = await syncRoster(deps, { programme: await programme() });

    expect(result.kind).toBe('stored');
    expect(result.members.map((m) => [m.userId, m.status]).sort()).toEqual([
      [ANN, 'active'],
      [BO, 'active'],
      [CY, 'active'],
    ]);
    expect(log.lines.map((l) => l.message)).toEqual(['roster lookup failed; using stored members']);
  });

  test('a roster with nobody in it is not believed: nobody is dropped', async () => {
    roster.people = [];

    const result = await syncRoster(deps, { programme: await programme() });

    expect(result.kind).toBe('stored');
    expect((await storage.programmes.members(TEAM)).map((m) => m.status)).toEqual(['active', 'active', 'active']);
  });

  test('someone who paused while Teams was asked stays paused: the refresh is saved over the member as stored now', async () => {
    roster.people = roster.people.map((p) => (p.userId === ANN ? { ...p, name: 'Ann Renamed' } : p));
    const until = new Date('2026-12-14T10:00:00.000Z');
    const pauseWhileAsked = roster.members.bind(roster);
    roster.members = async (p) => {
      const answer = await pauseWhileAsked(p);
      const ann = (await storage.programmes.getMember(TEAM, ANN))!;
      await storage.programmes.saveMember({ ...ann, pausedUntil: until });
      return answer;
    };

    await syncRoster(deps, { programme: await programme() });

    expect(await storage.programmes.getMember(TEAM, ANN)).toMatchObject({ name: 'Ann Renamed', pausedUntil: until });
  });
});
