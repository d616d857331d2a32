import { programmeFor } from '../../bot/domain/coffee/membership';
import { answerDay, cancelPlan, changePlan, comingByDay, planDays, upcomingDays, type DaysDeps, type DaysInput } from '../../bot/domain/days/plans';
import { LIMIT_MESSAGES, PLANS_PER_TEAM } from '../../bot/domain/days/model';
import type { Storage } from '../../bot/storage/ports';
import { openSqliteStorage } from '../../bot/storage/sqlite/sqlite-storage';

/** Monday 26 October 2026, 23:30 in Lisbon: already Tuesday 27 October in Tokyo. */
const NOW = new Date('2026-10-26T23:30:00Z');

const organiser = { userId: '29:org', aadObjectId: 'org-oid', name: 'Olu' };
const ana = { userId: '29:ana', aadObjectId: 'ana-oid', name: 'Ana' };
const channel = { conversation: { id: '19:general@thread.tacv2' } };

const fields = (overrides: Partial<DaysInput> = {}): DaysInput => ({
  dates: ['2026-11-10', '2026-11-11'],
  place: 'Lisbon office, Rua Augusta 1',
  link: 'https://maps.example/lisbon',
  timeZone: 'Europe/Lisbon',
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
  for (const id of ['team-1', 'team-2'])
    await programmeFor({ programmes: storage.programmes, clock }, { id, tenantId: 't', reference: {}, organiser: organiser.aadObjectId });
  let n = 0;
  const deps: DaysDeps = { days: storage.days, programmes: storage.programmes, clock, newId: () => `id-${++n}` };
  return { storage, deps };
}

async function planned(overrides: Partial<DaysInput> = {}) {
  const env = await setup();
  const result = await planDays(env.deps, { programmeId: 'team-1', person: organiser, channelReference: channel, fields: fields(overrides) });
  if (result.kind !== 'planned') throw new Error(`not planned: ${JSON.stringify(result)}`);
  return { ...env, plan: result.plan };
}

const problems = async (overrides: Partial<DaysInput> | Record<string, unknown>) => {
  const { deps } = await setup();
  const result = await planDays(deps, { programmeId: 'team-1', person: organiser, channelReference: channel, fields: { ...fields(), ...overrides } });
  return result.kind === 'invalid' ? result.problems : [{ field: `not refused: ${result.kind}`, id: 'invalid' }];
};

describe('planning days together', () => {
  test('an organiser plans two days in Lisbon; the team sees them as upcoming, in order', async () => {
    const { deps, plan } = await planned({ dates: ['2026-11-11', '2026-11-10'] });
    expect(plan).toMatchObject({ programmeId: 'team-1', dates: ['2026-11-10', '2026-11-11'], place: 'Lisbon office, Rua Augusta 1', organiser: 'org-oid' });
    expect((await upcomingDays(deps, 'team-1')).map((p) => p.id)).toEqual([plan.id]);
    expect(await upcomingDays(deps, 'team-2')).toEqual([]);
  });

  test('no days, or six, are refused with a message', async () => {
    expect(await problems({ dates: [] })).toEqual([{ field: 'dates', id: 'dates.count', values: { max: 5 } }]);
    expect(await problems({ dates: ['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14'] })).toEqual([
      { field: 'dates', id: 'dates.count', values: { max: 5 } },
    ]);
  });

  test('days in the past are refused, judged by the date where the days take place', async () => {
    expect(await problems({ dates: ['2026-10-25'] })).toEqual([{ field: 'dates', id: 'dates.past' }]);
    // Already the 27th in Tokyo, still the 26th in Lisbon.
    expect(await problems({ dates: ['2026-10-26'], timeZone: 'Asia/Tokyo' })).toEqual([{ field: 'dates', id: 'dates.past' }]);
    const { deps } = await setup();
    const today = await planDays(deps, { programmeId: 'team-1', person: organiser, channelReference: channel, fields: fields({ dates: ['2026-10-26'] }) });
    expect(today.kind).toBe('planned');
  });

  test('days that do not follow each other, or a date twice, or a date that does not exist, are refused', async () => {
    expect(await problems({ dates: ['2026-11-10', '2026-11-12'] })).toEqual([{ field: 'dates', id: 'dates.consecutive' }]);
    expect(await problems({ dates: ['2026-11-10', '2026-11-10'] })).toEqual([{ field: 'dates', id: 'dates.consecutive' }]);
    expect(await problems({ dates: ['2026-02-30'] })).toEqual([{ field: 'dates', id: 'dates.noSuchDate' }]);
  });

  test('a 10,000-character place, an empty one, a non-https link and an unknown time zone are refused with messages', async () => {
    expect(await problems({ place: 'x'.repeat(10_000) })).toEqual([{ field: 'place', id: 'place.tooLong', values: { max: 200 } }]);
    expect(await problems({ place: '   ' })).toEqual([{ field: 'place', id: 'place.empty' }]);
    expect(await problems({ link: 'http://maps.example/lisbon' })).toEqual([{ field: 'link', id: 'link.notHttps' }]);
    expect(await problems({ link: 'javascript:alert(1)' })).toEqual([{ field: 'link', id: 'link.notHttps' }]);
    expect(await problems({ timeZone: 'Mars/Olympus' })).toEqual([{ field: 'timeZone', id: 'timeZone.unknown' }]);
  });

  test('an empty link means no link', async () => {
    const { plan } = await planned({ link: '' });
    expect(plan.link).toBeUndefined();
  });

  test('only an organiser of the team plans, changes or cancels days together', async () => {
    const { deps, plan } = await planned();
    expect((await planDays(deps, { programmeId: 'team-1', person: ana, channelReference: channel, fields: fields() })).kind).toBe('not-organiser');
    expect((await changePlan(deps, { programmeId: 'team-1', planId: plan.id, person: ana, fields: fields() })).kind).toBe('not-organiser');
    expect((await cancelPlan(deps, { programmeId: 'team-1', planId: plan.id, person: ana })).kind).toBe('not-organiser');
    expect((await planDays(deps, { programmeId: 'no-team', person: organiser, channelReference: channel, fields: fields() })).kind).toBe('not-found');
  });

  test("another team's plan is not found, even for someone who organises both teams", async () => {
    const { deps, plan } = await planned();
    expect((await changePlan(deps, { programmeId: 'team-2', planId: plan.id, person: organiser, fields: fields() })).kind).toBe('not-found');
    expect((await cancelPlan(deps, { programmeId: 'team-2', planId: plan.id, person: organiser })).kind).toBe('not-found');
    expect((await answerDay(deps, { programmeId: 'team-2', planId: plan.id, date: plan.dates[0]!, person: ana, coming: true })).kind).toBe('not-found');
  });

  test('a cancelled plan is no longer upcoming and takes no answers', async () => {
    const { deps, plan } = await planned();
    expect((await cancelPlan(deps, { programmeId: 'team-1', planId: plan.id, person: organiser })).kind).toBe('cancelled');
    expect(await upcomingDays(deps, 'team-1')).toEqual([]);
    expect((await answerDay(deps, { programmeId: 'team-1', planId: plan.id, date: plan.dates[0]!, person: ana, coming: true })).kind).toBe('not-found');
  });

  test(`a team plans at most ${PLANS_PER_TEAM} days together at once, and is told so`, async () => {
    const { deps } = await setup();
    for (let i = 0; i < PLANS_PER_TEAM; i++)
      await planDays(deps, { programmeId: 'team-1', person: organiser, channelReference: channel, fields: fields({ dates: [`2026-12-${String(i + 10)}`] }) });
    const result = await planDays(deps, { programmeId: 'team-1', person: organiser, channelReference: channel, fields: fields() });
    expect(result).toEqual({ kind: 'too-many', limit: PLANS_PER_TEAM });
    expect(LIMIT_MESSAGES.plans).toContain(String(PLANS_PER_TEAM));
  });
});

describe('saying who is coming', () => {
  test("each day has its own answer; changing one's mind replaces it", async () => {
    const { deps, plan } = await planned();
    const [first, second] = plan.dates as [string, string];
    await answerDay(deps, { programmeId: 'team-1', planId: plan.id, date: first, person: ana, coming: true });
    await answerDay(deps, { programmeId: 'team-1', planId: plan.id, date: second, person: ana, coming: true });
    await answerDay(deps, { programmeId: 'team-1', planId: plan.id, date: second, person: ana, coming: false });
    await answerDay(deps, { programmeId: 'team-1', planId: plan.id, date: first, person: organiser, coming: true });
    const coming = await comingByDay(deps, plan);
    expect(coming.get(first)!.map((a) => a.name)).toEqual(['Ana', 'Olu']);
    expect(coming.get(second)).toEqual([]);
  });

  test('a day not in the plan, or one already over, takes no answer', async () => {
    const { deps, plan } = await planned({ dates: ['2026-10-26'] });
    expect((await answerDay(deps, { programmeId: 'team-1', planId: plan.id, date: '2026-10-27', person: ana, coming: true })).kind).toBe('not-found');
    const tomorrow = { ...deps, clock: { now: () => new Date('2026-10-27T08:00:00Z') } };
    expect((await answerDay(tomorrow, { programmeId: 'team-1', planId: plan.id, date: '2026-10-26', person: ana, coming: true })).kind).toBe('past');
  });
});
