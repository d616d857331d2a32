import {
  addTopic,
  createBreak,
  deleteBreak,
  deleteTopic,
  rsvp,
  toggleVote,
  updateBreak,
  upcomingBreaks,
  type BreakDeps,
  type BreakInput,
  type BreakProblem,
} from '../../bot/domain/breaks/breaks';
import { programmeFor } from '../../bot/domain/coffee/membership';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';
import type { Storage } from '../../bot/storage/ports';

/** Monday 26 October 2026, 10:00 in Berlin; the next break is Wednesday 28 October, 15:00 CET = 14:00Z to 14:30Z. */
const NOW = new Date('2026-10-26T09:00:00Z');
const NEXT = '2026-10-28';

const organiser = { userId: '29:org', aadObjectId: 'org-oid', name: 'Olu' };
const ana = { userId: '29:ana', aadObjectId: 'ana-oid', name: 'Ana' };
const ben = { userId: '29:ben', aadObjectId: 'ben-oid', name: 'Ben' };
const chidi = { userId: '29:chidi', aadObjectId: 'chidi-oid', name: 'Chidi' };
const channel = { conversation: { id: '19:general@thread.tacv2' } };

const fields = (overrides: Partial<BreakInput> = {}): BreakInput => ({
  title: 'Wednesday coffee',
  weekdays: [3],
  time: '15:00',
  timeZone: 'Europe/Berlin',
  durationMinutes: 30,
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
  reminderMinutes: 10,
  skippedDates: [],
  ...overrides,
});

let opened: Storage[] = [];
afterEach(async () => {
  await Promise.all(opened.map((s) => s.close()));
  opened = [];
});

async function setup() {
  const storage = openSqliteStorage(':memory:');
  opened.push(storage);
  const clock = { now: () => NOW };
  await programmeFor({ programmes: storage.programmes, clock }, { id: 'team-1', tenantId: 't', reference: {}, organiser: organiser.aadObjectId });
  let n = 0;
  const deps: BreakDeps = { breaks: storage.breaks, programmes: storage.programmes, clock, newId: () => `id-${++n}` };
  /** The same deps with the clock at another instant. */
  const at = (iso: string): BreakDeps => ({ ...deps, clock: { now: () => new Date(iso) } });
  return { storage, deps, at };
}

/** A team with its Wednesday coffee break set up. */
async function withBreak(overrides: Partial<BreakInput> = {}) {
  const env = await setup();
  const created = await createBreak(env.deps, {
    programmeId: 'team-1',
    person: organiser,
    channelReference: channel,
    fields: fields(overrides),
  });
  if (created.kind !== 'saved') throw new Error(`break not created: ${JSON.stringify(created)}`);
  return { ...env, b: created.break };
}

