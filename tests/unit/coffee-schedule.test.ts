import { DateTime } from 'luxon';
import { DEFAULT_PROGRAMME_SETTINGS, type ProgrammeSettings } from '../../bot/domain/coffee/model';
import { followUpAt, isValidTimeZone, nextRoundAt } from '../../bot/domain/coffee/schedule';
import { DAY } from '../fixtures/clock';

/** Mondays at 10:00 in Berlin unless the test says otherwise. */
const settings = (overrides: Partial<ProgrammeSettings> = {}): ProgrammeSettings => ({
  ...DEFAULT_PROGRAMME_SETTINGS,
  cadence: 'weekly',
  weekday: 1,
  hour: 10,
  timeZone: 'Europe/Berlin',
  ...overrides,
});

const at = (iso: string) => new Date(iso);
const next = (s: ProgrammeSettings, after: string, previous?: string) =>
  nextRoundAt(s, at(after), previous === undefined ? undefined : at(previous)).toISOString();

/** How a member in Berlin sees the time on their calendar. */
const berlin = (date: Date) => DateTime.fromJSDate(date, { zone: 'Europe/Berlin' }).toFormat('cccc HH:mm');

describe('weekly rounds', () => {
  const weekly = settings();

  test('the round is on the next Monday at 10:00 Berlin time', () => {
    // Tuesday 2026-11-24 → Monday 2026-11-30, 10:00 CET = 09:00Z.
    expect(next(weekly, '2026-11-24T12:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
  });

  test('on a Monday before 10:00 the round is the same morning', () => {
    expect(next(weekly, '2026-11-30T08:59:59.999Z')).toBe('2026-11-30T09:00:00.000Z');
  });

  test('the next round is strictly after the given instant: at exactly 10:00 it is the following Monday', () => {
    expect(next(weekly, '2026-11-30T09:00:00.000Z')).toBe('2026-12-07T09:00:00.000Z');
    expect(next(weekly, '2026-11-30T09:00:00.001Z')).toBe('2026-12-07T09:00:00.000Z');
  });

  test('the weekday is Berlin’s: late Sunday evening UTC is already Monday morning in Berlin', () => {
    // Sunday 23:30Z = Monday 00:30 CET.
    expect(next(weekly, '2026-11-29T23:30:00Z')).toBe('2026-11-30T09:00:00.000Z');
  });

  test('summer rounds are at 10:00 Berlin time, which is 08:00Z', () => {
    expect(next(weekly, '2026-10-13T12:00:00Z')).toBe('2026-10-19T08:00:00.000Z');
    expect(next(weekly, '2026-03-24T12:00:00Z')).toBe('2026-03-30T08:00:00.000Z');
  });

  test('after the end-of-October clock change the round is still at 10:00 Berlin time, now 09:00Z', () => {
    // Round on Monday 19 October (CEST), clocks go back on Sunday 25 October.
    expect(next(weekly, '2026-10-19T08:00:00.000Z')).toBe('2026-10-26T09:00:00.000Z');
    // Asked on the Sunday of the change itself.
    expect(next(weekly, '2026-10-25T01:30:00Z')).toBe('2026-10-26T09:00:00.000Z');
  });

  test('after the end-of-March clock change the round is still at 10:00 Berlin time, now 08:00Z', () => {
    // Round on Monday 23 March (CET), clocks go forward on Sunday 29 March.
    expect(next(weekly, '2026-03-23T09:00:00.000Z')).toBe('2026-03-30T08:00:00.000Z');
    expect(next(weekly, '2026-03-17T12:00:00Z')).toBe('2026-03-23T09:00:00.000Z');
  });

  test('a year of rounds, one after the other, are all Mondays at 10:00 on Berlin clocks', () => {
    let round = at('2026-01-05T09:00:00.000Z');
    const seen: string[] = [];
    for (let i = 0; i < 52; i++) {
      const following = nextRoundAt(weekly, round);
      expect(berlin(following)).toBe('Monday 10:00');
      // A week apart on the calendar: 7 days, give or take the clock-change hour.
      expect(Math.abs(following.getTime() - round.getTime() - 7 * DAY)).toBeLessThanOrEqual(60 * 60 * 1000);
      seen.push(following.toISOString());
      round = following;
    }
    expect(new Set(seen).size).toBe(52);
  });

  test('another weekday and hour are honoured', () => {
    // Thursday 15:00 in New York (EST, UTC-5) → 20:00Z.
    const thursday = settings({ weekday: 4, hour: 15, timeZone: 'America/New_York' });
    expect(next(thursday, '2026-11-27T12:00:00Z')).toBe('2026-12-03T20:00:00.000Z');
  });
});

describe('rounds every two weeks', () => {
  const biweekly = settings({ cadence: 'biweekly' });

  test('without a previous round the first one is the next Monday', () => {
    expect(next(biweekly, '2026-01-01T12:00:00Z')).toBe('2026-01-05T09:00:00.000Z');
  });

  test('the next round is two weeks after the previous one, not the next Monday', () => {
    expect(next(biweekly, '2026-01-05T09:00:00.000Z', '2026-01-05T09:00:00.000Z')).toBe('2026-01-19T09:00:00.000Z');
    expect(next(biweekly, '2026-01-12T12:00:00Z', '2026-01-05T09:00:00.000Z')).toBe('2026-01-19T09:00:00.000Z');
  });

  test('a missed round rolls forward in steps of two weeks, keeping the same Mondays', () => {
    // The 19 January round was missed (server down): the next is 2 February, not 26 January.
    expect(next(biweekly, '2026-01-21T12:00:00Z', '2026-01-05T09:00:00.000Z')).toBe('2026-02-02T09:00:00.000Z');
    // Missed for months.
    expect(next(biweekly, '2026-04-01T12:00:00Z', '2026-01-05T09:00:00.000Z')).toBe('2026-04-13T08:00:00.000Z');
  });

  test('two weeks across the end-of-March clock change is still 10:00 Berlin time', () => {
    expect(next(biweekly, '2026-03-23T09:00:00.000Z', '2026-03-23T09:00:00.000Z')).toBe('2026-04-06T08:00:00.000Z');
  });

  test('two weeks across the end-of-October clock change is still 10:00 Berlin time', () => {
    expect(next(biweekly, '2026-10-19T08:00:00.000Z', '2026-10-19T08:00:00.000Z')).toBe('2026-11-02T09:00:00.000Z');
  });
});

describe('monthly rounds', () => {
  const monthly = settings({ cadence: 'monthly' });

  test('the round is on the first Monday of the month at 10:00 Berlin time', () => {
    // 1 November 2026 is a Sunday: the first Monday is the 2nd.
    expect(next(monthly, '2026-10-28T12:00:00Z')).toBe('2026-11-02T09:00:00.000Z');
  });

  test('before this month’s round it is this month’s; at or after it, next month’s', () => {
    expect(next(monthly, '2026-11-01T12:00:00Z')).toBe('2026-11-02T09:00:00.000Z');
    expect(next(monthly, '2026-11-02T08:59:59.999Z')).toBe('2026-11-02T09:00:00.000Z');
    // 1 December 2026 is a Tuesday: the first Monday is the 7th.
    expect(next(monthly, '2026-11-02T09:00:00.000Z')).toBe('2026-12-07T09:00:00.000Z');
    expect(next(monthly, '2026-11-15T12:00:00Z')).toBe('2026-12-07T09:00:00.000Z');
  });

  test('when the 1st is the weekday, the round is on the 1st (summer time: 08:00Z)', () => {
    // 1 June 2026 is a Monday.
    expect(next(monthly, '2026-05-10T12:00:00Z')).toBe('2026-06-01T08:00:00.000Z');
  });

  test('the first Friday of the month, across the new year', () => {
    // 4 December 2026 has passed; 1 January 2027 is a Friday.
    expect(next(settings({ cadence: 'monthly', weekday: 5 }), '2026-12-10T12:00:00Z')).toBe('2027-01-01T09:00:00.000Z');
  });

  test('a month where the first Monday is after the clock change is at 10:00 Berlin time', () => {
    // First Monday of October 2026 is the 5th (CEST, 08:00Z); of November the 2nd (CET, 09:00Z).
    expect(next(monthly, '2026-09-15T12:00:00Z')).toBe('2026-10-05T08:00:00.000Z');
    expect(next(monthly, '2026-10-05T08:00:00.000Z')).toBe('2026-11-02T09:00:00.000Z');
  });
});

describe('time zones', () => {
  test('a programme with an unknown time zone runs on UTC time', () => {
    const broken = settings({ timeZone: 'Mars/Olympus_Mons' });
    expect(next(broken, '2026-11-24T12:00:00Z')).toBe('2026-11-30T10:00:00.000Z');
    expect(next({ ...broken, cadence: 'monthly' }, '2026-11-24T12:00:00Z')).toBe('2026-12-07T10:00:00.000Z');
    expect(next({ ...broken, cadence: 'biweekly' }, '2026-11-24T12:00:00Z', '2026-11-16T10:00:00Z')).toBe('2026-11-30T10:00:00.000Z');
  });

  test('an empty time zone also falls back to UTC', () => {
    expect(next(settings({ timeZone: '' }), '2026-11-24T12:00:00Z')).toBe('2026-11-30T10:00:00.000Z');
  });

  test('IANA zone names are valid, made-up ones are not', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('Europe/Berln')).toBe(false);
  });
});

describe('"Did you meet?" timing', () => {
  // A start well away from any clock change, so the answer does not depend on the server's zone.
  const started = at('2026-05-04T08:00:00.000Z');

  test('a weekly round is followed up five days in', () => {
    expect(followUpAt(settings({ cadence: 'weekly' }), started).getTime() - started.getTime()).toBe(5 * DAY);
  });

  test('a two-weekly round is followed up twelve days in', () => {
    expect(followUpAt(settings({ cadence: 'biweekly' }), started).getTime() - started.getTime()).toBe(12 * DAY);
  });

  test('a monthly round is followed up twenty-five days in', () => {
    expect(followUpAt(settings({ cadence: 'monthly' }), started).getTime() - started.getTime()).toBe(25 * DAY);
  });

  test('the follow-up always comes before the next round', () => {
    for (const cadence of ['weekly', 'biweekly', 'monthly'] as const) {
      const s = settings({ cadence });
      const round = nextRoundAt(s, started);
      expect(followUpAt(s, round).getTime()).toBeLessThan(nextRoundAt(s, round, round).getTime());
    }
  });
});
