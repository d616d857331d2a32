import { DateTime, Settings } from 'luxon';
import type { Break } from '../../bot/domain/breaks/model';
import { nextOccurrences, occurrenceOn, reminderDue } from '../../bot/domain/breaks/occurrences';

/** Wednesdays at 15:00 in Berlin, 30 minutes, reminder 10 minutes before, unless the test says otherwise. */
const coffee = (overrides: Partial<Break> = {}): Break => ({
  id: 'break-1',
  programmeId: 'team-1',
  title: 'Wednesday coffee',
  weekdays: [3],
  time: '15:00',
  timeZone: 'Europe/Berlin',
  durationMinutes: 30,
  reminderMinutes: 10,
  skippedDates: [],
  channelReference: {},
  createdBy: 'org-oid',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...overrides,
});

const at = (iso: string) => new Date(iso);
const starts = (b: Break, after: string, count: number, horizonDays?: number) =>
  nextOccurrences(b, at(after), count, horizonDays).map((o) => o.startsAt.toISOString());
const dates = (b: Break, after: string, count: number, horizonDays?: number) => nextOccurrences(b, at(after), count, horizonDays).map((o) => o.date);

/** How a person in `zone` sees an instant on their calendar. */
const localTime = (date: Date, zone: string) => DateTime.fromJSDate(date, { zone }).toFormat('cccc yyyy-MM-dd HH:mm');

