/**
 * "How the days went" for organisers: the days list keeps a team's plans for 30 days after their
 * last day (organisers only), and the figure of each comes from the summary route, bound to the team.
 */
import { DAYS_VERBS } from '../../bot/cards/verbs';
import { botAddedToTeam, cardAction, channelMessage, participant, ORGANISER, TEAM_ID, TENANT_ID, type Participant } from '../fixtures/activities';
import { ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';
import { callTab } from '../fixtures/tab-api';

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const OTHER_TEAM = '19:other-team-general@thread.tacv2';
/** Monday 2 November 2026, 09:00 in Lisbon; the days are Tuesday 17 and Wednesday 18 November. */
const NOW = new Date('2026-11-02T09:00:00Z');
const DATES = ['2026-11-17', '2026-11-18'];
const people = Array.from({ length: 8 }, (_, i) => participant(i + 1));
const member = people[0]!;

let hw: Harness;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock(NOW);
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0', CHECKIN_UPDATE_INTERVAL_MS: '250' }, overrides: { clock } });
  for (const p of [ORGANISER, ...people]) hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
  await hw.post(botAddedToTeam(hw.connector.url));
  await hw.post(channelMessage(hw.connector.url, 'coffee', ORGANISER));
});
afterEach(() => hw.stop());

const call = (who: Participant, path: string, init: { method?: string; body?: unknown } = {}, team = TEAM_ID) =>
  callTab(hw, { clientId: CLIENT_ID, tenantId: TENANT_ID }, who, `/api/v1/teams/${encodeURIComponent(team)}${path}`, init);
const list = async (who: Participant, team = TEAM_ID) => (await call(who, '/days', {}, team)).json() as Promise<any>;

/** Lisbon, planned, six coming on the first day. */
async function planned(place = 'Lisbon office', dates = DATES): Promise<string> {
  const res = await call(ORGANISER, '/days', { method: 'POST', body: { dates, place, timeZone: 'Europe/Lisbon' } });
  expect(res.status).toBe(201);
  const planId = ((await res.json()) as any).id as string;
  for (const p of people.slice(0, 6)) {
    await hw.post(
      cardAction(hw.connector.url, { verb: DAYS_VERBS.answer, from: p, data: { planId, date: dates[0], answer: 'coming' }, conversationId: TEAM_ID }),
    );
  }
  return planId;
}

describe('how the days went, for organisers', () => {
  test('once the days are over, an organiser still finds the plan in the list with its id; a member does not', async () => {
    const planId = await planned();
    expect((await list(ORGANISER)).ended).toEqual([]);
    clock.set(new Date('2026-11-19T12:00:00Z'));
    const organisers = await list(ORGANISER);
    expect(organisers.plans).toEqual([]);
    expect(organisers.ended).toEqual([{ id: planId, dates: DATES, place: 'Lisbon office', timeZone: 'Europe/Lisbon' }]);
    const members = await list(member);
    expect(members).toMatchObject({ organiser: false, plans: [], ended: [], endedMore: 0 });
    expect(JSON.stringify(members)).not.toContain(planId);
  });

  test('the organiser reads the figure through the id the list gave: too few, then shown from five answers', async () => {
    const planId = await planned();
    clock.set(new Date('2026-11-19T10:00:00Z'));
    await hw.app.scheduler.tick();
    const [{ id }] = (await list(ORGANISER)).ended;
    expect(id).toBe(planId);
    const summary = async () => (await call(ORGANISER, `/days/${id}/summary`)).json();
    for (const [i, p] of people.slice(0, 4).entries()) await hw.app.storage.days.recordMet(planId, p.id, i !== 0, clock.now());
    expect(await summary()).toEqual({ kind: 'too-few', answers: 4, needed: 5 });
    await hw.app.storage.days.recordMet(planId, people[4]!.id, true, clock.now());
    expect(await summary()).toEqual({ kind: 'shown', answers: 5, metSomeoneNew: 4 });
  });

  test("another team's organiser is told the plan is not found, and does not see it in their list", async () => {
    const planId = await planned();
    clock.set(new Date('2026-11-19T12:00:00Z'));
    const outsider = participant(99);
    hw.connector.addMember({ ...outsider, userPrincipalName: 'outsider@contoso.example' });
    await hw.app.storage.programmes.ensure({ ...(await hw.app.storage.programmes.get(TEAM_ID))!, id: OTHER_TEAM, organisers: [outsider.aadObjectId] });
    const theirs = await list(outsider, OTHER_TEAM);
    expect(theirs.organiser).toBe(true);
    expect(theirs.ended).toEqual([]);
    const res = await call(outsider, `/days/${planId}/summary`, {}, OTHER_TEAM);
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).not.toContain('Lisbon');
  });

  test('a plan leaves the list 30 days after its last day', async () => {
    const planId = await planned();
    clock.set(new Date('2026-12-18T12:00:00Z'));
    expect((await list(ORGANISER)).ended.map((p: any) => p.id)).toEqual([planId]);
    clock.set(new Date('2026-12-19T12:00:00Z'));
    expect((await list(ORGANISER)).ended).toEqual([]);
  });
});
