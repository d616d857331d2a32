import type { Storage } from '../../bot/storage/ports';
import { at, coffeeBreak, DAY, MINUTE, person, T0, topic } from './builders';
import type { Contract } from './storage.contract';

/** Team coffee breaks. */
export function breaksContract(c: Contract): void {
  const { driver, instances } = c;
  let storage: Storage;
  beforeEach(() => {
    storage = c.storage;
  });

  describe(`${driver}: team coffee breaks`, () => {
    test('a break is saved, changed and listed for its team and for reminders; once deleted it is left out but can still be read', async () => {
      const b = coffeeBreak({ createdAt: at(MINUTE) });
      const other = coffeeBreak({ programmeId: b.programmeId, createdAt: T0, joinUrl: 'https://teams.microsoft.com/l/meetup-join/x' });
      await storage.breaks.save(b);
      await storage.breaks.save(other);
      const changed = {
        ...b,
        title: 'Tea instead',
        weekdays: [2, 4],
        skippedDates: ['2026-03-05'],
        createdBy: 'aad-someone-else',
        createdAt: at(DAY),
      };
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
      await storage.breaks.rsvp({
        breakId: b.id,
        date: '2026-03-06',
        userId: ada.userId,
        name: ada.name,
        answer: 'in',
        at: at(2 * MINUTE),
      });
      await storage.breaks.rsvp({
        breakId: b.id,
        date: '2026-03-06',
        userId: bob.userId,
        name: bob.name,
        answer: 'out',
        at: at(3 * MINUTE),
      });
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
      expect(await c.store.dump()).not.toContain(t.text);
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
}