describe('when the coffee break happens', () => {
  test('Wednesdays at 15:00 in Berlin are 13:00Z in summer and 14:00Z after the clocks go back in late October', () => {
    // Clocks go back on Sunday 25 October 2026.
    expect(starts(coffee(), '2026-10-19T12:00:00Z', 3)).toEqual(['2026-10-21T13:00:00.000Z', '2026-10-28T14:00:00.000Z', '2026-11-04T14:00:00.000Z']);
  });

  test('Wednesdays at 15:00 in Berlin are 14:00Z in winter and 13:00Z after the clocks go forward in late March', () => {
    // Clocks go forward on Sunday 29 March 2026.
    expect(starts(coffee(), '2026-03-16T12:00:00Z', 3)).toEqual(['2026-03-18T14:00:00.000Z', '2026-03-25T14:00:00.000Z', '2026-04-01T13:00:00.000Z']);
  });

  test('asked on the Sunday of the clock change itself, the break is still at 15:00 Berlin time', () => {
    expect(starts(coffee(), '2026-10-25T01:30:00Z', 1)).toEqual(['2026-10-28T14:00:00.000Z']);
    expect(starts(coffee(), '2026-03-29T01:30:00Z', 1)).toEqual(['2026-04-01T13:00:00.000Z']);
  });

  test('each occurrence ends after the break’s duration, named by its Berlin date', () => {
    expect(nextOccurrences(coffee({ durationMinutes: 45 }), at('2026-10-26T09:00:00Z'), 1)).toEqual([
      { breakId: 'break-1', date: '2026-10-28', startsAt: at('2026-10-28T14:00:00Z'), endsAt: at('2026-10-28T14:45:00Z') },
    ]);
  });

  test('a break on Monday, Wednesday and Friday comes on each of those days in turn', () => {
    const mwf = coffee({ weekdays: [1, 3, 5], time: '09:30' });
    // From Tuesday 27 October 2026.
    expect(dates(mwf, '2026-10-27T12:00:00Z', 5)).toEqual(['2026-10-28', '2026-10-30', '2026-11-02', '2026-11-04', '2026-11-06']);
    expect(starts(mwf, '2026-10-27T12:00:00Z', 1)).toEqual(['2026-10-28T08:30:00.000Z']);
  });

  test('a weekend break on Sunday comes on Sundays (weekday 7)', () => {
    expect(dates(coffee({ weekdays: [7] }), '2026-10-26T12:00:00Z', 2)).toEqual(['2026-11-01', '2026-11-08']);
  });

  test('skipped dates are left out and the following occurrence comes instead', () => {
    const b = coffee({ skippedDates: ['2026-10-28', '2026-11-11'] });
    expect(dates(b, '2026-10-26T12:00:00Z', 3)).toEqual(['2026-11-04', '2026-11-18', '2026-11-25']);
  });

  test('only as many occurrences as asked for are listed', () => {
    expect(dates(coffee(), '2026-10-26T12:00:00Z', 2)).toEqual(['2026-10-28', '2026-11-04']);
    expect(dates(coffee(), '2026-10-26T12:00:00Z', 0)).toEqual([]);
  });

  test('an occurrence starting exactly now is not listed: the next one is the following week', () => {
    expect(dates(coffee(), '2026-10-28T14:00:00.000Z', 1)).toEqual(['2026-11-04']);
    expect(dates(coffee(), '2026-10-28T13:59:59.999Z', 1)).toEqual(['2026-10-28']);
  });

  test('a break that already started today is not listed again, even while it is under way', () => {
    expect(dates(coffee(), '2026-10-28T14:10:00Z', 1)).toEqual(['2026-11-04']);
  });

  test('occurrences are listed only up to 8 weeks ahead by default, the window people can answer for', () => {
    // From Wednesday 21 October 2026 after the break: Wednesdays through 16 December, 56 days later.
    expect(dates(coffee(), '2026-10-21T18:00:00Z', 100)).toEqual([
      '2026-10-28',
      '2026-11-04',
      '2026-11-11',
      '2026-11-18',
      '2026-11-25',
      '2026-12-02',
      '2026-12-09',
      '2026-12-16',
    ]);
  });

  test('a shorter horizon stops earlier, and an occurrence on its last day is still listed', () => {
    expect(dates(coffee(), '2026-10-21T18:00:00Z', 100, 7)).toEqual(['2026-10-28']);
    expect(dates(coffee(), '2026-10-21T18:00:00Z', 100, 6)).toEqual([]);
  });

  test('the weekday is Berlin’s: late Tuesday evening UTC is already Wednesday in Berlin', () => {
    // Tuesday 23:30Z = Wednesday 00:30 CET: the break later that day is the next one.
    expect(dates(coffee(), '2026-10-27T23:30:00Z', 1)).toEqual(['2026-10-28']);
  });

  describe('people in other time zones see the same moment', () => {
    afterEach(() => {
      Settings.defaultZone = 'system';
    });

    test('someone in New York sees 09:00, then 10:00 in the week between the European and American clock changes', () => {
      const [summer, between, winter] = nextOccurrences(coffee(), at('2026-10-19T12:00:00Z'), 3);
      // Europe changes on 25 October, the USA on 1 November.
      expect(localTime(summer!.startsAt, 'America/New_York')).toBe('Wednesday 2026-10-21 09:00');
      expect(localTime(between!.startsAt, 'America/New_York')).toBe('Wednesday 2026-10-28 10:00');
      expect(localTime(winter!.startsAt, 'America/New_York')).toBe('Wednesday 2026-11-04 09:00');
    });

    test('someone in Tokyo sees the same break in their late evening', () => {
      const [summer, winter] = nextOccurrences(coffee(), at('2026-10-19T12:00:00Z'), 2);
      expect(localTime(summer!.startsAt, 'Asia/Tokyo')).toBe('Wednesday 2026-10-21 22:00');
      expect(localTime(winter!.startsAt, 'Asia/Tokyo')).toBe('Wednesday 2026-10-28 23:00');
    });

    test('the occurrences do not depend on the time zone of the device asking', () => {
      const asked = () => nextOccurrences(coffee({ weekdays: [1, 3] }), at('2026-10-20T22:30:00Z'), 4);
      const inBerlin = asked();
      Settings.defaultZone = 'America/New_York';
      expect(asked()).toEqual(inBerlin);
      Settings.defaultZone = 'Asia/Tokyo';
      expect(asked()).toEqual(inBerlin);
      expect(inBerlin.map((o) => o.date)).toEqual(['2026-10-21', '2026-10-26', '2026-10-28', '2026-11-02']);
    });

    test('a break kept in New York time moves for Berliners, not for New Yorkers', () => {
      const ny = coffee({ time: '10:00', timeZone: 'America/New_York' });
      const [before, after] = nextOccurrences(ny, at('2026-10-26T12:00:00Z'), 2);
      expect(localTime(before!.startsAt, 'America/New_York')).toBe('Wednesday 2026-10-28 10:00');
      expect(localTime(after!.startsAt, 'America/New_York')).toBe('Wednesday 2026-11-04 10:00');
      expect(localTime(before!.startsAt, 'Europe/Berlin')).toBe('Wednesday 2026-10-28 15:00');
      expect(localTime(after!.startsAt, 'Europe/Berlin')).toBe('Wednesday 2026-11-04 16:00');
    });
  });
});

