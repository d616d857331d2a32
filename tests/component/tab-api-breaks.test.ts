import { botAddedToTeam, channelMessage, participant, ORGANISER, TEAM_ID, TENANT_ID, type Participant } from '../fixtures/activities';
import { startHallway, type Harness } from '../fixtures/hallway';
import { callTab, type TabCall } from '../fixtures/tab-api';

const CLIENT_ID = '7d3c1b2a-0000-4000-8000-00000000c11e';
const ana = participant(1);
const ben = participant(2);

let hw: Harness;
beforeEach(async () => {
  hw = await startHallway({ env: { SSO_CLIENT_ID: CLIENT_ID, JOBS_INTERVAL_MS: '0' } });
  for (const p of [ORGANISER, ana, ben]) hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
  await hw.post(botAddedToTeam(hw.connector.url));
  await hw.post(channelMessage(hw.connector.url, 'coffee', ORGANISER));
});
afterEach(async () => {
  await hw.stop();
});

function call(who: Participant, path: string, init: TabCall = {}) {
  return callTab(hw, { clientId: CLIENT_ID, tenantId: TENANT_ID }, who, `/api/v1/teams/${encodeURIComponent(TEAM_ID)}${path}`, init);
}

const everyDay = { title: 'Daily coffee', weekdays: [1, 2, 3, 4, 5, 6, 7], time: '23:30', timeZone: 'UTC', durationMinutes: 20 };

describe('coffee breaks from the tab', () => {
  test('an organiser sets up a break; members answer, add topics and upvote; everyone sees the same occurrence', async () => {
    const created = await call(ORGANISER, '/breaks', {
      method: 'POST',
      body: { ...everyDay, joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc' },
    });
    expect(created.status).toBe(201);
    const b: any = await created.json();
    expect(b).toMatchObject({ title: 'Daily coffee', reminderMinutes: 10 });
    expect(b.channelReference).toBeUndefined();

    const list: any = await (await call(ana, '/breaks')).json();
    const date = list.breaks[0].next[0].date;
    expect((await call(ana, `/breaks/${b.id}/rsvp`, { method: 'POST', body: { date, answer: 'in' } })).status).toBe(200);
    const withTopic = await call(ana, `/breaks/${b.id}/topics`, {
      method: 'POST',
      body: { date, text: 'Who wants to start a book club?' },
    });
    expect(withTopic.status).toBe(201);
    const topicId = ((await withTopic.json()) as any).breaks[0].next[0].topics[0].id;
    await call(ben, `/topics/${topicId}/vote`, { method: 'POST' });

    const seen: any = await (await call(ben, '/breaks')).json();
    const next = seen.breaks[0].next[0];
    expect(next.coming).toEqual([ana.name]);
    expect(next.topics).toEqual([{ id: topicId, text: 'Who wants to start a book club?', votes: 1, votedByMe: true, mine: false }]);
    expect((await call(ben, `/topics/${topicId}`, { method: 'DELETE' })).status).toBe(403);
    expect((await call(ana, `/topics/${topicId}`, { method: 'DELETE' })).status).toBe(200);
  });

  test('members cannot set up breaks; bad schedules and http join links are refused naming the field', async () => {
    expect((await call(ana, '/breaks', { method: 'POST', body: everyDay })).status).toBe(403);
    const bad = await call(ORGANISER, '/breaks', {
      method: 'POST',
      body: { ...everyDay, time: '7pm', joinUrl: 'http://example.com/meet' },
    });
    expect(bad.status).toBe(400);
    const message = ((await bad.json()) as any).error.message;
    expect(message).toContain('Time: Use a 24-hour time like 15:00');
    expect(message).toContain('Join link: The join link must be an https:// link');
    expect(await hw.app.storage.breaks.list(TEAM_ID)).toEqual([]);
  });

  test('a topic over 200 characters, or for a day without a break, is refused', async () => {
    const b: any = await (await call(ORGANISER, '/breaks', { method: 'POST', body: { ...everyDay, weekdays: [1] } })).json();
    const list: any = await (await call(ana, '/breaks')).json();
    const date = list.breaks[0].next[0].date;
    const long = await call(ana, `/breaks/${b.id}/topics`, { method: 'POST', body: { date, text: 'y'.repeat(201) } });
    expect(long.status).toBe(400);
    expect(((await long.json()) as any).error.message).toContain('keep it to 200');
    const notThatDay = new Date(`${date}T12:00:00Z`);
    notThatDay.setUTCDate(notThatDay.getUTCDate() + 1);
    const wrongDay = await call(ana, `/breaks/${b.id}/rsvp`, {
      method: 'POST',
      body: { date: notThatDay.toISOString().slice(0, 10), answer: 'in' },
    });
    expect(wrongDay.status).toBe(404);
  });

  test('an organiser deletes a break and it is gone for everyone', async () => {
    const b: any = await (await call(ORGANISER, '/breaks', { method: 'POST', body: everyDay })).json();
    expect((await call(ana, `/breaks/${b.id}`, { method: 'DELETE' })).status).toBe(403);
    expect((await call(ORGANISER, `/breaks/${b.id}`, { method: 'DELETE' })).status).toBe(200);
    expect(((await (await call(ana, '/breaks')).json()) as any).breaks).toEqual([]);
  });
});

describe('every list a break keeps has a bound, and the tab is told it', () => {
  const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  test("a team's 21st break is refused with a message naming the limit of 20, and not stored", async () => {
    for (let i = 0; i < 20; i++) expect((await call(ORGANISER, '/breaks', { method: 'POST', body: { ...everyDay, title: `Coffee ${i}` } })).status).toBe(201);
    const refused = await call(ORGANISER, '/breaks', { method: 'POST', body: { ...everyDay, title: 'One too many' } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).error).toEqual({
      code: 'LimitReached',
      message: 'A team can have at most 20 coffee breaks; delete one to add another.',
    });
    expect(await hw.app.storage.breaks.list(TEAM_ID)).toHaveLength(20);
  });

  test('a sixth topic from one person, and answers or topics beyond the next 8 weeks, are refused naming the limit', async () => {
    const b: any = await (await call(ORGANISER, '/breaks', { method: 'POST', body: everyDay })).json();
    const date = ((await (await call(ana, '/breaks')).json()) as any).breaks[0].next[0].date;
    for (let i = 1; i <= 5; i++) expect((await call(ana, `/breaks/${b.id}/topics`, { method: 'POST', body: { date, text: `Idea ${i}` } })).status).toBe(201);
    const sixth = await call(ana, `/breaks/${b.id}/topics`, { method: 'POST', body: { date, text: 'Idea 6' } });
    expect(sixth.status).toBe(400);
    expect(((await sixth.json()) as any).error.message).toContain('You have brought 5 topics to this break, the most per person');

    const farAhead = plusDays(date, 9 * 7);
    const answer = await call(ben, `/breaks/${b.id}/rsvp`, { method: 'POST', body: { date: farAhead, answer: 'in' } });
    const topic = await call(ben, `/breaks/${b.id}/topics`, { method: 'POST', body: { date: farAhead, text: 'Planning ahead' } });
    for (const res of [answer, topic]) {
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error.message).toContain('the next 8 weeks only');
    }
    expect(await hw.app.storage.breaks.rsvps(b.id, farAhead)).toEqual([]);
    expect(await hw.app.storage.breaks.topics(b.id, farAhead)).toEqual([]);
  });

  test('the tab is sent the names of the first 30 people coming and a count of the others', async () => {
    const people = Array.from({ length: 32 }, (_, i) => participant(100 + i));
    for (const p of people) hw.connector.addMember({ ...p, userPrincipalName: `${p.id.slice(3)}@contoso.example` });
    const b: any = await (await call(ORGANISER, '/breaks', { method: 'POST', body: everyDay })).json();
    const date = ((await (await call(ana, '/breaks')).json()) as any).breaks[0].next[0].date;
    for (const p of people) {
      expect((await call(p, `/breaks/${b.id}/rsvp`, { method: 'POST', body: { date, answer: 'in' } })).status).toBe(200);
    }
    const next = ((await (await call(ana, '/breaks')).json()) as any).breaks[0].next[0];
    expect(next.coming).toEqual(people.slice(0, 30).map((p) => p.name));
    expect(next.moreComing).toBe(2);
  });
});