describe('setting up a coffee break', () => {
  test('an organiser sets up a break and the team sees it with its next occurrence', async () => {
    const { deps, storage } = await setup();
    const result = await createBreak(deps, { programmeId: 'team-1', person: organiser, channelReference: channel, fields: fields() });
    expect(result).toEqual({
      kind: 'saved',
      break: {
        id: 'id-1',
        programmeId: 'team-1',
        title: 'Wednesday coffee',
        weekdays: [3],
        time: '15:00',
        timeZone: 'Europe/Berlin',
        durationMinutes: 30,
        joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
        reminderMinutes: 10,
        skippedDates: [],
        channelReference: channel,
        createdBy: 'org-oid',
        createdAt: NOW,
      },
    });
    expect(await storage.breaks.get('id-1')).toEqual(result.kind === 'saved' ? result.break : undefined);
    const [upcoming] = await upcomingBreaks(deps, 'team-1', 1);
    expect(upcoming?.next.map((o) => o.startsAt.toISOString())).toEqual(['2026-10-28T14:00:00.000Z']);
  });

  test('the reminder lead time is 10 minutes and no dates are skipped unless the organiser says otherwise', async () => {
    const { deps } = await setup();
    const { reminderMinutes: _r, skippedDates: _s, joinUrl: _j, ...minimal } = fields();
    const result = await createBreak(deps, { programmeId: 'team-1', person: organiser, channelReference: channel, fields: minimal });
    const saved = result.kind === 'saved' ? result.break : undefined;
    expect(saved).toMatchObject({ reminderMinutes: 10, skippedDates: [] });
    expect(saved?.joinUrl).toBeUndefined();
  });

  test('weekdays are kept in order from Monday, whatever order they were picked in', async () => {
    const { b } = await withBreak({ weekdays: [7, 1, 3] });
    expect(b.weekdays).toEqual([1, 3, 7]);
  });

  test('the title is stored without surrounding spaces', async () => {
    const { b } = await withBreak({ title: '  Coffee & ideas  ' });
    expect(b.title).toBe('Coffee & ideas');
  });

  test('an empty join link means the break has no link', async () => {
    const { b, storage } = await withBreak({ joinUrl: '' });
    expect(b.joinUrl).toBeUndefined();
    expect((await storage.breaks.get(b.id))?.joinUrl).toBeUndefined();
  });

  test('the limits themselves are accepted: an 80-character title, 5 and 240 minutes, no lead time and a day’s', async () => {
    for (const overrides of [
      { title: 'x'.repeat(80) },
      { durationMinutes: 5 },
      { durationMinutes: 240 },
      { reminderMinutes: 0 },
      { reminderMinutes: 1440 },
      { weekdays: [1, 2, 3, 4, 5, 6, 7] },
      { time: '00:00' },
      { time: '23:59' },
      { timeZone: 'Asia/Tokyo' },
      { skippedDates: ['2026-12-23', '2026-12-30'] },
    ]) {
      const { deps } = await setup();
      const result = await createBreak(deps, {
        programmeId: 'team-1',
        person: organiser,
        channelReference: channel,
        fields: fields(overrides),
      });
      expect({ overrides, kind: result.kind }).toEqual({ overrides, kind: 'saved' });
    }
  });

  test('someone who is not an organiser cannot set up a break, and nothing is stored', async () => {
    const { deps, storage } = await setup();
    expect((await createBreak(deps, { programmeId: 'team-1', person: ana, channelReference: channel, fields: fields() })).kind).toBe('not-organiser');
    // Without a directory id nobody is recognised as an organiser, even with the organiser's Teams id.
    const noOid = { userId: organiser.userId, name: organiser.name };
    expect((await createBreak(deps, { programmeId: 'team-1', person: noOid, channelReference: channel, fields: fields() })).kind).toBe('not-organiser');
    expect(await storage.breaks.list('team-1')).toEqual([]);
  });

  test('a break cannot be set up for a team that has no coffee programme', async () => {
    const { deps, storage } = await setup();
    expect((await createBreak(deps, { programmeId: 'team-2', person: organiser, channelReference: channel, fields: fields() })).kind).toBe('not-found');
    expect(await storage.breaks.list('team-2')).toEqual([]);
  });
});