describe('the occurrence on a given date', () => {
  test('on one of the break’s weekdays it is at the break’s local time', () => {
    expect(occurrenceOn(coffee(), '2026-10-28')).toEqual({
      breakId: 'break-1',
      date: '2026-10-28',
      startsAt: at('2026-10-28T14:00:00Z'),
      endsAt: at('2026-10-28T14:30:00Z'),
    });
    expect(occurrenceOn(coffee(), '2026-10-21')?.startsAt).toEqual(at('2026-10-21T13:00:00Z'));
  });

  test('there is none on a day that is not one of the weekdays', () => {
    expect(occurrenceOn(coffee(), '2026-10-27')).toBeUndefined(); // a Tuesday
    expect(occurrenceOn(coffee({ weekdays: [1, 5] }), '2026-10-28')).toBeUndefined();
  });

  test('there is none on a skipped date', () => {
    expect(occurrenceOn(coffee({ skippedDates: ['2026-10-28'] }), '2026-10-28')).toBeUndefined();
    expect(occurrenceOn(coffee({ skippedDates: ['2026-10-28'] }), '2026-11-04')).toBeDefined();
  });

  test('there is none on a date that does not exist or is not a date', () => {
    expect(occurrenceOn(coffee(), '2026-02-30')).toBeUndefined();
    expect(occurrenceOn(coffee(), '2026-13-01')).toBeUndefined();
    expect(occurrenceOn(coffee(), 'next wednesday')).toBeUndefined();
    expect(occurrenceOn(coffee(), '')).toBeUndefined();
  });
});

describe('when the reminder is due', () => {
  // Wednesday 28 October 2026, 15:00 CET = 14:00Z; reminder 10 minutes before, at 13:50Z.
  test('the reminder is not due before the lead time', () => {
    expect(reminderDue(coffee(), at('2026-10-28T13:49:59.999Z'))).toBeUndefined();
    expect(reminderDue(coffee(), at('2026-10-28T09:00:00Z'))).toBeUndefined();
  });

  test('the reminder is due from ten minutes before the start until the start', () => {
    for (const now of ['2026-10-28T13:50:00.000Z', '2026-10-28T13:55:00Z', '2026-10-28T13:59:59.999Z', '2026-10-28T14:00:00.000Z']) {
      expect(reminderDue(coffee(), at(now))?.date).toBe('2026-10-28');
    }
  });

  test('a reminder missed before the start (a restart) still goes out while the break runs, not after it ends', () => {
    expect(reminderDue(coffee(), at('2026-10-28T14:00:00.001Z'))?.date).toBe('2026-10-28');
    expect(reminderDue(coffee(), at('2026-10-28T14:29:59Z'))?.date).toBe('2026-10-28');
    expect(reminderDue(coffee(), at('2026-10-28T14:30:00Z'))).toBeUndefined();
  });

  test('the due reminder names the occurrence it is for', () => {
    expect(reminderDue(coffee(), at('2026-10-28T13:55:00Z'))).toEqual({
      breakId: 'break-1',
      date: '2026-10-28',
      startsAt: at('2026-10-28T14:00:00Z'),
      endsAt: at('2026-10-28T14:30:00Z'),
    });
  });

  test('in summer the reminder comes ten minutes before 15:00 Berlin time, which is 12:50Z', () => {
    // Summer: 15:00 CEST = 13:00Z, reminder at 12:50Z.
    expect(reminderDue(coffee(), at('2026-10-21T12:49:59.999Z'))).toBeUndefined();
    expect(reminderDue(coffee(), at('2026-10-21T12:50:00Z'))?.date).toBe('2026-10-21');
  });

  test('a deleted break is never due', () => {
    const deleted = coffee({ deletedAt: at('2026-10-27T00:00:00Z') });
    expect(reminderDue(deleted, at('2026-10-28T13:55:00Z'))).toBeUndefined();
    expect(reminderDue(deleted, at('2026-10-28T14:00:00Z'))).toBeUndefined();
  });

  test('a skipped date has no reminder', () => {
    expect(reminderDue(coffee({ skippedDates: ['2026-10-28'] }), at('2026-10-28T13:55:00Z'))).toBeUndefined();
  });

  test('with no lead time the reminder is due from the start itself, not a moment before', () => {
    const now = coffee({ reminderMinutes: 0 });
    expect(reminderDue(now, at('2026-10-28T13:59:59.999Z'))).toBeUndefined();
    expect(reminderDue(now, at('2026-10-28T14:00:00.000Z'))?.date).toBe('2026-10-28');
    expect(reminderDue(now, at('2026-10-28T14:00:30Z'))?.date).toBe('2026-10-28');
  });

  test('with a day’s lead time the reminder is due the day before', () => {
    const dayBefore = coffee({ reminderMinutes: 1440 });
    expect(reminderDue(dayBefore, at('2026-10-27T13:59:59.999Z'))).toBeUndefined();
    expect(reminderDue(dayBefore, at('2026-10-27T14:00:00Z'))?.date).toBe('2026-10-28');
  });

  test('a break just after midnight is reminded the evening before', () => {
    // Thursday 00:05 CET = Wednesday 23:05Z; reminder 10 minutes before.
    const late = coffee({ weekdays: [4], time: '00:05' });
    expect(reminderDue(late, at('2026-10-28T22:55:00Z'))?.date).toBe('2026-10-29');
  });
});
