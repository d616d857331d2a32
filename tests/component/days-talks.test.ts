import { DAYS_VERBS } from '../../bot/cards/verbs';
import { botAddedToTeam, cardAction, channelMessage, participant, ORGANISER, TEAM_ID, TENANT_ID, type Participant } from '../fixtures/activities';
import { cardProblems, texts } from '../fixtures/cards';
import { ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';
import { callTab, type TabCall } from '../fixtures/tab-api';

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const NOW = new Date('2026-11-02T09:00:00Z');
const DATES = ['2026-11-17', '2026-11-18'];
const [ana, ben, cem, dan, ...rest] = Array.from({ length: 9 }, (_, i) => participant(i + 1)) as [
  Participant,
  Participant,
  Participant,
  Participant,
  ...Participant[],
];
const others = [ORGANISER, ...rest];
/** What only a face-to-face request ever puts in a card or an answer. */
const TALK_WORDS = ['face to face', 'Time to talk', 'time with you', 'time set aside', 'declined'];

let hw: Harness;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock(NOW);
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0', CHECKIN_UPDATE_INTERVAL_MS: '250' }, overrides: { clock } });
  for (const p of [ORGANISER, ana, ben, cem, dan, ...rest]) hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
  await hw.post(botAddedToTeam(hw.connector.url));
  await hw.post(channelMessage(hw.connector.url, 'coffee', ORGANISER));
});
afterEach(async () => {
  const sent = hw.connector.requests.flatMap((r) => r.body?.attachments ?? []).map((a: any) => a.content);
  for (const card of sent) expect(cardProblems(card)).toEqual([]);
  await hw.stop();
});

const call = (who: Participant, path: string, init: TabCall = {}) =>
  callTab(hw, { clientId: CLIENT_ID, tenantId: TENANT_ID }, who, `/api/v1/teams/${encodeURIComponent(TEAM_ID)}${path}`, init);
const press = (who: Participant, verb: string, data: object, conversationId: string) =>
  hw.post(cardAction(hw.connector.url, { verb, from: who, data, conversationId }));
const chatOf = (p: Participant) => hw.connector.personalChats.get(p.id);
/** The request card a person got in their 1:1 chat, if any. */
const requestCardOf = (p: Participant) =>
  hw.connector
    .personalMessages(p.id)
    .map((m) => m.body.attachments?.[0]?.content)
    .find((card) => JSON.stringify(card).includes(DAYS_VERBS.talk));

