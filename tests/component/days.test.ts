import { DAYS_VERBS } from '../../bot/cards/verbs';
import { botAddedToTeam, cardAction, channelMessage, participant, ORGANISER, TEAM_ID, TENANT_ID, type Participant } from '../fixtures/activities';
import { cardProblems, texts } from '../fixtures/cards';
import { ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';
import { callTab, type TabCall } from '../fixtures/tab-api';

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const OTHER_TEAM = '19:other-team-general@thread.tacv2';
/** Monday 2 November 2026, 09:00 in Lisbon; the days are Tuesday 17 and Wednesday 18 November. */
const NOW = new Date('2026-11-02T09:00:00Z');
const DATES = ['2026-11-17', '2026-11-18'];
const people = Array.from({ length: 12 }, (_, i) => participant(i + 1));

let hw: Harness;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock(NOW);
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0', CHECKIN_UPDATE_INTERVAL_MS: '250' }, overrides: { clock } });
  for (const p of [ORGANISER, ...people]) hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
  await hw.post(botAddedToTeam(hw.connector.url));
  await hw.post(channelMessage(hw.connector.url, 'coffee', ORGANISER));
});
afterEach(async () => {
  const sent = hw.connector.requests.flatMap((r) => r.body?.attachments ?? []).map((a: any) => a.content);
  for (const card of sent) expect(cardProblems(card)).toEqual([]);
  await hw.stop();
});

function call(who: Participant, path: string, init: TabCall = {}) {
  return callTab(hw, { clientId: CLIENT_ID, tenantId: TENANT_ID }, who, `/api/v1/teams/${encodeURIComponent(TEAM_ID)}${path}`, init);
}

const lisbon = { dates: DATES, place: 'Lisbon office, Rua Augusta 1', link: 'https://maps.example/lisbon', timeZone: 'Europe/Lisbon' };

async function planned(): Promise<{ planId: string; messageId: string }> {
  const res = await call(ORGANISER, '/days', { method: 'POST', body: lisbon });
  expect(res.status).toBe(201);
  const planId = ((await res.json()) as any).id as string;
  const card = hw.connector.sends(TEAM_ID).find((s) => texts(s.body.attachments?.[0]?.content).includes('Days together'));
  return { planId, messageId: card!.activityId! };
}

const press = (who: Participant, verb: string, data: object, conversationId: string) =>
  hw.post(cardAction(hw.connector.url, { verb, from: who, data, conversationId }));
const answer = (who: Participant, planId: string, date: string, coming = true, conversationId = TEAM_ID) =>
  hw.post(
    cardAction(hw.connector.url, { verb: DAYS_VERBS.answer, from: who, data: { planId, date, answer: coming ? 'coming' : 'not-coming' }, conversationId }),
  );