describe('an organiser is told exactly what to fix', () => {
  const cases: [string, Partial<Record<keyof BreakInput, unknown>>, BreakProblem][] = [
    ['an empty title', { title: '' }, { field: 'title', id: 'title.empty' }],
    ['a title of only spaces', { title: '   ' }, { field: 'title', id: 'title.empty' }],
    ['an 81-character title', { title: 'x'.repeat(81) }, { field: 'title', id: 'title.tooLong', values: { max: 80 } }],
    ['no weekday', { weekdays: [] }, { field: 'weekdays', id: 'weekdays.none' }],
    ['the same weekday twice', { weekdays: [3, 3] }, { field: 'weekdays', id: 'weekdays.repeated' }],
    ['weekday 0', { weekdays: [0] }, { field: 'weekdays', id: 'weekdays.range' }],
    ['weekday 8', { weekdays: [1, 8] }, { field: 'weekdays', id: 'weekdays.range' }],
    ['a time like 3pm', { time: '3pm' }, { field: 'time', id: 'time.format' }],
    ['a time without a leading zero', { time: '9:00' }, { field: 'time', id: 'time.format' }],
    ['24:00', { time: '24:00' }, { field: 'time', id: 'time.format' }],
    ['minute 60', { time: '15:60' }, { field: 'time', id: 'time.format' }],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, { field: 'timeZone', id: 'timeZone.unknown' }],
    ['an empty time zone', { timeZone: '' }, { field: 'timeZone', id: 'timeZone.unknown' }],
    ['a 4-minute break', { durationMinutes: 4 }, { field: 'durationMinutes', id: 'duration.tooShort', values: { min: 5 } }],
    ['a 241-minute break', { durationMinutes: 241 }, { field: 'durationMinutes', id: 'duration.tooLong', values: { hours: 4 } }],
    ['an http join link', { joinUrl: 'http://teams.microsoft.com/l/meetup-join/abc' }, { field: 'joinUrl', id: 'joinUrl.notHttps' }],
    ['a javascript: join link', { joinUrl: 'javascript:alert(1)' }, { field: 'joinUrl', id: 'joinUrl.notHttps' }],
    ['a join link that is not a link', { joinUrl: 'our usual room' }, { field: 'joinUrl', id: 'joinUrl.notHttps' }],
    ['a join link over 2000 characters', { joinUrl: `https://example.com/${'a'.repeat(2000)}` }, { field: 'joinUrl', id: 'joinUrl.tooLong' }],
    ['a negative lead time', { reminderMinutes: -1 }, { field: 'reminderMinutes', id: 'reminder.negative' }],
    ['a lead time over a day', { reminderMinutes: 1441 }, { field: 'reminderMinutes', id: 'reminder.tooEarly' }],
    ['a skipped date written day first', { skippedDates: ['24/12/2026'] }, { field: 'skippedDates', id: 'skippedDates.format' }],
    ['a skipped date with a time', { skippedDates: ['2026-12-23', '2026-12-24T15:00'] }, { field: 'skippedDates', id: 'skippedDates.format' }],
  ];

  test.each(cases)('%s is refused naming the field and what is wrong with it, and nothing is stored', async (_what, overrides, problem) => {
    const { deps, storage } = await setup();
    const result = await createBreak(deps, {
      programmeId: 'team-1',
      person: organiser,
      channelReference: channel,
      fields: { ...fields(), ...overrides },
    });
    expect(result).toEqual({ kind: 'invalid', problems: [problem] });
    expect(await storage.breaks.list('team-1')).toEqual([]);
  });

  test('a fractional duration or lead time is refused, naming the field', async () => {
    const { deps } = await setup();
    const result = await createBreak(deps, {
      programmeId: 'team-1',
      person: organiser,
      channelReference: channel,
      fields: fields({ durationMinutes: 7.5, reminderMinutes: 2.5 }),
    });
    expect(result.kind === 'invalid' && result.problems).toEqual([
      { field: 'durationMinutes', id: 'invalid' },
      { field: 'reminderMinutes', id: 'invalid' },
    ]);
  });

  test('several mistakes are all listed at once', async () => {
    const { deps } = await setup();
    const result = await createBreak(deps, {
      programmeId: 'team-1',
      person: organiser,
      channelReference: channel,
      fields: fields({
        title: '',
        weekdays: [],
        time: '25:00',
        timeZone: 'Nowhere',
        durationMinutes: 1,
        joinUrl: 'http://x',
        reminderMinutes: 5000,
      }),
    });
    const named = result.kind === 'invalid' ? result.problems.map((p) => p.field) : [];
    expect(named).toEqual(['title', 'weekdays', 'time', 'timeZone', 'durationMinutes', 'joinUrl', 'reminderMinutes']);
  });

  test('missing fields are refused rather than stored half-filled', async () => {
    const { deps, storage } = await setup();
    const result = await createBreak(deps, {
      programmeId: 'team-1',
      person: organiser,
      channelReference: channel,
      fields: { title: 'Coffee' },
    });
    expect(result.kind).toBe('invalid');
    expect(await storage.breaks.list('team-1')).toEqual([]);
    expect((await createBreak(deps, { programmeId: 'team-1', person: organiser, channelReference: channel, fields: null })).kind).toBe('invalid');
  });
});

