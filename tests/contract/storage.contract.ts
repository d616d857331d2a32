import { FORGOTTEN, type Storage } from '../../bot/storage/ports';
import { answer, at, coffeeBreak, DAY, HOUR, installation, member, MINUTE, person, programme, reference, round, session, T0, topic, uid } from './builders';

/** A fresh, empty store of one driver. Several instances may be opened on it, as several servers would. */
export type StoreUnderTest = {
  open(): Promise<Storage>;
  /** Every row of every table, as text. */
  dump(): Promise<string>;
  /** Removes what the store left behind (files, tables). */
  destroy(): Promise<void>;
};

/**
 * The storage contract: what every driver must do, as the app relies on it. Run by one test file
 * per driver (tests/contract/*.test.ts), so both drivers are held to exactly the same sentences.
 */
export function storageContract(driver: string, fresh: () => Promise<StoreUnderTest>): void {
  let store: StoreUnderTest;
  let opened: Storage[] = [];
  let storage: Storage;

  /** Another server sharing the same store. */
  const instance = async () => {
    const s = await store.open();
    opened.push(s);
    return s;
  };
  const instances = (count: number) => Promise.all(Array.from({ length: count }, instance));

  beforeEach(async () => {
    store = await fresh();
    opened = [];
    storage = await instance();
  });
  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await store.destroy();
  });

  describe(`${driver}: installations`, () => {
    test('an installation is new the first time; installing again refreshes it and keeps who installed it first', async () => {
      const first = installation({ installedBy: 'aad-ada' });
      expect(await storage.installations.upsert(first)).toEqual({ created: true });
      const again = { ...first, teamName: 'Platform & Infra', installedBy: 'aad-bob', installedAt: at(DAY) };
      expect(await storage.installations.upsert(again)).toEqual({ created: false });
      expect(await storage.installations.get(first.conversationId)).toEqual({ ...first, teamName: 'Platform & Infra' });
      expect(await storage.installations.get('19:unknown@thread.tacv2')).toBeUndefined();
    });

    test('reinstalling after Hallway was removed counts as a new installation again', async () => {
      const inst = installation();
      await storage.installations.upsert(inst);
      await storage.privacy.markRemoved(inst.conversationId, at(HOUR));
      expect(await storage.installations.upsert(inst)).toEqual({ created: true });
      expect(await storage.installations.upsert(inst)).toEqual({ created: false });
    });

    test('when ten servers store the same new installation at once, exactly one of them creates it', async () => {
      const inst = installation();
      const results = await Promise.all((await instances(10)).map((s) => s.installations.upsert(inst)));
      expect(results.filter((r) => r.created)).toHaveLength(1);
    });

    test('a conversation reference larger than 64 KB is stored whole', async () => {
      const inst = installation({ reference: { ...reference('19:big@thread.tacv2'), padding: 'x'.repeat(100_000) } });
      await storage.installations.upsert(inst);
      expect((await storage.installations.get(inst.conversationId))!.reference).toEqual(inst.reference);
    });

    test('ids with slashes, hashes, question marks, quotes, pipes and control characters are stored and found like any other', async () => {
      for (const conversationId of ['a/b\\c#d?e', "it's|~odd", 'tab\there\u0001', '日本語 チャット', '']) {
        const inst = installation({ conversationId, teamId: undefined });
        expect(await storage.installations.upsert(inst)).toEqual({ created: true });
        expect(await storage.installations.get(conversationId)).toEqual(inst);
      }
      expect(await storage.installations.get('a/b\\c#d')).toBeUndefined();
      const s = session({ conversationId: 'chat/with#odd?id', occurrenceKey: 'meeting/1#2?3' });
      expect(await storage.checkIns.create(s)).toEqual({ kind: 'created' });
      expect((await storage.checkIns.findOpen('chat/with#odd?id'))?.id).toBe(s.id);
    });
  });

  describe(`${driver}: check-ins`, () => {
    test('a new check-in can be read back, and is the open check-in of its chat', async () => {
      const s = session();
      expect(await storage.checkIns.create(s)).toEqual({ kind: 'created' });
      expect(await storage.checkIns.get(s.id)).toEqual(s);
      expect(await storage.checkIns.findOpen(s.address.conversationId)).toEqual(s);
      expect(await storage.checkIns.findOpen('19:other@thread.v2')).toBeUndefined();
      expect(await storage.checkIns.get('no-such-session')).toBeUndefined();
    });

    test('an occurrence never gets a second check-in, even after the first one closed', async () => {
      const first = session();
      await storage.checkIns.create(first);
      const second = { ...session({ conversationId: first.address.conversationId }), occurrenceKey: first.occurrenceKey };
      expect(await storage.checkIns.create(second)).toEqual({ kind: 'duplicate-occurrence', existing: first });
      await storage.checkIns.close(first.id, at(HOUR));
      const result = await storage.checkIns.create(second);
      expect(result.kind).toBe('duplicate-occurrence');
      expect(result.kind !== 'created' && result.existing.id).toBe(first.id);
      expect(await storage.checkIns.get(second.id)).toBeUndefined();
    });

    test('a chat has one open check-in at a time; once it is closed, the next one opens', async () => {
      const first = session();
      await storage.checkIns.create(first);
      const next = session({ conversationId: first.address.conversationId, startedAt: at(HOUR) });
      expect(await storage.checkIns.create(next)).toEqual({ kind: 'already-open', existing: first });
      expect(await storage.checkIns.close(first.id, at(HOUR))).toBe(true);
      expect(await storage.checkIns.create(next)).toEqual({ kind: 'created' });
      expect((await storage.checkIns.findOpen(first.address.conversationId))?.id).toBe(next.id);
    });

    test('when ten servers start a check-in for the same meeting at once, exactly one is created and the others are told which', async () => {
      const conversationId = `19:meeting_${uid('race')}@thread.v2`;
      const sessions = Array.from({ length: 10 }, () => ({ ...session({ conversationId }), occurrenceKey: 'meeting-race|2026-03-02T09:00:00.000Z' }));
      const servers = await instances(10);
      const results = await Promise.all(sessions.map((s, i) => servers[i]!.checkIns.create(s)));
      const winner = sessions[results.findIndex((r) => r.kind === 'created')]!;
      expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
      for (const r of results) if (r.kind !== 'created') expect(r.existing.id).toBe(winner.id);
      expect((await storage.checkIns.findOpen(conversationId))?.id).toBe(winner.id);
    });

    test('when ten servers open check-ins for different meetings in one chat at once, only one opens', async () => {
      const conversationId = `19:${uid('chat')}@thread.v2`;
      const sessions = Array.from({ length: 10 }, () => session({ conversationId }));
      const servers = await instances(10);
      const results = await Promise.all(sessions.map((s, i) => servers[i]!.checkIns.create(s)));
      const winner = sessions[results.findIndex((r) => r.kind === 'created')]!;
      expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'already-open' && r.existing.id === winner.id)).toHaveLength(9);
    });

    test('a check-in closes once, and remembers when', async () => {
      const s = session();
      await storage.checkIns.create(s);
      expect(await storage.checkIns.close(s.id, at(HOUR))).toBe(true);
      expect(await storage.checkIns.close(s.id, at(2 * HOUR))).toBe(false);
      expect(await storage.checkIns.get(s.id)).toEqual({ ...s, status: 'closed', closedAt: at(HOUR) });
      expect(await storage.checkIns.findOpen(s.address.conversationId)).toBeUndefined();
      expect(await storage.checkIns.close('no-such-session', at(HOUR))).toBe(false);
    });

    test('a check-in whose card could not be posted is discarded, and the same occurrence can then start again', async () => {
      const s = session();
      await storage.checkIns.create(s);
      await storage.checkIns.discard(s.id);
      expect(await storage.checkIns.get(s.id)).toBeUndefined();
      expect(await storage.checkIns.findOpen(s.address.conversationId)).toBeUndefined();
      expect(await storage.checkIns.questionHistory(s.seriesKey)).toEqual([]);
      const retry = { ...session({ conversationId: s.address.conversationId }), occurrenceKey: s.occurrenceKey };
      expect(await storage.checkIns.create(retry)).toEqual({ kind: 'created' });
    });

    test('the posted card is remembered by its message id', async () => {
      const s = session();
      await storage.checkIns.create(s);
      await storage.checkIns.setMessageId(s.id, '1:1710000000000');
      expect((await storage.checkIns.get(s.id))?.messageId).toBe('1:1710000000000');
    });

    test('a later answer from the same person replaces theirs, and keeps the sign-in name looked up before', async () => {
      const s = session();
      const priya = person('Priya');
      await storage.checkIns.create(s);
      await storage.checkIns.saveAnswer(answer(s, priya, { mood: 'low', note: 'Tired' }));
      await storage.checkIns.setAnswerUpn(s.id, priya.userId, priya.upn);
      await storage.checkIns.saveAnswer(answer(s, priya, { mood: 'great', note: 'Better after lunch', answeredAt: at(MINUTE) }));
      expect(await storage.checkIns.getAnswer(s.id, priya.userId)).toEqual(
        answer(s, priya, { mood: 'great', note: 'Better after lunch', answeredAt: at(MINUTE), person: { userId: priya.userId, aadObjectId: priya.aadObjectId, name: priya.name, upn: priya.upn } }),
      );
      await storage.checkIns.saveAnswer(answer(s, priya, { mood: undefined, note: undefined, skipped: true, visibility: 'private', answeredAt: at(2 * MINUTE) }));
      const skipped = (await storage.checkIns.getAnswer(s.id, priya.userId))!;
      expect(skipped).toMatchObject({ skipped: true, visibility: 'private', mood: undefined, note: undefined });
      expect(await storage.checkIns.listAnswers(s.id)).toHaveLength(1);
    });

    test('when twenty people answer at once on two servers, every answer is kept, newest first', async () => {
      const s = session();
      await storage.checkIns.create(s);
      const [a, b] = await instances(2);
      const people = Array.from({ length: 20 }, (_, i) => person(`Person${i}`));
      await Promise.all(people.map((p, i) => (i % 2 ? a! : b!).checkIns.saveAnswer(answer(s, p, { answeredAt: at(i * 1000) }))));
      const answers = await storage.checkIns.listAnswers(s.id);
      expect(answers.map((x) => x.person.userId)).toEqual(people.map((p) => p.userId).reverse());
    });

    test('when one person answers twice at the same moment on two servers, one answer remains', async () => {
      const s = session();
      const priya = person('Priya');
      await storage.checkIns.create(s);
      const [a, b] = await instances(2);
      await Promise.all([a!.checkIns.saveAnswer(answer(s, priya, { mood: 'great' })), b!.checkIns.saveAnswer(answer(s, priya, { mood: 'rough' }))]);
      const answers = await storage.checkIns.listAnswers(s.id);
      expect(answers).toHaveLength(1);
      expect(['great', 'rough']).toContain(answers[0]!.mood);
    });

    test('a sign-in name for an answer that does not exist changes nothing', async () => {
      const s = session();
      await storage.checkIns.create(s);
      await storage.checkIns.setAnswerUpn(s.id, '29:nobody', 'nobody@contoso.example');
      expect(await storage.checkIns.getAnswer(s.id, '29:nobody')).toBeUndefined();
      expect(await storage.checkIns.listAnswers(s.id)).toEqual([]);
    });

    test("a series' question history lists its questions oldest first, and only its own", async () => {
      const conversationId = `19:${uid('chat')}@thread.v2`;
      for (const [i, q] of ['q-coffee', 'q-music', 'q-books'].entries()) {
        const s = session({ conversationId, seriesKey: 'series-standup', questionId: q, startedAt: at(i * DAY) });
        expect(await storage.checkIns.create(s)).toEqual({ kind: 'created' });
        await storage.checkIns.close(s.id, at(i * DAY + HOUR));
      }
      await storage.checkIns.create(session({ seriesKey: 'series-retro', questionId: 'q-other' }));
      expect(await storage.checkIns.questionHistory('series-standup')).toEqual(['q-coffee', 'q-music', 'q-books']);
      expect(await storage.checkIns.questionHistory('series-none')).toEqual([]);
    });

    test('meeting settings are kept per meeting, and replaced as a whole', async () => {
      const settings = { enabled: true, questionBank: 'custom' as const, customQuestions: ['How are you, really?'], summaryAtEnd: false, defaultVisibility: 'private' as const };
      await storage.meetingSettings.put('meeting-a', settings);
      expect(await storage.meetingSettings.get('meeting-a')).toEqual(settings);
      await storage.meetingSettings.put('meeting-a', { ...settings, enabled: false, customQuestions: [] });
      expect(await storage.meetingSettings.get('meeting-a')).toEqual({ ...settings, enabled: false, customQuestions: [] });
      expect(await storage.meetingSettings.get('meeting-b')).toBeUndefined();
    });
  });

  describe(`${driver}: coffee programmes`, () => {
    test('a programme is created only the first time; asking again returns the stored one', async () => {
      const p = programme({ organisers: ['aad-ada'] });
      expect(await storage.programmes.ensure(p)).toEqual({ programme: p, created: true });
      expect(await storage.programmes.ensure({ ...p, name: 'Renamed', organisers: [] })).toEqual({ programme: p, created: false });
      expect(await storage.programmes.get(p.id)).toEqual(p);
    });

    test('when ten servers set up the same programme at once, exactly one creates it', async () => {
      const p = programme();
      const results = await Promise.all((await instances(10)).map((s) => s.programmes.ensure(p)));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results.every((r) => r.programme.id === p.id)).toBe(true);
    });

    test('settings, organisers and the next round time can be changed', async () => {
      const p = programme();
      await storage.programmes.ensure(p);
      const settings = { ...p.settings, cadence: 'biweekly' as const, groupSize: 3 as const, timeZone: 'Asia/Tokyo' };
      await storage.programmes.updateSettings(p.id, settings, at(14 * DAY));
      await storage.programmes.setOrganisers(p.id, ['aad-ada', 'aad-bob']);
      expect(await storage.programmes.get(p.id)).toEqual({ ...p, settings, nextRoundAt: at(14 * DAY), organisers: ['aad-ada', 'aad-bob'] });
      await storage.programmes.updateSettings(p.id, settings, undefined);
      expect((await storage.programmes.get(p.id))!.nextRoundAt).toBeUndefined();
    });

    test('due lists the enabled programmes whose next round has come, earliest first', async () => {
      const late = programme({ nextRoundAt: at(-HOUR) });
      const later = programme({ nextRoundAt: at(-2 * HOUR) });
      const future = programme({ nextRoundAt: at(HOUR) });
      const disabled = programme({ nextRoundAt: at(-HOUR), settings: { ...programme().settings, enabled: false } });
      const unscheduled = programme({ nextRoundAt: undefined });
      for (const p of [late, later, future, disabled, unscheduled]) await storage.programmes.ensure(p);
      const ids = async () => (await storage.programmes.due(T0)).map((p) => p.id);
      expect(await ids()).toEqual([later.id, late.id]);

      await storage.programmes.updateSettings(future.id, future.settings, at(-3 * HOUR)); // brought forward
      await storage.programmes.updateSettings(late.id, late.settings, at(DAY)); // moved on
      await storage.programmes.updateSettings(disabled.id, { ...disabled.settings, enabled: true }, at(-HOUR));
      await storage.programmes.updateSettings(later.id, { ...later.settings, enabled: false }, at(-2 * HOUR));
      expect(await ids()).toEqual([future.id, disabled.id]);
    });

    test('rescheduling moves the next round only when no round ran in the meantime', async () => {
      const p = programme();
      await storage.programmes.ensure(p);
      expect(await storage.programmes.reschedule(p.id, 0, at(8 * DAY))).toBe(true);
      expect(await storage.programmes.reschedule(p.id, 3, at(9 * DAY))).toBe(false);
      expect(await storage.programmes.reschedule('no-such-programme', 0, at(9 * DAY))).toBe(false);
      expect((await storage.programmes.get(p.id))!.nextRoundAt).toEqual(at(8 * DAY));
    });

    test('members are stored, replaced as a whole, and listed in the order they joined', async () => {
      const p = programme();
      await storage.programmes.ensure(p);
      const [ada, bob, cy] = [person('Ada'), person('Bob'), person('Cy')];
      await storage.programmes.saveMember(member(p, bob, { joinedAt: at(2 * MINUTE) }));
      await storage.programmes.saveMember(member(p, ada, { joinedAt: at(MINUTE), workStartHour: 9, workEndHour: 17 }));
      await storage.programmes.saveMember(member(p, cy, { joinedAt: at(3 * MINUTE) }));
      const paused = member(p, ada, { joinedAt: at(MINUTE), status: 'left', pausedUntil: at(30 * DAY), timeZone: undefined, silentRounds: 2, lastCaptainRound: 4, personalConversationId: 'a:1chat' });
      await storage.programmes.saveMember(paused);
      expect(await storage.programmes.getMember(p.id, ada.userId)).toEqual(paused);
      expect((await storage.programmes.members(p.id)).map((m) => m.userId)).toEqual([ada.userId, bob.userId, cy.userId]);
      expect(await storage.programmes.getMember(p.id, '29:nobody')).toBeUndefined();
      expect(await storage.programmes.members('no-such-programme')).toEqual([]);
    });

    test('a block is kept once, however often it is added', async () => {
      const p = programme();
      await storage.programmes.ensure(p);
      await storage.programmes.addBlock(p.id, '29:ada', '29:bob');
      await storage.programmes.addBlock(p.id, '29:ada', '29:bob');
      await storage.programmes.addBlock(p.id, '29:cy', '29:ada');
      expect((await storage.programmes.blocks(p.id)).sort()).toEqual([['29:ada', '29:bob'], ['29:cy', '29:ada']]);
    });
  });

  describe(`${driver}: coffee rounds`, () => {
    const setUp = async (count = 4) => {
      const p = programme();
      await storage.programmes.ensure(p);
      const people = Array.from({ length: count }, (_, i) => person(`Member${i}`));
      for (const who of people) await storage.programmes.saveMember(member(p, who));
      return { p, ids: people.map((x) => x.userId) };
    };

    test('starting a round stores it with its messages and encounters, and moves the programme on', async () => {
      const { p, ids } = await setUp(4);
      const { round: r, deliveries, encounters } = round(p, 1, ids);
      expect(await storage.rounds.start(r, deliveries, encounters, at(7 * DAY))).toEqual({ kind: 'started' });
      expect(await storage.programmes.get(p.id)).toMatchObject({ roundSeq: 1, nextRoundAt: at(7 * DAY) });
      expect(await storage.rounds.get(r.id)).toEqual(r);
      expect(await storage.rounds.latest(p.id)).toEqual(r);
      expect(await storage.rounds.deliveries(r.id)).toEqual(deliveries);
      expect(await storage.rounds.history(p.id)).toEqual(encounters);
      expect(await storage.rounds.get('no-such-round')).toBeUndefined();
    });

    test('a round starts only when the programme is at the round before it', async () => {
      const { p, ids } = await setUp(2);
      const { round: r, deliveries, encounters } = round(p, 2, ids);
      expect(await storage.rounds.start(r, deliveries, encounters, at(7 * DAY))).toEqual({ kind: 'already-claimed' });
      expect(await storage.rounds.get(r.id)).toBeUndefined();
      expect(await storage.rounds.latest(p.id)).toBeUndefined();
      expect(await storage.rounds.deliveries(r.id)).toEqual([]);
      expect(await storage.rounds.roundsWithPendingDeliveries(T0)).toEqual([]);
      expect((await storage.programmes.get(p.id))!.roundSeq).toBe(0);
    });

    test('when ten servers start the same round at once, exactly one starts it and only its messages exist', async () => {
      const { p, ids } = await setUp(6);
      const plans = Array.from({ length: 10 }, () => round(p, 1, ids));
      const servers = await instances(10);
      const results = await Promise.all(plans.map((x, i) => servers[i]!.rounds.start(x.round, x.deliveries, x.encounters, at(7 * DAY))));
      expect(results.filter((r) => r.kind === 'started')).toHaveLength(1);
      const winner = plans[results.findIndex((r) => r.kind === 'started')]!;
      expect((await storage.rounds.latest(p.id))?.id).toBe(winner.round.id);
      expect(await storage.rounds.roundsWithPendingDeliveries(T0)).toEqual([winner.round.id]);
      expect(await storage.rounds.history(p.id)).toEqual(winner.encounters);
      for (const loser of plans.filter((x) => x !== winner)) {
        expect(await storage.rounds.get(loser.round.id)).toBeUndefined();
        expect(await storage.rounds.deliveries(loser.round.id)).toEqual([]);
      }
    });

    test('a round of 250 people starts whole, beyond what one transaction holds', async () => {
      const { p, ids } = await setUp(250);
      const plan = round(p, 1, ids);
      expect(await storage.rounds.start(plan.round, plan.deliveries, plan.encounters, at(7 * DAY))).toEqual({ kind: 'started' });
      expect((await storage.rounds.get(plan.round.id))!.groups).toHaveLength(125);
      expect(await storage.rounds.deliveries(plan.round.id)).toHaveLength(250);
      expect(await storage.rounds.history(p.id)).toHaveLength(125);
    });

    test("a round's follow-up is due only while the round is open and once its time has come", async () => {
      const { p, ids } = await setUp(2);
      const { round: r, deliveries, encounters } = round(p, 1, ids);
      await storage.rounds.start(r, deliveries, encounters, at(7 * DAY));
      const due = async (when: Date) => (await storage.rounds.dueFollowUps(when)).map((x) => x.id);
      expect(await due(at(8 * DAY))).toEqual([]); // still notifying
      await storage.rounds.setStatus(r.id, 'open', at(HOUR));
      expect(await due(at(6 * DAY))).toEqual([]);
      expect(await due(at(8 * DAY))).toEqual([r.id]);
      await storage.rounds.setStatus(r.id, 'following-up', at(8 * DAY));
      expect(await due(at(8 * DAY))).toEqual([]);
      expect((await storage.rounds.get(r.id))!.status).toBe('following-up');
      await storage.rounds.setStatus(r.id, 'closed', at(9 * DAY));
      expect(await storage.rounds.get(r.id)).toMatchObject({ status: 'closed', closedAt: at(9 * DAY) });
    });

    test('closing a round stores the silent-round counts and the auto-pause message, once', async () => {
      const { p, ids } = await setUp(2);
      const [quiet, paused] = ids as [string, string];
      const { round: r, deliveries, encounters } = round(p, 1, ids);
      await storage.rounds.start(r, deliveries, encounters, at(7 * DAY));
      const notice = { roundId: r.id, userId: paused, kind: 'auto-paused' as const, status: 'pending' as const, attempts: 0, updatedAt: at(9 * DAY) };
      const silences = [
        { programmeId: p.id, userId: quiet, silentRounds: 2 },
        { programmeId: p.id, userId: paused, silentRounds: 0, pausedUntil: at(365 * DAY) },
      ];
      expect(await storage.rounds.close(r.id, at(9 * DAY), silences, [notice])).toBe(true);
      expect(await storage.programmes.getMember(p.id, quiet)).toMatchObject({ silentRounds: 2, pausedUntil: undefined });
      expect(await storage.programmes.getMember(p.id, paused)).toMatchObject({ silentRounds: 0, pausedUntil: at(365 * DAY) });
      expect(await storage.rounds.get(r.id)).toMatchObject({ status: 'closed', closedAt: at(9 * DAY) });
      expect((await storage.rounds.deliveries(r.id)).filter((d) => d.kind === 'auto-paused')).toEqual([notice]);

      expect(await storage.rounds.close(r.id, at(10 * DAY), [{ programmeId: p.id, userId: quiet, silentRounds: 3 }])).toBe(false);
      expect((await storage.programmes.getMember(p.id, quiet))!.silentRounds).toBe(2);
      expect((await storage.rounds.get(r.id))!.closedAt).toEqual(at(9 * DAY));
    });

    test('when ten servers close the same round at once, exactly one closes it and only its counts are stored', async () => {
      const { p, ids } = await setUp(2);
      const { round: r, deliveries, encounters } = round(p, 1, ids);
      await storage.rounds.start(r, deliveries, encounters, at(7 * DAY));
      const servers = await instances(10);
      const results = await Promise.all(servers.map((s, i) => s.rounds.close(r.id, at(9 * DAY), [{ programmeId: p.id, userId: ids[0]!, silentRounds: i + 1 }])));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await storage.programmes.getMember(p.id, ids[0]!))!.silentRounds).toBe(results.indexOf(true) + 1);
    });

    test('a round of 150 silent people closes whole, beyond what one transaction holds', async () => {
      const { p, ids } = await setUp(150);
      const { round: r, deliveries, encounters } = round(p, 1, ids);
      await storage.rounds.start(r, deliveries, encounters, at(7 * DAY));
      const silences = ids.map((userId) => ({ programmeId: p.id, userId, silentRounds: 1 }));
      expect(await storage.rounds.close(r.id, at(9 * DAY), silences)).toBe(true);
      expect((await storage.programmes.members(p.id)).every((m) => m.silentRounds === 1)).toBe(true);
    });

    test('rounds with messages to send are listed oldest first, counting claims whose lease ran out', async () => {
      const older = await setUp(2);
      const newer = await setUp(2);
      const a = round(older.p, 1, older.ids, { startedAt: at(-DAY) });
      const b = round(newer.p, 1, newer.ids);
      await storage.rounds.start(b.round, b.deliveries, b.encounters, at(7 * DAY));
      await storage.rounds.start(a.round, a.deliveries, a.encounters, at(7 * DAY));
      expect(await storage.rounds.roundsWithPendingDeliveries(T0)).toEqual([a.round.id, b.round.id]);

      for (const d of a.deliveries) await storage.rounds.markDelivery(a.round.id, d.userId, d.kind, { status: 'sent', attempts: 1, activityId: '1:1', updatedAt: T0 });
      await storage.rounds.markDelivery(b.round.id, newer.ids[0]!, 'pairing', { status: 'failed', attempts: 5, updatedAt: T0 });
      expect(await storage.rounds.roundsWithPendingDeliveries(T0)).toEqual([b.round.id]);

      expect(await storage.rounds.claimDelivery(b.round.id, newer.ids[1]!, 'pairing', T0, at(5 * MINUTE))).toBe(true);
      expect(await storage.rounds.roundsWithPendingDeliveries(at(MINUTE))).toEqual([]);
      expect(await storage.rounds.roundsWithPendingDeliveries(at(6 * MINUTE))).toEqual([b.round.id]);
    });

    test('a message is claimed by exactly one of ten servers asking at once', async () => {
      const { p, ids } = await setUp(2);
      const { round: r, deliveries, encounters } = round(p, 1, ids);
      await storage.rounds.start(r, deliveries, encounters, at(7 * DAY));
      const results = await Promise.all((await instances(10)).map((s) => s.rounds.claimDelivery(r.id, ids[0]!, 'pairing', T0, at(5 * MINUTE))));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await storage.rounds.deliveries(r.id)).find((d) => d.userId === ids[0])).toMatchObject({ status: 'sending', claimedUntil: at(5 * MINUTE) });
    });

    test('a claim whose lease ran out can be taken over; a sent message cannot be claimed again', async () => {
      const { p, ids } = await setUp(2);
      const { round: r, deliveries, encounters } = round(p, 1, ids);
      await storage.rounds.start(r, deliveries, encounters, at(7 * DAY));
      const claim = (now: Date) => storage.rounds.claimDelivery(r.id, ids[0]!, 'pairing', now, new Date(now.getTime() + 5 * MINUTE));
      expect(await claim(T0)).toBe(true);
      expect(await claim(at(MINUTE))).toBe(false);
      expect(await claim(at(6 * MINUTE))).toBe(true);
      await storage.rounds.markDelivery(r.id, ids[0]!, 'pairing', { status: 'sent', attempts: 1, activityId: '1:42', updatedAt: at(7 * MINUTE) });
      expect(await claim(at(HOUR))).toBe(false);
      expect((await storage.rounds.deliveries(r.id)).find((d) => d.userId === ids[0])).toEqual({
        roundId: r.id, userId: ids[0], kind: 'pairing', status: 'sent', attempts: 1, activityId: '1:42', updatedAt: at(7 * MINUTE),
      });
      expect(await storage.rounds.claimDelivery(r.id, '29:nobody', 'pairing', T0, at(MINUTE))).toBe(false);
    });

    test('adding messages that exist already keeps their progress', async () => {
      const { p, ids } = await setUp(2);
      const { round: r, deliveries, encounters } = round(p, 1, ids);
      await storage.rounds.start(r, deliveries, encounters, at(7 * DAY));
      await storage.rounds.markDelivery(r.id, ids[0]!, 'pairing', { status: 'sent', attempts: 1, activityId: '1:1', updatedAt: T0 });
      const followUps = ids.map((userId) => ({ roundId: r.id, userId, kind: 'follow-up' as const, status: 'pending' as const, attempts: 0, updatedAt: at(7 * DAY) }));
      await storage.rounds.addDeliveries([{ ...deliveries[0]!, status: 'pending' }, ...followUps]);
      await storage.rounds.addDeliveries(followUps);
      const stored = await storage.rounds.deliveries(r.id);
      expect(stored).toHaveLength(4);
      expect(stored.find((d) => d.userId === ids[0] && d.kind === 'pairing')!.status).toBe('sent');
      expect(stored.filter((d) => d.kind === 'follow-up')).toEqual(followUps);
    });

    test('answers to "Did you meet?" are kept per person, and the last one counts', async () => {
      const { p, ids } = await setUp(2);
      const { round: r, deliveries, encounters } = round(p, 1, ids);
      await storage.rounds.start(r, deliveries, encounters, at(7 * DAY));
      await storage.rounds.recordAnswer(r.id, ids[0]!, 'planned', at(8 * DAY));
      await storage.rounds.recordAnswer(r.id, ids[0]!, 'yes', at(9 * DAY));
      await storage.rounds.recordAnswer(r.id, ids[1]!, 'no', at(9 * DAY));
      expect((await storage.rounds.answers(r.id)).sort((x, y) => x.userId.localeCompare(y.userId))).toEqual(
        [{ userId: ids[0]!, answer: 'yes' }, { userId: ids[1]!, answer: 'no' }].sort((x, y) => x.userId.localeCompare(y.userId)),
      );
    });

    test('the history lists the encounters of every round, oldest round first', async () => {
      const { p, ids } = await setUp(4);
      const first = round(p, 1, ids);
      const second = round(p, 2, [ids[0]!, ids[2]!, ids[1]!, ids[3]!], { startedAt: at(7 * DAY) });
      await storage.rounds.start(first.round, first.deliveries, first.encounters, at(7 * DAY));
      await storage.rounds.close(first.round.id, at(7 * DAY));
      await storage.rounds.start(second.round, second.deliveries, second.encounters, at(14 * DAY));
      expect(await storage.rounds.history(p.id)).toEqual([...first.encounters, ...second.encounters]);
      expect((await storage.rounds.latest(p.id))?.id).toBe(second.round.id);
    });
  });

  describe(`${driver}: team coffee breaks`, () => {
    test('a break is saved, changed and listed for its team and for reminders; once deleted it is left out but can still be read', async () => {
      const b = coffeeBreak({ createdAt: at(MINUTE) });
      const other = coffeeBreak({ programmeId: b.programmeId, createdAt: T0, joinUrl: 'https://teams.microsoft.com/l/meetup-join/x' });
      await storage.breaks.save(b);
      await storage.breaks.save(other);
      const changed = { ...b, title: 'Tea instead', weekdays: [2, 4], skippedDates: ['2026-03-05'], createdBy: 'aad-someone-else', createdAt: at(DAY) };
      await storage.breaks.save(changed);
      expect(await storage.breaks.get(b.id)).toEqual({ ...changed, createdBy: b.createdBy, createdAt: b.createdAt });
      expect((await storage.breaks.list(b.programmeId)).map((x) => x.id)).toEqual([other.id, b.id]);
      expect((await storage.breaks.active()).map((x) => x.id).sort()).toEqual([b.id, other.id].sort());

      await storage.breaks.save({ ...changed, deletedAt: at(2 * DAY) });
      expect((await storage.breaks.list(b.programmeId)).map((x) => x.id)).toEqual([other.id]);
      expect((await storage.breaks.active()).map((x) => x.id)).toEqual([other.id]);
      expect((await storage.breaks.get(b.id))!.deletedAt).toEqual(at(2 * DAY));
      expect(await storage.breaks.get('no-such-break')).toBeUndefined();
    });

    test('each person has one answer per occurrence, and a later one replaces it', async () => {
      const b = coffeeBreak();
      await storage.breaks.save(b);
      const [ada, bob] = [person('Ada'), person('Bob')];
      await storage.breaks.rsvp({ breakId: b.id, date: '2026-03-06', userId: bob.userId, name: bob.name, answer: 'in', at: at(MINUTE) });
      await storage.breaks.rsvp({ breakId: b.id, date: '2026-03-06', userId: ada.userId, name: ada.name, answer: 'in', at: at(2 * MINUTE) });
      await storage.breaks.rsvp({ breakId: b.id, date: '2026-03-06', userId: bob.userId, name: bob.name, answer: 'out', at: at(3 * MINUTE) });
      await storage.breaks.rsvp({ breakId: b.id, date: '2026-03-13', userId: ada.userId, name: ada.name, answer: 'out', at: at(MINUTE) });
      expect(await storage.breaks.rsvps(b.id, '2026-03-06')).toEqual([
        { breakId: b.id, date: '2026-03-06', userId: ada.userId, name: ada.name, answer: 'in', at: at(2 * MINUTE) },
        { breakId: b.id, date: '2026-03-06', userId: bob.userId, name: bob.name, answer: 'out', at: at(3 * MINUTE) },
      ]);
      expect(await storage.breaks.rsvps(b.id, '2026-03-13')).toHaveLength(1);
      expect(await storage.breaks.rsvps(b.id, '2026-03-20')).toEqual([]);
    });

    test('topics are listed most upvoted first; an upvote counts once and can be taken back', async () => {
      const b = coffeeBreak();
      await storage.breaks.save(b);
      const [ada, bob, cy] = [person('Ada'), person('Bob'), person('Cy')];
      const first = topic(b, '2026-03-06', ada, { createdAt: T0 });
      const second = topic(b, '2026-03-06', bob, { createdAt: at(MINUTE) });
      await storage.breaks.addTopic(first);
      await storage.breaks.addTopic(second);
      await storage.breaks.addTopic(topic(b, '2026-03-13', cy));
      await storage.breaks.vote(second.id, cy.userId, true);
      await storage.breaks.vote(second.id, cy.userId, true);
      await storage.breaks.vote(second.id, ada.userId, true);
      await storage.breaks.vote(first.id, bob.userId, true);
      await storage.breaks.vote(first.id, bob.userId, false);
      const listed = await storage.breaks.topics(b.id, '2026-03-06');
      expect(listed.map((t) => t.id)).toEqual([second.id, first.id]);
      expect(listed[0]!.votes.sort()).toEqual([ada.userId, cy.userId].sort());
      expect(listed[1]!.votes).toEqual([]);
      expect(await storage.breaks.getTopic(first.id)).toEqual(first);
    });

    test('a deleted topic is gone, with its upvotes', async () => {
      const b = coffeeBreak();
      await storage.breaks.save(b);
      const [ada, bob] = [person('Ada'), person('Bob')];
      const t = topic(b, '2026-03-06', ada);
      await storage.breaks.addTopic(t);
      await storage.breaks.vote(t.id, bob.userId, true);
      await storage.breaks.deleteTopic(t.id);
      expect(await storage.breaks.getTopic(t.id)).toBeUndefined();
      expect(await storage.breaks.topics(b.id, '2026-03-06')).toEqual([]);
      expect(await store.dump()).not.toContain(t.text);
    });

    test("an occurrence's reminder is claimed by exactly one of ten servers; given back when not posted, kept once posted", async () => {
      const b = coffeeBreak();
      await storage.breaks.save(b);
      const results = await Promise.all((await instances(10)).map((s) => s.breaks.claimReminder(b.id, '2026-03-06', T0)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await storage.breaks.reminderMessage(b.id, '2026-03-06')).toBeUndefined();
      await storage.breaks.releaseReminder(b.id, '2026-03-06');
      expect(await storage.breaks.claimReminder(b.id, '2026-03-06', at(MINUTE))).toBe(true);
      await storage.breaks.setReminderMessage(b.id, '2026-03-06', '1:777');
      await storage.breaks.releaseReminder(b.id, '2026-03-06');
      expect(await storage.breaks.claimReminder(b.id, '2026-03-06', at(2 * MINUTE))).toBe(false);
      expect(await storage.breaks.reminderMessage(b.id, '2026-03-06')).toBe('1:777');
      expect(await storage.breaks.claimReminder(b.id, '2026-03-13', at(2 * MINUTE))).toBe(true);
    });
  });

  describe(`${driver}: privacy`, () => {
    /** A person with something in every corner of storage, next to a colleague who stays. */
    const everywhere = async () => {
      const priya = person('Priya');
      const tom = person('Tom');
      const third = person('Sam');
      const NOTE = `Feeling low after the release, honestly (${uid('note')})`;
      const team = installation({ installedBy: priya.aadObjectId });
      await storage.installations.upsert(team);

      const s = session({ conversationId: team.conversationId });
      await storage.checkIns.create(s);
      await storage.checkIns.saveAnswer(answer(s, priya, { note: NOTE }));
      await storage.checkIns.setAnswerUpn(s.id, priya.userId, priya.upn);
      await storage.checkIns.saveAnswer(answer(s, tom, { note: 'All good here' }));
      await storage.checkIns.close(s.id, at(HOUR));
      // The same person under a second Teams id (another tenant's guest account), found by object id.
      const elsewhere = session();
      await storage.checkIns.create(elsewhere);
      const priyaGuestId = `29:1guest-${uid('priya')}`;
      await storage.checkIns.saveAnswer(answer(elsewhere, { ...priya, userId: priyaGuestId }, { note: NOTE }));

      const p = programme({ id: team.conversationId, organisers: [priya.aadObjectId, tom.aadObjectId] });
      await storage.programmes.ensure(p);
      for (const who of [priya, tom, third]) await storage.programmes.saveMember(member(p, who));
      await storage.programmes.addBlock(p.id, priya.userId, tom.userId);
      await storage.programmes.addBlock(p.id, third.userId, priya.userId);
      const first = round(p, 1, [priya.userId, tom.userId, third.userId]);
      await storage.rounds.start(first.round, first.deliveries, first.encounters, at(7 * DAY));
      await storage.rounds.recordAnswer(first.round.id, priya.userId, 'yes', at(8 * DAY));
      await storage.rounds.close(first.round.id, at(9 * DAY), [{ programmeId: p.id, userId: priya.userId, silentRounds: 0 }], [
        { roundId: first.round.id, userId: priya.userId, kind: 'auto-paused', status: 'pending', attempts: 0, updatedAt: at(9 * DAY) },
      ]);
      const second = round(p, 2, [tom.userId, priya.userId], { startedAt: at(7 * DAY) });
      await storage.rounds.start(second.round, second.deliveries, second.encounters, at(14 * DAY));

      const b = coffeeBreak({ programmeId: p.id, createdBy: priya.aadObjectId });
      await storage.breaks.save(b);
      const byUserId = coffeeBreak({ programmeId: p.id, createdBy: priya.userId });
      await storage.breaks.save(byUserId);
      await storage.breaks.rsvp({ breakId: b.id, date: '2026-03-06', userId: priya.userId, name: priya.name, answer: 'in', at: T0 });
      await storage.breaks.rsvp({ breakId: b.id, date: '2026-03-06', userId: tom.userId, name: tom.name, answer: 'in', at: T0 });
      const hers = topic(b, '2026-03-06', priya);
      const his = topic(b, '2026-03-06', tom);
      await storage.breaks.addTopic(hers);
      await storage.breaks.addTopic(his);
      await storage.breaks.vote(hers.id, tom.userId, true);
      await storage.breaks.vote(his.id, priya.userId, true);
      return { priya, priyaGuestId, tom, third, NOTE, team, s, elsewhere, p, first, second, b, byUserId, hers, his };
    };

    test('forget me leaves nothing of the person (ids, name, sign-in name, notes, topics) in any table, and keeps everyone else', async () => {
      const w = await everywhere();
      const before = await store.dump();
      for (const trace of [w.priya.userId, w.priya.aadObjectId, w.priya.name, w.priya.upn, w.NOTE, w.hers.text, w.priyaGuestId]) expect(before).toContain(trace);

      const result = await storage.privacy.forget({ userId: w.priya.userId, aadObjectId: w.priya.aadObjectId });
      expect(result.sessions.sort()).toEqual([w.s.id, w.elsewhere.id].sort());
      expect(result.userIds.sort()).toEqual([w.priya.userId, w.priyaGuestId].sort());

      const after = await store.dump();
      for (const trace of [w.priya.userId, w.priya.aadObjectId, w.priya.name, w.priya.upn, w.NOTE, w.hers.text, w.priyaGuestId]) expect(after).not.toContain(trace);

      expect((await storage.checkIns.listAnswers(w.s.id)).map((a) => a.person.userId)).toEqual([w.tom.userId]);
      expect((await storage.programmes.members(w.p.id)).map((m) => m.userId).sort()).toEqual([w.tom.userId, w.third.userId].sort());
      expect((await storage.programmes.get(w.p.id))!.organisers).toEqual([w.tom.aadObjectId]);
      expect(await storage.programmes.blocks(w.p.id)).toEqual([]);
      expect((await storage.rounds.get(w.first.round.id))!.groups.flatMap((g) => g.members)).toEqual([FORGOTTEN, w.tom.userId, w.third.userId]);
      expect((await storage.rounds.history(w.p.id)).some((e) => e.a === FORGOTTEN || e.b === FORGOTTEN)).toBe(false);
      expect((await storage.rounds.deliveries(w.second.round.id)).map((d) => d.userId)).toEqual([w.tom.userId]);
      expect(await storage.rounds.answers(w.first.round.id)).toEqual([]);
      expect((await storage.installations.get(w.team.conversationId))!.installedBy).toBeUndefined();
      expect((await storage.breaks.get(w.b.id))!.createdBy).toBe(FORGOTTEN);
      expect((await storage.breaks.get(w.byUserId.id))!.createdBy).toBe(FORGOTTEN);
      expect((await storage.breaks.rsvps(w.b.id, '2026-03-06')).map((r) => r.userId)).toEqual([w.tom.userId]);
      expect(await storage.breaks.topics(w.b.id, '2026-03-06')).toEqual([{ ...w.his, votes: [] }]);
      expect(await storage.privacy.export({ userId: w.priya.userId, aadObjectId: w.priya.aadObjectId })).toEqual({
        checkIns: [], coffee: [], coffeeRounds: [], coffeeAnswers: [], blocks: [], breakRsvps: [], breakTopics: [],
      });
      for (const trace of [w.tom.userId, w.tom.name, 'All good here', w.his.text]) expect(after).toContain(trace);
    });

    test('forget me with only the directory id finds every Teams id the person answered with', async () => {
      const priya = person('Priya');
      const [one, two] = [session(), session()];
      for (const s of [one, two]) await storage.checkIns.create(s);
      await storage.checkIns.saveAnswer(answer(one, priya));
      await storage.checkIns.saveAnswer(answer(two, { ...priya, userId: '29:1other-id' }));
      const result = await storage.privacy.forget({ aadObjectId: priya.aadObjectId });
      expect(result.userIds.sort()).toEqual(['29:1other-id', priya.userId].sort());
      expect(result.sessions.sort()).toEqual([one.id, two.id].sort());
      const after = await store.dump();
      for (const trace of [priya.userId, '29:1other-id', priya.aadObjectId, priya.name]) expect(after).not.toContain(trace);
    });

    test('forgetting someone Hallway never stored changes nothing', async () => {
      const w = await everywhere();
      expect(await storage.privacy.forget({ userId: '29:1stranger', aadObjectId: 'aad-stranger' })).toEqual({ sessions: [], userIds: ['29:1stranger'] });
      expect(await storage.checkIns.listAnswers(w.s.id)).toHaveLength(2);
    });

    test('downloading my data lists what is stored about me, and nothing about anyone else', async () => {
      const w = await everywhere();
      const data = await storage.privacy.export({ userId: w.priya.userId, aadObjectId: w.priya.aadObjectId });
      expect(data.checkIns.map((c) => c.sessionId).sort()).toEqual([w.s.id, w.elsewhere.id].sort());
      expect(data.checkIns.find((c) => c.sessionId === w.s.id)).toMatchObject({ question: w.s.question, answeredAt: T0.toISOString(), mood: 'good', note: w.NOTE, visibility: 'shared', skipped: false });
      expect(data.coffee).toEqual([{ programmeId: w.p.id, programme: w.p.name, status: 'active', timeZone: 'Europe/Berlin', joinedAt: T0.toISOString() }]);
      expect(data.coffeeRounds).toEqual([
        { programmeId: w.p.id, round: 1, startedAt: T0.toISOString(), groupSize: 3, captain: true },
        { programmeId: w.p.id, round: 2, startedAt: at(7 * DAY).toISOString(), groupSize: 2, captain: false },
      ]);
      expect(data.coffeeAnswers).toEqual([{ roundId: w.first.round.id, answer: 'yes' }]);
      expect(data.blocks).toEqual([{ programmeId: w.p.id, blockedUserId: w.tom.userId }]);
      expect(data.breakRsvps).toEqual([{ breakId: w.b.id, date: '2026-03-06', answer: 'in' }]);
      expect(data.breakTopics).toEqual([{ breakId: w.b.id, date: '2026-03-06', text: w.hers.text }]);
      const text = JSON.stringify(data);
      for (const other of ['All good here', w.tom.name, w.his.text]) expect(text).not.toContain(other);
    });

    test('notes older than the retention period are deleted; moods and newer notes stay', async () => {
      const s = session();
      await storage.checkIns.create(s);
      const [old, recent, quiet] = [person('Old'), person('Recent'), person('Quiet')];
      await storage.checkIns.saveAnswer(answer(s, old, { note: 'An old secret', answeredAt: at(-40 * DAY) }));
      await storage.checkIns.saveAnswer(answer(s, recent, { note: 'A fresh note', answeredAt: at(-DAY) }));
      await storage.checkIns.saveAnswer(answer(s, quiet, { note: undefined, answeredAt: at(-40 * DAY) }));
      expect(await storage.privacy.expireNotes(at(-30 * DAY))).toBe(1);
      expect(await storage.checkIns.getAnswer(s.id, old.userId)).toMatchObject({ mood: 'good', note: undefined });
      expect((await storage.checkIns.getAnswer(s.id, recent.userId))!.note).toBe('A fresh note');
      expect(await storage.privacy.expireNotes(at(-30 * DAY))).toBe(0);
      expect(await store.dump()).not.toContain('An old secret');
    });

    test("a removed team's data is deleted only after the grace period, and reinstalling in time keeps it", async () => {
      const w = await everywhere();
      const kept = installation();
      await storage.installations.upsert(kept);
      await storage.meetingSettings.put(w.s.meetingId!, { enabled: true, questionBank: 'light', customQuestions: [], summaryAtEnd: true, defaultVisibility: 'shared' });

      await storage.privacy.markRemoved(w.team.conversationId, T0);
      expect(await storage.privacy.purgeRemoved(T0)).toEqual([]);
      await storage.installations.upsert(w.team); // back within the grace period
      expect(await storage.privacy.purgeRemoved(at(DAY))).toEqual([]);
      expect(await storage.programmes.members(w.p.id)).toHaveLength(3);

      await storage.privacy.markRemoved(w.team.conversationId, at(DAY));
      expect(await storage.privacy.purgeRemoved(at(31 * DAY))).toEqual([w.team.conversationId]);
      expect(await storage.installations.get(w.team.conversationId)).toBeUndefined();
      expect(await storage.programmes.get(w.p.id)).toBeUndefined();
      expect(await storage.checkIns.get(w.s.id)).toBeUndefined();
      expect(await storage.rounds.get(w.first.round.id)).toBeUndefined();
      expect(await storage.breaks.get(w.b.id)).toBeUndefined();
      expect(await storage.meetingSettings.get(w.s.meetingId!)).toBeUndefined();
      expect(await storage.programmes.due(at(365 * DAY))).toEqual([]);
      expect(await storage.rounds.roundsWithPendingDeliveries(at(31 * DAY))).toEqual([]);

      const after = await store.dump();
      for (const gone of [w.team.conversationId, w.tom.userId, w.tom.name, w.third.userId, 'All good here', w.his.text, w.b.id]) expect(after).not.toContain(gone);
      // Kept: the other team, and Priya's answer in a chat outside the team.
      expect(await storage.installations.get(kept.conversationId)).toEqual(kept);
      expect(await storage.checkIns.listAnswers(w.elsewhere.id)).toHaveLength(1);
    });
  });

  describe(`${driver}: jobs`, () => {
    test('a due daily job is claimed by exactly one of ten servers, and not again before its next run', async () => {
      const results = await Promise.all((await instances(10)).map((s) => s.jobs.claim('retention', T0, at(DAY))));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await storage.jobs.claim('retention', at(HOUR), at(DAY + HOUR))).toBe(false);
      expect(await storage.jobs.claim('uninstalled', at(HOUR), at(DAY + HOUR))).toBe(true);
      expect(await storage.jobs.claim('retention', at(DAY), at(2 * DAY))).toBe(true);
    });

    test('storage answers the readiness check while open, and fails it once closed', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
      const other = await instance();
      await other.close();
      await expect(other.ping()).rejects.toThrow();
    });
  });
}
