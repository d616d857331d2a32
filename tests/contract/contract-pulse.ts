import type { Storage } from '../../bot/storage/ports';
import { at, DAY, programme, round, session } from './builders';
import type { Contract } from './storage.contract';

/** The pulse's reads: a series' latest sessions, a programme's rounds by number. */
export function pulseContract(c: Contract): void {
  const { driver } = c;
  let storage: Storage;
  beforeEach(() => {
    storage = c.storage;
  });

  describe(`${driver}: the pulse's reads`, () => {
    test("a series' latest sessions come newest first, as many as asked, and none of another series", async () => {
      const chat = '19:meeting_pulse@thread.v2';
      const held = [];
      for (let week = 0; week < 5; week++) {
        const s = { ...session({ conversationId: chat }), seriesKey: 'series-pulse', startedAt: at(week * 7 * DAY), status: 'closed' as const };
        expect(await storage.checkIns.create(s)).toEqual({ kind: 'created' });
        held.push(s);
      }
      await storage.checkIns.create({ ...session(), seriesKey: 'another-series', startedAt: at(40 * DAY) });
      const latest = await storage.pulse.recentSessions('series-pulse', 3);
      expect(latest.map((s) => s.id)).toEqual([held[4]!.id, held[3]!.id, held[2]!.id]);
      expect(latest[0]).toEqual(held[4]);
      expect(await storage.pulse.recentSessions('no-such-series', 3)).toEqual([]);
    });

    test("a programme's rounds by number, oldest first, only those that exist and only its own", async () => {
      const p = programme();
      const other = programme();
      await storage.programmes.ensure(p);
      await storage.programmes.ensure(other);
      const started = [];
      for (let seq = 1; seq <= 4; seq++) {
        const { round: r } = round(p, seq, ['29:a', '29:b', '29:c'], { startedAt: at(seq * 7 * DAY) });
        expect(await storage.rounds.start(r, [], [], undefined)).toEqual({ kind: 'started' });
        started.push(r);
      }
      await storage.rounds.start(round(other, 1, ['29:x', '29:y']).round, [], [], undefined);
      expect((await storage.pulse.rounds(p.id, 2, 9)).map((r) => r.seq)).toEqual([2, 3, 4]);
      expect(await storage.pulse.rounds(p.id, 3, 3)).toEqual([started[2]]);
      expect(await storage.pulse.rounds(other.id, 2, 5)).toEqual([]);
    });
  });
}
