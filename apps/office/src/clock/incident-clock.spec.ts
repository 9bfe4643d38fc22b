import { TRAFFIC_LIGHT_LABELS, TRAFFIC_LIGHTS } from '@grid122/contracts';
import { IncidentClock, IncidentClockInput, lightFor } from './incident-clock';
import { TimeLimit } from './time-limit';
import { WorkCalendar } from './work-calendar';

/** Local Beijing time `YYYY-MM-DDTHH:MM[:SS[.mmm]]` as an instant. */
const at = (local: string): Date => new Date(`${local.length === 16 ? `${local}:00` : local}+08:00`);
const ms = (d: Date, delta: number): Date => new Date(d.getTime() + delta);

const FOUR_WORKING_HOURS: TimeLimit = { value: 4, unit: 'working_hours' };

describe(IncidentClock.name, () => {
  let sut: IncidentClock;

  beforeEach(() => {
    sut = new IncidentClock(new WorkCalendar());
  });

  /** 4 working hours from Monday 2026-03-09 09:00: due 15:00 (3 h before lunch, 1 h after). */
  const mondayIncident = (extra: Partial<IncidentClockInput> = {}): IncidentClockInput => ({
    startedAt: at('2026-03-09T09:00'),
    limit: FOUR_WORKING_HOURS,
    ...extra,
  });

  describe('a running clock', () => {
    it('counts working minutes only', () => {
      const reading = sut.read(mondayIncident(), at('2026-03-09T14:30'));
      expect(reading).toEqual({
        measuredAt: at('2026-03-09T14:30'),
        scale: 'working',
        deadline: at('2026-03-09T15:00'),
        limitMinutes: 240,
        elapsedMinutes: 210,
        remainingMinutes: 30,
        overdueMinutes: 0,
        fractionUsed: 0.875,
        overdue: false,
        light: 'yellow',
        paused: false,
        closed: false,
      });
    });

    it('reads 0 before its start', () => {
      const reading = sut.read(mondayIncident(), at('2026-03-09T08:00'));
      expect(reading.elapsedMinutes).toBe(0);
      expect(reading.light).toBe('green');
    });

    it('runs across a weekend', () => {
      const input: IncidentClockInput = { startedAt: at('2026-03-13T14:00'), limit: { value: 1, unit: 'working_days' } };
      const saturday = sut.read(input, at('2026-03-14T11:00'));
      expect(saturday.deadline).toEqual(at('2026-03-16T12:00')); // 210 min on Friday, 210 on Monday
      expect(saturday.elapsedMinutes).toBe(210);
      expect(saturday.fractionUsed).toBe(0.5);
      expect(saturday.light).toBe('green');
    });

    it('runs across 春节 and counts the 调休 working Saturday', () => {
      const input: IncidentClockInput = { startedAt: at('2026-02-13T09:00'), limit: { value: 2, unit: 'working_days' } };
      // Friday 13th: 390 min; Saturday 14th (调休): 420; 15th-23rd off; Tuesday 24th: the last 30.
      const inHoliday = sut.read(input, at('2026-02-20T10:00'));
      expect(inHoliday.deadline).toEqual(at('2026-02-24T09:00'));
      expect(inHoliday.elapsedMinutes).toBe(810);
      expect(inHoliday.light).toBe('yellow');
      expect(sut.read(input, at('2026-02-24T09:01')).light).toBe('red');
    });

    it('starts counting at the next morning when it starts in the evening', () => {
      const input: IncidentClockInput = { startedAt: at('2026-03-09T20:00'), limit: FOUR_WORKING_HOURS };
      const lateEvening = sut.read(input, at('2026-03-09T23:30'));
      expect(lateEvening.deadline).toEqual(at('2026-03-10T14:30'));
      expect(lateEvening.elapsedMinutes).toBe(0);
      expect(sut.read(input, at('2026-03-10T09:30')).elapsedMinutes).toBe(60);
    });

    it('starts counting at 14:00 when it starts in the lunch break', () => {
      const input: IncidentClockInput = { startedAt: at('2026-03-09T12:15'), limit: { value: 1, unit: 'working_hours' } };
      expect(sut.deadline(input, at('2026-03-09T12:20'))).toEqual(at('2026-03-09T15:00'));
    });
  });

  describe('traffic light', () => {
    // 80% of 240 min is 192 min: 180 before lunch + 12 after, i.e. 14:12; 100% is 15:00.
    it('is green just below 80%', () => {
      const reading = sut.read(mondayIncident(), ms(at('2026-03-09T14:12'), -1));
      expect(reading.fractionUsed).toBeLessThan(0.8);
      expect(reading.light).toBe('green');
    });

    it('is yellow at exactly 80%', () => {
      const reading = sut.read(mondayIncident(), at('2026-03-09T14:12'));
      expect(reading.fractionUsed).toBe(0.8);
      expect(reading.light).toBe('yellow');
    });

    it('is yellow at exactly 100%, the deadline itself', () => {
      const reading = sut.read(mondayIncident(), at('2026-03-09T15:00'));
      expect(reading.fractionUsed).toBe(1);
      expect(reading.remainingMinutes).toBe(0);
      expect(reading.overdue).toBe(false);
      expect(reading.light).toBe('yellow');
    });

    it('is red just past 100%', () => {
      const reading = sut.read(mondayIncident(), ms(at('2026-03-09T15:00'), 1));
      expect(reading.fractionUsed).toBeGreaterThan(1);
      expect(reading.overdue).toBe(true);
      expect(reading.light).toBe('red');
      expect(sut.read(mondayIncident(), at('2026-03-09T16:00')).overdueMinutes).toBe(60);
    });

    it('is red past a 12:00 deadline during the lunch break, though no working minute is overdue yet', () => {
      const input: IncidentClockInput = { startedAt: at('2026-03-09T08:30'), limit: { value: 3.5, unit: 'working_hours' } };
      const lunch = sut.read(input, at('2026-03-09T13:00'));
      expect(lunch.deadline).toEqual(at('2026-03-09T12:00'));
      expect(lunch.fractionUsed).toBe(1);
      expect(lunch.overdueMinutes).toBe(0);
      expect(lunch.light).toBe('red');
    });

    it('takes another yellow threshold', () => {
      const strict = new IncidentClock(new WorkCalendar(), { yellowFrom: 0.9 });
      expect(strict.read(mondayIncident(), at('2026-03-09T14:12')).light).toBe('green');
      expect(() => new IncidentClock(new WorkCalendar(), { yellowFrom: 0 })).toThrow(RangeError);
    });

    it.each([
      [0, false, 'green'],
      [0.7999, false, 'green'],
      [0.8, false, 'yellow'],
      [1, false, 'yellow'],
      [1, true, 'red'],
      [1.2, true, 'red'],
    ] as const)('lightFor(%s, overdue=%s) is %s', (fraction, overdue, light) => {
      expect(lightFor(fraction, overdue)).toBe(light);
    });

    it('has Chinese labels', () => {
      expect(TRAFFIC_LIGHTS.map((l) => TRAFFIC_LIGHT_LABELS[l].zh)).toEqual(['绿灯', '黄灯', '红灯']);
    });
  });

  describe('suspension (挂账)', () => {
    // Suspended from Monday 10:00 to Tuesday 10:00: one whole working day (420 min) off the clock.
    const suspended = mondayIncident({ suspensions: [{ from: at('2026-03-09T10:00'), to: at('2026-03-10T10:00') }] });

    it('stops the clock and pushes the deadline back', () => {
      const reading = sut.read(suspended, at('2026-03-10T11:00'));
      expect(reading.elapsedMinutes).toBe(120);
      expect(reading.deadline).toEqual(at('2026-03-10T15:00'));
      expect(reading.paused).toBe(false);
      expect(reading.light).toBe('green');
    });

    it('while still open, freezes the clock and projects the deadline from now', () => {
      const open = mondayIncident({ suspensions: [{ from: at('2026-03-09T10:00') }] });
      const monday = sut.read(open, at('2026-03-09T16:00'));
      expect(monday.paused).toBe(true);
      expect(monday.elapsedMinutes).toBe(60);
      expect(monday.deadline).toEqual(at('2026-03-10T10:00')); // 180 min left: 90 on Monday, 90 on Tuesday
      const weekLater = sut.read(open, at('2026-03-16T16:00'));
      expect(weekLater.elapsedMinutes).toBe(60);
      expect(weekLater.light).toBe('green');
    });

    it('reads a suspension that ends later as open at an earlier reading time', () => {
      const reading = sut.read(suspended, at('2026-03-09T16:00'));
      expect(reading.paused).toBe(true);
      expect(reading.elapsedMinutes).toBe(60);
    });

    it('resumes counting after it ends', () => {
      const open = mondayIncident({ suspensions: [{ from: at('2026-03-09T10:00') }] });
      const resumed = mondayIncident({ suspensions: [{ from: at('2026-03-09T10:00'), to: at('2026-03-11T09:00') }] });
      expect(sut.read(open, at('2026-03-11T11:00')).elapsedMinutes).toBe(60);
      expect(sut.read(resumed, at('2026-03-11T11:00')).elapsedMinutes).toBe(180);
      expect(sut.read(resumed, at('2026-03-11T11:00')).deadline).toEqual(at('2026-03-11T12:00'));
    });

    it('does not cure an incident that was overdue before it', () => {
      const input: IncidentClockInput = {
        startedAt: at('2026-03-09T09:00'),
        limit: { value: 1, unit: 'working_hours' },
        suspensions: [{ from: at('2026-03-09T11:00') }],
      };
      const reading = sut.read(input, at('2026-03-09T16:00'));
      expect(reading.deadline).toEqual(at('2026-03-09T10:00'));
      expect(reading.overdueMinutes).toBe(60);
      expect(reading.light).toBe('red');
    });

    it('merges overlapping suspensions, clips those before the start and ignores those not begun yet', () => {
      const input = mondayIncident({
        suspensions: [
          { from: at('2026-03-09T08:00'), to: at('2026-03-09T09:30') }, // only 09:00-09:30 counts
          { from: at('2026-03-09T10:00'), to: at('2026-03-09T11:00') },
          { from: at('2026-03-09T10:30'), to: at('2026-03-09T11:30') },
          { from: at('2026-03-09T16:00'), to: at('2026-03-09T17:00') }, // after the reading time
        ],
      });
      const reading = sut.read(input, at('2026-03-09T12:00'));
      expect(reading.elapsedMinutes).toBe(180 - 30 - 90);
      expect(reading.deadline).toEqual(at('2026-03-09T17:00'));
    });

    it('rejects a suspension ending before it starts', () => {
      const input = mondayIncident({ suspensions: [{ from: at('2026-03-09T11:00'), to: at('2026-03-09T10:00') }] });
      expect(() => sut.read(input, at('2026-03-09T12:00'))).toThrow(RangeError);
    });
  });

  describe('extension (延期)', () => {
    it('adds to the limit, in its own working unit', () => {
      const input = mondayIncident({ extensions: [{ value: 1, unit: 'working_days', approvedAt: at('2026-03-09T15:20') }] });
      const reading = sut.read(input, at('2026-03-09T15:30'));
      expect(reading.limitMinutes).toBe(240 + 420);
      expect(reading.deadline).toEqual(at('2026-03-10T15:00'));
      expect(reading.light).toBe('green');
    });

    it('does not count before it is approved', () => {
      const input = mondayIncident({ extensions: [{ value: 1, unit: 'working_days', approvedAt: at('2026-03-09T15:20') }] });
      const before = sut.read(input, at('2026-03-09T15:10'));
      expect(before.limitMinutes).toBe(240);
      expect(before.light).toBe('red');
    });

    it('defaults to the limit unit and adds up', () => {
      const input = mondayIncident({ extensions: [{ value: 2 }, { value: 1 }] });
      expect(sut.read(input, at('2026-03-09T10:00')).limitMinutes).toBe(7 * 60);
    });

    it('cannot mix calendar days with working time', () => {
      const input = mondayIncident({ extensions: [{ value: 1, unit: 'calendar_days' }] });
      expect(() => sut.read(input, at('2026-03-09T10:00'))).toThrow(/cannot extend/);
    });
  });

  describe('calendar days (legal-style limits)', () => {
    // 7 days from Monday 10:00: due at 24:00 of the next Monday.
    const sevenDays: IncidentClockInput = { startedAt: at('2026-03-09T10:00'), limit: { value: 7, unit: 'calendar_days' } };

    it('counts real time up to 24:00 of the last day', () => {
      const reading = sut.read(sevenDays, at('2026-03-12T10:00'));
      expect(reading.scale).toBe('calendar');
      expect(reading.deadline).toEqual(at('2026-03-17T00:00'));
      expect(reading.limitMinutes).toBe((7 * 24 + 14) * 60);
      expect(reading.elapsedMinutes).toBe(3 * 24 * 60);
      expect(sut.read(sevenDays, at('2026-03-17T00:00')).light).toBe('yellow');
      expect(sut.read(sevenDays, at('2026-03-17T00:01')).light).toBe('red');
    });

    it('is pushed back by suspended time and extended by whole days', () => {
      const input: IncidentClockInput = {
        ...sevenDays,
        suspensions: [{ from: at('2026-03-10T10:00'), to: at('2026-03-12T10:00') }],
        extensions: [{ value: 7 }],
      };
      // 7 + 7 days from Monday 9th: Monday 23rd at 24:00, plus 2 suspended days.
      expect(sut.deadline(input, at('2026-03-13T10:00'))).toEqual(at('2026-03-26T00:00'));
    });

    it('rejects fractional calendar days', () => {
      expect(() => sut.read({ ...sevenDays, limit: { value: 1.5, unit: 'calendar_days' } }, at('2026-03-10T10:00'))).toThrow(RangeError);
    });
  });

  describe('closed incidents', () => {
    it('stop the clock at closure', () => {
      const reading = sut.read(mondayIncident({ closedAt: at('2026-03-09T11:00') }), at('2026-03-20T10:00'));
      expect(reading.closed).toBe(true);
      expect(reading.measuredAt).toEqual(at('2026-03-09T11:00'));
      expect(reading.elapsedMinutes).toBe(120);
    });

    it('are not closed yet when read before their closure', () => {
      expect(sut.read(mondayIncident({ closedAt: at('2026-03-09T11:00') }), at('2026-03-09T10:00')).closed).toBe(false);
    });

    it.each([
      ['well before the deadline', '2026-03-09T11:00', 'green'],
      ['exactly at the deadline', '2026-03-09T15:00', 'green'],
      ['after the deadline', '2026-03-09T15:01', 'red'],
    ] as const)('resolutionLight when closed %s is %s', (_, closedAt, light) => {
      expect(sut.resolutionLight({ ...mondayIncident(), closedAt: at(closedAt) })).toBe(light);
    });

    it('resolutionLight counts suspensions and extensions', () => {
      const input = {
        ...mondayIncident({
          suspensions: [{ from: at('2026-03-09T10:00'), to: at('2026-03-09T11:00') }],
          extensions: [{ value: 1, unit: 'working_hours' as const }],
        }),
        closedAt: at('2026-03-09T16:30'),
      };
      expect(sut.resolutionLight(input)).toBe('green'); // due 17:00
    });
  });

  describe('input checks', () => {
    it.each<[string, IncidentClockInput]>([
      ['a zero limit', { startedAt: at('2026-03-09T09:00'), limit: { value: 0, unit: 'working_hours' } }],
      ['an unknown unit', { startedAt: at('2026-03-09T09:00'), limit: { value: 1, unit: 'fortnights' as never } }],
      ['an invalid start', { startedAt: new Date('nonsense'), limit: FOUR_WORKING_HOURS }],
      ['a closure before the start', { startedAt: at('2026-03-09T09:00'), limit: FOUR_WORKING_HOURS, closedAt: at('2026-03-09T08:00') }],
    ])('rejects %s', (_, input) => {
      expect(() => sut.read(input, at('2026-03-09T10:00'))).toThrow(RangeError);
    });
  });
});
