import { FORGOTTEN } from '../../bot/domain/privacy-ports';
import type { Storage } from '../../bot/storage/ports';
import { answer, at, coffeeBreak, DAY, HOUR, installation, member, person, programme, round, session, T0, topic, uid } from './builders';
import type { Contract } from './storage.contract';

/** True when an export lists nothing at all. */
const nothingIn = (data: object) => Object.values(data).every((list) => Array.isArray(list) && list.length === 0);
/** Lists compared whatever their order (drivers list what they find in their own order). */
const sorted = <T>(list: T[]) => list.map((x) => JSON.stringify(x)).sort();
const normalised = (data: object) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, sorted(v as unknown[])]));

/** Forget me, download my data, retention, removal; jobs and readiness. */
export function privacyContract(c: Contract): void {
  const { driver, instance, instances } = c;
  let storage: Storage;
  beforeEach(() => {
    storage = c.storage;
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
      const personal = installation({
        conversationId: `a:1${uid('priya-chat')}`,
        conversationType: 'personal',
        teamId: undefined,
        teamName: undefined,
        installedBy: priya.aadObjectId,
      });
      await storage.installations.upsert(personal);

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
      await storage.rounds.close(
        first.round.id,
        at(9 * DAY),
        [{ programmeId: p.id, userId: priya.userId, silentRounds: 0 }],
        [{ roundId: first.round.id, userId: priya.userId, kind: 'auto-paused', status: 'pending', attempts: 0, updatedAt: at(9 * DAY) }],
      );
      const second = round(p, 2, [tom.userId, priya.userId], { startedAt: at(7 * DAY) });
      await storage.rounds.start(second.round, second.deliveries, second.encounters, at(14 * DAY));

      const b = coffeeBreak({ programmeId: p.id, createdBy: priya.aadObjectId });
      await storage.breaks.save(b);
      const byUserId = coffeeBreak({ programmeId: p.id, createdBy: priya.userId });
      await storage.breaks.save(byUserId);
      await storage.breaks.rsvp({ breakId: b.id, date: '2026-03-06', userId: priya.userId, name: priya.name, answer: 'in', at: T0 }, priya.aadObjectId);
      await storage.breaks.rsvp({ breakId: b.id, date: '2026-03-06', userId: tom.userId, name: tom.name, answer: 'in', at: T0 }, tom.aadObjectId);
      const hers = topic(b, '2026-03-06', priya);
      const his = topic(b, '2026-03-06', tom);
      await storage.breaks.addTopic(hers, priya.aadObjectId);
      await storage.breaks.addTopic(his, tom.aadObjectId);
      await storage.breaks.vote(hers.id, tom.userId, true, tom.aadObjectId);
      await storage.breaks.vote(his.id, priya.userId, true, priya.aadObjectId);

      // A meeting in one of the team's channels: its chat id is not the team's.
      const channelMeeting = session({
        conversationId: `19:${uid('design')}@thread.tacv2;messageid=1764300000001`,
        teamId: team.conversationId,
      });
      await storage.checkIns.create(channelMeeting);
      const CHANNEL_NOTE = `Said in the design channel's meeting (${uid('note')})`;
      await storage.checkIns.saveAnswer(answer(channelMeeting, third, { note: CHANNEL_NOTE }));
      return {
        priya,
        priyaGuestId,
        tom,
        third,
        NOTE,
        CHANNEL_NOTE,
        team,
        personal,
        s,
        elsewhere,
        channelMeeting,
        p,
        first,
        second,
        b,
        byUserId,
        hers,
        his,
      };
    };

    test('forget me leaves nothing of the person (ids, name, sign-in name, notes, topics) in any table, and keeps everyone else', async () => {
      const w = await everywhere();
      const before = await c.store.dump();
      for (const trace of [w.priya.userId, w.priya.aadObjectId, w.priya.name, w.priya.upn, w.NOTE, w.hers.text, w.priyaGuestId])
        expect(before).toContain(trace);

      const result = await storage.privacy.forget({ userId: w.priya.userId, aadObjectId: w.priya.aadObjectId });
      expect(result.sessions.sort()).toEqual([w.s.id, w.elsewhere.id].sort());
      expect(result.userIds.sort()).toEqual([w.priya.userId, w.priyaGuestId].sort());
      // The break's card showed her answer, topic and upvote: it is redrawn too.
      expect(result.occurrences).toEqual([{ breakId: w.b.id, date: '2026-03-06' }]);

      const after = await c.store.dump();
      for (const trace of [w.priya.userId, w.priya.aadObjectId, w.priya.name, w.priya.upn, w.NOTE, w.hers.text, w.priyaGuestId])
        expect(after).not.toContain(trace);

      expect((await storage.checkIns.listAnswers(w.s.id)).map((a) => a.person.userId)).toEqual([w.tom.userId]);
      expect((await storage.programmes.members(w.p.id)).map((m) => m.userId).sort()).toEqual([w.tom.userId, w.third.userId].sort());
      expect((await storage.programmes.get(w.p.id))!.organisers).toEqual([w.tom.aadObjectId]);
      expect(await storage.programmes.blocks(w.p.id)).toEqual([]);
      expect((await storage.rounds.get(w.first.round.id))!.groups.flatMap((g) => g.members)).toEqual([FORGOTTEN, w.tom.userId, w.third.userId]);
      expect((await storage.rounds.history(w.p.id)).some((e) => e.a === FORGOTTEN || e.b === FORGOTTEN)).toBe(false);
      expect((await storage.rounds.deliveries(w.second.round.id)).map((d) => d.userId)).toEqual([w.tom.userId]);
      expect(await storage.rounds.answers(w.first.round.id)).toEqual([]);
      expect((await storage.installations.get(w.team.conversationId))!.installedBy).toBeUndefined();
      expect(await storage.installations.get(w.personal.conversationId)).toBeUndefined();
      expect((await storage.breaks.get(w.b.id))!.createdBy).toBe(FORGOTTEN);
      expect((await storage.breaks.get(w.byUserId.id))!.createdBy).toBe(FORGOTTEN);
      expect((await storage.breaks.rsvps(w.b.id, '2026-03-06')).map((r) => r.userId)).toEqual([w.tom.userId]);
      expect(await storage.breaks.topics(w.b.id, '2026-03-06')).toEqual([{ ...w.his, votes: [] }]);
      expect(nothingIn(await storage.privacy.export({ userId: w.priya.userId, aadObjectId: w.priya.aadObjectId }))).toBe(true);
      for (const trace of [w.tom.userId, w.tom.name, 'All good here', w.his.text]) expect(after).toContain(trace);
    });

    test('forget me with only the directory id (the tab) finds someone known only from breaks: answers, topics and upvotes', async () => {
      const una = person('Una');
      const tom = person('Tom');
      const b = coffeeBreak({ createdBy: una.aadObjectId });
      await storage.breaks.save(b);
      await storage.breaks.rsvp({ breakId: b.id, date: '2026-03-06', userId: una.userId, name: una.name, answer: 'in', at: T0 }, una.aadObjectId);
      await storage.breaks.rsvp({ breakId: b.id, date: '2026-03-13', userId: una.userId, name: una.name, answer: 'out', at: T0 }, una.aadObjectId);
      const hers = topic(b, '2026-03-06', una);
      const his = topic(b, '2026-03-06', tom);
      await storage.breaks.addTopic(hers, una.aadObjectId);
      await storage.breaks.addTopic(his, tom.aadObjectId);
      await storage.breaks.vote(his.id, una.userId, true, una.aadObjectId);
      await storage.breaks.vote(hers.id, tom.userId, true, tom.aadObjectId);
      const exported = await storage.privacy.export({ aadObjectId: una.aadObjectId });
      expect([exported.breakRsvps.length, exported.breakTopics, exported.breakVotes, exported.breaksSetUp]).toEqual([
        2,
        [{ breakId: b.id, date: '2026-03-06', text: hers.text }],
        [{ breakId: b.id, date: '2026-03-06', topicId: his.id }],
        [{ breakId: b.id, title: b.title }],
      ]);

      const result = await storage.privacy.forget({ aadObjectId: una.aadObjectId });
      expect(result).toEqual({ sessions: [], userIds: [una.userId], occurrences: expect.any(Array), plans: [] });
      expect(sorted(result.occurrences)).toEqual(
        sorted([
          { breakId: b.id, date: '2026-03-06' },
          { breakId: b.id, date: '2026-03-13' },
        ]),
      );
      const after = await c.store.dump();
      for (const trace of [una.userId, una.aadObjectId, una.name, hers.text]) expect(after).not.toContain(trace);
      expect(await storage.breaks.topics(b.id, '2026-03-06')).toEqual([{ ...his, votes: [] }]);
      expect((await storage.breaks.get(b.id))!.createdBy).toBe(FORGOTTEN);
      expect(nothingIn(await storage.privacy.export({ aadObjectId: una.aadObjectId }))).toBe(true);
      for (const trace of [tom.userId, tom.name, his.text]) expect(after).toContain(trace);
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
      const after = await c.store.dump();
      for (const trace of [priya.userId, '29:1other-id', priya.aadObjectId, priya.name]) expect(after).not.toContain(trace);
    });

    test('forgetting someone Hallway never stored changes nothing', async () => {
      const w = await everywhere();
      expect(await storage.privacy.forget({ userId: '29:1stranger', aadObjectId: 'aad-stranger' })).toEqual({
        sessions: [],
        userIds: ['29:1stranger'],
        occurrences: [],
        plans: [],
      });
      expect(await storage.checkIns.listAnswers(w.s.id)).toHaveLength(2);
    });

    test('downloading my data lists what is stored about me, and nothing about anyone else', async () => {
      const w = await everywhere();
      const data = await storage.privacy.export({ userId: w.priya.userId, aadObjectId: w.priya.aadObjectId });
      expect(data.checkIns.map((c) => c.sessionId).sort()).toEqual([w.s.id, w.elsewhere.id].sort());
      expect(data.checkIns.find((c) => c.sessionId === w.s.id)).toMatchObject({
        question: w.s.question,
        answeredAt: T0.toISOString(),
        mood: 'good',
        note: w.NOTE,
        visibility: 'shared',
        skipped: false,
      });
      expect(data.coffee).toEqual([{ programmeId: w.p.id, programme: w.p.name, status: 'active', timeZone: 'Europe/Berlin', joinedAt: T0.toISOString() }]);
      expect(data.coffeeRounds).toEqual([
        { programmeId: w.p.id, round: 1, startedAt: T0.toISOString(), groupSize: 3, captain: true },
        { programmeId: w.p.id, round: 2, startedAt: at(7 * DAY).toISOString(), groupSize: 2, captain: false },
      ]);
      expect(data.coffeeAnswers).toEqual([{ roundId: w.first.round.id, answer: 'yes' }]);
      expect(data.blocks).toEqual([{ programmeId: w.p.id, blockedUserId: w.tom.userId }]);
      expect(data.breakRsvps).toEqual([{ breakId: w.b.id, date: '2026-03-06', name: w.priya.name, answer: 'in' }]);
      expect(data.breakTopics).toEqual([{ breakId: w.b.id, date: '2026-03-06', text: w.hers.text }]);
      expect(data.breakVotes).toEqual([{ breakId: w.b.id, date: '2026-03-06', topicId: w.his.id }]);
      expect(sorted(data.breaksSetUp)).toEqual(
        sorted([
          { breakId: w.b.id, title: w.b.title },
          { breakId: w.byUserId.id, title: w.byUserId.title },
        ]),
      );
      expect(data.coffeeOrganiser).toEqual([{ programmeId: w.p.id, programme: w.p.name }]);
      expect(sorted(data.installedHallway)).toEqual(
        sorted(
          [w.team, w.personal].map((i) => ({
            conversationId: i.conversationId,
            conversationType: i.conversationType,
            installedAt: T0.toISOString(),
          })),
        ),
      );
      const text = JSON.stringify(data);
      for (const other of ['All good here', w.tom.name, w.his.text]) expect(text).not.toContain(other);
      // From the tab, which knows only the directory id: the same.
      expect(normalised(await storage.privacy.export({ aadObjectId: w.priya.aadObjectId }))).toEqual(normalised(data));
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
      expect(await c.store.dump()).not.toContain('An old secret');
    });

    test("a removed team's data is deleted only after the grace period, and reinstalling in time keeps it", async () => {
      const w = await everywhere();
      const kept = installation();
      await storage.installations.upsert(kept);
      await storage.meetingSettings.put(w.s.meetingId!, {
        enabled: true,
        questionBank: 'light',
        customQuestions: [],
        summaryAtEnd: true,
        defaultVisibility: 'shared',
      });

      await storage.privacy.markRemoved(w.team.conversationId, T0);
      expect(await storage.privacy.purgeRemoved(T0)).toEqual([]);
      await storage.installations.upsert(w.team); // back within the grace period
      expect(await storage.privacy.purgeRemoved(at(DAY))).toEqual([]);
      expect(await storage.programmes.members(w.p.id)).toHaveLength(3);
      expect((await storage.checkIns.get(w.channelMeeting.id))!.address.teamId).toBe(w.team.conversationId);

      await storage.privacy.markRemoved(w.team.conversationId, at(DAY));
      expect(await storage.privacy.purgeRemoved(at(31 * DAY))).toEqual([w.team.conversationId]);
      expect(await storage.installations.get(w.team.conversationId)).toBeUndefined();
      expect(await storage.programmes.get(w.p.id)).toBeUndefined();
      expect(await storage.checkIns.get(w.s.id)).toBeUndefined();
      expect(await storage.checkIns.get(w.channelMeeting.id)).toBeUndefined();
      expect(await storage.rounds.get(w.first.round.id)).toBeUndefined();
      expect(await storage.breaks.get(w.b.id)).toBeUndefined();
      expect(await storage.meetingSettings.get(w.s.meetingId!)).toBeUndefined();
      expect(await storage.programmes.due(at(365 * DAY))).toEqual([]);
      expect(await storage.rounds.roundsWithPendingDeliveries(at(31 * DAY))).toEqual([]);

      const after = await c.store.dump();
      for (const gone of [
        w.team.conversationId,
        w.tom.userId,
        w.tom.name,
        w.third.userId,
        w.third.name,
        'All good here',
        w.CHANNEL_NOTE,
        w.his.text,
        w.b.id,
        w.channelMeeting.id,
      ]) {
        expect(after).not.toContain(gone);
      }
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
