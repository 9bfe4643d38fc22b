import fc from 'fast-check';
import { WorkCalendar } from './work-calendar';
import { CHINA_ADJUSTED_WORKING_DAYS_2026, CHINA_HOLIDAYS_2026, DEFAULT_WORK_CALENDAR_CONFIG, WorkCalendarConfig } from './work-calendar.config';

/** Local Beijing time `YYYY-MM-DDTHH:MM[:SS[.mmm]]` as an instant. */
const at = (local: string): Date => new Date(`${local.length === 16 ? `${local}:00` : local}+08:00`);

describe(WorkCalendar.name, () => {
  let sut: WorkCalendar;

  beforeEach(() => {
    sut = new WorkCalendar();
  });

  describe('working time', () => {
    it('has 7 working hours a day by default', () => {
      expect(sut.workingDayMinutes).toBe(420);
    });

    it.each([
      ['2026-03-09T08:29:59.999', false],
      ['2026-03-09T08:30', true],
      ['2026-03-09T11:59:59.999', true],
      ['2026-03-09T12:00', false],
      ['2026-03-09T13:59', false],
      ['2026-03-09T14:00', true],
      ['2026-03-09T17:29', true],
      ['2026-03-09T17:30', false],
      ['2026-03-09T20:00', false],
      ['2026-03-07T10:00', false], // Saturday
      ['2026-03-08T10:00', false], // Sunday
      ['2026-02-17T10:00', false], // 春节, a Tuesday
      ['2026-02-14T10:00', true], // 春节调休: a working Saturday
      ['2026-09-20T10:00', true], // 国庆调休: a working Sunday
    ])('isWorkingTime(%s) is %s', (local, expected) => {
      expect(sut.isWorkingTime(at(local))).toBe(expected);
    });

    it('does its time-zone maths at UTC+8 whatever the machine zone', () => {
      expect(sut.isWorkingTime(new Date('2026-03-09T00:30:00Z'))).toBe(true); // 08:30 in Beijing
      expect(sut.isWorkingTime(new Date('2026-03-09T00:29:00Z'))).toBe(false);
      // 23:30 UTC on Sunday is already Monday 07:30 in Beijing.
      expect(sut.localDate(new Date('2026-03-08T23:30:00Z'))).toBe('2026-03-09');
      expect(sut.toLocalIso(new Date('2026-03-08T23:30:00Z'))).toBe('2026-03-09T07:30:00.000+08:00');
    });

    it('describes days', () => {
      expect(sut.describeDay('2026-02-17')).toEqual({ date: '2026-02-17', weekday: 2, kind: 'holiday', working: false, name: '春节' });
      expect(sut.describeDay('2026-02-14')).toEqual({
        date: '2026-02-14',
        weekday: 6,
        kind: 'adjusted_workday',
        working: true,
        name: '春节调休上班',
      });
      expect(sut.describeDay(at('2026-03-07T10:00'))).toEqual({ date: '2026-03-07', weekday: 6, kind: 'weekend', working: false });
      expect(sut.describeDay('2026-03-09')).toEqual({ date: '2026-03-09', weekday: 1, kind: 'workday', working: true });
    });

    it('gives the next working time', () => {
      expect(sut.nextWorkingTime(at('2026-03-09T10:00'))).toEqual(at('2026-03-09T10:00'));
      expect(sut.nextWorkingTime(at('2026-03-09T12:00'))).toEqual(at('2026-03-09T14:00'));
      expect(sut.nextWorkingTime(at('2026-03-13T18:00'))).toEqual(at('2026-03-16T08:30')); // Friday evening
      expect(sut.nextWorkingTime(at('2026-09-30T17:30'))).toEqual(at('2026-10-08T08:30')); // 国庆
    });
  });

  describe(WorkCalendar.prototype.addWorkingTime.name, () => {
    it.each([
      ['within a morning', '2026-03-09T09:00', 60, '2026-03-09T10:00'],
      ['across the lunch break', '2026-03-09T11:00', 120, '2026-03-09T15:00'],
      ['using up the morning exactly: ends at 12:00, not 14:00', '2026-03-09T08:30', 210, '2026-03-09T12:00'],
      ['using up the day exactly', '2026-03-09T08:30', 420, '2026-03-09T17:30'],
      ['starting in the lunch break', '2026-03-09T12:30', 30, '2026-03-09T14:30'],
      ['starting in the evening', '2026-03-09T20:00', 60, '2026-03-10T09:30'],
      ['starting before work', '2026-03-09T07:00', 30, '2026-03-09T09:00'],
      ['across a weekend', '2026-03-13T16:30', 120, '2026-03-16T09:30'],
      ['starting on a Saturday', '2026-03-14T10:00', 30, '2026-03-16T09:00'],
      ['into a 调休 working Saturday', '2026-02-13T16:30', 240, '2026-02-14T11:30'],
      ['from a 调休 Saturday across 春节', '2026-02-14T17:00', 60, '2026-02-24T09:00'],
      ['across 国庆 with a working Sunday before it', '2026-09-18T10:00', 840, '2026-09-21T10:00'],
      ['across 元旦 2026', '2025-12-31T17:00', 60, '2026-01-04T09:00'], // 4 Jan is a working Sunday
      ['fractional minutes', '2026-03-09T09:00', 0.5, '2026-03-09T09:00:30'],
    ])('%s', (_, start, minutes, expected) => {
      expect(sut.addWorkingTime(at(start), minutes)).toEqual(at(expected));
    });

    it('returns the start itself for 0 minutes, even outside working time', () => {
      expect(sut.addWorkingTime(at('2026-03-09T20:00'), 0)).toEqual(at('2026-03-09T20:00'));
    });

    it('rejects negative minutes and invalid dates', () => {
      expect(() => sut.addWorkingTime(at('2026-03-09T09:00'), -1)).toThrow(RangeError);
      expect(() => sut.addWorkingTime(new Date('nonsense'), 1)).toThrow(RangeError);
      expect(() => sut.addWorkingTime(at('2026-03-09T09:00'), Number.NaN)).toThrow(RangeError);
    });
  });

  describe(WorkCalendar.prototype.workingMinutesBetween.name, () => {
    it.each([
      ['within a morning', '2026-03-09T09:00', '2026-03-09T10:00', 60],
      ['across lunch', '2026-03-09T11:00', '2026-03-09T15:00', 120],
      ['inside the lunch break', '2026-03-09T12:10', '2026-03-09T13:50', 0],
      ['a whole working day', '2026-03-09T00:00', '2026-03-10T00:00', 420],
      ['a whole week', '2026-03-09T00:00', '2026-03-16T00:00', 5 * 420],
      ['a weekend', '2026-03-13T17:30', '2026-03-16T08:30', 0],
      ['Friday afternoon to Monday morning', '2026-03-13T17:00', '2026-03-16T09:00', 60],
      // Working days: 14 Feb (调休 Sat), 24-27 Feb, 28 Feb (调休 Sat).
      ['the 春节 fortnight', '2026-02-14T00:00', '2026-03-01T00:00', 6 * 420],
      ['seconds count', '2026-03-09T09:00', '2026-03-09T09:00:30', 0.5],
    ])('%s', (_, a, b, expected) => {
      expect(sut.workingMinutesBetween(at(a), at(b))).toBe(expected);
    });

    it('is negative when b is before a', () => {
      expect(sut.workingMinutesBetween(at('2026-03-09T10:00'), at('2026-03-09T09:00'))).toBe(-60);
    });

    it('is the inverse of addWorkingTime', () => {
      const from = at('2026-01-01T00:00').getTime();
      const to = at('2026-12-31T00:00').getTime();
      fc.assert(
        fc.property(fc.integer({ min: from, max: to }), fc.integer({ min: 1, max: 20 * 420 }), (startMs, minutes) => {
          const start = new Date(startMs);
          const end = sut.addWorkingTime(start, minutes);
          expect(sut.workingMinutesBetween(start, end)).toBe(minutes);
          // and the deadline is the earliest such instant: one ms earlier is not enough
          expect(sut.workingMinutesBetween(start, new Date(end.getTime() - 1))).toBeLessThan(minutes);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe(WorkCalendar.prototype.toWorkingMinutes.name, () => {
    it('counts a working day as the day’s working minutes', () => {
      expect(sut.toWorkingMinutes({ value: 4, unit: 'working_hours' })).toBe(240);
      expect(sut.toWorkingMinutes({ value: 2, unit: 'working_days' })).toBe(840);
      expect(new WorkCalendar({ workingPeriods: [{ start: '09:00', end: '17:00' }] }).toWorkingMinutes({ value: 1, unit: 'working_days' })).toBe(480);
    });

    it('refuses calendar days', () => {
      expect(() => sut.toWorkingMinutes({ value: 1, unit: 'calendar_days' })).toThrow(RangeError);
    });
  });

  describe(WorkCalendar.prototype.addCalendarDays.name, () => {
    it('does not count the start day and ends at 24:00 of the last day', () => {
      expect(sut.addCalendarDays(at('2026-03-09T10:00'), 7)).toEqual(at('2026-03-17T00:00'));
    });

    it('moves a last day on a weekend to the next working day', () => {
      expect(sut.addCalendarDays(at('2026-03-11T10:00'), 3)).toEqual(at('2026-03-17T00:00'));
    });

    it('moves a last day in a holiday to the first working day after it', () => {
      expect(sut.addCalendarDays(at('2026-09-28T10:00'), 3)).toEqual(at('2026-10-09T00:00'));
    });

    it('keeps a last day that is a 调休 working Saturday', () => {
      expect(sut.addCalendarDays(at('2026-02-13T10:00'), 1)).toEqual(at('2026-02-15T00:00'));
    });

    it('can end at close of business and can keep a non-working last day', () => {
      const cob = new WorkCalendar({ calendarDays: { endOfLastDay: 'close_of_business', rollOverNonWorkingLastDay: true } });
      expect(cob.addCalendarDays(at('2026-03-09T10:00'), 7)).toEqual(at('2026-03-16T17:30'));
      const strict = new WorkCalendar({ calendarDays: { endOfLastDay: 'midnight', rollOverNonWorkingLastDay: false } });
      expect(strict.addCalendarDays(at('2026-03-11T10:00'), 3)).toEqual(at('2026-03-15T00:00'));
    });
  });

  describe('configuration', () => {
    it('is JSON-able: a calendar built from the JSON of its config behaves the same', () => {
      const json = JSON.parse(JSON.stringify(sut.config)) as WorkCalendarConfig;
      const copy = new WorkCalendar(json);
      expect(copy.config).toEqual(sut.config);
      expect(copy.addWorkingTime(at('2026-02-13T16:30'), 240)).toEqual(at('2026-02-14T11:30'));
    });

    it('hands out a copy of its config', () => {
      sut.config.holidays.length = 0;
      expect(sut.isWorkingDay('2026-02-17')).toBe(false);
    });

    it('takes holidays as plain dates or ranges, and custom hours, weekends and offset', () => {
      const custom = new WorkCalendar({
        utcOffsetMinutes: 0,
        workingPeriods: [{ start: '09:00', end: '17:00' }],
        weekendDays: [5, 6], // Friday and Saturday off
        holidays: ['2026-03-09'],
        adjustedWorkingDays: [{ from: '2026-03-13', name: 'make-up day' }],
      });
      expect(custom.isWorkingDay('2026-03-09')).toBe(false);
      expect(custom.isWorkingDay('2026-03-08')).toBe(true); // Sunday
      expect(custom.isWorkingDay('2026-03-13')).toBe(true); // Friday, adjusted
      expect(custom.isWorkingDay('2026-03-14')).toBe(false);
      expect(custom.addWorkingTime(new Date('2026-03-10T16:00:00Z'), 120)).toEqual(new Date('2026-03-11T10:00:00Z'));
      expect(custom.isWorkingDay('2026-02-17')).toBe(true); // the default 春节 is not inherited
    });

    it('without holidays, 春节 weekdays are ordinary working days', () => {
      const plain = new WorkCalendar({ holidays: [], adjustedWorkingDays: [] });
      expect(plain.isWorkingDay('2026-02-17')).toBe(true);
      expect(plain.isWorkingDay('2026-02-14')).toBe(false);
    });

    it.each<[string, Partial<WorkCalendarConfig>]>([
      ['no working periods', { workingPeriods: [] }],
      ['a period ending before it starts', { workingPeriods: [{ start: '12:00', end: '08:30' }] }],
      ['overlapping periods', { workingPeriods: [{ start: '08:30', end: '12:00' }, { start: '11:00', end: '17:30' }] }],
      ['a bad time', { workingPeriods: [{ start: '8:30', end: '12:00' }] }],
      ['a time after 24:00', { workingPeriods: [{ start: '08:30', end: '24:30' }] }],
      ['a bad weekday', { weekendDays: [7] }],
      ['an impossible date', { holidays: ['2026-02-30'] }],
      ['a range ending before it starts', { holidays: [{ from: '2026-02-23', to: '2026-02-15' }] }],
      ['a day both off and worked', { holidays: ['2026-03-07'], adjustedWorkingDays: ['2026-03-07'] }],
      ['a bad offset', { utcOffsetMinutes: 8.5 }],
    ])('rejects %s', (_, config) => {
      expect(() => new WorkCalendar(config)).toThrow(RangeError);
    });

    it('refuses to search forever when no day is a working day', () => {
      const never = new WorkCalendar({ weekendDays: [0, 1, 2, 3, 4, 5, 6], adjustedWorkingDays: [] });
      expect(() => never.addWorkingTime(at('2026-03-09T09:00'), 1)).toThrow(/no working day/);
    });
  });

  describe('the default 2026 calendar', () => {
    const calendar = new WorkCalendar(DEFAULT_WORK_CALENDAR_CONFIG);
    const dates = (entries: typeof CHINA_HOLIDAYS_2026) =>
      entries.flatMap((e) => {
        const { from, to } = typeof e === 'string' ? { from: e, to: e } : { from: e.from, to: e.to ?? e.from };
        const out: string[] = [];
        for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
          out.push(d.toISOString().slice(0, 10));
        }
        return out;
      });

    it('has the 2026 holidays of the State Council notice', () => {
      const days = dates(CHINA_HOLIDAYS_2026).filter((d) => d.startsWith('2026'));
      // 元旦 3 + 春节 9 + 清明 3 + 劳动 5 + 端午 3 + 中秋 3 + 国庆 7
      expect(days).toHaveLength(33);
      expect(days).toEqual(expect.arrayContaining(['2026-02-16', '2026-04-05', '2026-06-19', '2026-09-25', '2026-10-01']));
    });

    it('makes only weekend days into 调休 working days', () => {
      for (const d of dates(CHINA_ADJUSTED_WORKING_DAYS_2026)) {
        expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
        expect(calendar.isWorkingDay(d)).toBe(true);
      }
    });

    it('has 2027 元旦', () => {
      expect(calendar.describeDay('2027-01-01').kind).toBe('holiday');
    });
  });
});

describe('holidays as data, year by year', () => {
  const calendar = new WorkCalendar();

  it('knows the 2027 Spring Festival (provisional) and its make-up working days', () => {
    expect(calendar.describeDay('2027-02-08')).toMatchObject({ kind: 'holiday', working: false, name: '春节' });
    expect(calendar.describeDay('2027-02-20')).toMatchObject({ kind: 'adjusted_workday', working: true });
    // A deadline over the festival skips it: one working day from Thu 4 Feb 2027 at closing falls on Mon 15 Feb.
    const due = calendar.addWorkingTime(new Date('2027-02-04T17:30:00+08:00'), 7 * 60);
    expect(calendar.localDate(due)).toBe('2027-02-15');
  });

  it('says which years are published, provisional or missing', () => {
    expect(calendar.coverage('2026-10-01')).toBe('published');
    expect(calendar.coverage('2027-02-08')).toBe('provisional');
    expect(calendar.coverage('2028-01-28')).toBe('missing');
  });
});