describe('changing and deleting a break', () => {
  test('an organiser moves the break to Thursdays; its id and channel stay', async () => {
    const { deps, storage, b } = await withBreak();
    const result = await updateBreak(deps, {
      programmeId: 'team-1',
      breakId: b.id,
      person: organiser,
      fields: fields({ weekdays: [4], time: '16:30', title: 'Thursday coffee' }),
    });
    expect(result.kind).toBe('saved');
    const stored = await storage.breaks.get(b.id);
    expect(stored).toEqual({ ...b, weekdays: [4], time: '16:30', title: 'Thursday coffee' });
    const [upcoming] = await upcomingBreaks(deps, 'team-1', 1);
    expect(upcoming?.next.map((o) => o.startsAt.toISOString())).toEqual(['2026-10-29T15:30:00.000Z']);
  });

  test('an update cannot move the break to another team, channel or id', async () => {
    const { deps, storage, b } = await withBreak();
    const sneaky = {
      ...fields(),
      id: 'other',
      programmeId: 'team-2',
      channelReference: { conversation: { id: 'elsewhere' } },
      createdBy: 'x',
    };
    expect((await updateBreak(deps, { programmeId: 'team-1', breakId: b.id, person: organiser, fields: sneaky })).kind).toBe('saved');
    expect(await storage.breaks.get(b.id)).toEqual(b);
    expect(await storage.breaks.get('other')).toBeUndefined();
  });

  test('the join link can be removed by clearing it', async () => {
    const { deps, storage, b } = await withBreak();
    await updateBreak(deps, { programmeId: 'team-1', breakId: b.id, person: organiser, fields: fields({ joinUrl: '' }) });
    expect((await storage.breaks.get(b.id))?.joinUrl).toBeUndefined();
  });

  test('an invalid change is refused and the break stays as it was', async () => {
    const { deps, storage, b } = await withBreak();
    const result = await updateBreak(deps, {
      programmeId: 'team-1',
      breakId: b.id,
      person: organiser,
      fields: fields({ durationMinutes: 0, title: 'Renamed' }),
    });
    expect(result).toEqual({ kind: 'invalid', problems: [{ field: 'durationMinutes', id: 'duration.tooShort', values: { min: 5 } }] });
    expect(await storage.breaks.get(b.id)).toEqual(b);
  });

  test('someone who is not an organiser can neither change nor delete the break', async () => {
    const { deps, storage, b } = await withBreak();
    expect((await updateBreak(deps, { programmeId: 'team-1', breakId: b.id, person: ana, fields: fields({ title: 'Mine now' }) })).kind).toBe('not-organiser');
    expect((await deleteBreak(deps, { programmeId: 'team-1', breakId: b.id, person: ana })).kind).toBe('not-organiser');
    expect(await storage.breaks.get(b.id)).toEqual(b);
    expect(await storage.breaks.list('team-1')).toHaveLength(1);
  });

  test('a deleted break is no longer listed, and cannot be changed or deleted again', async () => {
    const { deps, storage, b } = await withBreak();
    expect(await deleteBreak(deps, { programmeId: 'team-1', breakId: b.id, person: organiser })).toEqual({ kind: 'deleted' });
    expect(await storage.breaks.list('team-1')).toEqual([]);
    expect(await storage.breaks.active()).toEqual([]);
    expect(await upcomingBreaks(deps, 'team-1')).toEqual([]);
    expect((await updateBreak(deps, { programmeId: 'team-1', breakId: b.id, person: organiser, fields: fields() })).kind).toBe('not-found');
    expect((await deleteBreak(deps, { programmeId: 'team-1', breakId: b.id, person: organiser })).kind).toBe('not-found');
    expect((await storage.breaks.get(b.id))?.deletedAt).toEqual(NOW);
  });

  test('an unknown break cannot be changed or deleted', async () => {
    const { deps } = await setup();
    expect((await updateBreak(deps, { programmeId: 'team-1', breakId: 'nope', person: organiser, fields: fields() })).kind).toBe('not-found');
    expect((await deleteBreak(deps, { programmeId: 'team-1', breakId: 'nope', person: organiser })).kind).toBe('not-found');
  });
});

describe("saying I'm in or can't make it", () => {
  test("changing one's mind replaces the answer", async () => {
    const { deps, at, storage, b } = await withBreak();
    expect((await rsvp(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, answer: 'in' })).kind).toBe('ok');
    expect((await rsvp(at('2026-10-27T08:00:00Z'), { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, answer: 'out' })).kind).toBe('ok');
    expect(await storage.breaks.rsvps(b.id, NEXT)).toEqual([
      { breakId: b.id, date: NEXT, userId: ana.userId, name: 'Ana', answer: 'out', at: new Date('2026-10-27T08:00:00Z') },
    ]);
  });

  test('everyone’s answer is kept separately, for each date', async () => {
    const { deps, storage, b } = await withBreak();
    await rsvp(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, answer: 'in' });
    await rsvp(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ben, answer: 'out' });
    await rsvp(deps, { programmeId: 'team-1', breakId: b.id, date: '2026-11-04', person: ben, answer: 'in' });
    expect((await storage.breaks.rsvps(b.id, NEXT)).map((r) => [r.name, r.answer])).toEqual([
      ['Ana', 'in'],
      ['Ben', 'out'],
    ]);
    expect((await storage.breaks.rsvps(b.id, '2026-11-04')).map((r) => [r.name, r.answer])).toEqual([['Ben', 'in']]);
  });

  test('answering is still possible while the break is under way', async () => {
    const { at, b } = await withBreak();
    expect((await rsvp(at('2026-10-28T14:20:00Z'), { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, answer: 'in' })).kind).toBe('ok');
  });

  test('there is nothing to answer for on a day without a break, a skipped date, or a date written another way', async () => {
    const { deps, storage, b } = await withBreak({ skippedDates: ['2026-11-04'] });
    for (const date of ['2026-10-27', '2026-11-04', '2026-02-30', '28/10/2026', '20261028', '2026-10-28T15:00']) {
      expect({ date, kind: (await rsvp(deps, { programmeId: 'team-1', breakId: b.id, date, person: ana, answer: 'in' })).kind }).toEqual({
        date,
        kind: 'no-such-occurrence',
      });
    }
    expect(await storage.breaks.rsvps(b.id, '2026-11-04')).toEqual([]);
  });

  test('a deleted break cannot be answered', async () => {
    const { deps, storage, b } = await withBreak();
    await deleteBreak(deps, { programmeId: 'team-1', breakId: b.id, person: organiser });
    expect((await rsvp(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, answer: 'in' })).kind).toBe('no-such-occurrence');
    expect((await rsvp(deps, { programmeId: 'team-1', breakId: 'nope', date: NEXT, person: ana, answer: 'in' })).kind).toBe('no-such-occurrence');
    expect(await storage.breaks.rsvps(b.id, NEXT)).toEqual([]);
  });

  test('once the break is over it is too late to answer', async () => {
    const { at, storage, b } = await withBreak();
    expect((await rsvp(at('2026-10-28T14:30:00Z'), { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, answer: 'in' })).kind).toBe(
      'no-such-occurrence',
    );
    expect((await rsvp(at('2026-11-02T09:00:00Z'), { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, answer: 'in' })).kind).toBe(
      'no-such-occurrence',
    );
    expect(await storage.breaks.rsvps(b.id, NEXT)).toEqual([]);
  });
});

