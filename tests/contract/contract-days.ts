import type { DaysPlan } from '../../bot/domain/days/model';
import { FORGOTTEN } from '../../bot/domain/privacy-ports';
import type { Storage } from '../../bot/storage/ports';
import { at, DAY, installation, MINUTE, person, reference, T0, uid } from './builders';
import type { Contract } from './storage.contract';

export function daysPlan(o: Partial<DaysPlan> = {}): DaysPlan {
  return {
    id: uid('days'),
    programmeId: `19:${uid('team')}@thread.tacv2`,
    dates: ['2026-04-14', '2026-04-15'],
    place: 'Lisbon office, 3rd floor',
    link: 'https://maps.example/lisbon',
    timeZone: 'Europe/Lisbon',
    organiser: 'aad-organiser',
    channelReference: reference('19:general@thread.tacv2'),
    createdAt: T0,
    ...o,
  };
}

/** Days together. */
export function daysContract(c: Contract): void {
  const { driver } = c;
  let storage: Storage;
  beforeEach(() => {
    storage = c.storage;
  });

  describe(`${driver}: days together`, () => {
    test('a plan is saved, changed and listed for its team and as active; once cancelled it is left out but can still be read', async () => {
      const later = daysPlan({ dates: ['2026-06-01'] });
      const sooner = daysPlan({ programmeId: later.programmeId, link: undefined, createdAt: at(MINUTE) });
      await storage.days.save(later);
      await storage.days.save(sooner);
      const changed = { ...later, place: 'Porto instead', dates: ['2026-06-02', '2026-06-03'], organiser: 'aad-someone-else', createdAt: at(DAY) };
      await storage.days.save(changed);
      expect(await storage.days.get(later.id)).toEqual({ ...changed, organiser: later.organiser, createdAt: later.createdAt });
      expect((await storage.days.list(later.programmeId)).map((p) => p.id)).toEqual([sooner.id, later.id]);
      expect((await storage.days.active()).map((p) => p.id)).toEqual([sooner.id, later.id]);
      expect((await storage.days.get(sooner.id))!.link).toBeUndefined();

      await storage.days.save({ ...changed, cancelledAt: at(2 * DAY) });
      expect((await storage.days.list(later.programmeId)).map((p) => p.id)).toEqual([sooner.id]);
      expect((await storage.days.active()).map((p) => p.id)).toEqual([sooner.id]);
      expect((await storage.days.get(later.id))!.cancelledAt).toEqual(at(2 * DAY));
      expect(await storage.days.get('no-such-plan')).toBeUndefined();
      expect(await storage.days.list('19:no-such-team@thread.tacv2')).toEqual([]);
    });

    test('each person has one answer per day, and a later one replaces it', async () => {
      const plan = daysPlan();
      await storage.days.save(plan);
      const [ada, bob] = [person('Ada'), person('Bob')];
      const [first, second] = plan.dates as [string, string];
      await storage.days.answer({ planId: plan.id, date: first, userId: bob.userId, name: bob.name, coming: true, at: at(MINUTE) }, bob.aadObjectId);
      await storage.days.answer({ planId: plan.id, date: first, userId: ada.userId, name: ada.name, coming: true, at: at(2 * MINUTE) });
      await storage.days.answer({ planId: plan.id, date: second, userId: ada.userId, name: ada.name, coming: true, at: at(MINUTE) });
      await storage.days.answer({ planId: plan.id, date: first, userId: bob.userId, name: bob.name, coming: false, at: at(3 * MINUTE) });
      expect((await storage.days.answers(plan.id)).map((a) => [a.date, a.name, a.coming])).toEqual([
        [first, ada.name, true],
        [first, bob.name, false],
        [second, ada.name, true],
      ]);
      expect((await storage.days.answers(plan.id))[0]).toEqual({
        planId: plan.id,
        date: first,
        userId: ada.userId,
        name: ada.name,
        coming: true,
        at: at(2 * MINUTE),
      });
      expect(await storage.days.answers('no-such-plan')).toEqual([]);
    });

    test('the social plan is stored and a redraw replaces it', async () => {
      const plan = daysPlan();
      await storage.days.save(plan);
      expect(await storage.days.seating(plan.id)).toBeUndefined();
      const days = [
        {
          date: plan.dates[0]!,
          tables: [['u1', 'u2', 'u3', 'u4']],
          walks: [
            ['u1', 'u2'],
            ['u3', 'u4'],
          ],
        },
      ];
      await storage.days.saveSeating({ planId: plan.id, drawnAt: T0, days });
      const redrawn = [
        {
          ...days[0]!,
          tables: [['u1', 'u2', 'u3', 'u4', 'u5']],
          walks: [
            ['u1', 'u2'],
            ['u3', 'u4', 'u5'],
          ],
        },
      ];
      await storage.days.saveSeating({ planId: plan.id, drawnAt: at(DAY), days: redrawn });
      expect(await storage.days.seating(plan.id)).toEqual({ planId: plan.id, drawnAt: at(DAY), days: redrawn });
    });

    test("the plan's card in the channel is remembered, to be updated for everyone", async () => {
      const plan = daysPlan();
      await storage.days.save(plan);
      expect(await storage.days.cardMessage(plan.id)).toBeUndefined();
      await storage.days.setCardMessage(plan.id, '1700000000000');
      await storage.days.save({ ...plan, place: 'Porto' });
      expect(await storage.days.cardMessage(plan.id)).toBe('1700000000000');
    });

    test('forget me removes a person from days together, found by either id; the plan and the others stay', async () => {
      const [priya, tom] = [person('Priya'), person('Tom')];
      const plan = daysPlan({ organiser: priya.aadObjectId });
      await storage.days.save(plan);
      const date = plan.dates[0]!;
      for (const who of [priya, tom])
        await storage.days.answer({ planId: plan.id, date, userId: who.userId, name: who.name, coming: true, at: T0 }, who.aadObjectId);
      await storage.days.saveSeating({
        planId: plan.id,
        drawnAt: T0,
        days: [{ date, tables: [[priya.userId, tom.userId]], walks: [[priya.userId, tom.userId]] }],
      });

      const exported = await storage.privacy.export({ aadObjectId: priya.aadObjectId });
      expect([exported.daysTogether, exported.daysOrganised]).toEqual([[{ planId: plan.id, date, coming: true }], [{ planId: plan.id, place: plan.place }]]);

      expect((await storage.privacy.forget({ aadObjectId: priya.aadObjectId })).plans).toEqual([plan.id]);
      expect((await storage.days.answers(plan.id)).map((a) => a.userId)).toEqual([tom.userId]);
      expect((await storage.days.get(plan.id))!.organiser).toBe(FORGOTTEN);
      expect((await storage.days.seating(plan.id))!.days[0]).toEqual({ date, tables: [[FORGOTTEN, tom.userId]], walks: [[FORGOTTEN, tom.userId]] });
      const after = await c.store.dump();
      for (const trace of [priya.userId, priya.aadObjectId, priya.name]) expect(after).not.toContain(trace);
      expect(after).toContain(tom.name);
      const again = await storage.privacy.export({ userId: priya.userId, aadObjectId: priya.aadObjectId });
      expect([again.daysTogether, again.daysOrganised]).toEqual([[], []]);
    });

    test("forget me finds a person's seat by their whole id: someone whose id begins the same keeps their plan untouched", async () => {
      const plan = daysPlan();
      await storage.days.save(plan);
      const date = plan.dates[0]!;
      // Ids as Teams gives them: one is the start of the other.
      const days = [{ date, tables: [['29:user-11', '29:user-12']], walks: [['29:user-11', '29:user-12']] }];
      await storage.days.saveSeating({ planId: plan.id, drawnAt: T0, days });
      expect((await storage.privacy.forget({ userId: '29:user-1' })).plans).toEqual([]);
      expect((await storage.days.seating(plan.id))!.days).toEqual(days);
    });

    test('a face-to-face request is stored and answered; both people find it in their export, and it goes when either is forgotten', async () => {
      const [ada, bob, cem] = [person('Ada'), person('Bob'), person('Cem')];
      const plan = daysPlan();
      await storage.days.save(plan);
      const request = {
        id: uid('talk'),
        planId: plan.id,
        fromUserId: ada.userId,
        fromName: ada.name,
        toUserId: bob.userId,
        toName: bob.name,
        status: 'asked' as const,
        at: T0,
      };
      await storage.days.askTalk(request, { from: ada.aadObjectId, to: bob.aadObjectId });
      await storage.days.setTalkStatus(plan.id, request.id, 'accepted', at(MINUTE));
      expect(await storage.days.talks(plan.id)).toEqual([{ ...request, status: 'accepted', at: at(MINUTE) }]);
      expect((await storage.privacy.export({ aadObjectId: ada.aadObjectId })).daysTalks).toEqual([
        { planId: plan.id, asked: true, with: bob.name, status: 'accepted' },
      ]);
      expect((await storage.privacy.export({ userId: bob.userId })).daysTalks).toEqual([{ planId: plan.id, asked: false, with: ada.name, status: 'accepted' }]);
      expect((await storage.privacy.export({ userId: cem.userId })).daysTalks).toEqual([]);

      await storage.privacy.forget({ userId: bob.userId, aadObjectId: bob.aadObjectId });
      expect(await storage.days.talks(plan.id)).toEqual([]);
      const after = await c.store.dump();
      for (const trace of [bob.userId, bob.aadObjectId, bob.name, ada.name]) expect(after).not.toContain(trace);
    });

    test('"Did you meet someone new?" keeps one answer per person, in their export, gone when they are forgotten', async () => {
      const [ada, bob] = [person('Ada'), person('Bob')];
      const plan = daysPlan();
      await storage.days.save(plan);
      await storage.days.recordMet(plan.id, ada.userId, false, T0, ada.aadObjectId);
      await storage.days.recordMet(plan.id, bob.userId, true, at(MINUTE), bob.aadObjectId);
      await storage.days.recordMet(plan.id, ada.userId, true, at(2 * MINUTE));
      expect(await storage.days.metAnswers(plan.id)).toEqual([
        { userId: bob.userId, met: true },
        { userId: ada.userId, met: true },
      ]);
      expect((await storage.privacy.export({ aadObjectId: ada.aadObjectId })).daysMetSomeoneNew).toEqual([{ planId: plan.id, met: true }]);
      await storage.privacy.forget({ aadObjectId: ada.aadObjectId });
      expect(await storage.days.metAnswers(plan.id)).toEqual([{ userId: bob.userId, met: true }]);
      const after = await c.store.dump();
      for (const trace of [ada.userId, ada.aadObjectId]) expect(after).not.toContain(trace);
    });

    test("a team's days together are deleted with the team once Hallway has been removed from it", async () => {
      const team = installation();
      await storage.installations.upsert(team);
      const ada = person('Ada');
      const plan = daysPlan({ programmeId: team.conversationId, organiser: ada.aadObjectId });
      await storage.days.save(plan);
      await storage.days.answer({ planId: plan.id, date: plan.dates[0]!, userId: ada.userId, name: ada.name, coming: true, at: T0 }, ada.aadObjectId);
      await storage.days.saveSeating({ planId: plan.id, drawnAt: T0, days: [{ date: plan.dates[0]!, tables: [[ada.userId]], walks: [] }] });
      await storage.privacy.markRemoved(team.conversationId, T0);
      expect(await storage.privacy.purgeRemoved(at(DAY))).toEqual([team.conversationId]);
      expect(await storage.days.get(plan.id)).toBeUndefined();
      expect(await storage.days.active()).toEqual([]);
      const after = await c.store.dump();
      for (const trace of [ada.userId, ada.aadObjectId, ada.name, plan.place]) expect(after).not.toContain(trace);
    });
  });
}
