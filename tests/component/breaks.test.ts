import { BREAK_VERBS, PRIVACY_VERBS } from '../../bot/cards/verbs';
import { createBreak, deleteBreak } from '../../bot/domain/breaks/breaks';
import { botAddedToTeam, cardAction, channelMessage, participant, ORGANISER, TEAM_ID, type Participant } from '../fixtures/activities';
import { cardProblems, howTextAppears } from '../fixtures/cards';
import { ManualClock } from '../fixtures/clock';
import { startHallway, type Harness } from '../fixtures/hallway';

let hw: Harness;
const asPerson = (p: Participant) => ({ userId: p.id, aadObjectId: p.aadObjectId, name: p.name });
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock(new Date('2026-10-19T08:00:00Z'));
  hw = await startHallway({ env: { JOBS_INTERVAL_MS: '0' }, overrides: { clock } });
  await hw.post(botAddedToTeam(hw.connector.url));
  await hw.post(channelMessage(hw.connector.url, 'coffee', ORGANISER)); // sets up the team's programme
});
afterEach(async () => {
  const sent = hw.connector.requests.flatMap((r) => r.body?.attachments ?? []).map((a: any) => a.content);
  for (const card of sent) expect(cardProblems(card)).toEqual([]);
  await hw.stop();
});

const deps = () => ({
  breaks: hw.app.storage.breaks,
  programmes: hw.app.storage.programmes,
  clock,
  newId: () => `break-${Math.random().toString(36).slice(2)}`,
});

async function wednesdayBreak(fields: Record<string, unknown> = {}) {
  const installation = await hw.app.storage.installations.get(TEAM_ID);
  const result = await createBreak(deps(), {
    programmeId: TEAM_ID,
    person: asPerson(ORGANISER),
    channelReference: installation!.reference,
    fields: {
      title: 'Wednesday coffee',
      weekdays: [3],
      time: '15:00',
      timeZone: 'Europe/Berlin',
      durationMinutes: 30,
      reminderMinutes: 10,
      ...fields,
    },
  });
  if (result.kind !== 'saved') throw new Error(JSON.stringify(result));
  return result.break;
}

const reminders = () => hw.connector.sends(TEAM_ID).filter((s) => JSON.stringify(s.body).includes('Coffee break'));
async function at(iso: string) {
  clock.set(new Date(iso));
  await hw.app.scheduler.tick();
}