describe('bringing topics', () => {
  test('a topic is stored trimmed, with its author', async () => {
    const { deps, storage, b } = await withBreak();
    const result = await addTopic(deps, {
      programmeId: 'team-1',
      breakId: b.id,
      date: NEXT,
      person: ana,
      text: '   Should we try pairing on Fridays?  \n',
    });
    expect(result).toEqual({
      kind: 'added',
      topic: {
        id: 'id-2',
        breakId: b.id,
        date: NEXT,
        authorId: ana.userId,
        authorName: 'Ana',
        text: 'Should we try pairing on Fridays?',
        createdAt: NOW,
        votes: [],
      },
    });
    expect(await storage.breaks.topics(b.id, NEXT)).toEqual([result.kind === 'added' && result.topic]);
  });

  test('an empty topic, or only spaces, is refused', async () => {
    const { deps, storage, b } = await withBreak();
    expect(await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text: '' })).toEqual({ kind: 'empty' });
    expect(await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text: ' \n\t ' })).toEqual({
      kind: 'empty',
    });
    expect(await storage.breaks.topics(b.id, NEXT)).toEqual([]);
  });

  test('a topic of exactly 200 characters is accepted; 201 is refused with its length', async () => {
    const { deps, storage, b } = await withBreak();
    expect((await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text: 'a'.repeat(200) })).kind).toBe('added');
    expect(await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text: 'b'.repeat(201) })).toEqual({
      kind: 'too-long',
      length: 201,
    });
    expect((await storage.breaks.topics(b.id, NEXT)).map((t) => t.text.length)).toEqual([200]);
  });

  test('spaces around a topic do not count towards its 200 characters', async () => {
    const { deps, b } = await withBreak();
    expect((await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text: `  ${'a'.repeat(200)}  ` })).kind).toBe('added');
  });

  test('each emoji counts as one character', async () => {
    const { deps, storage, b } = await withBreak();
    expect((await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text: '☕'.repeat(100) + '😀'.repeat(100) })).kind).toBe(
      'added',
    );
    expect(await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text: '😀'.repeat(201) })).toEqual({
      kind: 'too-long',
      length: 201,
    });
    expect(await storage.breaks.topics(b.id, NEXT)).toHaveLength(1);
  });

  test('Markdown and HTML are stored exactly as typed', async () => {
    const { deps, storage, b } = await withBreak();
    const text = '**Bold** idea: <b>tags</b> & <script>alert("x")</script> [link](https://example.com) `code` _x_';
    await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text });
    expect((await storage.breaks.topics(b.id, NEXT)).map((t) => t.text)).toEqual([text]);
  });

  test('topics cannot be added to a break that is over, skipped, not on that day, or deleted', async () => {
    const { deps, at, storage, b } = await withBreak({ skippedDates: ['2026-11-04'] });
    const text = 'Too late?';
    expect((await addTopic(at('2026-10-28T14:30:00Z'), { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text })).kind).toBe(
      'no-such-occurrence',
    );
    expect((await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: '2026-11-04', person: ana, text })).kind).toBe('no-such-occurrence');
    expect((await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: '2026-10-29', person: ana, text })).kind).toBe('no-such-occurrence');
    await deleteBreak(deps, { programmeId: 'team-1', breakId: b.id, person: organiser });
    expect((await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text })).kind).toBe('no-such-occurrence');
    for (const date of [NEXT, '2026-11-04', '2026-10-29']) expect(await storage.breaks.topics(b.id, date)).toEqual([]);
  });
});

