import { DEFAULT_PROGRAMME_SETTINGS, type Member } from '../../bot/domain/coffee/model';
import { block, myStatus, pauseUntil, programmeStats, updateSettings } from '../../bot/domain/coffee/programme-admin';
import { programmeFor } from '../../bot/domain/coffee/membership';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';

const NOW = new Date('2026-11-25T12:00:00Z');
const organiser = { userId: '29:org', aadObjectId: 'org-oid', name: 'Olu' };

async function setup(memberCount: number) {
  const storage = openSqliteStorage(':memory:');
  const deps = { programmes: storage.programmes, rounds: storage.rounds, clock: { now: () => NOW } };
  const programme = await programmeFor(deps, { id: 'team-1', tenantId: 't', reference: {}, organiser: organiser.aadObjectId });
  for (let i = 1; i <= memberCount; i++) {
    const member: Member = {
      programmeId: programme.id,
      userId: `29:u${i}`,
      name: `User ${i}`,
      status: 'active',
      silentRounds: 0,
      joinedAt: NOW,
    };
    await storage.programmes.saveMember(member);
  }
  return { storage, deps, programme };
}

describe('running a coffee programme', () => {
  test('an organiser changes the schedule and the next round moves with it', async () => {
    const { deps, programme, storage } = await setup(0);
    const result = await updateSettings(deps, {
      programme,
      person: organiser,
      settings: { ...DEFAULT_PROGRAMME_SETTINGS, weekday: 3, hour: 15, timeZone: 'Europe/Berlin', cadence: 'biweekly' },
    });
    expect(result.kind).toBe('updated');
    expect((await storage.programmes.get(programme.id))?.nextRoundAt?.toISOString()).toBe('2026-11-25T14:00:00.000Z'); // later today, Wednesday 15:00 in Berlin
  });

  test('someone who is not an organiser cannot change settings', async () => {
    const { deps, programme } = await setup(0);
    const result = await updateSettings(deps, {
      programme,
      person: { userId: '29:u1', aadObjectId: 'x', name: 'U' },
      settings: DEFAULT_PROGRAMME_SETTINGS,
    });
    expect(result.kind).toBe('not-organiser');
  });

  test('invalid settings are refused with every problem named, and nothing changes', async () => {
    const { deps, programme, storage } = await setup(0);
    const result = await updateSettings(deps, {
      programme,
      person: organiser,
      settings: { ...DEFAULT_PROGRAMME_SETTINGS, hour: 25, timeZone: 'Mars/Olympus', groupSize: 4, cadence: 'daily' },
    });
    expect(result.kind).toBe('invalid');
    const fields = result.kind === 'invalid' ? result.problems.map((p) => p.field) : [];
    expect(fields).toEqual(expect.arrayContaining(['hour', 'timeZone', 'groupSize', 'cadence']));
    expect(result.kind === 'invalid' && result.problems).toContainEqual({ field: 'timeZone', id: 'timeZone.unknown' });
    expect((await storage.programmes.get(programme.id))?.settings).toEqual(DEFAULT_PROGRAMME_SETTINGS);
  });

  test('pausing until a date accepts the coming year only', async () => {
    const { deps, programme } = await setup(1);
    expect((await pauseUntil(deps, { programme, userId: '29:u1', until: new Date('2026-12-20T00:00:00Z') })).kind).toBe('paused');
    expect((await pauseUntil(deps, { programme, userId: '29:u1', until: new Date('2026-11-01T00:00:00Z') })).kind).toBe('invalid-date');
    expect((await pauseUntil(deps, { programme, userId: '29:u1', until: new Date('2028-01-01T00:00:00Z') })).kind).toBe('invalid-date');
    expect((await pauseUntil(deps, { programme, userId: '29:u1', until: new Date('nonsense') })).kind).toBe('invalid-date');
    expect((await myStatus(deps, { programme, userId: '29:u1' })).status).toBe('paused');
  });

  test('nobody can block themselves; a block is stored privately', async () => {
    const { deps, programme, storage } = await setup(2);
    expect((await block(deps, { programme, userId: '29:u1', blockedUserId: '29:u1' })).kind).toBe('self');
    expect((await block(deps, { programme, userId: '29:u1', blockedUserId: '29:u2' })).kind).toBe('blocked');
    expect(await storage.programmes.blocks(programme.id)).toEqual([['29:u1', '29:u2']]);
  });

  test('team totals are shown over five people or more, never fewer', async () => {
    expect((await programmeStats((await setup(4)).deps, { programme: (await setup(4)).programme })).kind).toBe('too-few');
    const { deps, programme } = await setup(5);
    const stats = await programmeStats(deps, { programme });
    expect(stats).toEqual({ kind: 'stats', members: 5, active: 5, paused: 0, rounds: 0, lastRound: undefined });
  });
});