describe('days together', () => {
  test('an organiser plans two days in the tab; the card in the channel shows the place and dates, and who is coming as people answer', async () => {
    const { planId, messageId } = await planned();
    const first = hw.connector.latestCard(messageId);
    expect(texts(first)).toEqual(expect.arrayContaining(['Lisbon office, Rua Augusta 1', 'Tuesday 17 November and Wednesday 18 November (Europe/Lisbon)']));
    for (const p of people.slice(0, 5)) expect((await answer(p, planId, DATES[0]!)).body.statusCode).toBe(200);
    await answer(people[0]!, planId, DATES[1]!);
    await answer(people[1]!, planId, DATES[0]!, false);
    const shown = () => texts(hw.connector.latestCard(messageId)).join(' | ');
    await hw.connector.waitFor(() => shown().includes('4 coming') && shown().includes('1 coming') && !shown().includes(people[1]!.name), 10_000);
    expect(shown()).toContain('Participant 1, Participant 3, Participant 4 and Participant 5');
  });

  test('after forget me the card no longer shows the person', async () => {
    const { planId, messageId } = await planned();
    for (const p of people.slice(0, 3)) await answer(p, planId, DATES[0]!);
    const shown = () => texts(hw.connector.latestCard(messageId)).join(' | ');
    await hw.connector.waitFor(() => shown().includes('3 coming'), 10_000);
    const gone = people[0]!;
    const res = await callTab(hw, { clientId: CLIENT_ID, tenantId: TENANT_ID }, gone, '/api/v1/me', { method: 'DELETE', body: { confirm: true } });
    expect(res.status).toBe(200);
    await hw.connector.waitFor(() => shown().includes('2 coming'), 10_000);
    expect(shown()).not.toContain(gone.name);
  });

  test('someone answering with the card of another team is refused: the plan looks over, and nothing is counted', async () => {
    const { planId, messageId } = await planned();
    await hw.app.storage.programmes.ensure({ ...(await hw.app.storage.programmes.get(TEAM_ID))!, id: OTHER_TEAM, organisers: [] });
    const outsider = participant(99);
    const res = await answer(outsider, planId, DATES[0]!, true, OTHER_TEAM);
    expect(res.status).toBe(200);
    expect(texts(res.body.value)).toContain('These days together are over or were cancelled');
    expect(texts(res.body.value).join(' ')).not.toContain('Lisbon');
    expect(await hw.app.storage.days.answers(planId)).toEqual([]);
    expect(texts(hw.connector.latestCard(messageId))).not.toContain(outsider.name);
  });

  test('bad plans are refused with a message: no days or six, days in the past, a 10,000-character place, a non-https link; and only organisers plan', async () => {
    const refused = async (fields: object) => {
      const res = await call(ORGANISER, '/days', { method: 'POST', body: { ...lisbon, ...fields } });
      expect(res.status).toBe(400);
      return ((await res.json()) as any).error.message as string;
    };
    expect(await refused({ dates: [] })).toBe('dates: Plan 1 to 5 days');
    expect(await refused({ dates: ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21'] })).toBe('dates: Plan 1 to 5 days');
    expect(await refused({ dates: ['2026-11-01'] })).toBe('dates: The days cannot be in the past');
    expect(await refused({ place: 'x'.repeat(10_000) })).toBe('place: Keep the place to 200 characters');
    expect(await refused({ link: 'http://maps.example/lisbon' })).toBe('link: The link must be an https:// link');
    expect((await call(people[0]!, '/days', { method: 'POST', body: lisbon })).status).toBe(403);
    expect(((await (await call(people[0]!, '/days')).json()) as any).plans).toEqual([]);
  });

  test('the days command lists upcoming days together', async () => {
    await planned();
    await hw.post(channelMessage(hw.connector.url, 'days', people[0]!));
    const reply = hw.connector.sends(TEAM_ID).at(-1)!;
    expect(texts(reply.body.attachments[0].content)).toEqual(expect.arrayContaining(['Lisbon office, Rua Augusta 1']));
  });

  test('seven days before, the plan is drawn: everyone coming is told their table and walk once, privately; the card shows the tables; a late sign-up joins the smallest table', async () => {
    const { planId, messageId } = await planned();
    for (const p of people.slice(0, 11)) await answer(p, planId, DATES[0]!);
    for (const p of people.slice(0, 9)) await answer(p, planId, DATES[1]!);
    clock.set(new Date('2026-11-09T23:59:00Z')); // still the 9th in Lisbon: eight days before
    await hw.app.scheduler.tick();
    expect(await hw.app.storage.days.seating(planId)).toBeUndefined();
    clock.set(new Date('2026-11-10T00:00:00Z')); // midnight of the 10th in Lisbon (UTC+0 in winter)
    await hw.app.scheduler.tick();
    await hw.app.scheduler.tick();
    const plans = (p: Participant) =>
      hw.connector.personalMessages(p.id).filter((m) => texts(m.body.attachments[0].content).includes('Your plan for the days together'));
    for (const p of people.slice(0, 11)) expect(plans(p)).toHaveLength(1);
    expect(plans(people[11]!)).toHaveLength(0);
    const mine = texts(plans(people[0]!)[0]!.body.attachments[0].content).join(' ');
    expect(mine).toContain('Lunch with');
    expect(mine).toContain('Afternoon coffee walk with');
    await hw.connector.waitFor(() => texts(hw.connector.latestCard(messageId)).includes('Table 1: '), 10_000);

    const seating = (await hw.app.storage.days.seating(planId))!;
    const sizes = seating.days[0]!.tables.map((t) => t.length);
    const late = people[11]!;
    await answer(late, planId, DATES[0]!);
    const after = (await hw.app.storage.days.seating(planId))!.days[0]!;
    const joined = after.tables.find((t) => t.includes(late.id))!;
    expect(joined.length - 1).toBe(Math.min(...sizes));
    expect(plans(late)).toHaveLength(1);
  });

  test('the day after, everyone who came is asked once whether they met someone new; organisers see the total only from five answers on', async () => {
    const { planId } = await planned();
    const came = people.slice(0, 6);
    for (const p of came) await answer(p, planId, DATES[0]!);
    const asked = (p: Participant) =>
      hw.connector.personalMessages(p.id).filter((m) => texts(m.body.attachments?.[0]?.content).includes('Did you meet someone new?'));
    clock.set(new Date('2026-11-19T09:59:00Z'));
    await hw.app.scheduler.tick();
    expect(came.filter((p) => asked(p).length > 0)).toEqual([]);
    clock.set(new Date('2026-11-19T10:00:00Z'));
    await hw.app.scheduler.tick();
    await hw.app.scheduler.tick();
    expect(came.map((p) => asked(p).length)).toEqual(came.map(() => 1));
    expect(asked(people[6]!)).toHaveLength(0);

    const met = (p: Participant, yes: boolean) =>
      press(p, DAYS_VERBS.met, { planId, answer: yes ? 'yes' : 'no' }, hw.connector.personalChats.get(p.id) ?? 'a:personal-none');
    const summary = async () => (await call(ORGANISER, `/days/${planId}/summary`)).json();
    for (const [i, p] of came.slice(0, 4).entries()) await met(p, i !== 0);
    expect(await summary()).toEqual({ kind: 'too-few', answers: 4, needed: 5 });
    // Someone who did not come cannot answer.
    expect(texts((await met(people[6]!, true)).body.value)).toContain('This question is no longer open');
    await met(came[4]!, true);
    expect(await summary()).toEqual({ kind: 'shown', answers: 5, metSomeoneNew: 4 });
    expect((await call(came[0]!, `/days/${planId}/summary`)).status).toBe(403);
  });

  test("on the photo day the team is reminded once in its channel, from 11:00 in the days' time zone", async () => {
    const { planId } = await planned();
    for (const p of people.slice(0, 6)) await answer(p, planId, DATES[1]!);
    for (const p of people.slice(0, 4)) await answer(p, planId, DATES[0]!);
    const reminders = () => hw.connector.sends(TEAM_ID).filter((s) => texts(s.body.attachments?.[0]?.content).includes('Team photo today, after lunch'));
    clock.set(new Date('2026-11-10T09:00:00Z'));
    await hw.app.scheduler.tick(); // drawn: most people come on the second day, so the photo is then
    clock.set(new Date('2026-11-17T12:00:00Z'));
    await hw.app.scheduler.tick();
    clock.set(new Date('2026-11-18T10:59:00Z'));
    await hw.app.scheduler.tick();
    expect(reminders()).toHaveLength(0);
    clock.set(new Date('2026-11-18T11:00:00Z'));
    await hw.app.scheduler.tick();
    clock.set(new Date('2026-11-18T11:05:00Z'));
    await hw.app.scheduler.tick();
    expect(reminders()).toHaveLength(1);
    expect(texts(reminders()[0]!.body.attachments[0].content).join('')).toContain('Lisbon office, Rua Augusta 1');
  });
});