describe('the tab API, sent bodies that make no sense', () => {
  test('every write answers a client error with a message, never a 5xx, and the server keeps serving', async () => {
    const b: any = await (await call(ORGANISER, '/breaks', { method: 'POST', body: everyDay })).json();
    const writes: [string, string][] = [
      ['POST', '/coffee/join'],
      ['POST', '/coffee/pause'],
      ['PUT', '/coffee/settings'],
      ['POST', '/breaks'],
      ['PUT', `/breaks/${b.id}`],
      ['POST', `/breaks/${b.id}/rsvp`],
      ['POST', `/breaks/${b.id}/topics`],
    ];
    const junk: unknown[] = [
      null,
      'text',
      42,
      [],
      {},
      { until: { $gt: 1 } },
      { date: 'x'.repeat(5000), answer: 'in' },
      { weekdays: 'all', time: 5 },
      { timeZone: ['UTC'] },
    ];
    let refused = 0;
    for (const [method, path] of writes) {
      for (const body of junk) {
        const res = await call(ORGANISER, path, { method, body });
        const text = await res.text();
        // A refusal says why; an accepted write needs no message.
        const message = res.status >= 400 ? JSON.parse(text).error?.message : 'accepted';
        refused += res.status >= 400 ? 1 : 0;
        expect({ method, path, body, status: res.status < 500, message: typeof message === 'string' && message.length > 0 }).toEqual({
          method,
          path,
          body,
          status: true,
          message: true,
        });
      }
    }
    expect(refused).toBeGreaterThan(writes.length);
    const raw = await fetch(`${hw.url}/api/v1/teams/${encodeURIComponent(TEAM_ID)}/breaks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      body: '{"title": ',
    });
    expect(raw.status).toBe(400);
    expect((await fetch(`${hw.url}/readyz`)).status).toBe(200);
  });
});