describe('team coffee breaks', () => {
  test('the reminder is posted at 14:50 Berlin time before and after the October clock change, once each', async () => {
    await wednesdayBreak();
    await at('2026-10-21T12:49:00Z'); // 14:49 in Berlin (summer time)
    expect(reminders()).toHaveLength(0);
    await at('2026-10-21T12:50:00Z'); // 14:50
    await at('2026-10-21T12:55:00Z');
    expect(reminders()).toHaveLength(1);
    await at('2026-10-28T13:49:00Z'); // 14:49 in Berlin (winter time)
    expect(reminders()).toHaveLength(1);
    await at('2026-10-28T13:50:00Z'); // 14:50
    await at('2026-10-28T13:52:00Z');
    expect(reminders()).toHaveLength(2);
    expect(JSON.stringify(reminders()[1]!.body)).toContain('Wednesday 28 October, 15:00 to 15:30 (Europe/Berlin)');
  });

  test('thirty people answering at once are all counted, and the card lists them', async () => {
    const b = await wednesdayBreak();
    await at('2026-10-21T12:50:00Z');
    const messageId = reminders()[0]!.activityId!;
    const people = Array.from({ length: 30 }, (_, i) => participant(i + 1));
    const results = await Promise.all(
      people.map((p) =>
        hw.post(
          cardAction(hw.connector.url, {
            verb: BREAK_VERBS.rsvp,
            from: p,
            data: { breakId: b.id, date: '2026-10-21', answer: 'in' },
            conversationId: TEAM_ID,
          }),
        ),
      ),
    );
    expect(results.every((r) => r.status === 200 && r.body.statusCode === 200)).toBe(true);
    await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(messageId)).includes('30 coming'), 10_000);
    const card = JSON.stringify(hw.connector.latestCard(messageId));
    for (const p of people) expect(card).toContain(p.name);
    // Changing one's mind replaces the answer.
    await hw.post(
      cardAction(hw.connector.url, {
        verb: BREAK_VERBS.rsvp,
        from: people[0],
        data: { breakId: b.id, date: '2026-10-21', answer: 'out' },
        conversationId: TEAM_ID,
      }),
    );
    await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(messageId)).includes('29 coming'), 10_000);
    expect(JSON.stringify(hw.connector.latestCard(messageId))).toContain("1 can't make it");
  });

  test('a reminder Teams refuses to take is tried again at the next look, and posted once', async () => {
    await wednesdayBreak();
    hw.connector.fail('post', 403, { times: 1 });
    await at('2026-10-21T12:50:00Z');
    expect(reminders()).toHaveLength(0);
    await at('2026-10-21T12:51:00Z');
    await at('2026-10-21T12:52:00Z');
    expect(reminders()).toHaveLength(1);
  });

  test('a skipped date posts nothing, and a deleted break posts nothing', async () => {
    const b = await wednesdayBreak({ skippedDates: ['2026-10-21'] });
    await at('2026-10-21T12:50:00Z');
    expect(reminders()).toHaveLength(0);
    expect((await deleteBreak(deps(), { programmeId: TEAM_ID, breakId: b.id, person: asPerson(ORGANISER) })).kind).toBe('deleted');
    await at('2026-10-28T13:50:00Z');
    expect(reminders()).toHaveLength(0);
  });

  test('topics show as literal text; one over 200 characters is refused with a message and kept to edit', async () => {
    const b = await wednesdayBreak();
    await at('2026-10-21T12:50:00Z');
    const messageId = reminders()[0]!.activityId!;
    const topic = '[win a prize](https://evil.example) <b>free cake</b>';
    const res = await hw.post(
      cardAction(hw.connector.url, {
        verb: BREAK_VERBS.topic,
        from: participant(1),
        data: { breakId: b.id, date: '2026-10-21', topic },
        conversationId: TEAM_ID,
      }),
    );
    expect(JSON.stringify(res.body.value)).toContain(JSON.stringify(topic).slice(1, -1));
    await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(messageId)).includes('free cake'));
    expect(howTextAppears(hw.connector.latestCard(messageId), topic, 'evil.example')).toEqual({
      literalRuns: 1,
      inMarkdown: false,
      inLinks: false,
    });

    const long = 'x'.repeat(201);
    const refused = await hw.post(
      cardAction(hw.connector.url, {
        verb: BREAK_VERBS.topic,
        from: participant(2),
        data: { breakId: b.id, date: '2026-10-21', topic: long },
        conversationId: TEAM_ID,
      }),
    );
    expect(JSON.stringify(refused.body.value)).toContain('please keep it to 200');
    expect(JSON.stringify(refused.body.value)).toContain(long);
    expect(await hw.app.storage.breaks.topics(b.id, '2026-10-21')).toHaveLength(1);
  });

  test('upvotes order the topics; a second press takes the vote back', async () => {
    const b = await wednesdayBreak();
    await at('2026-10-21T12:50:00Z');
    for (const text of ['First idea', 'Second idea']) {
      await hw.post(
        cardAction(hw.connector.url, {
          verb: BREAK_VERBS.topic,
          from: participant(1),
          data: { breakId: b.id, date: '2026-10-21', topic: text },
          conversationId: TEAM_ID,
        }),
      );
    }
    const second = (await hw.app.storage.breaks.topics(b.id, '2026-10-21')).find((t) => t.text === 'Second idea')!;
    for (const p of [participant(2), participant(3)]) {
      await hw.post(cardAction(hw.connector.url, { verb: BREAK_VERBS.vote, from: p, data: { topicId: second.id }, conversationId: TEAM_ID }));
    }
    expect((await hw.app.storage.breaks.topics(b.id, '2026-10-21')).map((t) => [t.text, t.votes.length])).toEqual([
      ['Second idea', 2],
      ['First idea', 0],
    ]);
    await hw.post(cardAction(hw.connector.url, { verb: BREAK_VERBS.vote, from: participant(2), data: { topicId: second.id }, conversationId: TEAM_ID }));
    expect((await hw.app.storage.breaks.getTopic(second.id))!.votes).toEqual([participant(3).id]);
  });

  test("a person's sixth topic for one break is refused on the card, naming the limit, and their draft is kept", async () => {
    const b = await wednesdayBreak();
    await at('2026-10-21T12:50:00Z');
    const add = (topic: string) =>
      hw.post(
        cardAction(hw.connector.url, {
          verb: BREAK_VERBS.topic,
          from: participant(1),
          data: { breakId: b.id, date: '2026-10-21', topic },
          conversationId: TEAM_ID,
        }),
      );
    for (let i = 1; i <= 5; i++) await add(`Idea ${i}`);
    const sixth = JSON.stringify((await add('Idea six')).body.value);
    expect(sixth).toContain('You have brought 5 topics to this break, the most per person');
    expect(sixth).toContain('Idea six');
    expect((await hw.app.storage.breaks.topics(b.id, '2026-10-21')).map((t) => t.text).sort()).toEqual(['Idea 1', 'Idea 2', 'Idea 3', 'Idea 4', 'Idea 5']);
  });

  test("a break's buttons pressed in another team, or from another tenant, change nothing and show the break as over", async () => {
    const b = await wednesdayBreak();
    await at('2026-10-21T12:50:00Z');
    const press = (overrides: { conversationId: string; tenant?: string }) => {
      const activity = cardAction(hw.connector.url, {
        verb: BREAK_VERBS.rsvp,
        from: participant(1),
        data: { breakId: b.id, date: '2026-10-21', answer: 'in' },
        conversationId: overrides.conversationId,
      });
      if (overrides.tenant) {
        activity.channelData.tenant.id = overrides.tenant;
        activity.conversation.tenantId = overrides.tenant;
      }
      return hw.post(activity);
    };
    for (const where of [{ conversationId: '19:other-team@thread.tacv2' }, { conversationId: TEAM_ID, tenant: 'f00dcafe-0000-4000-8000-000000000000' }]) {
      const card = JSON.stringify((await press(where)).body.value);
      expect(card).toContain('This break is over or was cancelled');
      expect(card).not.toContain('Wednesday coffee');
    }
    expect(await hw.app.storage.breaks.rsvps(b.id, '2026-10-21')).toEqual([]);
    // Pressed in its own team it counts.
    expect(JSON.stringify((await press({ conversationId: TEAM_ID })).body.value)).toContain('1 coming');
  });

  test('after someone says forget me, the reminder card no longer shows their name or their topic', async () => {
    const b = await wednesdayBreak();
    await at('2026-10-21T12:50:00Z');
    const messageId = reminders()[0]!.activityId!;
    const [ines, kai] = [participant(1), participant(2)];
    const press = (who: Participant, verb: string, data: Record<string, unknown>) =>
      hw.post(cardAction(hw.connector.url, { verb, from: who, data: { breakId: b.id, date: '2026-10-21', ...data }, conversationId: TEAM_ID }));
    await press(ines, BREAK_VERBS.rsvp, { answer: 'in' });
    await press(kai, BREAK_VERBS.rsvp, { answer: 'in' });
    await press(ines, BREAK_VERBS.topic, { topic: 'Plants on the desk' });
    await hw.connector.waitFor(() => JSON.stringify(hw.connector.latestCard(messageId)).includes('Plants on the desk'), 10_000);

    const forgotten = await hw.post(
      cardAction(hw.connector.url, { verb: PRIVACY_VERBS.forget, from: ines, data: { confirm: 'yes' }, conversationId: 'a:ines-chat' }),
    );
    expect(JSON.stringify(forgotten.body.value)).toContain('Hallway has forgotten you');

    await hw.connector.waitFor(() => !JSON.stringify(hw.connector.latestCard(messageId)).includes('Plants on the desk'), 10_000);
    const card = JSON.stringify(hw.connector.latestCard(messageId));
    expect(card).not.toContain(ines.name);
    expect(card).toContain(kai.name);
    expect(card).toContain('1 coming');
  });

  test('a join link that is not https, and other bad settings, are refused with clear messages', async () => {
    const installation = await hw.app.storage.installations.get(TEAM_ID);
    const result = await createBreak(deps(), {
      programmeId: TEAM_ID,
      person: asPerson(ORGANISER),
      channelReference: installation!.reference,
      fields: { title: '', weekdays: [8], time: '25:00', timeZone: 'Berlin', durationMinutes: 30, joinUrl: 'http://teams.example/meet' },
    });
    expect(result.kind).toBe('invalid');
    // Each field with what is wrong with it; the tab API words them in the organiser's language.
    expect(result.kind === 'invalid' && result.problems).toEqual([
      { field: 'title', id: 'title.empty' },
      { field: 'weekdays', id: 'weekdays.range' },
      { field: 'time', id: 'time.format' },
      { field: 'timeZone', id: 'timeZone.unknown' },
      { field: 'joinUrl', id: 'joinUrl.notHttps' },
    ]);
    expect(await hw.app.storage.breaks.list(TEAM_ID)).toEqual([]);
  });

  test('only organisers set up breaks', async () => {
    const result = await createBreak(deps(), {
      programmeId: TEAM_ID,
      person: asPerson(participant(5)),
      channelReference: {},
      fields: { title: 'Mine', weekdays: [1], time: '10:00', timeZone: 'UTC', durationMinutes: 15 },
    });
    expect(result.kind).toBe('not-organiser');
  });

  test('breaks lists the coming ones', async () => {
    await wednesdayBreak();
    await hw.post(channelMessage(hw.connector.url, 'breaks', participant(1)));
    const reply = JSON.stringify(hw.connector.sends(TEAM_ID).at(-1)!.body);
    expect(reply).toContain('Coming coffee breaks');
    expect(reply).toContain('Wednesday 21 October, 15:00 to 15:30 (Europe/Berlin)');
  });
});
