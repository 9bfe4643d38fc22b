import { addDays, addMonths, isIsoDay, isIsoMonth, monthDays, StreetCalendar } from './street-calendar';

describe(StreetCalendar.name, () => {
  const sut = new StreetCalendar('Asia/Shanghai');

  it('puts an instant in the street day and month, whatever the process zone', () => {
    // 06:20 Beijing on 1 Dec is still 30 Nov in UTC.
    expect(sut.day('2026-11-30T22:20:00Z')).toBe('2026-12-01');
    expect(sut.month('2026-11-30T22:20:00Z')).toBe('2026-12');
    expect(sut.day('2026-11-30T15:59:59.999Z')).toBe('2026-11-30');
    expect(sut.day('2026-11-30T16:00:00Z')).toBe('2026-12-01');
  });

  it('gives the instants a street day and month begin', () => {
    expect(sut.dayStart('2026-12-01').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(sut.dayEnd('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(sut.monthRange('2026-02')).toEqual({ start: new Date('2026-01-31T16:00:00Z'), end: new Date('2026-02-28T16:00:00Z') });
    expect(sut.offsetMinutes('2026-07-01T00:00:00Z')).toBe(480);
  });

  it('says what is in the future in the street, not in UTC', () => {
    const now = '2026-11-30T22:20:00Z'; // 06:20 on 1 Dec in Beijing
    expect(sut.isFutureDay('2026-12-01', now)).toBe(false);
    expect(sut.isFutureDay('2026-12-02', now)).toBe(true);
    expect(sut.isFutureMonth('2026-12', now)).toBe(false);
    expect(sut.isFutureMonth('2027-01', now)).toBe(true);
  });

  it('stamps exports in the street wall time', () => {
    expect(sut.stamp('2026-11-30T22:20:00Z')).toBe('2026-12-01 06:20');
    expect(sut.isoLocal('2026-11-30T22:20:05Z')).toBe('2026-12-01T06:20:05+08:00');
  });

  it('follows a zone with daylight saving', () => {
    const ny = new StreetCalendar('America/New_York');
    expect(ny.dayStart('2026-03-08').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(ny.dayStart('2026-03-09').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(ny.day('2026-03-09T03:59:00Z')).toBe('2026-03-08');
  });

  it('refuses an unknown zone and malformed days and months', () => {
    expect(() => new StreetCalendar('Mars/Olympus')).toThrow(/unknown time zone/);
    expect(() => sut.dayStart('2026-2-1')).toThrow(/YYYY-MM-DD/);
    expect(() => sut.monthRange('2026-13')).toThrow(/YYYY-MM/);
  });
});

describe('calendar arithmetic', () => {
  it('checks day and month formats', () => {
    expect(isIsoDay('2026-02-28')).toBe(true);
    expect(isIsoDay('2026-02-30')).toBe(false);
    expect(isIsoDay('2026-2-28')).toBe(false);
    expect(isIsoMonth('2026-12')).toBe(true);
    expect(isIsoMonth('2026-00')).toBe(false);
    expect(isIsoMonth('2026-12-01')).toBe(false);
  });

  it('adds days and months', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthDays('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});
