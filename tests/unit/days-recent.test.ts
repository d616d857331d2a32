import type { DaysPlan } from '../../bot/domain/days/model';
import { RECENT_PLANS, recentlyEnded } from '../../bot/domain/days/recent';
import { userText } from '../../bot/domain/user-text';
import { ManualClock } from '../fixtures/clock';

/** Wednesday 2 December 2026, 00:30 in Tokyo, still 1 December in Lisbon. */
const NOW = new Date('2026-12-01T15:30:00Z');

const plan = (id: string, last: string, timeZone = 'Europe/Lisbon'): DaysPlan => ({
  id,
  programmeId: 'team',
  dates: [last],
  place: userText(id),
  timeZone,
  organiser: 'ada',
  channelReference: {},
  createdAt: new Date('2026-01-01T00:00:00Z'),
});

const ended = (plans: DaysPlan[]) => recentlyEnded({ days: { list: async () => plans }, clock: new ManualClock(NOW) }, 'team');

describe('days together ended recently', () => {
  test('a plan is listed from the day after its last day, in its own time zone, for 30 days, latest first', async () => {
    const result = await ended([
      plan('today in Lisbon', '2026-12-01'),
      plan('yesterday in Tokyo', '2026-12-01', 'Asia/Tokyo'),
      plan('30 days ago', '2026-11-01'),
      plan('31 days ago', '2026-10-31'),
      plan('last week', '2026-11-24'),
    ]);
    expect(result).toEqual({
      plans: [
        expect.objectContaining({ id: 'yesterday in Tokyo' }),
        expect.objectContaining({ id: 'last week' }),
        expect.objectContaining({ id: '30 days ago' }),
      ],
      more: 0,
    });
  });

  test('at most 10 are listed, the latest; the others are counted', async () => {
    const plans = Array.from({ length: 13 }, (_, i) => plan(`p${i}`, `2026-11-${String(10 + i).padStart(2, '0')}`));
    const result = await ended(plans);
    expect(result.plans.map((p) => p.id)).toEqual(['p12', 'p11', 'p10', 'p9', 'p8', 'p7', 'p6', 'p5', 'p4', 'p3']);
    expect(result.plans).toHaveLength(RECENT_PLANS);
    expect(result.more).toBe(3);
  });
});