describe('a private request for time face to face', () => {
  test('only the colleague is asked; the asker hears only "not this time" on a decline; nobody else ever learns of either request, in any card, message or tab answer', async () => {
    const created = await call(ORGANISER, '/days', {
      method: 'POST',
      body: { dates: DATES, place: 'Lisbon office', timeZone: 'Europe/Lisbon' },
    });
    const planId = ((await created.json()) as any).id as string;
    for (const p of [ORGANISER, ana, ben, cem, dan, ...rest])
      for (const date of DATES) await press(p, DAYS_VERBS.answer, { planId, date, answer: 'coming' }, TEAM_ID);
    const answersBefore = await Promise.all(others.map(async (p) => (await call(p, '/days')).json()));

    expect((await call(ana, `/days/${planId}/talks`, { method: 'POST', body: { with: ben.id } })).status).toBe(201);
    expect((await call(cem, `/days/${planId}/talks`, { method: 'POST', body: { with: dan.id } })).status).toBe(201);
    // One request per person.
    expect((await call(ana, `/days/${planId}/talks`, { method: 'POST', body: { with: cem.id } })).status).toBe(400);

    const toBen = requestCardOf(ben);
    const toDan = requestCardOf(dan);
    expect(texts(toBen).join('')).toContain(`${ana.name} would like some time with you`);
    expect(texts(toDan).join('')).toContain(`${cem.name} would like some time with you`);
    const requestId = (card: unknown) => JSON.stringify(card).match(/"requestId":"([^"]+)"/)![1]!;
    const ids = [requestId(toBen), requestId(toDan)];
    for (const p of [ana, cem, ...others]) expect(requestCardOf(p)).toBeUndefined();

    const accepted = await press(ben, DAYS_VERBS.talk, { planId, requestId: ids[0], answer: 'accept' }, chatOf(ben)!);
    expect(texts(accepted.body.value).join(' ')).toContain('Time to talk, face to face');
    await press(dan, DAYS_VERBS.talk, { planId, requestId: ids[1], answer: 'decline' }, chatOf(dan)!);
    // Someone else pressing a request's buttons changes nothing.
    const meddled = await press(rest[0]!, DAYS_VERBS.talk, { planId, requestId: ids[1], answer: 'accept' }, chatOf(dan)!);
    expect(texts(meddled.body.value)).toContain('This request is no longer open');

    const cemHeard = hw.connector.personalMessages(cem.id).map((m) => texts(m.body.attachments?.[0]?.content).join(' '));
    expect(cemHeard).toEqual(['Not this time Your request for time face to face will not happen during these days.']);

    // The draw: the accepted pair gets time in both private plans.
    clock.set(new Date('2026-11-10T09:00:00Z'));
    await hw.app.scheduler.tick();
    const planOf = (p: Participant) =>
      texts(
        hw.connector
          .personalMessages(p.id)
          .filter((m) => texts(m.body.attachments?.[0]?.content).includes('Your plan for the days together'))
          .at(-1)?.body.attachments[0].content,
      )
        .join(' ')
        .replace(/\s+/g, ' ');
    expect(planOf(ana)).toContain(`Time to talk with ${ben.name}`);
    expect(planOf(ben)).toContain(`Time to talk with ${ana.name}`);
    expect(planOf(cem)).not.toContain('Time to talk');
    expect(planOf(dan)).not.toContain('Time to talk');
    await hw.app.scheduler.tick();
    await hw.connector.waitFor(() => hw.connector.updates().length > 0, 10_000);

    // Everything Hallway sent anywhere but the 1:1 chats of the two pairs: the channel's cards, the
    // other people's plans and messages. None of it carries a trace of either request.
    const involved = new Set([ana, ben, cem, dan].map(chatOf));
    const elsewhere = hw.connector.requests.filter((r) => !involved.has(r.conversationId));
    expect(elsewhere.length).toBeGreaterThan(others.length);
    for (const r of elsewhere) {
      const body = JSON.stringify(r.body ?? null);
      for (const word of [...TALK_WORDS, ...ids]) expect(body).not.toContain(word);
    }
    // And each pair's chats carry nothing of the other pair's request.
    for (const [p, otherPair] of [
      [ana, ids[1]],
      [ben, ids[1]],
      [cem, ids[0]],
      [dan, ids[0]],
    ] as const)
      expect(JSON.stringify(hw.connector.personalMessages(p.id))).not.toContain(otherPair);

    // Every tab answer for everyone else is what it would be without the requests (the draw aside).
    for (const [i, p] of others.entries()) {
      const view: any = await (await call(p, '/days')).json();
      expect(view.plans[0].myTalks).toEqual([]);
      for (const word of [...TALK_WORDS, ...ids]) expect(JSON.stringify(view)).not.toContain(word);
      const withoutDraw = (v: any) =>
        v.plans.map((plan: any) => ({
          ...plan,
          drawn: false,
          days: plan.days.map((d: any) => ({ ...d, myTable: undefined, myWalk: undefined, photo: undefined })),
        }));
      expect(JSON.parse(JSON.stringify(withoutDraw(view)))).toEqual(JSON.parse(JSON.stringify(withoutDraw(answersBefore[i]))));
    }
    // The two people see their own request, the asker a decline only as "not this time".
    const myTalks = async (p: Participant) => ((await (await call(p, '/days')).json()) as any).plans[0].myTalks;
    expect(await myTalks(ana)).toEqual([{ with: ben.name, asked: true, status: 'accepted' }]);
    expect(await myTalks(ben)).toEqual([{ with: ana.name, asked: false, status: 'accepted' }]);
    expect(await myTalks(cem)).toEqual([{ with: dan.name, asked: true, status: 'not-this-time' }]);
    expect(await myTalks(dan)).toEqual([]);
  });
});