describe('upvoting and removing topics', () => {
  test('the first press upvotes a topic, the second takes the upvote back', async () => {
    const { deps, storage, b } = await withBreak();
    const added = await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text: 'Office plants' });
    const topicId = added.kind === 'added' ? added.topic.id : '';
    expect((await toggleVote(deps, { programmeId: 'team-1', topicId, person: ben })).kind).toBe('voted');
    expect((await storage.breaks.getTopic(topicId))?.votes).toEqual([ben.userId]);
    expect((await toggleVote(deps, { programmeId: 'team-1', topicId, person: ben })).kind).toBe('unvoted');
    expect((await storage.breaks.getTopic(topicId))?.votes).toEqual([]);
    expect((await toggleVote(deps, { programmeId: 'team-1', topicId, person: ben })).kind).toBe('voted');
    expect((await storage.breaks.getTopic(topicId))?.votes).toEqual([ben.userId]);
  });

  test('each person’s upvote counts once', async () => {
    const { deps, storage, b } = await withBreak();
    const added = await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text: 'Office plants' });
    const topicId = added.kind === 'added' ? added.topic.id : '';
    await toggleVote(deps, { programmeId: 'team-1', topicId, person: ana });
    await toggleVote(deps, { programmeId: 'team-1', topicId, person: ben });
    expect((await storage.breaks.getTopic(topicId))?.votes).toEqual([ana.userId, ben.userId]);
  });

  test('topics are listed most upvoted first, then oldest first', async () => {
    const { at, deps, storage, b } = await withBreak();
    const add = async (iso: string, text: string) => {
      const r = await addTopic(at(iso), { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text });
      return r.kind === 'added' ? r.topic.id : '';
    };
    const first = await add('2026-10-26T09:00:00Z', 'first, no votes');
    const second = await add('2026-10-26T09:01:00Z', 'second, two votes');
    const third = await add('2026-10-26T09:02:00Z', 'third, one vote');
    await add('2026-10-26T09:03:00Z', 'fourth, no votes');
    const fifth = await add('2026-10-26T09:04:00Z', 'fifth, two votes');
    for (const [topicId, people] of [
      [second, [ben, chidi]],
      [third, [ben]],
      [fifth, [ana, chidi]],
    ] as const) {
      for (const person of people) await toggleVote(deps, { programmeId: 'team-1', topicId, person });
    }
    expect((await storage.breaks.topics(b.id, NEXT)).map((t) => t.text)).toEqual([
      'second, two votes',
      'fifth, two votes',
      'third, one vote',
      'first, no votes',
      'fourth, no votes',
    ]);
    // Taking an upvote back moves a topic down; a first upvote moves an old topic up among the equals.
    await toggleVote(deps, { programmeId: 'team-1', topicId: second, person: ben });
    await toggleVote(deps, { programmeId: 'team-1', topicId: first, person: ben });
    expect((await storage.breaks.topics(b.id, NEXT)).map((t) => t.text)).toEqual([
      'fifth, two votes',
      'first, no votes',
      'second, two votes',
      'third, one vote',
      'fourth, no votes',
    ]);
  });

  test('topics of a break that is over can no longer be upvoted', async () => {
    const { deps, at, storage, b } = await withBreak();
    const added = await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text: 'Office plants' });
    const topicId = added.kind === 'added' ? added.topic.id : '';
    expect((await toggleVote(at('2026-10-28T14:30:00Z'), { programmeId: 'team-1', topicId, person: ben })).kind).toBe('not-found');
    expect((await toggleVote(deps, { programmeId: 'team-1', topicId: 'nope', person: ben })).kind).toBe('not-found');
    expect((await storage.breaks.getTopic(topicId))?.votes).toEqual([]);
  });

  test('only its author can delete a topic', async () => {
    const { deps, storage, b } = await withBreak();
    const added = await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: ana, text: 'Office plants' });
    const topicId = added.kind === 'added' ? added.topic.id : '';
    await toggleVote(deps, { programmeId: 'team-1', topicId, person: ben });
    expect(await deleteTopic(deps, { programmeId: 'team-1', topicId, person: ben })).toEqual({ kind: 'not-author' });
    expect(await deleteTopic(deps, { programmeId: 'team-1', topicId, person: organiser })).toEqual({ kind: 'not-author' });
    expect(await storage.breaks.topics(b.id, NEXT)).toHaveLength(1);
    expect(await deleteTopic(deps, { programmeId: 'team-1', topicId, person: ana })).toEqual({ kind: 'deleted' });
    expect(await storage.breaks.topics(b.id, NEXT)).toEqual([]);
    expect(await storage.breaks.getTopic(topicId)).toBeUndefined();
    expect(await deleteTopic(deps, { programmeId: 'team-1', topicId, person: ana })).toEqual({ kind: 'not-found' });
  });
});

