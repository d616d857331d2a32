import type { Storage } from '../../bot/storage/ports';
import { at, DAY, HOUR, member, MINUTE, person, programme, round, T0 } from './builders';
import type { Contract } from './storage.contract';

/** Coffee programmes and rounds. */
export function coffeeContract(c: Contract): void {
  const { driver, instances } = c;
  let storage: Storage;
  beforeEach(() => {
    storage = c.storage;
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
      const paused = member(p, ada, {
        joinedAt: at(MINUTE),
        status: 'left',
        pausedUntil: at(30 * DAY),
        timeZone: undefined,
        silentRounds: 2,
        lastCaptainRound: 4,
        personalConversationId: 'a:1chat',
      });
      await storage.programmes.saveMember(paused);
      expect(await storage.programmes.getMember(p.id, ada.userId)).toEqual(paused);
      expect((await storage.programmes.members(p.id)).map((m) => m.userId)).toEqual([ada.userId, bob.userId, cy.userId]);
      expect(await storage.programmes.getMember(p.id, '29:nobody')).toBeUndefined();
      expect(await storage.programmes.members('no-such-programme')).toEqual([]);
    });

    test("a member's language as last seen and the team's chosen language are kept", async () => {
      const p = programme();
      await storage.programmes.ensure(p);
      const ada = person('Ada');
      await storage.programmes.saveMember(member(p, ada, { locale: 'de' }));
      expect((await storage.programmes.getMember(p.id, ada.userId))!.locale).toBe('de');
      await storage.programmes.saveMember(member(p, ada, { locale: 'ja' }));
      expect((await storage.programmes.members(p.id)).map((m) => m.locale)).toEqual(['ja']);
      await storage.programmes.updateSettings(p.id, { ...p.settings, language: 'fr' }, p.nextRoundAt);
      expect((await storage.programmes.get(p.id))!.settings.language).toBe('fr');
    });

    test('a block is kept once, however often it is added', async () => {
      const p = programme();
      await storage.programmes.ensure(p);
      await storage.programmes.addBlock(p.id, '29:ada', '29:bob');
      await storage.programmes.addBlock(p.id, '29:ada', '29:bob');
      await storage.programmes.addBlock(p.id, '29:cy', '29:ada');
      expect((await storage.programmes.blocks(p.id)).sort()).toEqual([
        ['29:ada', '29:bob'],
        ['29:cy', '29:ada'],
      ]);
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
      const notice = {
        roundId: r.id,
        userId: paused,
        kind: 'auto-paused' as const,
        status: 'pending' as const,
        attempts: 0,
        updatedAt: at(9 * DAY),
      };
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
      const results = await Promise.all(
        servers.map((s, i) => s.rounds.close(r.id, at(9 * DAY), [{ programmeId: p.id, userId: ids[0]!, silentRounds: i + 1 }])),
      );
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

      for (const d of a.deliveries)
        await storage.rounds.markDelivery(a.round.id, d.userId, d.kind, { status: 'sent', attempts: 1, activityId: '1:1', updatedAt: T0 });
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
      expect((await storage.rounds.deliveries(r.id)).find((d) => d.userId === ids[0])).toMatchObject({
        status: 'sending',
        claimedUntil: at(5 * MINUTE),
      });
    });

    test('a claim whose lease ran out can be taken over; a sent message cannot be claimed again', async () => {
      const { p, ids } = await setUp(2);
      const { round: r, deliveries, encounters } = round(p, 1, ids);
      await storage.rounds.start(r, deliveries, encounters, at(7 * DAY));
      const claim = (now: Date) => storage.rounds.claimDelivery(r.id, ids[0]!, 'pairing', now, new Date(now.getTime() + 5 * MINUTE));
      expect(await claim(T0)).toBe(true);
      expect(await claim(at(MINUTE))).toBe(false);
      expect(await claim(at(6 * MINUTE))).toBe(true);
      await storage.rounds.markDelivery(r.id, ids[0]!, 'pairing', {
        status: 'sent',
        attempts: 1,
        activityId: '1:42',
        updatedAt: at(7 * MINUTE),
      });
      expect(await claim(at(HOUR))).toBe(false);
      expect((await storage.rounds.deliveries(r.id)).find((d) => d.userId === ids[0])).toEqual({
        roundId: r.id,
        userId: ids[0],
        kind: 'pairing',
        status: 'sent',
        attempts: 1,
        activityId: '1:42',
        updatedAt: at(7 * MINUTE),
      });
      expect(await storage.rounds.claimDelivery(r.id, '29:nobody', 'pairing', T0, at(MINUTE))).toBe(false);
    });

    test('adding messages that exist already keeps their progress', async () => {
      const { p, ids } = await setUp(2);
      const { round: r, deliveries, encounters } = round(p, 1, ids);
      await storage.rounds.start(r, deliveries, encounters, at(7 * DAY));
      await storage.rounds.markDelivery(r.id, ids[0]!, 'pairing', { status: 'sent', attempts: 1, activityId: '1:1', updatedAt: T0 });
      const followUps = ids.map((userId) => ({
        roundId: r.id,
        userId,
        kind: 'follow-up' as const,
        status: 'pending' as const,
        attempts: 0,
        updatedAt: at(7 * DAY),
      }));
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
        [
          { userId: ids[0]!, answer: 'yes' },
          { userId: ids[1]!, answer: 'no' },
        ].sort((x, y) => x.userId.localeCompare(y.userId)),
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
}
