import { formatTimeLimit, isWorkingUnit, timeLimitProblems } from './time-limit';

describe(timeLimitProblems.name, () => {
  it('accepts positive limits, fractional only in working units', () => {
    expect(timeLimitProblems({ value: 0.5, unit: 'working_days' })).toEqual([]);
    expect(timeLimitProblems({ value: 7, unit: 'calendar_days' })).toEqual([]);
    expect(timeLimitProblems({ value: 1.5, unit: 'calendar_days' })).toHaveLength(1);
    expect(timeLimitProblems({ value: -1, unit: 'working_hours' })).toHaveLength(1);
    expect(timeLimitProblems({ value: Number.POSITIVE_INFINITY, unit: 'working_hours' })).toHaveLength(1);
    expect(timeLimitProblems({ value: 1, unit: 'weeks' as never })).toHaveLength(1);
  });
});

describe(formatTimeLimit.name, () => {
  it('labels in Chinese or English', () => {
    expect(formatTimeLimit({ value: 4, unit: 'working_hours' })).toBe('4 工作小时');
    expect(formatTimeLimit({ value: 7, unit: 'calendar_days' }, 'en')).toBe('7 calendar days');
  });
});

describe(isWorkingUnit.name, () => {
  it('tells working time from calendar time', () => {
    expect(isWorkingUnit('working_hours')).toBe(true);
    expect(isWorkingUnit('working_days')).toBe(true);
    expect(isWorkingUnit('calendar_days')).toBe(false);
  });
});
