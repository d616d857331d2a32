import {
  eligible,
  isPaused,
  join,
  leave,
  MAX_PAUSE_WEEKS,
  parseWeeks,
  pause,
  programmeFor,
  resume,
  type MembershipDeps,
} from '../../bot/domain/coffee/membership';
import type { Person } from '../../bot/domain/person';
import { DEFAULT_PROGRAMME_SETTINGS, type Member, type Programme } from '../../bot/domain/coffee/model';
import { nextRoundAt } from '../../bot/domain/coffee/schedule';
import type { Storage } from '../../bot/storage/ports';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import { DAY, HOUR, ManualClock } from '../fixtures/clock';

const WEEK = 7 * DAY;
const TEAM = '19:team-coffee@thread.tacv2';
const ORGANISER = '00000000-0000-0000-0000-00000000000a';

const someone = (n: number, overrides: Partial<Person> = {}): Person => ({
  userId: `29:1user-${n}`,
  aadObjectId: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
  name: `Person ${n}`,
  ...overrides,
});

let storage: Storage;
let clock: ManualClock;
let deps: MembershipDeps;
let programme: Programme;

beforeEach(async () => {
  storage = openSqliteStorage(':memory:');
  clock = new ManualClock(new Date('2026-11-25T09:00:00.000Z'));
  deps = { programmes: storage.programmes, clock };
  programme = await programmeFor(deps, {
    id: TEAM,
    tenantId: 'tenant-1',
    name: 'Platform',
    reference: { serviceUrl: 'https://smba.example/' },
    organiser: ORGANISER,
  });
});

afterEach(async () => {
  await storage.close();
});

const stored = (userId: string) => storage.programmes.getMember(TEAM, userId);

async function joined(n: number, timeZone?: string): Promise<Member> {
  const result = await join(deps, { programme, person: someone(n), timeZone });
  return result.member;
}

describe('the programme of a team', () => {
  test('the first use sets up the programme with that person as its organiser and default settings', async () => {
    expect(programme).toMatchObject({
      id: TEAM,
      tenantId: 'tenant-1',
      name: 'Platform',
      reference: { serviceUrl: 'https://smba.example/' },
      organisers: [ORGANISER],
      settings: DEFAULT_PROGRAMME_SETTINGS,
      roundSeq: 0,
      createdAt: clock.now(),
    });
    expect(programme.nextRoundAt).toEqual(nextRoundAt(DEFAULT_PROGRAMME_SETTINGS, clock.now()));
    expect(await storage.programmes.get(TEAM)).toEqual(programme);
  });

  test('later uses get the same programme back: the first organiser stays the only one', async () => {
    clock.advance(3 * DAY);
    const again = await programmeFor(deps, { id: TEAM, tenantId: 'tenant-1', name: 'Renamed', reference: {}, organiser: 'someone-else' });
    expect(again).toEqual(programme);
    expect(again.organisers).toEqual([ORGANISER]);
    expect(again.createdAt).toEqual(new Date('2026-11-25T09:00:00.000Z'));
  });

  test('a programme set up without a known organiser has no organisers', async () => {
    const chat = await programmeFor(deps, { id: '19:chat@thread.v2', tenantId: 'tenant-1', reference: {} });
    expect(chat.organisers).toEqual([]);
  });
});