describe('the reminder is posted once per occurrence', () => {
  test('the first claim for a break and date wins, every later one is refused', async () => {
    const { storage, b } = await withBreak();
    expect(await storage.breaks.claimReminder(b.id, NEXT, new Date('2026-10-28T13:50:00Z'))).toBe(true);
    expect(await storage.breaks.claimReminder(b.id, NEXT, new Date('2026-10-28T13:50:30Z'))).toBe(false);
    expect(await storage.breaks.claimReminder(b.id, NEXT, new Date('2026-10-28T13:59:00Z'))).toBe(false);
    // The next week's occurrence is a new reminder.
    expect(await storage.breaks.claimReminder(b.id, '2026-11-04', new Date('2026-11-04T13:50:00Z'))).toBe(true);
    expect(await storage.breaks.claimReminder(b.id, '2026-11-04', new Date('2026-11-04T13:50:30Z'))).toBe(false);
  });

  test('a reminder that could not be posted can be claimed again; once posted it stays claimed', async () => {
    const { storage, b } = await withBreak();
    expect(await storage.breaks.claimReminder(b.id, NEXT, new Date('2026-10-28T13:50:00Z'))).toBe(true);
    await storage.breaks.releaseReminder(b.id, NEXT);
    expect(await storage.breaks.claimReminder(b.id, NEXT, new Date('2026-10-28T13:50:30Z'))).toBe(true);
    await storage.breaks.setReminderMessage(b.id, NEXT, 'message-1');
    await storage.breaks.releaseReminder(b.id, NEXT);
    expect(await storage.breaks.claimReminder(b.id, NEXT, new Date('2026-10-28T13:51:00Z'))).toBe(false);
    expect(await storage.breaks.reminderMessage(b.id, NEXT)).toBe('message-1');
  });

  test('two breaks of the same team each get their own reminder on the same date', async () => {
    const { deps, storage, b } = await withBreak();
    const second = await createBreak(deps, {
      programmeId: 'team-1',
      person: organiser,
      channelReference: channel,
      fields: fields({ title: 'Late coffee', time: '16:00' }),
    });
    const secondId = second.kind === 'saved' ? second.break.id : '';
    expect(await storage.breaks.claimReminder(b.id, NEXT, new Date('2026-10-28T13:50:00Z'))).toBe(true);
    expect(await storage.breaks.claimReminder(secondId, NEXT, new Date('2026-10-28T14:50:00Z'))).toBe(true);
    expect(await storage.breaks.claimReminder(secondId, NEXT, new Date('2026-10-28T14:50:30Z'))).toBe(false);
  });
});

describe('a break is acted on only from its own team', () => {
  /** Team 1 with its break and a topic on it, and team 2 next door (same tenant). */
  async function twoTeams() {
    const env = await withBreak();
    await programmeFor(
      { programmes: env.storage.programmes, clock: env.deps.clock },
      { id: 'team-2', tenantId: 't', reference: {}, organiser: organiser.aadObjectId },
    );
    const added = await addTopic(env.deps, { programmeId: 'team-1', breakId: env.b.id, date: NEXT, person: ana, text: 'Office plants' });
    const topicId = added.kind === 'added' ? added.topic.id : '';
    const before = async () => ({
      b: await env.storage.breaks.get(env.b.id),
      rsvps: await env.storage.breaks.rsvps(env.b.id, NEXT),
      topics: await env.storage.breaks.topics(env.b.id, NEXT),
    });
    return { ...env, topicId, snapshot: before };
  }

  test('from another team, even by an organiser of both, a break cannot be changed, deleted, answered or given topics', async () => {
    const { deps, b, snapshot } = await twoTeams();
    const was = await snapshot();
    const elsewhere = { programmeId: 'team-2', breakId: b.id };
    expect((await updateBreak(deps, { ...elsewhere, person: organiser, fields: fields({ title: 'Taken over' }) })).kind).toBe('not-found');
    expect((await deleteBreak(deps, { ...elsewhere, person: organiser })).kind).toBe('not-found');
    expect((await rsvp(deps, { ...elsewhere, date: NEXT, person: ben, answer: 'in' })).kind).toBe('no-such-occurrence');
    expect((await addTopic(deps, { ...elsewhere, date: NEXT, person: ben, text: 'Hello from next door' })).kind).toBe('no-such-occurrence');
    expect(await snapshot()).toEqual(was);
  });

  test('from another team, a topic can be neither upvoted nor deleted, even by its author', async () => {
    const { deps, topicId, snapshot } = await twoTeams();
    const was = await snapshot();
    expect((await toggleVote(deps, { programmeId: 'team-2', topicId, person: ben })).kind).toBe('not-found');
    expect((await deleteTopic(deps, { programmeId: 'team-2', topicId, person: ana })).kind).toBe('not-found');
    expect(await snapshot()).toEqual(was);
  });
});

