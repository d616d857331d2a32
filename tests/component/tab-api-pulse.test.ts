import { botAddedToTeam, participant, MEETING_CHAT, MEETING_ID, ORGANISER, TEAM_ID, TENANT_ID, type Participant } from '../fixtures/activities';
import { ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';
import { seedPulse, type SeededPerson } from '../fixtures/pulse-seed';
import { callTab } from '../fixtures/tab-api';

const app = { clientId: '7d3c1b2a-0000-4000-8000-00000000c11e', tenantId: TENANT_ID };
const NOW = new Date('2026-05-20T12:00:00Z');
const attendee = participant(1);
const outsider = participant(99);
const FOREIGN_TENANT = 'f00dcafe-0000-4000-8000-000000000000';

const team = `/api/v1/teams/${encodeURIComponent(TEAM_ID)}/pulse`;
const meeting = `/api/v1/meetings/${encodeURIComponent(MEETING_ID)}/pulse`;
const chat = `?chat=${encodeURIComponent(MEETING_CHAT)}`;
/** Every pulse route, as the tab calls them. */
const ENDPOINTS = [team, `${team}/csv`, `${meeting}${chat}`, `${meeting}/csv${chat}`, '/api/v1/me/pulse'];

let hw: Harness;

/** Hallway with a team of `people` and its history, the organiser running coffee and the meeting. */
async function start(people: number) {
  hw = await startHallway({ env: { SSO_CLIENT_ID: app.clientId, JOBS_INTERVAL_MS: '0' }, overrides: { clock: new ManualClock(NOW) } });
  const added = botAddedToTeam(hw.connector.url);
  added.conversation = { isGroup: true, conversationType: 'groupChat', tenantId: TENANT_ID, id: MEETING_CHAT };
  added.channelData = { tenant: { id: TENANT_ID } };
  await hw.post(added);
  hw.connector.setMeetingRole(MEETING_ID, ORGANISER.aadObjectId, 'Organizer');
  hw.connector.setMeetingRole(MEETING_ID, attendee.aadObjectId, 'Attendee');
  const seeded = await seedPulse(hw.app.storage, {
    tenantId: TENANT_ID,
    teamId: TEAM_ID,
    meetingId: MEETING_ID,
    chatId: MEETING_CHAT,
    organiser: ORGANISER.aadObjectId,
    people,
    now: NOW,
    reference: { channelId: 'msteams', serviceUrl: hw.connector.url, conversation: { id: TEAM_ID, tenantId: TENANT_ID } },
  });
  for (const p of [ORGANISER, attendee, ...seeded.everyone.map(asParticipant)])
    hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
  for (const p of seeded.everyone) hw.connector.setMeetingRole(MEETING_ID, p.aadObjectId, 'Attendee');
  return seeded;
}

afterEach(async () => {
  await hw.stop();
});

const asParticipant = (p: SeededPerson): Participant => ({ id: p.userId, aadObjectId: p.aadObjectId, name: p.name });
const get = (who: Participant, path: string) => callTab(hw, app, who, path);
const json = async (who: Participant, path: string): Promise<any> => {
  const res = await get(who, path);
  expect(res.status).toBe(200);
  return res.json();
};

/** Every number in an answer, with the path to it and the people the nearest figure around it covers. */
function numbersIn(value: unknown, path = '', covers?: number): { path: string; value: number; covers?: number }[] {
  if (typeof value === 'number') return [{ path, value, covers }];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`, covers));
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const here = o.kind === 'shown' && typeof o.people === 'number' ? o.people : covers;
    return Object.entries(o).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`, here));
  }
  return [];
}