describe('joining', () => {
  test('a new person joins, active and unpaused, from now', async () => {
    const result = await join(deps, { programme, person: someone(1), timeZone: 'Europe/Berlin' });
    expect(result.kind).toBe('joined');
    expect(result.member).toMatchObject({
      programmeId: TEAM,
      userId: someone(1).userId,
      name: 'Person 1',
      status: 'active',
      timeZone: 'Europe/Berlin',
      silentRounds: 0,
      joinedAt: clock.now(),
    });
    expect(result.member.pausedUntil).toBeUndefined();
    expect(await stored(someone(1).userId)).toEqual(result.member);
  });

  test('joining twice says you are already in and changes nothing', async () => {
    const first = await joined(1, 'Europe/Berlin');
    clock.advance(DAY);
    const again = await join(deps, { programme, person: someone(1, { name: 'New Name' }), timeZone: 'Asia/Tokyo' });
    expect(again.kind).toBe('already-member');
    expect(again.member).toEqual(first);
    expect(await stored(first.userId)).toEqual(first);
  });

  test('a made-up time zone from the browser is not stored', async () => {
    const member = await joined(1, 'Not/A_Zone');
    expect(member.timeZone).toBeUndefined();
    expect((await stored(member.userId))?.timeZone).toBeUndefined();
  });

  test('someone who left and comes back is welcomed back and keeps their history', async () => {
    const first = await joined(1, 'Europe/Berlin');
    const history: Member = {
      ...first,
      upn: 'person1@contoso.com',
      workStartHour: 8,
      workEndHour: 16,
      silentRounds: 2,
      lastCaptainRound: 4,
      lastTrioRound: 3,
      personalConversationId: 'a:1personal-chat',
      pausedUntil: new Date(clock.now().getTime() + 2 * WEEK),
    };
    await storage.programmes.saveMember(history);
    expect(await leave(deps, { programme, userId: first.userId })).toEqual({ kind: 'left' });

    clock.advance(10 * DAY);
    const back = await join(deps, { programme, person: someone(1, { name: 'Person One' }) });
    expect(back.kind).toBe('rejoined');
    expect(back.member).toEqual({
      ...history,
      name: 'Person One',
      status: 'active',
      // A fresh start: no pause, no silences held against them.
      pausedUntil: undefined,
      silentRounds: 0,
      // Kept: when they first joined, who they were captain/trio, their chat with the bot.
      joinedAt: first.joinedAt,
    });
    expect(await stored(first.userId)).toEqual(back.member);
  });

  test('coming back without a time zone keeps the one given before; a made-up one does not replace it', async () => {
    const first = await joined(1, 'Europe/Berlin');
    await leave(deps, { programme, userId: first.userId });
    expect((await join(deps, { programme, person: someone(1) })).member.timeZone).toBe('Europe/Berlin');
    await leave(deps, { programme, userId: first.userId });
    expect((await join(deps, { programme, person: someone(1), timeZone: 'Nowhere/Land' })).member.timeZone).toBe('Europe/Berlin');
  });

  test('coming back with a new valid time zone takes it', async () => {
    const first = await joined(1, 'Europe/Berlin');
    await leave(deps, { programme, userId: first.userId });
    expect((await join(deps, { programme, person: someone(1), timeZone: 'America/Chicago' })).member.timeZone).toBe('America/Chicago');
  });
});

describe('leaving', () => {
  test('a member leaves and is no longer active', async () => {
    const member = await joined(1);
    expect(await leave(deps, { programme, userId: member.userId })).toEqual({ kind: 'left' });
    expect((await stored(member.userId))?.status).toBe('left');
  });

  test('leaving clears a pause', async () => {
    const member = await joined(1);
    await pause(deps, { programme, userId: member.userId, weeks: 4 });
    await leave(deps, { programme, userId: member.userId });
    expect((await stored(member.userId))?.pausedUntil).toBeUndefined();
  });

  test('someone who never joined, or already left, is told they are not a member', async () => {
    expect(await leave(deps, { programme, userId: someone(9).userId })).toEqual({ kind: 'not-member' });
    const member = await joined(1);
    await leave(deps, { programme, userId: member.userId });
    expect(await leave(deps, { programme, userId: member.userId })).toEqual({ kind: 'not-member' });
  });
});

describe('how many weeks to pause, as typed', () => {
  test('every whole number from 1 to 52 is accepted', () => {
    for (let weeks = 1; weeks <= 52; weeks++) expect(parseWeeks(String(weeks))).toBe(weeks);
    expect(MAX_PAUSE_WEEKS).toBe(52);
  });

  test.each(['abc', '0', '53', '2.5', '-1', '', '1e1', '100', ' ', '2 weeks', '0x2', '+2'])('"%s" is refused', (text) => {
    expect(parseWeeks(text)).toBeUndefined();
  });

  test('nothing typed is refused', () => {
    expect(parseWeeks(undefined)).toBeUndefined();
  });
});