describe('every collection of a break has a bound, met with a message', () => {
  test('a team can have 20 breaks; the 21st is refused with the limit, and deleting one makes room', async () => {
    const { deps, storage } = await setup();
    const create = () => createBreak(deps, { programmeId: 'team-1', person: organiser, channelReference: channel, fields: fields() });
    for (let i = 0; i < 20; i++) expect((await create()).kind).toBe('saved');
    expect(await create()).toEqual({ kind: 'too-many', limit: 20 });
    expect(await storage.breaks.list('team-1')).toHaveLength(20);
    const [first] = await storage.breaks.list('team-1');
    await deleteBreak(deps, { programmeId: 'team-1', breakId: first!.id, person: organiser });
    expect((await create()).kind).toBe('saved');
  });

  test('a person brings at most 5 topics to one occurrence, and may still bring topics to the next one', async () => {
    const { deps, storage, b } = await withBreak();
    const add = (person: typeof ana, text: string, date = NEXT) => addTopic(deps, { programmeId: 'team-1', breakId: b.id, date, person, text });
    for (let i = 1; i <= 5; i++) expect((await add(ana, `Idea ${i}`)).kind).toBe('added');
    expect(await add(ana, 'Idea 6')).toEqual({ kind: 'too-many-of-yours', limit: 5 });
    expect((await add(ben, 'Ben’s idea')).kind).toBe('added');
    expect((await add(ana, 'Idea for next week', '2026-11-04')).kind).toBe('added');
    expect((await storage.breaks.topics(b.id, NEXT)).filter((t) => t.authorId === ana.userId)).toHaveLength(5);
  });

  test('an occurrence holds at most 50 topics; the 51st is refused with the limit', async () => {
    const { deps, storage, b } = await withBreak();
    for (let i = 0; i < 50; i++) {
      const person = { userId: `29:p${i}`, aadObjectId: `p${i}-oid`, name: `P${i}` };
      expect((await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person, text: `Topic ${i}` })).kind).toBe('added');
    }
    expect(await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: NEXT, person: chidi, text: 'One more' })).toEqual({
      kind: 'full',
      limit: 50,
    });
    expect(await storage.breaks.topics(b.id, NEXT)).toHaveLength(50);
  });

  test('answers and topics are taken for the next 8 weeks of breaks, not for a date further ahead', async () => {
    const { deps, storage, b } = await withBreak();
    // Monday 26 October: 8 weeks (56 days) on is Monday 21 December; Wednesday 16 December is the last break inside.
    const inside = '2026-12-16';
    const beyond = '2026-12-23';
    expect((await rsvp(deps, { programmeId: 'team-1', breakId: b.id, date: inside, person: ana, answer: 'in' })).kind).toBe('ok');
    expect((await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: inside, person: ana, text: 'Year in review' })).kind).toBe('added');
    expect(await rsvp(deps, { programmeId: 'team-1', breakId: b.id, date: beyond, person: ana, answer: 'in' })).toEqual({
      kind: 'too-far-ahead',
      weeks: 8,
    });
    expect(await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: beyond, person: ana, text: 'Too early' })).toEqual({
      kind: 'too-far-ahead',
      weeks: 8,
    });
    expect(await addTopic(deps, { programmeId: 'team-1', breakId: b.id, date: '2036-10-29', person: ana, text: 'Far future' })).toEqual({
      kind: 'too-far-ahead',
      weeks: 8,
    });
    expect(await storage.breaks.rsvps(b.id, beyond)).toEqual([]);
    expect(await storage.breaks.topics(b.id, beyond)).toEqual([]);
  });
});
