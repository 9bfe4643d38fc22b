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

  it('gives the same wall clock as Intl for every instant, across offset changes (the offset cache)', () => {
    let seed = 122;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    // DST at the hour, at half an hour (Lord Howe), offsets of 45 min (Kathmandu, Chatham), a zone that changed its base offset (Apia).
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Pacific/Apia', 'UTC']) {
      // What parts() was before the cache: Intl's fields for each instant.
      const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
      const fields = (t: number) => Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      const intl = (t: number) => {
        const p = fields(t);
        return `${Number(p.year)}-${p.month}-${p.day} ${String(Number(p.hour) % 24).padStart(2, '0')}:${p.minute}:${p.second}`;
      };
      const offset = (t: number) => {
        const p = fields(t);
        return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second)) - Math.floor(t / 1000) * 1000;
      };
      const c = new StreetCalendar(zone);
      const instants: number[] = [];
      for (let i = 0; i < 1500; i++) instants.push(Math.floor(rnd() * Date.UTC(2210, 0, 1)) - 5 * 86_400_000);
      // Every offset change of 1970–2040 (a day whose offset differs from the next's, then halved to the second) and the seconds around it.
      let changes = 0;
      for (let d = Date.UTC(1970, 0, 1); d < Date.UTC(2040, 0, 1); d += 86_400_000) {
        if (offset(d) === offset(d + 86_400_000)) continue;
        let [lo, hi] = [d, d + 86_400_000];
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (offset(mid) === offset(lo)) lo = mid;
          else hi = mid;
        }
        changes++;
        for (let s = -3; s <= 3; s++) instants.push(hi + s * 1000, hi + s * 1000 + 999);
      }
      if (zone === 'Europe/London') expect(changes).toBeGreaterThan(100);
      // Three rounds: an instant's quarter hour asked for the first time, checked, then served from the cache.
      for (const t of [...instants, ...instants, ...instants]) expect([zone, t, c.isoLocal(t).slice(0, 19).replace('T', ' ')]).toEqual([zone, t, intl(t)]);
    }
  });

  it('asks Intl once for an instant whose quarter hour is asked for once, and not again once the quarter hour is checked', () => {
    const calls = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      const c = new StreetCalendar('Asia/Shanghai');
      calls.mockClear();
      // A historical import: 1,000 reports, each in a quarter hour of its own.
      for (let i = 0; i < 1000; i++) c.day(new Date(Date.UTC(2016, 0, 1) + i * 3_600_000 + 61_000));
      expect(calls).toHaveBeenCalledTimes(1000);
      calls.mockClear();
      // An intake: ten reports in one quarter hour: the first asks, the second checks the quarter hour (two), the rest are free.
      for (let i = 0; i < 10; i++) c.day(new Date(Date.UTC(2026, 11, 7, 2, 0, i)));
      expect(calls).toHaveBeenCalledTimes(3);
    } finally {
      calls.mockRestore();
    }
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