describe('pausing and resuming', () => {
  test('pausing for two weeks pauses until exactly two weeks from now', async () => {
    const member = await joined(1);
    const result = await pause(deps, { programme, userId: member.userId, weeks: 2 });
    const until = new Date(clock.now().getTime() + 2 * WEEK);
    expect(result).toEqual({ kind: 'paused', until });
    expect((await stored(member.userId))?.pausedUntil).toEqual(until);
  });

  test.each([0, 53, 2.5, -1, Number.NaN])('pausing for %s weeks is refused and nothing changes', async (weeks) => {
    const member = await joined(1);
    expect(await pause(deps, { programme, userId: member.userId, weeks })).toEqual({ kind: 'invalid-weeks' });
    expect(await stored(member.userId)).toEqual(member);
  });

  test('an invalid number of weeks from someone who is not a member stores nothing either', async () => {
    expect(await pause(deps, { programme, userId: someone(9).userId, weeks: 0 })).toEqual({ kind: 'invalid-weeks' });
    expect(await stored(someone(9).userId)).toBeUndefined();
  });

  test('only members can pause', async () => {
    expect(await pause(deps, { programme, userId: someone(9).userId, weeks: 2 })).toEqual({ kind: 'not-member' });
    const member = await joined(1);
    await leave(deps, { programme, userId: member.userId });
    expect(await pause(deps, { programme, userId: member.userId, weeks: 2 })).toEqual({ kind: 'not-member' });
    expect((await stored(member.userId))?.pausedUntil).toBeUndefined();
  });

  test('resuming ends the pause and forgets unanswered rounds', async () => {
    const member = await joined(1);
    await storage.programmes.saveMember({ ...member, silentRounds: 2 });
    await pause(deps, { programme, userId: member.userId, weeks: 4 });
    clock.advance(DAY);
    expect(await resume(deps, { programme, userId: member.userId })).toEqual({ kind: 'resumed' });
    const after = await stored(member.userId);
    expect(after?.pausedUntil).toBeUndefined();
    expect(after?.silentRounds).toBe(0);
    expect(isPaused(after!, clock.now())).toBe(false);
  });

  test('resuming when not paused, or after the pause ran out, says so', async () => {
    const member = await joined(1);
    expect(await resume(deps, { programme, userId: member.userId })).toEqual({ kind: 'not-paused' });
    await pause(deps, { programme, userId: member.userId, weeks: 1 });
    clock.advance(WEEK);
    expect(await resume(deps, { programme, userId: member.userId })).toEqual({ kind: 'not-paused' });
  });

  test('only members can resume', async () => {
    expect(await resume(deps, { programme, userId: someone(9).userId })).toEqual({ kind: 'not-member' });
  });
});

describe('who takes part in a round', () => {
  const now = new Date('2026-11-30T09:00:00.000Z');
  const member = (n: number, overrides: Partial<Member> = {}): Member => ({
    programmeId: TEAM,
    userId: `29:1user-${n}`,
    name: `Person ${n}`,
    status: 'active',
    silentRounds: 0,
    joinedAt: new Date('2026-01-01T00:00:00.000Z'),
    ...overrides,
  });

  test('a member is paused until the end of their pause, and not from that moment on', () => {
    const until = new Date(now.getTime() + HOUR);
    expect(isPaused(member(1, { pausedUntil: until }), now)).toBe(true);
    expect(isPaused(member(1, { pausedUntil: until }), new Date(until.getTime() - 1))).toBe(true);
    expect(isPaused(member(1, { pausedUntil: until }), until)).toBe(false);
    expect(isPaused(member(1), now)).toBe(false);
  });

  test('active members take part; paused ones and those who left do not; an expired pause does not count', () => {
    const members = [
      member(1),
      member(2, { pausedUntil: new Date(now.getTime() + WEEK) }),
      member(3, { status: 'left' }),
      member(4, { pausedUntil: new Date(now.getTime() - 1) }),
      member(5),
    ];
    expect(eligible(members, now).map((m) => m.userId)).toEqual(['29:1user-1', '29:1user-4', '29:1user-5']);
  });
});
