import { IncidentClock } from './incident-clock';
import { closedOnTime, OnTimeFacts } from './on-time';
import { WorkCalendar } from './work-calendar';

/** Local Beijing time as an instant. */
const at = (local: string): Date => new Date(`${local}:00+08:00`);

describe(closedOnTime.name, () => {
  const clock = new IncidentClock(new WorkCalendar());
  // 4 working hours to register and dispatch, 2 working days to dispose.
  const facts = (over: Partial<OnTimeFacts>): OnTimeFacts => ({
    reportedAt: at('2026-03-09T09:00'),
    dispatchedAt: at('2026-03-09T10:00'),
    handledAt: at('2026-03-10T10:00'),
    closedAt: at('2026-03-10T11:00'),
    limits: { registerDispatch: { value: 4, unit: 'working_hours' }, dispose: { value: 2, unit: 'working_days' } },
    suspensions: [],
    extensions: [],
    ...over,
  });

  it('is on time when both limits were kept', () => {
    expect(closedOnTime(clock, facts({}))).toBe(true);
  });

  it('measures from the report: a problem reported years before its dispatch is late, however fast the fix', () => {
    expect(closedOnTime(clock, facts({ reportedAt: at('2013-05-06T09:00') }))).toBe(false);
    // dispatched the next day: the register+dispatch limit (4 working hours) ran out on the day of the report
    expect(closedOnTime(clock, facts({ dispatchedAt: at('2026-03-10T09:00'), handledAt: at('2026-03-10T10:00') }))).toBe(false);
  });

  it('is late when the result came after the disposal limit', () => {
    expect(closedOnTime(clock, facts({ handledAt: at('2026-03-13T10:00'), closedAt: at('2026-03-13T11:00') }))).toBe(false);
  });

  it('judges a case closed without a dispatch by the register+dispatch limit', () => {
    expect(closedOnTime(clock, facts({ dispatchedAt: null, handledAt: null, closedAt: at('2026-03-09T11:00') }))).toBe(true);
    expect(closedOnTime(clock, facts({ dispatchedAt: null, handledAt: null, closedAt: at('2026-03-11T11:00') }))).toBe(false);
  });
});