describe('the pulse of a team of 30 over 12 rounds, and a meeting series of 12 occurrences', () => {
  test('every figure of coffee, the break and the check-ins equals the one counted here on its own', async () => {
    const expected = await start(30);
    const teamPulse = await json(ORGANISER, team);
    expect(teamPulse.coffee).toEqual(expected.coffee);
    expect(teamPulse.break).toEqual(expected.breaks);
    expect(teamPulse.breaks).toEqual([{ id: expected.breaks.breakId, title: 'Daily coffee' }]);
    expect(await json(ORGANISER, `${meeting}${chat}`)).toEqual(expected.series);
    // The data really has both kinds of point: the too-few ones are not the only ones, nor absent.
    expect(expected.series.occurrences.filter((o) => o.kind === 'too-few')).toHaveLength(1);
    expect(expected.breaks.occurrences.filter((o) => o.kind === 'too-few')).toHaveLength(3);
    expect(expected.coffee.quarter).toMatchObject({ kind: 'shown', people: 30 });
  });

  test('the CSV holds the same figures, says too few to show where there are too few, and never starts a cell with a formula', async () => {
    const expected = await start(30);
    const res = await get(ORGANISER, `${meeting}/csv${chat}`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = (await res.text()).trim().split('\r\n');
    expect(rows).toHaveLength(1 + 12 + 1);
    const third = expected.series.occurrences[3]!;
    expect(rows[4]).toBe(`"${third.startedAt}"${',"too few to show"'.repeat(9)}`);
    const index = expected.series.occurrences.findIndex((o: any) => o.moods?.kind === 'shown');
    const first = expected.series.occurrences[index] as any;
    expect(rows[1 + index]).toBe(
      [first.startedAt, first.people, first.checkedIn, first.skipped, ...first.moods.steps.map((s: any) => s.count), first.moods.average]
        .map((c) => `"${c}"`)
        .join(','),
    );
    expect(rows[13]).toBe(`"trend of the average mood per occurrence","${(expected.series.trend as any).slope}"`);

    await hw.app.storage.breaks.save({ ...(await hw.app.storage.breaks.get(expected.breaks.breakId))!, title: '=HYPERLINK("http://evil.example","x")' });
    const teamCsv = await (await get(ORGANISER, `${team}/csv`)).text();
    expect(teamCsv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(teamCsv.split('\r\n').filter((r) => r.startsWith('"=') || r.includes(',"=') || r.includes(',"+') || r.includes(',"@'))).toEqual([]);
    const round5 = expected.coffee.rounds[4] as any;
    expect(teamCsv).toContain(
      `"5","${round5.startedAt}","${round5.people}","${round5.groups}","${round5.met}","${round5.shareMet}","${round5.firstTimePairs}"`,
    );
  });

  test('forget me takes a person out of every chart drawn afterwards', async () => {
    const expected = await start(30);
    const person = asParticipant(expected.everyone[0]!);
    const before = { team: await json(ORGANISER, team), series: await json(ORGANISER, `${meeting}${chat}`) };
    const forgot = await callTab(hw, app, person, '/api/v1/me', { method: 'DELETE', body: { confirm: true } });
    expect(forgot.status).toBe(200);
    const after = { team: await json(ORGANISER, team), series: await json(ORGANISER, `${meeting}${chat}`) };
    // Person 1 answered every occurrence, came to every break and was in every round.
    const shownBefore = (points: any[]) => points.map((p) => (p.kind === 'shown' ? p.people : 0));
    const expectedAfter = (points: any[]) => shownBefore(points).map((n) => (n - 1 >= 5 ? n - 1 : 0));
    expect(shownBefore(after.series.occurrences)).toEqual(expectedAfter(before.series.occurrences));
    expect(shownBefore(after.team.coffee.rounds)).toEqual(expectedAfter(before.team.coffee.rounds));
    expect(shownBefore(after.team.break.occurrences)).toEqual(expectedAfter(before.team.break.occurrences));
    expect(after.team.coffee.quarter.people).toBe(29);
  });
});

describe('the pulse of a team of 4', () => {
  test('every chart is too few to show, and no answer holds a figure about fewer than five people', async () => {
    await start(4);
    const member = asParticipant({ userId: '29:pulse-1', aadObjectId: '7a5e0000-0000-4000-9000-000000000001', name: 'Pulse Person 1' });
    const teamPulse = await json(ORGANISER, team);
    const series = await json(ORGANISER, `${meeting}${chat}`);
    for (const point of [...teamPulse.coffee.rounds, teamPulse.coffee.quarter, ...teamPulse.break.occurrences, ...series.occurrences, series.trend]) {
      expect(point.kind).toBe('too-few');
    }
    expect(teamPulse.coffee.rounds).toHaveLength(12);
    expect(series.occurrences).toHaveLength(12);
    // The only numbers left are round numbers (labels, not counts of anyone).
    const numbers = [...numbersIn(teamPulse), ...numbersIn(series), ...numbersIn(await json(member, '/api/v1/me/pulse'))];
    expect(numbers.filter((n) => !/\.round$/.test(n.path) && !(n.covers !== undefined && n.covers >= 5))).toEqual([]);
    for (const path of [`${team}/csv`, `${meeting}/csv${chat}`]) {
      const csv = await (await get(ORGANISER, path)).text();
      const cells = csv
        .trim()
        .split('\r\n')
        .slice(1)
        .flatMap((row) => row.split(',').slice(1));
      const figures = cells.filter((c) => /^"[0-9.]+"$/.test(c) && !/^"\d{4}-/.test(c));
      // Coffee's CSV starts each round's row with its number; every other number is a figure.
      expect(figures).toEqual([]);
    }
  });
});

describe('every pulse route, for every caller', () => {
  test("no answer carries another person's mood, or a name beside a mood; only organisers see a team's or a meeting's pulse", async () => {
    const seeded = await start(30);
    const member = asParticipant(seeded.everyone[0]!);
    const callers: [string, Participant, string?][] = [
      ['the organiser', ORGANISER],
      ['an attendee', attendee],
      ['a member with moods and matches', member],
      ['someone of no team', outsider],
      ['the organiser of another tenant', ORGANISER, FOREIGN_TENANT],
    ];
    const others = (caller: Participant) => seeded.everyone.filter((p) => p.aadObjectId !== caller.aadObjectId);
    for (const [who, caller, tenant] of callers) {
      for (const path of ENDPOINTS) {
        const res = await callTab(hw, { ...app, tenantId: tenant ?? TENANT_ID }, caller, path);
        const text = await res.text();
        const mine = path === '/api/v1/me/pulse';
        const organiserRoute = !mine && caller === ORGANISER && !tenant;
        const label = `${who}: ${path}`;
        // Another tenant's team and meeting do not exist for the caller; anyone else is told only organisers may look.
        expect([label, res.status]).toEqual([label, mine || organiserRoute ? 200 : tenant ? 404 : 403]);
        if (!mine) {
          // Aggregates name nobody at all.
          for (const p of seeded.everyone)
            expect([label, text.includes(p.name) || text.includes(p.userId) || text.includes(p.aadObjectId)]).toEqual([label, false]);
          continue;
        }
        const body = JSON.parse(text);
        // My pulse: only my own moods, and names only as coffee partners, never beside a mood.
        const myAnswers = Array.from({ length: 12 }, (_, k) => seeded.answersOf(k))
          .flat()
          .filter((a) => a.person.aadObjectId === caller.aadObjectId && !a.skipped);
        expect(body.moods.map((m: any) => m.mood)).toEqual(myAnswers.map((a) => a.mood));
        expect(Object.keys(body).sort()).toEqual(['coffee', 'moods']);
        for (const m of body.moods) expect(Object.keys(m).sort()).toEqual(['at', 'mood']);
        for (const p of others(caller)) expect(JSON.stringify(body.moods).includes(p.name)).toBe(false);
        if (caller === member) {
          expect(body.coffee.length).toBeGreaterThan(0);
          for (const entry of body.coffee) {
            expect(entry.partners.length).toBeGreaterThan(0);
            expect(entry.partners).not.toContain(member.name);
            expect(Object.keys(entry)).not.toContain('mood');
          }
        } else {
          expect(body).toEqual({ moods: [], coffee: [] });
        }
      }
    }
  });

  test('a break of another team is refused, and the break asked for must be named sensibly', async () => {
    const seeded = await start(30);
    const theirs = { ...(await hw.app.storage.breaks.get(seeded.breaks.breakId))!, id: 'break-of-another-team', programmeId: '19:another-team@thread.tacv2' };
    await hw.app.storage.breaks.save(theirs);
    const refused = await get(ORGANISER, `${team}?break=${theirs.id}`);
    expect(refused.status).toBe(404);
    expect(JSON.stringify(await refused.json())).not.toContain('people');
    expect((await get(ORGANISER, `${team}?break=not-a-break-of-this-team`)).status).toBe(404);
    expect((await get(ORGANISER, `${team}?break=${'x'.repeat(200)}`)).status).toBe(400);
  });
});
